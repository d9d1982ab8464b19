// The one low-level wake-up mechanism of the concurrency toolkit: a suspended coroutine parked in a slot
// that timers, cancellations, semaphore releases or finished tasks can wake. Everything else
// (AsyncEvent, AsyncSemaphore, AsyncQueue, delays) is built on it, so there is one place that decides how
// a coroutine gets resumed.
#pragma once

#include <coroutine>
#include <memory>

class QObject;

namespace infrahub::detail {

// Resumes `handle` from the event loop of the calling thread, never inline. Whoever wakes a coroutine
// (cancel(), a permit release, a timer) therefore finishes its own work before the woken code runs, which
// rules out re-entrancy into half-updated state, and long hand-off chains (1,000 items through one
// permit) cannot grow the stack.
void resumeSoon(std::coroutine_handle<> handle);

// A QObject living in the calling thread, to post resumptions to (for code that batches its own): the
// application object on the main thread, one anchor per other thread (destroyed in it when it ends).
QObject *resumeContext();

// A slot one coroutine waits in. wake() is idempotent: the first call wins, later ones (a timer firing
// after a cancel, say) do nothing. Shared between the waiter and its wakers, so a waker may outlive the
// wait.
class ParkedCoroutine {
public:
    void wake();
    bool isWoken() const { return m_woken; }

private:
    friend class Park;
    std::coroutine_handle<> m_handle;
    bool m_woken = false;
};

// The awaiter for a ParkedCoroutine. Use it as a named local (`Park park{slot}; co_await park;`): GCC 12
// may destroy awaiter temporaries of a co_await expression twice.
class Park {
public:
    explicit Park(std::shared_ptr<ParkedCoroutine> slot)
        : m_slot(std::move(slot)) {}
    bool await_ready() const noexcept { return m_slot->m_woken; }
    void await_suspend(std::coroutine_handle<> handle) noexcept { m_slot->m_handle = handle; }
    void await_resume() const noexcept {}

private:
    std::shared_ptr<ParkedCoroutine> m_slot;
};

} // namespace infrahub::detail
