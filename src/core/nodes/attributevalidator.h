// Client-side checks of an attribute value against its schema, so a form can say what is wrong before
// anything is sent: the JSON type the kind needs (text, whole number, boolean, list), Dropdown choices and
// enum values, IP host / network syntax (as Python's ipaddress reads it: a network must not have host bits
// set), MAC address and ISO 8601 date-time syntax, min/max length and the attribute's regex (anchored at
// the start, like Python's re.match, which Infrahub uses).
#pragma once

#include "core/schema/schemamodel.h"

#include <QJsonValue>
#include <QString>

namespace infrahub {

// What is wrong with `value` for `attribute`, or an empty string when it is acceptable. Null is acceptable
// for optional attributes only.
QString validateAttributeValue(const AttributeSchema &attribute, const QJsonValue &value);

} // namespace infrahub
