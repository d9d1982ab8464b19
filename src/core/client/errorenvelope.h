// Reading Infrahub's error answers, whatever their vintage: the GraphQL catalogue envelope
// (`extensions: {code: "UNIQUENESS_VIOLATION", http_status, data}`), the legacy REST envelope (integer
// `code` mirroring the HTTP status), 1.0 resolver errors without extensions, a 404 list of plain strings,
// and malformed bodies from proxies or future servers, which must degrade to a readable message rather
// than fail.
#pragma once

#include "infrahuberror.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace infrahub {

// One entry of `errors`, normalised.
struct ServerErrorDetail {
    QString message;
    QString code; // catalogue code, or empty (integer legacy codes go to legacyCode)
    int legacyCode = 0;
    int httpStatus = 0; // extensions.http_status, 0 if absent
    QJsonObject data;   // extensions.data (empty if absent or not an object)
    QStringList path;   // the GraphQL path of the failing field
    // The schema field the error concerns, when the server says (data.field_name, or data.fields[0]).
    QString fieldName() const;
};

QList<ServerErrorDetail> parseServerErrors(const QJsonValue &errors);

// The error for an HTTP status and body from an Infrahub server. `status` 200 with `errors` is a data
// error (GraphQL); other statuses map by status, then refined by the catalogue code.
InfrahubError errorFromResponse(int httpStatus, const QByteArray &body);

// The kind an Infrahub catalogue code belongs to (unknown codes -> GraphQL, for forward compatibility).
InfrahubError::Kind kindForCode(const QString &code);

} // namespace infrahub
