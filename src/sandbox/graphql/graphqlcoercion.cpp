// Port of graphql-core 3.2's execution/values.py (variable and argument values), coerce_input_value and
// value_from_ast, on JSON values.
#include "graphqlcoercion.h"

#include "graphqlscalars.h"
#include "graphqlsuggestions.h"
#include "graphqlvalueprinter.h"

#include <QJsonArray>

#include <functional>

namespace infrahub::sandbox::gql {

namespace {

TypeRef nullable(const TypeRef &t) {
    TypeRef r = t;
    r.nonNull = false;
    return r;
}

// A path inside a variable's value: field names and list indexes.
using PathItem = std::variant<QString, qsizetype>;
using Path = QList<PathItem>;

QString printPath(const Path &path) {
    QString out;
    for (const PathItem &item : path) {
        if (const auto *index = std::get_if<qsizetype>(&item))
            out += QLatin1Char('[') + QString::number(*index) + QLatin1Char(']');
        else
            out += QLatin1Char('.') + std::get<QString>(item);
    }
    return out;
}

using OnError = std::function<void(const Path &path, const QJsonValue &invalid, const QString &message)>;

// graphql-core's coerce_input_value. Returns nullopt for Undefined (an error was reported).
std::optional<QJsonValue> coerceInputValue(const QJsonValue &input, const TypeRef &type,
                                           const TypeSystem &types, const OnError &onError,
                                           const Path &path) {
    const bool isNull = input.isNull() || input.isUndefined();
    if (type.nonNull) {
        if (!isNull)
            return coerceInputValue(input, nullable(type), types, onError, path);
        onError(path, input,
                QStringLiteral("Expected non-nullable type '%1' not to be None.").arg(type.toString()));
        return std::nullopt;
    }
    if (isNull)
        return QJsonValue(QJsonValue::Null);

    if (type.isList()) {
        const TypeRef &item = *type.ofType;
        if (input.isArray()) {
            QJsonArray out;
            const QJsonArray in = input.toArray();
            for (qsizetype i = 0; i < in.size(); ++i) {
                Path itemPath = path;
                itemPath.append(i);
                const auto v = coerceInputValue(in.at(i), item, types, onError, itemPath);
                out.append(v ? *v : QJsonValue(QJsonValue::Undefined));
            }
            return out;
        }
        // A single value stands for a list of one.
        const auto v = coerceInputValue(input, item, types, onError, path);
        return QJsonArray{v ? *v : QJsonValue(QJsonValue::Undefined)};
    }

    const GqlType *named = types.namedType(type);
    if (!named)
        return std::nullopt;
    if (named->kind == TypeKind::InputObject) {
        if (!input.isObject()) {
            onError(path, input, QStringLiteral("Expected type '%1' to be a mapping.").arg(named->name));
            return std::nullopt;
        }
        const QJsonObject in = input.toObject();
        QJsonObject out;
        for (const GqlInputValue &f : named->inputFields.items()) {
            const auto it = in.constFind(f.name);
            if (it == in.constEnd()) {
                if (f.defaultValue)
                    out.insert(f.name, *f.defaultValue);
                else if (f.type.nonNull)
                    onError(path, input,
                            QStringLiteral("Field '%1' of required type '%2' was not provided.")
                                .arg(f.name, f.type.toString()));
                continue;
            }
            Path fieldPath = path;
            fieldPath.append(f.name);
            const auto v = coerceInputValue(it.value(), f.type, types, onError, fieldPath);
            out.insert(f.name, v ? *v : QJsonValue(QJsonValue::Undefined));
        }
        for (auto it = in.begin(); it != in.end(); ++it) {
            if (named->inputField(it.key()))
                continue;
            onError(path, input,
                    QStringLiteral("Field '%1' is not defined by type '%2'.").arg(it.key(), named->name) +
                        didYouMean(suggestionList(it.key(), named->inputFields.names())));
        }
        return out;
    }

    const LeafResult r = parseLeafValue(*named, input);
    switch (r.status) {
    case LeafResult::Status::Ok:
        return r.value;
    case LeafResult::Status::Error:
        onError(path, input, r.message);
        break;
    case LeafResult::Status::Exception:
        onError(path, input, QStringLiteral("Expected type '%1'. %2").arg(named->name, r.message));
        break;
    case LeafResult::Status::Invalid:
        onError(path, input, QStringLiteral("Expected type '%1'.").arg(named->name));
        break;
    }
    return std::nullopt;
}

bool isMissingVariable(const Value &v, const QJsonObject *variables) {
    return v.kind == Value::Kind::Variable &&
           (!variables || variables->isEmpty() || !variables->contains(v.text));
}

} // namespace

std::optional<QJsonValue> valueFromAst(const Value &value, const TypeRef &type, const QJsonObject *variables,
                                       const TypeSystem &types) {
    if (value.kind == Value::Kind::Variable) {
        if (!variables || variables->isEmpty())
            return std::nullopt;
        const auto it = variables->constFind(value.text);
        if (it == variables->constEnd())
            return std::nullopt;
        if (it.value().isNull() && type.nonNull)
            return std::nullopt;
        return it.value();
    }
    if (type.nonNull) {
        if (value.kind == Value::Kind::Null)
            return std::nullopt;
        return valueFromAst(value, nullable(type), variables, types);
    }
    if (value.kind == Value::Kind::Null)
        return QJsonValue(QJsonValue::Null);
    if (type.isList()) {
        const TypeRef &item = *type.ofType;
        if (value.kind == Value::Kind::List) {
            QJsonArray out;
            for (const Value &itemNode : value.list) {
                if (isMissingVariable(itemNode, variables)) {
                    if (item.nonNull)
                        return std::nullopt;
                    out.append(QJsonValue::Null);
                    continue;
                }
                const auto v = valueFromAst(itemNode, item, variables, types);
                if (!v)
                    return std::nullopt;
                out.append(*v);
            }
            return out;
        }
        const auto v = valueFromAst(value, item, variables, types);
        if (!v)
            return std::nullopt;
        return QJsonArray{*v};
    }
    const GqlType *named = types.namedType(type);
    if (!named)
        return std::nullopt;
    if (named->kind == TypeKind::InputObject) {
        if (value.kind != Value::Kind::Object)
            return std::nullopt;
        QHash<QString, const Value *> given; // later duplicates win, as in graphql-core's dict
        for (const auto &[name, v] : value.fields)
            given.insert(name, &v);
        QJsonObject out;
        for (const GqlInputValue &f : named->inputFields.items()) {
            const Value *fieldValue = given.value(f.name);
            if (!fieldValue || isMissingVariable(*fieldValue, variables)) {
                if (f.defaultValue)
                    out.insert(f.name, *f.defaultValue);
                else if (f.type.nonNull)
                    return std::nullopt;
                continue;
            }
            const auto v = valueFromAst(*fieldValue, f.type, variables, types);
            if (!v)
                return std::nullopt;
            out.insert(f.name, *v);
        }
        return out;
    }
    const LeafResult r = parseLeafLiteral(*named, value);
    if (!r.ok())
        return std::nullopt;
    return r.value;
}

std::variant<QJsonObject, QList<ValidationError>> coerceVariableValues(const OperationDefinition &operation,
                                                                       const QJsonObject &provided,
                                                                       const TypeSystem &types) {
    QList<ValidationError> errors;
    QJsonObject coerced;
    for (const VariableDefinition &def : operation.variables) {
        const QString &name = def.name;
        const GqlType *named = types.namedType(def.type);
        if (!named || !named->isInputType()) {
            errors.append(
                {QStringLiteral("Variable '$%1' expected value of type '%2' which cannot be used as an "
                                "input type.")
                     .arg(name, def.type.toString()),
                 {def.location}});
            continue;
        }
        const auto it = provided.constFind(name);
        if (it == provided.constEnd()) {
            if (def.defaultValue) {
                const auto v = valueFromAst(*def.defaultValue, def.type, nullptr, types);
                if (v)
                    coerced.insert(name, *v);
            } else if (def.type.nonNull) {
                errors.append({QStringLiteral("Variable '$%1' of required type '%2' was not provided.")
                                   .arg(name, def.type.toString()),
                               {def.location}});
            }
            continue;
        }
        if (it.value().isNull() && def.type.nonNull) {
            errors.append({QStringLiteral("Variable '$%1' of non-null type '%2' must not be null.")
                               .arg(name, def.type.toString()),
                           {def.location}});
            continue;
        }
        const OnError onError = [&](const Path &path, const QJsonValue &invalid, const QString &message) {
            QString prefix =
                QStringLiteral("Variable '$%1' got invalid value %2").arg(name, inspectJson(invalid));
            if (!path.isEmpty())
                prefix += QStringLiteral(" at '%1%2'").arg(name, printPath(path));
            errors.append({prefix + QLatin1String("; ") + message, {def.location}});
        };
        const auto v = coerceInputValue(it.value(), def.type, types, onError, {});
        if (v)
            coerced.insert(name, *v);
    }
    if (!errors.isEmpty())
        return errors;
    return coerced;
}

std::variant<QJsonObject, ValidationError>
coerceVariables(const OperationDefinition &operation, const QJsonObject &provided, const TypeSystem &types) {
    auto result = coerceVariableValues(operation, provided, types);
    if (auto *errors = std::get_if<QList<ValidationError>>(&result))
        return errors->first();
    return std::get<QJsonObject>(std::move(result));
}

std::variant<QJsonObject, ValidationError>
coerceArgumentValues(const InputValueList &definitions, const std::vector<Argument> &arguments,
                     const QJsonObject &variables, const SourceLocation &location, const TypeSystem &types) {
    QHash<QString, const Argument *> given;
    for (const Argument &a : arguments)
        given.insert(a.name, &a);
    QJsonObject out;
    for (const GqlInputValue &def : definitions.items()) {
        const Argument *arg = given.value(def.name);
        if (!arg) {
            if (def.defaultValue)
                out.insert(def.name, *def.defaultValue);
            else if (def.type.nonNull)
                return ValidationError{QStringLiteral("Argument '%1' of required type '%2' was not provided.")
                                           .arg(def.name, def.type.toString()),
                                       {location}};
            continue;
        }
        const Value &node = arg->value;
        bool isNull = node.kind == Value::Kind::Null;
        if (node.kind == Value::Kind::Variable) {
            const auto it = variables.constFind(node.text);
            if (variables.isEmpty() || it == variables.constEnd()) {
                if (def.defaultValue)
                    out.insert(def.name, *def.defaultValue);
                else if (def.type.nonNull)
                    return ValidationError{
                        QStringLiteral("Argument '%1' of required type '%2' was provided the "
                                       "variable '$%3' which was not provided a runtime value.")
                            .arg(def.name, def.type.toString(), node.text),
                        {node.location}};
                continue;
            }
            isNull = it.value().isNull() || it.value().isUndefined();
        }
        if (isNull && def.type.nonNull)
            return ValidationError{QStringLiteral("Argument '%1' of non-null type '%2' must not be null.")
                                       .arg(def.name, def.type.toString()),
                                   {node.location}};
        const auto v = valueFromAst(node, def.type, &variables, types);
        if (!v)
            return ValidationError{
                QStringLiteral("Argument '%1' has invalid value %2.").arg(def.name, printValue(node)),
                {node.location}};
        out.insert(def.name, *v);
    }
    return out;
}

} // namespace infrahub::sandbox::gql
