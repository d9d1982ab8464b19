// Run a batch of changes on a fresh branch and merge it only if everything succeeded (the seeds'
// `device_transaction`): main never ends up half-changed. On failure or cancellation the branch is kept
// for review or deleted, as the caller chose, and the outcome says exactly what happened.
#pragma once

#include "core/concurrency/cancellationtoken.h"
#include "infrahubclient.h"

#include <QString>

#include <functional>
#include <optional>

namespace infrahub {

struct BranchTransactionOptions {
    QString branchName; // empty: "tx-<UTC timestamp>"
    QString description;
    bool mergeOnSuccess = true;
    enum class OnFailure { KeepBranch, DeleteBranch };
    OnFailure onFailure = OnFailure::KeepBranch;
};

struct BranchTransactionOutcome {
    QString branch;
    bool created = false;
    bool workSucceeded = false;
    bool merged = false;
    bool deleted = false;
    std::optional<InfrahubError> error; // the first thing that went wrong, if anything did

    bool succeeded() const { return workSucceeded && !error; }
    // One sentence for the user, e.g. "The changes were made on branch tx-... and merged into main."
    QString summary() const;
};

// `work` makes the changes on the branch it is given; it returns an error to abort the transaction.
using BranchWork = std::function<QCoro::Task<Result<bool>>(QString branch, CancellationToken token)>;

QCoro::Task<BranchTransactionOutcome> runInBranch(InfrahubClient *client, BranchWork work,
                                                  BranchTransactionOptions options = {},
                                                  CancellationToken token = {});

} // namespace infrahub
