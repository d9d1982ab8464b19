// Input handling of the leaf types (scalars and enums) the way the real server's implementations do it:
// graphql-core's String/Int/Float/Boolean/ID, graphene's DateTime/BigInt/GenericScalar and graphql-core's
// enums. A literal in a document goes through parseLiteral (validation, argument coercion), a JSON
// variable value through parseValue (variable coercion). Failures carry the implementation's message.
#pragma once

#include "graphqlast.h"
#include "graphqltypes.h"

#include <QJsonValue>
#include <QString>

namespace infrahub::sandbox::gql {

struct LeafResult {
    enum class Status {
        Ok,        // `value` holds the coerced value
        Invalid,   // the type rejected the value without a message (graphql-core's Undefined)
        Error,     // `message` says why; `located` when the error points at the literal
        Exception, // a Python exception: callers wrap `message` ("Expected type 'BigInt'. <message>")
    };
    Status status = Status::Ok;
    QJsonValue value;
    QString message;
    bool located = true;

    bool ok() const { return status == Status::Ok; }
};

// Coerces a literal (not a variable) to the leaf type `type`. Variables nested in lists or objects of
// GenericScalar literals become null, as graphene's GenericScalar.parse_literal returns None for them.
LeafResult parseLeafLiteral(const GqlType &type, const Value &literal);

// Coerces a JSON value (never null; callers handle null) to the leaf type `type`.
LeafResult parseLeafValue(const GqlType &type, const QJsonValue &input);

// Whether `text` is a date-time graphene's DateTime accepts (dateutil's isoparse).
bool isIsoDateTime(const QString &text);

} // namespace infrahub::sandbox::gql
