#include "icmpechosender.h"

#ifdef Q_OS_UNIX

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <system_error>

#include <poll.h>
#include <pthread.h>
#include <time.h>

namespace infrahub::icmp {

namespace {

qint64 nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// What went out is handed back this often while a long burst is being sent, so replies and deadlines can
// be matched to their send times without waiting for the end of the burst.
constexpr std::size_t kPublishEvery = 32;
// From this rate on, or from a burst this big, requests go to the thread (while it has nothing to do;
// otherwise they always join its queue).
constexpr double kThreadFromPerSecond = 40'000;
constexpr std::size_t kThreadFromBurst = 128;
constexpr qint64 kRateWindowNs = 10'000'000;

} // namespace

EchoSender::EchoSender(int fd)
    : m_fd(fd) {
    try {
        m_thread = std::thread([this] { run(); });
#ifdef Q_OS_LINUX
        pthread_setname_np(m_thread.native_handle(), "icmp-echo-send");
#endif
    } catch (const std::system_error &) {
        // No thread: send() sends on the caller's thread.
    }
}

EchoSender::~EchoSender() {
    m_stop = true;
    {
        std::lock_guard lock(m_mutex); // no wake-up lost between the thread's check and its wait
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
}

void EchoSender::send(std::vector<Outgoing> &requests) {
    const qint64 now = nowNs();
    m_windowCount += requests.size();
    if (now - m_windowStartNs >= kRateWindowNs) {
        m_perSecond = double(m_windowCount) * 1e9 / double(now - m_windowStartNs);
        m_windowStartNs = now;
        m_windowCount = 0;
    }
    bool inline_ = !m_thread.joinable();
    if (!inline_ && m_perSecond < kThreadFromPerSecond && requests.size() < kThreadFromBurst) {
        std::lock_guard lock(m_mutex);
        inline_ = m_queue.empty() && !m_sending;
    }
    if (!inline_) {
        queue(requests);
        return;
    }
    std::vector<Sent> done;
    std::vector<Outgoing> blocked; // met a full socket: the thread waits that out
    for (const Outgoing &request : requests) {
        const Sent sent = sendOne(request, false);
        if (sent.transient && m_thread.joinable())
            blocked.push_back(request);
        else
            done.push_back(sent);
    }
    requests.clear();
    {
        std::lock_guard lock(m_mutex);
        m_sent.insert(m_sent.end(), done.begin(), done.end());
    }
    if (!blocked.empty())
        queue(blocked);
}

void EchoSender::queue(std::vector<Outgoing> &requests) {
    bool wasEmpty = false;
    {
        std::lock_guard lock(m_mutex);
        wasEmpty = m_queue.empty();
        m_queue.insert(m_queue.end(), requests.begin(), requests.end());
    }
    requests.clear();
    if (wasEmpty)
        m_wake.notify_one();
}

void EchoSender::takeSent(std::vector<Sent> &out) {
    std::lock_guard lock(m_mutex);
    out.insert(out.end(), m_sent.begin(), m_sent.end());
    m_sent.clear();
}

void EchoSender::run() {
    std::vector<Outgoing> batch;
    std::vector<Sent> done;
    std::unique_lock lock(m_mutex);
    while (true) {
        m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
        if (m_stop)
            return;
        batch.swap(m_queue);
        m_sending = true;
        lock.unlock();
        for (std::size_t i = 0; i < batch.size() && !m_stop; ++i) {
            done.push_back(sendOne(batch[i], true));
            if (done.size() >= kPublishEvery || i + 1 == batch.size()) {
                std::lock_guard published(m_mutex);
                m_sent.insert(m_sent.end(), done.begin(), done.end());
                done.clear();
            }
        }
        batch.clear();
        done.clear();
        lock.lock();
        m_sending = false;
    }
}

Sent EchoSender::sendOne(const Outgoing &request, bool mayWait) {
    Sent sent;
    sent.sequence = request.sequence;
    sent.address = request.address;
    sent.serial = request.serial;
    int backOffMs = 1;
    while (true) {
        const qint64 before = nowNs();
        if (::sendto(m_fd, request.packet, request.size, 0, reinterpret_cast<const sockaddr *>(&request.to),
                     request.toLength) >= 0) {
            sent.sentNs = before;
            return sent;
        }
        const int err = errno;
        if (err == EINTR)
            continue;
        const bool full = err == EAGAIN || err == EWOULDBLOCK;
        const bool noBuffers = err == ENOBUFS || err == ENOMEM;
        const qint64 leftMs = (request.giveUpNs - nowNs()) / 1'000'000;
        if ((!full && !noBuffers) || !mayWait || leftMs <= 0 || m_stop) {
            sent.error = err;
            sent.transient = full || noBuffers;
            return sent;
        }
        // Not an answer from the host: our side is out of room. Wait for it (a little at a time, so a
        // stop is noticed), then send again.
        if (full) {
            pollfd p{m_fd, POLLOUT, 0};
            ::poll(&p, 1, int(std::min<qint64>(leftMs, 10)));
        } else {
            const timespec pause{0, long(std::min<qint64>(backOffMs, leftMs)) * 1'000'000};
            ::nanosleep(&pause, nullptr);
            backOffMs = std::min(backOffMs * 2, 50);
        }
    }
}

} // namespace infrahub::icmp

#endif
