// Parser for executable GraphQL documents (operations and fragments, GraphQL spec October 2021) into
// the syntax tree of graphqlast.h. Errors carry graphql-js 16's wording ("Syntax Error: Expected
// Name, found <EOF>.") and the 1-based line/column (in UTF-16 code units) where the bad token or
// character starts. graphql-core, behind a real Infrahub, words them the same but with single quotes.
#pragma once

#include "graphqlast.h"

#include <QString>
#include <QStringView>

#include <variant>

namespace infrahub::sandbox::gql {

struct ParseError {
    QString message;
    SourceLocation location;
};

// Deepest nesting accepted, counted over selection sets, list/object values and list types
// together. Real queries stay far below it; it bounds recursion (and stack use) on hostile input.
inline constexpr int kMaxParseDepth = 200;

// Parses an executable document. Type-system definitions (`type X {...}`, `schema {...}`, ...) are
// parsed for syntax but rejected afterwards with graphql-core's validation message
// "The 'X' definition is not executable." (no "Syntax Error:" prefix), located at the definition.
// Directives on variable definitions are accepted but not kept (the AST has no place for them).
std::variant<Document, ParseError> parseDocument(QStringView source);

// Parses a single input value literal, such as a variable's default value. Like graphql-js's
// parseValue(), `$variable` references are allowed; the whole source must be one value.
std::variant<Value, ParseError> parseValue(QStringView source);

} // namespace infrahub::sandbox::gql
