#include "cancellationtoken.h"

#include "parkedcoroutine.h"

#include <QAbstractEventDispatcher>
#include <QMetaObject>
#include <QPointer>
#include <QThread>

#include <atomic>
#include <map>

namespace infrahub {

namespace detail {

class CancellationState : public std::enable_shared_from_this<CancellationState> {
public:
    CancellationState()
        : m_owner(QThread::currentThread()) {}

    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire); }

    void cancel() {
        if (m_cancelled.exchange(true, std::memory_order_acq_rel))
            return;
        if (QThread::currentThread() == m_owner) {
            dispatch();
            return;
        }
        // Another thread: the flag is already visible to pollers; the callbacks go to the owner's event
        // loop. Its event dispatcher is a QObject living in that thread, so it can receive the call. If the
        // owner thread is gone there is nobody left to call back.
        QThread *owner = m_owner.data();
        if (QAbstractEventDispatcher *dispatcher =
                owner ? QAbstractEventDispatcher::instance(owner) : nullptr) {
            QMetaObject::invokeMethod(
                dispatcher, [self = shared_from_this()] { self->dispatch(); }, Qt::QueuedConnection);
        }
    }

    quint64 add(std::function<void()> callback) {
        const quint64 id = ++m_lastId;
        m_callbacks.emplace(id, std::move(callback));
        return id;
    }

    void remove(quint64 id) { m_callbacks.erase(id); }
    bool contains(quint64 id) const { return m_callbacks.contains(id); }

    // The link to a parent token lives here so that it is dropped together with this state.
    CancellationRegistration parentLink;

private:
    void dispatch() {
        // One at a time, straight from the map: a callback may unregister others (they are then skipped) or
        // destroy the objects that own registrations, and new registrations run inline in onCancel().
        while (!m_callbacks.empty()) {
            auto first = m_callbacks.begin();
            std::function<void()> callback = std::move(first->second);
            m_callbacks.erase(first);
            callback();
        }
    }

    QPointer<QThread> m_owner; // a QThread object may be deleted once its thread has finished
    std::atomic<bool> m_cancelled{false};
    std::map<quint64, std::function<void()>> m_callbacks;
    quint64 m_lastId = 0;
};

namespace {

QCoro::Task<> waitUntilCancelled(CancellationToken token) {
    auto slot = std::make_shared<ParkedCoroutine>();
    CancellationRegistration registration = token.onCancel([slot] { slot->wake(); });
    Park park{slot};
    co_await park;
}

} // namespace

} // namespace detail

CancellationRegistration::CancellationRegistration(CancellationRegistration &&other) noexcept
    : m_state(std::move(other.m_state))
    , m_id(std::exchange(other.m_id, 0)) {}

CancellationRegistration &CancellationRegistration::operator=(CancellationRegistration &&other) noexcept {
    if (this != &other) {
        reset();
        m_state = std::move(other.m_state);
        m_id = std::exchange(other.m_id, 0);
    }
    return *this;
}

CancellationRegistration::~CancellationRegistration() {
    reset();
}

void CancellationRegistration::reset() {
    if (auto state = m_state.lock())
        state->remove(m_id);
    m_state.reset();
    m_id = 0;
}

bool CancellationRegistration::isActive() const {
    auto state = m_state.lock();
    return state && state->contains(m_id);
}

bool CancellationToken::isCancelled() const {
    return m_state && m_state->isCancelled();
}

CancellationRegistration CancellationToken::onCancel(std::function<void()> callback) const {
    if (!m_state)
        return {};
    if (m_state->isCancelled()) {
        callback();
        return {};
    }
    return CancellationRegistration(m_state, m_state->add(std::move(callback)));
}

QCoro::Task<> CancellationToken::cancelled() const {
    // A free coroutine with the token by value: a member coroutine would keep `this`, which may be a
    // temporary token that is gone by the time the coroutine resumes.
    return detail::waitUntilCancelled(*this);
}

CancellationSource::CancellationSource()
    : m_state(std::make_shared<detail::CancellationState>()) {}

CancellationSource::CancellationSource(const CancellationToken &parent)
    : CancellationSource() {
    // Weak: the parent must not keep every child it ever had alive.
    std::weak_ptr<detail::CancellationState> child = m_state;
    m_state->parentLink = parent.onCancel([child] {
        if (auto state = child.lock())
            state->cancel();
    });
}

void CancellationSource::cancel() {
    m_state->cancel();
}

bool CancellationSource::isCancelled() const {
    return m_state->isCancelled();
}

} // namespace infrahub
