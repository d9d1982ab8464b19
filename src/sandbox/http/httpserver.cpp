// HttpServer: accepting connections, housekeeping, handler invocation and statistics.
#include "httpserver.h"

#include "httpconnection.h"

#include <QTcpSocket>

#include <exception>

Q_LOGGING_CATEGORY(lcSandboxHttp, "infrahub.sandbox.http")

namespace infrahub::sandbox {

namespace {

// The kernel queue of not-yet-accepted connections. Qt's default of 50 overflows when a test opens a
// hundred connections at once, and an overflowed SYN is retried only after a second.
constexpr int kListenBacklog = 1024;
constexpr QByteArrayView kAllowedMethods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

} // namespace

HttpServer::HttpServer(QObject *parent)
    : QObject(parent) {
    m_clock.start();
    connect(&m_tcp, &QTcpServer::newConnection, this, &HttpServer::acceptConnections);
    connect(&m_housekeeping, &QTimer::timeout, this, &HttpServer::checkTimeouts);
    setLimits(Limits());
}

HttpServer::~HttpServer() {
    m_housekeeping.stop();
    m_tcp.close();
    // Connections call back into this object from their destructors, so they must go while its members
    // still exist (QObject would delete them as children only after the members are gone).
    const QSet<HttpConnection *> connections = m_connections;
    for (HttpConnection *connection : connections)
        delete connection;
}

bool HttpServer::listen(const QHostAddress &address, quint16 port, QString *error) {
    m_tcp.setListenBacklogSize(kListenBacklog);
    if (!m_tcp.listen(address, port)) {
        if (error)
            *error = m_tcp.errorString();
        return false;
    }
    m_housekeeping.start();
    return true;
}

void HttpServer::close() {
    m_housekeeping.stop();
    m_tcp.close();
    const QSet<HttpConnection *> connections = m_connections;
    for (HttpConnection *connection : connections)
        connection->abortNow();
}

QUrl HttpServer::url() const {
    QHostAddress host = serverAddress();
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host.toString());
    url.setPort(serverPort());
    url.setPath(QStringLiteral("/"));
    return url;
}

void HttpServer::setLimits(const Limits &limits) {
    m_limits = limits;
    // Check often enough for short test timeouts, rarely enough to cost nothing otherwise.
    m_housekeeping.setInterval(qBound(20, qMin(limits.idleTimeoutMs, limits.requestTimeoutMs) / 4, 1000));
}

HttpServer::Stats HttpServer::stats() const {
    Stats stats = m_stats;
    stats.openConnections = static_cast<int>(m_connections.size());
    return stats;
}

void HttpServer::resetStats() {
    const int inFlight = m_stats.inFlight;
    m_stats = Stats();
    m_stats.inFlight = inFlight;
    m_stats.peakInFlight = inFlight;
}

void HttpServer::acceptConnections() {
    while (QTcpSocket *socket = m_tcp.nextPendingConnection()) {
        m_connections.insert(new HttpConnection(socket, this));
        ++m_stats.connectionsAccepted;
    }
}

void HttpServer::checkTimeouts() {
    const qint64 now = nowMs();
    const QSet<HttpConnection *> connections = m_connections;
    for (HttpConnection *connection : connections)
        connection->checkTimeouts(now);
}

void HttpServer::invokeHandler(const HttpRequest &request, Responder responder) {
    if (m_answerOptions && request.method == "OPTIONS") {
        responder(optionsResponse(request));
        return;
    }
    if (!m_handler) {
        responder(HttpResponse::legacyError(
            404,
            QStringLiteral("The requested endpoint %1 does not exist").arg(QString::fromUtf8(request.path))));
        return;
    }
    // A throwing route must not take the server down; the copy shares the answered-once state.
    const Responder fallback = responder;
    try {
        m_handler(request, std::move(responder));
    } catch (const std::exception &error) {
        qCWarning(lcSandboxHttp) << "Handler threw for" << request.method << request.path << error.what();
        fallback(HttpResponse::legacyError(500, QStringLiteral("Internal Server Error")));
    } catch (...) {
        qCWarning(lcSandboxHttp) << "Handler threw for" << request.method << request.path;
        fallback(HttpResponse::legacyError(500, QStringLiteral("Internal Server Error")));
    }
}

HttpResponse HttpServer::optionsResponse(const HttpRequest &request) const {
    HttpResponse response;
    response.status = 204;
    response.contentType.clear();
    response.setHeader("Allow", kAllowedMethods.toByteArray());
    const QByteArray origin = request.header("origin");
    if (!origin.isEmpty()) {
        // A CORS preflight: allow what is asked, as Infrahub's permissive development setup does.
        const QByteArray requested = request.header("access-control-request-headers");
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Allow-Methods", kAllowedMethods.toByteArray());
        response.setHeader("Access-Control-Allow-Headers", requested.isEmpty() ? QByteArray("*") : requested);
        response.setHeader("Access-Control-Allow-Credentials", "true");
        response.setHeader("Access-Control-Max-Age", "600");
        response.setHeader("Vary", "Origin");
    }
    return response;
}

void HttpServer::requestStarted() {
    ++m_stats.requests;
    ++m_stats.inFlight;
    m_stats.peakInFlight = qMax(m_stats.peakInFlight, m_stats.inFlight);
}

void HttpServer::requestEnded() {
    --m_stats.inFlight;
}

void HttpServer::connectionDestroyed(HttpConnection *connection) {
    m_connections.remove(connection);
}

} // namespace infrahub::sandbox
