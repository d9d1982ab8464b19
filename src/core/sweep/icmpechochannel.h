// One ICMP socket per address family and thread, shared by every echo probe of that thread, with the
// replies handed to the probe waiting for them.
//
// Why shared: a raw ICMP socket receives a copy of every ICMP packet the host gets, so N sockets (one per
// probe, as the prober had before) cost N times the receive work for every reply: 256 probes in flight meant
// 65,536 packet copies per 256 replies. One socket reads each reply once and looks its probe up.
//
// How replies find their probe: every request in flight has a key (sequence number, target address) that
// no other request in flight shares. A reply is matched by the sequence and the address it came from; on a
// raw socket also by the identifier, which is random per socket (the kernel does not sort replies for raw
// sockets), and always by a per-socket cookie in the payload, so replies to other programs' pings are never
// taken for ours. A datagram ICMP socket gets its identifier from the kernel, which delivers only the
// replies carrying it. Sequence numbers count up per socket and wrap after 65,535; a number still in
// flight to the same address is skipped. A reply for a key nobody waits for (its probe timed out or was
// cancelled) is dropped.
//
// Costs per probe, which decide how fast a /16 goes: no timer, event or cancellation callback of its own.
// Deadlines are an intrusive list served by one timer per socket, cancellation is polled every 10 ms,
// replies are read many per system call and resume their probes from one posted call per batch, and a fast
// sweep's requests are sent from a thread of the socket's own (IcmpEchoSender), where the kernel's share of
// the work (on loopback including the target's answer) runs beside the probes' thread instead of on it.
//
// Lifetime: the socket (and its sending thread) opens with the first probe of a thread and closes a second
// after its last pending probe ended (each probe holds a reference; the idle second lets a sweep's next
// probes reuse it), so an idle console holds no raw socket. Nothing blocks the probes' thread: replies are
// read from a QSocketNotifier; a full send buffer (EAGAIN) or device queue (ENOBUFS) is waited out by the
// sending thread, within the probe's timeout (the request is Error, not Down, if it never got out). A probe's
// timeout runs from the moment its request went out, and its latency is measured from then to the reply's
// arrival.
#pragma once

#include "concurrency/cancellationtoken.h"

#include <QCoroTask>
#include <QHostAddress>
#include <QString>

#include <memory>

namespace infrahub {

struct EchoOutcome {
    enum class Kind {
        Replied,
        TimedOut,
        Cancelled,
        Unavailable, // no ICMP socket could be opened (detail: why)
        NotSent,     // the kernel refused the request for good (no route, ...): nobody can answer there
        SendFailed,  // the socket stayed full or out of buffers for the whole timeout: no verdict
    };
    Kind kind = Kind::TimedOut;
    double latencyMs = -1;
    QString detail; // the system's words for Unavailable, NotSent and SendFailed
};

class IcmpEchoChannel : public std::enable_shared_from_this<IcmpEchoChannel> {
public:
    ~IcmpEchoChannel();
    IcmpEchoChannel(const IcmpEchoChannel &) = delete;
    IcmpEchoChannel &operator=(const IcmpEchoChannel &) = delete;

    // Sends one echo request to `host` and waits up to `timeoutMs` (from the moment it went out) for the
    // reply, or until `token` is cancelled (noticed within 10 ms). Uses (and opens, if needed) the calling
    // thread's channel for the host's family: a datagram ICMP socket where allowed, else a raw one. The
    // thread needs an event loop (the GUI thread, or a QThread).
    static QCoro::Task<EchoOutcome> echo(QHostAddress host, int timeoutMs, CancellationToken token);

    // For tests: channels open in the process right now, and the first sequence number of channels opened
    // from now on in this thread (to cross the wrap at 65,535 without sending 65,536 requests).
    static int openChannels();
    static int channelsOpened(); // ever, in the process
    static void setFirstSequenceForTesting(quint16 sequence);
    // For tests: how long an idle channel stays open (1,000 ms unless set).
    static void setIdleLingerForTesting(int ms);

private:
    struct Impl;
    explicit IcmpEchoChannel(std::unique_ptr<Impl> impl);
    static std::shared_ptr<IcmpEchoChannel> acquire(bool v6, QString *error);

    std::unique_ptr<Impl> d;
};

} // namespace infrahub
