#include "branchinfo.h"

#include <QJsonArray>

namespace infrahub {

BranchInfo BranchInfo::fromJson(const QJsonObject &o) {
    BranchInfo b;
    b.id = o.value(u"id").toString();
    b.name = o.value(u"name").toString();
    b.description = o.value(u"description").toString();
    b.originBranch = o.value(u"origin_branch").toString();
    b.branchedFrom = o.value(u"branched_from").toString();
    b.createdAt = o.value(u"created_at").toString();
    b.status = o.value(u"status").toString();
    b.isDefault = o.value(u"is_default").toBool();
    b.syncWithGit = o.value(u"sync_with_git").toBool();
    b.hasSchemaChanges = o.value(u"has_schema_changes").toBool();
    return b;
}

Result<QList<BranchInfo>> BranchInfo::listFromData(const QJsonObject &data) {
    const QJsonValue branches = data.value(u"Branch");
    if (!branches.isArray())
        return InfrahubError::make(InfrahubError::Kind::Protocol,
                                   QStringLiteral("The answer to the branch query has no 'Branch' list."));
    QList<BranchInfo> out;
    for (const QJsonValue &b : branches.toArray())
        if (b.isObject())
            out.append(fromJson(b.toObject()));
    return out;
}

} // namespace infrahub
