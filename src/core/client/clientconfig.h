// How to reach an Infrahub server: address, credentials, default branch, limits, TLS and proxy. Defaults
// follow the Python SDK (60 s timeout, 5 concurrent requests, pages of 50). Secrets live here only in
// memory: nothing in this struct is ever written to settings or logs by the core.
#pragma once

#include <QNetworkProxy>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <optional>

namespace infrahub {

struct ClientConfig {
    QUrl address = QUrl(QStringLiteral("http://localhost:8000"));
    QString apiToken; // sent as X-INFRAHUB-KEY
    QString username; // with password: JWT login instead of a token
    QString password;
    QString defaultBranch = QStringLiteral("main");
    int timeoutMs = 60'000;
    int maxConcurrentRequests = 5;
    int paginationSize = 50;

    // TLS: the system's CAs unless a CA file is given; verification off only on explicit request.
    QString caCertificateFile;
    bool insecureSkipTlsVerify = false;

    // Proxy: the system's settings unless told otherwise.
    enum class ProxyMode { System, None, Manual };
    ProxyMode proxyMode = ProxyMode::System;
    QUrl proxyUrl; // http://host:port or socks5://host:port, for Manual

    // Reads INFRAHUB_ADDRESS, INFRAHUB_API_TOKEN, INFRAHUB_USERNAME, INFRAHUB_PASSWORD,
    // INFRAHUB_DEFAULT_BRANCH, INFRAHUB_TIMEOUT (seconds), INFRAHUB_MAX_CONCURRENT_EXECUTION and
    // INFRAHUB_PAGINATION_SIZE, as the Python SDK does; invalid values are reported in *error and ignored.
    static ClientConfig fromEnvironment(ClientConfig base, QString *error = nullptr);
    // An address a user typed: adds http:// when no scheme is given. Returns an invalid QUrl and sets
    // *error when it cannot be an Infrahub address.
    static QUrl parseAddress(const QString &text, QString *error);

    // Checks the whole configuration; returns a user-facing message for the first problem, or nullopt.
    std::optional<QString> validate() const;
    // The TLS settings requests use (CA file loaded), or nullopt with *error if the CA file is unusable.
    std::optional<QSslConfiguration> sslConfiguration(QString *error) const;
    QNetworkProxy proxy() const;
    bool usesLogin() const { return apiToken.isEmpty() && !username.isEmpty(); }
};

} // namespace infrahub
