#include "infrahubclient.h"

#include "errorenvelope.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QUrlQuery>

#include <QCoroNetworkReply>

#include <memory>

namespace infrahub {

InfrahubClient::InfrahubClient(ClientConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config)) {}

QUrl InfrahubClient::endpoint(const QString &path) const {
    QUrl url = m_config.address;
    QString base = url.path();
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path, QUrl::DecodedMode);
    return url;
}

QNetworkRequest InfrahubClient::request(const QUrl &url) const {
    QNetworkRequest r(url);
    r.setTransferTimeout(m_config.timeoutMs);
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!m_config.apiToken.isEmpty())
        r.setRawHeader(QByteArrayLiteral("X-INFRAHUB-KEY"), m_config.apiToken.toUtf8());
    return r;
}

QCoro::Task<Result<InfrahubClient::Reply>> InfrahubClient::send(QByteArray method, QUrl url,
                                                                QByteArray body) {
    const QNetworkRequest req = request(url);
    std::unique_ptr<QNetworkReply, void (*)(QNetworkReply *)> reply(
        method == "GET" ? m_network.get(req) : m_network.post(req, body),
        [](QNetworkReply *r) { r->deleteLater(); });
    co_await reply.get();
    const QNetworkReply::NetworkError error = reply->error();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        if (error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError)
            co_return InfrahubError::make(InfrahubError::Kind::Timeout,
                                          QStringLiteral("%1 did not answer within %2 s.")
                                              .arg(url.host())
                                              .arg(m_config.timeoutMs / 1000));
        co_return InfrahubError::make(
            InfrahubError::Kind::NotReachable,
            QStringLiteral("Cannot reach %1: %2. Check the address and that the server is running.")
                .arg(url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery),
                     reply->errorString()));
    }
    co_return Reply{status, reply->isOpen() ? reply->readAll() : QByteArray()};
}

QCoro::Task<Result<ServerInfo>> InfrahubClient::serverInfo() {
    const Result<Reply> reply = co_await send("GET", endpoint(QStringLiteral("/api/info")), {});
    if (!reply)
        co_return reply.error();
    if (reply->status != 200)
        co_return errorFromResponse(reply->status, reply->body);
    const QJsonObject o = QJsonDocument::fromJson(reply->body).object();
    if (!o.value(u"version").isString())
        co_return InfrahubError::make(
            InfrahubError::Kind::Protocol,
            QStringLiteral("The server's /api/info has no version: is this an Infrahub server?"));
    co_return ServerInfo{o.value(u"version").toString(), o.value(u"deployment_id").toString()};
}

QCoro::Task<Result<SchemaSet>> InfrahubClient::schema(QString branch) {
    QUrl url = endpoint(QStringLiteral("/api/schema"));
    url.setQuery(QUrlQuery{{QStringLiteral("branch"), branch.isEmpty() ? m_config.defaultBranch : branch}});
    const Result<Reply> reply = co_await send("GET", url, {});
    if (!reply)
        co_return reply.error();
    if (reply->status != 200)
        co_return errorFromResponse(reply->status, reply->body);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(reply->body, &parseError);
    QString error;
    std::optional<SchemaSet> set =
        doc.isObject() ? SchemaSet::fromApiJson(doc.object(), &error) : std::nullopt;
    if (!set)
        co_return InfrahubError::make(InfrahubError::Kind::Protocol,
                                      QStringLiteral("The schema from the server cannot be read: %1")
                                          .arg(error.isEmpty() ? parseError.errorString() : error));
    co_return std::move(*set);
}

QCoro::Task<Result<QJsonObject>> InfrahubClient::graphql(QString query, QJsonObject variables, QString branch,
                                                         QString operationName) {
    const QString target = branch.isEmpty() ? m_config.defaultBranch : branch;
    QJsonObject payload{{QStringLiteral("query"), query}};
    if (!variables.isEmpty())
        payload.insert(QStringLiteral("variables"), variables);
    if (!operationName.isEmpty())
        payload.insert(QStringLiteral("operationName"), operationName);
    const QString path = QStringLiteral("/graphql/") + QString::fromUtf8(QUrl::toPercentEncoding(target));
    QUrl url = m_config.address;
    QString base = url.path();
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path, QUrl::TolerantMode);
    const Result<Reply> reply =
        co_await send("POST", url, QJsonDocument(payload).toJson(QJsonDocument::Compact));
    if (!reply)
        co_return reply.error();
    const QJsonObject body = QJsonDocument::fromJson(reply->body).object();
    if (reply->status != 200 || body.contains(u"errors"))
        co_return errorFromResponse(reply->status, reply->body);
    if (!body.value(u"data").isObject())
        co_return InfrahubError::make(InfrahubError::Kind::Protocol,
                                      QStringLiteral("The GraphQL answer has no data."));
    co_return body.value(u"data").toObject();
}

} // namespace infrahub
