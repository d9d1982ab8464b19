#include "sshkey.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <utility>

namespace infrahub::sandbox {

namespace {

// Reads the big-endian fields of OpenSSH's key format (PROTOCOL.key): uint32 and length-prefixed strings.
struct KeyBlobReader {
    const QByteArray &data;
    qsizetype at = 0;
    bool ok = true;

    quint32 u32() {
        if (at + 4 > data.size()) {
            ok = false;
            return 0;
        }
        const auto *p = reinterpret_cast<const uchar *>(data.constData() + at);
        at += 4;
        return quint32(p[0]) << 24 | quint32(p[1]) << 16 | quint32(p[2]) << 8 | quint32(p[3]);
    }
    QByteArray string() {
        const quint32 length = u32();
        if (!ok || at + qsizetype(length) > data.size()) {
            ok = false;
            return {};
        }
        const QByteArray out = data.mid(at, length);
        at += length;
        return out;
    }
};

void putU32(QByteArray &out, quint32 v) {
    out.append(char(v >> 24)).append(char(v >> 16)).append(char(v >> 8)).append(char(v));
}

void putString(QByteArray &out, const QByteArray &s) {
    putU32(out, quint32(s.size()));
    out.append(s);
}

// libssh 0.10 writes OpenSSH private keys that OpenSSH reads but stricter readers (asyncssh) refuse: the
// private part is padded to 16 bytes even unencrypted, where the format asks for the cipher's block size
// (8 for "none"). Re-encoded here as ssh-keygen writes it: that padding, the comment inside, base64 in
// lines of 70. Anything but one unencrypted ed25519 key comes back unchanged.
QByteArray openSshKeyFileText(const QByteArray &libsshText, const QString &comment) {
    static const QByteArray magic("openssh-key-v1\0", 15);
    QByteArray base64;
    for (const QByteArray &line : libsshText.split('\n'))
        if (!line.startsWith("-----"))
            base64 += line.trimmed();
    const QByteArray blob = QByteArray::fromBase64(base64);
    if (!blob.startsWith(magic))
        return libsshText;
    KeyBlobReader outer{blob, magic.size()};
    const QByteArray cipher = outer.string();
    const QByteArray kdf = outer.string();
    outer.string(); // kdf options
    const quint32 count = outer.u32();
    const QByteArray publicBlob = outer.string();
    const QByteArray privateSection = outer.string();
    if (!outer.ok || cipher != "none" || kdf != "none" || count != 1)
        return libsshText;
    KeyBlobReader inner{privateSection};
    const quint32 check1 = inner.u32();
    const quint32 check2 = inner.u32();
    const QByteArray type = inner.string();
    const QByteArray publicKey = inner.string();
    const QByteArray secret = inner.string();
    if (!inner.ok || check1 != check2 || type != "ssh-ed25519")
        return libsshText;

    QByteArray section;
    putU32(section, check1);
    putU32(section, check2);
    putString(section, type);
    putString(section, publicKey);
    putString(section, secret);
    putString(section, comment.toUtf8());
    for (char pad = 1; section.size() % 8 != 0; ++pad)
        section.append(pad);
    QByteArray out = magic;
    putString(out, "none");
    putString(out, "none");
    putString(out, {});
    putU32(out, 1);
    putString(out, publicBlob);
    putString(out, section);
    const QByteArray encoded = out.toBase64();
    QByteArray text = "-----BEGIN OPENSSH PRIVATE KEY-----\n";
    for (qsizetype i = 0; i < encoded.size(); i += 70)
        text += encoded.mid(i, 70) + '\n';
    return text + "-----END OPENSSH PRIVATE KEY-----\n";
}

} // namespace

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
    const QByteArray text = openSshKeyFileText(privateKeyText(), comment);
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
