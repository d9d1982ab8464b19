// A libssh key as OpenSSH shows it (type + SHA256 fingerprint).
#pragma once

#include "hostkeycheck.h"

#include <libssh/libssh.h>

namespace infrahub {

// Empty fields when the key is null or cannot be hashed.
HostKeyFingerprint fingerprintOf(ssh_key key);

} // namespace infrahub
