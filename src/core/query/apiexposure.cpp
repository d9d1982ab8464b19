#include "apiexposure.h"

#include "graphqlnames.h"

namespace infrahub {

const KindSchema *exposedKind(const SchemaSet &schema, const QString &kind) {
    const KindSchema *k = schema.kind(kind);
    if (!k || k->ns == u"Internal" || !isGraphQLName(k->kind))
        return nullptr;
    return k;
}

const KindSchema *exposedPeer(const SchemaSet &schema, const RelationshipSchema &relationship) {
    if (!isGraphQLName(relationship.name))
        return nullptr;
    return exposedKind(schema, relationship.peer);
}

bool isExposedAttribute(const AttributeSchema &attribute) {
    return isGraphQLName(attribute.name);
}

} // namespace infrahub
