// A branch's changes against the branch it was created from, read through Infrahub's diff API
// (docs/branch-diff.md): the `DiffUpdate` mutation (re)computes the diff on the server, then the
// `DiffTree` query returns it. Both are sent to the default branch's endpoint and name the branch in an
// argument, like the branch operations. BranchDiff is the typed result: a summary plus every changed
// object with its changed attributes (old -> new) and relationships (peers added, removed or replaced).
#pragma once

#include "core/client/infrahuberror.h"
#include "graphqlrequest.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace infrahub {

// Infrahub's DiffAction.
enum class DiffAction { Added, Updated, Removed, Unchanged };
DiffAction diffActionFromName(const QString &name); // ADDED, UPDATED, REMOVED; anything else: Unchanged

struct DiffAttributeChange {
    QString name;
    DiffAction action = DiffAction::Updated;
    // The attribute's value before and after, as Infrahub prints it (text; booleans True/False); none when
    // unset (and always none before for an added object, after for a removed one).
    std::optional<QString> previousValue;
    std::optional<QString> newValue;
};

struct DiffPeerChange {
    QString peerId; // the peer now (for a removed peer: the peer that was removed)
    QString peerLabel;
    DiffAction action = DiffAction::Updated; // Updated: a cardinality-one peer replaced by another
    QString previousPeerId;                  // Updated only: the peer before
    QString previousPeerLabel;
};

struct DiffRelationshipChange {
    QString name;
    QString label;
    bool many = true;
    DiffAction action = DiffAction::Updated;
    QList<DiffPeerChange> peers;
};

struct DiffNodeChange {
    QString kind;
    QString id;
    QString label;
    DiffAction action = DiffAction::Updated;
    QList<DiffAttributeChange> attributes;
    QList<DiffRelationshipChange> relationships;
};

struct BranchDiff {
    QString baseBranch;
    QString branch;
    QString fromTime;
    QString toTime;
    int added = 0;   // objects, as the server counts them
    int updated = 0; // includes objects changed only because a peer was linked to or unlinked from them
    int removed = 0;
    int conflicts = 0;
    QList<DiffNodeChange> nodes;

    bool isEmpty() const { return nodes.isEmpty(); }

    // The `data` of a DiffTree answer. A null DiffTree (no diff computed) is an empty diff of `branch`.
    static Result<BranchDiff> fromData(const QJsonObject &data, const QString &branch);
};

class BranchDiffRequests {
public:
    // `mutation DiffUpdate { DiffUpdate(data: {branch: ...}, wait_until_completion: true) { ok } }`: the
    // server computes the diff before it answers, so the DiffTree that follows sees every change.
    static Result<GraphQLRequest> update(const QString &branch);
    // `query DiffTree { DiffTree(branch: ...) { counts, nodes { attributes, relationships } } }`.
    static Result<GraphQLRequest> tree(const QString &branch);
};

} // namespace infrahub
