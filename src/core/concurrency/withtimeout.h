// withTimeout(): an operation with a deadline. At the deadline the operation's token is cancelled (so it
// can abort its replies) and the result is InfrahubError::Kind::Timeout, unless the operation managed to
// succeed while stopping: a finished operation is never reported as failed.
#pragma once

#include "operationrunner.h"

namespace infrahub {

namespace detail {

template <typename R>
QCoro::Task<Result<R>> timeoutImpl(std::shared_ptr<AttemptFn<R>> attempt, OperationOptions options,
                                   CancellationToken token) {
    auto running = runOperationImpl<R>(std::move(attempt), nullptr, std::move(options), std::move(token),
                                       QElapsedTimer(), {});
    ItemOutcome<R> outcome = co_await running;
    co_return outcome.toResult();
}

} // namespace detail

// `fn(CancellationToken) -> QCoro::Task<Result<R>>`. `timeoutMs` <= 0 means no deadline. Cancelling
// `token` cancels the operation too (result Kind::Cancelled). An operation that ignores its token is
// given `abandonAfterMs` to return and then left running in the background (the callable stays alive).
template <typename Fn, typename R = detail::OperationValueT<Fn, CancellationToken>>
QCoro::Task<Result<R>> withTimeout(Fn fn, int timeoutMs, CancellationToken token = {},
                                   int abandonAfterMs = 2000) {
    OperationOptions options;
    options.attemptTimeoutMs = timeoutMs;
    options.abandonAfterMs = abandonAfterMs;
    return detail::timeoutImpl<R>(std::make_shared<AttemptFn<R>>(std::move(fn)), std::move(options),
                                  std::move(token));
}

} // namespace infrahub
