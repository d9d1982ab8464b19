// The sandbox's object store: branches of Infrahub objects over one schema. Branches are copy-on-write
// copies of the branch they start from (implicitly shared hashes of immutable records), so creating a branch
// is O(1) and a merge applies exactly what the branch changed since it was created or last rebased.
// Relationships are kept on both sides: linking a device to a site also lists the device under the site's
// `devices` (the peer relationship with the same identifier), as Infrahub does.
#pragma once

#include "core/schema/schemamodel.h"
#include "noderecord.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace infrahub::sandbox {

struct BranchInfo {
    QString id;
    QString name;
    QString description;
    QString originBranch;
    QString branchedFrom; // ISO 8601
    QString createdAt;
    bool syncWithGit = false;
    bool isDefault = false;
    bool hasSchemaChanges = false;
    QString status = QStringLiteral("OPEN");
};

// A diff as the `DiffUpdate` mutation computed it (branchdiff.h): the branch's records and its base at
// that moment (implicitly shared, so O(1)), and the time range it covers. `DiffTree` answers from it
// until the next `DiffUpdate`, like Infrahub's stored diffs. Kept in memory only.
struct BranchDiffSnapshot {
    QHash<QString, NodeRef> nodes;
    QHash<QString, NodeRef> base;
    QString fromTime; // the branch's branched_from
    QString toTime;   // when DiffUpdate ran
};

struct BranchState {
    BranchInfo info;
    QHash<QString, NodeRef> nodes;           // by id
    QHash<QString, QSet<QString>> idsByKind; // node kind -> ids
    QHash<QString, NodeRef> base;            // the origin's nodes when this branch was created or rebased
    // Sorted id lists per queried kind (node or generic), rebuilt lazily after a write.
    mutable QHash<QString, std::shared_ptr<const QStringList>> orderCache;
    std::optional<BranchDiffSnapshot> diff; // none until DiffUpdate ran for this branch
};

// What a branch changed against its base, for merges and reports.
struct BranchChanges {
    QStringList added;
    QStringList updated;
    QStringList removed;
};

class SandboxStore {
public:
    explicit SandboxStore(std::shared_ptr<const SchemaSet> schema);

    const SchemaSet &schema() const { return *m_schema; }
    std::shared_ptr<const SchemaSet> schemaPtr() const { return m_schema; }

    // Branches. `main` always exists and is the default branch.
    BranchState *branch(const QString &name);
    const BranchState *branch(const QString &name) const;
    QList<const BranchState *> branches() const; // in creation order, the default branch first
    BranchState &createBranch(const QString &name, const QString &description, bool syncWithGit,
                              const QString &origin = QStringLiteral("main"));
    bool deleteBranch(const QString &name);
    BranchChanges changes(const BranchState &branch) const;
    // Applies the branch's changes onto its origin and rebases the branch on the result.
    BranchChanges merge(BranchState &branch);
    // Moves the branch onto the origin's current state, keeping the branch's own changes.
    void rebase(BranchState &branch);

    // Reading.
    NodeRef node(const BranchState &branch, const QString &id) const { return branch.nodes.value(id); }
    // Ids of every node of `kind` (a node kind, or a generic: all implementing kinds) in the kind's
    // `order_by` order (creation order without one). Cached until the branch next changes.
    std::shared_ptr<const QStringList> orderedIds(const BranchState &branch, const QString &kind) const;
    QStringList nodeKindsOf(const QString &kind) const; // the node kinds a kind name covers
    QString displayLabel(const BranchState &branch, const NodeRecord &node) const;
    QStringList hfid(const BranchState &branch, const NodeRecord &node) const; // empty if the kind has none
    // Value of a schema path such as `name__value` or `site__name__value` (one relationship hop).
    QJsonValue pathValue(const BranchState &branch, const NodeRecord &node, const QString &path) const;
    // The node of `kind` whose hfid equals `hfid`, if any.
    NodeRef findByHfid(const BranchState &branch, const QString &kind, const QStringList &hfid) const;
    // The node of `kind` whose `default_filter` attribute equals `value`.
    NodeRef findByDefaultFilter(const BranchState &branch, const QString &kind, const QString &value) const;

    // Writing. `put` stores a record as is (both sides of relationships must already be right: use the
    // link helpers); `remove` also unlinks the node from every peer.
    void put(BranchState &branch, NodeRecord record);
    void remove(BranchState &branch, const QString &id);
    // Adds `peerId` to `node.relationship` and the node to the peer's counterpart relationship. For a
    // cardinality-one side the previous peer is unlinked first.
    void link(BranchState &branch, const QString &nodeId, const QString &relationship, const QString &peerId,
              const RelationshipEdge &properties = {});
    void unlink(BranchState &branch, const QString &nodeId, const QString &relationship,
                const QString &peerId);
    // The relationship on the peer's side that mirrors `rel` of `kind` (same identifier), or nullptr.
    const RelationshipSchema *counterpart(const QString &kind, const RelationshipSchema &rel,
                                          const QString &peerKind) const;

    QString newId();
    QString deploymentId() const { return m_deploymentId; }
    static QString now(); // ISO 8601 UTC with microseconds, as Infrahub prints timestamps

    // Persistence of every branch (data only; the schema comes from the schema files).
    QJsonObject toJson() const;
    bool loadJson(const QJsonObject &json, QString *error);

private:
    void invalidate(BranchState &branch);
    NodeRecord mutableCopy(const BranchState &branch, const QString &id) const;

    std::shared_ptr<const SchemaSet> m_schema;
    std::map<QString, BranchState> m_branches; // ordered by name for stable listings
    quint64 m_idCounter = 0;
    quint64 m_idEpochMs = 0;
    QString m_deploymentId;
};

} // namespace infrahub::sandbox
