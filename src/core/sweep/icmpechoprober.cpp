#include "icmpechoprober.h"

#include "icmpechochannel.h"

#include <QCoreApplication>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace infrahub {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("IcmpEchoProber", text);
}

#ifdef Q_OS_UNIX
// A socket of `type` (SOCK_DGRAM or SOCK_RAW) for ICMP of `family`; -1 with errno set when refused.
int openIcmpSocket(int family, int type) {
    return ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    family == AF_INET ? int(IPPROTO_ICMP) : int(IPPROTO_ICMPV6));
}
#endif

} // namespace

IcmpEchoProber::Availability IcmpEchoProber::availability(QAbstractSocket::NetworkLayerProtocol protocol) {
    Availability a;
#ifdef Q_OS_UNIX
    const int family = protocol == QAbstractSocket::IPv6Protocol ? AF_INET6 : AF_INET;
    int fd = openIcmpSocket(family, SOCK_DGRAM);
    if (fd >= 0) {
        ::close(fd);
        a.mode = Mode::Datagram;
        a.reason = tr("ICMP echo over a datagram socket (no privileges needed)");
        return a;
    }
    const QString datagramError = QString::fromLocal8Bit(std::strerror(errno));
    fd = openIcmpSocket(family, SOCK_RAW);
    if (fd >= 0) {
        ::close(fd);
        a.mode = Mode::Raw;
        a.reason = tr("ICMP echo over a raw socket (the process is privileged; datagram ICMP sockets are not "
                      "allowed: %1)")
                       .arg(datagramError);
        return a;
    }
    a.reason = tr("ICMP echo is not allowed for this user (datagram socket: %1; raw socket: %2). On Linux, "
                  "net.ipv4.ping_group_range decides who may use datagram ICMP sockets.")
                   .arg(datagramError, QString::fromLocal8Bit(std::strerror(errno)));
#else
    Q_UNUSED(protocol);
    a.reason = tr("ICMP echo sockets are not supported on this system");
#endif
    return a;
}

namespace {

// What one echo's outcome means for the host.
ProbeResult resultOf(const EchoOutcome &outcome, const QHostAddress &host, int timeoutMs) {
    ProbeResult result;
    result.method = QStringLiteral("icmp-echo");
    switch (outcome.kind) {
    case EchoOutcome::Kind::Replied:
        result.state = ProbeResult::State::Up;
        result.latencyMs = outcome.latencyMs;
        result.detail = tr("echo reply");
        break;
    case EchoOutcome::Kind::TimedOut:
        result.state = ProbeResult::State::Down;
        result.detail = tr("no echo reply within %1 ms").arg(timeoutMs);
        break;
    case EchoOutcome::Kind::Cancelled:
        result.state = ProbeResult::State::Error;
        result.detail = tr("cancelled");
        break;
    case EchoOutcome::Kind::Unavailable:
        result.state = ProbeResult::State::Error;
        result.detail = IcmpEchoProber::availability(host.protocol()).reason;
        break;
    case EchoOutcome::Kind::NotSent:
        // "Network unreachable" and the like: nobody can answer there.
        result.state = ProbeResult::State::Down;
        result.detail = tr("the echo request could not be sent: %1").arg(outcome.detail);
        break;
    case EchoOutcome::Kind::SendFailed:
        // Our side ran out of room, which says nothing about the host.
        result.state = ProbeResult::State::Error;
        result.detail =
            tr("the echo request could not be sent within %1 ms: %2").arg(timeoutMs).arg(outcome.detail);
        break;
    }
    return result;
}

} // namespace

QString IcmpEchoProber::description() const {
    return tr("ICMP echo");
}

QCoro::Task<ProbeResult> IcmpEchoProber::probe(QHostAddress host, ProbeOptions options,
                                               CancellationToken token) {
    ProbeResult last;
    for (int attempt = 0; attempt < std::max(1, options.tries); ++attempt) {
        QCoro::Task<EchoOutcome> echoing = IcmpEchoChannel::echo(host, options.timeoutMs, token);
        const EchoOutcome outcome = co_await echoing;
        last = resultOf(outcome, host, options.timeoutMs);
        if (last.state != ProbeResult::State::Down)
            break;
    }
    co_return last;
}

} // namespace infrahub
