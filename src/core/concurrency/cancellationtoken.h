// Cooperative cancellation. QCoro 0.8 cannot cancel a running coroutine, so cancellation is a request
// that operations observe: a CancellationSource owns the request, cheap CancellationToken copies are
// handed to operations, and an operation reacts either by polling isCancelled() or by registering a
// callback (the HTTP transport aborts its in-flight QNetworkReply there).
//
// Threading: a token belongs to the thread that created its source (the owner). cancel() and
// isCancelled() may be called from any thread; callbacks always run on the owner's thread (synchronously
// inside cancel() when that is called there, otherwise posted to the owner's event loop). onCancel(),
// registrations and cancelled() are for the owner's thread only.
#pragma once

#include <QCoroTask>

#include <functional>
#include <memory>

namespace infrahub {

namespace detail {
class CancellationState;
}

// Keeps a cancellation callback registered; destroying (or reset()ting) it unregisters the callback, so
// an operation that finished normally never gets called back into. Move-only.
class CancellationRegistration {
public:
    CancellationRegistration() = default;
    CancellationRegistration(CancellationRegistration &&other) noexcept;
    CancellationRegistration &operator=(CancellationRegistration &&other) noexcept;
    CancellationRegistration(const CancellationRegistration &) = delete;
    CancellationRegistration &operator=(const CancellationRegistration &) = delete;
    ~CancellationRegistration();

    // Unregisters the callback if it has not run yet. Safe to call from inside any cancellation callback.
    void reset();
    // True while the callback is registered and has not run.
    bool isActive() const;

private:
    friend class CancellationToken;
    CancellationRegistration(std::weak_ptr<detail::CancellationState> state, quint64 id)
        : m_state(std::move(state))
        , m_id(id) {}

    std::weak_ptr<detail::CancellationState> m_state;
    quint64 m_id = 0;
};

class CancellationToken {
public:
    // A token nobody can cancel (the default for "no cancellation wanted").
    CancellationToken() = default;

    bool isCancelled() const;
    // False for the default token: there is no source that could ever cancel it.
    bool canBeCancelled() const { return m_state != nullptr; }

    // Runs `callback` once, on the owner's thread, when cancellation is requested; immediately (before
    // returning) if it already was. Callbacks run in registration order and should be short: abort a
    // reply, wake a waiter. Keep the registration alive as long as the callback may run.
    [[nodiscard]] CancellationRegistration onCancel(std::function<void()> callback) const;

    // Completes when cancellation is requested. Never completes for a token that cannot be cancelled.
    QCoro::Task<> cancelled() const;

    // Tokens are equal when they observe the same source.
    friend bool operator==(const CancellationToken &a, const CancellationToken &b) {
        return a.m_state == b.m_state;
    }

private:
    friend class CancellationSource;
    explicit CancellationToken(std::shared_ptr<detail::CancellationState> state)
        : m_state(std::move(state)) {}

    std::shared_ptr<detail::CancellationState> m_state;
};

// Owns a cancellation request. Copies share it (cancel through any copy). A source can be linked to a
// parent token: cancelling the parent cancels this source too (never the other way round), which is how
// a batch hands each item its own token: item token <- batch stop <- caller's token.
class CancellationSource {
public:
    CancellationSource();
    explicit CancellationSource(const CancellationToken &parent);

    CancellationToken token() const { return CancellationToken(m_state); }
    // Requests cancellation; the first call runs the callbacks, later calls do nothing.
    void cancel();
    bool isCancelled() const;

private:
    std::shared_ptr<detail::CancellationState> m_state;
};

} // namespace infrahub
