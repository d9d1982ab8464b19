// HttpConnection: parsing loop, fault application, response framing and the lingering close.
#include "httpconnection.h"

#include "httpserver.h"

#include <QDateTime>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <cstdio>
#include <memory>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace infrahub::sandbox {

namespace {

constexpr qint64 kSocketReadBuffer = 256 * 1024;
// How long a closing connection may wait for its output to drain and for the client to close.
constexpr int kCloseTimeoutMs = 3000;
// Bodies up to this size go out in the same write as the head.
constexpr qsizetype kInlineBodyBytes = 16 * 1024;

// IMF-fixdate (RFC 9110 5.6.7), built by hand: locale-free and cached for the current second, since a
// busy connection formats it thousands of times per second.
QByteArray httpDate() {
    thread_local qint64 cachedSecond = -1;
    thread_local QByteArray cached;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (now != cachedSecond) {
        static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
        static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        const QDateTime utc = QDateTime::fromSecsSinceEpoch(now, Qt::UTC);
        const QDate date = utc.date();
        const QTime time = utc.time();
        char buffer[40];
        std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                      days[date.dayOfWeek() - 1], date.day(), months[date.month() - 1], date.year(),
                      time.hour(), time.minute(), time.second());
        cached = QByteArray(buffer);
        cachedSecond = now;
    }
    return cached;
}

bool isSafeHeaderName(QByteArrayView name) {
    if (name.isEmpty())
        return false;
    for (char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7f || c == ':')
            return false;
    }
    return true;
}

// A handler-supplied CR or LF would let it forge extra headers or a second response.
bool isSafeHeaderValue(QByteArrayView value) {
    return !value.contains('\r') && !value.contains('\n') && !value.contains('\0');
}

// Shared by every copy of one Responder: answers at most once and notices when nobody answered.
class ResponderState {
public:
    ResponderState(HttpConnection *connection, quint64 serial)
        : m_connection(connection)
        , m_serial(serial) {}
    ~ResponderState() {
        if (!m_answered && m_connection) {
            qCWarning(lcSandboxHttp) << "A handler dropped its Responder without answering; sending 500";
            m_connection->deliver(m_serial,
                                  HttpResponse::legacyError(
                                      500, QStringLiteral("The sandbox handler did not answer the request")));
        }
    }
    ResponderState(const ResponderState &) = delete;
    ResponderState &operator=(const ResponderState &) = delete;

    void answer(HttpResponse response) {
        if (m_answered) {
            qCWarning(lcSandboxHttp) << "Responder called more than once; ignoring the extra answer";
            return;
        }
        m_answered = true;
        if (m_connection)
            m_connection->deliver(m_serial, std::move(response));
    }

private:
    QPointer<HttpConnection> m_connection;
    quint64 m_serial;
    bool m_answered = false;
};

Responder makeResponder(HttpConnection *connection, quint64 serial) {
    auto state = std::make_shared<ResponderState>(connection, serial);
    return [state](HttpResponse response) {
        state->answer(std::move(response));
    };
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, HttpServer *server)
    : QObject(server)
    , m_server(server)
    , m_socket(socket)
    , m_peer(socket->peerAddress()) {
    socket->setParent(this);
    // Small responses must not wait for Nagle + delayed ACK (a 40 ms stall per request otherwise).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Bounded so a client flooding a busy connection is held back by TCP instead of our memory.
    socket->setReadBufferSize(kSocketReadBuffer);
    m_parser.setLimits({server->limits().maxHeaderBytes, server->limits().maxBodyBytes});
    m_lastActivityMs = server->nowMs();

    connect(socket, &QTcpSocket::readyRead, this, [this] {
        if (m_busy || m_closing)
            readFromSocket();
        else
            process();
    });
    connect(socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    if (socket->bytesAvailable() > 0)
        scheduleProcess();
}

HttpConnection::~HttpConnection() {
    m_closed = true; // Responders destroyed from here on must not write
    if (m_busy)
        finishRequest();
    m_server->connectionDestroyed(this);
}

void HttpConnection::scheduleProcess() {
    if (m_processQueued)
        return;
    m_processQueued = true;
    QMetaObject::invokeMethod(this, &HttpConnection::process, Qt::QueuedConnection);
}

void HttpConnection::readFromSocket() {
    const qint64 available = m_socket->bytesAvailable();
    if (available <= 0)
        return;
    if (m_closing) {
        m_socket->skip(available);
        return;
    }
    if (m_busy && m_in.size() - m_pos >= m_server->limits().maxPipelinedBytes)
        return; // left in the socket; process() reads it once the current request is answered
    if (m_pos > 0 && m_pos >= m_in.size() / 2) {
        m_in.remove(0, m_pos);
        m_pos = 0;
    }
    const qsizetype old = m_in.size();
    m_in.resize(old + available);
    const qint64 got = m_socket->read(m_in.data() + old, available);
    m_in.resize(old + qMax<qint64>(got, 0));
    m_lastActivityMs = m_server->nowMs();
}

void HttpConnection::process() {
    m_processQueued = false;
    if (m_closing || m_closed)
        return;
    m_processing = true;
    readFromSocket();
    while (!m_busy && !m_closing && !m_closed) {
        m_pos += m_parser.feed(m_in.constData() + m_pos, m_in.size() - m_pos);
        const HttpRequestParser::State state = m_parser.state();
        if (state == HttpRequestParser::State::Failed) {
            refuse(m_parser.errorStatus(), m_parser.errorMessage());
            break;
        }
        if (state == HttpRequestParser::State::Complete) {
            const bool keepAlive = m_parser.keepAlive();
            dispatch(m_parser.takeRequest(), keepAlive);
            continue; // the handler may have answered synchronously: go on with pipelined requests
        }
        if (m_parser.headComplete() && m_parser.expectsContinue() && !m_continueSent) {
            m_continueSent = true;
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        break;
    }
    m_processing = false;
    if (m_pos == m_in.size()) {
        m_pos = 0;
        // Keep the allocation for the next request unless a big body blew it up.
        if (m_in.capacity() > 1024 * 1024)
            m_in = QByteArray();
        else
            m_in.resize(0);
    }
}

void HttpConnection::dispatch(HttpRequest request, bool keepAlive) {
    m_busy = true;
    ++m_serial;
    m_keepAlive = keepAlive;
    m_isHead = request.isHead;
    m_httpVersion = request.httpVersion;
    m_continueSent = false;
    request.peer = m_peer;
    request.id = m_server->nextRequestId();
    m_server->requestStarted();

    const FaultInjector::Decision decision = m_server->faults().decide(request.path);
    if (decision.delayMs > 0) {
        // A timer, not a sleep: other connections (and this one's socket) stay serviced meanwhile. The
        // connection is the context, so the timer dies with it.
        const quint64 serial = m_serial;
        QTimer::singleShot(
            decision.delayMs, Qt::PreciseTimer, this,
            [this, serial, request = std::move(request), decision] { act(serial, request, decision); });
    } else {
        act(m_serial, request, decision);
    }
}

void HttpConnection::act(quint64 serial, const HttpRequest &request,
                         const FaultInjector::Decision &decision) {
    if (m_closed || !m_busy || serial != m_serial)
        return;
    switch (decision.action) {
    case FaultInjector::Action::Pass:
        m_server->invokeHandler(request, makeResponder(this, serial));
        break;
    case FaultInjector::Action::Fail:
        deliver(serial, FaultInjector::failureResponse(decision));
        break;
    case FaultInjector::Action::Drop:
        finishRequest();
        startClosing();
        break;
    case FaultInjector::Action::Stall:
        // Stay busy forever: nothing more is read or answered here until the client gives up.
        break;
    }
}

void HttpConnection::finishRequest() {
    m_busy = false;
    m_server->requestEnded();
}

void HttpConnection::deliver(quint64 serial, HttpResponse response) {
    if (m_closed || m_closing || !m_busy || serial != m_serial)
        return;
    finishRequest();
    const bool close = !m_keepAlive || response.closeConnection;
    writeResponse(response, close);
    if (close)
        startClosing();
    else if (!m_processing)
        scheduleProcess(); // not inline: the caller may be a handler that is not done with its own state
}

void HttpConnection::writeResponse(const HttpResponse &response, bool close) {
    const int status = response.status;
    const bool bodyAllowed = status >= 200 && status != 204 && status != 304;
    const bool sendBody = bodyAllowed && !m_isHead && !response.body.isEmpty();

    QByteArray head;
    head.reserve(256);
    head.append("HTTP/1.1 ").append(QByteArray::number(status)).append(' ');
    head.append(HttpResponse::reasonPhrase(status)).append("\r\n");
    bool haveDate = false;
    bool haveServer = false;
    for (const auto &[name, value] : response.headers) {
        if (name.compare("content-length", Qt::CaseInsensitive) == 0 ||
            name.compare("transfer-encoding", Qt::CaseInsensitive) == 0 ||
            name.compare("connection", Qt::CaseInsensitive) == 0)
            continue;
        if (!isSafeHeaderName(name) || !isSafeHeaderValue(value)) {
            qCWarning(lcSandboxHttp) << "Dropping unsafe response header" << name;
            continue;
        }
        haveDate = haveDate || name.compare("date", Qt::CaseInsensitive) == 0;
        haveServer = haveServer || name.compare("server", Qt::CaseInsensitive) == 0;
        head.append(name).append(": ").append(value).append("\r\n");
    }
    if (!haveServer)
        head.append("Server: infrahub-sandbox\r\n");
    if (!haveDate)
        head.append("Date: ").append(httpDate()).append("\r\n");
    if (bodyAllowed) {
        if (!response.body.isEmpty() && !response.contentType.isEmpty())
            head.append("Content-Type: ").append(response.contentType).append("\r\n");
        head.append("Content-Length: ").append(QByteArray::number(response.body.size())).append("\r\n");
    }
    if (close)
        head.append("Connection: close\r\n");
    else if (m_httpVersion == 10)
        head.append("Connection: keep-alive\r\n");
    head.append("\r\n");

    if (sendBody && response.body.size() <= kInlineBodyBytes) {
        head.append(response.body);
        m_socket->write(head);
    } else {
        m_socket->write(head);
        if (sendBody)
            m_socket->write(response.body);
    }
    ++m_server->m_stats.responses;
    m_lastActivityMs = m_server->nowMs();
}

void HttpConnection::refuse(int status, const QByteArray &message) {
    qCDebug(lcSandboxHttp) << "Refusing request from" << m_peer << status << message;
    ++m_server->m_stats.badRequests;
    m_isHead = false;
    m_httpVersion = 11;
    writeResponse(HttpResponse::legacyError(status, QString::fromLatin1(message)), true);
    startClosing();
}

void HttpConnection::startClosing() {
    if (m_closing || m_closed)
        return;
    m_closing = true;
    // Safety net for a client that neither reads our output nor closes.
    QTimer::singleShot(kCloseTimeoutMs, this, &HttpConnection::abortNow);
    if (m_socket->bytesToWrite() == 0)
        halfClose();
    // else onBytesWritten() half-closes once the output is flushed
}

void HttpConnection::onBytesWritten() {
    if (m_closing && !m_halfClosed && m_socket->bytesToWrite() == 0)
        halfClose();
}

void HttpConnection::halfClose() {
    m_halfClosed = true;
#ifdef Q_OS_UNIX
    // Lingering close (RFC 9112 9.6): send FIN, then keep reading (and discarding) until the client
    // closes. Closing with unread request bytes makes the kernel answer with RST, which can wipe out an
    // error response the client has not read yet (a 413 while it is still uploading).
    if (::shutdown(static_cast<int>(m_socket->socketDescriptor()), SHUT_WR) == 0) {
        readFromSocket();
        return;
    }
#endif
    m_socket->disconnectFromHost();
}

void HttpConnection::abortNow() {
    if (m_closed)
        return;
    m_socket->abort();
    onDisconnected();
}

void HttpConnection::onDisconnected() {
    if (m_closed)
        return;
    m_closed = true;
    if (m_busy)
        finishRequest();
    deleteLater();
}

void HttpConnection::checkTimeouts(qint64 nowMs) {
    if (m_closing || m_closed || m_busy)
        return;
    const qint64 quiet = nowMs - m_lastActivityMs;
    const bool partialRequest = !m_parser.isIdle() || m_pos < m_in.size();
    const HttpServer::Limits &limits = m_server->limits();
    if (partialRequest) {
        if (quiet > limits.requestTimeoutMs)
            refuse(408, "Timed out waiting for the rest of the request");
    } else if (quiet > limits.idleTimeoutMs) {
        startClosing();
    }
}

} // namespace infrahub::sandbox
