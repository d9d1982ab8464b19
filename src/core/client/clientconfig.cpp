#include "clientconfig.h"

#include <QFile>
#include <QSslCertificate>

namespace infrahub {

namespace {

bool readPositive(const char *name, int &target, int maximum, QString *error) {
    const QString text = qEnvironmentVariable(name);
    if (text.isEmpty())
        return true;
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value <= 0 || value > maximum) {
        if (error)
            *error = QStringLiteral("%1=%2 is not a number between 1 and %3; ignored.")
                         .arg(QLatin1String(name), text)
                         .arg(maximum);
        return false;
    }
    target = value;
    return true;
}

} // namespace

ClientConfig ClientConfig::fromEnvironment(ClientConfig base, QString *error) {
    if (const QString address = qEnvironmentVariable("INFRAHUB_ADDRESS"); !address.isEmpty()) {
        QString problem;
        if (const QUrl url = parseAddress(address, &problem); url.isValid())
            base.address = url;
        else if (error)
            *error = QStringLiteral("INFRAHUB_ADDRESS: %1").arg(problem);
    }
    if (const QString token = qEnvironmentVariable("INFRAHUB_API_TOKEN"); !token.isEmpty())
        base.apiToken = token;
    if (const QString user = qEnvironmentVariable("INFRAHUB_USERNAME"); !user.isEmpty())
        base.username = user;
    if (const QString password = qEnvironmentVariable("INFRAHUB_PASSWORD"); !password.isEmpty())
        base.password = password;
    if (const QString branch = qEnvironmentVariable("INFRAHUB_DEFAULT_BRANCH"); !branch.isEmpty())
        base.defaultBranch = branch;
    int seconds = base.timeoutMs / 1000;
    if (readPositive("INFRAHUB_TIMEOUT", seconds, 24 * 3600, error))
        base.timeoutMs = seconds * 1000;
    readPositive("INFRAHUB_MAX_CONCURRENT_EXECUTION", base.maxConcurrentRequests, 1000, error);
    readPositive("INFRAHUB_PAGINATION_SIZE", base.paginationSize, 10000, error);
    return base;
}

QUrl ClientConfig::parseAddress(const QString &text, QString *error) {
    QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        *error = QStringLiteral("The server address is empty.");
        return {};
    }
    if (!trimmed.contains(QStringLiteral("://")))
        trimmed.prepend(QStringLiteral("http://"));
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()) {
        *error = QStringLiteral(
                     "'%1' is not a valid server address (expected e.g. http://infrahub.example.com:8000).")
                     .arg(text);
        return {};
    }
    if (url.scheme() != u"http" && url.scheme() != u"https") {
        *error = QStringLiteral("'%1' must start with http:// or https://.").arg(text);
        return {};
    }
    return url;
}

std::optional<QString> ClientConfig::validate() const {
    if (!address.isValid() || address.host().isEmpty() ||
        (address.scheme() != u"http" && address.scheme() != u"https"))
        return QStringLiteral("The server address '%1' is not a valid http:// or https:// URL.")
            .arg(address.toString());
    if (!username.isEmpty() && password.isEmpty() && apiToken.isEmpty())
        return QStringLiteral("A password is needed to log in as %1.").arg(username);
    if (timeoutMs <= 0)
        return QStringLiteral("The request timeout must be positive.");
    if (maxConcurrentRequests < 1)
        return QStringLiteral("At least one concurrent request must be allowed.");
    if (paginationSize < 1)
        return QStringLiteral("The page size must be at least 1.");
    if (proxyMode == ProxyMode::Manual &&
        (!proxyUrl.isValid() || proxyUrl.host().isEmpty() || proxyUrl.port() <= 0))
        return QStringLiteral("The proxy address '%1' needs a host and a port.").arg(proxyUrl.toString());
    if (!caCertificateFile.isEmpty()) {
        QString error;
        if (!sslConfiguration(&error))
            return error;
    }
    return std::nullopt;
}

std::optional<QSslConfiguration> ClientConfig::sslConfiguration(QString *error) const {
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (!caCertificateFile.isEmpty()) {
        QFile file(caCertificateFile);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("Cannot read the CA certificate file %1: %2")
                         .arg(caCertificateFile, file.errorString());
            return std::nullopt;
        }
        const QByteArray data = file.readAll();
        QList<QSslCertificate> certificates = QSslCertificate::fromData(data, QSsl::Pem);
        if (certificates.isEmpty())
            certificates = QSslCertificate::fromData(data, QSsl::Der);
        if (certificates.isEmpty()) {
            *error = QStringLiteral("%1 contains no PEM or DER certificate.").arg(caCertificateFile);
            return std::nullopt;
        }
        // Added to the system CAs: a private CA for Infrahub does not stop public ones from working.
        ssl.addCaCertificates(certificates);
    }
    if (insecureSkipTlsVerify)
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    return ssl;
}

QNetworkProxy ClientConfig::proxy() const {
    switch (proxyMode) {
    case ProxyMode::None:
        return QNetworkProxy(QNetworkProxy::NoProxy);
    case ProxyMode::Manual: {
        const bool socks = proxyUrl.scheme().startsWith(u"socks");
        QNetworkProxy p(socks ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, proxyUrl.host(),
                        quint16(proxyUrl.port()), proxyUrl.userName(), proxyUrl.password());
        return p;
    }
    case ProxyMode::System:
        break;
    }
    return QNetworkProxy(QNetworkProxy::DefaultProxy);
}

} // namespace infrahub
