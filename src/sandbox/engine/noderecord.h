// One stored Infrahub object in the sandbox: its attribute values with their metadata and the peer ids of
// its relationships. Records are immutable once stored and shared between branches (copy-on-write), so a
// change always stores a new record.
#pragma once

#include <QHash>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <memory>

namespace infrahub::sandbox {

struct AttributeValue {
    QJsonValue value; // Null when unset
    bool isDefault = false;
    bool isProtected = false;
    QString sourceId;
    QString ownerId;
    QString updatedAt; // ISO 8601, UTC
};

struct RelationshipEdge {
    QString peerId;
    bool isProtected = false;
    QString sourceId;
    QString ownerId;
    QString updatedAt;
};

struct NodeRecord {
    QString id;
    QString kind;
    QString createdAt;
    QString updatedAt;
    QHash<QString, AttributeValue> attributes;
    QHash<QString, QList<RelationshipEdge>> relationships; // by relationship name, in insertion order

    QJsonValue value(const QString &attributeName) const { return attributes.value(attributeName).value; }
    QStringList peerIds(const QString &relationshipName) const {
        QStringList out;
        for (const RelationshipEdge &e : relationships.value(relationshipName))
            out.append(e.peerId);
        return out;
    }
};

using NodeRef = std::shared_ptr<const NodeRecord>;

} // namespace infrahub::sandbox
