// Infrahub-style authentication for the sandbox: accounts with passwords, API tokens (X-INFRAHUB-KEY),
// JWT access/refresh tokens (HS256, signed with a random per-instance secret) with login, refresh and
// logout, anonymous reads, and the same status codes and messages as Infrahub. Also fault hooks for
// client tests: expire every access token at once, or shift the clock.
#pragma once

#include "authresult.h"
#include "httprequest.h"
#include "httpresponse.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <optional>

namespace infrahub::sandbox {

class SandboxAuth {
public:
    struct Counters {
        quint64 logins = 0;       // successful
        quint64 failedLogins = 0; // 404/401/422 from login()
        quint64 refreshes = 0;    // successful
        quint64 logouts = 0;
        quint64 invalid = 0; // authenticate() -> Invalid
        quint64 expired = 0; // authenticate() -> Expired
    };

    struct TokenPair {
        QByteArray accessToken;
        QByteArray refreshToken;
    };

    SandboxAuth();

    // Anonymous reads (Infrahub's main.allow_anonymous_access, default true).
    void setAllowAnonymous(bool allow);
    bool allowAnonymous() const;
    void setAccessTokenLifetime(qint64 seconds);  // default 3600
    void setRefreshTokenLifetime(qint64 seconds); // default 30 days
    qint64 accessTokenLifetime() const;
    qint64 refreshTokenLifetime() const;

    // Adds or replaces an account; returns its id (the JWT "sub"). Passwords are kept only as salted
    // PBKDF2-SHA256 digests.
    QString addAccount(const QString &name, const QString &password,
                       const QString &role = QStringLiteral("admin"));
    bool hasAccount(const QString &name) const;
    // A deactivated account can neither log in nor use its API tokens or refresh tokens.
    bool setAccountActive(const QString &name, bool active);
    // Registers an API token for an existing account (stored as a SHA-256 digest). False if no such account.
    bool addApiToken(const QByteArray &token, const QString &accountName);
    bool removeApiToken(const QByteArray &token);

    // Checks X-INFRAHUB-KEY first (it wins when both are present), then "Authorization: Bearer", then the
    // access_token cookie the web UI uses.
    AuthResult authenticate(const HttpRequest &request) const;

    // POST /api/auth/login, body {"username", "password"} -> 200 {"access_token", "refresh_token"} (also
    // as http-only cookies); 404 unknown user, 401 wrong password / deactivated, 422 malformed body.
    HttpResponse login(const HttpRequest &request);
    // POST /api/auth/refresh with the refresh token as bearer (or refresh_token cookie) -> {"access_token"}.
    HttpResponse refresh(const HttpRequest &request);
    // POST /api/auth/logout with an access token: deletes the session, so its refresh token stops
    // working. Like Infrahub, the stateless access token itself stays valid until it expires.
    HttpResponse logout(const HttpRequest &request);

    // What a successful login returns, without the HTTP round trip (test set-up). nullopt if the account
    // does not exist or is deactivated.
    std::optional<TokenPair> issueTokens(const QString &accountName);

    // Every access token issued so far counts as expired from now on ("Expired Signature"), while tokens
    // issued later and all refresh tokens keep working: many in-flight requests can be made to fail
    // with an expired token at the same moment.
    void expireAllAccessTokens();
    // Seconds added to the wall clock for issuing and checking tokens (e.g. 3601 = an hour later).
    void setClockOffset(qint64 seconds);
    qint64 clockOffset() const;

    int sessionCount() const;
    Counters counters() const;

    // 401 "Authentication is required to perform this operation" in the legacy envelope.
    static HttpResponse authenticationRequired();

private:
    struct Account {
        QString id;
        QString name;
        QString role;
        QByteArray salt;
        QByteArray passwordDigest;
        bool active = true;
    };
    struct Session {
        QString accountId;
        qint64 refreshExpires = 0;
    };

    qint64 now() const;
    TokenPair issueTokensLocked(const Account &account);
    QByteArray accessTokenLocked(const Account &account, const QString &sessionId);
    // Verifies an access JWT and fills `result`; shared by authenticate() and logout().
    void verifyAccessTokenLocked(QByteArrayView token, AuthResult *result) const;
    const Account *accountById(const QString &id) const;

    mutable QMutex m_mutex; // the server thread authenticates while a test thread may flip settings
    QByteArray m_secret;
    bool m_allowAnonymous = true;
    qint64 m_accessLifetime = 3600;
    qint64 m_refreshLifetime = 30LL * 24 * 3600;
    qint64 m_clockOffset = 0;
    quint64 m_nextAccessSerial = 1;
    quint64 m_accessValidFromSerial = 0; // access tokens with a lower serial count as expired
    QHash<QString, Account> m_accounts;  // by name
    QHash<QString, QString> m_accountNamesById;
    QHash<QByteArray, QString> m_apiTokens; // SHA-256 of the token -> account name
    QHash<QString, Session> m_sessions;     // by session_id
    mutable Counters m_counters;
};

} // namespace infrahub::sandbox
