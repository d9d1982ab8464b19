#include "sshkey.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <utility>

namespace infrahub::sandbox {

SshKey::~SshKey() {
    ssh_key_free(m_key);
}

SshKey::SshKey(SshKey &&other) noexcept
    : m_key(std::exchange(other.m_key, nullptr)) {}

SshKey &SshKey::operator=(SshKey &&other) noexcept {
    if (this != &other) {
        ssh_key_free(m_key);
        m_key = std::exchange(other.m_key, nullptr);
    }
    return *this;
}

ssh_key SshKey::release() {
    return std::exchange(m_key, nullptr);
}

SshKey SshKey::generateEd25519(QString *error) {
    ssh_key key = nullptr;
    if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK) {
        *error = QStringLiteral("cannot generate an ed25519 key");
        return {};
    }
    return SshKey(key);
}

SshKey SshKey::fromPrivateKeyFile(const QString &path, QString *error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return {};
    }
    SshKey key = fromPrivateKeyText(file.readAll(), error);
    if (key.isNull())
        *error = QStringLiteral("%1: %2").arg(path, *error);
    return key;
}

SshKey SshKey::fromPrivateKeyText(const QByteArray &text, QString *error) {
    ssh_key key = nullptr;
    if (ssh_pki_import_privkey_base64(text.constData(), nullptr, nullptr, nullptr, &key) != SSH_OK) {
        *error =
            QStringLiteral("not a private key libssh can read (passphrase-protected keys are not supported)");
        return {};
    }
    return SshKey(key);
}

SshKey SshKey::fromPublicKeyLine(const QString &line, QString *error) {
    // authorized_keys lines may start with options (from="...",no-pty ...); the key starts at the first
    // word that names a key type, and its base64 blob follows.
    const QStringList words = line.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (qsizetype i = 0; i + 1 < words.size(); ++i) {
        const QByteArray typeName = words.at(i).toLatin1();
        const enum ssh_keytypes_e type = ssh_key_type_from_name(typeName.constData());
        if (type == SSH_KEYTYPE_UNKNOWN)
            continue;
        ssh_key key = nullptr;
        if (ssh_pki_import_pubkey_base64(words.at(i + 1).toLatin1().constData(), type, &key) != SSH_OK) {
            *error = QStringLiteral("the %1 key's base64 blob is invalid").arg(words.at(i));
            return {};
        }
        return SshKey(key);
    }
    *error = QStringLiteral("no public key found in '%1'").arg(line.left(60));
    return {};
}

SshKey SshKey::loadOrCreatePrivateKeyFile(const QString &path, const QString &comment, QString *error) {
    if (QFileInfo::exists(path))
        return fromPrivateKeyFile(path, error);
    SshKey key = generateEd25519(error);
    if (key.isNull() || !key.writePrivateKeyFile(path, comment, error))
        return {};
    return key;
}

SshKey SshKey::copy() const {
    if (!m_key)
        return {};
    // libssh 0.10 has no public key duplication; an export/import round trip makes an independent copy.
    if (ssh_key_is_private(m_key)) {
        QString error;
        return fromPrivateKeyText(privateKeyText(), &error);
    }
    return publicKey();
}

SshKey SshKey::publicKey() const {
    ssh_key pub = nullptr;
    if (!m_key || ssh_pki_export_privkey_to_pubkey(m_key, &pub) != SSH_OK)
        return {};
    return SshKey(pub);
}

QByteArray SshKey::privateKeyText() const {
    char *text = nullptr;
    if (!m_key || ssh_pki_export_privkey_base64(m_key, nullptr, nullptr, nullptr, &text) != SSH_OK)
        return {};
    QByteArray out(text);
    ssh_string_free_char(text);
    return out;
}

QString SshKey::publicKeyLine(const QString &comment) const {
    char *blob = nullptr;
    if (!m_key || ssh_pki_export_pubkey_base64(m_key, &blob) != SSH_OK)
        return {};
    QString line =
        QLatin1String(ssh_key_type_to_char(ssh_key_type(m_key))) + QLatin1Char(' ') + QLatin1String(blob);
    ssh_string_free_char(blob);
    if (!comment.isEmpty())
        line += QLatin1Char(' ') + comment;
    return line;
}

QString SshKey::fingerprint() const {
    unsigned char *hash = nullptr;
    size_t length = 0;
    if (!m_key || ssh_get_publickey_hash(m_key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != SSH_OK)
        return {};
    char *text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
    ssh_clean_pubkey_hash(&hash);
    const QString out = QLatin1String(text);
    ssh_string_free_char(text);
    return out;
}

bool SshKey::samePublicKey(ssh_key other) const {
    return m_key && other && ssh_key_cmp(m_key, other, SSH_KEY_CMP_PUBLIC) == 0;
}

bool SshKey::writePrivateKeyFile(const QString &path, const QString &comment, QString *error) const {
    const QByteArray text = privateKeyText();
    if (text.isEmpty()) {
        *error = QStringLiteral("cannot export the private key");
        return false;
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    // Created 0600 from the start: ssh refuses a private key others can read, and it must never be
    // readable in between.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate,
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(text) != text.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner); // an existing file kept its mode
    file.close();
    QFile pub(path + QStringLiteral(".pub"));
    if (!pub.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text) ||
        pub.write(publicKeyLine(comment).toLatin1() + '\n') < 0) {
        *error = QStringLiteral("cannot write %1: %2").arg(pub.fileName(), pub.errorString());
        return false;
    }
    return true;
}

std::vector<SshKey> parseAuthorizedKeys(const QString &text, QStringList *problems) {
    std::vector<SshKey> keys;
    int lineNumber = 0;
    for (const QString &raw : text.split(QLatin1Char('\n'))) {
        ++lineNumber;
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        QString error;
        SshKey key = SshKey::fromPublicKeyLine(line, &error);
        if (key.isNull()) {
            if (problems)
                problems->append(QStringLiteral("line %1: %2").arg(lineNumber).arg(error));
            continue;
        }
        keys.push_back(std::move(key));
    }
    return keys;
}

} // namespace infrahub::sandbox
