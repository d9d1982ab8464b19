#include "branchdiff.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace infrahub::sandbox {

namespace {

// Infrahub stores every property value as text and prints Python's str() of it: True/False for
// booleans, whole numbers without a fraction. Unset values have no text at all.
QJsonValue propertyText(const QJsonValue &v) {
    switch (v.type()) {
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == double(qint64(d)))
            return QString::number(qint64(d));
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    default:
        return QJsonValue::Null;
    }
}

QJsonValue optionalText(const QString &s) {
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

// ADDED when only the new side has it, REMOVED when only the old side does, else UPDATED.
DiffStatus statusOf(bool before, bool after) {
    if (!before)
        return DiffStatus::Added;
    if (!after)
        return DiffStatus::Removed;
    return DiffStatus::Updated;
}

struct Sides {
    const SandboxStore &store;
    BranchState before; // the base (only `nodes` is filled: what display labels need)
    BranchState after;
    QString toTime;

    QJsonValue labelOf(const BranchState &side, const QString &id) const {
        const NodeRef n = side.nodes.value(id);
        return n ? QJsonValue(store.displayLabel(side, *n)) : QJsonValue(QJsonValue::Null);
    }
};

void addProperty(QList<DiffPropertyData> &out, DiffCounts &counts, const QString &type,
                 const QJsonValue &before, const QJsonValue &after, const QString &changedAt) {
    if (before == after)
        return;
    DiffPropertyData p;
    p.propertyType = type;
    p.previousValue = before;
    p.newValue = after;
    p.previousLabel = QJsonValue::Null;
    p.newLabel = QJsonValue::Null;
    p.status = statusOf(!before.isNull(), !after.isNull());
    p.lastChangedAt = changedAt;
    counts.count(p.status);
    out.append(std::move(p));
}

std::optional<DiffAttributeData> attributeDiff(const QString &name, const AttributeValue *before,
                                               const AttributeValue *after, DiffStatus nodeStatus,
                                               const QString &fallbackTime) {
    DiffAttributeData a;
    a.name = name;
    const QString changedAt = after && !after->updatedAt.isEmpty() ? after->updatedAt : fallbackTime;
    a.lastChangedAt = changedAt;
    const AttributeValue none;
    const AttributeValue &b = before ? *before : none;
    const AttributeValue &n = after ? *after : none;
    // An added or removed node lists every attribute with a value; an updated one only the changed ones.
    addProperty(a.properties, a.counts, QStringLiteral("HAS_VALUE"),
                before ? propertyText(b.value) : QJsonValue(), after ? propertyText(n.value) : QJsonValue(),
                changedAt);
    if (b.isProtected != n.isProtected || nodeStatus != DiffStatus::Updated)
        addProperty(a.properties, a.counts, QStringLiteral("IS_PROTECTED"),
                    before ? propertyText(b.isProtected) : QJsonValue(),
                    after ? propertyText(n.isProtected) : QJsonValue(), changedAt);
    addProperty(a.properties, a.counts, QStringLiteral("HAS_SOURCE"), optionalText(b.sourceId),
                optionalText(n.sourceId), changedAt);
    addProperty(a.properties, a.counts, QStringLiteral("HAS_OWNER"), optionalText(b.ownerId),
                optionalText(n.ownerId), changedAt);
    if (a.properties.isEmpty())
        return std::nullopt;
    a.status = nodeStatus; // an attribute of an added node is added, of a removed one removed
    return a;
}

std::optional<DiffRelationshipData> relationshipDiff(const Sides &sides, const QString &name,
                                                     const RelationshipSchema *schema,
                                                     const QList<RelationshipEdge> &before,
                                                     const QList<RelationshipEdge> &after,
                                                     DiffStatus nodeStatus, const QString &fallbackTime) {
    DiffRelationshipData r;
    r.name = name;
    r.label = schema && !schema->label.isEmpty() ? QJsonValue(schema->label) : QJsonValue(QJsonValue::Null);
    r.many = schema ? schema->isMany() : name != u"parent";
    r.status = nodeStatus;
    r.lastChangedAt = fallbackTime;

    auto edgeTime = [&fallbackTime](const RelationshipEdge *e) {
        return e && !e->updatedAt.isEmpty() ? e->updatedAt : fallbackTime;
    };
    auto find = [](const QList<RelationshipEdge> &edges, const QString &peer) -> const RelationshipEdge * {
        for (const RelationshipEdge &e : edges)
            if (e.peerId == peer)
                return &e;
        return nullptr;
    };

    if (!r.many && !before.isEmpty() && !after.isEmpty() && before.first().peerId != after.first().peerId) {
        // Cardinality one, peer replaced: one UPDATED element for the new peer whose IS_RELATED property
        // goes from the old peer to the new one (Infrahub reports it this way, not as remove + add).
        const RelationshipEdge &b = before.first();
        const RelationshipEdge &a = after.first();
        DiffElementData e;
        e.peerId = a.peerId;
        e.peerLabel = sides.labelOf(sides.after, a.peerId);
        e.status = DiffStatus::Updated;
        e.lastChangedAt = edgeTime(&a);
        DiffPropertyData p;
        p.propertyType = QStringLiteral("IS_RELATED");
        p.previousValue = b.peerId;
        p.newValue = a.peerId;
        p.previousLabel = sides.labelOf(sides.before, b.peerId);
        p.newLabel = e.peerLabel;
        p.status = DiffStatus::Updated;
        p.lastChangedAt = e.lastChangedAt;
        e.counts.count(p.status);
        e.properties.append(p);
        r.counts.count(e.status);
        r.lastChangedAt = e.lastChangedAt;
        r.elements.append(std::move(e));
        return r;
    }

    QStringList peers;
    for (const RelationshipEdge &e : before)
        peers.append(e.peerId);
    for (const RelationshipEdge &e : after)
        if (!peers.contains(e.peerId))
            peers.append(e.peerId);
    for (const QString &peer : std::as_const(peers)) {
        const RelationshipEdge *b = find(before, peer);
        const RelationshipEdge *a = find(after, peer);
        DiffElementData e;
        e.peerId = peer;
        e.status = statusOf(b != nullptr, a != nullptr);
        e.peerLabel = sides.labelOf(a ? sides.after : sides.before, peer);
        e.lastChangedAt = edgeTime(a ? a : b);
        if (e.status == DiffStatus::Updated) {
            addProperty(e.properties, e.counts, QStringLiteral("IS_PROTECTED"), propertyText(b->isProtected),
                        propertyText(a->isProtected), e.lastChangedAt);
            addProperty(e.properties, e.counts, QStringLiteral("HAS_SOURCE"), optionalText(b->sourceId),
                        optionalText(a->sourceId), e.lastChangedAt);
            addProperty(e.properties, e.counts, QStringLiteral("HAS_OWNER"), optionalText(b->ownerId),
                        optionalText(a->ownerId), e.lastChangedAt);
            if (e.properties.isEmpty())
                continue;
        } else {
            DiffPropertyData p;
            p.propertyType = QStringLiteral("IS_RELATED");
            p.previousValue = b ? QJsonValue(peer) : QJsonValue(QJsonValue::Null);
            p.newValue = a ? QJsonValue(peer) : QJsonValue(QJsonValue::Null);
            p.previousLabel = b ? e.peerLabel : QJsonValue(QJsonValue::Null);
            p.newLabel = a ? e.peerLabel : QJsonValue(QJsonValue::Null);
            p.status = e.status;
            p.lastChangedAt = e.lastChangedAt;
            e.counts.count(p.status);
            e.properties.append(p);
        }
        r.counts.count(e.status);
        r.lastChangedAt = std::max(r.lastChangedAt, e.lastChangedAt);
        r.elements.append(std::move(e));
    }
    if (r.elements.isEmpty())
        return std::nullopt;
    return r;
}

std::optional<DiffNodeData> nodeDiff(const Sides &sides, const NodeRecord *before, const NodeRecord *after) {
    const NodeRecord &any = after ? *after : *before;
    DiffNodeData d;
    d.uuid = any.id;
    d.kind = any.kind;
    d.status = statusOf(before != nullptr, after != nullptr);
    d.label = sides.store.displayLabel(after ? sides.after : sides.before, any);
    d.lastChangedAt = after && !after->updatedAt.isEmpty() ? after->updatedAt : sides.toTime;
    const KindSchema *kind = sides.store.schema().kind(any.kind);

    // Attributes in schema order, then any stored attribute the schema no longer names.
    QStringList attributeNames;
    if (kind)
        for (const AttributeSchema &a : kind->attributes)
            attributeNames.append(a.name);
    for (const NodeRecord *r : {before, after})
        if (r)
            for (auto it = r->attributes.cbegin(); it != r->attributes.cend(); ++it)
                if (!attributeNames.contains(it.key()))
                    attributeNames.append(it.key());
    for (const QString &name : std::as_const(attributeNames)) {
        const AttributeValue *b = nullptr;
        const AttributeValue *a = nullptr;
        if (before)
            if (auto it = before->attributes.constFind(name); it != before->attributes.cend())
                b = &*it;
        if (after)
            if (auto it = after->attributes.constFind(name); it != after->attributes.cend())
                a = &*it;
        if (!b && !a)
            continue;
        if (auto attr = attributeDiff(name, b, a, d.status, d.lastChangedAt)) {
            d.counts.count(attr->status);
            d.attributes.append(std::move(*attr));
        }
    }

    // Relationships: both sides of a link are stored, so a peer's side changes with it (a device moved to
    // another site also updates both sites' `devices`), exactly as Infrahub lists the peers as UPDATED.
    QStringList relationshipNames;
    if (kind)
        for (const RelationshipSchema &r : kind->relationships)
            relationshipNames.append(r.name);
    for (const NodeRecord *r : {before, after})
        if (r)
            for (auto it = r->relationships.cbegin(); it != r->relationships.cend(); ++it)
                if (!relationshipNames.contains(it.key()))
                    relationshipNames.append(it.key());
    for (const QString &name : std::as_const(relationshipNames)) {
        const QList<RelationshipEdge> b =
            before ? before->relationships.value(name) : QList<RelationshipEdge>();
        const QList<RelationshipEdge> a =
            after ? after->relationships.value(name) : QList<RelationshipEdge>();
        if (b.isEmpty() && a.isEmpty())
            continue;
        if (auto rel = relationshipDiff(sides, name, kind ? kind->relationship(name) : nullptr, b, a,
                                        d.status, d.lastChangedAt)) {
            d.counts.count(rel->status);
            d.relationships.append(std::move(*rel));
        }
    }
    if (d.status == DiffStatus::Updated && d.attributes.isEmpty() && d.relationships.isEmpty())
        return std::nullopt;
    return d;
}

} // namespace

QString diffStatusName(DiffStatus status) {
    switch (status) {
    case DiffStatus::Added:
        return QStringLiteral("ADDED");
    case DiffStatus::Removed:
        return QStringLiteral("REMOVED");
    case DiffStatus::Updated:
        return QStringLiteral("UPDATED");
    case DiffStatus::Unchanged:
        break;
    }
    return QStringLiteral("UNCHANGED");
}

void DiffCounts::count(DiffStatus status) {
    if (status == DiffStatus::Added)
        ++added;
    else if (status == DiffStatus::Updated)
        ++updated;
    else if (status == DiffStatus::Removed)
        ++removed;
}

BranchDiffData computeBranchDiff(const SandboxStore &store, const BranchState &branch,
                                 const BranchDiffSnapshot &snapshot) {
    BranchDiffData out;
    out.baseBranch = branch.info.originBranch.isEmpty() ? QStringLiteral("main") : branch.info.originBranch;
    out.diffBranch = branch.info.name;
    out.fromTime = snapshot.fromTime;
    out.toTime = snapshot.toTime;

    Sides sides{store, {}, {}, snapshot.toTime};
    sides.before.nodes = snapshot.base;
    sides.after.nodes = snapshot.nodes;

    // Records are shared until written, so a pointer comparison finds every candidate in one pass.
    QStringList ids;
    for (auto it = snapshot.nodes.cbegin(); it != snapshot.nodes.cend(); ++it)
        if (snapshot.base.value(it.key()) != it.value())
            ids.append(it.key());
    for (auto it = snapshot.base.cbegin(); it != snapshot.base.cend(); ++it)
        if (!snapshot.nodes.contains(it.key()))
            ids.append(it.key());
    std::sort(ids.begin(), ids.end());
    for (const QString &id : std::as_const(ids)) {
        const NodeRef before = snapshot.base.value(id);
        const NodeRef after = snapshot.nodes.value(id);
        if (auto node = nodeDiff(sides, before.get(), after.get())) {
            out.counts.count(node->status);
            out.nodes.append(std::move(*node));
        }
    }
    return out;
}

} // namespace infrahub::sandbox
