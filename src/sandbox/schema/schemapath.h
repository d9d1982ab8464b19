// Schema paths such as `name__value`, `site__name__value` or `site` - the language of human_friendly_id,
// display_labels, order_by, default_filter and uniqueness_constraints - and the server's rules for which path
// shapes each of those accepts (SchemaElementPathType in Infrahub).
#pragma once

#include "schemabranch.h"
#include "schemadefinition.h"

#include <QString>

#include <optional>

namespace infrahub::sandbox {

namespace SchemaPathType {
enum : unsigned {
    AttrWithProp = 1u << 0,
    AttrNoProp = 1u << 1,
    RelManyNoAttr = 1u << 2,
    RelManyAttr = 1u << 3,
    RelOneMandatoryNoAttr = 1u << 4,
    RelOneMandatoryAttrWithProp = 1u << 5,
    RelOneMandatoryAttrNoProp = 1u << 6,
    RelOneOptionalAttrWithProp = 1u << 7,
    RelOneOptionalAttrNoProp = 1u << 8,
    RelOneOptionalNoAttr = 1u << 9,

    Attr = AttrWithProp | AttrNoProp,
    RelMany = RelManyNoAttr | RelManyAttr,
    RelOneMandatoryAttr = RelOneMandatoryAttrWithProp | RelOneMandatoryAttrNoProp,
    RelOneMandatory = RelOneMandatoryAttr | RelOneMandatoryNoAttr,
    RelOneOptionalAttr = RelOneOptionalAttrWithProp | RelOneOptionalAttrNoProp,
    RelOneOptional = RelOneOptionalAttr | RelOneOptionalNoAttr,
    RelOne = RelOneMandatory | RelOneOptional,
    RelOneAttrWithProp = RelOneMandatoryAttrWithProp | RelOneOptionalAttrWithProp,
    Rel = RelOne | RelMany,
    RelAttr = RelOneMandatoryAttr | RelOneOptionalAttr | RelManyAttr,
    RelsNoAttr = RelOneMandatoryNoAttr | RelOneOptionalNoAttr | RelManyNoAttr,
};
} // namespace SchemaPathType

struct SchemaPath {
    const RelationshipDefinition *relationship = nullptr;
    const KindDefinition *related = nullptr;
    const AttributeDefinition *attribute = nullptr;
    QString property;

    bool isAttribute() const { return attribute && !relationship; }
    bool isRelationship() const { return relationship && related; }
    bool hasProperty() const { return !property.isEmpty(); }
};

// Properties an attribute path may end with, by attribute kind ("value"; IP kinds add version etc.).
QStringList allowedPathProperties(const QString &attributeKind);

// Resolves a path on a kind; nullopt with the server's message ("x__value is invalid on schema InfraDevice")
// when it does not resolve. `branch` may be null for attribute-only paths.
std::optional<SchemaPath> parseSchemaPath(const KindDefinition &kind, const QString &path,
                                          const SchemaBranch *branch, QString *error);

// parseSchemaPath plus the shape rules of `allowedTypes`; throws SchemaError "<where>: Kind.element:
// message".
SchemaPath validateSchemaPath(const KindDefinition &kind, const QString &path, unsigned allowedTypes,
                              const QString &elementName, const SchemaBranch &branch);

} // namespace infrahub::sandbox
