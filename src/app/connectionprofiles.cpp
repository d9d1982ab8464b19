#include "connectionprofiles.h"

#include <QCoreApplication>

#include <algorithm>

namespace {

// Stored as words, not enum numbers, so a reordered enum never turns a login profile into a token one.
QString authName(ConnectionProfile::Auth auth) {
    switch (auth) {
    case ConnectionProfile::Auth::None:
        return QStringLiteral("none");
    case ConnectionProfile::Auth::Login:
        return QStringLiteral("login");
    case ConnectionProfile::Auth::ApiToken:
        break;
    }
    return QStringLiteral("token");
}

ConnectionProfile::Auth authFromName(const QString &name) {
    if (name == u"none")
        return ConnectionProfile::Auth::None;
    if (name == u"login")
        return ConnectionProfile::Auth::Login;
    return ConnectionProfile::Auth::ApiToken;
}

const QString kArray = QStringLiteral("connectionProfiles");
const QString kLastUsed = QStringLiteral("connection/lastProfile");

} // namespace

infrahub::ClientConfig ConnectionProfile::toConfig(const QString &secret) const {
    infrahub::ClientConfig config;
    config.address = address;
    if (auth == Auth::ApiToken)
        config.apiToken = secret;
    if (auth == Auth::Login) {
        config.username = username;
        config.password = secret;
    }
    if (!defaultBranch.trimmed().isEmpty())
        config.defaultBranch = defaultBranch.trimmed();
    config.timeoutMs = timeoutSeconds * 1000;
    config.caCertificateFile = caCertificateFile;
    config.insecureSkipTlsVerify = insecureSkipTlsVerify;
    return config;
}

std::optional<QString> ConnectionProfile::validate() const {
    if (name.trimmed().isEmpty())
        return tr("Give the profile a name.");
    if (!address.isValid() || address.host().isEmpty() ||
        (address.scheme() != u"http" && address.scheme() != u"https"))
        return tr("The server address is not a valid http:// or https:// URL.");
    if (auth == Auth::Login && username.trimmed().isEmpty())
        return tr("Enter the user name to log in with.");
    if (timeoutSeconds <= 0)
        return tr("The request timeout must be positive.");
    return std::nullopt;
}

ConnectionProfileStore::ConnectionProfileStore(SecretStore *secrets, std::unique_ptr<QSettings> settings)
    : m_secrets(secrets)
    , m_settings(settings ? std::move(settings) : std::make_unique<QSettings>()) {}

QList<ConnectionProfile> ConnectionProfileStore::profiles() const {
    QList<ConnectionProfile> result;
    const int count = m_settings->beginReadArray(kArray);
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        ConnectionProfile p;
        p.name = m_settings->value(QStringLiteral("name")).toString();
        if (p.name.isEmpty())
            continue;
        p.address = QUrl(m_settings->value(QStringLiteral("address")).toString());
        p.auth = authFromName(m_settings->value(QStringLiteral("auth")).toString());
        p.username = m_settings->value(QStringLiteral("username")).toString();
        p.defaultBranch = m_settings->value(QStringLiteral("defaultBranch"), p.defaultBranch).toString();
        p.timeoutSeconds = m_settings->value(QStringLiteral("timeoutSeconds"), p.timeoutSeconds).toInt();
        p.caCertificateFile = m_settings->value(QStringLiteral("caCertificateFile")).toString();
        p.insecureSkipTlsVerify = m_settings->value(QStringLiteral("insecureSkipTlsVerify")).toBool();
        result.append(p);
    }
    m_settings->endArray();
    std::sort(result.begin(), result.end(), [](const ConnectionProfile &a, const ConnectionProfile &b) {
        return QString::localeAwareCompare(a.name, b.name) < 0;
    });
    return result;
}

QStringList ConnectionProfileStore::names() const {
    QStringList result;
    for (const ConnectionProfile &p : profiles())
        result.append(p.name);
    return result;
}

std::optional<ConnectionProfile> ConnectionProfileStore::profile(const QString &name) const {
    for (const ConnectionProfile &p : profiles())
        if (p.name == name)
            return p;
    return std::nullopt;
}

void ConnectionProfileStore::write(const QList<ConnectionProfile> &profiles) {
    // Rewritten as a whole: an array keeps names with '/' or '\' intact, which group keys would not.
    m_settings->remove(kArray);
    m_settings->beginWriteArray(kArray, int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const ConnectionProfile &p = profiles.at(i);
        m_settings->setArrayIndex(i);
        m_settings->setValue(QStringLiteral("name"), p.name);
        // Without user info: a URL like https://user:pass@host would carry a secret into the file.
        m_settings->setValue(QStringLiteral("address"), p.address.adjusted(QUrl::RemoveUserInfo).toString());
        m_settings->setValue(QStringLiteral("auth"), authName(p.auth));
        m_settings->setValue(QStringLiteral("username"),
                             p.auth == ConnectionProfile::Auth::Login ? p.username : QString());
        m_settings->setValue(QStringLiteral("defaultBranch"), p.defaultBranch);
        m_settings->setValue(QStringLiteral("timeoutSeconds"), p.timeoutSeconds);
        m_settings->setValue(QStringLiteral("caCertificateFile"), p.caCertificateFile);
        m_settings->setValue(QStringLiteral("insecureSkipTlsVerify"), p.insecureSkipTlsVerify);
    }
    m_settings->endArray();
    m_settings->sync();
}

void ConnectionProfileStore::save(const ConnectionProfile &profile) {
    QList<ConnectionProfile> all = profiles();
    const auto same = std::find_if(all.begin(), all.end(),
                                   [&](const ConnectionProfile &p) { return p.name == profile.name; });
    if (same != all.end())
        *same = profile;
    else
        all.append(profile);
    write(all);
}

void ConnectionProfileStore::remove(const QString &name) {
    QList<ConnectionProfile> all = profiles();
    all.removeIf([&](const ConnectionProfile &p) { return p.name == name; });
    write(all);
    if (lastUsed() == name)
        setLastUsed(QString());
}

QString ConnectionProfileStore::lastUsed() const {
    const QString name = m_settings->value(kLastUsed).toString();
    return profile(name) ? name : QString();
}

void ConnectionProfileStore::setLastUsed(const QString &name) {
    if (name.isEmpty())
        m_settings->remove(kLastUsed);
    else
        m_settings->setValue(kLastUsed, name);
    m_settings->sync();
}

QString ConnectionProfileStore::secretKey(const QString &profileName) {
    return QStringLiteral("profile:") + profileName;
}

QCoro::Task<SecretOutcome> ConnectionProfileStore::saveSecret(QString profileName, QString secret) {
    const QString key = secretKey(profileName);
    SecretOutcome outcome = co_await m_secrets->write(key, secret);
    co_return outcome;
}

QCoro::Task<SecretOutcome> ConnectionProfileStore::readSecret(QString profileName) {
    const QString key = secretKey(profileName);
    SecretOutcome outcome = co_await m_secrets->read(key);
    co_return outcome;
}

QCoro::Task<SecretOutcome> ConnectionProfileStore::removeSecret(QString profileName) {
    const QString key = secretKey(profileName);
    SecretOutcome outcome = co_await m_secrets->remove(key);
    co_return outcome;
}
