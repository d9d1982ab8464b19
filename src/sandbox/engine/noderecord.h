// One stored Infrahub object in the sandbox: its attribute values with their metadata and the peer ids of
// its relationships. Records are immutable once stored and shared between branches (copy-on-write), so a
// change always stores a new record.
#pragma once

#include <QHash>
#include <QJsonValue>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace infrahub {
struct KindSchema;
}

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

// Text derived from a stored record alone (display label, hfid), computed on first use: every page shows
// them for each node and each related node. Only records sealed by the store (immutable from then on)
// keep it; a copy, which is how every change starts, is unsealed and empty, so nothing goes stale.
struct NodeRecordCache {
    NodeRecordCache() = default;
    NodeRecordCache(const NodeRecordCache &) {}
    NodeRecordCache &operator=(const NodeRecordCache &) {
        sealed = false;
        displayLabel.reset();
        hfid.reset();
        idJson.reset();
        displayLabelJson.reset();
        hfidJson.reset();
        slotsKind = nullptr;
        attributeSlots.clear();
        relationshipSlots.clear();
        return *this;
    }

    bool sealed = false;
    mutable std::optional<QString> displayLabel;
    mutable std::optional<QStringList> hfid;
    // The same as JSON text, as responses write them (set only where the text above is cached).
    mutable std::optional<QByteArray> idJson;
    mutable std::optional<QByteArray> displayLabelJson;
    mutable std::optional<QByteArray> hfidJson;
    // The record's fields by their position in its kind's schema: pointers into the record's own maps,
    // which never change once it is sealed. A page reads about fifteen fields of every node, and finding
    // each by comparing names down a map was a fifth of the server's time. Slots are built for one
    // KindSchema (the store's schema is fixed for its lifetime) and rebuilt for another; each keeps the
    // name it was found under, checked on use, so a name that does not match is looked up again.
    struct AttributeSlot {
        const QString *name = nullptr; // the map's key, or nullptr when the record has no such attribute
        const AttributeValue *value = nullptr;
        // The value as JSON text, once a response has written it (null until then).
        mutable QByteArray valueJson;
    };
    struct RelationshipSlot {
        const QString *name = nullptr;
        const QList<RelationshipEdge> *value = nullptr;
    };
    mutable const KindSchema *slotsKind = nullptr;
    mutable std::vector<AttributeSlot> attributeSlots;
    mutable std::vector<RelationshipSlot> relationshipSlots;
};

using AttributeMap = QMap<QString, AttributeValue>;
using RelationshipMap = QMap<QString, QList<RelationshipEdge>>;

struct NodeRecord {
    QString id;
    QString kind;
    QString createdAt;
    QString updatedAt;
    // Ordered maps rather than QHash: a record holds a dozen fields, and Qt 6's QHash allocates a span for
    // 128 entries on the first insert, which made a stored device cost ~42 KiB and every page a walk
    // through cold memory. Lookups compare a few short names either way.
    AttributeMap attributes;
    RelationshipMap relationships; // by relationship name
    NodeRecordCache cache;

    QJsonValue value(const QString &attributeName) const {
        const auto it = attributes.constFind(attributeName); // no copy of the whole AttributeValue
        return it == attributes.cend() ? QJsonValue() : it->value;
    }
    QStringList peerIds(const QString &relationshipName) const {
        QStringList out;
        for (const RelationshipEdge &e : relationships.value(relationshipName))
            out.append(e.peerId);
        return out;
    }
    const AttributeValue *attributeNamed(const QString &name) const {
        const auto it = attributes.constFind(name);
        return it == attributes.cend() ? nullptr : &it.value();
    }
    // The slot of attribute number `index` of `kind` (this record's kind schema): only for sealed
    // records, and nullptr when the slot cannot answer (then look the attribute up by name). The slot's
    // value is nullptr when the record has no such attribute.
    const NodeRecordCache::AttributeSlot *attributeSlotAt(const KindSchema &kind, qsizetype index) const;
    // The stored relationship that is relationship number `index` of `kind`, or nullptr when the record
    // has none. By position for sealed records, by name otherwise.
    const QList<RelationshipEdge> *edgesAt(const KindSchema &kind, qsizetype index) const;

private:
    void buildSlots(const KindSchema &kind) const;
};

using NodeRef = std::shared_ptr<const NodeRecord>;

} // namespace infrahub::sandbox
