// Reads a `node` object of a query answer into a Node. Tolerant by design: the shape of a relationship
// decides how it is read (`{node, properties}` for one peer, `{count, edges}` for many), keys the schema
// does not know are skipped and fields that are absent are simply not loaded, so answers from older and
// newer servers, and from partial selections, parse alike.
#pragma once

#include "core/client/infrahuberror.h"
#include "core/schema/schemamodel.h"
#include "node.h"

#include <QJsonObject>

#include <memory>

namespace infrahub {

class NodeParser {
public:
    static Result<Node> parse(const QJsonObject &object, std::shared_ptr<const SchemaSet> schema,
                              const QString &queriedKind);

private:
    static RelationshipValue parseRelationship(const QJsonValue &value, bool schemaSaysMany);
};

} // namespace infrahub
