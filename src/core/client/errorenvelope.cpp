#include "errorenvelope.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace infrahub {

QString ServerErrorDetail::fieldName() const {
    if (const QString f = data.value(u"field_name").toString(); !f.isEmpty())
        return f;
    const QJsonArray fields = data.value(u"fields").toArray();
    return fields.isEmpty() ? QString() : fields.first().toString();
}

QList<ServerErrorDetail> parseServerErrors(const QJsonValue &errors) {
    QList<ServerErrorDetail> out;
    if (errors.isString()) {
        out.append({errors.toString(), {}, 0, 0, {}, {}});
        return out;
    }
    for (const QJsonValue &entry : errors.toArray()) {
        ServerErrorDetail d;
        if (entry.isString()) {
            d.message = entry.toString();
            out.append(d);
            continue;
        }
        const QJsonObject o = entry.toObject();
        d.message = o.value(u"message").toString();
        if (d.message.isEmpty())
            d.message = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
        const QJsonValue extensions = o.value(u"extensions");
        if (extensions.isObject()) {
            const QJsonObject ext = extensions.toObject();
            const QJsonValue code = ext.value(u"code");
            if (code.isString())
                d.code = code.toString();
            else if (code.isDouble())
                d.legacyCode = code.toInt();
            d.httpStatus = ext.value(u"http_status").toInt();
            d.data = ext.value(u"data").toObject();
        }
        for (const QJsonValue &p : o.value(u"path").toArray())
            d.path.append(p.isString() ? p.toString() : QString::number(p.toInt()));
        out.append(d);
    }
    return out;
}

InfrahubError::Kind kindForCode(const QString &code) {
    using K = InfrahubError::Kind;
    if (code == u"AUTHENTICATION_REQUIRED" || code == u"TOKEN_EXPIRED")
        return K::Authentication;
    if (code == u"PERMISSION_DENIED")
        return K::Permission;
    if (code == u"UNIQUENESS_VIOLATION" || code.startsWith(u"ATTRIBUTE_") || code == u"VALIDATION_ERROR")
        return K::Validation;
    if (code == u"NODE_NOT_FOUND" || code == u"BRANCH_NOT_FOUND" || code == u"SCHEMA_NOT_FOUND")
        return K::NotFound;
    if (code == u"WORKER_TIMEOUT")
        return K::Timeout;
    return K::GraphQL;
}

InfrahubError errorFromResponse(int status, const QByteArray &body) {
    using K = InfrahubError::Kind;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    InfrahubError e;
    e.httpStatus = status;
    if (doc.isNull() && !body.trimmed().isEmpty()) {
        // Not JSON at all: typically a proxy's HTML error page.
        e.kind = status >= 500 ? K::NotReachable : K::Protocol;
        e.message = QStringLiteral("The server answered HTTP %1 with a body that is not JSON (%2).")
                        .arg(status)
                        .arg(parseError.errorString());
        return e;
    }
    const QJsonValue errors = doc.object().value(u"errors");
    e.serverErrors = errors.isArray() ? errors.toArray() : QJsonArray{errors};
    const QList<ServerErrorDetail> details = parseServerErrors(errors);
    QStringList messages;
    for (const ServerErrorDetail &d : details) {
        if (!d.message.isEmpty() && !messages.contains(d.message))
            messages.append(d.message);
        if (e.code.isEmpty() && !d.code.isEmpty())
            e.code = d.code;
    }
    e.message = messages.join(QStringLiteral(" | "));
    if (e.message.isEmpty())
        e.message = doc.object().value(u"detail").toString();

    switch (status) {
    case 401:
        e.kind = K::Authentication;
        break;
    case 403:
        e.kind = K::Permission;
        break;
    case 404:
        e.kind = K::NotFound;
        break;
    case 408:
    case 504:
        e.kind = K::Timeout;
        break;
    case 429:
    case 502:
    case 503:
        e.kind = K::NotReachable; // transient: the server or a gateway is overloaded
        break;
    default:
        e.kind = status >= 200 && status < 300 ? (e.code.isEmpty() ? K::GraphQL : kindForCode(e.code))
                                               : K::Protocol;
    }
    if (e.message.isEmpty()) {
        switch (e.kind) {
        case K::Authentication:
            e.message =
                QStringLiteral("The server requires authentication: check the API token or log in again.");
            break;
        case K::Permission:
            e.message = QStringLiteral("The account is not allowed to do this.");
            break;
        case K::NotFound:
            e.message = QStringLiteral("Not found on the server (is this an Infrahub address?).");
            break;
        default:
            e.message = QStringLiteral("The server answered HTTP %1 without an explanation.").arg(status);
        }
    }
    return e;
}

} // namespace infrahub
