// The parts of known_hosts handling libssh 0.10 leaves to us: which keys a file holds for a host (libssh
// reports "changed" without saying what the old key was) and removing a host's lines before a changed
// key is remembered (libssh only appends, and a stale line would keep matching the old key). Host
// matching, hashed names included, is libssh's (ssh_known_hosts_parse_line), so we read files exactly as
// the check does.
#pragma once

#include "hostkeycheck.h"

#include "client/infrahuberror.h"

namespace infrahub::knownhosts {

// "name" for port 22 (or 0), else "[name]:port"; lower case, as libssh and OpenSSH write it.
QString hostEntryName(const QString &host, int port);

// The keys `file` holds for `hostEntry`, in file order. A missing file holds none.
QList<HostKeyFingerprint> keysFor(const QString &file, const QString &hostEntry);

// Rewrites `file` without the lines for `hostEntry` (every other line, comments included, is kept as it
// was). Returns how many lines were removed.
Result<int> removeHost(const QString &file, const QString &hostEntry);

} // namespace infrahub::knownhosts
