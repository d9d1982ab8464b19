// Input coercion at execution time, as graphql-core 3.2 does it after validation: the request's JSON
// variables against the operation's variable definitions (get_variable_values), literal arguments
// against field arguments (get_argument_values / value_from_ast). Error messages are graphql-core's,
// e.g. "Variable '$x' of required type 'String!' was not provided." or
// "Variable '$n' got invalid value 'abc'; Int cannot represent non-integer value: 'abc'".
#pragma once

#include "graphqlerror.h"
#include "graphqltypesystem.h"

#include <QJsonObject>
#include <QJsonValue>

#include <optional>
#include <variant>
#include <vector>

namespace infrahub::sandbox::gql {

// Coerces `provided` (the request's "variables") for `operation`. On success the object holds every
// variable that was provided or has a default, coerced (ints as integers, input object defaults filled
// in); variables neither provided nor defaulted are absent. On failure: the first error.
std::variant<QJsonObject, ValidationError>
coerceVariables(const OperationDefinition &operation, const QJsonObject &provided, const TypeSystem &types);

// Same, reporting every error like graphql-core's get_variable_values does.
std::variant<QJsonObject, QList<ValidationError>> coerceVariableValues(const OperationDefinition &operation,
                                                                       const QJsonObject &provided,
                                                                       const TypeSystem &types);

// Coerces the arguments a field (or directive) is given against its definitions, with variables
// already coerced by coerceVariables. Missing arguments with a default get it; absent optional ones
// are left out. `location` is the field's, for the errors graphql-core reports on the field node
// ("Argument 'data' of required type 'InfraDeviceCreateInput!' was not provided.").
std::variant<QJsonObject, ValidationError>
coerceArgumentValues(const InputValueList &definitions, const std::vector<Argument> &arguments,
                     const QJsonObject &variables, const SourceLocation &location, const TypeSystem &types);

// graphql-core's value_from_ast: a literal (or variable reference) as a value of `type`, nullopt when it
// cannot be coerced. `variables` are coerced variable values; a null pointer means "no variables".
std::optional<QJsonValue> valueFromAst(const Value &value, const TypeRef &type, const QJsonObject *variables,
                                       const TypeSystem &types);

} // namespace infrahub::sandbox::gql
