// Sends the echo requests of an IcmpEchoChannel from a thread of its own.
//
// Why a thread: sending is where the kernel does most of a probe's work (routing, building the packet and,
// on loopback or a veth pair, even the target's answer, which runs inside our sendto()). On its own thread
// that work runs next to the probes' thread instead of in front of it: a sweep of a /16 on loopback then
// takes the longer of the two, not their sum, and the GUI thread never sits in a system call that sends.
// The thread also waits out a full socket (EAGAIN) or a full device queue (ENOBUFS) until a request's
// deadline, blocking nobody but itself.
//
// Only fast sweeps use the thread. Below some 40,000 requests a second (a rate-limited sweep hands over a
// handful each millisecond) the requests are sent at once on the caller's thread, which has the time:
// waking another thread, and the caller again for the replies, would cost more CPU than it saves. A
// request that meets a full socket there is passed to the thread to wait it out.
//
// The channel keeps everything else (the requests in flight, replies, deadlines) on the probes' thread and
// learns what went out, and when, from takeSent(). If no thread can be started, send() sends at once on the
// caller's thread (and does not wait out a full socket). Unix only.
#pragma once

#include <QtGlobal>

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

#ifdef Q_OS_UNIX
#include <sys/socket.h>

namespace infrahub::icmp {

// A request to send. `sequence` and `address` are the channel's key for it, `serial` tells it from a
// later request with the same key.
struct Outgoing {
    quint16 sequence = 0;
    std::array<quint8, 16> address{};
    quint64 serial = 0;
    qint64 giveUpNs = 0; // a full socket or device queue is waited out until then (steady clock)
    std::size_t size = 0;
    unsigned char packet[48];
    sockaddr_storage to{};
    socklen_t toLength = 0;
};

// What became of a request.
struct Sent {
    quint16 sequence = 0;
    std::array<quint8, 16> address{};
    quint64 serial = 0;
    qint64 sentNs = -1;     // just before it went out (steady clock), -1 when it did not
    int error = 0;          // errno when it did not go out
    bool transient = false; // the error was a full socket or queue that did not clear in time
};

class EchoSender {
public:
    explicit EchoSender(int fd);
    ~EchoSender(); // stops the thread; requests not sent yet are dropped
    EchoSender(const EchoSender &) = delete;
    EchoSender &operator=(const EchoSender &) = delete;

    // Queues `requests` (and empties it) with one lock and at most one wake-up of the thread.
    void send(std::vector<Outgoing> &requests);
    // Appends to `out` what went out (or failed) since the last call.
    void takeSent(std::vector<Sent> &out);
    bool hasThread() const { return m_thread.joinable(); }

private:
    void run();
    Sent sendOne(const Outgoing &request, bool mayWait);
    void queue(std::vector<Outgoing> &requests);

    const int m_fd;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<Outgoing> m_queue; // guarded by m_mutex
    std::vector<Sent> m_sent;      // guarded by m_mutex
    bool m_sending = false;        // the thread is sending a batch; guarded by m_mutex
    // The recent request rate (caller's thread only), measured over windows of some milliseconds.
    qint64 m_windowStartNs = 0;
    std::size_t m_windowCount = 0;
    double m_perSecond = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

} // namespace infrahub::icmp

#endif
