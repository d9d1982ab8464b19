// One error model for the whole core: what went wrong (a kind the UI can act on) and a readable message
// that says what to do next. Every client operation returns either its value or an InfrahubError.
#pragma once

#include <QJsonArray>
#include <QString>

#include <utility>
#include <variant>

namespace infrahub {

struct InfrahubError {
    enum class Kind {
        NotReachable, // connection refused, DNS, TLS handshake...
        Timeout,
        Authentication, // 401: missing, invalid or expired credentials
        Permission,     // 403
        NotFound,       // unknown endpoint, branch, kind or object
        GraphQL,        // the server answered with `errors`
        Validation,     // uniqueness, required values, constraint violations
        Protocol,       // the answer is not what an Infrahub server sends (bad JSON, unexpected shape)
        Cancelled,
    };
    Kind kind = Kind::Protocol;
    QString message;
    int httpStatus = 0;
    QString code;            // Infrahub error catalogue code when the server sent one
    QJsonArray serverErrors; // the raw `errors` list, for details views
    // How long the server asked us to wait before trying again (a Retry-After header on 429/503), in
    // milliseconds; -1 when it said nothing. The retry policy honours it instead of guessing a backoff.
    int retryAfterMs = -1;

    static InfrahubError make(Kind kind, QString message, int httpStatus = 0) {
        InfrahubError e;
        e.kind = kind;
        e.message = std::move(message);
        e.httpStatus = httpStatus;
        return e;
    }
};

// Either a value or an InfrahubError (std::expected is C++23; GCC 12 in C++20 mode lacks it).
template <typename T> class Result {
public:
    // An error until assigned: QCoro::waitFor and containers need a default-constructible type.
    Result()
        : m_data(InfrahubError::make(InfrahubError::Kind::Protocol, QStringLiteral("No result."))) {}
    Result(T value)
        : m_data(std::move(value)) {}
    Result(InfrahubError error)
        : m_data(std::move(error)) {}
    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<T>(m_data); }
    T &value() { return std::get<T>(m_data); }
    const T *operator->() const { return &value(); }
    const InfrahubError &error() const { return std::get<InfrahubError>(m_data); }

private:
    std::variant<T, InfrahubError> m_data;
};

} // namespace infrahub
