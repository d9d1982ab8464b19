#include "diffresolver.h"

#include "branchdiff.h"
#include "jsonwriter.h"

#include <QJsonArray>
#include <QJsonObject>

namespace infrahub::sandbox {

namespace {

const QString kTypename = QStringLiteral("__typename");

[[noreturn]] void fail(const QString &message, const QString &code, int httpStatus, QJsonObject data = {}) {
    throw FieldFailure{{message, code, httpStatus, std::move(data), {}, {}}};
}

// The GraphQL type of each object-valued field of the diff types (Infrahub's SDL, see
// tests/contract/sdl/infrahub-diff.graphql).
QString childType(const QString &parent, const QString &field) {
    static const QHash<QString, QString> types{
        {QStringLiteral("DiffTree.nodes"), QStringLiteral("DiffNode")},
        {QStringLiteral("DiffNode.attributes"), QStringLiteral("DiffAttribute")},
        {QStringLiteral("DiffNode.relationships"), QStringLiteral("DiffRelationship")},
        {QStringLiteral("DiffNode.parent"), QStringLiteral("DiffNodeParent")},
        {QStringLiteral("DiffNode.conflict"), QStringLiteral("ConflictDetails")},
        {QStringLiteral("DiffAttribute.properties"), QStringLiteral("DiffProperty")},
        {QStringLiteral("DiffAttribute.conflict"), QStringLiteral("ConflictDetails")},
        {QStringLiteral("DiffProperty.conflict"), QStringLiteral("ConflictDetails")},
        {QStringLiteral("DiffRelationship.elements"), QStringLiteral("DiffSingleRelationship")},
        {QStringLiteral("DiffSingleRelationship.properties"), QStringLiteral("DiffProperty")},
        {QStringLiteral("DiffSingleRelationship.conflict"), QStringLiteral("ConflictDetails")},
    };
    return types.value(parent + QLatin1Char('.') + field);
}

void putCounts(QJsonObject &o, const DiffCounts &c) {
    o.insert(QStringLiteral("num_added"), c.added);
    o.insert(QStringLiteral("num_updated"), c.updated);
    o.insert(QStringLiteral("num_removed"), c.removed);
    o.insert(QStringLiteral("num_conflicts"), 0); // the sandbox never diffs both sides: no conflicts
}

QJsonObject propertyJson(const DiffPropertyData &p, const QString &path) {
    QJsonObject o;
    o.insert(QStringLiteral("property_type"), p.propertyType);
    o.insert(QStringLiteral("last_changed_at"), p.lastChangedAt);
    o.insert(QStringLiteral("previous_value"), p.previousValue);
    o.insert(QStringLiteral("new_value"), p.newValue);
    o.insert(QStringLiteral("previous_label"), p.previousLabel);
    o.insert(QStringLiteral("new_label"), p.newLabel);
    o.insert(QStringLiteral("status"), diffStatusName(p.status));
    o.insert(QStringLiteral("path_identifier"), QString(path + QLatin1String("/property/") + p.propertyType));
    o.insert(QStringLiteral("conflict"), QJsonValue::Null);
    return o;
}

// One node of the tree as the JSON object its GraphQL type describes. path_identifier is an opaque
// string on Infrahub; the sandbox builds a readable one from the same parts.
QJsonObject nodeJson(const DiffNodeData &n) {
    const QString nodePath = QStringLiteral("data/") + n.uuid;
    QJsonObject o;
    putCounts(o, n.counts);
    o.insert(QStringLiteral("uuid"), n.uuid);
    o.insert(QStringLiteral("kind"), n.kind);
    o.insert(QStringLiteral("label"), n.label);
    o.insert(QStringLiteral("status"), diffStatusName(n.status));
    o.insert(QStringLiteral("path_identifier"), nodePath);
    o.insert(QStringLiteral("conflict"), QJsonValue::Null);
    o.insert(QStringLiteral("contains_conflict"), false);
    o.insert(QStringLiteral("last_changed_at"), n.lastChangedAt);
    o.insert(QStringLiteral("parent"), QJsonValue::Null);
    QJsonArray attributes;
    for (const DiffAttributeData &a : n.attributes) {
        const QString path = nodePath + QLatin1Char('/') + a.name;
        QJsonObject ao;
        putCounts(ao, a.counts);
        ao.insert(QStringLiteral("name"), a.name);
        ao.insert(QStringLiteral("last_changed_at"), a.lastChangedAt);
        ao.insert(QStringLiteral("status"), diffStatusName(a.status));
        ao.insert(QStringLiteral("path_identifier"), path);
        QJsonArray properties;
        for (const DiffPropertyData &p : a.properties)
            properties.append(propertyJson(p, path));
        ao.insert(QStringLiteral("properties"), properties);
        ao.insert(QStringLiteral("contains_conflict"), false);
        ao.insert(QStringLiteral("conflict"), QJsonValue::Null);
        attributes.append(ao);
    }
    o.insert(QStringLiteral("attributes"), attributes);
    QJsonArray relationships;
    for (const DiffRelationshipData &r : n.relationships) {
        const QString path = nodePath + QLatin1Char('/') + r.name;
        QJsonObject ro;
        putCounts(ro, r.counts);
        ro.insert(QStringLiteral("name"), r.name);
        ro.insert(QStringLiteral("label"), r.label);
        ro.insert(QStringLiteral("last_changed_at"), r.lastChangedAt);
        ro.insert(QStringLiteral("cardinality"), r.many ? QStringLiteral("MANY") : QStringLiteral("ONE"));
        ro.insert(QStringLiteral("status"), diffStatusName(r.status));
        ro.insert(QStringLiteral("path_identifier"), path);
        ro.insert(QStringLiteral("contains_conflict"), false);
        QJsonArray elements;
        for (const DiffElementData &e : r.elements) {
            const QString elementPath = path + QLatin1Char('/') + e.peerId;
            QJsonObject eo;
            putCounts(eo, e.counts);
            eo.insert(QStringLiteral("last_changed_at"), e.lastChangedAt);
            eo.insert(QStringLiteral("status"), diffStatusName(e.status));
            eo.insert(QStringLiteral("peer_id"), e.peerId);
            eo.insert(QStringLiteral("peer_label"), e.peerLabel);
            eo.insert(QStringLiteral("path_identifier"), elementPath);
            eo.insert(QStringLiteral("contains_conflict"), false);
            eo.insert(QStringLiteral("conflict"), QJsonValue::Null);
            QJsonArray properties;
            for (const DiffPropertyData &p : e.properties)
                properties.append(propertyJson(p, elementPath));
            eo.insert(QStringLiteral("properties"), properties);
            elements.append(eo);
        }
        ro.insert(QStringLiteral("elements"), elements);
        relationships.append(ro);
    }
    o.insert(QStringLiteral("relationships"), relationships);
    return o;
}

// Records that differ between two states of a branch (changes the stored diff does not cover yet).
int changedSince(const QHash<QString, NodeRef> &then, const QHash<QString, NodeRef> &now) {
    int n = 0;
    for (auto it = now.cbegin(); it != now.cend(); ++it)
        if (then.value(it.key()) != it.value())
            ++n;
    for (auto it = then.cbegin(); it != then.cend(); ++it)
        if (!now.contains(it.key()))
            ++n;
    return n;
}

// DiffTreeQueryFilters: {ids, status, kind, namespace}, each of the last three {includes, excludes}.
struct NodeFilters {
    QJsonObject filters;

    static bool passes(const QJsonValue &option, const QString &value) {
        const QJsonObject o = option.toObject();
        const QJsonArray includes = o.value(u"includes").toArray();
        const QJsonArray excludes = o.value(u"excludes").toArray();
        if (!includes.isEmpty() && !includes.contains(value))
            return false;
        return !excludes.contains(value);
    }
    bool matches(const SchemaSet &schema, const DiffNodeData &n) const {
        const QJsonArray ids = filters.value(u"ids").toArray();
        if (!ids.isEmpty() && !ids.contains(n.uuid))
            return false;
        const KindSchema *kind = schema.kind(n.kind);
        return passes(filters.value(u"status"), diffStatusName(n.status)) &&
               passes(filters.value(u"kind"), n.kind) &&
               passes(filters.value(u"namespace"), kind ? kind->ns : QString());
    }
};

} // namespace

DiffResolver::DiffResolver(ExecutionContext &context)
    : m_context(context) {}

BranchState &DiffResolver::targetBranch(const gql::Selection &field, const QString &argumentName) {
    const QJsonValue arg = m_context.argument(field, argumentName);
    const QString name = arg.isString() ? arg.toString() : QStringLiteral("main");
    BranchState *b = m_context.store().branch(name);
    if (!b)
        fail(QStringLiteral("Branch: %1 not found.").arg(name), QStringLiteral("BRANCH_NOT_FOUND"), 400,
             {{QStringLiteral("branch_name"), name}});
    return *b;
}

void DiffResolver::rejectUnsupported(const gql::Selection &field, const QStringList &arguments) {
    for (const QString &name : arguments) {
        const QJsonValue v = m_context.argument(field, name);
        if (!v.isUndefined() && !v.isNull())
            fail(QStringLiteral(
                     "The sandbox does not implement '%1' on diffs: it keeps no history, so it only "
                     "diffs a whole branch from its branch point until now.")
                     .arg(name),
                 QStringLiteral("UNDEFINED_ERROR"), 501);
    }
}

void DiffResolver::writeSelected(const QJsonValue &value, const QString &typeName, const FieldGroup &field,
                                 JsonBuffer &out) {
    if (value.isArray()) {
        JsonArrayStream list(out);
        for (const QJsonValue &item : value.toArray())
            writeSelected(item, typeName, field, list.next());
        list.close();
        return;
    }
    if (!value.isObject()) {
        appendJsonValue(out, value);
        return;
    }
    const QJsonObject object = value.toObject();
    JsonObjectStream stream(out);
    for (const FieldGroup &f : m_context.subFields(field, typeName, {})) {
        if (f.name == kTypename) {
            stream.insertString(f.responseKey, typeName);
            continue;
        }
        const QJsonValue v = object.value(f.name);
        const QString child = childType(typeName, f.name);
        if (child.isEmpty() || v.isNull() || v.isUndefined())
            stream.insert(f.responseKey, v.isUndefined() ? QJsonValue(QJsonValue::Null) : v);
        else
            writeSelected(v, child, f, stream.key(f.responseKey));
    }
    stream.close();
}

void DiffResolver::writeDiffTree(const FieldGroup &field, JsonBuffer &out) {
    const gql::Selection &s = field.first();
    rejectUnsupported(s, {QStringLiteral("name"), QStringLiteral("from_time"), QStringLiteral("to_time")});
    BranchState &branch = targetBranch(s, QStringLiteral("branch"));
    if (!branch.diff) {
        out += kJsonNull; // no diff computed yet: Infrahub answers null too
        return;
    }
    const BranchDiffData diff = computeBranchDiff(m_context.store(), branch, *branch.diff);

    NodeFilters filters{m_context.argument(s, QStringLiteral("filters")).toObject()};
    // root_node_uuids is the deprecated form of filters.ids; Infrahub merges the two.
    const QJsonArray rootIds = m_context.argument(s, QStringLiteral("root_node_uuids")).toArray();
    if (!rootIds.isEmpty()) {
        QJsonArray ids = filters.filters.value(u"ids").toArray();
        for (const QJsonValue &id : rootIds)
            ids.append(id);
        filters.filters.insert(QStringLiteral("ids"), ids);
    }
    const QJsonValue offsetArg = m_context.argument(s, QStringLiteral("offset"));
    const QJsonValue limitArg = m_context.argument(s, QStringLiteral("limit"));
    const int offset = offsetArg.isDouble() ? std::max(0, offsetArg.toInt()) : 0;
    const int limit = limitArg.isDouble() ? std::max(0, limitArg.toInt()) : -1;

    QJsonArray nodes;
    int matched = 0;
    for (const DiffNodeData &n : diff.nodes) {
        if (!filters.matches(m_context.schema(), n))
            continue;
        if (matched++ < offset)
            continue;
        if (limit >= 0 && nodes.size() >= limit)
            break;
        nodes.append(nodeJson(n));
    }
    const BranchState *origin = m_context.store().branch(diff.baseBranch);
    QJsonObject tree;
    putCounts(tree, diff.counts);
    tree.insert(QStringLiteral("base_branch"), diff.baseBranch);
    tree.insert(QStringLiteral("diff_branch"), diff.diffBranch);
    tree.insert(QStringLiteral("from_time"), diff.fromTime);
    tree.insert(QStringLiteral("to_time"), diff.toTime);
    tree.insert(QStringLiteral("num_untracked_base_changes"),
                origin ? changedSince(branch.diff->base, origin->nodes) : 0);
    tree.insert(QStringLiteral("num_untracked_diff_changes"), changedSince(branch.diff->nodes, branch.nodes));
    tree.insert(QStringLiteral("name"), QJsonValue::Null);
    tree.insert(QStringLiteral("nodes"), nodes);
    writeSelected(tree, QStringLiteral("DiffTree"), field, out);
}

void DiffResolver::writeDiffTreeSummary(const FieldGroup &field, JsonBuffer &out) {
    const gql::Selection &s = field.first();
    rejectUnsupported(s, {QStringLiteral("name"), QStringLiteral("from_time"), QStringLiteral("to_time")});
    BranchState &branch = targetBranch(s, QStringLiteral("branch"));
    if (!branch.diff) {
        out += kJsonNull;
        return;
    }
    const BranchDiffData diff = computeBranchDiff(m_context.store(), branch, *branch.diff);
    const NodeFilters filters{m_context.argument(s, QStringLiteral("filters")).toObject()};
    DiffCounts counts;
    for (const DiffNodeData &n : diff.nodes)
        if (filters.matches(m_context.schema(), n))
            counts.count(n.status);
    const BranchState *origin = m_context.store().branch(diff.baseBranch);
    QJsonObject summary;
    putCounts(summary, counts);
    summary.insert(QStringLiteral("base_branch"), diff.baseBranch);
    summary.insert(QStringLiteral("diff_branch"), diff.diffBranch);
    summary.insert(QStringLiteral("from_time"), diff.fromTime);
    summary.insert(QStringLiteral("to_time"), diff.toTime);
    summary.insert(QStringLiteral("num_unchanged"), 0); // the sandbox adds no UNCHANGED parent nodes
    summary.insert(QStringLiteral("num_untracked_base_changes"),
                   origin ? changedSince(branch.diff->base, origin->nodes) : 0);
    summary.insert(QStringLiteral("num_untracked_diff_changes"),
                   changedSince(branch.diff->nodes, branch.nodes));
    writeSelected(summary, QStringLiteral("DiffTreeSummary"), field, out);
}

QByteArray DiffResolver::diffUpdate(const FieldGroup &field) {
    const gql::Selection &s = field.first();
    const QJsonObject data = m_context.argument(s, QStringLiteral("data")).toObject();
    for (const char *unsupported : {"name", "from_time", "to_time"})
        if (const QJsonValue v = data.value(QLatin1String(unsupported)); !v.isUndefined() && !v.isNull())
            fail(QStringLiteral(
                     "The sandbox does not implement '%1' on diffs: it keeps no history, so it only "
                     "diffs a whole branch from its branch point until now.")
                     .arg(QLatin1String(unsupported)),
                 QStringLiteral("UNDEFINED_ERROR"), 501);
    const QString name = data.value(u"branch").toString();
    BranchState *branch = m_context.store().branch(name);
    if (!branch)
        fail(QStringLiteral("Branch: %1 not found.").arg(name), QStringLiteral("BRANCH_NOT_FOUND"), 400,
             {{QStringLiteral("branch_name"), name}});
    // The default branch has nothing to diff against; Infrahub tracks no diff for it either.
    if (!branch->info.isDefault)
        branch->diff =
            BranchDiffSnapshot{branch->nodes, branch->base, branch->info.branchedFrom, SandboxStore::now()};
    JsonObjectWriter out;
    for (const FieldGroup &f :
         m_context.collectFields(field.subSelections(), QStringLiteral("DiffUpdateMutation"), {})) {
        if (f.name == u"ok")
            out.insert(f.responseKey, true);
        else if (f.name == kTypename)
            out.insert(f.responseKey, QStringLiteral("DiffUpdateMutation"));
        else
            out.insert(f.responseKey, QJsonValue::Null); // task: the sandbox computes the diff synchronously
    }
    return out.finish();
}

} // namespace infrahub::sandbox
