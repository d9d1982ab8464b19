// Test-only HTTP helper: sends one request with QNetworkAccessManager and waits for the answer in a local
// event loop (tests may block; production code never does). Also a GraphQL shortcut.
#pragma once

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

struct HttpResult {
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
};

inline HttpResult httpRequest(QNetworkAccessManager &nam, const QByteArray &method, const QUrl &url,
                              const QByteArray &body = {},
                              const QList<QPair<QByteArray, QByteArray>> &headers = {},
                              int timeoutMs = 10000) {
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(timeoutMs);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->isOpen() ? reply->readAll() : QByteArray();
    result.headers = reply->rawHeaderPairs();
    result.error = reply->error();
    reply->deleteLater();
    return result;
}

inline HttpResult graphqlRequest(QNetworkAccessManager &nam, const QUrl &base, const QString &query,
                                 const QJsonObject &variables = {}, const QString &branch = {},
                                 const QList<QPair<QByteArray, QByteArray>> &headers = {},
                                 const QString &operationName = {}) {
    QUrl url = base;
    url.setPath(branch.isEmpty() ? QStringLiteral("/graphql") : QStringLiteral("/graphql/") + branch);
    QJsonObject payload{{QStringLiteral("query"), query}};
    if (!variables.isEmpty())
        payload.insert(QStringLiteral("variables"), variables);
    if (!operationName.isEmpty())
        payload.insert(QStringLiteral("operationName"), operationName);
    return httpRequest(nam, "POST", url, QJsonDocument(payload).toJson(QJsonDocument::Compact), headers);
}
