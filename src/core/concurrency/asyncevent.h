// A one-shot event coroutines can wait for, with a timeout and a cancellation token: the "whichever comes
// first" that QCoro 0.8 lacks (it has no whenAny). The toolkit uses it to wait for a task with a deadline,
// and delay() is a wait on an event nobody sets.
#pragma once

#include "cancellationtoken.h"

#include <QCoroTask>

#include <memory>

namespace infrahub {

namespace detail {
struct AsyncEventState;
}

enum class WaitOutcome {
    Signalled, // the event was set (wins when several things happened before the waiter resumed)
    TimedOut,
    Cancelled,
};

// Copies share the event. Once set it stays set; waits that start afterwards complete at once.
class AsyncEvent {
public:
    AsyncEvent();

    // Wakes every current waiter (they resume from the event loop, not inside set()).
    void set();
    bool isSet() const;

    // Waits until the event is set, `timeoutMs` passed (negative: no timeout; 0: just poll) or `token` is
    // cancelled. Nothing blocks: the wait is a QTimer plus a cancellation callback.
    QCoro::Task<WaitOutcome> wait(int timeoutMs = -1, CancellationToken token = {}) const;

private:
    std::shared_ptr<detail::AsyncEventState> m_state;
};

// Sleeps for `ms` without blocking the event loop. Returns false when `token` was cancelled first, at
// which point it returns promptly instead of finishing the sleep.
QCoro::Task<bool> delay(int ms, CancellationToken token = {});

// Lets the event loop run one pass (timers, input, painting, other coroutines) before the caller goes on:
// long work on the UI thread (the final account of a 65,534-item job) is cut into slices with it, so no
// slice keeps the window from repainting for a frame.
QCoro::Task<> nextEventLoopPass();

} // namespace infrahub
