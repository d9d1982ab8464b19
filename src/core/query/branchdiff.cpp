#include "branchdiff.h"

#include "graphqlinputtype.h"
#include "inputvalue.h"
#include "operationrequest.h"
#include "requesterrors.h"
#include "selectionset.h"
#include "variableset.h"

#include <QJsonArray>

namespace infrahub {

namespace {

Result<QString> renderBranch(const QString &branch, VariableSet &variables) {
    if (branch.isEmpty())
        return invalidRequestError(QStringLiteral("Branch diff: no branch given."));
    Result<QString> text =
        renderInputValue(branch, GraphQLInputType::named(QStringLiteral("String")), variables);
    if (!text)
        return invalidRequestError(QStringLiteral("Branch name: ") + text.error().message);
    return text;
}

SelectionSet fields(std::initializer_list<const char *> names) {
    SelectionSet s;
    for (const char *n : names)
        s.addField(QString::fromLatin1(n));
    return s;
}

std::optional<QString> optionalString(const QJsonValue &v) {
    return v.isString() ? std::optional<QString>(v.toString()) : std::nullopt;
}

// The property of a given type in a `properties` list (HAS_VALUE for an attribute's value, IS_RELATED for
// a relationship's peer).
QJsonObject propertyOf(const QJsonValue &properties, QStringView type) {
    for (const QJsonValue &p : properties.toArray())
        if (p.toObject().value(u"property_type").toString() == type)
            return p.toObject();
    return {};
}

} // namespace

DiffAction diffActionFromName(const QString &name) {
    if (name == u"ADDED")
        return DiffAction::Added;
    if (name == u"UPDATED")
        return DiffAction::Updated;
    if (name == u"REMOVED")
        return DiffAction::Removed;
    return DiffAction::Unchanged;
}

Result<GraphQLRequest> BranchDiffRequests::update(const QString &branch) {
    VariableSet variables;
    const Result<QString> b = renderBranch(branch, variables);
    if (!b)
        return b.error();
    SelectionSet root;
    root.addObject(QStringLiteral("DiffUpdate(data: {branch: ") + b.value() +
                       QStringLiteral("}, wait_until_completion: true)"),
                   fields({"ok"}));
    return operationRequest(QStringLiteral("mutation"), QStringLiteral("DiffUpdate"), root, variables);
}

Result<GraphQLRequest> BranchDiffRequests::tree(const QString &branch) {
    VariableSet variables;
    const Result<QString> b = renderBranch(branch, variables);
    if (!b)
        return b.error();
    // Only what the console shows: no conflicts, timestamps or path identifiers per element.
    SelectionSet attribute = fields({"name", "status"});
    attribute.addObject(QStringLiteral("properties"),
                        fields({"property_type", "previous_value", "new_value", "status"}));
    SelectionSet element = fields({"peer_id", "peer_label", "status"});
    element.addObject(QStringLiteral("properties"), fields({"property_type", "previous_value", "new_value",
                                                            "previous_label", "new_label", "status"}));
    SelectionSet relationship = fields({"name", "label", "cardinality", "status"});
    relationship.addObject(QStringLiteral("elements"), std::move(element));
    SelectionSet node = fields({"uuid", "kind", "label", "status"});
    node.addObject(QStringLiteral("attributes"), std::move(attribute));
    node.addObject(QStringLiteral("relationships"), std::move(relationship));
    SelectionSet tree = fields({"base_branch", "diff_branch", "from_time", "to_time", "num_added",
                                "num_updated", "num_removed", "num_conflicts"});
    tree.addObject(QStringLiteral("nodes"), std::move(node));
    SelectionSet root;
    root.addObject(QStringLiteral("DiffTree(branch: ") + b.value() + QLatin1Char(')'), std::move(tree));
    return operationRequest(QStringLiteral("query"), QStringLiteral("DiffTree"), root, variables);
}

Result<BranchDiff> BranchDiff::fromData(const QJsonObject &data, const QString &branch) {
    const QJsonValue treeValue = data.value(u"DiffTree");
    BranchDiff diff;
    diff.branch = branch;
    if (treeValue.isNull())
        return diff;
    if (!treeValue.isObject())
        return InfrahubError::make(InfrahubError::Kind::Protocol,
                                   QStringLiteral("The DiffTree answer is not an object."));
    const QJsonObject tree = treeValue.toObject();
    diff.baseBranch = tree.value(u"base_branch").toString();
    diff.branch = tree.value(u"diff_branch").toString(branch);
    diff.fromTime = tree.value(u"from_time").toString();
    diff.toTime = tree.value(u"to_time").toString();
    diff.added = tree.value(u"num_added").toInt();
    diff.updated = tree.value(u"num_updated").toInt();
    diff.removed = tree.value(u"num_removed").toInt();
    diff.conflicts = tree.value(u"num_conflicts").toInt();
    for (const QJsonValue &nv : tree.value(u"nodes").toArray()) {
        const QJsonObject n = nv.toObject();
        DiffNodeChange node;
        node.id = n.value(u"uuid").toString();
        node.kind = n.value(u"kind").toString();
        node.label = n.value(u"label").toString();
        node.action = diffActionFromName(n.value(u"status").toString());
        if (node.id.isEmpty() || node.kind.isEmpty())
            return InfrahubError::make(InfrahubError::Kind::Protocol,
                                       QStringLiteral("A DiffTree node has no uuid or kind."));
        // Parents Infrahub adds for context are UNCHANGED: they are not changes of this branch.
        if (node.action == DiffAction::Unchanged)
            continue;
        for (const QJsonValue &av : n.value(u"attributes").toArray()) {
            const QJsonObject a = av.toObject();
            DiffAttributeChange change;
            change.name = a.value(u"name").toString();
            change.action = diffActionFromName(a.value(u"status").toString());
            const QJsonObject value = propertyOf(a.value(u"properties"), u"HAS_VALUE");
            // An attribute whose metadata alone changed keeps its value on both sides.
            if (value.isEmpty())
                continue;
            change.previousValue = optionalString(value.value(u"previous_value"));
            change.newValue = optionalString(value.value(u"new_value"));
            node.attributes.append(std::move(change));
        }
        for (const QJsonValue &rv : n.value(u"relationships").toArray()) {
            const QJsonObject r = rv.toObject();
            DiffRelationshipChange change;
            change.name = r.value(u"name").toString();
            change.label = r.value(u"label").toString();
            change.many = r.value(u"cardinality").toString() != u"ONE";
            change.action = diffActionFromName(r.value(u"status").toString());
            for (const QJsonValue &ev : r.value(u"elements").toArray()) {
                const QJsonObject e = ev.toObject();
                DiffPeerChange peer;
                peer.peerId = e.value(u"peer_id").toString();
                peer.peerLabel = e.value(u"peer_label").toString();
                peer.action = diffActionFromName(e.value(u"status").toString());
                const QJsonObject related = propertyOf(e.value(u"properties"), u"IS_RELATED");
                if (peer.action == DiffAction::Updated && !related.isEmpty()) {
                    peer.previousPeerId = related.value(u"previous_value").toString();
                    peer.previousPeerLabel = related.value(u"previous_label").toString();
                }
                change.peers.append(std::move(peer));
            }
            node.relationships.append(std::move(change));
        }
        diff.nodes.append(std::move(node));
    }
    return diff;
}

} // namespace infrahub
