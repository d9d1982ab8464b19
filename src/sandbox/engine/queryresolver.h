// Resolves read fields against the store: kind lists (`Paginated<Kind>` with count/edges/permissions),
// nodes (id, hfid, display_label, attributes with metadata, relationships of cardinality one and many with
// nested pagination), `Branch` and `InfrahubInfo`. Mutations reuse it to render their `object`.
#pragma once

#include "executioncontext.h"
#include "jsonwriter.h"
#include "nodefilter.h"

namespace infrahub::sandbox {

// The version the sandbox reports in `/api/info` and `InfrahubInfo`: the Infrahub release whose GraphQL
// schema (the SDL subset in third_party/) it imitates.
inline constexpr const char *kImitatedInfrahubVersion = "1.2.0";

// GraphQL type name of an attribute kind's value object (Text -> TextAttribute, Dropdown -> Dropdown...).
QString attributeTypeName(const QString &attributeKind);

class QueryResolver {
public:
    explicit QueryResolver(ExecutionContext &context);

    QByteArray resolveQueryField(const FieldGroup &field);
    QByteArray resolveNode(const NodeRecord &node, const QList<const gql::SelectionSet *> &selections);
    QByteArray resolveBranch(const BranchState &branch, const QList<const gql::SelectionSet *> &selections);
    QStringList nodeInterfaces(const QString &kind) const;

private:
    QByteArray resolveKindList(const KindSchema &kind, const FieldGroup &field);
    QByteArray resolveAttribute(const NodeRecord &node, const AttributeSchema &attribute,
                                const FieldGroup &field);
    QByteArray resolveRelationshipOne(const NodeRecord &node, const RelationshipSchema &rel,
                                      const FieldGroup &field);
    QByteArray resolveRelationshipMany(const NodeRecord &node, const RelationshipSchema &rel,
                                       const FieldGroup &field);
    QByteArray resolveHierarchy(const NodeRecord &node, const QString &fieldName, const FieldGroup &field);
    QByteArray resolvePeerList(const QStringList &peerIds, const QHash<QString, RelationshipEdge> &edges,
                               const QString &peerKind, const FieldGroup &field);
    QByteArray resolveEdgeProperties(const RelationshipEdge *edge, const FieldGroup &field);
    QByteArray resolveLineage(const QString &id, const FieldGroup &field);
    QByteArray resolvePermissions(const QString &kind, const FieldGroup &field);
    QByteArray resolveInfo(const FieldGroup &field);

    ExecutionContext &m_context;
};

} // namespace infrahub::sandbox
