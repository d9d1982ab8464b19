#include "nodeparser.h"

#include <QJsonArray>

namespace infrahub {

namespace {

RelatedNode peerFrom(const QJsonObject &edge) {
    RelatedNode peer = RelatedNode::fromJson(edge.value(u"node").toObject());
    if (edge.value(u"properties").isObject())
        peer.properties = ValueMetadata::fromJson(edge.value(u"properties").toObject());
    return peer;
}

} // namespace

RelationshipValue NodeParser::parseRelationship(const QJsonValue &value, bool schemaSaysMany) {
    RelationshipValue r;
    r.many = schemaSaysMany;
    const QJsonObject o = value.toObject();
    if (o.contains(u"edges") || (!o.contains(u"node") && schemaSaysMany && value.isObject())) {
        r.many = true;
        for (const QJsonValue &edge : o.value(u"edges").toArray())
            if (edge.toObject().value(u"node").isObject())
                r.peers.append(peerFrom(edge.toObject()));
        const QJsonValue count = o.value(u"count");
        r.count = count.isDouble() ? count.toInt() : int(r.peers.size());
        return r;
    }
    // Cardinality one; `null` or `{"node": null}` means no peer.
    r.many = false;
    if (o.value(u"node").isObject())
        r.peers.append(peerFrom(o));
    return r;
}

Result<Node> NodeParser::parse(const QJsonObject &object, std::shared_ptr<const SchemaSet> schema,
                               const QString &queriedKind) {
    if (!schema)
        return InfrahubError::make(InfrahubError::Kind::Protocol,
                                   QStringLiteral("No schema to read the node with."));
    const QJsonValue id = object.value(u"id");
    if (!id.isString() || id.toString().isEmpty())
        return InfrahubError::make(InfrahubError::Kind::Protocol,
                                   QStringLiteral("A %1 node in the answer has no id.")
                                       .arg(queriedKind.isEmpty() ? QStringLiteral("queried") : queriedKind));

    // For generic queries the answer says which kind each node is.
    const QString typeName = object.value(u"__typename").toString();
    const KindSchema *kind = typeName.isEmpty() ? nullptr : schema->kind(typeName);
    if (!kind)
        kind = schema->kind(queriedKind);
    if (!kind)
        return InfrahubError::make(InfrahubError::Kind::NotFound,
                                   QStringLiteral("The schema has no kind '%1' for node %2.")
                                       .arg(typeName.isEmpty() ? queriedKind : typeName, id.toString()));

    Node node;
    node.m_schema = std::move(schema);
    node.m_kind = kind;
    node.m_id = id.toString();
    for (const QJsonValue &part : object.value(u"hfid").toArray())
        node.m_hfid.append(part.toString());
    node.m_displayLabel = object.value(u"display_label").toString();

    // Fragments on generics alias fields whose name other kinds use with another type.
    auto field = [&object, kind](const QString &name) {
        const QJsonValue v = object.value(name);
        return v.isUndefined() ? object.value(kind->kind + QStringLiteral("__") + name) : v;
    };
    for (const AttributeSchema &a : kind->attributes) {
        const QJsonValue v = field(a.name);
        if (v.isObject())
            node.m_attributes.insert(a.name, AttributeValue::fromJson(v.toObject()));
        else if (v.isNull()) // an attribute object that is null: loaded, without a value
            node.m_attributes.insert(a.name, AttributeValue{});
    }
    for (const RelationshipSchema &r : kind->relationships) {
        const QJsonValue v = field(r.name);
        if (v.isObject() || v.isNull())
            node.m_relationships.insert(r.name, parseRelationship(v, r.isMany()));
    }
    node.markClean();
    return node;
}

} // namespace infrahub
