// One HTTP response as a handler builds it. The server adds the framing headers itself (Date, Server,
// Content-Length, Connection), so handlers only describe status, type, body and extra headers.
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QString>

namespace infrahub::sandbox {

struct HttpResponse {
    int status = 200;
    // Sent only when the body is not empty. Empty = no Content-Type header.
    QByteArray contentType = "application/json";
    QByteArray body;
    // Extra headers. Content-Length, Transfer-Encoding and Connection are the server's business and are
    // ignored here; a Date or Server header given here replaces the server's own.
    QList<QPair<QByteArray, QByteArray>> headers;
    // Close the connection after this response (the server also closes on "Connection: close" requests).
    bool closeConnection = false;

    static HttpResponse json(int status, const QJsonDocument &document);
    static HttpResponse text(int status, const QByteArray &body,
                             const QByteArray &contentType = "text/plain; charset=utf-8");
    // Infrahub's REST ("legacy") error envelope with the code mirrored as an integer:
    // {"data": null, "errors": [{"message": "...", "extensions": {"code": <status>}}]}
    static HttpResponse legacyError(int status, const QString &message);

    void setHeader(const QByteArray &name, const QByteArray &value);
    // Value of an extra header, case-insensitive; empty if absent.
    QByteArray header(QByteArrayView name) const;

    // "Not Found" for 404 etc.; "Unknown" for codes the server never sends.
    static QByteArray reasonPhrase(int status);
};

} // namespace infrahub::sandbox
