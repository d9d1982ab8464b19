// An owned libssh key (ssh_key) with what the emulator needs around it: generating ed25519 keys, reading
// and writing OpenSSH key files, public key lines as authorized_keys and known_hosts hold them, and
// comparing public keys. Move-only; the key is freed with the object.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <libssh/libssh.h>

#include <vector>

namespace infrahub::sandbox {

class SshKey {
public:
    SshKey() = default;
    explicit SshKey(ssh_key key)
        : m_key(key) {}
    ~SshKey();
    SshKey(SshKey &&other) noexcept;
    SshKey &operator=(SshKey &&other) noexcept;
    SshKey(const SshKey &) = delete;
    SshKey &operator=(const SshKey &) = delete;

    static SshKey generateEd25519(QString *error);
    // An OpenSSH (or PEM) private key without passphrase.
    static SshKey fromPrivateKeyFile(const QString &path, QString *error);
    static SshKey fromPrivateKeyText(const QByteArray &text, QString *error);
    // "ssh-ed25519 AAAA... comment", as in authorized_keys (leading options are skipped) or a .pub file.
    static SshKey fromPublicKeyLine(const QString &line, QString *error);
    // The private key at `path`, or a new ed25519 key written there (mode 0600, plus `path`.pub) if the
    // file does not exist yet: how a stable host key or the demo's client key is kept between runs.
    static SshKey loadOrCreatePrivateKeyFile(const QString &path, const QString &comment, QString *error);

    bool isNull() const { return m_key == nullptr; }
    ssh_key get() const { return m_key; }
    ssh_key release();

    // A separate copy (libssh's bind takes ownership of the key it is given, so each listener needs one).
    SshKey copy() const;
    SshKey publicKey() const;
    QByteArray privateKeyText() const; // OpenSSH format
    QString publicKeyLine(const QString &comment = {}) const;
    QString fingerprint() const; // SHA256:base64, as ssh-keygen -l prints it
    bool samePublicKey(ssh_key other) const;
    // Writes the private key as ssh-keygen does (OpenSSH format; mode 0600, which OpenSSH insists on) and
    // `path`.pub next to it.
    bool writePrivateKeyFile(const QString &path, const QString &comment, QString *error) const;

private:
    ssh_key m_key = nullptr;
};

// The keys of an authorized_keys text (one per line; blank lines, comments and key options allowed).
// Lines that are not keys are reported in *problems when given.
std::vector<SshKey> parseAuthorizedKeys(const QString &text, QStringList *problems = nullptr);

} // namespace infrahub::sandbox
