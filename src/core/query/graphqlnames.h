// The two lexical checks that keep rendered documents safe: which names may be written into a document
// and which string values may be inlined as literals. Everything else goes into variables.
#pragma once

#include <QStringView>

namespace infrahub {

// GraphQL's Name token, /^[_A-Za-z][_0-9A-Za-z]*$/. Kinds, fields and filter names from the schema (which a
// server sends us) are checked against it before they are written into a document.
bool isGraphQLName(QStringView name);

// The Python SDK's "safe" pattern, /^[. /:a-zA-Z0-9_-]+$/: such a string cannot contain a quote, a
// backslash or a line break, so `"<value>"` is a complete, unambiguous string literal.
bool isSafeInlineString(QStringView value);

} // namespace infrahub
