#include "clientconfig.h"

namespace infrahub {

ClientConfig ClientConfig::fromEnvironment(ClientConfig base) {
    if (const QString address = qEnvironmentVariable("INFRAHUB_ADDRESS"); !address.isEmpty()) {
        QString error;
        if (const QUrl url = parseAddress(address, &error); url.isValid())
            base.address = url;
    }
    if (const QString token = qEnvironmentVariable("INFRAHUB_API_TOKEN"); !token.isEmpty())
        base.apiToken = token;
    if (const QString branch = qEnvironmentVariable("INFRAHUB_DEFAULT_BRANCH"); !branch.isEmpty())
        base.defaultBranch = branch;
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

} // namespace infrahub
