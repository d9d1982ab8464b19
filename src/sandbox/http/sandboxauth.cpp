// SandboxAuth: accounts, API tokens, JWT sessions. Messages follow Infrahub's auth module so clients
// see exactly what a real server says (the SDK matches "Expired Signature" literally).
#include "sandboxauth.h"

#include "jwt.h"
#include "secureequals.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPasswordDigestor>
#include <QRandomGenerator>
#include <QUuid>

namespace infrahub::sandbox {

namespace {

// Deliberately modest: this only protects sandbox passwords at rest, and tests log in a lot.
constexpr int kPbkdf2Iterations = 1000;
constexpr int kDigestBytes = 32;

QByteArray randomBytes(int count) {
    Q_ASSERT(count % 4 == 0);
    QByteArray bytes(count, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(bytes.data()),
                                         reinterpret_cast<quint32 *>(bytes.data() + count));
    return bytes;
}

QByteArray passwordDigest(const QString &password, const QByteArray &salt) {
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password.toUtf8(), salt,
                                              kPbkdf2Iterations, kDigestBytes);
}

QByteArray tokenDigest(QByteArrayView token) {
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256);
}

QString newId() {
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

HttpResponse unauthorized(const QString &message) {
    return HttpResponse::legacyError(401, message);
}

// "Authorization: Bearer <token>"; any other scheme counts as no token (FastAPI's HTTPBearer with
// auto_error=False behaves the same).
QByteArray bearerToken(const HttpRequest &request) {
    const QByteArrayView authorization = QByteArrayView(request.header("authorization")).trimmed();
    const qsizetype space = authorization.indexOf(' ');
    if (space <= 0 || authorization.first(space).compare("bearer", Qt::CaseInsensitive) != 0)
        return {};
    return authorization.sliced(space + 1).trimmed().toByteArray();
}

QByteArray cookieHeader(QByteArrayView name, QByteArrayView value, qint64 maxAge) {
    QByteArray cookie = name.toByteArray();
    cookie.append('=').append(value).append("; HttpOnly; Max-Age=").append(QByteArray::number(maxAge));
    cookie.append("; Path=/; SameSite=lax");
    return cookie;
}

QByteArray deletedCookieHeader(QByteArrayView name) {
    QByteArray cookie = name.toByteArray();
    cookie.append("=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=lax");
    return cookie;
}

} // namespace

SandboxAuth::SandboxAuth()
    : m_secret(randomBytes(32)) {}

void SandboxAuth::setAllowAnonymous(bool allow) {
    QMutexLocker locker(&m_mutex);
    m_allowAnonymous = allow;
}

bool SandboxAuth::allowAnonymous() const {
    QMutexLocker locker(&m_mutex);
    return m_allowAnonymous;
}

void SandboxAuth::setAccessTokenLifetime(qint64 seconds) {
    QMutexLocker locker(&m_mutex);
    m_accessLifetime = seconds;
}

void SandboxAuth::setRefreshTokenLifetime(qint64 seconds) {
    QMutexLocker locker(&m_mutex);
    m_refreshLifetime = seconds;
}

qint64 SandboxAuth::accessTokenLifetime() const {
    QMutexLocker locker(&m_mutex);
    return m_accessLifetime;
}

qint64 SandboxAuth::refreshTokenLifetime() const {
    QMutexLocker locker(&m_mutex);
    return m_refreshLifetime;
}

QString SandboxAuth::addAccount(const QString &name, const QString &password, const QString &role) {
    const QByteArray salt = randomBytes(16);
    const QByteArray digest = passwordDigest(password, salt); // outside the lock: it is the slow part
    QMutexLocker locker(&m_mutex);
    Account &account = m_accounts[name];
    if (account.id.isEmpty()) {
        account.id = newId();
        m_accountNamesById.insert(account.id, name);
    }
    account.name = name;
    account.role = role;
    account.salt = salt;
    account.passwordDigest = digest;
    account.active = true;
    return account.id;
}

bool SandboxAuth::hasAccount(const QString &name) const {
    QMutexLocker locker(&m_mutex);
    return m_accounts.contains(name);
}

bool SandboxAuth::setAccountActive(const QString &name, bool active) {
    QMutexLocker locker(&m_mutex);
    const auto it = m_accounts.find(name);
    if (it == m_accounts.end())
        return false;
    it->active = active;
    return true;
}

bool SandboxAuth::addApiToken(const QByteArray &token, const QString &accountName) {
    QMutexLocker locker(&m_mutex);
    if (token.isEmpty() || !m_accounts.contains(accountName))
        return false;
    m_apiTokens.insert(tokenDigest(token), accountName);
    return true;
}

bool SandboxAuth::removeApiToken(const QByteArray &token) {
    QMutexLocker locker(&m_mutex);
    return m_apiTokens.remove(tokenDigest(token)) > 0;
}

qint64 SandboxAuth::now() const {
    return QDateTime::currentSecsSinceEpoch() + m_clockOffset;
}

const SandboxAuth::Account *SandboxAuth::accountById(const QString &id) const {
    const auto name = m_accountNamesById.constFind(id);
    if (name == m_accountNamesById.constEnd())
        return nullptr;
    const auto account = m_accounts.constFind(*name);
    return account == m_accounts.constEnd() ? nullptr : &*account;
}

AuthResult SandboxAuth::authenticate(const HttpRequest &request) const {
    QMutexLocker locker(&m_mutex);
    AuthResult result;
    result.anonymousAllowed = m_allowAnonymous;

    const QByteArray apiKey = request.header("x-infrahub-key");
    if (!apiKey.isEmpty()) {
        result.method = AuthResult::Method::ApiToken;
        // Looked up by digest: what gets compared is a hash of the guess, which tells an attacker
        // nothing about the stored tokens, so a plain hash lookup is timing-safe here.
        const auto entry = m_apiTokens.constFind(tokenDigest(apiKey));
        const auto account =
            entry == m_apiTokens.constEnd() ? m_accounts.constEnd() : m_accounts.constFind(*entry);
        if (account == m_accounts.constEnd()) {
            result.state = AuthResult::State::Invalid;
            result.error = unauthorized(QStringLiteral("Invalid token"));
        } else if (!account->active) {
            result.state = AuthResult::State::Invalid;
            result.error = unauthorized(QStringLiteral("This account has been deactivated"));
        } else {
            result.state = AuthResult::State::Authenticated;
            result.account = account->name;
            result.accountId = account->id;
            result.role = account->role;
        }
    } else {
        QByteArray jwt = bearerToken(request);
        if (jwt.isEmpty())
            jwt = request.cookie("access_token");
        if (!jwt.isEmpty()) {
            verifyAccessTokenLocked(jwt, &result);
        } else {
            result.error = authenticationRequired();
        }
    }
    if (result.state == AuthResult::State::Invalid)
        ++m_counters.invalid;
    else if (result.state == AuthResult::State::Expired)
        ++m_counters.expired;
    return result;
}

void SandboxAuth::verifyAccessTokenLocked(QByteArrayView token, AuthResult *result) const {
    result->method = AuthResult::Method::Jwt;
    const Jwt::Verified verified = Jwt::verify(token, m_secret, now());
    const auto claim = [&verified](const char *name) {
        return verified.claims.value(QLatin1String(name));
    };
    const auto reject = [result](AuthResult::State state, const QString &message) {
        result->state = state;
        result->error = unauthorized(message);
    };

    if (verified.status == Jwt::Status::Expired) {
        reject(AuthResult::State::Expired, QStringLiteral("Expired Signature"));
        return;
    }
    if (verified.status != Jwt::Status::Valid) {
        reject(AuthResult::State::Invalid, QStringLiteral("Invalid token"));
        return;
    }
    if (claim("type").toString() != QStringLiteral("access")) {
        reject(AuthResult::State::Invalid,
               QStringLiteral("Invalid token, current token is not an access token"));
        return;
    }
    if (claim("jti").toString().toULongLong() < m_accessValidFromSerial) {
        reject(AuthResult::State::Expired, QStringLiteral("Expired Signature"));
        return;
    }
    const Account *account = accountById(claim("sub").toString());
    if (!account) {
        reject(AuthResult::State::Invalid, QStringLiteral("Invalid token"));
        return;
    }
    result->state = AuthResult::State::Authenticated;
    result->account = account->name;
    result->accountId = account->id;
    result->role = account->role;
    result->sessionId = claim("session_id").toString();
    result->error = HttpResponse();
}

QByteArray SandboxAuth::accessTokenLocked(const Account &account, const QString &sessionId) {
    const qint64 issued = now();
    const QJsonObject claims{
        {QStringLiteral("sub"), account.id},
        {QStringLiteral("iat"), issued},
        {QStringLiteral("nbf"), issued},
        {QStringLiteral("exp"), issued + m_accessLifetime},
        {QStringLiteral("fresh"), false},
        {QStringLiteral("type"), QStringLiteral("access")},
        {QStringLiteral("session_id"), sessionId},
        {QStringLiteral("user_claims"), QJsonObject{{QStringLiteral("role"), account.role}}},
        // Issue order, so expireAllAccessTokens() can cut off everything issued before it.
        {QStringLiteral("jti"), QString::number(m_nextAccessSerial++)},
    };
    return Jwt::sign(claims, m_secret);
}

SandboxAuth::TokenPair SandboxAuth::issueTokensLocked(const Account &account) {
    const qint64 issued = now();
    const QString sessionId = newId();
    m_sessions.insert(sessionId, Session{account.id, issued + m_refreshLifetime});
    const QJsonObject refreshClaims{
        {QStringLiteral("sub"), account.id},
        {QStringLiteral("iat"), issued},
        {QStringLiteral("nbf"), issued},
        {QStringLiteral("exp"), issued + m_refreshLifetime},
        {QStringLiteral("fresh"), false},
        {QStringLiteral("type"), QStringLiteral("refresh")},
        {QStringLiteral("session_id"), sessionId},
        {QStringLiteral("user_claims"), QJsonObject{{QStringLiteral("role"), account.role}}},
    };
    return TokenPair{accessTokenLocked(account, sessionId), Jwt::sign(refreshClaims, m_secret)};
}

std::optional<SandboxAuth::TokenPair> SandboxAuth::issueTokens(const QString &accountName) {
    QMutexLocker locker(&m_mutex);
    const auto account = m_accounts.constFind(accountName);
    if (account == m_accounts.constEnd() || !account->active)
        return std::nullopt;
    return issueTokensLocked(*account);
}

HttpResponse SandboxAuth::login(const HttpRequest &request) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    const QJsonObject body = document.object();
    const QJsonValue username = body.value(QStringLiteral("username"));
    const QJsonValue password = body.value(QStringLiteral("password"));
    if (parseError.error != QJsonParseError::NoError || !document.isObject() || !username.isString() ||
        !password.isString()) {
        QMutexLocker locker(&m_mutex);
        ++m_counters.failedLogins;
        return HttpResponse::legacyError(
            422,
            QStringLiteral("Invalid login request: the body must be a JSON object with the string fields "
                           "\"username\" and \"password\""));
    }

    Account account;
    {
        QMutexLocker locker(&m_mutex);
        const auto it = m_accounts.constFind(username.toString());
        if (it == m_accounts.constEnd()) {
            ++m_counters.failedLogins;
            return HttpResponse::legacyError(404,
                                             QStringLiteral("That login user doesn't exist in the system"));
        }
        if (!it->active) {
            ++m_counters.failedLogins;
            return unauthorized(QStringLiteral("This account is not allowed to login"));
        }
        account = *it;
    }
    // PBKDF2 runs unlocked; the comparison takes the same time wherever the digests differ.
    const bool passwordMatches =
        secureEquals(passwordDigest(password.toString(), account.salt), account.passwordDigest);

    QMutexLocker locker(&m_mutex);
    if (!passwordMatches) {
        ++m_counters.failedLogins;
        return unauthorized(QStringLiteral("Incorrect password"));
    }
    ++m_counters.logins;
    const TokenPair tokens = issueTokensLocked(account);
    HttpResponse response = HttpResponse::json(
        200, QJsonDocument(
                 QJsonObject{{QStringLiteral("access_token"), QString::fromLatin1(tokens.accessToken)},
                             {QStringLiteral("refresh_token"), QString::fromLatin1(tokens.refreshToken)}}));
    response.headers.append(
        {"Set-Cookie", cookieHeader("access_token", tokens.accessToken, m_accessLifetime)});
    response.headers.append(
        {"Set-Cookie", cookieHeader("refresh_token", tokens.refreshToken, m_refreshLifetime)});
    return response;
}

HttpResponse SandboxAuth::refresh(const HttpRequest &request) {
    QByteArray token = bearerToken(request);
    if (token.isEmpty())
        token = request.cookie("refresh_token");
    if (token.isEmpty())
        return unauthorized(QStringLiteral("A JWT refresh token is required to perform this operation."));

    QMutexLocker locker(&m_mutex);
    const Jwt::Verified verified = Jwt::verify(token, m_secret, now());
    if (verified.status == Jwt::Status::Expired)
        return unauthorized(QStringLiteral("Expired Signature"));
    if (verified.status != Jwt::Status::Valid)
        return unauthorized(QStringLiteral("Invalid token"));
    // Infrahub's order: account still active, then token type, then the session in the database.
    const Account *account = accountById(verified.claims.value(QStringLiteral("sub")).toString());
    if (!account)
        return unauthorized(QStringLiteral("Invalid token"));
    if (!account->active)
        return unauthorized(QStringLiteral("This account has been deactivated"));
    if (verified.claims.value(QStringLiteral("type")).toString() != QStringLiteral("refresh"))
        return unauthorized(QStringLiteral("Invalid token, current token is not a refresh token"));
    const QString sessionId = verified.claims.value(QStringLiteral("session_id")).toString();
    const auto session = m_sessions.constFind(sessionId);
    if (session == m_sessions.constEnd() || session->accountId != account->id)
        return unauthorized(
            QStringLiteral("The provided refresh token has been invalidated in the database"));

    ++m_counters.refreshes;
    const QByteArray accessToken = accessTokenLocked(*account, sessionId);
    HttpResponse response = HttpResponse::json(
        200, QJsonDocument(QJsonObject{{QStringLiteral("access_token"), QString::fromLatin1(accessToken)}}));
    response.headers.append({"Set-Cookie", cookieHeader("access_token", accessToken, m_accessLifetime)});
    return response;
}

HttpResponse SandboxAuth::logout(const HttpRequest &request) {
    QByteArray token = bearerToken(request);
    if (token.isEmpty())
        token = request.cookie("access_token");
    if (token.isEmpty())
        return unauthorized(QStringLiteral("A JWT access token is required to perform this operation."));

    QMutexLocker locker(&m_mutex);
    AuthResult result;
    verifyAccessTokenLocked(token, &result);
    if (!result.isAuthenticated())
        return result.error;
    if (m_sessions.remove(result.sessionId) > 0)
        ++m_counters.logouts;
    // FastAPI answers a None-returning route with a JSON null.
    HttpResponse response = HttpResponse::text(200, "null", "application/json");
    response.headers.append({"Set-Cookie", deletedCookieHeader("access_token")});
    response.headers.append({"Set-Cookie", deletedCookieHeader("refresh_token")});
    return response;
}

void SandboxAuth::expireAllAccessTokens() {
    QMutexLocker locker(&m_mutex);
    m_accessValidFromSerial = m_nextAccessSerial;
}

void SandboxAuth::setClockOffset(qint64 seconds) {
    QMutexLocker locker(&m_mutex);
    m_clockOffset = seconds;
}

qint64 SandboxAuth::clockOffset() const {
    QMutexLocker locker(&m_mutex);
    return m_clockOffset;
}

int SandboxAuth::sessionCount() const {
    QMutexLocker locker(&m_mutex);
    return static_cast<int>(m_sessions.size());
}

SandboxAuth::Counters SandboxAuth::counters() const {
    QMutexLocker locker(&m_mutex);
    return m_counters;
}

HttpResponse SandboxAuth::authenticationRequired() {
    return unauthorized(QStringLiteral("Authentication is required to perform this operation"));
}

} // namespace infrahub::sandbox
