#include "deviceconnection.h"

#include "deviceshell.h"

#include <QDeadlineTimer>

#ifdef Q_OS_WIN
#include <winsock2.h>
#define SHUT_RDWR SD_BOTH
#else
#include <sys/socket.h>
#endif

#include <algorithm>

namespace infrahub::sandbox {

namespace {

constexpr int kSliceMs = 100;                // longest single wait, so a stop is noticed quickly
constexpr int kLoginTimeoutMs = 60'000;      // from key exchange to a successful login
constexpr int kIdleTimeoutMs = 600'000;      // logged in, but no channel
constexpr int kMaxAuthFailures = 20;         // key probes count too; OpenSSH offers each of its keys
constexpr long kBlockingTimeoutSeconds = 10; // key exchange and writes to a client that does not read

} // namespace

DeviceConnection::DeviceConnection(ssh_session session, std::shared_ptr<DeviceState> device,
                                   std::shared_ptr<const DeviceLoginPolicy> login,
                                   const std::atomic<bool> &stopping,
                                   std::function<void()> beforeSocketCloses)
    : m_session(session)
    , m_device(std::move(device))
    , m_login(std::move(login))
    , m_stopping(stopping)
    , m_beforeSocketCloses(std::move(beforeSocketCloses)) {
    m_serverCallbacks.userdata = this;
    m_serverCallbacks.auth_password_function = &DeviceConnection::onAuthPassword;
    m_serverCallbacks.auth_pubkey_function = &DeviceConnection::onAuthPublicKey;
    m_serverCallbacks.channel_open_request_session_function = &DeviceConnection::onChannelOpen;
    ssh_callbacks_init(&m_serverCallbacks);

    m_channelCallbacks.userdata = this;
    m_channelCallbacks.channel_data_function = &DeviceConnection::onData;
    m_channelCallbacks.channel_eof_function = &DeviceConnection::onEof;
    m_channelCallbacks.channel_close_function = &DeviceConnection::onClose;
    m_channelCallbacks.channel_pty_request_function = &DeviceConnection::onPtyRequest;
    m_channelCallbacks.channel_pty_window_change_function = &DeviceConnection::onWindowChange;
    m_channelCallbacks.channel_shell_request_function = &DeviceConnection::onShellRequest;
    m_channelCallbacks.channel_exec_request_function = &DeviceConnection::onExecRequest;
    ssh_callbacks_init(&m_channelCallbacks);
}

DeviceConnection::~DeviceConnection() {
    if (m_channel)
        ssh_channel_free(m_channel);
    if (m_event) {
        ssh_event_remove_session(m_event, m_session);
        ssh_event_free(m_event);
    }
    if (m_beforeSocketCloses)
        m_beforeSocketCloses();
    // A polite goodbye (SSH_MSG_DISCONNECT) unless the connection was cut on purpose.
    if (!m_dropped && sessionAlive())
        ssh_disconnect(m_session);
    ssh_free(m_session);
}

void DeviceConnection::run() {
    m_device->noteConnection();
    ssh_set_server_callbacks(m_session, &m_serverCallbacks);
    int methods = 0;
    if (!m_login->authorizedKeys.empty())
        methods |= SSH_AUTH_METHOD_PUBLICKEY;
    if (!m_login->password.isEmpty())
        methods |= SSH_AUTH_METHOD_PASSWORD;
    ssh_set_auth_methods(m_session, methods ? methods : SSH_AUTH_METHOD_PUBLICKEY);
    long timeout = kBlockingTimeoutSeconds;
    ssh_options_set(m_session, SSH_OPTIONS_TIMEOUT, &timeout);

    if (ssh_handle_key_exchange(m_session) != SSH_OK)
        return;
    m_event = ssh_event_new();
    if (!m_event || ssh_event_add_session(m_event, m_session) != SSH_OK)
        return;

    const QDeadlineTimer loginDeadline(kLoginTimeoutMs);
    while (!m_authenticated) {
        if (loginDeadline.hasExpired() || m_authFailures >= kMaxAuthFailures || !service(kSliceMs))
            return;
    }
    m_device->noteLogin();

    // Channels one after the other: OpenSSH uses one per connection, a library client may open one per
    // command. A second channel while one is busy is refused (onChannelOpen).
    for (;;) {
        const QDeadlineTimer idle(kIdleTimeoutMs);
        while (!m_channel || m_request == Request::None) {
            if (m_channel && m_channelClosed)
                releaseChannel(); // opened and closed again without asking for anything
            if (idle.hasExpired() || !service(kSliceMs))
                return;
        }
        serveChannel();
        releaseChannel();
        if (m_dropped || m_stopping || !sessionAlive())
            return;
    }
}

bool DeviceConnection::service(int timeoutMs) {
    if (m_stopping || m_dropped || !sessionAlive())
        return false;
    if (ssh_event_dopoll(m_event, timeoutMs) == SSH_ERROR)
        return false;
    return sessionAlive();
}

bool DeviceConnection::sessionAlive() const {
    return (ssh_get_status(m_session) & (SSH_CLOSED | SSH_CLOSED_ERROR)) == 0 && ssh_is_connected(m_session);
}

bool DeviceConnection::userAllowed(const char *user) const {
    return m_login->username.isEmpty() || m_login->username == QString::fromUtf8(user);
}

void DeviceConnection::serveChannel() {
    DeviceShell shell(*this, m_device, m_user);
    shell.setTerminal(m_pty, m_rows);
    if (m_request == Request::Exec)
        shell.runExec(m_command);
    else
        shell.runInteractive();
    if (m_dropped || !m_channel)
        return;
    // The shell ended without a normal finish (the client went away mid-answer): close our side anyway.
    if (!m_finished && ssh_channel_is_open(m_channel)) {
        ssh_channel_send_eof(m_channel);
        ssh_channel_close(m_channel);
        m_finished = true;
    }
    // Give the client a moment to answer our close, so its exit status arrives before the goodbye.
    const QDeadlineTimer closing(2000);
    while (!m_channelClosed && !closing.hasExpired() && service(kSliceMs)) {
    }
}

void DeviceConnection::releaseChannel() {
    if (m_channel)
        ssh_channel_free(m_channel);
    m_channel = nullptr;
    m_request = Request::None;
    m_command.clear();
    m_pty = false;
    m_rows = 0;
    m_input.clear();
    m_inputRead = 0;
    m_eof = false;
    m_channelClosed = false;
    m_finished = false;
}

// ChannelIo

std::optional<char> DeviceConnection::readByte(int timeoutMs) {
    const QDeadlineTimer deadline =
        timeoutMs < 0 ? QDeadlineTimer(QDeadlineTimer::Forever) : QDeadlineTimer(timeoutMs);
    for (;;) {
        if (m_inputRead < m_input.size()) {
            const char byte = m_input.at(m_inputRead++);
            if (m_inputRead == m_input.size()) {
                m_input.clear();
                m_inputRead = 0;
            }
            return byte;
        }
        if (m_eof || !isOpen() || deadline.hasExpired())
            return std::nullopt;
        const qint64 left = deadline.isForever() ? kSliceMs : deadline.remainingTime();
        if (!service(int(std::clamp<qint64>(left, 0, kSliceMs))))
            return std::nullopt;
    }
}

bool DeviceConnection::isOpen() const {
    return !m_stopping && !m_dropped && m_channel && !m_channelClosed && !m_finished && sessionAlive();
}

bool DeviceConnection::write(const QByteArray &bytes) {
    qsizetype done = 0;
    while (done < bytes.size()) {
        if (!isOpen())
            return false;
        // Blocking: waits for the client's window (at most the session timeout).
        const int n = ssh_channel_write(m_channel, bytes.constData() + done, uint32_t(bytes.size() - done));
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

void DeviceConnection::pause(int ms) {
    const QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired() && isOpen()) {
        if (!service(int(std::clamp<qint64>(deadline.remainingTime(), 0, kSliceMs))))
            return;
    }
}

void DeviceConnection::finish(int exitStatus) {
    if (!m_channel || m_finished || m_dropped)
        return;
    ssh_channel_request_send_exit_status(m_channel, exitStatus);
    ssh_channel_send_eof(m_channel);
    ssh_channel_close(m_channel);
    m_finished = true;
}

void DeviceConnection::dropConnection() {
    // What was written must reach the client first: the fault is "the output breaks off", not "nothing".
    ssh_blocking_flush(m_session, 2000);
    ::shutdown(ssh_get_fd(m_session), SHUT_RDWR);
    m_dropped = true;
}

// libssh callbacks (all run on this connection's thread, inside service()).

int DeviceConnection::onAuthPassword(ssh_session, const char *user, const char *password, void *self) {
    auto *c = static_cast<DeviceConnection *>(self);
    const bool ok = !c->m_device->faults().rejectAuth && !c->m_login->password.isEmpty() &&
                    c->userAllowed(user) && QString::fromUtf8(password) == c->m_login->password;
    if (!ok) {
        ++c->m_authFailures;
        c->m_device->noteAuthFailure();
        return SSH_AUTH_DENIED;
    }
    c->m_authenticated = true;
    c->m_user = QString::fromUtf8(user);
    return SSH_AUTH_SUCCESS;
}

int DeviceConnection::onAuthPublicKey(ssh_session, const char *user, ssh_key key, char signatureState,
                                      void *self) {
    auto *c = static_cast<DeviceConnection *>(self);
    const bool known = !c->m_device->faults().rejectAuth && c->userAllowed(user) &&
                       std::any_of(c->m_login->authorizedKeys.begin(), c->m_login->authorizedKeys.end(),
                                   [key](const SshKey &k) { return k.samePublicKey(key); });
    // A probe (no signature yet) is answered "this key would do"; only a valid signature logs in.
    if (known && signatureState == SSH_PUBLICKEY_STATE_NONE)
        return SSH_AUTH_SUCCESS;
    if (known && signatureState == SSH_PUBLICKEY_STATE_VALID) {
        c->m_authenticated = true;
        c->m_user = QString::fromUtf8(user);
        return SSH_AUTH_SUCCESS;
    }
    ++c->m_authFailures;
    c->m_device->noteAuthFailure();
    return SSH_AUTH_DENIED;
}

ssh_channel DeviceConnection::onChannelOpen(ssh_session session, void *self) {
    auto *c = static_cast<DeviceConnection *>(self);
    if (!c->m_authenticated || c->m_channel)
        return nullptr;
    c->m_channel = ssh_channel_new(session);
    if (c->m_channel)
        ssh_set_channel_callbacks(c->m_channel, &c->m_channelCallbacks);
    return c->m_channel;
}

int DeviceConnection::onPtyRequest(ssh_session, ssh_channel, const char *, int, int height, int, int,
                                   void *self) {
    auto *c = static_cast<DeviceConnection *>(self);
    if (c->m_request != Request::None)
        return -1;
    c->m_pty = true;
    c->m_rows = height;
    return 0;
}

int DeviceConnection::onWindowChange(ssh_session, ssh_channel, int, int height, int, int, void *self) {
    static_cast<DeviceConnection *>(self)->m_rows = height;
    return 0;
}

int DeviceConnection::onShellRequest(ssh_session, ssh_channel, void *self) {
    auto *c = static_cast<DeviceConnection *>(self);
    if (c->m_request != Request::None)
        return 1;
    c->m_request = Request::Shell;
    return 0;
}

int DeviceConnection::onExecRequest(ssh_session, ssh_channel, const char *command, void *self) {
    auto *c = static_cast<DeviceConnection *>(self);
    if (c->m_request != Request::None)
        return 1;
    c->m_request = Request::Exec;
    c->m_command = QString::fromUtf8(command);
    return 0;
}

int DeviceConnection::onData(ssh_session, ssh_channel, void *data, uint32_t length, int, void *self) {
    static_cast<DeviceConnection *>(self)->m_input.append(static_cast<const char *>(data), qsizetype(length));
    return int(length);
}

void DeviceConnection::onEof(ssh_session, ssh_channel, void *self) {
    static_cast<DeviceConnection *>(self)->m_eof = true;
}

void DeviceConnection::onClose(ssh_session, ssh_channel, void *self) {
    static_cast<DeviceConnection *>(self)->m_channelClosed = true;
}

} // namespace infrahub::sandbox
