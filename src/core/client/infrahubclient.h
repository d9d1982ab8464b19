// The Infrahub client: every request the console makes goes through here, as QCoro coroutines over
// QNetworkAccessManager. This first cut covers what connecting needs (server info, schema, raw GraphQL);
// queries, mutations, pagination and the concurrency toolkit build on it.
#pragma once

#include "clientconfig.h"
#include "core/schema/schemamodel.h"
#include "infrahuberror.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>

#include <QCoroTask>

namespace infrahub {

struct ServerInfo {
    QString version;
    QString deploymentId;
};

class InfrahubClient : public QObject {
    Q_OBJECT

public:
    explicit InfrahubClient(ClientConfig config, QObject *parent = nullptr);

    const ClientConfig &config() const { return m_config; }

    // GET /api/info.
    QCoro::Task<Result<ServerInfo>> serverInfo();
    // GET /api/schema?branch=... parsed into a SchemaSet.
    QCoro::Task<Result<SchemaSet>> schema(QString branch = {});
    // POST /graphql/{branch}; returns `data`, or the server's errors as an InfrahubError.
    QCoro::Task<Result<QJsonObject>> graphql(QString query, QJsonObject variables = {}, QString branch = {},
                                             QString operationName = {});

private:
    struct Reply {
        int status = 0;
        QByteArray body;
    };
    QCoro::Task<Result<Reply>> send(QByteArray method, QUrl url, QByteArray body);
    QNetworkRequest request(const QUrl &url) const;
    QUrl endpoint(const QString &path) const;

    ClientConfig m_config;
    QNetworkAccessManager m_network;
};

} // namespace infrahub
