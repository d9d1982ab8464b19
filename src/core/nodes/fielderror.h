// A problem with one field of a node (an attribute or relationship value that the schema does not
// allow), for forms that show the message next to the field.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace infrahub {

struct FieldError {
    QString field;
    QString message;

    // "name: a value is required; vlan_id: expected a whole number" for one-line messages.
    static QString describe(const QList<FieldError> &errors) {
        QStringList parts;
        for (const FieldError &e : errors)
            parts.append(e.field + QStringLiteral(": ") + e.message);
        return parts.join(QStringLiteral("; "));
    }
    bool operator==(const FieldError &) const = default;
};

} // namespace infrahub
