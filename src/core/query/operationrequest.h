// A whole operation as a request: `query|mutation <Name>(<variable definitions>) { ... }` with the
// variables' values next to it. Every renderer ends with this, so documents look the same everywhere.
#pragma once

#include "graphqlrequest.h"
#include "selectionset.h"
#include "variableset.h"

namespace infrahub {

// `type` is "query" or "mutation"; `root` holds the operation's root fields.
GraphQLRequest operationRequest(const QString &type, const QString &operationName, const SelectionSet &root,
                                const VariableSet &variables);

} // namespace infrahub
