#include "asyncevent.h"

#include "parkedcoroutine.h"

#include <QObject>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace infrahub {

namespace detail {

struct AsyncEventState {
    bool set = false;
    std::vector<std::shared_ptr<ParkedCoroutine>> waiters;
};

namespace {

QCoro::Task<WaitOutcome> waitForEvent(std::shared_ptr<AsyncEventState> state, int timeoutMs,
                                      CancellationToken token) {
    if (state->set)
        co_return WaitOutcome::Signalled;
    if (token.isCancelled())
        co_return WaitOutcome::Cancelled;
    if (timeoutMs == 0)
        co_return WaitOutcome::TimedOut;

    auto slot = std::make_shared<ParkedCoroutine>();
    state->waiters.push_back(slot);
    CancellationRegistration registration = token.onCancel([slot] { slot->wake(); });
    // Owned by this frame and destroyed after the posted resumption, never inside its own timeout().
    std::unique_ptr<QTimer> timer;
    if (timeoutMs > 0) {
        timer = std::make_unique<QTimer>();
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer);
        QObject::connect(timer.get(), &QTimer::timeout, [slot] { slot->wake(); });
        timer->start(timeoutMs);
    }
    Park park{slot};
    co_await park;

    std::erase(state->waiters, slot);
    // Decide by state, not by who woke us: several may have happened before we got to run.
    if (state->set)
        co_return WaitOutcome::Signalled;
    if (token.isCancelled())
        co_return WaitOutcome::Cancelled;
    co_return WaitOutcome::TimedOut;
}

QCoro::Task<bool> sleepCancellable(int ms, CancellationToken token) {
    AsyncEvent never;
    auto waiting = never.wait(std::max(ms, 0), token);
    const WaitOutcome outcome = co_await waiting;
    co_return outcome == WaitOutcome::TimedOut;
}

// Suspends and has the event loop resume the coroutine: the resumption is a posted event, and events
// posted while Qt delivers posted events wait for the next pass, so everything already pending runs first.
struct ResumeFromEventLoop {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> handle) const { resumeSoon(handle); }
    void await_resume() const noexcept {}
};

} // namespace

} // namespace detail

AsyncEvent::AsyncEvent()
    : m_state(std::make_shared<detail::AsyncEventState>()) {}

void AsyncEvent::set() {
    if (m_state->set)
        return;
    m_state->set = true;
    const auto waiters = std::move(m_state->waiters);
    m_state->waiters.clear();
    for (const auto &waiter : waiters)
        waiter->wake();
}

bool AsyncEvent::isSet() const {
    return m_state->set;
}

QCoro::Task<WaitOutcome> AsyncEvent::wait(int timeoutMs, CancellationToken token) const {
    return detail::waitForEvent(m_state, timeoutMs, std::move(token));
}

QCoro::Task<bool> delay(int ms, CancellationToken token) {
    return detail::sleepCancellable(ms, std::move(token));
}

QCoro::Task<> nextEventLoopPass() {
    detail::ResumeFromEventLoop pass;
    co_await pass;
}

} // namespace infrahub
