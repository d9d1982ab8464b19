// A libssh key as OpenSSH shows it (type + SHA256 fingerprint).
#pragma once

#include "hostkeycheck.h"

#include <libssh/libssh.h>

namespace infrahub {

// Empty fields when the key is null or cannot be hashed.
HostKeyFingerprint fingerprintOf(ssh_key key);
// The same for a public key as OpenSSH writes it ("ssh-ed25519 AAAAC3Nz... comment", a known_hosts entry
// without the host, or a .pub file's line): to pin a key one already has, like the demo devices' host key.
HostKeyFingerprint fingerprintOfPublicKey(const QString &line);

} // namespace infrahub
