// What happened to one item of a batch (or one retried/timed operation): exactly one status, the value
// or the error, how many attempts it took and when it ran. Designed for an exact account after a cancel:
// an item either finished (Succeeded/Failed/TimedOut), was running and got aborted (Cancelled), or never
// ran (NotStarted).
#pragma once

#include "client/infrahuberror.h"

#include <QtGlobal>

#include <optional>
#include <vector>

namespace infrahub {

enum class ItemStatus {
    Succeeded,  // the operation returned a value (even if cancellation was requested meanwhile: it finished)
    Failed,     // the operation returned an error (after any retries)
    Cancelled,  // it was running (or waiting to retry) when the batch was cancelled or stopped
    NotStarted, // still queued when the batch was cancelled or stopped; the operation was never called
    TimedOut,   // its last attempt exceeded the per-attempt timeout
};

template <typename R> struct ItemOutcome {
    ItemStatus status = ItemStatus::NotStarted;
    std::optional<R> value; // set exactly when status == Succeeded
    // Set for every status but Succeeded: the operation's own error for Failed, Kind::Timeout for
    // TimedOut, Kind::Cancelled for Cancelled and NotStarted (with a message saying why).
    InfrahubError error;
    int attempts = 0;               // how many times the operation was called
    std::vector<int> retryDelaysMs; // the backoff waited before each retry, in order
    bool confirmedByCheck = false;  // Succeeded because a check found an ambiguous create had happened
    bool abandoned = false;         // the operation ignored cancellation and was left running (its end
                                    // result is unknown; see BatchOptions::abandonAfterMs)
    qint64 startedAtMs = -1;        // relative to the start of the batch; -1 when never started
    qint64 finishedAtMs = -1;

    bool succeeded() const { return status == ItemStatus::Succeeded; }
    qint64 durationMs() const { return startedAtMs < 0 ? 0 : finishedAtMs - startedAtMs; }
    // The value, or the error that explains why there is none.
    Result<R> toResult() const {
        if (status == ItemStatus::Succeeded && value)
            return *value;
        return error;
    }
};

} // namespace infrahub
