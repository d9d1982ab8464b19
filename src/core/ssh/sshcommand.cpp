#include "sshcommand.h"

#include "sshchannel.h"
#include "sshdeadline.h"
#include "ssherrors.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace infrahub::detail {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("SshSession", text);
}

// Stops a command that is still running: the KILL signal (a "signal" channel request; servers that do not
// support it ignore it), then the channel closes when the SshChannel goes away.
void stopCommand(SshChannel &channel) {
    if (channel.get() && ssh_channel_is_open(channel.get()))
        ssh_channel_request_send_signal(channel.get(), "KILL");
}

} // namespace

QCoro::Task<Result<SshCommandResult>> runCommand(std::shared_ptr<SshConnection> connection, QString command,
                                                 SshExecOptions options, CancellationToken token) {
    OperationCancellation cancellation(token, connection->closingToken());
    QCoro::Task<Result<SemaphorePermit>> waiting = connection->waitTurn(cancellation.token());
    const Result<SemaphorePermit> permit = co_await waiting;
    if (!permit)
        co_return permit.error();
    if (!connection->isOpen())
        co_return connection->closedError();
    if (connection->state() != SshConnection::State::Authenticated) {
        co_return ssherrors::make(InfrahubError::Kind::Protocol, ssherrors::code::NotConnected,
                                  tr("Connect and authenticate the SSH session before running commands."));
    }

    QElapsedTimer clock;
    clock.start();
    const int timeoutMs = options.timeoutMs < 0 ? connection->timeouts().commandMs : options.timeoutMs;
    const QDeadlineTimer deadline = deadlineAfter(timeoutMs);
    const QString where = connection->endpoint().describe();
    const QString quoted = ssherrors::quoteCommand(command);
    const InfrahubError tooSlow =
        ssherrors::make(InfrahubError::Kind::Timeout, ssherrors::code::CommandTimeout,
                        tr("%1 on %2 did not finish within %3 s and was stopped.")
                            .arg(quoted, where)
                            .arg(timeoutMs / 1000.0));
    const CancellationToken stop = cancellation.token();

    SshChannel channel(connection, false);
    std::function<int()> open = [&channel] {
        return ssh_channel_open_session(channel.get());
    };
    QCoro::Task<std::optional<InfrahubError>> opening =
        channel.request(std::move(open), tr("a session channel"), deadline, stop, tooSlow);
    std::optional<InfrahubError> failed = co_await opening;
    if (failed)
        co_return *failed;

    const QByteArray commandBytes = command.toUtf8();
    std::function<int()> exec = [&channel, &commandBytes] {
        return ssh_channel_request_exec(channel.get(), commandBytes.constData());
    };
    QCoro::Task<std::optional<InfrahubError>> starting =
        channel.request(std::move(exec), tr("to run %1").arg(quoted), deadline, stop, tooSlow);
    failed = co_await starting;
    if (failed)
        co_return *failed;

    const QString running = tr("running %1").arg(quoted);
    SshCommandResult result;
    qsizetype written = 0;
    bool inputDone = false;
    while (true) {
        if (!inputDone) {
            const int n = channel.writeSome(options.input, written);
            if (n == SSH_ERROR)
                co_return channel.failure(running);
            written += n;
            if (written >= options.input.size()) {
                inputDone = true;
                if (options.closeInput)
                    ssh_channel_send_eof(channel.get());
            }
        }
        if (channel.pump() == SSH_ERROR) {
            if (!channel.get() || !connection->transportUp())
                co_return channel.failure(running);
            co_return ssherrors::make(
                InfrahubError::Kind::Protocol, ssherrors::code::ChannelFailed,
                tr("Reading the output of %1 on %2 failed: %3").arg(quoted, where, connection->lastError()));
        }
        if (channel.output().size() + channel.errorOutput().size() > options.maxOutputBytes) {
            stopCommand(channel);
            co_return ssherrors::make(
                InfrahubError::Kind::Protocol, ssherrors::code::OutputTooLarge,
                tr("%1 on %2 wrote more than %3 MiB and was stopped.")
                    .arg(quoted, where)
                    .arg(double(options.maxOutputBytes) / (1024.0 * 1024.0), 0, 'f', 1));
        }
        // Done once the server sent EOF and the exit status (or signal) came, or the channel closed.
        // OpenSSH sends the status after EOF, other servers before it.
        if (channel.drained() && channel.finished())
            break;
        // Writing may have been held back by a full window that reading has just reopened: then the rest
        // of the input can go at once (the socket would not wake us for it).
        if (!inputDone && channel.get() && ssh_channel_window_size(channel.get()) > 0)
            continue;
        QCoro::Task<WaitOutcome> waiting = connection->waitForSocket(deadline, stop);
        const WaitOutcome outcome = co_await waiting;
        if (outcome != WaitOutcome::Signalled) {
            if (connection->isOpen())
                stopCommand(channel);
            co_return connection->stoppedError(outcome, tooSlow);
        }
    }
    result.standardOutput = std::move(channel.output());
    result.standardError = std::move(channel.errorOutput());
    result.exitStatus = channel.exitStatus();
    result.exitSignal = channel.exitSignal();
    result.elapsedMs = clock.elapsed();
    co_return result;
}

} // namespace infrahub::detail
