// withRetry(): an operation retried under a RetryPolicy. The outcome carries the result plus the account
// of what happened (attempts, the delays waited, whether a check confirmed an ambiguous create);
// outcome.toResult() gives the plain Result.
#pragma once

#include "operationrunner.h"

namespace infrahub {

// `fn(CancellationToken) -> QCoro::Task<Result<R>>`, called once per attempt. For
// RetrySafety::UnsafeCheckFirst pass `check`; without one an ambiguous failure is not retried at all.
template <typename Fn, typename R = detail::OperationValueT<Fn, CancellationToken>>
QCoro::Task<ItemOutcome<R>> withRetry(Fn fn, RetryPolicy policy, CancellationToken token = {},
                                      std::type_identity_t<AppliedCheck<R>> check = {}) {
    OperationOptions options;
    options.retry = std::move(policy);
    return runOperation<Fn, R>(std::move(fn), std::move(options), std::move(token), std::move(check));
}

} // namespace infrahub
