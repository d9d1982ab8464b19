// Saved connection profiles: everything needed to reach a server except the secret. The settings part
// (name, address, auth method, user name, default branch, timeout, TLS options) goes to QSettings; the
// token or password goes only to a SecretStore (the OS keychain), keyed by the profile's name. Nothing
// here ever writes a secret to QSettings, so a settings file can be shared or backed up safely.
#pragma once

#include "core/client/clientconfig.h"
#include "secretstore.h"

#include <QCoreApplication>
#include <QCoroTask>
#include <QList>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>

struct ConnectionProfile {
    Q_DECLARE_TR_FUNCTIONS(ConnectionProfile)

public:
    enum class Auth { None, ApiToken, Login };

    QString name;
    QUrl address;
    Auth auth = Auth::ApiToken;
    QString username; // Login only
    QString defaultBranch = QStringLiteral("main");
    int timeoutSeconds = 60;
    QString caCertificateFile;          // empty: the system's CAs
    bool insecureSkipTlsVerify = false; // only ever on explicit request

    bool needsSecret() const { return auth != Auth::None; }
    // The client configuration with `secret` as the API token or the password, as the auth method says.
    infrahub::ClientConfig toConfig(const QString &secret) const;
    // A user-facing message for the first thing that keeps this profile from being saved, or nullopt.
    std::optional<QString> validate() const;

    friend bool operator==(const ConnectionProfile &, const ConnectionProfile &) = default;
};

class ConnectionProfileStore {
public:
    // `secrets` is not owned and must outlive the store. `settings` is where profiles are kept; nullptr
    // means the application's own QSettings.
    explicit ConnectionProfileStore(SecretStore *secrets, std::unique_ptr<QSettings> settings = nullptr);

    QList<ConnectionProfile> profiles() const; // sorted by name
    QStringList names() const;
    std::optional<ConnectionProfile> profile(const QString &name) const;
    // Adds the profile, or replaces the one with the same name. Writes no secret.
    void save(const ConnectionProfile &profile);
    void remove(const QString &name);

    // The profile the user last connected with (empty if none, or if it was deleted since).
    QString lastUsed() const;
    void setLastUsed(const QString &name);

    // The profile's token or password in the secret store; see SecretOutcome for unavailable keychains.
    QCoro::Task<SecretOutcome> saveSecret(QString profileName, QString secret);
    QCoro::Task<SecretOutcome> readSecret(QString profileName);
    QCoro::Task<SecretOutcome> removeSecret(QString profileName);

    static QString secretKey(const QString &profileName);
    QSettings &settings() const { return *m_settings; }

private:
    void write(const QList<ConnectionProfile> &profiles);

    SecretStore *m_secrets;
    std::unique_ptr<QSettings> m_settings;
};
