// A bounded FIFO channel between coroutines: producers co_await push() and are held back while the queue
// is full (backpressure), consumers co_await pop() and wait while it is empty. Hand-offs are direct and
// first come, first served on both sides: a waiting consumer receives an item straight from push(), and
// space freed by pop() goes to the longest-waiting producer. Use it from one thread.
#pragma once

#include "cancellationtoken.h"
#include "parkedcoroutine.h"

#include <QCoroTask>

#include <algorithm>
#include <deque>
#include <memory>
#include <optional>

namespace infrahub {

namespace detail {

template <typename T> struct QueuePusher {
    std::shared_ptr<ParkedCoroutine> slot = std::make_shared<ParkedCoroutine>();
    std::optional<T> item;
    bool accepted = false;
};

template <typename T> struct QueuePopper {
    std::shared_ptr<ParkedCoroutine> slot = std::make_shared<ParkedCoroutine>();
    std::optional<T> item;
};

template <typename T> struct AsyncQueueState {
    explicit AsyncQueueState(qsizetype capacity)
        : capacity(std::max<qsizetype>(capacity, 1)) {}

    // Places `item` without waiting, if possible: straight to a waiting consumer or into free space.
    bool offer(T &item) {
        if (!poppers.empty()) {
            auto popper = std::move(poppers.front());
            poppers.pop_front();
            popper->item.emplace(std::move(item));
            popper->slot->wake();
            return true;
        }
        if (qsizetype(items.size()) < capacity) {
            items.push_back(std::move(item));
            return true;
        }
        return false;
    }

    // After a pop: move waiting producers' items into the freed space, oldest first.
    void refill() {
        while (!pushers.empty() && qsizetype(items.size()) < capacity) {
            auto pusher = std::move(pushers.front());
            pushers.pop_front();
            items.push_back(std::move(*pusher->item));
            pusher->item.reset();
            pusher->accepted = true;
            pusher->slot->wake();
        }
    }

    std::optional<T> take() {
        if (items.empty())
            return std::nullopt;
        std::optional<T> item(std::move(items.front()));
        items.pop_front();
        refill();
        return item;
    }

    void close() {
        closed = true;
        // Waiting consumers only exist while the buffer is empty: they get "no more items".
        for (const auto &popper : std::exchange(poppers, {}))
            popper->slot->wake();
        // Producers still waiting for space are turned away; their push() returns false.
        for (const auto &pusher : std::exchange(pushers, {}))
            pusher->slot->wake();
    }

    const qsizetype capacity;
    std::deque<T> items;
    bool closed = false;
    std::deque<std::shared_ptr<QueuePusher<T>>> pushers;
    std::deque<std::shared_ptr<QueuePopper<T>>> poppers;
};

template <typename T>
QCoro::Task<bool> pushItem(std::shared_ptr<AsyncQueueState<T>> state, T item, CancellationToken token) {
    if (state->closed || token.isCancelled())
        co_return false;
    if (state->offer(item))
        co_return true;

    auto pusher = std::make_shared<QueuePusher<T>>();
    pusher->item.emplace(std::move(item));
    state->pushers.push_back(pusher);
    std::weak_ptr<AsyncQueueState<T>> weakState = state;
    CancellationRegistration registration = token.onCancel([weakState, pusher] {
        if (pusher->accepted)
            return;
        if (auto s = weakState.lock())
            std::erase(s->pushers, pusher);
        pusher->slot->wake();
    });
    Park park{pusher->slot};
    co_await park;
    co_return pusher->accepted;
}

template <typename T>
QCoro::Task<std::optional<T>> popItem(std::shared_ptr<AsyncQueueState<T>> state, CancellationToken token) {
    if (token.isCancelled())
        co_return std::nullopt;
    if (auto item = state->take())
        co_return std::move(item);
    if (state->closed)
        co_return std::nullopt;

    auto popper = std::make_shared<QueuePopper<T>>();
    state->poppers.push_back(popper);
    std::weak_ptr<AsyncQueueState<T>> weakState = state;
    CancellationRegistration registration = token.onCancel([weakState, popper] {
        if (popper->item)
            return; // an item was already handed over; it must not be lost
        if (auto s = weakState.lock())
            std::erase(s->poppers, popper);
        popper->slot->wake();
    });
    Park park{popper->slot};
    co_await park;
    co_return std::move(popper->item);
}

} // namespace detail

template <typename T> class AsyncQueue {
public:
    explicit AsyncQueue(qsizetype capacity)
        : m_state(std::make_shared<detail::AsyncQueueState<T>>(capacity)) {}
    // Closing wakes every waiter, so no coroutine is left suspended on a queue that is gone.
    ~AsyncQueue() { close(); }
    AsyncQueue(const AsyncQueue &) = delete;
    AsyncQueue &operator=(const AsyncQueue &) = delete;

    // True once the item is in the queue (or handed to a consumer). Waits while the queue is full; false
    // when the queue is or gets closed, or `token` is cancelled, before there was room.
    QCoro::Task<bool> push(T item, CancellationToken token = {}) {
        return detail::pushItem<T>(m_state, std::move(item), std::move(token));
    }
    // Without waiting; false (and the item dropped) when full or closed.
    bool tryPush(T item) { return !m_state->closed && m_state->offer(item); }

    // The oldest item. Waits while the queue is empty; std::nullopt once it is closed and drained, or when
    // `token` is cancelled (a cancelled token wins over queued items).
    QCoro::Task<std::optional<T>> pop(CancellationToken token = {}) {
        return detail::popItem<T>(m_state, std::move(token));
    }
    std::optional<T> tryPop() { return m_state->take(); }

    // No more items are accepted; queued ones can still be popped.
    void close() { m_state->close(); }
    // Removes and returns everything queued (used to account for items a cancelled pipeline never ran).
    std::deque<T> drain() {
        std::deque<T> items = std::exchange(m_state->items, {});
        m_state->refill();
        return items;
    }

    bool isClosed() const { return m_state->closed; }
    qsizetype size() const { return qsizetype(m_state->items.size()); }
    qsizetype capacity() const { return m_state->capacity; }
    qsizetype waitingProducers() const { return qsizetype(m_state->pushers.size()); }
    qsizetype waitingConsumers() const { return qsizetype(m_state->poppers.size()); }

private:
    std::shared_ptr<detail::AsyncQueueState<T>> m_state;
};

} // namespace infrahub
