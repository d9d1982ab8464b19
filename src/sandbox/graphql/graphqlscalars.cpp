// Leaf type input coercion, ported from graphql-core 3.2's type/scalars.py and GraphQLEnumType and from
// graphene 3's DateTime, BigInt and GenericScalar (the implementations behind a real Infrahub server).
#include "graphqlscalars.h"

#include "graphqlsuggestions.h"
#include "graphqlvalueprinter.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTime>

#include <cmath>
#include <limits>

namespace infrahub::sandbox::gql {

namespace {

constexpr qint64 kMinInt = -2147483648LL;
constexpr qint64 kMaxInt = 2147483647LL;

LeafResult ok(QJsonValue v) {
    LeafResult r;
    r.value = std::move(v);
    return r;
}

LeafResult error(QString message, bool located = true) {
    LeafResult r;
    r.status = LeafResult::Status::Error;
    r.message = std::move(message);
    r.located = located;
    return r;
}

LeafResult invalid() {
    LeafResult r;
    r.status = LeafResult::Status::Invalid;
    return r;
}

LeafResult exception(QString message) {
    LeafResult r;
    r.status = LeafResult::Status::Exception;
    r.message = std::move(message);
    return r;
}

bool isIntegral(double d) {
    return std::isfinite(d) && d == std::floor(d);
}

// Python's int(str): optional whitespace and sign, decimal digits with single underscores between them.
std::optional<qint64> pythonIntFromString(const QString &s, bool *overflow) {
    static const QRegularExpression re(QStringLiteral("^\\s*[+-]?\\d+(_\\d+)*\\s*$"));
    if (!re.match(s).hasMatch())
        return std::nullopt;
    QString digits = s.trimmed();
    digits.remove(QLatin1Char('_'));
    bool okConv = false;
    const qint64 v = digits.toLongLong(&okConv);
    if (!okConv) {
        *overflow = true;
        return std::nullopt;
    }
    return v;
}

// Python's float(str) for what it accepts in practice: decimal/exponent notation, inf, nan.
std::optional<double> pythonFloatFromString(const QString &s) {
    const QString t = s.trimmed().toLower();
    if (t == u"inf" || t == u"+inf" || t == u"infinity" || t == u"+infinity")
        return std::numeric_limits<double>::infinity();
    if (t == u"-inf" || t == u"-infinity")
        return -std::numeric_limits<double>::infinity();
    if (t == u"nan" || t == u"+nan" || t == u"-nan")
        return std::numeric_limits<double>::quiet_NaN();
    static const QRegularExpression re(
        QStringLiteral("^[+-]?(\\d+(_\\d+)*(\\.(\\d+(_\\d+)*)?)?|\\.\\d+(_\\d+)*)"
                       "([eE][+-]?\\d+(_\\d+)*)?$"));
    if (!re.match(t).hasMatch())
        return std::nullopt;
    QString clean = t;
    clean.remove(QLatin1Char('_'));
    bool okConv = false;
    const double d = clean.toDouble(&okConv);
    if (!okConv)
        return std::nullopt;
    return d;
}

QString pythonTypeName(const QJsonValue &v) {
    switch (v.type()) {
    case QJsonValue::Array:
        return QStringLiteral("list");
    case QJsonValue::Object:
        return QStringLiteral("dict");
    case QJsonValue::Null:
        return QStringLiteral("NoneType");
    default:
        return QStringLiteral("object");
    }
}

// graphene BigInt.coerce_int(value): int(value), else int(float(value)), else Undefined.
LeafResult coerceBigInt(const QJsonValue &input) {
    switch (input.type()) {
    case QJsonValue::Bool:
        return ok(input.toBool() ? 1 : 0);
    case QJsonValue::Double: {
        const double d = input.toDouble();
        return ok(double(std::trunc(d)) == d ? QJsonValue(qint64(d)) : QJsonValue(qint64(std::trunc(d))));
    }
    case QJsonValue::String: {
        const QString s = input.toString();
        bool overflow = false;
        if (const auto v = pythonIntFromString(s, &overflow))
            return ok(*v);
        if (overflow) // a Python int has no limit; JSON can only carry a double of it
            return ok(s.trimmed().remove(QLatin1Char('_')).toDouble());
        const auto f = pythonFloatFromString(s);
        if (!f || std::isnan(*f))
            return invalid();
        if (std::isinf(*f))
            return exception(QStringLiteral("cannot convert float infinity to integer"));
        return ok(qint64(std::trunc(*f)));
    }
    default:
        return exception(
            QStringLiteral("int() argument must be a string, a bytes-like object or a real number, not '") +
            pythonTypeName(input) + QLatin1Char('\''));
    }
}

QJsonValue genericLiteral(const Value &v) {
    switch (v.kind) {
    case Value::Kind::String:
        return v.text;
    case Value::Kind::Boolean:
        return v.boolean;
    case Value::Kind::Int: {
        bool okConv = false;
        const qint64 n = v.text.toLongLong(&okConv);
        if (okConv && n >= kMinInt && n <= kMaxInt)
            return n;
        return QJsonValue::Null; // graphene falls through and returns None for big ints
    }
    case Value::Kind::Float:
        return v.text.toDouble();
    case Value::Kind::List: {
        QJsonArray a;
        for (const Value &item : v.list)
            a.append(genericLiteral(item));
        return a;
    }
    case Value::Kind::Object: {
        QJsonObject o;
        for (const auto &[name, value] : v.fields)
            o.insert(name, genericLiteral(value));
        return o;
    }
    default:
        return QJsonValue::Null;
    }
}

QString enumSuggestion(const GqlType &type, const QString &valueText) {
    return didYouMean(suggestionList(valueText, type.enumValues), QStringLiteral("the enum value"));
}

} // namespace

bool isIsoDateTime(const QString &text) {
    // dateutil's isoparse: a date (YYYY, YYYY-MM, YYYY-MM-DD or YYYYMMDD), optionally followed by one
    // separator character and a time (HH[:MM[:SS[.ffffff]]] or HHMMSS) with an optional UTC offset.
    static const QRegularExpression re(QStringLiteral(
        "^(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?|(\\d{2})(\\d{2}))?"
        "(?:.(\\d{2})(?::?(\\d{2})(?::?(\\d{2})(?:[.,](\\d+))?)?)?(Z|[+-]\\d{2}(?::?\\d{2})?)?)?$"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return false;
    const int year = m.captured(1).toInt();
    const QString monthText = m.captured(2).isEmpty() ? m.captured(4) : m.captured(2);
    const QString dayText = m.captured(2).isEmpty() ? m.captured(5) : m.captured(3);
    const int month = monthText.isEmpty() ? 1 : monthText.toInt();
    const int day = dayText.isEmpty() ? 1 : dayText.toInt();
    if (!QDate(year, month, day).isValid() || year < 1)
        return false;
    if (!m.captured(6).isEmpty()) {
        const int hour = m.captured(6).toInt();
        const int minute = m.captured(7).isEmpty() ? 0 : m.captured(7).toInt();
        const int second = m.captured(8).isEmpty() ? 0 : m.captured(8).toInt();
        if (hour == 24 ? (minute != 0 || second != 0) : !QTime(hour, minute, second).isValid())
            return false;
    }
    return true;
}

LeafResult parseLeafLiteral(const GqlType &type, const Value &literal) {
    const QString printed = printValue(literal);
    if (type.kind == TypeKind::Enum) {
        if (literal.kind == Value::Kind::Enum) {
            if (type.enumValues.contains(literal.text))
                return ok(literal.text);
            return error(QStringLiteral("Value '%1' does not exist in '%2' enum.").arg(printed, type.name) +
                         enumSuggestion(type, printed));
        }
        return error(
            QStringLiteral("Enum '%1' cannot represent non-enum value: %2.").arg(type.name, printed) +
            enumSuggestion(type, printed));
    }
    const QString &name = type.name;
    if (name == u"String") {
        if (literal.kind == Value::Kind::String)
            return ok(literal.text);
        return error(QStringLiteral("String cannot represent a non string value: ") + printed);
    }
    if (name == u"Int") {
        if (literal.kind != Value::Kind::Int)
            return error(QStringLiteral("Int cannot represent non-integer value: ") + printed);
        bool okConv = false;
        const qint64 n = literal.text.toLongLong(&okConv);
        if (!okConv || n < kMinInt || n > kMaxInt)
            return error(QStringLiteral("Int cannot represent non 32-bit signed integer value: ") + printed);
        return ok(n);
    }
    if (name == u"Float") {
        if (literal.kind != Value::Kind::Int && literal.kind != Value::Kind::Float)
            return error(QStringLiteral("Float cannot represent non numeric value: ") + printed);
        return ok(literal.text.toDouble());
    }
    if (name == u"Boolean") {
        if (literal.kind != Value::Kind::Boolean)
            return error(QStringLiteral("Boolean cannot represent a non boolean value: ") + printed);
        return ok(literal.boolean);
    }
    if (name == u"ID") {
        if (literal.kind != Value::Kind::String && literal.kind != Value::Kind::Int)
            return error(QStringLiteral("ID cannot represent a non-string and non-integer value: ") +
                         printed);
        return ok(literal.text);
    }
    if (name == u"BigInt") {
        if (literal.kind != Value::Kind::Int)
            return invalid();
        bool okConv = false;
        const qint64 n = literal.text.toLongLong(&okConv);
        return ok(okConv ? QJsonValue(n) : QJsonValue(literal.text.toDouble()));
    }
    if (name == u"DateTime") {
        // graphene raises these without pointing at the literal, so they carry no location.
        if (literal.kind != Value::Kind::String)
            return error(QStringLiteral("DateTime cannot represent non-string value: ") + printed, false);
        if (!isIsoDateTime(literal.text))
            return error(QStringLiteral("DateTime cannot represent value: ") + pythonRepr(literal.text),
                         false);
        return ok(literal.text);
    }
    // GenericScalar and any other custom scalar: accept the literal as is.
    return ok(genericLiteral(literal));
}

LeafResult parseLeafValue(const GqlType &type, const QJsonValue &input) {
    if (type.kind == TypeKind::Enum) {
        if (input.isString()) {
            const QString s = input.toString();
            if (type.enumValues.contains(s))
                return ok(s);
            return error(QStringLiteral("Value '%1' does not exist in '%2' enum.").arg(s, type.name) +
                         enumSuggestion(type, s));
        }
        const QString shown = inspectJson(input);
        return error(
            QStringLiteral("Enum '%1' cannot represent non-string value: %2.").arg(type.name, shown) +
            enumSuggestion(type, shown));
    }
    const QString &name = type.name;
    if (name == u"String") {
        if (input.isString())
            return ok(input);
        return error(QStringLiteral("String cannot represent a non string value: ") + inspectJson(input));
    }
    if (name == u"Int") {
        if (!input.isDouble() || !isIntegral(input.toDouble()))
            return error(QStringLiteral("Int cannot represent non-integer value: ") + inspectJson(input));
        const double d = input.toDouble();
        if (d < double(kMinInt) || d > double(kMaxInt))
            return error(QStringLiteral("Int cannot represent non 32-bit signed integer value: ") +
                         inspectJson(input));
        return ok(qint64(d));
    }
    if (name == u"Float") {
        if (!input.isDouble() || !std::isfinite(input.toDouble()))
            return error(QStringLiteral("Float cannot represent non numeric value: ") + inspectJson(input));
        return ok(input);
    }
    if (name == u"Boolean") {
        if (!input.isBool())
            return error(QStringLiteral("Boolean cannot represent a non boolean value: ") +
                         inspectJson(input));
        return ok(input);
    }
    if (name == u"ID") {
        if (input.isString())
            return ok(input);
        if (input.isDouble() && isIntegral(input.toDouble()))
            return ok(QString::number(qint64(input.toDouble())));
        return error(QStringLiteral("ID cannot represent value: ") + inspectJson(input));
    }
    if (name == u"BigInt")
        return coerceBigInt(input);
    if (name == u"DateTime") {
        if (!input.isString())
            return error(QStringLiteral("DateTime cannot represent non-string value: ") + inspectJson(input));
        if (!isIsoDateTime(input.toString()))
            return error(QStringLiteral("DateTime cannot represent value: ") + pythonRepr(input.toString()));
        return ok(input);
    }
    return ok(input); // GenericScalar: identity
}

} // namespace infrahub::sandbox::gql
