// The errors the concurrency toolkit itself reports (as opposed to an operation's own errors), worded
// for the user: what happened and what it means for the work.
#pragma once

#include "client/infrahuberror.h"

namespace infrahub::concurrencyerrors {

InfrahubError cancelled();                       // was running and stopped on request
InfrahubError notStarted();                      // cancellation came before the operation began
InfrahubError notStartedBatchCancelled();        // still queued when the batch was cancelled
InfrahubError notStartedAfterFailure(int index); // still queued when item `index` failed (fail-fast)
InfrahubError timedOut(int timeoutMs);
// Told to stop, it had not returned `graceMs` later and was left running; whether it took effect is
// unknown. `timedOut` tells which of the two stops it was.
InfrahubError abandoned(bool timedOut, int timeoutMs, int graceMs);
InfrahubError unexpectedException(const char *what);
// `original` (an ambiguous failure) with a note that checking whether it took effect failed too.
InfrahubError unverified(InfrahubError original, const InfrahubError &checkError);

} // namespace infrahub::concurrencyerrors
