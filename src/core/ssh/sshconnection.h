// The state behind an SshSession, shared (std::shared_ptr) by the session object, its shells and every
// running operation: a coroutine suspended in a wait keeps the libssh session alive, so deleting the
// SshSession or closing it while an operation waits is safe. Closing cancels every operation's token;
// they resume, see the connection closed and return its reason without touching libssh again.
//
// Everything here runs on the thread that created it; libssh is used in non-blocking mode only and
// every wait goes through the SshSocketWaiter (a QSocketNotifier), so no call blocks the event loop.
// Operations take `lock` first: one libssh conversation at a time per connection (libssh keeps one
// pending call per session), while any number of connections run side by side.
#pragma once

#include "hostkeycheck.h"
#include "sshcredentials.h"
#include "sshsocketwaiter.h"
#include "sshtarget.h"
#include "sshtimeouts.h"

#include "client/infrahuberror.h"
#include "concurrency/asyncsemaphore.h"
#include "concurrency/cancellationtoken.h"

#include <QDeadlineTimer>
#include <QTimer>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace infrahub::detail {

// Where the session really goes once the ssh config was applied.
struct SshEndpoint {
    QString host; // after HostName
    int port = 22;
    QString user;
    QString proxyCommand; // empty: a direct TCP connection
    QString knownHostsFile;

    QString describe() const; // "user@host:port"
};

// A channel libssh may free under us: ssh_disconnect() frees every channel of the session, so holders
// keep this slot, which the connection empties when it closes.
struct SshChannelSlot {
    ssh_channel channel = nullptr;
};

// One operation's cancellation: the caller's token or the connection closing, whichever comes first.
class OperationCancellation {
public:
    OperationCancellation(const CancellationToken &caller, const CancellationToken &closing);
    CancellationToken token() const { return m_source.token(); }

private:
    CancellationSource m_source;
    CancellationRegistration m_closingLink;
};

// The result of driving a non-blocking libssh call to completion.
struct SshStep {
    int rc = SSH_ERROR;
    WaitOutcome stoppedBy = WaitOutcome::Signalled; // TimedOut or Cancelled: rc is the last "again"
    bool finished() const { return stoppedBy == WaitOutcome::Signalled; }
};

class SshConnection : public std::enable_shared_from_this<SshConnection> {
public:
    enum class State { New, Connecting, Connected, Authenticated, Closed };

    SshConnection(SshTarget target, SshCredentials credentials, SshTimeouts timeouts);
    ~SshConnection();
    SshConnection(const SshConnection &) = delete;
    SshConnection &operator=(const SshConnection &) = delete;

    // Creates the libssh session and applies the target and the ssh config (no network yet).
    Result<bool> configure();
    // Hands a connected socket to libssh; the connection closes it when it closes.
    void adoptSocket(int fd);

    // Calls `call` (a non-blocking libssh function) until it returns something other than `again`,
    // waiting for the socket in between, until `deadline` or `token`. Stops (Cancelled) once the
    // connection is closed.
    QCoro::Task<SshStep> drive(std::function<int()> call, int again, QDeadlineTimer deadline,
                               CancellationToken token);
    // One wait for the socket (readable, or writable while libssh has output queued).
    QCoro::Task<WaitOutcome> waitForSocket(QDeadlineTimer deadline, CancellationToken token);

    // libssh's last error message for this session ("" when none).
    QString lastError() const;
    // Whether libssh still considers the connection up (false after the server closed it or a socket
    // error).
    bool transportUp() const;

    bool isOpen() const { return m_state != State::Closed; }
    State state() const { return m_state; }
    void setState(State state);

    // Why the connection is closed: `reason` when it was lost, else "closed by the application".
    InfrahubError closedError() const;
    // Disconnects (idempotent). `reason` set: the connection was lost (it is reported through onLost).
    void close(std::optional<InfrahubError> reason = std::nullopt);
    // The connection broke while `doing` something: closes with a ConnectionLost error and returns it.
    InfrahubError lose(const QString &doing);
    // An operation stopped by its token: Cancelled, or the close reason when the connection was closed.
    InfrahubError stoppedError(WaitOutcome outcome, const InfrahubError &timeoutError) const;
    // This operation's turn: one call at a time per session, so every operation waits for `lock` first.
    // The permit, or why the wait stopped (cancelled, or the connection closed meanwhile).
    QCoro::Task<Result<SemaphorePermit>> waitTurn(CancellationToken token);

    std::shared_ptr<SshChannelSlot> adoptChannel(ssh_channel channel);
    // Closes and frees the slot's channel (no network wait: libssh finishes the close when the server's
    // answer comes in).
    void releaseChannel(SshChannelSlot &slot);

    void startKeepAlive();

    ssh_session session() const { return m_session; }
    const SshTarget &target() const { return m_target; }
    const SshCredentials &credentials() const { return m_credentials; }
    const SshTimeouts &timeouts() const { return m_timeouts; }
    const SshEndpoint &endpoint() const { return m_endpoint; }
    CancellationToken closingToken() const { return m_closing.token(); }

    AsyncSemaphore lock{1};
    std::function<void(const InfrahubError &)> onLost; // called once when the connection is lost
    std::function<void(State)> onStateChanged;

private:
    void keepAliveTick();
    void ensureWaiter();

    const SshTarget m_target;
    const SshCredentials m_credentials;
    const SshTimeouts m_timeouts;
    SshEndpoint m_endpoint;
    ssh_session m_session = nullptr;
    ssh_callbacks_struct m_callbacks{};
    int m_ownedFd = -1;
    std::unique_ptr<SshSocketWaiter> m_waiter;
    State m_state = State::New;
    CancellationSource m_closing;
    std::optional<InfrahubError> m_lostReason;
    std::vector<std::weak_ptr<SshChannelSlot>> m_channels;
    std::unique_ptr<QTimer> m_keepAlive;
    ssh_counter_struct m_received{}; // bytes and packets libssh read from the socket (for keep-alives)
    uint64_t m_receivedAtLastTick = 0;
    int m_missedKeepAlives = 0;
    bool m_keepAliveSent = false;
};

} // namespace infrahub::detail
