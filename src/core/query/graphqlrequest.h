// One GraphQL request as the client sends it: the document, its variables and the operation to run.
// Everything the renderers in this folder produce is one of these; the client posts `toJson()` as is.
#pragma once

#include <QJsonObject>
#include <QString>

namespace infrahub {

struct GraphQLRequest {
    QString query;
    QJsonObject variables;
    QString operationName;

    // The POST body: {"query", "variables"?, "operationName"?}. Empty parts are left out, as the SDK does.
    QJsonObject toJson() const {
        QJsonObject body{{QStringLiteral("query"), query}};
        if (!variables.isEmpty())
            body.insert(QStringLiteral("variables"), variables);
        if (!operationName.isEmpty())
            body.insert(QStringLiteral("operationName"), operationName);
        return body;
    }
};

} // namespace infrahub
