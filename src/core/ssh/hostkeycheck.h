// What the host key check found when a session connected: the server's key held against known_hosts.
// A caller's HostKeyDecider (hostkeypolicy.h) sees this for FirstSeen and Changed and decides; Known
// needs no decision and Error is never accepted.
#pragma once

#include <QList>
#include <QString>

namespace infrahub {

// A host key as people compare them: the key type and OpenSSH's fingerprint ("SHA256:" and the unpadded
// base64 of the key's SHA-256, exactly what `ssh` and `ssh-keygen -lf` print).
struct HostKeyFingerprint {
    QString keyType; // "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa", ...
    QString sha256;

    QString describe() const { return keyType + QLatin1Char(' ') + sha256; }
    friend bool operator==(const HostKeyFingerprint &, const HostKeyFingerprint &) = default;
};

struct HostKeyCheck {
    enum class Status {
        Known,     // known_hosts has exactly this key for the host
        FirstSeen, // known_hosts has no key for the host (or does not exist yet)
        Changed,   // known_hosts has a different key for the host: an attack, or a reinstalled device
        Error,     // the check itself failed (no key from the server, unreadable known_hosts, ...)
    };
    Status status = Status::Error;
    // The host as known_hosts names it: "name" on port 22, else "[name]:port" (after the ssh config's
    // HostName was applied).
    QString host;
    HostKeyFingerprint presented;    // the key the server has just shown
    QList<HostKeyFingerprint> known; // Changed: what known_hosts holds for the host instead
    QString knownHostsFile;          // the user's file, the one "remember" writes to
    QString error;                   // Error: why

    static QString statusName(Status status); // "known", "first-seen", "changed", "error"
    // A paragraph for a dialog or the CLI: what was found and what it means.
    QString describe() const;
};

} // namespace infrahub
