// A branch as the `Branch` query and the branch mutations return it. Unknown keys (newer servers add
// `status`, `graph_version`, ...) are ignored except `status`, kept for display.
#pragma once

#include "core/client/infrahuberror.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace infrahub {

struct BranchInfo {
    QString id;
    QString name;
    QString description;
    QString originBranch;
    QString branchedFrom;
    QString createdAt;
    QString status; // newer servers: OPEN, NEED_REBASE, MERGING, ...
    bool isDefault = false;
    bool syncWithGit = false;
    bool hasSchemaChanges = false;

    static BranchInfo fromJson(const QJsonObject &object);
    // The branches of a `Branch` query's `data` ({"Branch": [...]}); an error when the key is missing.
    static Result<QList<BranchInfo>> listFromData(const QJsonObject &data);
};

} // namespace infrahub
