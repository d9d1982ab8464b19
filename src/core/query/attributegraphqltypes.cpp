#include "attributegraphqltypes.h"

#include <QHash>

namespace infrahub {

namespace {

AttributeGraphQLTypes make(const char *objectType, const char *filterScalar, const char *valueScalar,
                           const char *inputBase) {
    const QString base = QString::fromLatin1(inputBase);
    return {QString::fromLatin1(objectType), QString::fromLatin1(filterScalar),
            QString::fromLatin1(valueScalar), base + QStringLiteral("Create"),
            base + QStringLiteral("Update")};
}

} // namespace

const AttributeGraphQLTypes &AttributeGraphQLTypes::forKind(const QString &attributeKind) {
    static const AttributeGraphQLTypes text = make("TextAttribute", "String", "String", "TextAttribute");
    // DateTime values are queried as text but filtered with the DateTime scalar.
    static const AttributeGraphQLTypes dateTime =
        make("TextAttribute", "DateTime", "String", "TextAttribute");
    static const AttributeGraphQLTypes mac = make("MacAddress", "String", "String", "TextAttribute");
    static const AttributeGraphQLTypes dropdown = make("Dropdown", "String", "String", "TextAttribute");
    static const AttributeGraphQLTypes number =
        make("NumberAttribute", "BigInt", "BigInt", "NumberAttribute");
    // Bandwidth is a number whose filters are 32-bit Int.
    static const AttributeGraphQLTypes bandwidth =
        make("NumberAttribute", "Int", "BigInt", "NumberAttribute");
    static const AttributeGraphQLTypes ipHost = make("IPHost", "String", "String", "TextAttribute");
    static const AttributeGraphQLTypes ipNetwork = make("IPNetwork", "String", "String", "TextAttribute");
    static const AttributeGraphQLTypes checkbox =
        make("CheckboxAttribute", "Boolean", "Boolean", "CheckboxAttribute");
    static const AttributeGraphQLTypes list =
        make("ListAttribute", "GenericScalar", "GenericScalar", "ListAttribute");
    static const AttributeGraphQLTypes json =
        make("JSONAttribute", "GenericScalar", "GenericScalar", "JSONAttribute");
    static const AttributeGraphQLTypes any =
        make("AnyAttribute", "GenericScalar", "GenericScalar", "AnyAttribute");

    static const QHash<QString, const AttributeGraphQLTypes *> byKind = {
        {QStringLiteral("DateTime"), &dateTime}, {QStringLiteral("MacAddress"), &mac},
        {QStringLiteral("Dropdown"), &dropdown}, {QStringLiteral("Number"), &number},
        {QStringLiteral("NumberPool"), &number}, {QStringLiteral("Bandwidth"), &bandwidth},
        {QStringLiteral("IPHost"), &ipHost},     {QStringLiteral("IPNetwork"), &ipNetwork},
        {QStringLiteral("Boolean"), &checkbox},  {QStringLiteral("Checkbox"), &checkbox},
        {QStringLiteral("List"), &list},         {QStringLiteral("JSON"), &json},
        {QStringLiteral("Any"), &any},
    };
    // Text, TextArea, ID, Email, Password, HashedPassword, URL, File, Color and unknown kinds.
    return *byKind.value(attributeKind, &text);
}

} // namespace infrahub
