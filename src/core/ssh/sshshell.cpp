#include "sshshell.h"

#include "sshchannel.h"
#include "sshdeadline.h"
#include "ssherrors.h"

#include <QCoreApplication>

namespace infrahub {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("SshSession", text);
}

// The last line of `output`, shortened and printable: enough to see which prompt the device really shows.
QString lastLine(const QByteArray &output) {
    QByteArray tail = output.right(200);
    while (tail.endsWith('\n') || tail.endsWith('\r'))
        tail.chop(1);
    const qsizetype newline = tail.lastIndexOf('\n');
    QString line = QString::fromUtf8(newline >= 0 ? tail.mid(newline + 1) : tail).trimmed();
    if (line.size() > 80)
        line = line.right(80);
    // Garbage can hold terminal escapes: the message must not carry them to a terminal or a log.
    return ssherrors::printable(line);
}

} // namespace

SshShell::SshShell(std::shared_ptr<detail::SshConnection> connection,
                   std::unique_ptr<detail::SshChannel> channel, SshShellOptions options)
    : m_connection(std::move(connection))
    , m_channel(std::move(channel))
    , m_options(std::move(options))
    , m_closing(m_connection->closingToken()) {}

SshShell::~SshShell() {
    close();
}

bool SshShell::isOpen() const {
    return m_channel && m_channel->get() && !ssh_channel_is_closed(m_channel->get()) &&
           !ssh_channel_is_eof(m_channel->get());
}

void SshShell::close() {
    m_closing.cancel();
    m_channel.reset();
}

QByteArray SshShell::buffered() const {
    return m_channel ? m_buffer + m_channel->output() : m_buffer;
}

InfrahubError SshShell::closedError() const {
    if (!m_connection->isOpen())
        return m_connection->closedError();
    return ssherrors::make(InfrahubError::Kind::Protocol, ssherrors::code::ChannelClosed,
                           tr("The shell on %1 is closed.").arg(m_connection->endpoint().describe()));
}

QCoro::Task<Result<bool>> SshShell::write(QByteArray data, CancellationToken token) {
    return writeImpl(shared_from_this(), std::move(data), std::move(token));
}

QCoro::Task<Result<bool>> SshShell::sendLine(QString line, CancellationToken token) {
    return writeImpl(shared_from_this(), line.toUtf8() + m_options.newline, std::move(token));
}

QCoro::Task<Result<SshPromptMatch>> SshShell::readUntil(QRegularExpression prompt, int timeoutMs,
                                                        CancellationToken token) {
    return readImpl(shared_from_this(), std::move(prompt), timeoutMs, std::move(token));
}

QCoro::Task<Result<QByteArray>> SshShell::command(QString line, QRegularExpression prompt, int timeoutMs,
                                                  CancellationToken token) {
    return commandImpl(shared_from_this(), std::move(line), std::move(prompt), timeoutMs, std::move(token));
}

QCoro::Task<Result<bool>> SshShell::writeImpl(std::shared_ptr<SshShell> self, QByteArray data,
                                              CancellationToken token) {
    Q_UNUSED(self); // keeps the shell alive while we wait
    detail::SshConnection &connection = *m_connection;
    detail::OperationCancellation cancellation(token, m_closing.token());
    QCoro::Task<Result<SemaphorePermit>> waiting = connection.waitTurn(cancellation.token());
    const Result<SemaphorePermit> permit = co_await waiting;
    if (!m_channel || !m_channel->get())
        co_return closedError();
    if (!permit)
        co_return permit.error();

    const int timeoutMs = connection.timeouts().commandMs;
    const QDeadlineTimer deadline = deadlineAfter(timeoutMs);
    const QString where = connection.endpoint().describe();
    qsizetype written = 0;
    while (written < data.size()) {
        const int n = m_channel->writeSome(data, written);
        if (n == SSH_ERROR) {
            if (!connection.transportUp())
                co_return m_channel->failure(tr("writing to the shell"));
            co_return ssherrors::make(
                InfrahubError::Kind::Protocol, ssherrors::code::ChannelClosed,
                tr("The shell on %1 does not take input any more: %2").arg(where, connection.lastError()));
        }
        written += n;
        if (written >= data.size())
            break;
        if (n > 0 || ssh_channel_window_size(m_channel->get()) > 0)
            continue; // the window is open (again): no reason to wait for the socket
        // The channel window is full: the device has not read what we sent before.
        QCoro::Task<WaitOutcome> waiting = connection.waitForSocket(deadline, cancellation.token());
        const WaitOutcome outcome = co_await waiting;
        if (!m_channel || !m_channel->get())
            co_return closedError();
        if (outcome != WaitOutcome::Signalled) {
            co_return connection.stoppedError(
                outcome,
                ssherrors::make(
                    InfrahubError::Kind::Timeout, ssherrors::code::CommandTimeout,
                    tr("%1 did not take our input within %2 s.").arg(where).arg(timeoutMs / 1000.0)));
        }
    }
    co_return true;
}

bool SshShell::takePrompt(const QRegularExpression &prompt, SshPromptMatch &match) {
    qsizetype lineStart = m_checkedUpTo;
    while (lineStart < m_buffer.size()) {
        const qsizetype newline = m_buffer.indexOf('\n', lineStart);
        const bool complete = newline >= 0;
        const qsizetype lineEnd = complete ? newline : m_buffer.size();
        QByteArray line = m_buffer.mid(lineStart, lineEnd - lineStart);
        while (line.endsWith('\r'))
            line.chop(1);
        if (!line.isEmpty()) {
            const QString text = QString::fromUtf8(line);
            if (prompt.match(text).hasMatch()) {
                match.output = m_buffer.left(lineStart);
                match.prompt = text;
                m_buffer.remove(0, complete ? newline + 1 : lineEnd);
                m_checkedUpTo = 0;
                return true;
            }
        }
        if (!complete) { // the last line may still grow into the prompt: check it again next time
            m_checkedUpTo = lineStart;
            return false;
        }
        lineStart = newline + 1;
    }
    m_checkedUpTo = m_buffer.size();
    return false;
}

QCoro::Task<Result<SshPromptMatch>> SshShell::readImpl(std::shared_ptr<SshShell> self,
                                                       QRegularExpression prompt, int timeoutMs,
                                                       CancellationToken token) {
    Q_UNUSED(self);
    detail::SshConnection &connection = *m_connection;
    detail::OperationCancellation cancellation(token, m_closing.token());
    QCoro::Task<Result<SemaphorePermit>> waiting = connection.waitTurn(cancellation.token());
    const Result<SemaphorePermit> permit = co_await waiting;
    if (!m_channel || !m_channel->get())
        co_return closedError();
    if (!permit)
        co_return permit.error();
    if (!prompt.isValid()) {
        co_return InfrahubError::make(InfrahubError::Kind::Validation,
                                      tr("The prompt pattern \"%1\" is not a valid regular expression: %2")
                                          .arg(prompt.pattern(), prompt.errorString()));
    }

    const int limitMs = timeoutMs < 0 ? connection.timeouts().commandMs : timeoutMs;
    const QDeadlineTimer deadline = deadlineAfter(limitMs);
    const QString where = connection.endpoint().describe();
    SshPromptMatch match;
    while (true) {
        m_buffer += std::exchange(m_channel->output(), QByteArray());
        if (takePrompt(prompt, match))
            co_return match;
        if (m_buffer.size() > m_options.maxBufferedBytes) {
            co_return ssherrors::make(
                InfrahubError::Kind::Protocol, ssherrors::code::OutputTooLarge,
                tr("%1 sent more than %2 MiB without a prompt matching \"%3\".")
                    .arg(where)
                    .arg(double(m_options.maxBufferedBytes) / (1024.0 * 1024.0), 0, 'f', 1)
                    .arg(prompt.pattern()));
        }
        if (m_channel->drained()) {
            co_return ssherrors::make(
                InfrahubError::Kind::Protocol, ssherrors::code::ChannelClosed,
                tr("The shell on %1 ended before a prompt matching \"%2\" appeared. Last "
                   "output: \"%3\"")
                    .arg(where, prompt.pattern(), lastLine(m_buffer)));
        }
        QCoro::Task<WaitOutcome> waiting = connection.waitForSocket(deadline, cancellation.token());
        const WaitOutcome outcome = co_await waiting;
        if (!m_channel || !m_channel->get())
            co_return closedError();
        if (outcome != WaitOutcome::Signalled) {
            co_return connection.stoppedError(
                outcome,
                ssherrors::make(InfrahubError::Kind::Timeout, ssherrors::code::CommandTimeout,
                                tr("No prompt matching \"%1\" from %2 within %3 s. Last output: \"%4\"")
                                    .arg(prompt.pattern(), where)
                                    .arg(limitMs / 1000.0)
                                    .arg(lastLine(m_buffer))));
        }
        // Everything that arrived complete lands in the channel's output; what is still incomplete stays in
        // the socket, so the next wait (which also lets the event loop run) wakes up for it.
        if (m_channel->pump() == SSH_ERROR) {
            if (!connection.transportUp())
                co_return m_channel->failure(tr("reading from the shell"));
            co_return ssherrors::make(
                InfrahubError::Kind::Protocol, ssherrors::code::ChannelClosed,
                tr("Reading from the shell on %1 failed: %2").arg(where, connection.lastError()));
        }
    }
}

QCoro::Task<Result<QByteArray>> SshShell::commandImpl(std::shared_ptr<SshShell> self, QString line,
                                                      QRegularExpression prompt, int timeoutMs,
                                                      CancellationToken token) {
    QCoro::Task<Result<bool>> sending = writeImpl(self, line.toUtf8() + m_options.newline, token);
    const Result<bool> sent = co_await sending;
    if (!sent)
        co_return sent.error();
    QCoro::Task<Result<SshPromptMatch>> reading = readImpl(self, prompt, timeoutMs, token);
    const Result<SshPromptMatch> answer = co_await reading;
    if (!answer)
        co_return answer.error();
    QByteArray output = answer->output;
    // The pty echoes what we typed: drop that first line (it may follow a redrawn prompt).
    const qsizetype newline = output.indexOf('\n');
    QByteArray first = output.left(newline < 0 ? output.size() : newline).trimmed();
    if (!line.trimmed().isEmpty() && first.endsWith(line.trimmed().toUtf8()))
        output.remove(0, newline < 0 ? output.size() : newline + 1);
    co_return output;
}

QCoro::Task<Result<std::shared_ptr<SshShell>>> openShellOn(std::shared_ptr<detail::SshConnection> connection,
                                                           SshShellOptions options, CancellationToken token) {
    detail::OperationCancellation cancellation(token, connection->closingToken());
    QCoro::Task<Result<SemaphorePermit>> waiting = connection->waitTurn(cancellation.token());
    const Result<SemaphorePermit> permit = co_await waiting;
    if (!permit)
        co_return permit.error();
    if (!connection->isOpen())
        co_return connection->closedError();
    if (connection->state() != detail::SshConnection::State::Authenticated) {
        co_return ssherrors::make(InfrahubError::Kind::Protocol, ssherrors::code::NotConnected,
                                  tr("Connect and authenticate the SSH session before opening a shell."));
    }
    const QDeadlineTimer deadline = deadlineAfter(connection->timeouts().commandMs);
    const InfrahubError tooSlow =
        ssherrors::make(InfrahubError::Kind::Timeout, ssherrors::code::CommandTimeout,
                        tr("%1 did not open a shell within %2 s.")
                            .arg(connection->endpoint().describe())
                            .arg(connection->timeouts().commandMs / 1000.0));
    auto channel = std::make_unique<detail::SshChannel>(connection, true);
    detail::SshChannel *raw = channel.get();
    const CancellationToken stop = cancellation.token();

    std::function<int()> open = [raw] {
        return ssh_channel_open_session(raw->get());
    };
    QCoro::Task<std::optional<InfrahubError>> opening =
        raw->request(std::move(open), tr("a session channel"), deadline, stop, tooSlow);
    std::optional<InfrahubError> failed = co_await opening;
    if (failed)
        co_return *failed;

    std::function<int()> pty = [raw, &options] {
        return ssh_channel_request_pty_size(raw->get(), options.terminalType.constData(), options.columns,
                                            options.rows);
    };
    QCoro::Task<std::optional<InfrahubError>> terminal =
        raw->request(std::move(pty), tr("a terminal (pty)"), deadline, stop, tooSlow);
    failed = co_await terminal;
    if (failed)
        co_return *failed;

    std::function<int()> shell = [raw] {
        return ssh_channel_request_shell(raw->get());
    };
    QCoro::Task<std::optional<InfrahubError>> starting =
        raw->request(std::move(shell), tr("a shell"), deadline, stop, tooSlow);
    failed = co_await starting;
    if (failed)
        co_return *failed;

    co_return std::shared_ptr<SshShell>(new SshShell(connection, std::move(channel), std::move(options)));
}

} // namespace infrahub
