// How a non-blocking libssh session waits without blocking the event loop: libssh answers SSH_AGAIN,
// the caller co_awaits wait() and calls libssh again once the socket can be read (always of interest:
// the server may send at any time) or written (only while libssh has output queued, as
// ssh_get_poll_flags() reports), or when the timeout passes or the token is cancelled.
//
// One waiter per session socket, owning the two QSocketNotifiers (Qt allows one notifier per socket and
// type). The notifiers are enabled only during a wait: they are level-triggered, so a readable socket
// nobody reads from would otherwise wake the event loop over and over. One wait at a time: the session
// runs one operation at a time.
#pragma once

#include "concurrency/asyncevent.h"

#include <QSocketNotifier>

#include <memory>

namespace infrahub {

class SshSocketWaiter {
public:
    explicit SshSocketWaiter(qintptr fd);
    ~SshSocketWaiter();
    SshSocketWaiter(const SshSocketWaiter &) = delete;
    SshSocketWaiter &operator=(const SshSocketWaiter &) = delete;

    qintptr fd() const { return m_fd; }

    // Signalled when the socket became readable (or writable, with `alsoWritable`). `timeoutMs` < 0
    // waits without a time limit.
    QCoro::Task<WaitOutcome> wait(bool alsoWritable, int timeoutMs, CancellationToken token);

private:
    void stop();

    const qintptr m_fd;
    QSocketNotifier m_readable;
    QSocketNotifier m_writable;
    AsyncEvent m_ready;
};

} // namespace infrahub
