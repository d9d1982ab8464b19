// Loading a private key file off the event loop's thread: an encrypted OpenSSH key is decrypted with
// bcrypt-pbkdf, which is deliberately slow (a good part of a second), and 20 sessions authenticating at
// once must not freeze the UI. The public half is read first where possible ("<key>.pub", cheap), so a
// key the server does not accept is never decrypted at all.
#pragma once

#include <QCoroTask>
#include <QString>

#include <libssh/libssh.h>

#include <memory>

namespace infrahub {

using SshKey = std::shared_ptr<ssh_key_struct>; // freed with ssh_key_free

struct LoadedSshKey {
    SshKey key;
    QString error; // why not, when key is null (never contains the passphrase)
};

// An ssh_auth_callback that answers every passphrase prompt with "no". libssh (through OpenSSL, for PEM
// keys) would otherwise ask on the terminal and block; here there is nobody to ask.
int refusePassphrasePrompt(const char *prompt, char *buffer, size_t length, int echo, int verify,
                           void *userdata);

// The public key from "<path>.pub" (fast, on the calling thread); null when there is no such file or it
// cannot be read.
SshKey loadPublicKeyBeside(const QString &privateKeyPath);

// The private key, read and decrypted on a thread-pool thread. An empty passphrase means "not
// encrypted"; an encrypted key then fails with a message saying a passphrase is needed.
QCoro::Task<LoadedSshKey> loadPrivateKey(QString path, QString passphrase);

// The public half of a private key.
SshKey publicKeyOf(const SshKey &privateKey);

} // namespace infrahub
