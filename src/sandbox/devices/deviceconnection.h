// One client's SSH connection to an emulated device, from key exchange to goodbye, run by the emulator in
// a thread of its own with blocking libssh calls: authentication (public keys and/or one password, the
// device's reject-auth fault), then session channels one after the other, each served by a DeviceShell.
// Every wait polls the session in slices of at most 100 ms and gives up when the emulator stops; the
// emulator also shuts the socket down then, which ends a blocking libssh call at once.
#pragma once

#include "channelio.h"
#include "devicestate.h"
#include "sshkey.h"

#include <QByteArray>
#include <QString>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace infrahub::sandbox {

// Who may log in; shared by all connections of an emulator.
struct DeviceLoginPolicy {
    QString username; // empty = any user name
    QString password; // empty = password authentication off
    std::vector<SshKey> authorizedKeys;
};

class DeviceConnection final : public ChannelIo {
public:
    // Takes ownership of `session` (accepted with ssh_bind_accept_fd). `beforeSocketCloses` runs just
    // before the socket is closed, so the emulator stops tracking its descriptor first.
    DeviceConnection(ssh_session session, std::shared_ptr<DeviceState> device,
                     std::shared_ptr<const DeviceLoginPolicy> login, const std::atomic<bool> &stopping,
                     std::function<void()> beforeSocketCloses);
    ~DeviceConnection() override;
    DeviceConnection(const DeviceConnection &) = delete;
    DeviceConnection &operator=(const DeviceConnection &) = delete;

    // Returns when the client is gone, the connection timed out or failed, or the emulator stops.
    void run();

    // ChannelIo
    std::optional<char> readByte(int timeoutMs) override;
    bool isOpen() const override;
    bool write(const QByteArray &bytes) override;
    void pause(int ms) override;
    void finish(int exitStatus) override;
    void dropConnection() override;

private:
    enum class Request { None, Shell, Exec };

    // One poll of the session (callbacks run inside). False once the session is over or stopping.
    bool service(int timeoutMs);
    bool sessionAlive() const;
    bool userAllowed(const char *user) const;
    void serveChannel();
    void releaseChannel();

    static int onAuthPassword(ssh_session, const char *user, const char *password, void *self);
    static int onAuthPublicKey(ssh_session, const char *user, ssh_key key, char signatureState, void *self);
    static ssh_channel onChannelOpen(ssh_session session, void *self);
    static int onPtyRequest(ssh_session, ssh_channel, const char *term, int width, int height, int pxWidth,
                            int pxHeight, void *self);
    static int onWindowChange(ssh_session, ssh_channel, int width, int height, int pxWidth, int pxHeight,
                              void *self);
    static int onShellRequest(ssh_session, ssh_channel, void *self);
    static int onExecRequest(ssh_session, ssh_channel, const char *command, void *self);
    static int onData(ssh_session, ssh_channel, void *data, uint32_t length, int isStderr, void *self);
    static void onEof(ssh_session, ssh_channel, void *self);
    static void onClose(ssh_session, ssh_channel, void *self);

    ssh_session m_session;
    ssh_event m_event = nullptr;
    std::shared_ptr<DeviceState> m_device;
    std::shared_ptr<const DeviceLoginPolicy> m_login;
    const std::atomic<bool> &m_stopping;
    std::function<void()> m_beforeSocketCloses;
    ssh_server_callbacks_struct m_serverCallbacks{};
    ssh_channel_callbacks_struct m_channelCallbacks{};

    bool m_authenticated = false;
    int m_authFailures = 0;
    QString m_user;

    // The current channel (one at a time) and what the client asked of it.
    ssh_channel m_channel = nullptr;
    Request m_request = Request::None;
    QString m_command;
    bool m_pty = false;
    int m_rows = 0;
    QByteArray m_input;
    qsizetype m_inputRead = 0;
    bool m_eof = false;
    bool m_channelClosed = false; // by the client
    bool m_finished = false;      // by us
    bool m_dropped = false;
};

} // namespace infrahub::sandbox
