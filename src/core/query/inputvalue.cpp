#include "inputvalue.h"

#include "graphqlnames.h"
#include "requesterrors.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

namespace infrahub {

std::optional<qint64> integralValue(const QJsonValue &value) {
    if (!value.isDouble())
        return std::nullopt;
    // QJsonValue keeps integers exactly (beyond 2^53 too); toInteger() refuses fractional values.
    constexpr qint64 sentinel = std::numeric_limits<qint64>::min();
    const qint64 i = value.toInteger(sentinel);
    if (i != sentinel)
        return i;
    const double d = value.toDouble();
    if (d == double(sentinel))
        return sentinel;
    return std::nullopt;
}

namespace {

Result<QString> renderScalar(const QJsonValue &value, const GraphQLInputType &type, VariableSet &variables) {
    const QString &name = type.name;
    const QString variableType = name + QLatin1Char('!'); // the value is not null here
    auto quotedOrVariable = [&](const QString &text) -> QString {
        if (isSafeInlineString(text))
            return QLatin1Char('"') + text + QLatin1Char('"');
        return variables.bind(text, variableType);
    };

    if (name == u"Boolean") {
        if (!value.isBool())
            return invalidRequestError(QStringLiteral("expected true or false (Boolean)"));
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    }
    if (name == u"Int" || name == u"BigInt") {
        const std::optional<qint64> i = integralValue(value);
        if (!i)
            return invalidRequestError(QStringLiteral("expected a whole number (%1)").arg(name));
        if (name == u"Int" &&
            (*i < std::numeric_limits<qint32>::min() || *i > std::numeric_limits<qint32>::max()))
            return invalidRequestError(QStringLiteral("expected a 32-bit whole number (Int)"));
        return QString::number(*i);
    }
    if (name == u"Float") {
        if (!value.isDouble() || !std::isfinite(value.toDouble()))
            return invalidRequestError(QStringLiteral("expected a number (Float)"));
        if (const std::optional<qint64> i = integralValue(value))
            return QString::number(*i);
        return variables.bind(value, variableType);
    }
    if (name == u"String" || name == u"DateTime") {
        if (!value.isString())
            return invalidRequestError(QStringLiteral("expected a string (%1)").arg(name));
        return quotedOrVariable(value.toString());
    }
    if (name == u"ID") {
        // GraphQL's ID accepts string and integer literals.
        if (const std::optional<qint64> i = integralValue(value))
            return QString::number(*i);
        if (!value.isString())
            return invalidRequestError(QStringLiteral("expected an id (ID)"));
        return quotedOrVariable(value.toString());
    }
    if (name == u"GenericScalar") {
        if (value.isBool())
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        if (const std::optional<qint64> i = integralValue(value))
            return QString::number(*i);
        if (value.isString() && isSafeInlineString(value.toString()))
            return QString(QLatin1Char('"') + value.toString() + QLatin1Char('"'));
        // Objects, lists, fractional numbers and other strings travel as JSON in the variables.
        return variables.bind(value, variableType);
    }
    // Any other (custom) scalar: never inline, the server coerces the variable.
    if (!isGraphQLName(name))
        return invalidRequestError(QStringLiteral("'%1' is not a GraphQL type name").arg(name));
    return variables.bind(value, variableType);
}

} // namespace

Result<QString> renderInputValue(const QJsonValue &value, const GraphQLInputType &type,
                                 VariableSet &variables) {
    if (value.isNull() || value.isUndefined()) {
        if (type.nonNull)
            return invalidRequestError(QStringLiteral("a value is required (%1)").arg(type.toString()));
        return QStringLiteral("null");
    }
    if (!type.list)
        return renderScalar(value, type, variables);

    // A single value where a list is expected is a one-item list, as GraphQL's input coercion has it.
    const QJsonArray items = value.isArray() ? value.toArray() : QJsonArray{value};
    const GraphQLInputType itemType = type.itemType();
    QString out = QStringLiteral("[");
    for (qsizetype i = 0; i < items.size(); ++i) {
        Result<QString> item = renderInputValue(items.at(i), itemType, variables);
        if (!item)
            return item.error();
        if (i > 0)
            out += QStringLiteral(", ");
        out += item.value();
    }
    out += QLatin1Char(']');
    return out;
}

} // namespace infrahub
