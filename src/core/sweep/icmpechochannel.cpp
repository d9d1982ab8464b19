#include "icmpechochannel.h"

#include "icmpechopacket.h"
#include "icmpechosender.h"

#include "concurrency/parkedcoroutine.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QThread>
#include <QTimer>
#include <QtEndian>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <coroutine>
#include <limits>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#ifdef Q_OS_UNIX
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif
#ifdef Q_OS_LINUX
#include <linux/icmp.h> // ICMP_FILTER for raw IPv4 sockets
#endif

namespace infrahub {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("IcmpEchoChannel", text);
}

std::atomic<int> g_openChannels{0};
std::atomic<int> g_channelsOpened{0};
thread_local std::optional<quint16> t_firstSequence;
// How long an idle channel stays open: a sweep's probes come and go (at a few per millisecond, or in waves
// of the concurrency limit), and reopening the socket and its thread between them would cost more than
// the probes. An idle console closes its raw socket after this.
std::atomic<int> g_lingerMs{1000};

qint64 nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// What identifies a request in flight: its sequence number and its target (IPv4 in the first 4 bytes).
struct Key {
    quint16 sequence = 0;
    std::array<quint8, 16> address{};
    bool operator==(const Key &) const = default;
};

struct KeyHash {
    std::size_t operator()(const Key &k) const noexcept {
        return std::size_t(qHashBits(k.address.data(), k.address.size(), k.sequence));
    }
};

// One request in flight. Lives in the channel's map (node-based, so its address is stable) from before the
// send until its probe resumes; the probe's coroutine waits on it directly (no timer, event or
// cancellation callback per probe: those cost more than the packet on loopback).
struct Pending {
    enum class State : quint8 { Waiting, Answered, TimedOut, Cancelled, NotSent, SendFailed };
    State state = State::Waiting;
    bool linked = false;   // in the deadline list
    bool recorded = false; // the sending thread has said when it went out (or that it did not)
    int timeoutMs = 0;
    int sendError = 0;      // errno of NotSent and SendFailed
    quint64 serial = 0;     // tells it from a later request with the same key
    qint64 sentNs = -1;     // just before it went out
    qint64 deadlineNs = 0;  // when it gives up waiting: sentNs + timeout
    qint64 answeredNs = -1; // when its reply was read
    CancellationToken token;
    std::coroutine_handle<> waiter;
    // The deadline list: every waiting request, earliest deadline first. Intrusive (the map's nodes do not
    // move), so adding and removing costs no allocation, and an answered request leaves it at once; the
    // usual insertion is at the end (one sweep, one timeout).
    Pending *earlier = nullptr;
    Pending *later = nullptr;
};

// Waits for a Pending to leave State::Waiting. A named local at the co_await (GCC 12, see toolchain.md).
class AwaitPending {
public:
    explicit AwaitPending(Pending *p)
        : m_pending(p) {}
    bool await_ready() const noexcept { return m_pending->state != Pending::State::Waiting; }
    void await_suspend(std::coroutine_handle<> handle) noexcept { m_pending->waiter = handle; }
    void await_resume() const noexcept {}

private:
    Pending *m_pending;
};

// How many replies one read wake-up takes at most before returning to the event loop: a flood of replies
// must not starve timers and painting (the notifier fires again while the socket has more).
constexpr int kMaxRepliesPerWake = 256;
// Asked for, so a burst of replies to thousands of probes in flight is not dropped before it is read; the
// kernel caps SO_RCVBUF at net.core.rmem_max unless the process may force it.
constexpr int kReceiveBufferBytes = 4 << 20;
// Replies are also read between sends, every this many requests: probes start in bursts (a sweep starts
// hundreds from one event-loop pass), and a receive queue that is emptied as it fills never overflows,
// even where the buffer could not be enlarged (an unprivileged datagram socket is capped by rmem_max).
constexpr int kSendsBetweenReads = 32;
// Datagrams taken per recvmmsg() call, and how much of each: the IPv4 header (at most 60 bytes) and the
// echo message are all we look at.
constexpr int kReadBatch = 32;
constexpr int kReadBytes = 128;
// Cancellation is polled: a token is checked this often while its request waits. A callback per request
// (CancellationToken::onCancel) costs a map insertion and removal per probe, more than the packet itself on
// loopback; a sweep being stopped does not notice 10 ms.
constexpr int kCancelPollMs = 10;
// While requests are with the sending thread, its records are collected at least this often (and whenever
// replies are read), so a silent host's deadline starts when its request really went out.
constexpr int kSentPollMs = 1;

} // namespace

struct IcmpEchoChannel::Impl {
    int fd = -1;
    bool v6 = false;
    bool raw = false;
    bool headerIncluded = false; // raw IPv4 with IP_HDRINCL: we write the IP header (cheaper to send)
    quint16 identifier = 0;      // raw sockets only; a datagram socket's is the kernel's
    icmp::Cookie cookie{};
    quint16 nextSequence = 1;
    int sendsSinceRead = 0;
    std::unique_ptr<QSocketNotifier> readable;
#ifdef Q_OS_UNIX
    std::unique_ptr<icmp::EchoSender> sender;
    std::vector<icmp::Sent> sentRecords; // reused by takeSent()
    std::vector<icmp::Outgoing> toSend;  // started in this event-loop pass, handed over together
#endif
    bool flushPosted = false;
    std::unordered_map<Key, Pending, KeyHash> pending;
    quint64 nextSerial = 1;
    int unsent = 0;      // handed to the sender, not yet recorded as sent
    int cancellable = 0; // pending requests whose token can be cancelled (they need polling)
    qint64 lastPollNs = 0;
    Pending *firstDeadline = nullptr;
    Pending *lastDeadline = nullptr;
    QTimer timer;     // the first deadline, the next cancellation poll, or the sender's records
    QTimer idleTimer; // an idle channel's linger
    quint64 idleEpoch = 0;
    IcmpEchoChannel *owner = nullptr;
    qint64 armedForNs = std::numeric_limits<qint64>::max();
    std::vector<std::coroutine_handle<>> woken; // to resume, all from one posted call
    bool resumePosted = false;

    void readReplies();
#ifdef Q_OS_UNIX
    void takeReply(const unsigned char *data, std::size_t length, const sockaddr_storage &from, qint64 now);
#endif
    void takeSent();
    void flushSends();
    // A free key for `address`, registered as pending; nullopt when 65,536 requests to it are in flight.
    std::optional<Key> reserve(const std::array<quint8, 16> &address);
    void release(const Key &key);
    void finish(Pending &p, Pending::State state);
    void resumeWoken();
    void link(Pending *p);
    void unlink(Pending *p);
    void onTimer();
    void arm();
    void becomeIdle();
    void wakeUp();
};

namespace {
// This thread's channel per family ([0] IPv4, [1] IPv6). Weak: the probes in flight own the channel, and
// while it lingers idle, t_lingering does.
thread_local std::weak_ptr<IcmpEchoChannel> t_channels[2];
thread_local std::shared_ptr<IcmpEchoChannel> t_lingering[2];

// Closes this thread's idle channels now. Called before the thread's event loop goes away (the main
// thread's when the application object is destroyed, a QThread's when it finishes), so a channel is never
// destroyed without one.
void closeLingering() {
    t_lingering[0].reset();
    t_lingering[1].reset();
}

void closeLingeringWithTheThread() {
    thread_local bool hooked = false;
    if (hooked)
        return;
    hooked = true;
    QCoreApplication *app = QCoreApplication::instance();
    if (app && app->thread() == QThread::currentThread()) {
        static std::once_flag once;
        std::call_once(once, [] { qAddPostRoutine(closeLingering); }); // runs in the main thread
    } else if (QThread *thread = QThread::currentThread()) {
        QObject::connect(thread, &QThread::finished, thread, closeLingering, Qt::DirectConnection);
    }
}
} // namespace

IcmpEchoChannel::IcmpEchoChannel(std::unique_ptr<Impl> impl)
    : d(std::move(impl)) {
    d->owner = this;
    ++g_openChannels;
    ++g_channelsOpened;
}

IcmpEchoChannel::~IcmpEchoChannel() {
    d->readable.reset();
#ifdef Q_OS_UNIX
    d->sender.reset(); // joins its thread before the socket goes
    ::close(d->fd);
#endif
    --g_openChannels;
}

int IcmpEchoChannel::openChannels() {
    return g_openChannels.load();
}

int IcmpEchoChannel::channelsOpened() {
    return g_channelsOpened.load();
}

void IcmpEchoChannel::setFirstSequenceForTesting(quint16 sequence) {
    t_firstSequence = sequence;
}

void IcmpEchoChannel::setIdleLingerForTesting(int ms) {
    g_lingerMs = ms;
}

// Nothing waits: keep the socket a while for the next probe, but stop listening (and the timer), so that
// nothing of the event loop's is needed any more to close it.
void IcmpEchoChannel::Impl::becomeIdle() {
    readable->setEnabled(false);
    timer.stop();
    armedForNs = std::numeric_limits<qint64>::max();
    t_lingering[v6 ? 1 : 0] = owner->shared_from_this();
    ++idleEpoch;
    idleTimer.start(g_lingerMs.load());
}

void IcmpEchoChannel::Impl::wakeUp() {
    idleTimer.stop();
    readable->setEnabled(true); // replies that came meanwhile are read, and dropped: nobody waits for them
    t_lingering[v6 ? 1 : 0].reset();
}

std::optional<Key> IcmpEchoChannel::Impl::reserve(const std::array<quint8, 16> &address) {
    Key key;
    key.address = address;
    for (int tried = 0; tried <= 0xffff; ++tried) {
        key.sequence = nextSequence++;
        if (const auto [it, added] = pending.try_emplace(key); added) {
            it->second.serial = nextSerial++;
            return key;
        }
    }
    return std::nullopt;
}

void IcmpEchoChannel::Impl::release(const Key &key) {
    const auto it = pending.find(key);
    if (it == pending.end())
        return;
    if (it->second.token.canBeCancelled())
        --cancellable;
    if (!it->second.recorded)
        --unsent; // its record, when it comes, finds no request and is dropped
    unlink(&it->second);
    pending.erase(it); // from now on a reply for this key is dropped
    if (pending.empty())
        becomeIdle();
}

// Ends the wait of `p` with `state`, unless it already ended. Its probe resumes from the event loop, with
// every other probe woken meanwhile, from one posted call: thousands of replies a second would otherwise
// post (and wake the event loop for) one call each.
void IcmpEchoChannel::Impl::finish(Pending &p, Pending::State state) {
    if (p.state != Pending::State::Waiting)
        return;
    p.state = state;
    unlink(&p);
    std::coroutine_handle<> waiter = std::exchange(p.waiter, {});
    if (!waiter)
        return; // not suspended yet: AwaitPending sees the state and does not wait
    woken.push_back(waiter);
    if (resumePosted)
        return;
    resumePosted = true;
    // Safe to capture `this`: while a woken probe waits to be resumed it holds the channel.
    QMetaObject::invokeMethod(
        detail::resumeContext(), [this] { resumeWoken(); }, Qt::QueuedConnection);
}

void IcmpEchoChannel::Impl::resumeWoken() {
    std::vector<std::coroutine_handle<>> batch;
    batch.swap(woken);
    woken.reserve(batch.size()); // one allocation per batch, not one per doubling
    resumePosted = false;
    // The last probe to finish may destroy the channel: nothing of `this` is touched after resuming.
    for (const std::coroutine_handle<> h : batch)
        h.resume();
}

void IcmpEchoChannel::Impl::link(Pending *p) {
    Pending *after = lastDeadline;
    while (after && after->deadlineNs > p->deadlineNs)
        after = after->earlier;
    p->earlier = after;
    p->later = after ? after->later : firstDeadline;
    (p->later ? p->later->earlier : lastDeadline) = p;
    (after ? after->later : firstDeadline) = p;
    p->linked = true;
    if (!timer.isActive() || p->deadlineNs < armedForNs)
        arm();
}

void IcmpEchoChannel::Impl::unlink(Pending *p) {
    if (!p->linked)
        return;
    (p->earlier ? p->earlier->later : firstDeadline) = p->later;
    (p->later ? p->later->earlier : lastDeadline) = p->earlier;
    p->earlier = p->later = nullptr;
    p->linked = false;
}

void IcmpEchoChannel::Impl::onTimer() {
    armedForNs = std::numeric_limits<qint64>::max();
    takeSent();
    if (cancellable > 0 && nowNs() - lastPollNs >= qint64(kCancelPollMs) * 1'000'000) {
        lastPollNs = nowNs();
        for (auto &[key, p] : pending) {
            if (p.state == Pending::State::Waiting && p.token.isCancelled())
                finish(p, Pending::State::Cancelled);
        }
    }
    // Within half a millisecond counts as due: the timer has millisecond resolution.
    const qint64 due = nowNs() + 500'000;
    while (firstDeadline && firstDeadline->deadlineNs <= due)
        finish(*firstDeadline, Pending::State::TimedOut); // unlinks it
    arm();
}

// Sets the timer for the earliest deadline, or the next cancellation poll if that comes first.
void IcmpEchoChannel::Impl::arm() {
    const qint64 now = nowNs();
    qint64 next = firstDeadline ? firstDeadline->deadlineNs : std::numeric_limits<qint64>::max();
    if (cancellable > 0)
        next = std::min(next, std::max(lastPollNs + qint64(kCancelPollMs) * 1'000'000, now));
    if (unsent > 0) // soon: what the sender sent gets its deadline
        next = std::min(next, now + qint64(kSentPollMs) * 1'000'000);
    if (next == std::numeric_limits<qint64>::max()) {
        timer.stop();
        armedForNs = next;
        return;
    }
    armedForNs = next;
    const qint64 waitNs = std::max<qint64>(next - now, 0);
    timer.start(int((waitNs + 999'999) / 1'000'000)); // rounded up: never before the deadline
}

#ifdef Q_OS_UNIX

namespace {

std::array<quint8, 16> addressBytes(const QHostAddress &host) {
    std::array<quint8, 16> bytes{};
    if (host.protocol() == QAbstractSocket::IPv6Protocol) {
        const Q_IPV6ADDR a = host.toIPv6Address();
        std::memcpy(bytes.data(), a.c, 16);
    } else {
        const quint32 a = qToBigEndian(host.toIPv4Address());
        std::memcpy(bytes.data(), &a, 4);
    }
    return bytes;
}

std::array<quint8, 16> addressBytes(const sockaddr_storage &from) {
    std::array<quint8, 16> bytes{};
    if (from.ss_family == AF_INET6)
        std::memcpy(bytes.data(), &reinterpret_cast<const sockaddr_in6 &>(from).sin6_addr, 16);
    else if (from.ss_family == AF_INET)
        std::memcpy(bytes.data(), &reinterpret_cast<const sockaddr_in &>(from).sin_addr, 4);
    return bytes;
}

socklen_t socketAddress(const QHostAddress &host, sockaddr_storage *to) {
    std::memset(to, 0, sizeof *to);
    if (host.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *a = reinterpret_cast<sockaddr_in6 *>(to);
        a->sin6_family = AF_INET6;
        const Q_IPV6ADDR bytes = host.toIPv6Address();
        std::memcpy(&a->sin6_addr, bytes.c, 16);
        // Link-local targets need their interface ("fe80::1%eth0").
        if (const QString scope = host.scopeId(); !scope.isEmpty()) {
            bool numeric = false;
            a->sin6_scope_id = scope.toUInt(&numeric);
            if (!numeric)
                a->sin6_scope_id = ::if_nametoindex(scope.toLocal8Bit().constData());
        }
        return sizeof(sockaddr_in6);
    }
    auto *a = reinterpret_cast<sockaddr_in *>(to);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(host.toIPv4Address());
    return sizeof(sockaddr_in);
}

// Keeps a raw socket from queuing what it will never use: everything but echo replies is dropped by the
// kernel before it is copied to us (on loopback that halves the work: our own requests arrive there too).
void acceptOnlyEchoReplies(int fd, bool v6) {
    if (v6) {
        icmp6_filter filter;
        ICMP6_FILTER_SETBLOCKALL(&filter);
        ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &filter);
        ::setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter);
    } else {
#ifdef Q_OS_LINUX
        icmp_filter filter{};
        filter.data = ~(1u << ICMP_ECHOREPLY); // a set bit drops that type
        ::setsockopt(fd, SOL_RAW, ICMP_FILTER, &filter, sizeof filter);
#endif
    }
}

void enlargeReceiveBuffer(int fd) {
    const int bytes = kReceiveBufferBytes;
#ifdef SO_RCVBUFFORCE
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) == 0)
        return;
#endif
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
}

} // namespace

std::shared_ptr<IcmpEchoChannel> IcmpEchoChannel::acquire(bool v6, QString *error) {
    std::weak_ptr<IcmpEchoChannel> &slot = t_channels[v6 ? 1 : 0];
    if (std::shared_ptr<IcmpEchoChannel> open = slot.lock()) {
        if (open->d->pending.empty())
            open->d->wakeUp();
        return open;
    }
    const int family = v6 ? AF_INET6 : AF_INET;
    const int protocol = v6 ? int(IPPROTO_ICMPV6) : int(IPPROTO_ICMP);
    auto impl = std::make_unique<Impl>();
    impl->v6 = v6;
    impl->fd = ::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (impl->fd < 0) {
        const QString datagramError = QString::fromLocal8Bit(std::strerror(errno));
        impl->fd = ::socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
        if (impl->fd < 0) {
            *error = tr("no ICMP socket (datagram: %1; raw: %2)")
                         .arg(datagramError, QString::fromLocal8Bit(std::strerror(errno)));
            return nullptr;
        }
        impl->raw = true;
        acceptOnlyEchoReplies(impl->fd, v6);
        if (!v6) {
            // Writing the IP header ourselves spares the kernel its generic path (and picking an IP id),
            // a good part of the cost of a request; without it the kernel writes the header as usual.
            const int on = 1;
            impl->headerIncluded = ::setsockopt(impl->fd, IPPROTO_IP, IP_HDRINCL, &on, sizeof on) == 0;
        }
    }
    enlargeReceiveBuffer(impl->fd);
    QRandomGenerator *random = QRandomGenerator::system();
    impl->identifier = quint16(random->generate());
    const quint64 cookie = random->generate64();
    std::memcpy(impl->cookie.data(), &cookie, impl->cookie.size());
    impl->nextSequence = t_firstSequence.value_or(quint16(random->generate()));

    Impl *d = impl.get();
    impl->readable = std::make_unique<QSocketNotifier>(impl->fd, QSocketNotifier::Read);
    QObject::connect(impl->readable.get(), &QSocketNotifier::activated, impl->readable.get(),
                     [d] { d->readReplies(); });
    impl->sender = std::make_unique<icmp::EchoSender>(impl->fd);
    impl->timer.setSingleShot(true);
    impl->timer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&impl->timer, &QTimer::timeout, &impl->timer, [d] { d->onTimer(); });
    impl->idleTimer.setSingleShot(true);
    // The linger ends from a posted call, not inside this timer's own signal (closing destroys the timer).
    QObject::connect(&impl->idleTimer, &QTimer::timeout, &impl->idleTimer, [d] {
        QMetaObject::invokeMethod(
            detail::resumeContext(),
            [family = d->v6 ? 1 : 0, epoch = d->idleEpoch] {
                std::shared_ptr<IcmpEchoChannel> &lingering = t_lingering[family];
                if (lingering && lingering->d->pending.empty() && lingering->d->idleEpoch == epoch)
                    lingering.reset();
            },
            Qt::QueuedConnection);
    });
    closeLingeringWithTheThread();
    std::shared_ptr<IcmpEchoChannel> channel(new IcmpEchoChannel(std::move(impl)));
    slot = channel;
    return channel;
}

void IcmpEchoChannel::Impl::takeReply(const unsigned char *data, std::size_t length,
                                      const sockaddr_storage &from, qint64 now) {
    const std::optional<icmp::EchoReply> reply = icmp::readEchoReply(data, length, v6, raw && !v6, cookie);
    if (!reply || (raw && reply->identifier != identifier))
        return; // not an echo reply, or someone else's
    Key key;
    key.sequence = reply->sequence;
    key.address = addressBytes(from);
    const auto it = pending.find(key);
    if (it == pending.end() || it->second.state != Pending::State::Waiting)
        return; // late (its probe has ended or given up) or a duplicate
    it->second.answeredNs = now;
    if (it->second.recorded)
        finish(it->second, Pending::State::Answered);
    // else: the reply beat the sender's record (on loopback it is made inside sendto()); takeSent()
    // finishes it with the send time.
}

void IcmpEchoChannel::Impl::readReplies() {
    takeSent();
    sendsSinceRead = 0;
    const qint64 now = nowNs();
#ifdef Q_OS_LINUX
    // Many datagrams per system call: at tens of thousands of replies a second the per-call cost counts.
    unsigned char buffers[kReadBatch][kReadBytes];
    sockaddr_storage from[kReadBatch];
    iovec vectors[kReadBatch];
    mmsghdr messages[kReadBatch];
    for (int taken = 0; taken < kMaxRepliesPerWake;) {
        for (int i = 0; i < kReadBatch; ++i) {
            vectors[i] = {buffers[i], kReadBytes};
            messages[i] = {};
            messages[i].msg_hdr.msg_name = &from[i];
            messages[i].msg_hdr.msg_namelen = sizeof from[i];
            messages[i].msg_hdr.msg_iov = &vectors[i];
            messages[i].msg_hdr.msg_iovlen = 1;
        }
        const int n = ::recvmmsg(fd, messages, kReadBatch, MSG_DONTWAIT, nullptr);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; // EAGAIN: all read
        for (int i = 0; i < n; ++i)
            takeReply(buffers[i], messages[i].msg_len, from[i], now);
        if (n < kReadBatch)
            return; // drained; the notifier fires again if more arrive
        taken += n;
    }
#else
    unsigned char buffer[kReadBytes];
    for (int taken = 0; taken < kMaxRepliesPerWake; ++taken) {
        sockaddr_storage from{};
        socklen_t fromLength = sizeof from;
        const ssize_t n =
            ::recvfrom(fd, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr *>(&from), &fromLength);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return; // EAGAIN: all read
        takeReply(buffer, std::size_t(n), from, now);
    }
#endif
}

void IcmpEchoChannel::Impl::flushSends() {
    flushPosted = false;
    sender->send(toSend);
    takeSent(); // what went out at once gets its deadline now
    // What the thread sends is collected soon, so its deadlines start on time.
    if (unsent > 0 && (!timer.isActive() || armedForNs > nowNs() + qint64(kSentPollMs) * 1'000'000))
        arm();
}

void IcmpEchoChannel::Impl::takeSent() {
    if (unsent == 0)
        return;
    sentRecords.clear();
    sender->takeSent(sentRecords);
    for (const icmp::Sent &r : sentRecords) {
        Key key;
        key.sequence = r.sequence;
        key.address = r.address;
        const auto it = pending.find(key);
        if (it == pending.end() || it->second.serial != r.serial)
            continue; // its probe has ended (cancelled)
        Pending &p = it->second;
        p.recorded = true;
        --unsent;
        if (p.state != Pending::State::Waiting)
            continue;
        if (r.sentNs < 0) {
            p.sendError = r.error;
            finish(p, r.transient ? Pending::State::SendFailed : Pending::State::NotSent);
            continue;
        }
        p.sentNs = r.sentNs;
        if (p.answeredNs >= 0) {
            finish(p, Pending::State::Answered);
            continue;
        }
        p.deadlineNs = r.sentNs + qint64(p.timeoutMs) * 1'000'000;
        link(&p);
    }
}

QCoro::Task<EchoOutcome> IcmpEchoChannel::echo(QHostAddress host, int timeoutMs, CancellationToken token) {
    EchoOutcome out;
    if (token.isCancelled()) {
        out.kind = EchoOutcome::Kind::Cancelled;
        co_return out;
    }
    const bool v6 = host.protocol() == QAbstractSocket::IPv6Protocol;
    QString error;
    const std::shared_ptr<IcmpEchoChannel> channel = acquire(v6, &error);
    if (!channel) {
        out.kind = EchoOutcome::Kind::Unavailable;
        out.detail = error;
        co_return out;
    }
    Impl *d = channel->d.get();
    const std::array<quint8, 16> address = addressBytes(host);
    const std::optional<Key> reserved = d->reserve(address);
    if (!reserved) {
        out.kind = EchoOutcome::Kind::SendFailed;
        out.detail = tr("too many echo requests to this host at once");
        co_return out;
    }
    const Key key = *reserved;
    Pending *entry = &d->pending.at(key); // stays put: the map's nodes never move
    entry->timeoutMs = timeoutMs;
    if (token.canBeCancelled()) {
        entry->token = token;
        ++d->cancellable;
    }

    // [IPv4 header, when we write it][ICMP echo request], to the sending thread.
    icmp::Outgoing request;
    request.sequence = key.sequence;
    request.address = address;
    request.serial = entry->serial;
    request.giveUpNs = nowNs() + qint64(timeoutMs) * 1'000'000;
    const std::size_t headerSize = d->headerIncluded ? icmp::kIpv4HeaderSize : 0;
    if (d->headerIncluded)
        icmp::writeIpv4Header(request.packet, host.toIPv4Address(), quint16(key.sequence | 1));
    icmp::writeEchoRequest(request.packet + headerSize, v6, d->identifier, key.sequence, d->cookie);
    request.size = headerSize + icmp::kEchoRequestSize;
    request.toLength = socketAddress(host, &request.to);
    if (++d->sendsSinceRead >= kSendsBetweenReads)
        d->readReplies();
    // Requests started in the same event-loop pass (a sweep starts them in bursts, or by the rate limit's
    // millisecond) go to the sending thread together: one wake-up of it per pass, not one per request.
    d->toSend.push_back(request);
    if (!d->flushPosted) {
        d->flushPosted = true;
        QMetaObject::invokeMethod(
            detail::resumeContext(),
            [weak = channel->weak_from_this()] {
                if (const std::shared_ptr<IcmpEchoChannel> alive = weak.lock())
                    alive->d->flushSends();
            },
            Qt::QueuedConnection);
    }
    ++d->unsent;

    AwaitPending awaiting(entry);
    co_await awaiting;
    const Pending ended = *entry;
    d->release(key);
    switch (ended.state) {
    case Pending::State::Answered:
        out.kind = EchoOutcome::Kind::Replied;
        out.latencyMs = double(std::max<qint64>(ended.answeredNs - ended.sentNs, 0)) / 1e6;
        break;
    case Pending::State::Cancelled:
        out.kind = EchoOutcome::Kind::Cancelled;
        break;
    case Pending::State::NotSent:
    case Pending::State::SendFailed:
        out.kind = ended.state == Pending::State::NotSent ? EchoOutcome::Kind::NotSent
                                                          : EchoOutcome::Kind::SendFailed;
        out.detail = QString::fromLocal8Bit(std::strerror(ended.sendError));
        break;
    case Pending::State::Waiting: // not reached: the wait ends only by leaving Waiting
    case Pending::State::TimedOut:
        out.kind = EchoOutcome::Kind::TimedOut;
        break;
    }
    co_return out;
}

#else // not Unix

std::shared_ptr<IcmpEchoChannel> IcmpEchoChannel::acquire(bool, QString *error) {
    *error = tr("ICMP echo sockets are not supported on this system");
    return nullptr;
}

void IcmpEchoChannel::Impl::readReplies() {}
void IcmpEchoChannel::Impl::flushSends() {
    flushPosted = false;
    sender->send(toSend);
    takeSent(); // what went out at once gets its deadline now
    // What the thread sends is collected soon, so its deadlines start on time.
    if (unsent > 0 && (!timer.isActive() || armedForNs > nowNs() + qint64(kSentPollMs) * 1'000'000))
        arm();
}

void IcmpEchoChannel::Impl::takeSent() {}
void IcmpEchoChannel::Impl::flushSends() {}

QCoro::Task<EchoOutcome> IcmpEchoChannel::echo(QHostAddress host, int timeoutMs, CancellationToken token) {
    Q_UNUSED(host);
    Q_UNUSED(timeoutMs);
    Q_UNUSED(token);
    EchoOutcome out;
    out.kind = EchoOutcome::Kind::Unavailable;
    out.detail = tr("ICMP echo sockets are not supported on this system");
    co_return out;
}

#endif

} // namespace infrahub
