// Every HTTP exchange with Infrahub goes through the Transport: a real concurrency limit (Qt 6.4's
// QNetworkAccessManager opens at most 6 HTTP/1.1 connections per host, so a limit of 20 spreads the
// requests over several managers), credentials (API token, or JWT login with a single shared refresh
// when many requests see "Expired Signature" at once, then one replay), a per-request deadline,
// retries of what is safe to repeat, and cancellation that aborts the reply in flight.
#pragma once

#include "clientconfig.h"
#include "core/concurrency/asyncevent.h"
#include "core/concurrency/asyncsemaphore.h"
#include "core/concurrency/cancellationtoken.h"
#include "core/concurrency/retrypolicy.h"
#include "infrahuberror.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QObject>
#include <QUrlQuery>

#include <QCoroTask>

#include <memory>
#include <optional>
#include <vector>

namespace infrahub {

struct HttpCall {
    QByteArray method = "POST";
    QString path; // percent-encoded path below the server address, e.g. "/graphql/feature%2Fx"
    QUrlQuery query;
    QByteArray body;
    RetrySafety safety = RetrySafety::Safe;
    bool authenticate = true; // attach credentials (false for login/refresh themselves)
    QList<QPair<QByteArray, QByteArray>> headers;
    // Set once the request has been written to the connection, or once the call is over without that
    // (failed, cancelled). A caller with other work for this thread waits for it first: Qt's network
    // thread needs this thread's event loop to pick up a new request and its body, so busy work started
    // right after send() would hold the request back until it is done.
    std::optional<AsyncEvent> sent;
};

struct HttpAnswer {
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
};

class Transport : public QObject {
    Q_OBJECT

public:
    explicit Transport(ClientConfig config, QObject *parent = nullptr);
    ~Transport() override;

    const ClientConfig &config() const { return m_config; }
    // Retries for transient failures (unreachable, timeouts, 429/502/503/504). The call's own `safety`
    // decides whether a retry is allowed at all. Default: RetryPolicy::standard().
    void setRetryPolicy(const RetryPolicy &policy) { m_retry = policy; }
    const RetryPolicy &retryPolicy() const { return m_retry; }

    // Sends one call under the concurrency limit. A 2xx answer (including GraphQL's 200 with `errors`)
    // is returned as is; any other status becomes the InfrahubError the server's body describes.
    QCoro::Task<Result<HttpAnswer>> send(HttpCall call, CancellationToken token = {});

    // Logs in now (otherwise the first request does it). Only for username/password configurations.
    QCoro::Task<Result<bool>> login(CancellationToken token = {});

    int concurrencyLimit() const { return m_config.maxConcurrentRequests; }
    int managerCount() const { return int(m_managers.size()); }
    int inFlight() const { return m_inFlight; }
    int peakInFlight() const { return m_peakInFlight; }
    int requestsWritten() const { return m_written; } // requests written to a connection (a resend counts)
    int tokenRenewals() const { return m_renewals; }  // logins, refreshes and re-logins done

private:
    struct Renewal;
    struct Manager {
        std::unique_ptr<QNetworkAccessManager> nam;
        int active = 0;
    };

    QCoro::Task<Result<HttpAnswer>> attempt(HttpCall call, CancellationToken token);
    // Coroutine parameters are taken by value: a reference could outlive the caller's temporary.
    QCoro::Task<Result<HttpAnswer>> exchange(HttpCall call, CancellationToken token, bool withCredentials);
    QCoro::Task<Result<bool>> renewTokens(quint64 seenGeneration, CancellationToken token, bool forceLogin);
    QCoro::Task<Result<bool>> loginNow(CancellationToken token);
    Manager &leastBusyManager();
    QNetworkRequest request(const HttpCall &call) const;

    ClientConfig m_config;
    RetryPolicy m_retry;
    std::vector<Manager> m_managers;
    AsyncSemaphore m_slots;
    std::optional<QSslConfiguration> m_ssl;
    QString m_configError;
    int m_inFlight = 0;
    int m_peakInFlight = 0;
    int m_written = 0;

    // JWT state. `m_generation` counts renewals, so a request knows whether the token it was rejected
    // with has already been replaced by someone else's refresh.
    QByteArray m_accessToken;
    QByteArray m_refreshToken;
    quint64 m_generation = 0;
    std::shared_ptr<Renewal> m_renewal; // the renewal in progress, if any
    int m_renewals = 0;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace infrahub
