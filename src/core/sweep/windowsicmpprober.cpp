// Not compiled in this repo's CI (Linux): see the header. Everything below follows Microsoft's
// documentation of IcmpSendEcho2, Icmp6SendEcho2, IcmpParseReplies, Icmp6ParseReplies and the
// ICMP_ECHO_REPLY / ICMPV6_ECHO_REPLY structures.
#include <QtGlobal>

#ifdef Q_OS_WIN

// The Windows headers come first and in this order: winsock2.h before anything that includes
// windows.h by itself (which would bring in the old winsock.h and clash), and iphlpapi.h before
// icmpapi.h, as Microsoft requires. NOMINMAX keeps windows.h from defining min/max macros.
#ifndef NOMINMAX
#define NOMINMAX
#endif
// (clang-format would sort these alphabetically, which is the wrong order.)
// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <iphlpapi.h>
#include <icmpapi.h>
// clang-format on

#include "windowsicmpprober.h"

#include "concurrency/asyncevent.h"

#include <QCoreApplication>
#include <QNetworkInterface>
#include <QWinEventNotifier>

#include <algorithm>
#include <cstring>
#include <memory>

namespace infrahub {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("WindowsIcmpProber", text);
}

const QString kMethod = QStringLiteral("icmp-echo");

constexpr WORD kPayloadSize = 16;

// Microsoft's sizing rule for the reply buffer of an asynchronous call: one reply structure, the echoed
// data, 8 more bytes (an ICMP error message) and room for the IO_STATUS_BLOCK (two pointer-sized
// fields) the system stores there. Sized for the larger of the IPv4 and IPv6 structures, with slack.
constexpr DWORD kReplySize =
    DWORD(sizeof(ICMP_ECHO_REPLY) + sizeof(ICMPV6_ECHO_REPLY) + kPayloadSize + 8 + 2 * sizeof(void *) + 256);

// Our own wait ends this long after the timeout handed to Windows, in case its completion is late.
constexpr int kGraceMs = 1000;

QString windowsError(DWORD code) {
    return qt_error_string(int(code));
}

// An IP_STATUS code (ipexport.h) in words, and whether it means the host is down (the network answered
// for it, or nobody did) rather than a failure on this machine.
struct StatusMeaning {
    bool down = false;
    QString text;
};

StatusMeaning meaning(DWORD status) {
    switch (status) {
    case IP_DEST_NET_UNREACHABLE:
        return {true, tr("destination network unreachable")};
    case IP_DEST_HOST_UNREACHABLE:
        return {true, tr("destination host unreachable")};
    case IP_DEST_PROT_UNREACHABLE:
        return {true, tr("destination protocol unreachable or prohibited")};
    case IP_DEST_PORT_UNREACHABLE:
        return {true, tr("destination port unreachable")};
    case IP_TTL_EXPIRED_TRANSIT:
        return {true, tr("time to live expired in transit")};
    case IP_TTL_EXPIRED_REASSEM:
        return {true, tr("time to live expired during reassembly")};
    case IP_BAD_ROUTE:
        return {true, tr("bad route")};
    case IP_BAD_DESTINATION:
        return {true, tr("bad destination")};
    case IP_SOURCE_QUENCH:
        return {true, tr("source quench")};
    case IP_PACKET_TOO_BIG:
        return {true, tr("packet too big")};
    case IP_PARAM_PROBLEM:
        return {true, tr("parameter problem")};
    default:
        break;
    }
    if (status > IP_STATUS_BASE && status < IP_STATUS_BASE + 1000)
        return {false, tr("ICMP API status %1").arg(status)};
    return {false, windowsError(status)};
}

// The interface index of a link-local IPv6 address's scope ("fe80::1%12" or "%Ethernet").
ULONG scopeIndex(const QHostAddress &host) {
    const QString scope = host.scopeId();
    if (scope.isEmpty())
        return 0;
    bool numeric = false;
    const uint index = scope.toUInt(&numeric);
    return numeric ? ULONG(index) : ULONG(QNetworkInterface::interfaceIndexFromName(scope));
}

// One echo request and everything Windows may touch while it is in flight: the ICMP handle, the event
// it signals and the buffers. Windows writes the reply into `reply` until it signals the event, so the
// object lives until then even when the probe stopped waiting (timeout, cancel): it is then marked
// abandoned and deletes itself on the signal.
class PendingEcho : public QObject {
public:
    explicit PendingEcho(bool v6)
        : reply(new unsigned char[kReplySize]()) {
        icmp = v6 ? Icmp6CreateFile() : IcmpCreateFile();
        if (icmp == INVALID_HANDLE_VALUE) {
            openError = GetLastError();
            return;
        }
        // Manual reset: the event stays signalled, so a completion before watch() is not missed.
        event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
        if (!event)
            openError = GetLastError();
        std::memcpy(payload, "infrahub-console", kPayloadSize);
    }
    ~PendingEcho() override {
        delete m_notifier; // stop watching before the event handle goes
        closeIcmp();
        if (event)
            CloseHandle(event);
    }

    bool isOpen() const { return icmp != INVALID_HANDLE_VALUE && event; }

    // Starts watching the event (after a successful send).
    void watch() {
        m_notifier = new QWinEventNotifier(event);
        connect(m_notifier, &QWinEventNotifier::activated, this, [this] {
            m_notifier->setEnabled(false);
            if (abandoned)
                deleteLater();
            else
                completed.set();
        });
    }

    void closeIcmp() {
        if (icmp != INVALID_HANDLE_VALUE) {
            IcmpCloseHandle(icmp);
            icmp = INVALID_HANDLE_VALUE;
        }
    }

    HANDLE icmp = INVALID_HANDLE_VALUE;
    HANDLE event = nullptr;
    DWORD openError = 0;
    std::unique_ptr<unsigned char[]> reply; // operator new[]: aligned for the reply structures
    char payload[kPayloadSize] = {};
    sockaddr_in6 source{};
    sockaddr_in6 destination{};
    AsyncEvent completed;
    bool abandoned = false;

private:
    QWinEventNotifier *m_notifier = nullptr;
};

} // namespace

WindowsIcmpProber::Availability
WindowsIcmpProber::availability(QAbstractSocket::NetworkLayerProtocol protocol) {
    Availability a;
    const bool v6 = protocol == QAbstractSocket::IPv6Protocol;
    const HANDLE handle = v6 ? Icmp6CreateFile() : IcmpCreateFile();
    if (handle == INVALID_HANDLE_VALUE) {
        a.reason =
            tr("the Windows ICMP API cannot be used for %1: %2")
                .arg(v6 ? QStringLiteral("IPv6") : QStringLiteral("IPv4"), windowsError(GetLastError()));
        return a;
    }
    IcmpCloseHandle(handle);
    a.available = true;
    a.reason = tr("ICMP echo through the Windows ICMP API (IcmpSendEcho2; no privileges needed)");
    return a;
}

QString WindowsIcmpProber::description() const {
    return tr("ICMP echo (Windows ICMP API)");
}

QCoro::Task<ProbeResult> WindowsIcmpProber::echoOnce(QHostAddress host, int timeoutMs,
                                                     CancellationToken token) {
    ProbeResult result;
    result.method = kMethod;
    if (token.isCancelled()) {
        result.state = ProbeResult::State::Error;
        result.detail = tr("cancelled");
        co_return result;
    }
    const bool v6 = host.protocol() == QAbstractSocket::IPv6Protocol;
    auto pending = std::make_unique<PendingEcho>(v6);
    if (!pending->isOpen()) {
        result.state = ProbeResult::State::Error;
        result.detail = tr("the Windows ICMP API cannot be used: %1").arg(windowsError(pending->openError));
        co_return result;
    }

    // With an event, the call returns at once and Windows signals the event when the reply, an ICMP
    // error or the timeout arrives.
    DWORD sent = 0;
    if (v6) {
        pending->source.sin6_family = AF_INET6; // unspecified source: Windows picks it
        pending->destination.sin6_family = AF_INET6;
        const Q_IPV6ADDR bytes = host.toIPv6Address();
        std::memcpy(&pending->destination.sin6_addr, bytes.c, 16);
        pending->destination.sin6_scope_id = scopeIndex(host);
        sent = Icmp6SendEcho2(pending->icmp, pending->event, nullptr, nullptr, &pending->source,
                              &pending->destination, pending->payload, kPayloadSize, nullptr,
                              pending->reply.get(), kReplySize, DWORD(timeoutMs));
    } else {
        const IPAddr destination = htonl(host.toIPv4Address()); // network byte order, like in_addr
        sent = IcmpSendEcho2(pending->icmp, pending->event, nullptr, nullptr, destination, pending->payload,
                             kPayloadSize, nullptr, pending->reply.get(), kReplySize, DWORD(timeoutMs));
    }
    const DWORD sendError = GetLastError();
    if (sent == 0 && sendError != ERROR_IO_PENDING) {
        // Refused at once: nothing is in flight, so nothing writes into the buffers any more.
        const StatusMeaning m = meaning(sendError);
        result.state = m.down ? ProbeResult::State::Down : ProbeResult::State::Error;
        result.detail = tr("the echo request could not be sent: %1").arg(m.text);
        co_return result;
    }

    PendingEcho *request = pending.release();
    request->watch();
    QCoro::Task<WaitOutcome> waiting = request->completed.wait(timeoutMs + kGraceMs, token);
    const WaitOutcome outcome = co_await waiting;
    if (outcome != WaitOutcome::Signalled) {
        // Still in flight: leave the request to delete itself when its event fires. Closing its ICMP
        // handle asks Windows to cancel it now (closing a handle cancels the I/O pending on it); if that
        // did not signal the event, the request would still end with the timeout handed to Windows.
        request->abandoned = true;
        request->closeIcmp();
        result.state =
            outcome == WaitOutcome::Cancelled ? ProbeResult::State::Error : ProbeResult::State::Down;
        result.detail = outcome == WaitOutcome::Cancelled ? tr("cancelled")
                                                          : tr("no echo reply within %1 ms").arg(timeoutMs);
        co_return result;
    }
    const std::unique_ptr<PendingEcho> finished(request);

    // Only Status and RoundTripTime are read; they sit at the same offsets in ICMP_ECHO_REPLY and in the
    // ICMP_ECHO_REPLY32 layout a 64-bit process may receive.
    const DWORD count = v6 ? Icmp6ParseReplies(finished->reply.get(), kReplySize)
                           : IcmpParseReplies(finished->reply.get(), kReplySize);
    const DWORD parseError = GetLastError();
    DWORD status = 0;
    ULONG roundTripMs = 0;
    if (v6) {
        const auto *reply = reinterpret_cast<const ICMPV6_ECHO_REPLY *>(finished->reply.get());
        status = reply->Status;
        roundTripMs = reply->RoundTripTime;
    } else {
        const auto *reply = reinterpret_cast<const ICMP_ECHO_REPLY *>(finished->reply.get());
        status = reply->Status;
        roundTripMs = reply->RoundTripTime;
    }
    if (count == 0 && status == IP_SUCCESS)
        status = parseError; // no reply parsed: the error says why (IP_REQ_TIMED_OUT for silence)

    if (status == IP_SUCCESS) {
        result.state = ProbeResult::State::Up;
        // Windows measures in whole milliseconds; 0 means under one.
        result.latencyMs = double(roundTripMs);
        result.detail = roundTripMs == 0 ? tr("echo reply in under 1 ms") : tr("echo reply");
    } else if (status == IP_REQ_TIMED_OUT) {
        result.state = ProbeResult::State::Down;
        result.detail = tr("no echo reply within %1 ms").arg(timeoutMs);
    } else {
        const StatusMeaning m = meaning(status);
        result.state = m.down ? ProbeResult::State::Down : ProbeResult::State::Error;
        result.detail = m.down ? tr("no echo reply: %1").arg(m.text) : m.text;
    }
    co_return result;
}

QCoro::Task<ProbeResult> WindowsIcmpProber::probe(QHostAddress host, ProbeOptions options,
                                                  CancellationToken token) {
    ProbeResult last;
    for (int attempt = 0; attempt < std::max(1, options.tries); ++attempt) {
        QCoro::Task<ProbeResult> trying = echoOnce(host, options.timeoutMs, token);
        last = co_await trying;
        if (last.state != ProbeResult::State::Down)
            break;
    }
    co_return last;
}

} // namespace infrahub

#endif // Q_OS_WIN
