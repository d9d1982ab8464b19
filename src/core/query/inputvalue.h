// Rendering one input value (an argument or an input-object field) into a document. Booleans, whole
// numbers, null and strings that match the safe pattern are written inline; everything else - strings with
// quotes, backslashes, line breaks, braces or any non-ASCII character, fractional numbers, JSON objects -
// is bound as a typed variable. The value is also checked against the position's type here, so a
// request with a wrong value fails before it is sent, not with a server-side coercion error.
#pragma once

#include "core/client/infrahuberror.h"
#include "graphqlinputtype.h"
#include "variableset.h"

#include <QJsonValue>
#include <QString>

#include <optional>

namespace infrahub {

// The text to write for `value` at a position of type `type`: a literal or a `$variable` bound in
// `variables`. Errors say what was expected ("expected a whole number (BigInt)"); the caller adds which
// field it was.
Result<QString> renderInputValue(const QJsonValue &value, const GraphQLInputType &type,
                                 VariableSet &variables);

// The value as a 64-bit integer when it is a JSON number without a fractional part.
std::optional<qint64> integralValue(const QJsonValue &value);

} // namespace infrahub
