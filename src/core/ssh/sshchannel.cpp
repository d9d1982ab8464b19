#include "sshchannel.h"

#include "ssherrors.h"

#include <QCoreApplication>

namespace infrahub::detail {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("SshSession", text);
}

constexpr int kWriteChunk = 32 * 1024;

} // namespace

SshChannel::SshChannel(std::shared_ptr<SshConnection> connection, bool mergeErrors)
    : m_connection(std::move(connection))
    , m_mergeErrors(mergeErrors) {
    ssh_channel channel = m_connection->isOpen() ? ssh_channel_new(m_connection->session()) : nullptr;
    m_slot = m_connection->adoptChannel(channel);
    if (channel) {
        ssh_callbacks_init(&m_callbacks);
        m_callbacks.userdata = this;
        m_callbacks.channel_data_function = &SshChannel::onData;
        m_callbacks.channel_exit_status_function = &SshChannel::onExitStatus;
        m_callbacks.channel_exit_signal_function = &SshChannel::onExitSignal;
        ssh_set_channel_callbacks(channel, &m_callbacks);
    }
}

SshChannel::~SshChannel() {
    if (m_slot->channel) {
        // libssh may keep the channel until the server confirms the close; it must not call back into
        // us after this.
        ssh_remove_channel_callbacks(m_slot->channel, &m_callbacks);
        m_connection->releaseChannel(*m_slot);
    }
}

int SshChannel::onData(ssh_session, ssh_channel, void *data, uint32_t length, int isStderr, void *self) {
    auto *channel = static_cast<SshChannel *>(self);
    QByteArray &target = isStderr && !channel->m_mergeErrors ? channel->m_errors : channel->m_output;
    target.append(static_cast<const char *>(data), qsizetype(length));
    return int(length); // all taken: libssh reopens the window as it goes
}

void SshChannel::onExitStatus(ssh_session, ssh_channel, int status, void *self) {
    static_cast<SshChannel *>(self)->m_exitStatus = status;
}

void SshChannel::onExitSignal(ssh_session, ssh_channel, const char *signal, int, const char *, const char *,
                              void *self) {
    static_cast<SshChannel *>(self)->m_exitSignal = QString::fromUtf8(signal);
}

InfrahubError SshChannel::failure(const QString &doing) {
    if (!m_connection->isOpen())
        return m_connection->closedError();
    return m_connection->lose(doing);
}

QCoro::Task<std::optional<InfrahubError>> SshChannel::request(std::function<int()> call, QString what,
                                                              QDeadlineTimer deadline,
                                                              CancellationToken token,
                                                              InfrahubError timeoutError) {
    if (!get())
        co_return failure(what);
    QCoro::Task<SshStep> driving = m_connection->drive(std::move(call), SSH_AGAIN, deadline, token);
    const SshStep step = co_await driving;
    if (!step.finished())
        co_return m_connection->stoppedError(step.stoppedBy, timeoutError);
    if (step.rc == SSH_OK)
        co_return std::nullopt;
    if (!get() || !m_connection->transportUp())
        co_return failure(what);
    co_return ssherrors::make(
        InfrahubError::Kind::Protocol, ssherrors::code::ChannelFailed,
        tr("%1 refused %2: %3").arg(m_connection->endpoint().describe(), what, m_connection->lastError()));
}

int SshChannel::pump() {
    if (!get())
        return SSH_ERROR;
    const qsizetype before = m_output.size() + m_errors.size();
    if (ssh_channel_is_eof(get())) {
        // After EOF ssh_channel_poll() no longer processes packets; this does, until the exit status or
        // the close came in, and returns at once in non-blocking mode. (Its result, the status or -1,
        // says nothing about errors: the transport check below does.)
        ssh_channel_get_exit_status(get());
        if (!m_connection->transportUp())
            return SSH_ERROR;
    } else if (ssh_channel_poll(get(), 0) == SSH_ERROR) {
        return SSH_ERROR;
    }
    return int(m_output.size() + m_errors.size() - before);
}

bool SshChannel::drained() const {
    return !get() || ssh_channel_is_eof(get());
}

int SshChannel::writeSome(const QByteArray &data, qsizetype offset) {
    if (!get())
        return SSH_ERROR;
    const qsizetype left = data.size() - offset;
    if (left <= 0)
        return 0;
    return ssh_channel_write(get(), data.constData() + offset,
                             uint32_t(std::min<qsizetype>(left, kWriteChunk)));
}

bool SshChannel::finished() const {
    return m_exitStatus != -1 || !m_exitSignal.isEmpty() || !get() || ssh_channel_is_closed(get());
}

} // namespace infrahub::detail
