// Syntax tree of an executable GraphQL document (operations and fragments), as produced by
// `parseDocument` (graphqlparser.h) and consumed by the validator and executor. Only the executable
// subset of the GraphQL spec (October 2021) is represented: the sandbox never parses SDL.
#pragma once

#include <QString>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace infrahub::sandbox::gql {

// 1-based, as GraphQL error `locations` report them.
struct SourceLocation {
    int line = 0;
    int column = 0;
};

// An input value: a literal or a `$variable` reference.
struct Value {
    enum class Kind { Null, Int, Float, String, Boolean, Enum, List, Object, Variable };
    Kind kind = Kind::Null;
    QString text; // String: decoded content; Int/Float: literal text; Enum: name; Variable: name without '$'
    bool boolean = false;
    std::vector<Value> list;
    std::vector<std::pair<QString, Value>> fields; // Object fields in source order
    SourceLocation location;
};

struct Argument {
    QString name;
    Value value;
    SourceLocation location;
};

struct Directive {
    QString name;
    std::vector<Argument> arguments;
    SourceLocation location;
};

struct Selection;
using SelectionSet = std::vector<Selection>;

struct Selection {
    enum class Kind { Field, FragmentSpread, InlineFragment };
    Kind kind = Kind::Field;
    QString alias; // Field only; empty when not aliased
    QString name; // Field: field name; FragmentSpread: fragment name
    std::vector<Argument> arguments; // Field only
    QString typeCondition; // InlineFragment only; empty when it has none
    std::vector<Directive> directives;
    SelectionSet selectionSet;
    SourceLocation location;

    const QString &responseKey() const { return alias.isEmpty() ? name : alias; }
    const Argument *argument(const QString &argumentName) const
    {
        for (const Argument &a : arguments)
            if (a.name == argumentName)
                return &a;
        return nullptr;
    }
};

// A variable's declared type: `Name`, `[Type]`, with `!` for non-null.
struct TypeRef {
    QString name; // named type; empty for a list type
    std::shared_ptr<TypeRef> ofType; // element type of a list
    bool nonNull = false;

    bool isList() const { return ofType != nullptr; }
    // The innermost named type.
    const QString &namedType() const { return ofType ? ofType->namedType() : name; }
    // GraphQL notation, e.g. "[String!]!".
    QString toString() const
    {
        QString s = ofType ? QStringLiteral("[") + ofType->toString() + QStringLiteral("]") : name;
        return nonNull ? s + QLatin1Char('!') : s;
    }
};

struct VariableDefinition {
    QString name; // without '$'
    TypeRef type;
    std::optional<Value> defaultValue;
    SourceLocation location;
};

struct OperationDefinition {
    enum class Type { Query, Mutation, Subscription };
    Type type = Type::Query;
    QString name; // empty for anonymous operations
    std::vector<VariableDefinition> variables;
    std::vector<Directive> directives;
    SelectionSet selectionSet;
    SourceLocation location;
};

struct FragmentDefinition {
    QString name;
    QString typeCondition;
    std::vector<Directive> directives;
    SelectionSet selectionSet;
    SourceLocation location;
};

struct Document {
    std::vector<OperationDefinition> operations; // in source order
    std::vector<FragmentDefinition> fragments; // in source order

    const FragmentDefinition *fragment(const QString &fragmentName) const
    {
        for (const FragmentDefinition &f : fragments)
            if (f.name == fragmentName)
                return &f;
        return nullptr;
    }
};

} // namespace infrahub::sandbox::gql
