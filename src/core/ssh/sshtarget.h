// Where an SSH session goes: the host as the user typed it (a name, an address or a Host alias of the
// OpenSSH client configuration), and what may override or complete it. Empty fields are filled from the
// ssh config when it is read (HostName, Port, User, IdentityFile, ProxyJump/ProxyCommand), then from the
// defaults (port 22, the local user name). Explicit fields win over the ssh config, as on ssh's command line.
#pragma once

#include <QString>

namespace infrahub {

struct SshTarget {
    QString host;
    int port = 0; // 0: the ssh config's Port, else 22
    QString user; // empty: the ssh config's User, else the local user
    // Jump hosts as OpenSSH's -J takes them: "[user@]host[:port][,[user@]host[:port]...]". Empty: the ssh
    // config's ProxyJump, if any. "none" disables a ProxyJump/ProxyCommand of the ssh config.
    QString proxyJump;

    bool readSshConfig = true;
    // Empty: ~/.ssh/config, then /etc/ssh/ssh_config. Set: only this file (tests, a per-profile config).
    QString sshConfigFile;
    QString knownHostsFile; // empty: ~/.ssh/known_hosts (the system-wide file is consulted as well)

    // "user@host:port" with whatever is known before the ssh config is applied, for messages.
    QString describe() const;
};

} // namespace infrahub
