// How an attribute of a given Infrahub kind (Text, Number, Dropdown, IPHost, ...) appears in the GraphQL
// API Infrahub generates: the object type a query selects, the scalar of its `__value` filters and of the
// `value` in mutation inputs, and the names of those inputs. The table follows Infrahub's attribute
// type registry, as the real SDL (third_party/infrahub-reference/sdl) shows it.
#pragma once

#include <QString>

namespace infrahub {

struct AttributeGraphQLTypes {
    QString objectType;   // TextAttribute, Dropdown, NumberAttribute, CheckboxAttribute, IPHost, ...
    QString filterScalar; // of <attr>__value / <attr>__values: String, BigInt, Int, Boolean, DateTime,
                          // GenericScalar
    QString valueScalar;  // of `value` in the Create/Update inputs: String, BigInt, Boolean, GenericScalar
    QString createInput;  // TextAttributeCreate, NumberAttributeCreate, ...
    QString updateInput;  // TextAttributeUpdate, ...

    // Unknown kinds (a newer server's) are treated as text, as Infrahub's own default type does.
    static const AttributeGraphQLTypes &forKind(const QString &attributeKind);

    bool isDropdown() const { return objectType == u"Dropdown"; }
};

} // namespace infrahub
