#include "executioncontext.h"

#include "jsonwriter.h"

namespace infrahub::sandbox {

FieldName fieldNameOf(const QString &name) {
    static const QHash<QString, FieldName> names = {
        {QStringLiteral("__typename"), FieldName::Typename},
        {QStringLiteral("id"), FieldName::Id},
        {QStringLiteral("display_label"), FieldName::DisplayLabel},
        {QStringLiteral("hfid"), FieldName::Hfid},
        {QStringLiteral("value"), FieldName::Value},
        {QStringLiteral("node"), FieldName::Node},
        {QStringLiteral("edges"), FieldName::Edges},
        {QStringLiteral("count"), FieldName::Count},
        {QStringLiteral("properties"), FieldName::Properties},
        {QStringLiteral("_updated_at"), FieldName::EdgeUpdatedAt},
        {QStringLiteral("label"), FieldName::Label},
        {QStringLiteral("color"), FieldName::Color},
        {QStringLiteral("description"), FieldName::Description},
        {QStringLiteral("is_default"), FieldName::IsDefault},
        {QStringLiteral("is_protected"), FieldName::IsProtected},
        {QStringLiteral("is_visible"), FieldName::IsVisible},
        {QStringLiteral("is_from_profile"), FieldName::IsFromProfile},
        {QStringLiteral("is_inherited"), FieldName::IsInherited},
        {QStringLiteral("updated_at"), FieldName::UpdatedAt},
        {QStringLiteral("source"), FieldName::Source},
        {QStringLiteral("owner"), FieldName::Owner},
        {QStringLiteral("permissions"), FieldName::Permissions},
    };
    return names.value(name, FieldName::Other);
}

QByteArray ExecutionError::toJsonText() const {
    JsonObjectWriter o;
    o.insert(u"message", message);
    if (!locations.isEmpty()) {
        QJsonArray locs;
        for (const gql::SourceLocation &l : locations)
            locs.append(QJsonObject{{QStringLiteral("line"), l.line}, {QStringLiteral("column"), l.column}});
        o.insert(u"locations", locs);
    }
    if (!path.isEmpty())
        o.insert(u"path", path);
    if (!code.isEmpty()) {
        JsonObjectWriter extensions;
        extensions.insert(u"code", code);
        extensions.insert(u"http_status", httpStatus);
        extensions.insert(u"data", data);
        o.insert(u"extensions", extensions.finish());
    }
    return o.finish();
}

ExecutionContext::ExecutionContext(SandboxStore &store, BranchState &branch, const gql::Document &document,
                                   QJsonObject variables)
    : m_store(store)
    , m_branch(branch)
    , m_document(document)
    , m_variables(std::move(variables)) {}

const QList<FieldGroup> &
ExecutionContext::collectFields(const QList<const gql::SelectionSet *> &selectionSets,
                                const QString &runtimeType, const QStringList &interfaces) const {
    CollectKey key{selectionSets, runtimeType, interfaces};
    if (const auto it = m_collected.find(key); it != m_collected.end())
        return it->second;
    QList<FieldGroup> out;
    QStringList visited;
    for (const gql::SelectionSet *set : selectionSets)
        collectInto(*set, runtimeType, interfaces, out, visited);
    return m_collected.emplace(std::move(key), std::move(out)).first->second;
}

const QList<FieldGroup> &ExecutionContext::subFields(const FieldGroup &field, const QString &runtimeType,
                                                     const QStringList &interfaces) const {
    const QPair<const FieldGroup *, QString> key{&field, runtimeType};
    if (const auto it = m_subFields.constFind(key); it != m_subFields.cend())
        return **it;
    const QList<FieldGroup> &fields = collectFields(field.subSelections(), runtimeType, interfaces);
    m_subFields.insert(key, &fields);
    return fields;
}

void ExecutionContext::collectInto(const gql::SelectionSet &selections, const QString &runtimeType,
                                   const QStringList &interfaces, QList<FieldGroup> &out,
                                   QStringList &visitedFragments) const {
    auto applies = [&](const QString &condition) {
        return condition.isEmpty() || condition == runtimeType || interfaces.contains(condition);
    };
    for (const gql::Selection &s : selections) {
        if (!included(s.directives))
            continue;
        switch (s.kind) {
        case gql::Selection::Kind::Field: {
            const QString &key = s.responseKey();
            auto it = std::find_if(out.begin(), out.end(),
                                   [&key](const FieldGroup &g) { return g.responseKey == key; });
            if (it == out.end())
                out.append(FieldGroup(key, s.name, &s));
            else
                it->selections.append(&s);
            break;
        }
        case gql::Selection::Kind::InlineFragment:
            if (applies(s.typeCondition))
                collectInto(s.selectionSet, runtimeType, interfaces, out, visitedFragments);
            break;
        case gql::Selection::Kind::FragmentSpread: {
            if (visitedFragments.contains(s.name))
                break;
            visitedFragments.append(s.name);
            const gql::FragmentDefinition *fragment = m_document.fragment(s.name);
            if (fragment && included(fragment->directives) && applies(fragment->typeCondition))
                collectInto(fragment->selectionSet, runtimeType, interfaces, out, visitedFragments);
            break;
        }
        }
    }
}

bool ExecutionContext::included(const std::vector<gql::Directive> &directives) const {
    for (const gql::Directive &d : directives) {
        if (d.name != u"skip" && d.name != u"include")
            continue;
        bool condition = false;
        for (const gql::Argument &a : d.arguments)
            if (a.name == u"if")
                condition = evaluate(a.value).toBool();
        if (d.name == u"skip" ? condition : !condition)
            return false;
    }
    return true;
}

QJsonValue ExecutionContext::argument(const gql::Selection &field, const QString &name) const {
    const gql::Argument *a = field.argument(name);
    if (!a)
        return QJsonValue(QJsonValue::Undefined);
    return evaluate(a->value);
}

QJsonValue ExecutionContext::evaluate(const gql::Value &value) const {
    using K = gql::Value::Kind;
    switch (value.kind) {
    case K::Null:
        return QJsonValue::Null;
    case K::Int:
        return QJsonValue(value.text.toLongLong());
    case K::Float:
        return QJsonValue(value.text.toDouble());
    case K::String:
    case K::Enum:
        return QJsonValue(value.text);
    case K::Boolean:
        return QJsonValue(value.boolean);
    case K::List: {
        QJsonArray array;
        for (const gql::Value &item : value.list)
            array.append(evaluate(item));
        return array;
    }
    case K::Object: {
        QJsonObject object;
        for (const auto &[fieldName, fieldValue] : value.fields) {
            const QJsonValue v = evaluate(fieldValue);
            if (!v.isUndefined())
                object.insert(fieldName, v);
        }
        return object;
    }
    case K::Variable:
        // An unset variable leaves the argument or input field absent (GraphQL's coercion rules).
        return m_variables.contains(value.text) ? m_variables.value(value.text)
                                                : QJsonValue(QJsonValue::Undefined);
    }
    return QJsonValue::Undefined;
}

} // namespace infrahub::sandbox
