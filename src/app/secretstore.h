// Where connection secrets (API tokens, passwords) live: never in QSettings, files or logs. The app uses
// the OS keychain through QtKeychain; tests use the in-memory store, which can also pretend to be an
// unavailable keychain (the normal case on a headless CI machine without a Secret Service).
#pragma once

#include <QCoroTask>
#include <QHash>
#include <QString>

// What a keychain operation came to. `unavailable` means the keychain itself could not be used (no
// backend, no D-Bus, locked, access denied, timed out); a missing entry is not that.
struct SecretOutcome {
    enum class Status { Ok, NotFound, Unavailable };
    Status status = Status::Ok;
    QString secret; // read() only
    QString error;  // a user-facing reason when status is Unavailable
    bool ok() const { return status == Status::Ok; }
};

class SecretStore {
public:
    virtual ~SecretStore() = default;
    // All three are asynchronous: a keychain may prompt the user or start a daemon first.
    virtual QCoro::Task<SecretOutcome> write(QString key, QString secret) = 0;
    virtual QCoro::Task<SecretOutcome> read(QString key) = 0;
    virtual QCoro::Task<SecretOutcome> remove(QString key) = 0;
};

// The OS keychain (Secret Service / KWallet on Linux, Keychain on macOS, Credential Manager on Windows).
// Never falls back to plain-text storage: when no keychain answers, the outcome says so.
class KeychainSecretStore : public SecretStore {
public:
    explicit KeychainSecretStore(QString service = QStringLiteral("Infrahub Console"),
                                 int timeoutMs = 15'000);
    QCoro::Task<SecretOutcome> write(QString key, QString secret) override;
    QCoro::Task<SecretOutcome> read(QString key) override;
    QCoro::Task<SecretOutcome> remove(QString key) override;

private:
    QString m_service;
    int m_timeoutMs;
};

// Secrets in this process's memory only: for tests, and for a session that must not touch the keychain.
// Like a real keychain it answers asynchronously (from the event loop, never inside the call), so code
// that forgets a secret can arrive later is caught by tests too.
class MemorySecretStore : public SecretStore {
public:
    QCoro::Task<SecretOutcome> write(QString key, QString secret) override;
    QCoro::Task<SecretOutcome> read(QString key) override;
    QCoro::Task<SecretOutcome> remove(QString key) override;

    // From now on every operation fails as an unreachable keychain does, with `reason` as the error
    // (empty: works again). Lets tests walk the keychain-unavailable path without a real keychain.
    void setUnavailable(const QString &reason) { m_unavailableReason = reason; }
    const QHash<QString, QString> &contents() const { return m_secrets; }

private:
    static QCoro::Task<SecretOutcome> later(SecretOutcome outcome);

    QHash<QString, QString> m_secrets;
    QString m_unavailableReason;
};
