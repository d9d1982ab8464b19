#include "icmpechoprober.h"

#include "concurrency/asyncevent.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSocketNotifier>

#include <atomic>

#ifdef Q_OS_UNIX
#include <arpa/inet.h>
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
constexpr int kEchoRequestV4 = 8;
constexpr int kEchoReplyV4 = 0;
constexpr int kEchoRequestV6 = 128;
constexpr int kEchoReplyV6 = 129;

quint16 internetChecksum(const unsigned char *data, size_t length) {
    quint32 sum = 0;
    for (size_t i = 0; i + 1 < length; i += 2)
        sum += quint32(data[i] << 8 | data[i + 1]);
    if (length % 2)
        sum += quint32(data[length - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return quint16(~sum);
}

// A socket of `type` (SOCK_DGRAM or SOCK_RAW) for ICMP of `family`; -1 with errno set when refused.
int openIcmpSocket(int family, int type) {
    return ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    family == AF_INET ? int(IPPROTO_ICMP) : int(IPPROTO_ICMPV6));
}

// Identifiers for raw sockets, which see every ICMP packet of the host: ours are told apart by id + sequence.
std::atomic<quint16> g_nextId{quint16(::getpid() & 0xffff)};
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

QString IcmpEchoProber::description() const {
    return tr("ICMP echo");
}

QCoro::Task<ProbeResult> IcmpEchoProber::echoOnce(QHostAddress host, int timeoutMs, quint16 sequence,
                                                  CancellationToken token) {
    ProbeResult result;
    result.method = QStringLiteral("icmp-echo");
#ifdef Q_OS_UNIX
    const bool v6 = host.protocol() == QAbstractSocket::IPv6Protocol;
    const int family = v6 ? AF_INET6 : AF_INET;
    bool raw = false;
    int fd = openIcmpSocket(family, SOCK_DGRAM);
    if (fd < 0) {
        fd = openIcmpSocket(family, SOCK_RAW);
        raw = true;
    }
    if (fd < 0) {
        result.state = ProbeResult::State::Error;
        result.detail = availability(host.protocol()).reason;
        co_return result;
    }
    const quint16 id = raw ? g_nextId.fetch_add(1) : 0; // a datagram socket's id is chosen by the kernel

    unsigned char packet[24] = {};
    packet[0] = v6 ? kEchoRequestV6 : kEchoRequestV4;
    packet[4] = id >> 8;
    packet[5] = id & 0xff;
    packet[6] = sequence >> 8;
    packet[7] = sequence & 0xff;
    std::memcpy(packet + 8, "infrahub-console", 16);
    if (!v6) { // the kernel computes ICMPv6 checksums itself
        const quint16 sum = internetChecksum(packet, sizeof packet);
        packet[2] = sum >> 8;
        packet[3] = sum & 0xff;
    }
    sockaddr_storage to{};
    socklen_t toLength = 0;
    if (v6) {
        auto *a = reinterpret_cast<sockaddr_in6 *>(&to);
        a->sin6_family = AF_INET6;
        const Q_IPV6ADDR bytes = host.toIPv6Address();
        std::memcpy(&a->sin6_addr, bytes.c, 16);
        toLength = sizeof(sockaddr_in6);
    } else {
        auto *a = reinterpret_cast<sockaddr_in *>(&to);
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(host.toIPv4Address());
        toLength = sizeof(sockaddr_in);
    }

    AsyncEvent answered;
    bool up = false;
    QSocketNotifier readable(fd, QSocketNotifier::Read);
    QObject::connect(&readable, &QSocketNotifier::activated, &readable,
                     [&, fd, raw, v6, id, sequence]() mutable {
                         unsigned char buffer[1500];
                         sockaddr_storage from{};
                         socklen_t fromLength = sizeof from;
                         while (true) {
                             const ssize_t n = ::recvfrom(fd, buffer, sizeof buffer, 0,
                                                          reinterpret_cast<sockaddr *>(&from), &fromLength);
                             if (n <= 0)
                                 return;
                             const unsigned char *icmp = buffer;
                             ssize_t length = n;
                             if (raw && !v6) { // raw IPv4 sockets hand over the IP header too
                                 const int headerLength = (buffer[0] & 0x0f) * 4;
                                 icmp += headerLength;
                                 length -= headerLength;
                             }
                             if (length < 8 || icmp[0] != (v6 ? kEchoReplyV6 : kEchoReplyV4))
                                 continue;
                             const quint16 replySequence = quint16(icmp[6] << 8 | icmp[7]);
                             const quint16 replyId = quint16(icmp[4] << 8 | icmp[5]);
                             if (replySequence != sequence || (raw && replyId != id))
                                 continue; // someone else's echo
                             if (raw) {    // only the target's reply counts (a raw socket sees every host's)
                                 const QHostAddress source(reinterpret_cast<const sockaddr *>(&from));
                                 if (!source.isEqual(host, QHostAddress::TolerantConversion))
                                     continue;
                             }
                             up = true;
                             answered.set();
                             return;
                         }
                     });
    QElapsedTimer clock;
    clock.start();
    if (::sendto(fd, packet, sizeof packet, 0, reinterpret_cast<sockaddr *>(&to), toLength) < 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        ::close(fd);
        // "Network unreachable" and the like: nobody can answer there.
        result.state = ProbeResult::State::Down;
        result.detail = tr("the echo request could not be sent: %1").arg(why);
        co_return result;
    }
    QCoro::Task<WaitOutcome> waiting = answered.wait(timeoutMs, token);
    const WaitOutcome outcome = co_await waiting;
    const double ms = double(clock.nsecsElapsed()) / 1e6;
    readable.setEnabled(false);
    ::close(fd);
    if (up) {
        result.state = ProbeResult::State::Up;
        result.latencyMs = ms;
        result.detail = tr("echo reply");
    } else if (outcome == WaitOutcome::Cancelled) {
        result.state = ProbeResult::State::Error;
        result.detail = tr("cancelled");
    } else {
        result.state = ProbeResult::State::Down;
        result.detail = tr("no echo reply within %1 ms").arg(timeoutMs);
    }
#else
    Q_UNUSED(host);
    Q_UNUSED(timeoutMs);
    Q_UNUSED(sequence);
    Q_UNUSED(token);
    result.state = ProbeResult::State::Error;
    result.detail = availability(QAbstractSocket::IPv4Protocol).reason;
#endif
    co_return result;
}

QCoro::Task<ProbeResult> IcmpEchoProber::probe(QHostAddress host, ProbeOptions options,
                                               CancellationToken token) {
    ProbeResult last;
    for (int attempt = 0; attempt < std::max(1, options.tries); ++attempt) {
        QCoro::Task<ProbeResult> trying = echoOnce(host, options.timeoutMs, quint16(attempt + 1), token);
        last = co_await trying;
        if (last.state != ProbeResult::State::Down)
            break;
    }
    co_return last;
}

} // namespace infrahub
