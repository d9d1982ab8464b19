// Opening an SSH connection: the transport (our own non-blocking TCP connect, or libssh's ProxyCommand
// for a ProxyJump), the key exchange, and the host key settled against known_hosts with the caller's
// HostKeyDecider. Never accepts a first-seen or changed key without a decision.
#pragma once

#include "hostkeypolicy.h"
#include "sshconnection.h"

namespace infrahub::detail {

// The host key check on success. On failure the connection is closed.
QCoro::Task<Result<HostKeyCheck>> establishConnection(std::shared_ptr<SshConnection> connection,
                                                      HostKeyDecider decider, CancellationToken token);

// What known_hosts (the user's file, then the system-wide one) says about the server's key. Needs a
// finished key exchange.
HostKeyCheck checkHostKey(SshConnection &connection);

// Records the server's key in the user's known_hosts; for a changed key the host's old lines are removed
// first, so the old key stops matching.
Result<bool> rememberHostKey(SshConnection &connection, const HostKeyCheck &check);

} // namespace infrahub::detail
