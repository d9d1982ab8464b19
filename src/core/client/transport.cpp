#include "transport.h"

#include "core/concurrency/asyncevent.h"
#include "core/concurrency/withretry.h"
#include "errorenvelope.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>

#include <QCoroNetworkReply>

#include <cmath>

namespace infrahub {

namespace {

// QNetworkAccessManager keeps at most this many HTTP/1.1 connections per host (fixed in Qt 6.4).
constexpr int kConnectionsPerManager = 6;

// The transport is being destroyed (its destructor has begun: the flag is false) or is gone. Replies the
// destructor aborts - or that finished just before - must not carry on into the client that owns it,
// whose members are already destroyed by then.
bool isGone(const std::weak_ptr<bool> &alive) {
    const std::shared_ptr<bool> flag = alive.lock();
    return !flag || !*flag;
}

InfrahubError cancelledError() {
    return InfrahubError::make(InfrahubError::Kind::Cancelled, QStringLiteral("The request was cancelled."));
}

bool isLoopback(const QUrl &url) {
    const QString host = url.host();
    if (host == u"localhost")
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QByteArray headerValue(const QList<QNetworkReply::RawHeaderPair> &headers, const QByteArray &name) {
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

} // namespace

// The renewal many requests may wait on; shared so that a waiter keeps it alive after the transport
// has moved on to a newer one.
struct Transport::Renewal {
    AsyncEvent done;
    std::optional<InfrahubError> error;
};

Transport::Transport(ClientConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_retry(RetryPolicy::standard())
    , m_slots(std::max(1, m_config.maxConcurrentRequests)) {
    if (const std::optional<QString> problem = m_config.validate())
        m_configError = *problem;
    QString sslError;
    m_ssl = m_config.sslConfiguration(&sslError);
    const int managers =
        (std::max(1, m_config.maxConcurrentRequests) + kConnectionsPerManager - 1) / kConnectionsPerManager;
    // A proxy never makes sense for a server on loopback (and a CI's http_proxy would break local tests).
    const QNetworkProxy proxy =
        isLoopback(m_config.address) ? QNetworkProxy(QNetworkProxy::NoProxy) : m_config.proxy();
    for (int i = 0; i < managers; ++i) {
        Manager m;
        m.nam = std::make_unique<QNetworkAccessManager>();
        m.nam->setProxy(proxy);
        m.nam->setAutoDeleteReplies(false);
        m_managers.push_back(std::move(m));
    }
}

Transport::~Transport() {
    *m_alive = false;
}

Transport::Manager &Transport::leastBusyManager() {
    auto best = m_managers.begin();
    for (auto it = m_managers.begin(); it != m_managers.end(); ++it)
        if (it->active < best->active)
            best = it;
    return *best;
}

QNetworkRequest Transport::request(const HttpCall &call) const {
    QUrl url = m_config.address;
    QString base = url.path(QUrl::FullyEncoded);
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + call.path, QUrl::TolerantMode);
    if (!call.query.isEmpty())
        url.setQuery(call.query);
    QNetworkRequest r(url);
    r.setTransferTimeout(m_config.timeoutMs);
    if (!call.body.isEmpty())
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    r.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : call.headers)
        r.setRawHeader(name, value);
    if (m_ssl && url.scheme() == u"https")
        r.setSslConfiguration(*m_ssl);
    return r;
}

QCoro::Task<Result<HttpAnswer>> Transport::exchange(HttpCall call, CancellationToken token,
                                                    bool withCredentials) {
    if (token.isCancelled())
        co_return cancelledError();
    QNetworkRequest req = request(call);
    if (withCredentials) {
        if (!m_config.apiToken.isEmpty())
            req.setRawHeader(QByteArrayLiteral("X-INFRAHUB-KEY"), m_config.apiToken.toUtf8());
        else if (!m_accessToken.isEmpty())
            req.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + m_accessToken);
    }
    Manager &manager = leastBusyManager();
    QPointer<QNetworkReply> reply = manager.nam->sendCustomRequest(req, call.method, call.body);
    ++manager.active;
    ++m_inFlight;
    m_peakInFlight = std::max(m_peakInFlight, m_inFlight);
    const std::weak_ptr<bool> alive = m_alive;

    struct Flags {
        bool timedOut = false;
        bool cancelled = false;
    };
    auto flags = std::make_shared<Flags>();
    // transferTimeout only measures silence; the deadline bounds the whole exchange.
    QTimer deadline;
    deadline.setSingleShot(true);
    QNetworkReply *raw = reply.data();
    QObject::connect(&deadline, &QTimer::timeout, raw, [raw, flags] {
        flags->timedOut = true;
        raw->abort();
    });
    deadline.start(m_config.timeoutMs);
    QObject::connect(raw, &QNetworkReply::requestSent, raw, [this, alive, sent = call.sent]() mutable {
        if (isGone(alive))
            return;
        ++m_written;
        if (sent)
            sent->set();
    });
    const CancellationRegistration registration = token.onCancel([reply, flags] {
        flags->cancelled = true;
        if (reply)
            reply->abort();
    });
    if (!reply->isFinished())
        co_await reply.data();
    if (isGone(alive) || !reply)
        co_return cancelledError();
    deadline.stop();
    --manager.active;
    --m_inFlight;
    reply->deleteLater();

    if (flags->cancelled)
        co_return cancelledError();
    if (flags->timedOut)
        co_return InfrahubError::make(InfrahubError::Kind::Timeout,
                                      QStringLiteral("%1 did not answer within %2 s.")
                                          .arg(m_config.address.host())
                                          .arg(m_config.timeoutMs / 1000.0));
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        const QNetworkReply::NetworkError error = reply->error();
        if (error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError)
            co_return InfrahubError::make(InfrahubError::Kind::Timeout,
                                          QStringLiteral("%1 stopped answering for %2 s.")
                                              .arg(m_config.address.host())
                                              .arg(m_config.timeoutMs / 1000.0));
        QString hint = QStringLiteral("Check the address and that the server is running.");
        if (error == QNetworkReply::SslHandshakeFailedError)
            hint =
                QStringLiteral("The TLS certificate was not accepted: add the server's CA certificate in the "
                               "connection settings (or, for a lab only, allow insecure TLS).");
        co_return InfrahubError::make(
            InfrahubError::Kind::NotReachable,
            QStringLiteral("Cannot reach %1: %2. %3")
                .arg(m_config.address.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemovePath),
                     reply->errorString(), hint));
    }
    co_return HttpAnswer{status, reply->readAll(), reply->rawHeaderPairs()};
}

QCoro::Task<Result<bool>> Transport::loginNow(CancellationToken token) {
    HttpCall call;
    call.path = QStringLiteral("/api/auth/login");
    call.authenticate = false;
    call.body = QJsonDocument(QJsonObject{{QStringLiteral("username"), m_config.username},
                                          {QStringLiteral("password"), m_config.password}})
                    .toJson(QJsonDocument::Compact);
    const Result<HttpAnswer> answer = co_await exchange(call, token, false);
    if (!answer)
        co_return answer.error();
    if (answer->status != 200) {
        InfrahubError e = errorFromResponse(answer->status, answer->body);
        e.kind = InfrahubError::Kind::Authentication;
        e.message = QStringLiteral("Login as %1 failed: %2").arg(m_config.username, e.message);
        co_return e;
    }
    const QJsonObject o = QJsonDocument::fromJson(answer->body).object();
    m_accessToken = o.value(u"access_token").toString().toUtf8();
    m_refreshToken = o.value(u"refresh_token").toString().toUtf8();
    if (m_accessToken.isEmpty())
        co_return InfrahubError::make(InfrahubError::Kind::Protocol,
                                      QStringLiteral("The login answer has no access token."));
    co_return true;
}

QCoro::Task<Result<bool>> Transport::login(CancellationToken token) {
    if (!m_config.usesLogin())
        co_return InfrahubError::make(InfrahubError::Kind::Authentication,
                                      QStringLiteral("No username and password are configured."));
    const quint64 generation = m_generation;
    co_return co_await renewTokens(generation, token, true);
}

QCoro::Task<Result<bool>> Transport::renewTokens(quint64 seenGeneration, CancellationToken token,
                                                 bool forceLogin) {
    const std::weak_ptr<bool> alive = m_alive;
    if (m_generation > seenGeneration)
        co_return true; // another request already replaced the token this one was rejected with
    if (m_renewal) {
        // Single flight: every request that saw the same expired token waits for one renewal.
        const std::shared_ptr<Renewal> renewal = m_renewal;
        const WaitOutcome outcome = co_await renewal->done.wait(-1, token);
        if (outcome == WaitOutcome::Cancelled || isGone(alive))
            co_return cancelledError();
        if (renewal->error)
            co_return *renewal->error;
        co_return true;
    }
    const auto renewal = std::make_shared<Renewal>();
    m_renewal = renewal;
    Result<bool> result = true;
    bool refreshed = false;
    if (!forceLogin && !m_refreshToken.isEmpty()) {
        HttpCall call;
        call.path = QStringLiteral("/api/auth/refresh");
        call.authenticate = false;
        call.headers.append({QByteArrayLiteral("Authorization"), "Bearer " + m_refreshToken});
        const Result<HttpAnswer> answer = co_await exchange(call, token, false);
        if (isGone(alive))
            co_return cancelledError();
        if (answer && answer->status == 200) {
            const QByteArray access =
                QJsonDocument::fromJson(answer->body).object().value(u"access_token").toString().toUtf8();
            if (!access.isEmpty()) {
                m_accessToken = access;
                refreshed = true;
            }
        }
    }
    if (!refreshed) {
        // No refresh token, or it was refused (expired, session logged out): log in again.
        result = co_await loginNow(token);
        if (isGone(alive))
            co_return cancelledError();
    }
    if (result) {
        ++m_generation;
        ++m_renewals;
    } else {
        renewal->error = result.error();
    }
    m_renewal.reset();
    renewal->done.set();
    co_return result;
}

QCoro::Task<Result<HttpAnswer>> Transport::attempt(HttpCall call, CancellationToken token) {
    const std::weak_ptr<bool> alive = m_alive;
    Result<SemaphorePermit> permit = co_await m_slots.acquire(token);
    if (!permit)
        co_return permit.error();
    if (isGone(alive))
        co_return cancelledError();
    const bool jwt = call.authenticate && m_config.usesLogin();
    if (jwt && m_accessToken.isEmpty()) {
        const quint64 generation = m_generation;
        const Result<bool> loggedIn = co_await renewTokens(generation, token, true);
        if (isGone(alive))
            co_return cancelledError();
        if (!loggedIn)
            co_return loggedIn.error();
    }
    const quint64 generation = m_generation;
    Result<HttpAnswer> answer = co_await exchange(call, token, call.authenticate);
    if (isGone(alive))
        co_return cancelledError();
    if (jwt && answer && answer->status == 401 && answer->body.contains("Expired Signature")) {
        // The access token expired: renew it (once for everyone) and replay this request, once.
        const Result<bool> renewed = co_await renewTokens(generation, token, false);
        if (isGone(alive))
            co_return cancelledError();
        if (!renewed)
            co_return renewed.error();
        answer = co_await exchange(call, token, true);
        if (isGone(alive))
            co_return cancelledError();
    }
    if (!answer)
        co_return answer.error();
    if (answer->status < 200 || answer->status >= 300) {
        InfrahubError error = errorFromResponse(answer->status, answer->body);
        const QByteArray retryAfter = headerValue(answer->headers, QByteArrayLiteral("Retry-After"));
        if (!retryAfter.isEmpty())
            error.retryAfterMs = parseRetryAfterMs(retryAfter);
        co_return error;
    }
    co_return answer;
}

QCoro::Task<Result<HttpAnswer>> Transport::send(HttpCall call, CancellationToken token) {
    if (!m_configError.isEmpty())
        co_return InfrahubError::make(InfrahubError::Kind::Protocol, m_configError);
    RetryPolicy policy = m_retry;
    policy.safety = call.safety;
    auto operation = [this, call](CancellationToken attemptToken) {
        return attempt(call, attemptToken);
    };
    // Built as a named task first: GCC 12 mishandles temporaries with captures inside co_await.
    const std::weak_ptr<bool> alive = m_alive;
    QCoro::Task<ItemOutcome<HttpAnswer>> retried = withRetry(std::move(operation), policy, token);
    const ItemOutcome<HttpAnswer> outcome = co_await retried;
    if (call.sent)
        call.sent->set(); // whatever happened, nobody may wait for it any longer
    if (isGone(alive))
        co_return cancelledError();
    co_return outcome.toResult();
}

} // namespace infrahub
