// Validation of executable GraphQL documents against the sandbox's type system, reporting what a real
// Infrahub server (graphql-core 3.2 behind graphene) reports: the specified validation rules run in
// graphql-core's order over one traversal, so errors come in the same order with the same messages
// ("Cannot query field 'x' on type 'Y'. Did you mean 'z'?"), stopping after 100 errors. Afterwards the
// operation to execute is selected as graphql-core's executor does it.
//
// Locations: the syntax tree keeps positions of fields, arguments, values, directives, variable
// definitions, fragments and operations. graphql-core sometimes points at a node the tree has no
// position for (an operation or fragment *name*, a type condition or variable type, a selection set's
// `{`, an object field's name): given the document's source text, the validator finds that token;
// without it, the error points at the enclosing node the tree does locate.
#pragma once

#include "graphqlcoercion.h"
#include "graphqlerror.h"
#include "graphqltypesystem.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace infrahub::sandbox::gql {

// graphql-core's validate(schema, document): all specified rules, at most `maxErrors` errors (then
// "Too many validation errors, error limit reached. Validation aborted.").
// `source` is the text `document` was parsed from (optional, for exact locations).
QList<ValidationError> validateDocument(const Document &document, const TypeSystem &types,
                                        QStringView source = {}, int maxErrors = 100);

// The operation graphql-core would execute for `operationName` (a null QString = none given): the named
// one, or the only one. Null with *error set otherwise: "Unknown operation named 'X'.", "Must provide
// operation name if query contains multiple operations.", "Must provide an operation.".
const OperationDefinition *selectOperation(const Document &document, const QString &operationName,
                                           ValidationError *error);

// What a request goes through before execution: validateDocument(), and when the document is valid the
// operation selection. Empty when the operation can be executed.
QList<ValidationError> validate(const Document &document, const TypeSystem &types,
                                const QString &operationName, QStringView source = {});

} // namespace infrahub::sandbox::gql
