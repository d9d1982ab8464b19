// The GraphQL type of an input position (an argument or an input-object field) as far as rendering a
// value needs it: a named scalar, optionally a list of it, optionally non-null. Infrahub's generated
// filter arguments and attribute inputs never nest deeper than `[Scalar]`.
#pragma once

#include <QString>

#include <utility>

namespace infrahub {

struct GraphQLInputType {
    QString name;         // the named (scalar) type: String, ID, BigInt, Int, Boolean, GenericScalar, ...
    bool list = false;    // `[name]`; list items are nullable, as in every Infrahub list input
    bool nonNull = false; // a trailing `!`

    static GraphQLInputType named(QString name, bool nonNull = false) {
        return {std::move(name), false, nonNull};
    }
    static GraphQLInputType listOf(QString name, bool nonNull = false) {
        return {std::move(name), true, nonNull};
    }

    // The type of one list item (`String` for `[String]`); the type itself when it is not a list.
    GraphQLInputType itemType() const { return {name, false, list ? false : nonNull}; }
    QString toString() const {
        QString s = list ? QStringLiteral("[%1]").arg(name) : name;
        if (nonNull)
            s.append(QLatin1Char('!'));
        return s;
    }
    bool operator==(const GraphQLInputType &) const = default;
};

} // namespace infrahub
