#include "parkedcoroutine.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QObject>
#include <QThread>

#include <utility>

namespace infrahub::detail {

QObject *resumeContext() {
    QCoreApplication *app = QCoreApplication::instance();
    if (app && app->thread() == QThread::currentThread())
        return app;
    thread_local std::unique_ptr<QObject> anchor;
    if (!anchor)
        anchor = std::make_unique<QObject>();
    return anchor.get();
}

void resumeSoon(std::coroutine_handle<> handle) {
    // Posted events are delivered in order, so coroutines woken in FIFO order also resume in FIFO order.
    QMetaObject::invokeMethod(
        resumeContext(), [handle] { handle.resume(); }, Qt::QueuedConnection);
}

void ParkedCoroutine::wake() {
    if (m_woken)
        return;
    m_woken = true;
    // No handle yet means the waiter has not suspended; await_ready() will see m_woken and not suspend.
    if (auto handle = std::exchange(m_handle, {}))
        resumeSoon(handle);
}

} // namespace infrahub::detail
