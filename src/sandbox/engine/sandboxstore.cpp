#include "sandboxstore.h"

#include "jsonvalues.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUuid>

#include <algorithm>

namespace infrahub::sandbox {

namespace {

// Stores a record for good: from here on it is shared and never changed, so it may cache derived text.
NodeRef sealed(NodeRecord record) {
    // Sealed after the move: moving a record copies its cache, and a copy is unsealed on purpose.
    auto stored = std::make_shared<NodeRecord>(std::move(record));
    stored->cache.sealed = true;
    return stored;
}

// Whether every path (`name__value`) names one of the node's own attributes, so that a value computed
// from them depends on the record alone (not on a peer that may change without it).
bool ownAttributePaths(const QStringList &paths) {
    for (const QString &path : paths) {
        const qsizetype first = path.indexOf(u"__");
        if (first < 0 || path.indexOf(u"__", first + 2) >= 0)
            return false;
    }
    return true;
}

// Orders JSON scalars the way a user expects a sorted column: numbers numerically, text by code point
// (Infrahub's database does the same), unset values last.
int compareValues(const QJsonValue &a, const QJsonValue &b) {
    const bool aNull = a.isNull() || a.isUndefined();
    const bool bNull = b.isNull() || b.isUndefined();
    if (aNull || bNull)
        return aNull == bNull ? 0 : (aNull ? 1 : -1);
    if (a.isDouble() && b.isDouble())
        return a.toDouble() < b.toDouble() ? -1 : (a.toDouble() > b.toDouble() ? 1 : 0);
    if (a.isBool() && b.isBool())
        return int(a.toBool()) - int(b.toBool());
    return QString::compare(a.toVariant().toString(), b.toVariant().toString());
}

QJsonObject attributeToJson(const AttributeValue &v) {
    QJsonObject o{{QStringLiteral("value"), v.value}};
    if (v.isDefault)
        o.insert(QStringLiteral("is_default"), true);
    if (v.isProtected)
        o.insert(QStringLiteral("is_protected"), true);
    if (!v.sourceId.isEmpty())
        o.insert(QStringLiteral("source"), v.sourceId);
    if (!v.ownerId.isEmpty())
        o.insert(QStringLiteral("owner"), v.ownerId);
    if (!v.updatedAt.isEmpty())
        o.insert(QStringLiteral("updated_at"), v.updatedAt);
    return o;
}

AttributeValue attributeFromJson(const QJsonObject &o) {
    AttributeValue v;
    v.value = o.value(u"value");
    if (v.value.isUndefined())
        v.value = QJsonValue::Null;
    v.isDefault = o.value(u"is_default").toBool();
    v.isProtected = o.value(u"is_protected").toBool();
    v.sourceId = o.value(u"source").toString();
    v.ownerId = o.value(u"owner").toString();
    v.updatedAt = o.value(u"updated_at").toString();
    return v;
}

} // namespace

SandboxStore::SandboxStore(std::shared_ptr<const SchemaSet> schema)
    : m_schema(std::move(schema))
    , m_idEpochMs(quint64(QDateTime::currentMSecsSinceEpoch()))
    , m_deploymentId(QUuid::createUuid().toString(QUuid::WithoutBraces)) {
    BranchState main;
    main.info.id = newId();
    main.info.name = QStringLiteral("main");
    main.info.description = QStringLiteral("Default Branch");
    main.info.isDefault = true;
    main.info.originBranch = main.info.name;
    main.info.syncWithGit = true;
    main.info.createdAt = now();
    main.info.branchedFrom = main.info.createdAt;
    m_branches.emplace(main.info.name, std::move(main));
}

QString SandboxStore::now() {
    return QDateTime::currentDateTimeUtc()
        .toString(Qt::ISODateWithMs)
        .replace(QLatin1Char('Z'), QStringLiteral("000Z"));
}

QString SandboxStore::newId() {
    // Time-ordered like Infrahub's ids (a UUIDv7 layout): the store's start time, then a counter, so ids
    // sort in creation order, which is also the listing order of kinds without `order_by`.
    const quint64 c = ++m_idCounter;
    const quint64 t = m_idEpochMs;
    return QString::asprintf("%08llx-%04llx-7%03llx-%04llx-%012llx", (t >> 16) & 0xffffffffULL, t & 0xffffULL,
                             (c >> 60) & 0xfffULL, 0x8000ULL | ((c >> 48) & 0xfffULL), c & 0xffffffffffffULL);
}

BranchState *SandboxStore::branch(const QString &name) {
    const auto it = m_branches.find(name);
    return it == m_branches.end() ? nullptr : &it->second;
}

const BranchState *SandboxStore::branch(const QString &name) const {
    const auto it = m_branches.find(name);
    return it == m_branches.end() ? nullptr : &it->second;
}

QList<const BranchState *> SandboxStore::branches() const {
    QList<const BranchState *> out;
    for (const auto &[name, state] : m_branches)
        out.append(&state);
    // Infrahub lists branches in creation order (its query orders by database id), so the default branch
    // comes first; creation times have the same fixed format and sort as text, and ids break ties (they
    // are time-ordered too).
    std::stable_sort(out.begin(), out.end(), [](const BranchState *a, const BranchState *b) {
        if (a->info.isDefault != b->info.isDefault)
            return a->info.isDefault;
        if (a->info.createdAt != b->info.createdAt)
            return a->info.createdAt < b->info.createdAt;
        return a->info.id < b->info.id;
    });
    return out;
}

BranchState &SandboxStore::createBranch(const QString &name, const QString &description, bool syncWithGit,
                                        const QString &origin) {
    const BranchState &from = m_branches.at(origin);
    BranchState b;
    b.info.id = newId();
    b.info.name = name;
    b.info.description = description;
    b.info.originBranch = origin;
    b.info.syncWithGit = syncWithGit;
    b.info.createdAt = now();
    b.info.branchedFrom = b.info.createdAt;
    b.nodes = from.nodes; // implicitly shared until either side writes
    b.idsByKind = from.idsByKind;
    b.base = from.nodes;
    return m_branches.insert_or_assign(name, std::move(b)).first->second;
}

bool SandboxStore::deleteBranch(const QString &name) {
    if (name == u"main")
        return false;
    return m_branches.erase(name) > 0;
}

BranchChanges SandboxStore::changes(const BranchState &branch) const {
    BranchChanges c;
    for (auto it = branch.nodes.cbegin(); it != branch.nodes.cend(); ++it) {
        const NodeRef before = branch.base.value(it.key());
        if (!before)
            c.added.append(it.key());
        else if (before != it.value())
            c.updated.append(it.key());
    }
    for (auto it = branch.base.cbegin(); it != branch.base.cend(); ++it)
        if (!branch.nodes.contains(it.key()))
            c.removed.append(it.key());
    std::sort(c.added.begin(), c.added.end());
    std::sort(c.updated.begin(), c.updated.end());
    std::sort(c.removed.begin(), c.removed.end());
    return c;
}

BranchChanges SandboxStore::merge(BranchState &branch) {
    BranchState &target =
        m_branches.at(branch.info.originBranch.isEmpty() ? QStringLiteral("main") : branch.info.originBranch);
    const BranchChanges c = changes(branch);
    // Records carry both sides of their relationships, so applying the branch's versions of every touched
    // record reproduces the branch's graph on the target.
    for (const QString &id : c.added + c.updated) {
        const NodeRef n = branch.nodes.value(id);
        if (const NodeRef old = target.nodes.value(id); old && old->kind != n->kind)
            target.idsByKind[old->kind].remove(id);
        target.nodes.insert(id, n);
        target.idsByKind[n->kind].insert(id);
    }
    for (const QString &id : c.removed) {
        if (const NodeRef old = target.nodes.value(id)) {
            target.idsByKind[old->kind].remove(id);
            target.nodes.remove(id);
        }
    }
    invalidate(target);
    rebase(branch);
    return c;
}

void SandboxStore::rebase(BranchState &branch) {
    const BranchState &origin =
        m_branches.at(branch.info.originBranch.isEmpty() ? QStringLiteral("main") : branch.info.originBranch);
    const BranchChanges c = changes(branch);
    QHash<QString, NodeRef> nodes = origin.nodes;
    QHash<QString, QSet<QString>> kinds = origin.idsByKind;
    for (const QString &id : c.added + c.updated) {
        const NodeRef n = branch.nodes.value(id);
        nodes.insert(id, n);
        kinds[n->kind].insert(id);
    }
    for (const QString &id : c.removed) {
        if (const NodeRef old = nodes.value(id)) {
            kinds[old->kind].remove(id);
            nodes.remove(id);
        }
    }
    branch.base = origin.nodes;
    branch.nodes = std::move(nodes);
    branch.idsByKind = std::move(kinds);
    branch.info.branchedFrom = now();
    invalidate(branch);
}

QStringList SandboxStore::nodeKindsOf(const QString &kind) const {
    const KindSchema *k = m_schema->kind(kind);
    if (!k)
        return {};
    if (k->isNode())
        return {kind};
    // A generic's `used_by` names its node kinds. It is also the only record of CoreNode's: every node
    // implements CoreNode on Infrahub without listing it in `inherit_from`, and `CoreNode(...)` lists
    // objects of every kind.
    QStringList out;
    for (const KindSchema &candidate : m_schema->kinds())
        if (candidate.isNode() &&
            (candidate.inheritFrom.contains(kind) || k->usedBy.contains(candidate.kind)))
            out.append(candidate.kind);
    return out;
}

std::shared_ptr<const QStringList> SandboxStore::orderedIds(const BranchState &branch,
                                                            const QString &kind) const {
    if (const auto cached = branch.orderCache.value(kind))
        return cached;
    QStringList ids;
    for (const QString &nodeKind : nodeKindsOf(kind)) {
        const QSet<QString> &set = branch.idsByKind.value(nodeKind);
        for (const QString &id : set)
            ids.append(id);
    }
    const KindSchema *k = m_schema->kind(kind);
    const QStringList orderBy = k ? k->orderBy : QStringList();
    if (orderBy.isEmpty()) {
        std::sort(ids.begin(), ids.end());
    } else {
        // Precompute the sort keys once: path lookups are far more expensive than comparisons.
        // The text form that compareValues() would build on every comparison is built once here, too
        // (through QVariant it cost about 1 µs per comparison: 130 ms to sort 10,000 devices).
        struct Keyed {
            QString id;
            QList<QJsonValue> keys;
            QStringList texts;
        };
        std::vector<Keyed> keyed;
        keyed.reserve(ids.size());
        for (const QString &id : std::as_const(ids)) {
            Keyed entry{id, {}, {}};
            const NodeRef n = branch.nodes.value(id);
            for (const QString &path : orderBy) {
                const QJsonValue v = pathValue(branch, *n, path);
                entry.keys.append(v);
                entry.texts.append(v.isString() ? v.toString() : v.toVariant().toString());
            }
            keyed.push_back(std::move(entry));
        }
        std::sort(keyed.begin(), keyed.end(), [](const Keyed &a, const Keyed &b) {
            for (qsizetype i = 0; i < a.keys.size(); ++i) {
                const QJsonValue &x = a.keys.at(i);
                const QJsonValue &y = b.keys.at(i);
                // compareValues() with the text comparison on the precomputed texts.
                const bool textual = !(x.isNull() || x.isUndefined() || y.isNull() || y.isUndefined()) &&
                                     !(x.isDouble() && y.isDouble()) && !(x.isBool() && y.isBool());
                if (const int c =
                        textual ? QString::compare(a.texts.at(i), b.texts.at(i)) : compareValues(x, y))
                    return c < 0;
            }
            return a.id < b.id;
        });
        ids.clear();
        for (const Keyed &entry : keyed)
            ids.append(entry.id);
    }
    auto result = std::make_shared<const QStringList>(std::move(ids));
    branch.orderCache.insert(kind, result);
    return result;
}

QJsonValue SandboxStore::pathValue(const BranchState &branch, const NodeRecord &node,
                                   const QString &path) const {
    // The parts are found with indexOf rather than split(): display labels and hfids of every node on a
    // page come through here, and split() allocated a list and a string per part each time. Same parts
    // as split("__"), which also scans left to right without overlaps.
    const QStringView view(path);
    const qsizetype first = view.indexOf(u"__");
    if (first < 0)
        return QJsonValue::Null;
    const qsizetype second = view.indexOf(u"__", first + 2);
    if (second < 0) // two parts
        return view.mid(first + 2) == u"value" ? node.value(path.left(first)) : QJsonValue();
    if (view.indexOf(u"__", second + 2) >= 0) // more than three parts
        return QJsonValue::Null;
    const auto rel = node.relationships.constFind(path.left(first));
    if (rel == node.relationships.cend() || rel->isEmpty())
        return QJsonValue::Null;
    const NodeRef peer = branch.nodes.value(rel->constFirst().peerId);
    return peer ? peer->value(path.mid(first + 2, second - first - 2)) : QJsonValue(QJsonValue::Null);
}

QString SandboxStore::displayLabel(const BranchState &branch, const NodeRecord &node) const {
    if (node.cache.displayLabel)
        return *node.cache.displayLabel;
    const KindSchema *k = m_schema->kind(node.kind);
    QString label;
    if (!k || k->displayLabels.isEmpty()) {
        label = node.kind + QLatin1Char('(') + node.id + QLatin1Char(')');
    } else {
        QStringList parts;
        for (const QString &path : k->displayLabels) {
            const QJsonValue v = pathValue(branch, node, path);
            if (!v.isNull())
                parts.append(scalarText(v));
        }
        label = parts.join(QLatin1Char(' '));
    }
    if (node.cache.sealed && (!k || ownAttributePaths(k->displayLabels)))
        node.cache.displayLabel = label;
    return label;
}

QStringList SandboxStore::hfid(const BranchState &branch, const NodeRecord &node) const {
    if (node.cache.hfid)
        return *node.cache.hfid;
    const KindSchema *k = m_schema->kind(node.kind);
    QStringList out;
    if (k)
        for (const QString &path : k->humanFriendlyId)
            out.append(scalarText(pathValue(branch, node, path)));
    if (node.cache.sealed && (!k || ownAttributePaths(k->humanFriendlyId)))
        node.cache.hfid = out;
    return out;
}

NodeRef SandboxStore::findByHfid(const BranchState &branch, const QString &kind,
                                 const QStringList &wanted) const {
    for (const QString &nodeKind : nodeKindsOf(kind)) {
        for (const QString &id : branch.idsByKind.value(nodeKind)) {
            const NodeRef n = branch.nodes.value(id);
            if (n && hfid(branch, *n) == wanted)
                return n;
        }
    }
    return {};
}

NodeRef SandboxStore::findByDefaultFilter(const BranchState &branch, const QString &kind,
                                          const QString &value) const {
    const KindSchema *k = m_schema->kind(kind);
    if (!k || k->defaultFilter.isEmpty())
        return {};
    for (const QString &nodeKind : nodeKindsOf(kind)) {
        for (const QString &id : branch.idsByKind.value(nodeKind)) {
            const NodeRef n = branch.nodes.value(id);
            if (n && scalarText(pathValue(branch, *n, k->defaultFilter)) == value)
                return n;
        }
    }
    return {};
}

void SandboxStore::invalidate(BranchState &branch) {
    branch.orderCache.clear();
}

void SandboxStore::put(BranchState &branch, NodeRecord record) {
    const QString id = record.id;
    const QString kind = record.kind;
    if (const NodeRef old = branch.nodes.value(id); old && old->kind != kind)
        branch.idsByKind[old->kind].remove(id);
    branch.nodes.insert(id, sealed(std::move(record)));
    branch.idsByKind[kind].insert(id);
    invalidate(branch);
}

NodeRecord SandboxStore::mutableCopy(const BranchState &branch, const QString &id) const {
    const NodeRef n = branch.nodes.value(id);
    return n ? *n : NodeRecord{};
}

const RelationshipSchema *SandboxStore::counterpart(const QString &kind, const RelationshipSchema &rel,
                                                    const QString &peerKind) const {
    const KindSchema *peer = m_schema->kind(peerKind);
    if (!peer || rel.identifier.isEmpty())
        return nullptr;
    const RelationshipSchema *fallback = nullptr;
    for (const RelationshipSchema &candidate : peer->relationships) {
        if (candidate.identifier != rel.identifier)
            continue;
        // A self-referencing pair (parent/children) shares the identifier on one kind: the mirror is the
        // other one.
        if (peerKind == kind && candidate.name == rel.name)
            continue;
        if (rel.kind == u"Hierarchy" && candidate.direction == rel.direction)
            continue;
        if (m_schema->isKindOf(kind, candidate.peer))
            return &candidate;
        if (!fallback)
            fallback = &candidate;
    }
    return fallback;
}

void SandboxStore::link(BranchState &branch, const QString &nodeId, const QString &relationship,
                        const QString &peerId, const RelationshipEdge &properties) {
    const NodeRef node = branch.nodes.value(nodeId);
    const NodeRef peer = branch.nodes.value(peerId);
    if (!node || !peer)
        return;
    const KindSchema *kind = m_schema->kind(node->kind);
    const RelationshipSchema *rel = kind ? kind->relationship(relationship) : nullptr;
    if (!rel)
        return;
    if (!rel->isMany()) {
        for (const QString &old : node->peerIds(relationship))
            if (old != peerId)
                unlink(branch, nodeId, relationship, old);
    } else if (node->peerIds(relationship).contains(peerId)) {
        return;
    }
    NodeRecord updated = mutableCopy(branch, nodeId);
    if (!updated.peerIds(relationship).contains(peerId)) {
        RelationshipEdge edge = properties;
        edge.peerId = peerId;
        if (edge.updatedAt.isEmpty())
            edge.updatedAt = now();
        updated.relationships[relationship].append(edge);
        updated.updatedAt = now();
        put(branch, std::move(updated));
    }
    if (const RelationshipSchema *mirror = counterpart(node->kind, *rel, peer->kind)) {
        if (!mirror->isMany()) {
            for (const QString &old : peer->peerIds(mirror->name))
                if (old != nodeId)
                    unlink(branch, peerId, mirror->name, old);
        }
        NodeRecord peerUpdated = mutableCopy(branch, peerId);
        if (!peerUpdated.peerIds(mirror->name).contains(nodeId)) {
            RelationshipEdge edge = properties;
            edge.peerId = nodeId;
            if (edge.updatedAt.isEmpty())
                edge.updatedAt = now();
            peerUpdated.relationships[mirror->name].append(edge);
            put(branch, std::move(peerUpdated));
        }
    }
}

void SandboxStore::unlink(BranchState &branch, const QString &nodeId, const QString &relationship,
                          const QString &peerId) {
    auto removeEdge = [this, &branch](const QString &id, const QString &relName, const QString &peer) {
        NodeRecord rec = mutableCopy(branch, id);
        if (rec.id.isEmpty())
            return;
        auto it = rec.relationships.find(relName);
        if (it == rec.relationships.end())
            return;
        const auto before = it->size();
        it->removeIf([&peer](const RelationshipEdge &e) { return e.peerId == peer; });
        if (it->size() == before)
            return;
        if (it->isEmpty())
            rec.relationships.erase(it);
        rec.updatedAt = now();
        put(branch, std::move(rec));
    };
    const NodeRef node = branch.nodes.value(nodeId);
    if (!node)
        return;
    removeEdge(nodeId, relationship, peerId);
    const NodeRef peer = branch.nodes.value(peerId);
    const KindSchema *kind = m_schema->kind(node->kind);
    const RelationshipSchema *rel = kind ? kind->relationship(relationship) : nullptr;
    if (peer && rel)
        if (const RelationshipSchema *mirror = counterpart(node->kind, *rel, peer->kind))
            removeEdge(peerId, mirror->name, nodeId);
}

void SandboxStore::remove(BranchState &branch, const QString &id) {
    const NodeRef node = branch.nodes.value(id);
    if (!node)
        return;
    for (auto it = node->relationships.cbegin(); it != node->relationships.cend(); ++it)
        for (const RelationshipEdge &e : it.value())
            unlink(branch, id, it.key(), e.peerId);
    // Peers that point at this node without a mirror relationship (e.g. tags) are found by a scan: deletes
    // are rare compared with reads, so no reverse index is kept for them.
    QStringList referencing;
    for (auto it = branch.nodes.cbegin(); it != branch.nodes.cend(); ++it) {
        for (auto rel = it.value()->relationships.cbegin(); rel != it.value()->relationships.cend(); ++rel) {
            for (const RelationshipEdge &e : rel.value()) {
                if (e.peerId == id) {
                    referencing.append(it.key() + QLatin1Char('\n') + rel.key());
                    break;
                }
            }
        }
    }
    for (const QString &ref : std::as_const(referencing)) {
        const QStringList parts = ref.split(QLatin1Char('\n'));
        NodeRecord rec = mutableCopy(branch, parts.at(0));
        rec.relationships[parts.at(1)].removeIf([&id](const RelationshipEdge &e) { return e.peerId == id; });
        if (rec.relationships[parts.at(1)].isEmpty())
            rec.relationships.remove(parts.at(1));
        put(branch, std::move(rec));
    }
    branch.idsByKind[node->kind].remove(id);
    branch.nodes.remove(id);
    invalidate(branch);
}

QJsonObject SandboxStore::toJson() const {
    QJsonArray branchesJson;
    for (const auto &[name, state] : m_branches) {
        QJsonArray nodes;
        QStringList ids = state.nodes.keys();
        std::sort(ids.begin(), ids.end());
        for (const QString &id : std::as_const(ids)) {
            const NodeRef n = state.nodes.value(id);
            QJsonObject attrs;
            for (auto it = n->attributes.cbegin(); it != n->attributes.cend(); ++it)
                attrs.insert(it.key(), attributeToJson(it.value()));
            QJsonObject rels;
            for (auto it = n->relationships.cbegin(); it != n->relationships.cend(); ++it) {
                QJsonArray peers;
                for (const RelationshipEdge &e : it.value()) {
                    QJsonObject edge{{QStringLiteral("id"), e.peerId}};
                    if (e.isProtected)
                        edge.insert(QStringLiteral("is_protected"), true);
                    if (!e.sourceId.isEmpty())
                        edge.insert(QStringLiteral("source"), e.sourceId);
                    if (!e.ownerId.isEmpty())
                        edge.insert(QStringLiteral("owner"), e.ownerId);
                    if (!e.updatedAt.isEmpty())
                        edge.insert(QStringLiteral("updated_at"), e.updatedAt);
                    peers.append(edge);
                }
                rels.insert(it.key(), peers);
            }
            nodes.append(QJsonObject{{QStringLiteral("id"), n->id},
                                     {QStringLiteral("kind"), n->kind},
                                     {QStringLiteral("created_at"), n->createdAt},
                                     {QStringLiteral("updated_at"), n->updatedAt},
                                     {QStringLiteral("attributes"), attrs},
                                     {QStringLiteral("relationships"), rels}});
        }
        branchesJson.append(QJsonObject{{QStringLiteral("name"), name},
                                        {QStringLiteral("id"), state.info.id},
                                        {QStringLiteral("description"), state.info.description},
                                        {QStringLiteral("origin_branch"), state.info.originBranch},
                                        {QStringLiteral("branched_from"), state.info.branchedFrom},
                                        {QStringLiteral("created_at"), state.info.createdAt},
                                        {QStringLiteral("sync_with_git"), state.info.syncWithGit},
                                        {QStringLiteral("nodes"), nodes}});
    }
    return QJsonObject{{QStringLiteral("format"), QStringLiteral("infrahub-sandbox-data")},
                       {QStringLiteral("version"), 1},
                       {QStringLiteral("branches"), branchesJson}};
}

bool SandboxStore::loadJson(const QJsonObject &json, QString *error) {
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (json.value(u"format").toString() != u"infrahub-sandbox-data")
        return fail(QStringLiteral(
            "not an infrahub-sandbox data file (missing \"format\": \"infrahub-sandbox-data\")"));
    std::map<QString, BranchState> loaded;
    for (const QJsonValue &bv : json.value(u"branches").toArray()) {
        const QJsonObject b = bv.toObject();
        BranchState state;
        state.info.name = b.value(u"name").toString();
        if (state.info.name.isEmpty())
            return fail(QStringLiteral("a branch in the data file has no name"));
        state.info.id = b.value(u"id").toString(newId());
        state.info.description = b.value(u"description").toString();
        state.info.originBranch = b.value(u"origin_branch").toString();
        state.info.branchedFrom = b.value(u"branched_from").toString();
        state.info.createdAt = b.value(u"created_at").toString();
        state.info.syncWithGit = b.value(u"sync_with_git").toBool();
        state.info.isDefault = state.info.name == u"main";
        for (const QJsonValue &nv : b.value(u"nodes").toArray()) {
            const QJsonObject o = nv.toObject();
            NodeRecord rec;
            rec.id = o.value(u"id").toString();
            rec.kind = o.value(u"kind").toString();
            if (rec.id.isEmpty() || !m_schema->kind(rec.kind) || !m_schema->kind(rec.kind)->isNode())
                return fail(QStringLiteral("branch %1: node %2 has an unknown kind '%3'")
                                .arg(state.info.name, rec.id, rec.kind));
            rec.createdAt = o.value(u"created_at").toString();
            rec.updatedAt = o.value(u"updated_at").toString();
            const QJsonObject attrs = o.value(u"attributes").toObject();
            for (auto it = attrs.begin(); it != attrs.end(); ++it)
                rec.attributes.insert(it.key(), attributeFromJson(it.value().toObject()));
            const QJsonObject rels = o.value(u"relationships").toObject();
            for (auto it = rels.begin(); it != rels.end(); ++it) {
                QList<RelationshipEdge> edges;
                for (const QJsonValue &ev : it.value().toArray()) {
                    const QJsonObject e = ev.toObject();
                    edges.append({e.value(u"id").toString(), e.value(u"is_protected").toBool(),
                                  e.value(u"source").toString(), e.value(u"owner").toString(),
                                  e.value(u"updated_at").toString()});
                }
                rec.relationships.insert(it.key(), edges);
            }
            const QString id = rec.id; // copied first: argument evaluation order is unspecified
            state.idsByKind[rec.kind].insert(id);
            state.nodes.insert(id, sealed(std::move(rec)));
        }
        loaded.insert_or_assign(state.info.name, std::move(state));
    }
    if (!loaded.count(QStringLiteral("main")))
        return fail(QStringLiteral("the data file has no 'main' branch"));
    // Share identical records between a branch and main so that only real changes count as changes.
    const BranchState &main = loaded.at(QStringLiteral("main"));
    for (auto &[name, state] : loaded) {
        if (name == u"main")
            continue;
        for (auto it = state.nodes.begin(); it != state.nodes.end(); ++it) {
            const NodeRef m = main.nodes.value(it.key());
            if (m && m->updatedAt == it.value()->updatedAt)
                it.value() = m;
        }
        state.base = main.nodes;
    }
    m_branches = std::move(loaded);
    return true;
}

} // namespace infrahub::sandbox
