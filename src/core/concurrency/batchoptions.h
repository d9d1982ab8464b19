// How a batch of operations runs: keep going after failures or stop at the first one, per-attempt
// timeout, retries, cancellation and progress reporting.
#pragma once

#include "cancellationtoken.h"
#include "retrypolicy.h"

#include <functional>

namespace infrahub {

enum class BatchMode {
    ContinueOnErrors, // every item runs; failures are recorded per item (asyncio
                      // gather(return_exceptions=True))
    StopAtFirstError, // the first failure cancels the running items and skips the rest (asyncio TaskGroup)
};

// Called after every finished item: `done` items reached a final status, `failed` of them did not succeed.
using BatchProgress = std::function<void(int done, int failed, int total)>;

struct BatchOptions {
    BatchMode mode = BatchMode::ContinueOnErrors;
    int perItemTimeoutMs = 0; // applies to each attempt of an item; 0: none
    RetryPolicy retry;        // default: no retries
    CancellationToken token;  // cancels the whole batch
    BatchProgress progress;
    int abandonAfterMs = 2000; // see OperationOptions::abandonAfterMs
};

} // namespace infrahub
