// Renders the node mutations from the schema: <Kind>Create, <Kind>Update (only the fields given),
// <Kind>Upsert, <Kind>Delete and the incremental RelationshipAdd / RelationshipRemove. Before anything is
// rendered the data is checked against the schema: unknown or read-only attributes and relationships are
// refused, required ones must be present (Create: not optional and no default; Upsert: what the server's
// Upsert input marks non-null), values must fit the attribute's GraphQL type. Attribute values go in as
// `{value: ...}`, peers as `{id: ...}` or `{hfid: [...]}`; unsafe strings travel as variables.
//
//   MutationRenderer renderer(schema);
//   NodeData data;
//   data.attributes = {{"name", "atl1-leaf1"}, {"type", "7280R3"}};
//   data.relationships["site"] = {RelatedNode::fromId(siteId)};
//   auto request = renderer.create("InfraDevice", data);   // mutation Create_InfraDevice {
//   InfraDeviceCreate(...) }
#pragma once

#include <functional>

#include "core/client/infrahuberror.h"
#include "core/schema/schemamodel.h"
#include "graphqlrequest.h"
#include "nodedata.h"
#include "nodelookup.h"
#include "nodeselection.h"

namespace infrahub {

class VariableSet;

struct MutationOptions {
    // Select the whole node (buildNodeSelection() with `selection`) under `object`, to refresh a view
    // from the answer; by default `object { id hfid display_label __typename }`.
    bool returnFullObject = false;
    SelectionOptions selection;
};

class MutationRenderer {
public:
    // A rendering step chosen by the caller, applied once the schema is at hand.
    using Render = std::function<Result<GraphQLRequest>(const MutationRenderer &)>;

    // The schema must outlive the renderer.
    explicit MutationRenderer(const SchemaSet &schema)
        : m_schema(schema) {}

    Result<GraphQLRequest> create(const QString &kind, const NodeData &data,
                                  const MutationOptions &options = {}) const;
    // Needs data.id or data.hfid and at least one field to change.
    Result<GraphQLRequest> update(const QString &kind, const NodeData &data,
                                  const MutationOptions &options = {}) const;
    // The server looks the node up by id, then hfid, then default filter, and updates or creates it.
    Result<GraphQLRequest> upsert(const QString &kind, const NodeData &data,
                                  const MutationOptions &options = {}) const;
    // `<Kind>Delete(data: {id | hfid}) { ok }`; `target` is by id or by hfid.
    Result<GraphQLRequest> remove(const QString &kind, const NodeLookup &target) const;

    // `RelationshipAdd(data: {id, name, nodes: [...]}) { ok }`: adds peers to a cardinality-many relationship
    // of the node `nodeId` (of `kind`) without replacing the others.
    Result<GraphQLRequest> relationshipAdd(const QString &kind, const QString &nodeId,
                                           const QString &relationship,
                                           const QList<RelatedNode> &peers) const;
    Result<GraphQLRequest> relationshipRemove(const QString &kind, const QString &nodeId,
                                              const QString &relationship,
                                              const QList<RelatedNode> &peers) const;

    // The input type Infrahub uses for a relationship in mutation inputs: RelatedIPAddressNodeInput for IP
    // address peers (by id only, no hfid), RelatedPrefixNodeInput for IP prefix peers (no `kind`),
    // RelatedNodeInput otherwise.
    static QString relatedInputType(const SchemaSet &schema, const RelationshipSchema &relationship);

private:
    enum class Action { Create, Update, Upsert };
    Result<GraphQLRequest> renderNodeMutation(Action action, const QString &kind, const NodeData &data,
                                              const MutationOptions &options) const;
    Result<QString> renderPeer(const KindSchema &kind, const RelationshipSchema &rel,
                               const QString &inputType, const RelatedNode &peer,
                               VariableSet &variables) const;
    Result<GraphQLRequest> renderRelationshipEdit(const QString &mutation, const QString &kind,
                                                  const QString &nodeId, const QString &relationship,
                                                  const QList<RelatedNode> &peers) const;

    const SchemaSet &m_schema;
};

} // namespace infrahub
