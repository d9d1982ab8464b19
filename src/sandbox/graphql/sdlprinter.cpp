// SDL output in graphql-js printSchema style. The document is large (hundreds of kilobytes for the demo
// schema), so it is appended into one pre-reserved QString.
#include "sdlprinter.h"

#include "graphqlvalueprinter.h"

#include <QJsonArray>
#include <QJsonObject>

namespace infrahub::sandbox::gql {

namespace {

// A description as a block string. Block strings take everything literally except `"""`, which is
// escaped; text ending in a quote or backslash, or spanning lines, goes on its own lines.
void printDescription(QString &out, const QString &description, const QString &indent) {
    if (description.isEmpty())
        return;
    QString text = description;
    text.replace(QLatin1String("\"\"\""), QLatin1String("\\\"\"\""));
    const bool multiLine = text.contains(QLatin1Char('\n')) || text.endsWith(QLatin1Char('"')) ||
                           text.endsWith(QLatin1Char('\\')) || text.startsWith(QLatin1Char(' ')) ||
                           text.startsWith(QLatin1Char('\t'));
    out += indent;
    if (!multiLine) {
        out += QLatin1String("\"\"\"") + text + QLatin1String("\"\"\"\n");
        return;
    }
    out += QLatin1String("\"\"\"\n");
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (!line.isEmpty())
            out += indent + line;
        out += QLatin1Char('\n');
    }
    out += indent + QLatin1String("\"\"\"\n");
}

void printDeprecation(QString &out, const QString &reason) {
    if (reason.isEmpty())
        return;
    if (reason == u"No longer supported")
        out += QLatin1String(" @deprecated");
    else
        out += QLatin1String(" @deprecated(reason: ") + printString(reason) + QLatin1Char(')');
}

void printInputValue(QString &out, const GqlInputValue &v, const TypeSystem &types) {
    out += v.name + QLatin1String(": ") + v.type.toString();
    if (v.defaultValue)
        out += QLatin1String(" = ") + printJsonAsLiteral(*v.defaultValue, v.type, types);
    printDeprecation(out, v.deprecationReason);
}

void printArguments(QString &out, const InputValueList &args, const QString &indent,
                    const TypeSystem &types) {
    if (args.isEmpty())
        return;
    bool described = false;
    for (const GqlInputValue &a : args.items())
        described = described || !a.description.isEmpty();
    out += QLatin1Char('(');
    if (!described) {
        bool first = true;
        for (const GqlInputValue &a : args.items()) {
            if (!first)
                out += QLatin1String(", ");
            first = false;
            printInputValue(out, a, types);
        }
        out += QLatin1Char(')');
        return;
    }
    out += QLatin1Char('\n');
    const QString inner = indent + QLatin1String("  ");
    for (const GqlInputValue &a : args.items()) {
        printDescription(out, a.description, inner);
        out += inner;
        printInputValue(out, a, types);
        out += QLatin1Char('\n');
    }
    out += indent + QLatin1Char(')');
}

void printType(QString &out, const GqlType &t, const TypeSystem &types) {
    printDescription(out, t.description, {});
    const QString indent = QStringLiteral("  ");
    switch (t.kind) {
    case TypeKind::Scalar:
        out += QLatin1String("scalar ") + t.name + QLatin1Char('\n');
        return;
    case TypeKind::Enum:
        out += QLatin1String("enum ") + t.name + QLatin1String(" {\n");
        for (const QString &v : t.enumValues)
            out += indent + v + QLatin1Char('\n');
        out += QLatin1String("}\n");
        return;
    case TypeKind::InputObject:
        out += QLatin1String("input ") + t.name + QLatin1String(" {\n");
        for (const GqlInputValue &f : t.inputFields.items()) {
            printDescription(out, f.description, indent);
            out += indent;
            printInputValue(out, f, types);
            out += QLatin1Char('\n');
        }
        out += QLatin1String("}\n");
        return;
    case TypeKind::Object:
    case TypeKind::Interface:
        out += (t.kind == TypeKind::Object ? QLatin1String("type ") : QLatin1String("interface ")) + t.name;
        if (!t.interfaces.isEmpty())
            out += QLatin1String(" implements ") + t.interfaces.join(QLatin1String(" & "));
        out += QLatin1String(" {\n");
        for (const GqlField &f : t.fields) {
            printDescription(out, f.description, indent);
            out += indent + f.name;
            printArguments(out, *f.args, indent, types);
            out += QLatin1String(": ") + f.type.toString();
            printDeprecation(out, f.deprecationReason);
            out += QLatin1Char('\n');
        }
        out += QLatin1String("}\n");
        return;
    }
}

} // namespace

QString printJsonAsLiteral(const QJsonValue &value, const TypeRef &type, const TypeSystem &types) {
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (d == double(qint64(d)))
            return QString::number(qint64(d));
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::String: {
        const GqlType *named = types.namedType(type);
        if (named && named->kind == TypeKind::Enum)
            return value.toString();
        return printString(value.toString());
    }
    case QJsonValue::Array: {
        const TypeRef item = type.ofType ? *type.ofType : type;
        QString out = QStringLiteral("[");
        bool first = true;
        for (const QJsonValue &v : value.toArray()) {
            if (!first)
                out += QLatin1String(", ");
            first = false;
            out += printJsonAsLiteral(v, item, types);
        }
        return out + QLatin1Char(']');
    }
    case QJsonValue::Object: {
        const GqlType *named = types.namedType(type);
        const QJsonObject o = value.toObject();
        QString out = QStringLiteral("{");
        bool first = true;
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!first)
                out += QLatin1String(", ");
            first = false;
            const GqlInputValue *f = named ? named->inputField(it.key()) : nullptr;
            out += it.key() + QLatin1String(": ") +
                   printJsonAsLiteral(it.value(), f ? f->type : TypeRef{}, types);
        }
        return out + QLatin1Char('}');
    }
    }
    return QStringLiteral("null");
}

QString printSdl(const TypeSystem &types) {
    QString out;
    out.reserve(1 << 20);
    for (const GqlDirective &d : types.directives()) {
        if (d.builtIn)
            continue;
        printDescription(out, d.description, {});
        out += QLatin1String("directive @") + d.name;
        printArguments(out, d.args, {}, types);
        if (d.repeatable)
            out += QLatin1String(" repeatable");
        out += QLatin1String(" on ") + d.locations.join(QLatin1String(" | ")) + QLatin1String("\n\n");
    }
    for (const GqlType *t : types.types()) {
        if (t->builtIn)
            continue;
        printType(out, *t, types);
        out += QLatin1Char('\n');
    }
    if (out.endsWith(QLatin1String("\n\n")))
        out.chop(1);
    return out;
}

} // namespace infrahub::sandbox::gql
