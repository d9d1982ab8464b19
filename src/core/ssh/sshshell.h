// An interactive shell on a pty, for device CLIs that cannot run a command on an exec channel (or need
// session settings first, such as "terminal length 0" to turn paging off). The caller writes lines and
// reads until the device's prompt, given as a regular expression, shows up. Obtained from
// SshSession::openShell(); keep the shared_ptr while using it.
//
// Prompts are looked for line by line (the regular expression is applied to each line on its own,
// without its line break, including the last line that has no line break yet, which is where a prompt
// usually sits). Anchor it to avoid matching output, for example "^[\\w.-]+[>#]\\s*$". Output before the
// prompt line is returned; anything after it stays buffered for the next read.
//
// Calls on a shell queue behind each other and behind the session's other calls (one conversation with
// the server at a time): write first, then read, as a person at the console would.
#pragma once

#include "client/infrahuberror.h"
#include "concurrency/cancellationtoken.h"

#include <QByteArray>
#include <QRegularExpression>
#include <QString>

#include <memory>

namespace infrahub {

namespace detail {
class SshConnection;
class SshChannel;
} // namespace detail

struct SshShellOptions {
    QByteArray terminalType = "vt100";
    int columns = 511; // wide, so long configuration lines are not wrapped by the device
    int rows = 24;
    QByteArray newline = "\n"; // sent after each line ("\r" for devices that want a carriage return)
    qsizetype maxBufferedBytes = 64 * 1024 * 1024; // a read that collects more without a prompt fails
};

struct SshPromptMatch {
    QByteArray output; // everything before the prompt's line (line breaks as the device sent them)
    QString prompt;    // the line that matched
};

class SshShell : public std::enable_shared_from_this<SshShell> {
public:
    ~SshShell();
    SshShell(const SshShell &) = delete;
    SshShell &operator=(const SshShell &) = delete;

    bool isOpen() const;

    QCoro::Task<Result<bool>> write(QByteArray data, CancellationToken token = {});
    // `line` and the options' newline.
    QCoro::Task<Result<bool>> sendLine(QString line, CancellationToken token = {});
    // Reads until a line matches `prompt`. `timeoutMs` < 0: the session's SshTimeouts::commandMs.
    QCoro::Task<Result<SshPromptMatch>> readUntil(QRegularExpression prompt, int timeoutMs = -1,
                                                  CancellationToken token = {});
    // sendLine() then readUntil(); the device's echo of `line` is removed from the output.
    QCoro::Task<Result<QByteArray>> command(QString line, QRegularExpression prompt, int timeoutMs = -1,
                                            CancellationToken token = {});
    // Closes the channel (the session stays open). Reads and writes that are waiting end with an error.
    void close();

    // What arrived after the last prompt and was not returned yet.
    QByteArray buffered() const;

private:
    friend QCoro::Task<Result<std::shared_ptr<SshShell>>> openShellOn(std::shared_ptr<detail::SshConnection>,
                                                                      SshShellOptions, CancellationToken);
    SshShell(std::shared_ptr<detail::SshConnection> connection, std::unique_ptr<detail::SshChannel> channel,
             SshShellOptions options);

    QCoro::Task<Result<bool>> writeImpl(std::shared_ptr<SshShell> self, QByteArray data,
                                        CancellationToken token);
    QCoro::Task<Result<SshPromptMatch>> readImpl(std::shared_ptr<SshShell> self, QRegularExpression prompt,
                                                 int timeoutMs, CancellationToken token);
    QCoro::Task<Result<QByteArray>> commandImpl(std::shared_ptr<SshShell> self, QString line,
                                                QRegularExpression prompt, int timeoutMs,
                                                CancellationToken token);
    InfrahubError closedError() const;
    // Looks for the prompt in the lines not checked yet; fills `match` and consumes it when found.
    bool takePrompt(const QRegularExpression &prompt, SshPromptMatch &match);

    std::shared_ptr<detail::SshConnection> m_connection;
    std::unique_ptr<detail::SshChannel> m_channel;
    const SshShellOptions m_options;
    CancellationSource m_closing;
    QByteArray m_buffer;
    qsizetype m_checkedUpTo = 0; // lines starting before this were already held against the prompt
};

// Opens a session channel with a pty and a shell on an authenticated connection (SshSession does this).
QCoro::Task<Result<std::shared_ptr<SshShell>>> openShellOn(std::shared_ptr<detail::SshConnection> connection,
                                                           SshShellOptions options, CancellationToken token);

} // namespace infrahub
