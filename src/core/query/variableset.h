// The variables of one document being rendered. Values that are not plainly safe to inline (see
// graphqlnames.h) are bound here and referenced as `$value_<hex>`; the document then declares them and
// the request carries them in its `variables` object, so no value can ever change the document's text
// beyond the variable's name - which the renderer chooses.
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace infrahub {

class VariableSet {
public:
    // Binds `value` as a variable of GraphQL type `type` (e.g. "String!", "GenericScalar!") and returns the
    // reference to write into the document, "$value_<hex>". The name is derived from the type and value,
    // so rendering the same request twice gives the same text and a repeated value shares one variable.
    QString bind(const QJsonValue &value, const QString &type);

    bool isEmpty() const { return m_definitions.isEmpty(); }
    // The operation's variable definitions, "($value_1f2e: String!, ...)", or an empty string.
    QString definitions() const;
    QJsonObject values() const { return m_values; }

private:
    struct Definition {
        QString name;
        QString type;
    };
    QList<Definition> m_definitions;
    QJsonObject m_values;
    QHash<QString, QString> m_nameByKey; // type + value -> variable name
};

} // namespace infrahub
