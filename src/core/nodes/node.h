// A node of the Infrahub graph as the console works with it: parsed from a query's `node` object, edited
// field by field with change tracking, validated against its schema, and written back with an Update that
// carries only what changed. A Node shares the SchemaSet it was read with (one shared_ptr for all nodes),
// so it stays valid on its own and knows its kind's attributes, relationships and their peers.
//
//   Node n = Node::fromJson(nodeObject, schema, u"InfraDevice"_s).value();
//   n.setAttribute(u"description"_s, u"spine in row 3"_s);
//   n.setRelationship(u"site"_s, {RelatedNode::fromId(siteId)});
//   auto request = n.toUpdateRequest(); // InfraDeviceUpdate(data: {id, description, site}) only
//   // ... once the server confirmed it:
//   n.markClean();
#pragma once

#include "attributevalue.h"
#include "core/client/infrahuberror.h"
#include "core/query/graphqlrequest.h"
#include "core/query/mutationrenderer.h"
#include "core/query/nodedata.h"
#include "core/schema/schemamodel.h"
#include "fielderror.h"
#include "relationshipvalue.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace infrahub {

class Node {
public:
    Node() = default; // an invalid node; isValid() is false

    // Parses a `node` object of a query response. `queriedKind` is the kind that was queried: for a generic
    // (InfraInterface, CoreNode) the node's own kind comes from `__typename` when the schema knows it. Keys
    // the schema does not know are ignored and missing fields are simply not loaded, so answers of newer
    // and older servers parse alike. Errors: no `id`, or no kind the schema knows.
    static Result<Node> fromJson(const QJsonObject &node, std::shared_ptr<const SchemaSet> schema,
                                 const QString &queriedKind = {});
    // A new, unsaved node of `kind` (a node kind, not a generic): set its fields, then toCreateRequest().
    static Result<Node> create(std::shared_ptr<const SchemaSet> schema, const QString &kind);

    bool isValid() const { return m_kind != nullptr; }
    bool isNew() const { return m_id.isEmpty(); }
    QString id() const { return m_id; }
    QString kind() const;
    QStringList hfid() const { return m_hfid; }
    QString displayLabel() const { return m_displayLabel; }
    const KindSchema *kindSchema() const { return m_kind; }
    const std::shared_ptr<const SchemaSet> &schema() const { return m_schema; }

    // Attributes that were loaded or set, in schema order.
    QStringList attributeNames() const;
    const AttributeValue *attribute(const QString &name) const;
    // The attribute's value; undefined when it was not loaded.
    QJsonValue value(const QString &name) const;

    // Relationships that were loaded or set, in schema order.
    QStringList relationshipNames() const;
    const RelationshipValue *relationship(const QString &name) const;
    QList<RelatedNode> peers(const QString &name) const;

    // Change a field. Refused (false, with the reason in *error) for names the kind does not have,
    // read-only fields, relationships to kinds the API does not expose, more than one peer on a
    // cardinality-one relationship, and peers without id or hfid. Values themselves are checked by
    // validate(), so a form can hold an invalid value while the user types.
    bool setAttribute(const QString &name, const QJsonValue &value, QString *error = nullptr);
    bool setRelationship(const QString &name, const QList<RelatedNode> &peers, QString *error = nullptr);

    bool isDirty() const { return !changedAttributes().isEmpty() || !changedRelationships().isEmpty(); }
    // Fields whose value differs from the one loaded (or last marked clean); setting a field back to its
    // loaded value makes it clean again. Relationship peers compare by id (or kind + hfid), order-blind.
    QStringList changedAttributes() const;
    QStringList changedRelationships() const;
    // The current values become the reference, e.g. after a successful Update.
    void markClean();
    // After a successful Create: the id the server gave the node.
    void setId(const QString &id) { m_id = id; }

    // Every loaded or set value checked against the schema, plus (new nodes) the required fields.
    QList<FieldError> validate() const;
    // Only the changed fields.
    QList<FieldError> validateChanges() const;

    // The changed fields, with the node's id (or hfid when it has no id).
    NodeData changes() const;
    // `<Kind>Update` with the changed fields only; an error when nothing changed, the node is new or a
    // changed value is invalid.
    Result<GraphQLRequest> toUpdateRequest(const MutationOptions &options = {}) const;
    // `<Kind>Create` with every field that was set; an error when a value is invalid or a required field is
    // missing.
    Result<GraphQLRequest> toCreateRequest(const MutationOptions &options = {}) const;

private:
    friend class NodeParser;
    friend class NodePageReader;

    // One loaded or set field, at its position in the kind's schema (entries are kept in schema order).
    // The clean value lives next to the current one: the change tracking compares the two without any
    // per-node hash tables (a page of 50 nodes used to allocate four QHash spans per node).
    struct AttributeEntry {
        qsizetype index = -1; // in m_kind->attributes
        AttributeValue current;
        std::optional<QJsonValue> clean;
    };
    struct RelationshipEntry {
        qsizetype index = -1; // in m_kind->relationships
        RelationshipValue current;
        std::optional<QList<RelatedNode>> cleanPeers; // compared by identity, order-blind when many
        bool cleanMany = false;
    };

    static QStringList identities(const QList<RelatedNode> &peers, bool many);
    QList<FieldError> validateAttributes(const QStringList &names) const;
    const AttributeEntry *attributeEntry(const QString &name) const;
    const RelationshipEntry *relationshipEntry(const QString &name) const;
    // The entry for the schema's field `index`, created (unloaded, not clean) when missing.
    AttributeValue &attributeSlot(qsizetype index);
    RelationshipValue &relationshipSlot(qsizetype index);
    void removeAttributeSlot(qsizetype index);
    void removeRelationshipSlot(qsizetype index);

    std::shared_ptr<const SchemaSet> m_schema;
    const KindSchema *m_kind = nullptr; // points into *m_schema
    QString m_id;
    QStringList m_hfid;
    QString m_displayLabel;
    QList<AttributeEntry> m_attributes;
    QList<RelationshipEntry> m_relationships;
};

} // namespace infrahub
