// Running one command on an exec channel ("ssh host command"): stdout and stderr kept apart, the exit
// status (or the signal that killed the command), a time limit and an output cap. A command that hangs
// or floods is stopped (signal KILL where the server supports it, then the channel is closed); the
// session stays usable for the next command.
#pragma once

#include "sshconnection.h"

namespace infrahub {

struct SshExecOptions {
    int timeoutMs = -1;                          // < 0: the session's SshTimeouts::commandMs; 0: none
    qsizetype maxOutputBytes = 64 * 1024 * 1024; // stdout and stderr together
    QByteArray input;                            // written to the command's stdin
    // Close the command's stdin after `input` (like ssh -n). Some device CLIs end the session on EOF
    // before they answer; turn it off for those.
    bool closeInput = true;
};

struct SshCommandResult {
    int exitStatus = -1; // -1: none was sent (see exitSignal)
    QString exitSignal;  // "KILL", "TERM", ... when the command was killed by a signal
    QByteArray standardOutput;
    QByteArray standardError;
    qint64 elapsedMs = 0;
};

namespace detail {

QCoro::Task<Result<SshCommandResult>> runCommand(std::shared_ptr<SshConnection> connection, QString command,
                                                 SshExecOptions options, CancellationToken token);

} // namespace detail

} // namespace infrahub
