#include "sshfingerprint.h"

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

} // namespace infrahub
