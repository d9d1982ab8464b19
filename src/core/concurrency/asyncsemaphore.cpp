#include "asyncsemaphore.h"

#include "parkedcoroutine.h"

#include <QCoreApplication>

#include <algorithm>
#include <deque>

namespace infrahub {

namespace detail {

namespace {

struct SemaphoreWaiter {
    std::shared_ptr<ParkedCoroutine> slot = std::make_shared<ParkedCoroutine>();
    bool granted = false;
};

InfrahubError acquireCancelled() {
    return InfrahubError::make(
        InfrahubError::Kind::Cancelled,
        QCoreApplication::translate("infrahub::AsyncSemaphore", "Cancelled while waiting for a free slot."));
}

} // namespace

class SemaphoreState : public std::enable_shared_from_this<SemaphoreState> {
public:
    explicit SemaphoreState(int permits)
        : capacity(std::max(permits, 1))
        , available(capacity) {}

    SemaphorePermit makePermit() { return SemaphorePermit(shared_from_this()); }

    void release() {
        if (closed) {
            ++available;
            return;
        }
        // Hand the permit straight to the longest waiter instead of making it available: a newcomer
        // calling tryAcquire() before the waiter resumes must not overtake it.
        if (!waiters.empty()) {
            auto next = std::move(waiters.front());
            waiters.pop_front();
            next->granted = true;
            next->slot->wake();
            return;
        }
        ++available;
    }

    void remove(const std::shared_ptr<SemaphoreWaiter> &waiter) { std::erase(waiters, waiter); }

    void close() {
        closed = true;
        const auto queued = std::move(waiters);
        waiters.clear();
        for (const auto &waiter : queued)
            waiter->slot->wake();
    }

    const int capacity;
    int available;
    bool closed = false;
    std::deque<std::shared_ptr<SemaphoreWaiter>> waiters;
};

namespace {

QCoro::Task<Result<SemaphorePermit>> acquirePermit(std::shared_ptr<SemaphoreState> state,
                                                   CancellationToken token) {
    if (token.isCancelled() || state->closed)
        co_return acquireCancelled();
    if (state->available > 0 && state->waiters.empty()) {
        --state->available;
        co_return state->makePermit();
    }

    auto waiter = std::make_shared<SemaphoreWaiter>();
    state->waiters.push_back(waiter);
    std::weak_ptr<SemaphoreState> weakState = state;
    CancellationRegistration registration = token.onCancel([weakState, waiter] {
        if (waiter->granted)
            return; // it won the race; the permit is already ours
        if (auto s = weakState.lock())
            s->remove(waiter);
        waiter->slot->wake();
    });
    Park park{waiter->slot};
    co_await park;

    if (waiter->granted)
        co_return state->makePermit();
    co_return acquireCancelled();
}

} // namespace

} // namespace detail

SemaphorePermit &SemaphorePermit::operator=(SemaphorePermit &&other) noexcept {
    if (this != &other) {
        release();
        m_state = std::move(other.m_state);
    }
    return *this;
}

SemaphorePermit::~SemaphorePermit() {
    release();
}

void SemaphorePermit::release() {
    if (auto state = std::exchange(m_state, nullptr))
        state->release();
}

AsyncSemaphore::AsyncSemaphore(int permits)
    : m_state(std::make_shared<detail::SemaphoreState>(permits)) {}

AsyncSemaphore::~AsyncSemaphore() {
    m_state->close();
}

QCoro::Task<Result<AsyncSemaphore::Permit>> AsyncSemaphore::acquire(CancellationToken token) {
    return detail::acquirePermit(m_state, std::move(token));
}

std::optional<AsyncSemaphore::Permit> AsyncSemaphore::tryAcquire() {
    if (m_state->closed || m_state->available == 0 || !m_state->waiters.empty())
        return std::nullopt;
    --m_state->available;
    return m_state->makePermit();
}

int AsyncSemaphore::capacity() const {
    return m_state->capacity;
}

int AsyncSemaphore::available() const {
    return m_state->available;
}

int AsyncSemaphore::waiting() const {
    return int(m_state->waiters.size());
}

} // namespace infrahub
