// GraphQL literal printing as graphql-core's printer does it: the `found ...` part of validation
// messages ("Expected value of type 'Int', found \"abc\".") and default values in the SDL.
#pragma once

#include "graphqlast.h"

#include <QJsonValue>
#include <QString>

namespace infrahub::sandbox::gql {

// A string as a GraphQL string literal: double quotes, with control characters, quote and backslash
// escaped like graphql-core's print_string.
QString printString(const QString &s);

// A value node as graphql-core's print_ast prints it: `[1, 2]`, `{a: "x", b: $v}`, `ENUM`, `null`.
QString printValue(const Value &value);

// A JSON input value as graphql-core's inspect() shows it in messages, i.e. like Python's repr() of the
// decoded JSON: 'text' (single quotes), True, None, [1, 2], {'a': 1}; long strings and lists are
// shortened and nesting deeper than two levels is elided ("[...]").
QString inspectJson(const QJsonValue &value);

// Python's repr() of a string ('it''s' -> "it's"), as graphene's scalars put it into messages.
QString pythonRepr(const QString &s);

} // namespace infrahub::sandbox::gql
