// Renders the read queries of the client from the schema: a page or all nodes of a kind (with the SDK's
// default selection or the caller's), one node by id / hfid / default filter, and counts. Nothing is sent
// here; the result is a GraphQLRequest or an error that names the kind and what was wrong with the request.
//
//   QueryRenderer renderer(schema);
//   QueryOptions options;
//   options.filters = {{"site__name__value", "atl1"}};
//   options.limit = 50;
//   auto request = renderer.list("InfraDevice", options);     // query Filters_InfraDevice { ... }
#pragma once

#include "core/client/infrahuberror.h"
#include "core/schema/schemamodel.h"
#include "graphqlrequest.h"
#include "nodelookup.h"
#include "queryoptions.h"
#include "variableset.h"

namespace infrahub {

class QueryRenderer {
public:
    // The schema must outlive the renderer.
    explicit QueryRenderer(const SchemaSet &schema)
        : m_schema(schema) {}

    // `query Filters_<Kind>` (`All_<Kind>` when there are no filters):
    // `<Kind>(<offset, limit, order, filters>) { count edges { node { <selection> } } }`.
    Result<GraphQLRequest> list(const QString &kind, const QueryOptions &options = {}) const;

    // `query Get_<Kind>`: the list query restricted by `lookup` (on top of options.filters). Without an
    // explicit limit it asks for 2 nodes: enough for NodePage::single() to tell "one" from "more than one"
    // while `count` still reports how many matched.
    Result<GraphQLRequest> get(const QString &kind, const NodeLookup &lookup,
                               QueryOptions options = {}) const;

    // `query Count_<Kind> { <Kind>(<filters>) { count } }`, the first request of concurrent pagination.
    Result<GraphQLRequest> count(const QString &kind, const QJsonObject &filters = {}) const;

    // The filter that `lookup` stands for on `kind` ({"ids": [id]}, {"hfid": [...]} or
    // {"name__value": value}), or an error when the kind cannot be looked up that way.
    Result<QJsonObject> lookupFilter(const KindSchema &kind, const NodeLookup &lookup) const;

private:
    Result<GraphQLRequest> render(const QString &operationPrefix, const QString &kind,
                                  const QueryOptions &options, bool countOnly) const;
    Result<QString> renderArguments(const KindSchema &kind, const QueryOptions &options,
                                    VariableSet &variables) const;

    const SchemaSet &m_schema;
};

} // namespace infrahub
