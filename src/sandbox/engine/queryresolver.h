// Resolves read fields against the store: kind lists (`Paginated<Kind>` with count/edges/permissions),
// nodes (id, hfid, display_label, attributes with metadata, relationships of cardinality one and many with
// nested pagination), `Branch` and `InfrahubInfo`. Mutations reuse it to render their `object`.
#pragma once

#include "executioncontext.h"
#include "jsonwriter.h"
#include "nodefilter.h"

#include <unordered_map>

namespace infrahub::sandbox {

// The version the sandbox reports in `/api/info` and `InfrahubInfo`: the Infrahub release whose GraphQL
// schema (the SDL subset in third_party/) it imitates.
inline constexpr const char *kImitatedInfrahubVersion = "1.2.0";

// GraphQL type name of an attribute kind's value object (Text -> TextAttribute, Dropdown -> Dropdown...).
QString attributeTypeName(const QString &attributeKind);

// Every resolver writes its value's JSON text in place into the response buffer it is given (one buffer
// per root field); the QByteArray-returning entry points are for callers that need a value on its own.
class QueryResolver {
public:
    explicit QueryResolver(ExecutionContext &context);

    // A root field's value, written at the end of `out`.
    void writeQueryField(const FieldGroup &field, JsonBuffer &out);
    QByteArray resolveNode(const NodeRecord &node, const QList<const gql::SelectionSet *> &selections);
    QByteArray resolveBranch(const BranchState &branch, const QList<const gql::SelectionSet *> &selections);
    // The node's own kind's generics plus CoreNode (the interfaces its GraphQL type implements).
    const QStringList &nodeInterfaces(const QString &kind);

private:
    // `kind` is the node's kind's schema (null: unknown kind, written as an empty object).
    void writeNode(const NodeRecord &node, const KindSchema *kind, const QList<FieldGroup> &fields,
                   JsonBuffer &out);
    // The node as the sub-selection of `field` (a field from collectFields()) asks for it.
    void writeNode(const NodeRecord &node, const FieldGroup &field, JsonBuffer &out);
    void writeBranch(const BranchState &branch, const QList<const gql::SelectionSet *> &selections,
                     JsonBuffer &out);
    void writeKindList(const KindSchema &kind, const FieldGroup &field, JsonBuffer &out);
    struct FieldTarget;
    void writeAttribute(const NodeRecord &node, const FieldTarget &target, const FieldGroup &field,
                        JsonBuffer &out);
    void writeRelationshipOne(const NodeRecord &node, const FieldTarget &target, const FieldGroup &field,
                              JsonBuffer &out);
    // A node's id, display label and hfid as JSON text, from the record's cache when it has them.
    void appendId(JsonBuffer &out, const NodeRecord &node);
    void appendDisplayLabel(JsonBuffer &out, const NodeRecord &node);
    void appendHfid(JsonBuffer &out, const NodeRecord &node);
    void writeHierarchy(const NodeRecord &node, const QString &fieldName, const FieldGroup &field,
                        JsonBuffer &out);
    // Peers of a many relationship (or a hierarchy), with their edges when the relationship has them.
    void writePeerList(const QStringList &peerIds, const QList<RelationshipEdge> &edges,
                       const QString &peerKind, const FieldGroup &field, JsonBuffer &out);
    void writeEdgeProperties(const RelationshipEdge *edge, const FieldGroup &field, JsonBuffer &out);
    void writeLineage(const QString &id, const FieldGroup &field, JsonBuffer &out);
    void writePermissions(const QString &kind, const FieldGroup &field, JsonBuffer &out);
    void writeInfo(const FieldGroup &field, JsonBuffer &out);

    // What a node field names in its kind's schema (neither: id, hfid, hierarchy... or unknown), with
    // the GraphQL type names its value is written as, worked out once per query field.
    struct FieldTarget {
        const AttributeSchema *attribute = nullptr;
        const RelationshipSchema *relationship = nullptr;
        const KindSchema *kind = nullptr; // the kind the field was collected for
        qsizetype index = -1;             // of the attribute or relationship in that kind's schema
        QString valueType; // attribute: TextAttribute, Dropdown...; relationship of one: NestedEdged<Peer>
        const QList<FieldGroup> *valueFields = nullptr; // the sub-fields of that object
        bool dropdown = false;
        bool ipHost = false;
        bool ipNetwork = false;
    };
    const FieldTarget &fieldTarget(const KindSchema &kind, const FieldGroup &field);

    ExecutionContext &m_context;
    QHash<QString, QStringList> m_interfaces; // nodeInterfaces() per kind, for this execution
    // fieldTarget() per collected field; an unordered_map because references to its values must survive
    // the insertions that nested fields make while an outer one is being written.
    std::unordered_map<const FieldGroup *, FieldTarget> m_targets;
    // writeNode(node, field): the last node kind each field was written for, with that kind's schema and
    // collected sub-fields. A page's nodes (and the peers of one relationship) are nearly always of one
    // kind, so this spares hashing the kind name three times per node.
    struct NodeFields {
        QString kind;
        const KindSchema *schema = nullptr;
        const QList<FieldGroup> *fields = nullptr;
    };
    std::unordered_map<const FieldGroup *, NodeFields> m_nodeFields;
    // writePeerList(): per field, what depends only on the field and the peer kind (the arguments, read
    // into a filter, and the wrapper and edge types with their sub-fields), kept for the last peer kind.
    struct PeerListPlan {
        QString peerKind;
        const KindSchema *peerSchema = nullptr;
        NodeFilter filter;
        QStringList orderBy;
        QString wrapper;
        QString edgeType;
        const QList<FieldGroup> *wrapperFields = nullptr;
    };
    const PeerListPlan &peerListPlan(const QString &peerKind, const FieldGroup &field);

    std::unordered_map<const FieldGroup *, PeerListPlan> m_peerLists;
};

} // namespace infrahub::sandbox
