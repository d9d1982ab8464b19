// How the console backs up device configurations for one connection (one Infrahub server, or the demo):
// the backup folder, how to log in to the devices, how to treat host keys, and how hard to push. Kept per
// connection, because each inventory has its own devices, credentials and folder. Everything here goes to
// QSettings (group "backup/<scope>") except the SSH password and key passphrase, which live only in the OS
// keychain (SecretStore, keys secretKey(scope, ...)): a settings file can be shared without leaking them.
#pragma once

#include "core/ssh/sshcredentials.h"
#include "core/ssh/sshtimeouts.h"

#include <QSettings>
#include <QString>
#include <QUrl>

#include <optional>

struct BackupSettings {
    enum class HostKeys {
        Ask,       // ask about first-seen and changed keys, one question at a time (OpenSSH's default)
        Strict,    // only hosts known_hosts already has (OpenSSH StrictHostKeyChecking=yes)
        AcceptNew, // remember first-seen keys, refuse changed ones (accept-new)
    };
    enum class Secret { Password, KeyPassphrase };

    QString folder;                // empty: defaultFolder(scope)
    QString user;                  // empty: the ssh config's User, else the local user
    int port = 0;                  // 0: the ssh config's Port, else 22
    bool useAgent = true;          // $SSH_AUTH_SOCK
    bool useDefaultKeys = true;    // ~/.ssh/id_* and the ssh config's IdentityFile
    QString keyFile;               // a private key to offer first (empty: none)
    bool keyHasPassphrase = false; // its passphrase is in the keychain
    bool usePassword = false;      // the password is in the keychain
    HostKeys hostKeys = HostKeys::Ask;
    QString knownHostsFile; // empty: ~/.ssh/known_hosts
    int concurrency = 20;
    int retries = 1;         // further attempts after a connection failure (never after an auth failure)
    int timeoutSeconds = 30; // connect and log in; the platform table bounds the fetch itself
    QString platformsFile;   // the user's additions to the platform table (empty: defaultPlatformsFile())

    // The scope for a server ("https://infrahub.example.com:8000") or the demo ("demo").
    static QString scopeOf(const QUrl &server, bool demo);
    static BackupSettings load(const QString &scope, QSettings &settings);
    void save(const QString &scope, QSettings &settings) const;
    static QString secretKey(const QString &scope, Secret secret);

    static QString defaultFolder(const QString &scope);
    static QString defaultPlatformsFile();
    QString effectiveFolder(const QString &scope) const {
        return folder.isEmpty() ? defaultFolder(scope) : folder;
    }

    // The credentials for a job: `password` / `passphrase` as read from the keychain (nullopt: none).
    infrahub::SshCredentials credentials(const std::optional<QString> &password,
                                         const std::optional<QString> &passphrase) const;
    infrahub::SshTimeouts timeouts() const;
    // A user-facing message for the first thing that keeps these settings from working, or nullopt.
    std::optional<QString> validate() const;
    // "admin, key ~/.ssh/backup, agent; accept new host keys; 20 at once": for the window, no secrets.
    QString describe() const;
};
