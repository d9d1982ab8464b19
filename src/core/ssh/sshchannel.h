// One libssh channel of a connection, with what exec() and the interactive shell share: requests driven
// to completion without blocking (open, pty, exec, shell), reading what has arrived, writing, and the
// exit status or signal. The channel disappears when the connection closes (libssh frees every channel
// on disconnect); get() is then null and every call reports the connection's close reason.
#pragma once

#include "sshconnection.h"

namespace infrahub::detail {

class SshChannel {
public:
    // `mergeErrors`: stderr data goes to output() as well (a pty has one stream anyway).
    SshChannel(std::shared_ptr<SshConnection> connection, bool mergeErrors);
    ~SshChannel(); // closes the channel without waiting for the server
    SshChannel(const SshChannel &) = delete;
    SshChannel &operator=(const SshChannel &) = delete;

    ssh_channel get() const { return m_slot->channel; }
    SshConnection &connection() const { return *m_connection; }

    // Drives a channel request (`call` returns SSH_OK, SSH_AGAIN or SSH_ERROR). Returns the error, if
    // any: `timeoutError` at the deadline, Cancelled, the connection's loss, or ChannelFailed saying
    // that the server refused `what`.
    QCoro::Task<std::optional<InfrahubError>> request(std::function<int()> call, QString what,
                                                      QDeadlineTimer deadline, CancellationToken token,
                                                      InfrahubError timeoutError);

    // Lets libssh process what has arrived and send what it has queued, without waiting. Arriving data
    // goes straight to output() and errorOutput() (through a data callback, so nothing is ever left in
    // libssh's channel buffers where a socket notifier could not see it: after pump() everything that
    // came in complete is ours, and the rest is still in the socket). Returns the number of bytes that
    // arrived, or SSH_ERROR.
    int pump();
    QByteArray &output() { return m_output; }
    QByteArray &errorOutput() { return m_mergeErrors ? m_output : m_errors; }
    // The server sent EOF (all its data has been delivered by then).
    bool drained() const;
    // Writes as much of `data` as the channel takes now; returns the count or SSH_ERROR.
    int writeSome(const QByteArray &data, qsizetype offset);

    int exitStatus() const { return m_exitStatus; } // -1 until the server sent one
    QString exitSignal() const { return m_exitSignal; }
    bool finished() const; // an exit status or signal arrived, or the channel closed

    // The connection went away, or libssh reports a broken transport, while `doing`.
    InfrahubError failure(const QString &doing);

private:
    static int onData(ssh_session, ssh_channel, void *data, uint32_t length, int isStderr, void *self);
    static void onExitStatus(ssh_session, ssh_channel, int status, void *self);
    static void onExitSignal(ssh_session, ssh_channel, const char *signal, int core, const char *message,
                             const char *language, void *self);

    std::shared_ptr<SshConnection> m_connection;
    std::shared_ptr<SshChannelSlot> m_slot;
    ssh_channel_callbacks_struct m_callbacks{};
    const bool m_mergeErrors;
    QByteArray m_output;
    QByteArray m_errors;
    int m_exitStatus = -1;
    QString m_exitSignal;
};

} // namespace infrahub::detail
