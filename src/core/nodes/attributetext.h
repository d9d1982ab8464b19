// What a person typed for an attribute (in a filter, a batch dialog, a CSV cell), as the value the server
// wants: whole numbers for Number, true/false (also yes/no, 1/0) for booleans, a Dropdown choice by its
// name or label, trimmed text otherwise. One place, so the same text means the same value everywhere.
#pragma once

#include "core/schema/schemamodel.h"

#include <QJsonValue>

#include <optional>

namespace infrahub {

// `label` names the field in the error ("VLAN ID needs a whole number, not “ten”."). Empty text is
// returned as an empty string: callers decide what empty means for them.
std::optional<QJsonValue> attributeValueFromText(const AttributeSchema &attribute, const QString &text,
                                                 const QString &label, QString *error);

} // namespace infrahub
