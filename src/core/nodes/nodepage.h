// One page of a list query's answer, `{"<Kind>": {"count": N, "edges": [{"node": {...}}, ...]}}`, as the
// total count and the parsed nodes; and the `get` rule on top of it: exactly one node, or a clear
// "not found" / "more than one" error.
#pragma once

#include "core/client/infrahuberror.h"
#include "core/schema/schemamodel.h"
#include "node.h"

#include <QJsonObject>
#include <QList>

#include <memory>

namespace infrahub {

struct NodePage {
    int count = 0;     // how many nodes match the filters in total (not the page size)
    QList<Node> nodes; // this page's nodes

    // Reads `data` (the response's `data` object) for the root field `kind`. A missing or malformed
    // `<kind>` key or an edge without a node is an error; a missing `count` is taken from the edges (some
    // SDK fixtures and older servers leave it out when it was not selected).
    static Result<NodePage> fromData(const QJsonObject &data, const QString &kind,
                                     std::shared_ptr<const SchemaSet> schema);

    // The page's only node. No node: NotFound "No InfraDevice found with name__value 'x'."; more than one:
    // "2 InfraDevice nodes match ...; expected exactly one." `lookup` describes what was looked for
    // (NodeLookup::describe()).
    Result<Node> single(const QString &kind, const QString &lookup) const;
};

} // namespace infrahub
