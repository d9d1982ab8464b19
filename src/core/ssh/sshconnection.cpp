#include "sshconnection.h"

#include "sshdeadline.h"
#include "ssherrors.h"
#include "sshkeyloader.h"
#include "sshproxyjump.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <libssh/server.h> // ssh_send_keepalive() is declared there, but works for clients too

#ifdef Q_OS_UNIX
#include <poll.h>
#include <unistd.h>
#endif

namespace infrahub::detail {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("SshSession", text);
}

QString takeOption(ssh_session session, ssh_options_e option) {
    char *value = nullptr;
    if (ssh_options_get(session, option, &value) != SSH_OK || value == nullptr)
        return {};
    const QString text = QString::fromUtf8(value);
    ssh_string_free_char(value);
    return text;
}

bool setOption(ssh_session session, ssh_options_e option, const QString &value) {
    const QByteArray bytes = value.toUtf8();
    return ssh_options_set(session, option, bytes.constData()) == SSH_OK;
}

// The ssh config's UserKnownHostsFile may use ~ and %d (the ssh directory), like OpenSSH's.
QString expandSshPath(QString path) {
    const QString home = QDir::homePath();
    path.replace(QLatin1String("%d"), home + QLatin1String("/.ssh"));
    path.replace(QLatin1String("%%"), QLatin1String("%"));
    if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
        path = home + path.mid(1);
    return path;
}

// Whether the socket has unread input, without consuming it: the server said something since libssh
// last read (only used while the connection is idle).
bool hasInput(int fd) {
#ifdef Q_OS_UNIX
    pollfd entry{fd, POLLIN, 0};
    return ::poll(&entry, 1, 0) > 0 && (entry.revents & (POLLIN | POLLHUP | POLLERR));
#else
    Q_UNUSED(fd);
    return true; // without a cheap check, a silent server is left to TCP and the operations' timeouts
#endif
}

} // namespace

QString SshEndpoint::describe() const {
    QString text = user.isEmpty() ? host : user + QLatin1Char('@') + host;
    if (port != 22)
        text += QLatin1Char(':') + QString::number(port);
    return text;
}

OperationCancellation::OperationCancellation(const CancellationToken &caller,
                                             const CancellationToken &closing)
    : m_source(caller) {
    m_closingLink = closing.onCancel([source = m_source]() mutable { source.cancel(); });
}

SshConnection::SshConnection(SshTarget target, SshCredentials credentials, SshTimeouts timeouts)
    : m_target(std::move(target))
    , m_credentials(std::move(credentials))
    , m_timeouts(timeouts) {}

SshConnection::~SshConnection() {
    close();
    if (m_session)
        ssh_free(m_session);
}

void SshConnection::setState(State state) {
    if (m_state == state)
        return;
    m_state = state;
    if (onStateChanged)
        onStateChanged(state);
}

Result<bool> SshConnection::configure() {
    auto invalid = [this](const QString &why) {
        return ssherrors::make(InfrahubError::Kind::Validation, ssherrors::code::Configuration,
                               tr("Cannot connect to %1: %2").arg(m_target.describe(), why));
    };
    if (m_target.host.trimmed().isEmpty())
        return invalid(tr("no host given."));
    m_session = ssh_new();
    if (m_session == nullptr)
        return invalid(tr("the SSH library could not create a session."));
    ssh_set_blocking(m_session, 0);

    if (!setOption(m_session, SSH_OPTIONS_HOST, m_target.host.trimmed()))
        return invalid(tr("\"%1\" is not a usable host name.").arg(m_target.host));
    if (!m_target.user.isEmpty() && !setOption(m_session, SSH_OPTIONS_USER, m_target.user))
        return invalid(tr("\"%1\" is not a usable user name.").arg(m_target.user));

    // Read the ssh config now rather than letting ssh_connect() do it, so the endpoint is known before
    // connecting. Values set before (the user) win over the config; values set after (port, proxy,
    // known_hosts, host key strictness) override it.
    if (!m_target.readSshConfig) {
        bool process = false;
        ssh_options_set(m_session, SSH_OPTIONS_PROCESS_CONFIG, &process);
    } else if (!m_target.sshConfigFile.isEmpty()) {
        if (!QFileInfo(m_target.sshConfigFile).isFile())
            return invalid(tr("the ssh config file %1 does not exist.").arg(m_target.sshConfigFile));
        const QByteArray path = QFile::encodeName(m_target.sshConfigFile);
        if (ssh_options_parse_config(m_session, path.constData()) != 0)
            return invalid(
                tr("the ssh config file %1 could not be read: %2").arg(m_target.sshConfigFile, lastError()));
    } else if (ssh_options_parse_config(m_session, nullptr) != 0) {
        return invalid(tr("the ssh configuration (~/.ssh/config, /etc/ssh/ssh_config) could not be read: %1")
                           .arg(lastError()));
    }

    if (m_target.port > 0) {
        int port = m_target.port;
        if (port > 65535 || ssh_options_set(m_session, SSH_OPTIONS_PORT, &port) != SSH_OK)
            return invalid(tr("%1 is not a valid port.").arg(m_target.port));
    }
    if (!m_target.proxyJump.isEmpty()) {
        const Result<QString> command = proxyCommandForJump(m_target.proxyJump);
        if (!command)
            return invalid(command.error().message);
        setOption(m_session, SSH_OPTIONS_PROXYCOMMAND, command.value());
    }

    QString knownHosts = m_target.knownHostsFile;
    if (knownHosts.isEmpty())
        knownHosts = takeOption(m_session, SSH_OPTIONS_KNOWNHOSTS); // the ssh config's UserKnownHostsFile
    knownHosts = knownHosts.isEmpty() ? QDir::homePath() + QLatin1String("/.ssh/known_hosts")
                                      : expandSshPath(knownHosts);
    setOption(m_session, SSH_OPTIONS_KNOWNHOSTS, knownHosts);
    // We make the host key decision ourselves; "StrictHostKeyChecking no" in an ssh config must not let
    // libssh report an unknown host as known.
    int strict = 1;
    ssh_options_set(m_session, SSH_OPTIONS_STRICTHOSTKEYCHECK, &strict);

    if (!m_credentials.agentSocket.isEmpty()) {
        setOption(m_session, SSH_OPTIONS_IDENTITY_AGENT, m_credentials.agentSocket);
    } else if (!m_credentials.useAgent) {
        // libssh's default-key authentication always asks the agent first; a path no agent can listen
        // on keeps it out (connecting to /dev/null as a socket fails at once).
        setOption(m_session, SSH_OPTIONS_IDENTITY_AGENT, QStringLiteral("/dev/null"));
    }

    ssh_callbacks_init(&m_callbacks);
    m_callbacks.auth_function = refusePassphrasePrompt; // a default key that needs one is skipped
    ssh_set_callbacks(m_session, &m_callbacks);

    m_endpoint.host = takeOption(m_session, SSH_OPTIONS_HOST);
    unsigned int port = 22;
    ssh_options_get_port(m_session, &port);
    m_endpoint.port = int(port);
    m_endpoint.user = takeOption(m_session, SSH_OPTIONS_USER);
    if (m_endpoint.user.isEmpty()) {
        ssh_options_set(m_session, SSH_OPTIONS_USER, nullptr); // the local user, as ssh does
        m_endpoint.user = takeOption(m_session, SSH_OPTIONS_USER);
    }
    m_endpoint.proxyCommand = takeOption(m_session, SSH_OPTIONS_PROXYCOMMAND);
    m_endpoint.knownHostsFile = knownHosts;
    return true;
}

void SshConnection::adoptSocket(int fd) {
    m_ownedFd = fd;
    socket_t socket = fd;
    ssh_options_set(m_session, SSH_OPTIONS_FD, &socket);
    m_waiter = std::make_unique<SshSocketWaiter>(fd);
}

void SshConnection::ensureWaiter() {
    // With a ProxyCommand libssh makes the socket (a socketpair to the command) in the first
    // ssh_connect() call.
    const socket_t fd = ssh_get_fd(m_session);
    if (fd == SSH_INVALID_SOCKET)
        return;
    if (!m_waiter || m_waiter->fd() != qintptr(fd))
        m_waiter = std::make_unique<SshSocketWaiter>(fd);
}

QCoro::Task<WaitOutcome> SshConnection::waitForSocket(QDeadlineTimer deadline, CancellationToken token) {
    if (!isOpen())
        co_return WaitOutcome::Cancelled;
    ensureWaiter();
    const int timeoutMs = remainingMs(deadline);
    if (!m_waiter) { // no socket yet (cannot happen after ssh_connect): poll again shortly
        QCoro::Task<bool> sleeping = delay(timeoutMs < 0 ? 10 : std::min(timeoutMs, 10), token);
        const bool slept = co_await sleeping;
        co_return slept ? (remainingMs(deadline) == 0 ? WaitOutcome::TimedOut : WaitOutcome::Signalled)
                        : WaitOutcome::Cancelled;
    }
    const bool alsoWritable = (ssh_get_poll_flags(m_session) & SSH_WRITE_PENDING) != 0;
    QCoro::Task<WaitOutcome> waiting = m_waiter->wait(alsoWritable, timeoutMs, token);
    const WaitOutcome outcome = co_await waiting;
    co_return outcome;
}

QCoro::Task<SshStep> SshConnection::drive(std::function<int()> call, int again, QDeadlineTimer deadline,
                                          CancellationToken token) {
    SshStep step;
    while (true) {
        if (!isOpen()) {
            step.stoppedBy = WaitOutcome::Cancelled;
            co_return step;
        }
        step.rc = call();
        if (step.rc != again)
            co_return step;
        QCoro::Task<WaitOutcome> waiting = waitForSocket(deadline, token);
        const WaitOutcome outcome = co_await waiting;
        if (outcome != WaitOutcome::Signalled) {
            step.stoppedBy = outcome;
            co_return step;
        }
    }
}

QString SshConnection::lastError() const {
    if (m_session == nullptr)
        return {};
    return QString::fromUtf8(ssh_get_error(m_session));
}

bool SshConnection::transportUp() const {
    if (m_session == nullptr || !isOpen())
        return false;
    const int status = ssh_get_status(m_session);
    return ssh_is_connected(m_session) && !(status & (SSH_CLOSED | SSH_CLOSED_ERROR));
}

InfrahubError SshConnection::closedError() const {
    if (m_lostReason)
        return *m_lostReason;
    return ssherrors::make(InfrahubError::Kind::Cancelled, ssherrors::code::Cancelled,
                           tr("The SSH session with %1 was closed.").arg(m_endpoint.describe()));
}

QCoro::Task<Result<SemaphorePermit>> SshConnection::waitTurn(CancellationToken token) {
    QCoro::Task<Result<SemaphorePermit>> acquiring = lock.acquire(token);
    Result<SemaphorePermit> permit = co_await acquiring;
    if (!permit)
        co_return stoppedError(WaitOutcome::Cancelled, permit.error());
    co_return permit;
}

InfrahubError SshConnection::stoppedError(WaitOutcome outcome, const InfrahubError &timeoutError) const {
    if (!isOpen())
        return closedError();
    if (outcome == WaitOutcome::TimedOut)
        return timeoutError;
    return ssherrors::make(InfrahubError::Kind::Cancelled, ssherrors::code::Cancelled,
                           tr("Cancelled (%1).").arg(m_endpoint.describe()));
}

InfrahubError SshConnection::lose(const QString &doing) {
    if (!isOpen())
        return closedError();
    QString why = lastError();
    if (why.isEmpty())
        why = tr("the connection was closed");
    const InfrahubError error = ssherrors::make(
        InfrahubError::Kind::NotReachable, ssherrors::code::ConnectionLost,
        tr("The connection to %1 was lost while %2 (%3).").arg(m_endpoint.describe(), doing, why));
    close(error);
    return error;
}

void SshConnection::close(std::optional<InfrahubError> reason) {
    if (m_state == State::Closed)
        return;
    const bool wasLost = reason.has_value();
    m_lostReason = std::move(reason);
    m_state = State::Closed;
    if (m_keepAlive) { // close() may run inside the timer's own timeout()
        m_keepAlive->stop();
        m_keepAlive.release()->deleteLater();
    }
    // The notifiers go before the socket does; ssh_disconnect() frees every channel, so their holders
    // are told first.
    m_waiter.reset();
    for (const auto &weak : m_channels) {
        if (auto slot = weak.lock())
            slot->channel = nullptr;
    }
    m_channels.clear();
    if (m_session)
        ssh_disconnect(m_session); // sends SSH_MSG_DISCONNECT if it can, never waits
                                   // libssh does not close a socket it was given (SSH_OPTIONS_FD).
#ifdef Q_OS_UNIX
    if (m_ownedFd >= 0)
        ::close(m_ownedFd);
#endif
    m_ownedFd = -1;
    m_closing.cancel(); // wakes every waiting operation
    if (onStateChanged)
        onStateChanged(State::Closed);
    if (wasLost && onLost)
        onLost(*m_lostReason);
}

std::shared_ptr<SshChannelSlot> SshConnection::adoptChannel(ssh_channel channel) {
    std::erase_if(m_channels, [](const std::weak_ptr<SshChannelSlot> &slot) { return slot.expired(); });
    auto slot = std::make_shared<SshChannelSlot>();
    slot->channel = channel;
    m_channels.push_back(slot);
    return slot;
}

void SshConnection::releaseChannel(SshChannelSlot &slot) {
    if (slot.channel == nullptr)
        return;
    // ssh_channel_free() sends the close if the channel is open and frees it once the server confirms;
    // in non-blocking mode neither waits.
    ssh_channel_free(slot.channel);
    slot.channel = nullptr;
}

void SshConnection::startKeepAlive() {
    if (m_timeouts.keepAliveIntervalMs <= 0 || m_keepAlive)
        return;
    ssh_set_counters(m_session, &m_received, nullptr);
    m_receivedAtLastTick = m_received.in_bytes;
    m_keepAlive = std::make_unique<QTimer>();
    m_keepAlive->setInterval(m_timeouts.keepAliveIntervalMs);
    QObject::connect(m_keepAlive.get(), &QTimer::timeout, [this] { keepAliveTick(); });
    m_keepAlive->start();
}

void SshConnection::keepAliveTick() {
    if (!isOpen())
        return;
    const auto self = shared_from_this(); // whoever learns about a loss may drop the last owner
    // Whether the server said anything since the last tick: bytes libssh read meanwhile (the answer to
    // our request may come in while we send the next one, or during an operation), or bytes waiting in
    // the socket that nobody read yet.
    const socket_t fd = ssh_get_fd(m_session);
    const bool heard =
        m_received.in_bytes != m_receivedAtLastTick || (fd != SSH_INVALID_SOCKET && hasInput(int(fd)));
    m_receivedAtLastTick = m_received.in_bytes;
    if (lock.available() == 0 || heard) {
        // Busy: an operation is talking to the server and watches the connection with its own timeout.
        m_missedKeepAlives = 0;
    } else if (m_keepAliveSent) {
        ++m_missedKeepAlives;
    }
    if (lock.available() == 0)
        return;
    if (fd == SSH_INVALID_SOCKET || !transportUp()) {
        lose(tr("idle"));
        return;
    }
    if (m_missedKeepAlives >= std::max(1, m_timeouts.keepAliveCountMax)) {
        const InfrahubError error = ssherrors::make(
            InfrahubError::Kind::NotReachable, ssherrors::code::ConnectionLost,
            tr("The connection to %1 was lost: the server did not answer keep-alive requests for %2 s.")
                .arg(m_endpoint.describe())
                .arg(double(m_missedKeepAlives) * m_timeouts.keepAliveIntervalMs / 1000.0));
        close(error);
        return;
    }
    // keepalive@openssh.com with a reply wanted. libssh keeps one such request in flight: while it is
    // unanswered a call only reads what arrived; once answered, the first call collects the answer and
    // the second sends a new request. Neither call waits.
    ssh_send_keepalive(m_session);
    ssh_send_keepalive(m_session);
    m_keepAliveSent = true;
    if (!transportUp())
        lose(tr("idle"));
}

} // namespace infrahub::detail
