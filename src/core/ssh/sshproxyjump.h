// ProxyJump as libssh 0.10 implements it: not natively (that came with libssh 0.11) but as a
// ProxyCommand running OpenSSH's client, `ssh [-l user] [-p port] [-J next,...] -W '[%h]:%p' jumphost`,
// whose stdin/stdout become the session's transport. The same translation is used for a ProxyJump from
// the ssh config (done by libssh) and one given in SshTarget (done here), so both behave alike:
//  * the `ssh` on PATH authenticates to the jump hosts on its own (the user's agent, ~/.ssh/config and
//    keys), checks their host keys against the user's known_hosts and cannot ask anything without a
//    terminal, so jump hosts must already be known and reachable without a prompt;
//  * the target's host key is checked by the session as for a direct connection;
//  * the connect timeout covers starting the command and the key exchange through it.
#pragma once

#include "client/infrahuberror.h"

namespace infrahub {

// The ProxyCommand for an OpenSSH-style jump list "[user@]host[:port][,...]". Entries are checked
// strictly (they end up in a shell command line): names, IPv4, bracketed IPv6, user names of the usual
// characters. "none" gives "none" (libssh's way of turning a configured proxy off).
Result<QString> proxyCommandForJump(const QString &jumpHosts);

} // namespace infrahub
