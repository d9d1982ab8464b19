// The sandbox's HTTP/1.1 server. Qt's QHttpServer 6.4 calls handlers synchronously, so it cannot answer
// later (latency, a GraphQL resolver awaiting something, a stalled connection); this server gives every
// request a Responder that may be called at any time, keeps many connections going at once, and applies
// fault injection before the handler sees a request.
#pragma once

#include "faultinjector.h"
#include "httprequest.h"
#include "httpresponse.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QObject>
#include <QSet>
#include <QTcpServer>
#include <QTimer>
#include <QUrl>

#include <functional>

Q_DECLARE_LOGGING_CATEGORY(lcSandboxHttp)

namespace infrahub::sandbox {

class HttpConnection;

// Answers one request. Call it exactly once, now or later, on the server's thread; further calls are
// ignored with a warning. Calling it after the client went away is a no-op. If every copy is destroyed
// without a call, the client gets a 500 (so a buggy route fails loudly instead of hanging).
using Responder = std::function<void(HttpResponse)>;
using HttpHandler = std::function<void(const HttpRequest &, Responder)>;

class HttpServer : public QObject {
    Q_OBJECT

public:
    struct Limits {
        qsizetype maxHeaderBytes = 64 * 1024;      // request line + headers -> 431 (414 for the line)
        qint64 maxBodyBytes = 64LL * 1024 * 1024;  // -> 413
        qsizetype maxPipelinedBytes = 1024 * 1024; // read ahead while a request is in flight
        int idleTimeoutMs = 120 * 1000;            // keep-alive connection without a request -> closed
        int requestTimeoutMs = 30 * 1000;          // partial request without progress -> 408
    };

    struct Stats {
        quint64 connectionsAccepted = 0;
        int openConnections = 0;
        quint64 requests = 0;    // complete requests parsed (including faulted ones)
        quint64 responses = 0;   // final responses written
        quint64 badRequests = 0; // requests refused by the parser (400, 413, 431, ...)
        int inFlight = 0;        // requests dispatched and not answered yet (delayed, stalled, async)
        int peakInFlight = 0;
    };

    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    // Port 0 picks a free port (see serverPort()). Use a loopback address unless the sandbox is meant
    // to be reachable from elsewhere.
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0,
                QString *error = nullptr);
    // Stops listening and closes every connection at once (pending responders become no-ops).
    void close();
    bool isListening() const { return m_tcp.isListening(); }
    quint16 serverPort() const { return m_tcp.serverPort(); }
    QHostAddress serverAddress() const { return m_tcp.serverAddress(); }
    // "http://127.0.0.1:<port>" (IPv6 addresses bracketed).
    QUrl url() const;

    // Without a handler every request gets Infrahub's 404 envelope.
    void setHandler(HttpHandler handler) { m_handler = std::move(handler); }
    // Header/body limits apply to connections accepted afterwards; timeouts and read-ahead at once.
    void setLimits(const Limits &limits);
    const Limits &limits() const { return m_limits; }
    // When true (default) the server answers OPTIONS itself: 204 with Allow and, for CORS preflights,
    // Access-Control-* headers. When false OPTIONS requests reach the handler.
    void setAnswerOptions(bool answer) { m_answerOptions = answer; }

    FaultInjector &faults() { return m_faults; }
    const FaultInjector &faults() const { return m_faults; }

    Stats stats() const;
    // Zeroes the counters (open connections and in-flight requests keep their live values).
    void resetStats();

private:
    friend class HttpConnection;

    void acceptConnections();
    void checkTimeouts();
    void invokeHandler(const HttpRequest &request, Responder responder);
    HttpResponse optionsResponse(const HttpRequest &request) const;
    qint64 nowMs() const { return m_clock.elapsed(); }
    quint64 nextRequestId() { return ++m_requestIds; }
    void requestStarted();
    void requestEnded();
    void connectionDestroyed(HttpConnection *connection);

    QTcpServer m_tcp;
    QTimer m_housekeeping;
    QElapsedTimer m_clock;
    QSet<HttpConnection *> m_connections;
    HttpHandler m_handler;
    Limits m_limits;
    FaultInjector m_faults;
    Stats m_stats;
    quint64 m_requestIds = 0;
    bool m_answerOptions = true;
};

} // namespace infrahub::sandbox
