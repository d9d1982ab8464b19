// One parsed HTTP/1.1 request as the sandbox's handlers see it: method, decoded path, query, lower-cased
// headers and the complete body. Produced by HttpRequestParser, handed to the HttpServer's handler.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QUrlQuery>

namespace infrahub::sandbox {

struct HttpRequest {
    // Upper-case as sent. A HEAD request reaches the handler as "GET" with isHead set, so routers only
    // need GET routes; the server strips the body from the answer.
    QByteArray method;
    // Percent-decoded path without the query ("/graphql/feature/x").
    QByteArray path;
    // The path exactly as sent, still percent-encoded ("/graphql/feature%2Fx"): routers that must tell an
    // encoded '/' inside a segment from a separator split this one.
    QByteArray rawPath;
    // The query string as sent, without '?'.
    QByteArray rawQuery;
    // Decoded query; '+' counts as a space, as in HTML forms and Starlette.
    QUrlQuery query;
    // Lower-case names. Repeated headers are joined with ", " (Cookie with "; ").
    QHash<QByteArray, QByteArray> headers;
    QByteArray body;
    QHostAddress peer;
    // 10 for HTTP/1.0, 11 for HTTP/1.1.
    int httpVersion = 11;
    bool isHead = false;
    // Per-server serial number of the request, for correlating logs in tests.
    quint64 id = 0;

    // Value of a header by lower-case name, empty if absent.
    QByteArray header(const QByteArray &lowerName) const { return headers.value(lowerName); }
    bool hasHeader(const QByteArray &lowerName) const { return headers.contains(lowerName); }
    // Value of one cookie from the Cookie header, empty if absent.
    QByteArray cookie(QByteArrayView name) const;
};

} // namespace infrahub::sandbox
