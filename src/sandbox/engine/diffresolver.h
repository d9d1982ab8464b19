// Infrahub's branch diff over GraphQL (docs/branch-diff.md): the `DiffUpdate` mutation computes and stores
// a branch's diff against the branch it came from; `DiffTree` and `DiffTreeSummary` answer from the stored
// diff, and are null until one was computed - as on a real server.
#pragma once

#include "executioncontext.h"

namespace infrahub::sandbox {

class DiffResolver {
public:
    explicit DiffResolver(ExecutionContext &context);

    static bool handlesQueryField(const QString &name) {
        return name == u"DiffTree" || name == u"DiffTreeSummary";
    }

    void writeDiffTree(const FieldGroup &field, JsonBuffer &out);
    void writeDiffTreeSummary(const FieldGroup &field, JsonBuffer &out);
    QByteArray diffUpdate(const FieldGroup &field);

private:
    // The branch named by the `branch` argument (the default branch without one), or a BRANCH_NOT_FOUND
    // failure. Time-bounded and named diffs need history the sandbox does not keep: they fail clearly.
    BranchState &targetBranch(const gql::Selection &field, const QString &branchArgument);
    void rejectUnsupported(const gql::Selection &field, const QStringList &arguments);
    // Writes `value` as the selection of `field` asks for it; `typeName` is the value's GraphQL type.
    void writeSelected(const QJsonValue &value, const QString &typeName, const FieldGroup &field,
                       JsonBuffer &out);

    ExecutionContext &m_context;
};

} // namespace infrahub::sandbox
