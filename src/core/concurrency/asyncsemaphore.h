// A counting semaphore for coroutines: bounds how many operations run at once ("never fire N thousand
// requests at once"). Waiters are served strictly first come, first served, a released permit is handed
// straight to the longest waiter (no barging), and a waiter whose token is cancelled leaves the queue.
// Like the rest of the toolkit (except CancellationSource::cancel()), use it from one thread.
#pragma once

#include "cancellationtoken.h"

#include "client/infrahuberror.h"

#include <QCoroTask>

#include <memory>
#include <optional>

namespace infrahub {

namespace detail {
class SemaphoreState;
}

// One unit of the semaphore's capacity, given back when the permit is destroyed or release()d. Movable,
// so it can be handed to whatever finishes the work; an empty (default or moved-from) permit holds
// nothing.
class SemaphorePermit {
public:
    SemaphorePermit() = default;
    SemaphorePermit(SemaphorePermit &&other) noexcept = default;
    SemaphorePermit &operator=(SemaphorePermit &&other) noexcept;
    SemaphorePermit(const SemaphorePermit &) = delete;
    SemaphorePermit &operator=(const SemaphorePermit &) = delete;
    ~SemaphorePermit();

    void release();
    bool isValid() const { return m_state != nullptr; }

private:
    friend class detail::SemaphoreState;
    explicit SemaphorePermit(std::shared_ptr<detail::SemaphoreState> state)
        : m_state(std::move(state)) {}

    std::shared_ptr<detail::SemaphoreState> m_state;
};

class AsyncSemaphore {
public:
    using Permit = SemaphorePermit;

    explicit AsyncSemaphore(int permits);
    // Waiters still queued get a Cancelled result; permits still out stay valid and are simply dropped.
    ~AsyncSemaphore();
    AsyncSemaphore(const AsyncSemaphore &) = delete;
    AsyncSemaphore &operator=(const AsyncSemaphore &) = delete;

    // A permit, or InfrahubError::Kind::Cancelled when `token` is (or gets) cancelled before one is free.
    // A waiter that was already handed a permit keeps it even if the token is cancelled afterwards.
    QCoro::Task<Result<Permit>> acquire(CancellationToken token = {});
    // A permit if one is free right now and nobody is queued ahead.
    std::optional<Permit> tryAcquire();

    int capacity() const;
    int available() const;
    int waiting() const;

private:
    std::shared_ptr<detail::SemaphoreState> m_state;
};

} // namespace infrahub
