// The result of a batch: every item's outcome in input order, plus the totals a jobs panel shows.
#pragma once

#include "itemoutcome.h"

#include <vector>

namespace infrahub {

template <typename R> struct BatchReport {
    std::vector<ItemOutcome<R>> outcomes; // outcomes[i] belongs to items[i]
    int succeeded = 0;
    int failed = 0;
    int cancelled = 0;
    int notStarted = 0;
    int timedOut = 0;
    bool wasCancelled = false;  // the caller's token was cancelled before the batch finished
    bool stoppedEarly = false;  // fail-fast: an item failed and the rest were stopped
    int firstFailureIndex = -1; // the item whose failure stopped a fail-fast batch, -1 otherwise
    qint64 elapsedMs = 0;

    int total() const { return int(outcomes.size()); }
    bool allSucceeded() const { return succeeded == total(); }
    int count(ItemStatus status) const {
        switch (status) {
        case ItemStatus::Succeeded:
            return succeeded;
        case ItemStatus::Failed:
            return failed;
        case ItemStatus::Cancelled:
            return cancelled;
        case ItemStatus::NotStarted:
            return notStarted;
        case ItemStatus::TimedOut:
            return timedOut;
        }
        return 0;
    }

    // Recomputes the counters from the outcomes (the runners call it once, at the end).
    void tally() {
        succeeded = failed = cancelled = notStarted = timedOut = 0;
        for (const auto &outcome : outcomes) {
            switch (outcome.status) {
            case ItemStatus::Succeeded:
                ++succeeded;
                break;
            case ItemStatus::Failed:
                ++failed;
                break;
            case ItemStatus::Cancelled:
                ++cancelled;
                break;
            case ItemStatus::NotStarted:
                ++notStarted;
                break;
            case ItemStatus::TimedOut:
                ++timedOut;
                break;
            }
        }
    }
};

} // namespace infrahub
