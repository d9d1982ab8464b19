// The filters a user sets on an object table ("status is Active", "site is one of atl1, jfk1", "serial
// number is empty"), and the server-side filter arguments they become (`status__value`,
// `site__name__values`, `serial_number__isnull`). The fields offered come from the kind's schema: every
// attribute the API exposes, and every relationship whose peer has an attribute that names it (the peer's
// human-friendly id, default filter, or `name`), so any schema gets filters without code.
#pragma once

#include "core/schema/schemamodel.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace infrahub {

struct ObjectFilter {
    enum class Operator { Is, IsOneOf, IsEmpty, IsNotEmpty };
    QString field; // an attribute or relationship name of the kind
    Operator op = Operator::Is;
    QString value; // IsOneOf: values separated by commas; unused by IsEmpty / IsNotEmpty

    bool operator==(const ObjectFilter &other) const = default;

    // Stable names for settings and saved views ("is", "one-of", "empty", "not-empty").
    static QString operatorKey(Operator op);
    static std::optional<Operator> operatorFromKey(const QString &key);
    QJsonObject toJson() const;
    static std::optional<ObjectFilter> fromJson(const QJsonObject &object);
};

// A field that can be filtered on, with what its values are.
struct FilterField {
    enum class Source { Attribute, Relationship };
    Source source = Source::Attribute;
    QString name;                  // attribute or relationship name
    QString label;                 // for people
    QString valueKind;             // the attribute kind filtered on (Text, Number, Boolean, Dropdown, ...)
    QString peerAttribute;         // relationships: the peer attribute the value is matched against
    QList<DropdownChoice> choices; // Dropdown attributes: the values on offer
    bool isRelationship() const { return source == Source::Relationship; }
};

class ObjectFilters {
public:
    // The fields of `kind` a user can filter on, attributes first, in schema order.
    static QList<FilterField> fieldsFor(const KindSchema &kind, const SchemaSet &schema);
    static std::optional<FilterField> field(const KindSchema &kind, const SchemaSet &schema,
                                            const QString &name);

    // The server filter arguments for `filters` (all must hold). A filter the schema cannot express, or
    // whose value does not fit the field (a number field given "ten"), is an error naming the field, and
    // nothing is returned: a table never silently shows more than the user asked for.
    static std::optional<QJsonObject> toArguments(const QList<ObjectFilter> &filters, const KindSchema &kind,
                                                  const SchemaSet &schema, QString *error);
    // One line for people: "Status is Active", "Site is one of atl1, jfk1".
    static QString describe(const ObjectFilter &filter, const KindSchema &kind, const SchemaSet &schema);
};

} // namespace infrahub
