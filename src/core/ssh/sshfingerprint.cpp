#include "sshfingerprint.h"

#include <QStringList>

namespace infrahub {

HostKeyFingerprint fingerprintOf(ssh_key key) {
    HostKeyFingerprint fingerprint;
    if (key == nullptr)
        return fingerprint;
    if (const char *type = ssh_key_type_to_char(ssh_key_type(key)))
        fingerprint.keyType = QString::fromLatin1(type);
    unsigned char *hash = nullptr;
    size_t length = 0;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != SSH_OK)
        return fingerprint;
    if (char *text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length)) {
        fingerprint.sha256 = QString::fromLatin1(text);
        ssh_string_free_char(text);
    }
    ssh_clean_pubkey_hash(&hash);
    return fingerprint;
}

HostKeyFingerprint fingerprintOfPublicKey(const QString &line) {
    const QStringList parts = line.simplified().split(u' ');
    if (parts.size() < 2)
        return {};
    ssh_key key = nullptr;
    const QByteArray blob = parts.at(1).toLatin1();
    if (ssh_pki_import_pubkey_base64(
            blob.constData(), ssh_key_type_from_name(parts.at(0).toLatin1().constData()), &key) != SSH_OK)
        return {};
    HostKeyFingerprint fingerprint = fingerprintOf(key);
    ssh_key_free(key);
    return fingerprint;
}

} // namespace infrahub
