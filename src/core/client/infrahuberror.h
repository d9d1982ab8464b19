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

    // What an unassigned Result holds.
    static InfrahubError noResult() { return make(Kind::Protocol, QStringLiteral("No result.")); }
    static InfrahubError make(Kind kind, QString message, int httpStatus = 0) {
        InfrahubError e;
        e.kind = kind;
        e.message = std::move(message);
        e.httpStatus = httpStatus;
        return e;
    }
};

// Either a value or an error (std::expected is C++23; GCC 12 in C++20 mode lacks it). The error type is
// Infrahub's by default; other areas bring their own (the backup store's BackupError), which must offer
// `static E noResult()` for the default-constructed state.
template <typename T, typename E = InfrahubError> class Result {
public:
    // An error until assigned: QCoro::waitFor and containers need a default-constructible type.
    Result()
        : m_data(E::noResult()) {}
    Result(T value)
        : m_data(std::move(value)) {}
    Result(E error)
        : m_data(std::move(error)) {}
    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<T>(m_data); }
    T &value() { return std::get<T>(m_data); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }
    const E &error() const { return std::get<E>(m_data); }

private:
    std::variant<T, E> m_data;
};

} // namespace infrahub
