#include "sshsocketwaiter.h"

namespace infrahub {

SshSocketWaiter::SshSocketWaiter(qintptr fd)
    : m_fd(fd)
    , m_readable(fd, QSocketNotifier::Read)
    , m_writable(fd, QSocketNotifier::Write) {
    m_readable.setEnabled(false);
    m_writable.setEnabled(false);
    QObject::connect(&m_readable, &QSocketNotifier::activated, &m_readable, [this] {
        stop();
        m_ready.set();
    });
    QObject::connect(&m_writable, &QSocketNotifier::activated, &m_writable, [this] {
        stop();
        m_ready.set();
    });
}

SshSocketWaiter::~SshSocketWaiter() {
    stop();
}

void SshSocketWaiter::stop() {
    m_readable.setEnabled(false);
    m_writable.setEnabled(false);
}

QCoro::Task<WaitOutcome> SshSocketWaiter::wait(bool alsoWritable, int timeoutMs, CancellationToken token) {
    m_ready = AsyncEvent();
    const AsyncEvent ready = m_ready; // the wait keeps its own event, whatever happens to the waiter
    m_readable.setEnabled(true);
    m_writable.setEnabled(alsoWritable);
    QCoro::Task<WaitOutcome> waiting = ready.wait(timeoutMs, token);
    // `this` is not touched after the wait: closing the session destroys the waiter and wakes us through
    // the token. A notifier left enabled by a timeout fires once more and disables itself.
    const WaitOutcome outcome = co_await waiting;
    co_return outcome;
}

} // namespace infrahub
