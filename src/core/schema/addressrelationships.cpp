#include "addressrelationships.h"

#include <algorithm>

namespace infrahub::addressrelationships {

QStringList addressKinds(const SchemaSet &schema) {
    QStringList kinds;
    for (const KindSchema *k : schema.nodes())
        for (const AttributeSchema &a : k->attributes)
            if (a.kind == u"IPHost") {
                kinds.append(k->kind);
                break;
            }
    return kinds;
}

bool pointsAtAddress(const SchemaSet &schema, const RelationshipSchema &relationship,
                     const QStringList &addressKinds) {
    return !relationship.isMany() &&
           std::any_of(addressKinds.cbegin(), addressKinds.cend(),
                       [&](const QString &a) { return schema.isKindOf(a, relationship.peer); });
}

const RelationshipSchema *addressRelationship(const SchemaSet &schema, const KindSchema &kind,
                                              const QStringList &addressKinds,
                                              const RelationshipSchema *except) {
    for (const RelationshipSchema &r : kind.relationships)
        if (&r != except && pointsAtAddress(schema, r, addressKinds))
            return &r;
    return nullptr;
}

const RelationshipSchema *relationshipTo(const SchemaSet &schema, const KindSchema &kind,
                                         const QString &target) {
    for (const RelationshipSchema &r : kind.relationships)
        if (!r.isMany() && schema.isKindOf(target, r.peer))
            return &r;
    return nullptr;
}

QString hostOf(const QString &addressText) {
    return addressText.section(u'/', 0, 0).trimmed();
}

} // namespace infrahub::addressrelationships
