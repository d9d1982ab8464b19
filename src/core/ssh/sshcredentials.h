// How an SSH session may prove who the user is. Secrets (key passphrases, the password) live only here
// and in libssh's calls: they are never logged, never put into an error message and never written
// anywhere. describe() says which methods are configured without revealing any secret.
//
// Order of attempts (SshSession::authenticate): the key files given here, then the agent, then the
// default keys (~/.ssh/id_* and the ssh config's IdentityFile entries), then the password. Explicit key
// files go first because they are the most specific statement of which key belongs to a device, and
// servers count every refused key against MaxAuthTries (OpenSSH's default is 6): an agent holding many
// keys could otherwise use up the attempts before the right key is offered.
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace infrahub {

struct SshKeyFile {
    QString path;       // the private key; "<path>.pub" is used to ask the server first when it exists
    QString passphrase; // empty: the key is not encrypted
};

struct SshCredentials {
    bool useAgent = true;
    QString agentSocket; // empty: $SSH_AUTH_SOCK
    QList<SshKeyFile> keyFiles;
    // ~/.ssh/id_ed25519, id_ecdsa, id_rsa and the ssh config's IdentityFile entries (unencrypted keys only:
    // there is nobody to ask for a passphrase; put an encrypted key into keyFiles or the agent instead).
    // This is libssh's own "auto" method: like ssh, it writes "<key>.pub" next to a key that has none.
    bool useDefaultKeys = true;
    std::optional<QString> password; // used for "password" and "keyboard-interactive" authentication

    // "key file ~/.ssh/router, agent, default keys, password": the configured methods, no secrets.
    QString describe() const;
};

} // namespace infrahub
