#include "nodeparser.h"

#include "answererrors.h"

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
        return answererrors::noSchema();
    const QJsonValue id = object.value(u"id");
    if (!id.isString() || id.toString().isEmpty())
        return answererrors::nodeWithoutId(queriedKind);

    // For generic queries the answer says which kind each node is.
    const QString typeName = object.value(u"__typename").toString();
    const KindSchema *kind = typeName.isEmpty() ? nullptr : schema->kind(typeName);
    if (!kind)
        kind = schema->kind(queriedKind);
    if (!kind)
        return answererrors::unknownNodeKind(typeName, queriedKind, id.toString());

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
    for (qsizetype i = 0; i < kind->attributes.size(); ++i) {
        const QJsonValue v = field(kind->attributes.at(i).name);
        if (v.isObject())
            node.attributeSlot(i) = AttributeValue::fromJson(v.toObject());
        else if (v.isNull()) // an attribute object that is null: loaded, without a value
            node.attributeSlot(i) = AttributeValue{};
    }
    for (qsizetype i = 0; i < kind->relationships.size(); ++i) {
        const RelationshipSchema &r = kind->relationships.at(i);
        const QJsonValue v = field(r.name);
        if (v.isObject() || v.isNull())
            node.relationshipSlot(i) = parseRelationship(v, r.isMany());
    }
    node.markClean();
    return node;
}

} // namespace infrahub
