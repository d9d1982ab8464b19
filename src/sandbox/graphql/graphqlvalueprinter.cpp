// Literal printing shared by the SDL printer and the validator's messages.
#include "graphqlvalueprinter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace infrahub::sandbox::gql {

QString printString(const QString &s) {
    QString out;
    out.reserve(s.size() + 2);
    out += QLatin1Char('"');
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        switch (u) {
        case u'"':
            out += QLatin1String("\\\"");
            break;
        case u'\\':
            out += QLatin1String("\\\\");
            break;
        case u'\b':
            out += QLatin1String("\\b");
            break;
        case u'\t':
            out += QLatin1String("\\t");
            break;
        case u'\n':
            out += QLatin1String("\\n");
            break;
        case u'\f':
            out += QLatin1String("\\f");
            break;
        case u'\r':
            out += QLatin1String("\\r");
            break;
        default:
            // C0 controls, DEL and C1 controls become \uXXXX (upper-case hex, as graphql-core prints).
            if (u < 0x20 || (u >= 0x7f && u <= 0x9f))
                out += QLatin1String("\\u") + QString::number(uint(u), 16).toUpper().rightJustified(4, u'0');
            else
                out += c;
        }
    }
    out += QLatin1Char('"');
    return out;
}

QString printValue(const Value &value) {
    switch (value.kind) {
    case Value::Kind::Null:
        return QStringLiteral("null");
    case Value::Kind::Int:
    case Value::Kind::Float:
    case Value::Kind::Enum:
        return value.text;
    case Value::Kind::String:
        return printString(value.text);
    case Value::Kind::Boolean:
        return value.boolean ? QStringLiteral("true") : QStringLiteral("false");
    case Value::Kind::Variable:
        return QLatin1Char('$') + value.text;
    case Value::Kind::List: {
        QString out = QStringLiteral("[");
        for (std::size_t i = 0; i < value.list.size(); ++i) {
            if (i)
                out += QLatin1String(", ");
            out += printValue(value.list[i]);
        }
        return out + QLatin1Char(']');
    }
    case Value::Kind::Object: {
        QString out = QStringLiteral("{");
        for (std::size_t i = 0; i < value.fields.size(); ++i) {
            if (i)
                out += QLatin1String(", ");
            out += value.fields[i].first + QLatin1String(": ") + printValue(value.fields[i].second);
        }
        return out + QLatin1Char('}');
    }
    }
    return {};
}

namespace {

constexpr int kMaxRecursiveDepth = 2;
constexpr int kMaxStringSize = 240;
constexpr int kMaxListSize = 10;

QString truncated(const QString &s) {
    if (s.size() <= kMaxStringSize)
        return s;
    const int i = (kMaxStringSize - 3) / 2;
    const int j = kMaxStringSize - 3 - i;
    return s.left(i) + QLatin1String("...") + s.right(j);
}

QString pythonNumber(double d) {
    // JSON numbers decode to Python int when integral (Qt cannot tell 5 from 5.0 either).
    if (d == double(qint64(d)) && std::abs(d) < 1e18)
        return QString::number(qint64(d));
    QString s = QString::number(d, 'g', QLocale::FloatingPointShortest);
    if (!s.contains(QLatin1Char('.')) && !s.contains(QLatin1Char('e')))
        s += QLatin1String(".0");
    return s;
}

QString inspectRecursive(const QJsonValue &value, int depth) {
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("None");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case QJsonValue::Double:
        return truncated(pythonNumber(value.toDouble()));
    case QJsonValue::String:
        return truncated(pythonRepr(value.toString()));
    case QJsonValue::Array: {
        const QJsonArray a = value.toArray();
        if (a.isEmpty())
            return QStringLiteral("[]");
        if (depth >= kMaxRecursiveDepth)
            return QStringLiteral("[...]");
        QStringList parts;
        const qsizetype n = a.size();
        for (qsizetype i = 0; i < n; ++i) {
            if (n > kMaxListSize && i == kMaxListSize / 2) {
                parts.append(QStringLiteral("..."));
                i = n - (kMaxListSize / 2 - 1) - 1;
                continue;
            }
            parts.append(inspectRecursive(a.at(i), depth + 1));
        }
        return QLatin1Char('[') + parts.join(QLatin1String(", ")) + QLatin1Char(']');
    }
    case QJsonValue::Object: {
        const QJsonObject o = value.toObject();
        if (o.isEmpty())
            return QStringLiteral("{}");
        if (depth >= kMaxRecursiveDepth)
            return QStringLiteral("{...}");
        QStringList parts;
        const qsizetype n = o.size();
        qsizetype i = 0;
        for (auto it = o.begin(); it != o.end(); ++it, ++i) {
            if (n > kMaxListSize && i >= kMaxListSize / 2 && i < n - (kMaxListSize / 2 - 1)) {
                if (i == kMaxListSize / 2)
                    parts.append(QStringLiteral("..."));
                continue;
            }
            parts.append(pythonRepr(it.key()) + QLatin1String(": ") +
                         inspectRecursive(it.value(), depth + 1));
        }
        return QLatin1Char('{') + parts.join(QLatin1String(", ")) + QLatin1Char('}');
    }
    }
    return QStringLiteral("None");
}

} // namespace

QString pythonRepr(const QString &s) {
    const QChar quote = (s.contains(QLatin1Char('\'')) && !s.contains(QLatin1Char('"'))) ? QLatin1Char('"')
                                                                                         : QLatin1Char('\'');
    QString out;
    out.reserve(s.size() + 2);
    out += quote;
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        if (c == quote || u == u'\\')
            out += QLatin1Char('\\') + c;
        else if (u == u'\n')
            out += QLatin1String("\\n");
        else if (u == u'\r')
            out += QLatin1String("\\r");
        else if (u == u'\t')
            out += QLatin1String("\\t");
        else if (u < 0x20 || (u >= 0x7f && u <= 0xa0))
            out += QLatin1String("\\x") + QString::number(uint(u), 16).rightJustified(2, u'0');
        else
            out += c;
    }
    out += quote;
    return out;
}

QString inspectJson(const QJsonValue &value) {
    return inspectRecursive(value, 0);
}

} // namespace infrahub::sandbox::gql
