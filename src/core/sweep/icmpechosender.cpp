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
    if (!m_thread.joinable()) {
        for (const Outgoing &request : requests) {
            const Sent sent = sendOne(request, false);
            std::lock_guard lock(m_mutex);
            m_sent.push_back(sent);
        }
        requests.clear();
        return;
    }
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
