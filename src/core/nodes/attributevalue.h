// One attribute of a node as a query returned it: the value, for Dropdowns the chosen entry's label,
// color and description, the metadata when it was asked for, and any other keys of the object as received
// (IPHost and IPNetwork carry more, e.g. `ip` and `prefixlen`, when a caller selects them).
#pragma once

#include "valuemetadata.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace infrahub {

struct AttributeValue {
    QJsonValue value;
    QString label;       // Dropdown
    QString color;       // Dropdown
    QString description; // Dropdown
    ValueMetadata metadata;
    QJsonObject extra; // the keys none of the members above holds

    static AttributeValue fromJson(const QJsonObject &object);
    // The keys the members above hold (value, Dropdown and metadata keys); the others go to `extra`.
    static bool isKnownKey(QStringView key);
};

// A value as a table cell or a text field shows it: strings as they are, numbers without a trailing
// ".0", booleans as true/false, lists and objects as compact JSON, null as nothing.
QString valueText(const QJsonValue &value);

} // namespace infrahub
