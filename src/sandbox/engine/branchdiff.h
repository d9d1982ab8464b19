// What a branch changed against the branch it was created from, in the shape of Infrahub's diff tree
// (docs/branch-diff.md): nodes ADDED / UPDATED / REMOVED, each with its changed attributes (one HAS_VALUE
// property with the previous and the new value, plus changed metadata) and relationships (one element per
// peer, with an IS_RELATED property). Infrahub computes a diff with the `DiffUpdate` mutation and serves
// the stored result through `DiffTree`; the sandbox stores the same thing as an O(1) snapshot of the two
// record hashes (BranchDiffSnapshot) and derives the tree from it on demand.
#pragma once

#include "sandboxstore.h"

#include <QJsonValue>
#include <QList>
#include <QString>

namespace infrahub::sandbox {

// Infrahub's DiffAction, as GraphQL prints it.
enum class DiffStatus { Added, Removed, Updated, Unchanged };
QString diffStatusName(DiffStatus status); // ADDED, REMOVED, UPDATED, UNCHANGED

struct DiffCounts {
    int added = 0;
    int updated = 0;
    int removed = 0;
    void count(DiffStatus status);
};

struct DiffPropertyData {
    QString propertyType;     // HAS_VALUE, IS_PROTECTED, HAS_SOURCE, HAS_OWNER, IS_RELATED
    QJsonValue previousValue; // a string, or null
    QJsonValue newValue;
    QJsonValue previousLabel; // IS_RELATED: the peers' display labels
    QJsonValue newLabel;
    DiffStatus status = DiffStatus::Updated;
    QString lastChangedAt;
};

struct DiffAttributeData {
    QString name;
    DiffStatus status = DiffStatus::Updated;
    QString lastChangedAt;
    QList<DiffPropertyData> properties;
    DiffCounts counts; // of the properties
};

struct DiffElementData {
    QString peerId;
    QJsonValue peerLabel;
    DiffStatus status = DiffStatus::Updated;
    QString lastChangedAt;
    QList<DiffPropertyData> properties;
    DiffCounts counts;
};

struct DiffRelationshipData {
    QString name;
    QJsonValue label;
    bool many = true;
    DiffStatus status = DiffStatus::Updated;
    QString lastChangedAt;
    QList<DiffElementData> elements;
    DiffCounts counts; // of the elements
};

struct DiffNodeData {
    QString uuid;
    QString kind;
    QString label;
    DiffStatus status = DiffStatus::Updated;
    QString lastChangedAt;
    QList<DiffAttributeData> attributes;
    QList<DiffRelationshipData> relationships;
    DiffCounts counts; // of the attributes and relationships
};

struct BranchDiffData {
    QString baseBranch;
    QString diffBranch;
    QString fromTime;
    QString toTime;
    QList<DiffNodeData> nodes; // in id order (creation order)
    DiffCounts counts;         // of the nodes
};

// The diff tree of a stored snapshot. Records whose content did not change (a save that wrote the same
// values) are left out, as Infrahub only diffs what differs.
BranchDiffData computeBranchDiff(const SandboxStore &store, const BranchState &branch,
                                 const BranchDiffSnapshot &snapshot);

} // namespace infrahub::sandbox
