// The branch operations: list and get (`query { Branch { ... } }`), and the BranchCreate, BranchDelete,
// BranchMerge, BranchRebase and BranchValidate mutations. Infrahub only accepts them on the default
// branch's endpoint (`/graphql`), whichever branch they are about; the client sends them there.
// Branch names are checked with the git-ref rules Infrahub applies, so a bad name fails here with a
// readable message instead of on the server.
#pragma once

#include "core/client/infrahuberror.h"
#include "graphqlrequest.h"

#include <QString>

namespace infrahub {

struct BranchCreateOptions {
    QString name;
    QString description;
    QString originBranch; // empty: the server's default branch
    bool syncWithGit = false;
    // Wait for the branch to exist before answering (the answer then carries it); otherwise the server
    // answers at once with a task id.
    bool waitUntilCompletion = true;
};

class BranchRequests {
public:
    // `query BranchList { Branch { id name description origin_branch branched_from created_at is_default
    // sync_with_git has_schema_changes } }`.
    static GraphQLRequest list();
    // The same, for one branch: `Branch(name: "...")`.
    static Result<GraphQLRequest> get(const QString &name);
    static Result<GraphQLRequest> create(const BranchCreateOptions &options);
    static Result<GraphQLRequest> remove(const QString &name);
    static Result<GraphQLRequest> merge(const QString &name);
    static Result<GraphQLRequest> rebase(const QString &name);
    static Result<GraphQLRequest> validate(const QString &name);

    // What is wrong with `name` as a branch name (3 to 250 characters, git-ref rules: no spaces, control
    // characters, `..`, `//`, `@{`, `\`, none of `~^:?*[`, no leading or trailing `/`, no trailing `.`
    // or `.lock`); empty when it is fine.
    static QString branchNameProblem(const QString &name);

private:
    static Result<GraphQLRequest> byName(const QString &mutation, const QString &name, bool withObject);
};

} // namespace infrahub
