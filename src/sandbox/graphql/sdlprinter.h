// Prints a TypeSystem as GraphQL SDL, the document `GET /schema.graphql` returns: custom directives,
// then every named type except the built-in scalars and the introspection types, in definition order.
// The output follows graphql-js's printSchema conventions (block-string descriptions, `= default`
// values, `@deprecated(reason: ...)`), so graphql-js's buildSchema() accepts it as is.
#pragma once

#include "graphqltypesystem.h"

#include <QJsonValue>
#include <QString>

namespace infrahub::sandbox::gql {

QString printSdl(const TypeSystem &types);

// One input value as a GraphQL literal of `type` (a default value in the SDL, the `defaultValue` of
// introspection): enum values unquoted, strings escaped like graphql-core's print_string.
QString printJsonAsLiteral(const QJsonValue &value, const TypeRef &type, const TypeSystem &types);

} // namespace infrahub::sandbox::gql
