#include "branchtransaction.h"

#include <QDateTime>

namespace infrahub {

QString BranchTransactionOutcome::summary() const {
    if (!created)
        return QStringLiteral("Nothing was changed: the branch %1 could not be created (%2).")
            .arg(branch, error ? error->message : QString());
    if (merged)
        return QStringLiteral("The changes were made on branch %1 and merged.").arg(branch);
    const QString where = deleted ? QStringLiteral("the branch %1 was deleted").arg(branch)
                                  : QStringLiteral("they are kept on branch %1 for review").arg(branch);
    if (workSucceeded && !error)
        return QStringLiteral("The changes were made; %1 (not merged).").arg(where);
    return QStringLiteral("The changes were not merged (%1); %2.")
        .arg(error ? error->message : QString(), where);
}

QCoro::Task<BranchTransactionOutcome> runInBranch(InfrahubClient *client, BranchWork work,
                                                  BranchTransactionOptions options, CancellationToken token) {
    BranchTransactionOutcome outcome;
    outcome.branch = options.branchName.isEmpty()
                         ? QStringLiteral("tx-") +
                               QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"))
                         : options.branchName;
    BranchCreateOptions create;
    create.name = outcome.branch;
    create.description = options.description;
    const Result<BranchInfo> branch = co_await client->createBranch(create, token);
    if (!branch) {
        outcome.error = branch.error();
        co_return outcome;
    }
    outcome.created = true;

    const Result<bool> done = co_await work(outcome.branch, token);
    outcome.workSucceeded = done && done.value() && !token.isCancelled();
    if (!done)
        outcome.error = done.error();
    else if (token.isCancelled())
        outcome.error = InfrahubError::make(InfrahubError::Kind::Cancelled, QStringLiteral("cancelled"));
    else if (!done.value())
        outcome.error =
            InfrahubError::make(InfrahubError::Kind::GraphQL, QStringLiteral("the work reported a failure"));

    if (outcome.workSucceeded && options.mergeOnSuccess) {
        // The merge itself is not cancellable: once the work is complete, a half-merged main is the one
        // outcome worse than either finishing or not starting.
        const Result<BranchInfo> merged = co_await client->mergeBranch(outcome.branch);
        if (merged)
            outcome.merged = true;
        else
            outcome.error = merged.error();
    }
    if (!outcome.merged && !outcome.workSucceeded &&
        options.onFailure == BranchTransactionOptions::OnFailure::DeleteBranch) {
        const Result<bool> deleted = co_await client->deleteBranch(outcome.branch);
        outcome.deleted = deleted && deleted.value();
    }
    co_return outcome;
}

} // namespace infrahub
