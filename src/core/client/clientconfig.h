// How to reach an Infrahub server: address, credentials, default branch and limits. Defaults follow the
// Python SDK (60 s timeout, 5 concurrent requests, pages of 50).
#pragma once

#include <QString>
#include <QUrl>

namespace infrahub {

struct ClientConfig {
    QUrl address = QUrl(QStringLiteral("http://localhost:8000"));
    QString apiToken; // sent as X-INFRAHUB-KEY; never logged or stored in plain text
    QString defaultBranch = QStringLiteral("main");
    int timeoutMs = 60'000;
    int maxConcurrentRequests = 5;
    int paginationSize = 50;

    // Reads INFRAHUB_ADDRESS, INFRAHUB_API_TOKEN and INFRAHUB_DEFAULT_BRANCH, as infrahubctl does.
    static ClientConfig fromEnvironment(ClientConfig base);
    // An address a user typed: adds http:// when no scheme is given. Returns an invalid QUrl and sets
    // *error when it cannot be an Infrahub address.
    static QUrl parseAddress(const QString &text, QString *error);
};

} // namespace infrahub
