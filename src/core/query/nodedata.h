// The values a Create, Update or Upsert sends: attribute values and relationship peers by name, plus how
// the node is identified. Only what is set here is sent, so an Update made from a Node's changes carries
// exactly the changed fields.
#pragma once

#include "core/nodes/relatednode.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace infrahub {

struct NodeData {
    // Update / Upsert / Delete: the node's id (Create: an optional id chosen by the client).
    QString id;
    // Update / Upsert: the node's human-friendly id, an alternative to `id`.
    QStringList hfid;
    // Attribute name -> value. JSON null clears an optional attribute.
    QJsonObject attributes;
    // Relationship name -> peers. Cardinality one takes at most one peer (none clears it); for cardinality
    // many the list replaces the whole peer set (use RelationshipAdd/Remove for incremental edits).
    QMap<QString, QList<RelatedNode>> relationships;

    bool isEmpty() const { return attributes.isEmpty() && relationships.isEmpty(); }
};

} // namespace infrahub
