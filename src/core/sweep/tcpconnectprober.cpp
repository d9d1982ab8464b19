#include "tcpconnectprober.h"

#include "concurrency/asyncevent.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTimer>

namespace infrahub {

namespace {
QString tr(const char *text) {
    return QCoreApplication::translate("TcpConnectProber", text);
}
} // namespace

TcpConnectProber::TcpConnectProber(QList<quint16> ports)
    : m_ports(std::move(ports)) {
    if (m_ports.isEmpty())
        m_ports = {22, 443};
}

QString TcpConnectProber::description() const {
    QStringList ports;
    for (const quint16 p : m_ports)
        ports.append(QString::number(p));
    return tr("TCP connect to port(s) %1").arg(ports.join(QStringLiteral(", ")));
}

QCoro::Task<ProbeResult> TcpConnectProber::tryPort(QHostAddress host, quint16 port, int timeoutMs,
                                                   CancellationToken token) {
    ProbeResult result;
    result.method = QStringLiteral("tcp-connect %1").arg(port);
    QTcpSocket socket;
    // Connected, refused/unreachable, timed out or cancelled, whichever comes first (QCoro 0.8's
    // connectToHost() only ends on "connected" or its timeout, so a refusal would cost the whole timeout).
    AsyncEvent done;
    QObject::connect(&socket, &QAbstractSocket::connected, &socket, [done]() mutable { done.set(); });
    QObject::connect(&socket, &QAbstractSocket::errorOccurred, &socket, [done]() mutable { done.set(); });
    QElapsedTimer clock;
    clock.start();
    socket.connectToHost(host, port);
    QCoro::Task<WaitOutcome> waiting = done.wait(timeoutMs, token);
    const WaitOutcome outcome = co_await waiting;
    const double ms = double(clock.nsecsElapsed()) / 1e6;
    const bool connected = socket.state() == QAbstractSocket::ConnectedState;
    if (outcome == WaitOutcome::Cancelled) {
        socket.abort();
        result.state = ProbeResult::State::Error;
        result.detail = tr("cancelled");
        co_return result;
    }
    if (connected) {
        result.state = ProbeResult::State::Up;
        result.latencyMs = ms;
        result.detail = tr("port %1 accepted the connection").arg(port);
        socket.abort();
        co_return result;
    }
    if (outcome == WaitOutcome::TimedOut) {
        socket.abort();
        result.state = ProbeResult::State::Down;
        result.detail = tr("no answer on port %1 within %2 ms").arg(port).arg(timeoutMs);
        co_return result;
    }
    switch (socket.error()) {
    case QAbstractSocket::ConnectionRefusedError:
        result.state = ProbeResult::State::Up;
        result.latencyMs = ms;
        result.detail = tr("port %1 refused the connection: the host answered").arg(port);
        break;
    case QAbstractSocket::NetworkError: // unreachable: the network says nobody is there
    case QAbstractSocket::SocketTimeoutError:
        result.state = ProbeResult::State::Down;
        result.detail = tr("no answer on port %1 within %2 ms").arg(port).arg(timeoutMs);
        break;
    default:
        result.state = ProbeResult::State::Down;
        result.detail = tr("port %1: %2").arg(port).arg(socket.errorString());
        break;
    }
    co_return result;
}

QCoro::Task<ProbeResult> TcpConnectProber::tryPortThenStop(QHostAddress host, quint16 port, int timeoutMs,
                                                           CancellationSource stopOthers) {
    QCoro::Task<ProbeResult> trying = tryPort(host, port, timeoutMs, stopOthers.token());
    ProbeResult result = co_await trying;
    if (result.isUp())
        stopOthers.cancel(); // the host answered: the other ports need not wait for their timeout
    co_return result;
}

QCoro::Task<ProbeResult> TcpConnectProber::probe(QHostAddress host, ProbeOptions options,
                                                 CancellationToken token) {
    ProbeResult last;
    const QList<quint16> ports = m_ports;
    for (int attempt = 0; attempt < std::max(1, options.tries); ++attempt) {
        // Every port at once: a silent host costs one timeout per try, not one per port.
        CancellationSource stop(token);
        std::vector<QCoro::Task<ProbeResult>> attempts;
        for (const quint16 port : ports)
            attempts.push_back(tryPortThenStop(host, port, options.timeoutMs, stop));
        std::optional<ProbeResult> best;
        for (QCoro::Task<ProbeResult> &t : attempts) {
            ProbeResult r = co_await t;
            if (r.isUp() && (!best || r.latencyMs < best->latencyMs))
                best = r;
            else if (!best || !best->isUp())
                last = r;
        }
        if (best)
            co_return *best;
        if (token.isCancelled()) {
            last.state = ProbeResult::State::Error;
            last.detail = tr("cancelled");
            co_return last;
        }
    }
    co_return last;
}

} // namespace infrahub
