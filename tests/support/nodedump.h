// Test-only: everything a parsed NodePage holds (or its error), as one canonical JSON text, so that two
// ways of reading the same answer can be compared field by field and a difference printed readably.
// Used by the unit tests and the fuzz target.
#pragma once

#include "core/nodes/nodepage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace nodedump {

inline QJsonValue optionalBool(const std::optional<bool> &b) {
    return b ? QJsonValue(*b) : QJsonValue(QStringLiteral("unset"));
}

inline QJsonValue lineage(const std::shared_ptr<const infrahub::LineageRef> &ref) {
    if (!ref)
        return QStringLiteral("unset");
    return QJsonArray{ref->id, ref->displayLabel, ref->kind};
}

inline QJsonObject metadata(const infrahub::ValueMetadata &m) {
    return {{QStringLiteral("is_default"), optionalBool(m.isDefault)},
            {QStringLiteral("is_from_profile"), optionalBool(m.isFromProfile)},
            {QStringLiteral("is_protected"), optionalBool(m.isProtected)},
            {QStringLiteral("is_visible"), optionalBool(m.isVisible)},
            {QStringLiteral("updated_at"), m.updatedAt},
            {QStringLiteral("source"), lineage(m.source)},
            {QStringLiteral("owner"), lineage(m.owner)}};
}

inline QJsonObject node(const infrahub::Node &n) {
    QJsonObject attributes;
    for (const QString &name : n.attributeNames()) {
        const infrahub::AttributeValue *a = n.attribute(name);
        // An array keeps a value's JSON type visible (1 and 1.0 print alike, true and "true" do not).
        attributes.insert(name, QJsonObject{{QStringLiteral("value"), QJsonArray{a->value}},
                                            {QStringLiteral("label"), a->label},
                                            {QStringLiteral("color"), a->color},
                                            {QStringLiteral("description"), a->description},
                                            {QStringLiteral("metadata"), metadata(a->metadata)},
                                            {QStringLiteral("extra"), a->extra}});
    }
    QJsonObject relationships;
    for (const QString &name : n.relationshipNames()) {
        const infrahub::RelationshipValue *r = n.relationship(name);
        QJsonArray peers;
        for (const infrahub::RelatedNode &p : r->peers)
            peers.append(QJsonObject{{QStringLiteral("id"), p.id},
                                     {QStringLiteral("hfid"), QJsonArray::fromStringList(p.hfid)},
                                     {QStringLiteral("display_label"), p.displayLabel},
                                     {QStringLiteral("kind"), p.kind},
                                     {QStringLiteral("properties"), metadata(p.properties)}});
        relationships.insert(name, QJsonObject{{QStringLiteral("many"), r->many},
                                               {QStringLiteral("count"), r->count ? *r->count : -1},
                                               {QStringLiteral("peers"), peers}});
    }
    return {{QStringLiteral("id"), n.id()},
            {QStringLiteral("kind"), n.kind()},
            {QStringLiteral("hfid"), QJsonArray::fromStringList(n.hfid())},
            {QStringLiteral("display_label"), n.displayLabel()},
            {QStringLiteral("attributes"), attributes},
            {QStringLiteral("relationships"), relationships},
            {QStringLiteral("dirty"), n.isDirty()}};
}

inline QByteArray page(const infrahub::Result<infrahub::NodePage> &result) {
    QJsonObject out;
    if (!result) {
        out.insert(QStringLiteral("error"),
                   QStringLiteral("%1: %2").arg(int(result.error().kind)).arg(result.error().message));
    } else {
        QJsonArray nodes;
        for (const infrahub::Node &n : result->nodes)
            nodes.append(node(n));
        out.insert(QStringLiteral("count"), result->count);
        out.insert(QStringLiteral("nodes"), nodes);
    }
    return QJsonDocument(out).toJson(QJsonDocument::Indented);
}

} // namespace nodedump
