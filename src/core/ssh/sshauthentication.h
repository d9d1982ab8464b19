// User authentication of a connected session, non-blocking throughout (libssh answers SSH_AUTH_AGAIN and
// we wait for the socket): the key files of SshCredentials, then the agent and the default keys, then the
// password (over "password", or "keyboard-interactive" when that is all the server offers). Each method
// is tried only if the credentials allow it and the server still accepts it. A failure says what was
// tried and what the server accepts, never a secret.
#pragma once

#include "sshconnection.h"

#include <QStringList>

namespace infrahub {

struct SshAuthResult {
    // "publickey" (a key file), "agent-or-default-key", "agent", "password", "keyboard-interactive" or
    // "none" (the server let us in without credentials).
    QString method;
    QString keyFile;   // the key file that worked, for "publickey"
    QStringList tried; // what failed before, in order ("key file /a: refused", ...)
};

namespace detail {

QCoro::Task<Result<SshAuthResult>> authenticateConnection(std::shared_ptr<SshConnection> connection,
                                                          CancellationToken token);

} // namespace detail

} // namespace infrahub
