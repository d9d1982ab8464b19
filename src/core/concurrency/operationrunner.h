// runOperation(): one operation run the careful way: each attempt gets its own cancellation token and an
// optional deadline, transient failures are retried with backoff (only when the operation is safe to
// repeat, or a check proved the failed attempt left no trace), and the result is an ItemOutcome saying
// exactly how it ended. withTimeout(), withRetry() and the batch runners are all built on it.
//
// An attempt that is told to stop (deadline or cancellation) gets `abandonAfterMs` to return; if it is
// still running then, the outcome is reported anyway (marked `abandoned`) and the attempt is left to finish
// in the background, keeping alive what it needs: its callable and the caller's `hold` (the batch runner
// puts its concurrency permit there, so a runaway attempt keeps occupying its slot).
#pragma once

#include "asyncevent.h"
#include "cancellationtoken.h"
#include "concurrencyerrors.h"
#include "itemoutcome.h"
#include "operationtraits.h"
#include "retrypolicy.h"

#include <QElapsedTimer>
#include <QRandomGenerator>

#include <exception>
#include <memory>
#include <optional>
#include <type_traits>

namespace infrahub {

struct OperationOptions {
    RetryPolicy retry;         // default: a single attempt
    int attemptTimeoutMs = 0;  // per attempt; 0 or less: no deadline
    int abandonAfterMs = 2000; // grace for an attempt told to stop before it is left behind
};

namespace detail {

template <typename R> struct AttemptState {
    AsyncEvent done;
    std::optional<Result<R>> result;
    // Whether the attempt's token had been cancelled when the operation returned: tells an error caused by
    // our stop request (Cancelled/TimedOut) from one the operation ran into on its own (Failed).
    bool stopRequestedBeforeDone = false;
};

// Runs one attempt to its end, even when nobody waits for it any more. Everything it touches is owned by
// its own frame (the callable, the state, the hold), so an abandoned attempt is safe to leave running.
template <typename R>
QCoro::Task<> superviseAttempt(std::shared_ptr<AttemptFn<R>> attempt, CancellationToken token,
                               std::shared_ptr<AttemptState<R>> state, std::shared_ptr<void> hold) {
    try {
        auto task = (*attempt)(token);
        Result<R> result = co_await task;
        state->result.emplace(std::move(result));
    } catch (const std::exception &e) {
        state->result.emplace(concurrencyerrors::unexpectedException(e.what()));
    } catch (...) {
        state->result.emplace(concurrencyerrors::unexpectedException(nullptr));
    }
    state->stopRequestedBeforeDone = token.isCancelled();
    state->done.set();
}

template <typename R>
QCoro::Task<Result<std::optional<R>>> runCheck(std::shared_ptr<AppliedCheck<R>> check,
                                               CancellationToken token) {
    try {
        auto task = (*check)(token);
        Result<std::optional<R>> applied = co_await task;
        co_return applied;
    } catch (const std::exception &e) {
        co_return concurrencyerrors::unexpectedException(e.what());
    } catch (...) {
        co_return concurrencyerrors::unexpectedException(nullptr);
    }
}

template <typename R>
QCoro::Task<ItemOutcome<R>> runOperationImpl(std::shared_ptr<AttemptFn<R>> attempt,
                                             std::shared_ptr<AppliedCheck<R>> check, OperationOptions options,
                                             CancellationToken token, QElapsedTimer clock,
                                             std::weak_ptr<void> hold) {
    // `hold` is weak here and strong only in the attempts: the caller holds it for the duration of the
    // call, and when this coroutine ends it must not keep it (the frame outlives co_return while QCoro
    // resumes the awaiting coroutine, and a batch worker reuses its permit right then).
    ItemOutcome<R> outcome;
    if (!clock.isValid())
        clock.start();
    const auto finish = [&outcome, &clock](ItemStatus status, std::optional<InfrahubError> error) {
        outcome.status = status;
        if (error)
            outcome.error = std::move(*error);
        outcome.finishedAtMs = clock.elapsed();
    };
    if (token.isCancelled()) {
        outcome.error = concurrencyerrors::notStarted();
        co_return outcome;
    }
    outcome.startedAtMs = clock.elapsed();
    const RetryPolicy &policy = options.retry;
    const int maxAttempts = std::max(policy.maxAttempts, 1);
    const int timeoutMs = options.attemptTimeoutMs > 0 ? options.attemptTimeoutMs : -1;
    const int graceMs = std::max(options.abandonAfterMs, 0);

    while (true) {
        ++outcome.attempts;
        CancellationSource attemptSource(token);
        auto state = std::make_shared<AttemptState<R>>();
        superviseAttempt<R>(attempt, attemptSource.token(), state, hold.lock()); // detached: runs on its own

        auto waiting = state->done.wait(timeoutMs, token);
        const WaitOutcome ended = co_await waiting;
        const bool timedOut = ended == WaitOutcome::TimedOut;
        if (ended != WaitOutcome::Signalled) {
            attemptSource.cancel();
            auto stopping = state->done.wait(graceMs);
            co_await stopping;
        }
        if (!state->done.isSet()) {
            outcome.abandoned = true;
            finish(timedOut ? ItemStatus::TimedOut : ItemStatus::Cancelled,
                   concurrencyerrors::abandoned(timedOut, timeoutMs, graceMs));
            co_return outcome;
        }

        Result<R> result = std::move(*state->result);
        if (result.ok()) {
            // It finished, so it counts, even if a stop had been requested in the meantime.
            outcome.value.emplace(std::move(result.value()));
            finish(ItemStatus::Succeeded, std::nullopt);
            co_return outcome;
        }
        if (state->stopRequestedBeforeDone && !timedOut) {
            finish(ItemStatus::Cancelled, concurrencyerrors::cancelled());
            co_return outcome;
        }
        InfrahubError error =
            timedOut ? concurrencyerrors::timedOut(options.attemptTimeoutMs) : result.error();
        const ItemStatus failure = timedOut ? ItemStatus::TimedOut : ItemStatus::Failed;

        bool retry = outcome.attempts < maxAttempts && policy.shouldRetry(error) &&
                     policy.safety != RetrySafety::Never && !token.isCancelled();
        if (retry && policy.safety == RetrySafety::UnsafeCheckFirst && mayHaveBeenApplied(error)) {
            // Never repeat a create blindly: first find out whether the failed attempt went through.
            retry = false;
            if (check) {
                auto checking = runCheck<R>(check, token);
                Result<std::optional<R>> applied = co_await checking;
                if (token.isCancelled() && !(applied.ok() && applied.value())) {
                    finish(ItemStatus::Cancelled, concurrencyerrors::cancelled());
                    co_return outcome;
                }
                if (!applied.ok()) {
                    error = concurrencyerrors::unverified(std::move(error), applied.error());
                } else if (applied.value()) {
                    outcome.value.emplace(std::move(*applied.value()));
                    outcome.confirmedByCheck = true;
                    finish(ItemStatus::Succeeded, std::nullopt);
                    co_return outcome;
                } else {
                    retry = true;
                }
            }
        }
        const int delayMs = retry ? policy.delayBeforeRetryMs(outcome.attempts, error,
                                                              QRandomGenerator::global()->generateDouble())
                                  : -1;
        if (delayMs < 0) {
            finish(failure, std::move(error));
            co_return outcome;
        }
        outcome.retryDelaysMs.push_back(delayMs);
        auto sleeping = delay(delayMs, token);
        if (!co_await sleeping) {
            finish(ItemStatus::Cancelled, concurrencyerrors::cancelled());
            co_return outcome;
        }
    }
}

} // namespace detail

// Runs `fn(CancellationToken) -> QCoro::Task<Result<R>>` with `options`. `check` (optional) serves
// RetrySafety::UnsafeCheckFirst. `clock` sets the origin of the outcome's start/finish times (defaults to
// now). The callable is kept alive until every attempt it started has finished, so a capturing lambda is
// fine here.
template <typename Fn, typename R = detail::OperationValueT<Fn, CancellationToken>>
QCoro::Task<ItemOutcome<R>> runOperation(Fn fn, OperationOptions options, CancellationToken token = {},
                                         std::type_identity_t<AppliedCheck<R>> check = {},
                                         QElapsedTimer clock = {}) {
    auto attempt = std::make_shared<AttemptFn<R>>(std::move(fn));
    auto checkFn = check ? std::make_shared<AppliedCheck<R>>(std::move(check)) : nullptr;
    return detail::runOperationImpl<R>(std::move(attempt), std::move(checkFn), std::move(options),
                                       std::move(token), clock, {});
}

} // namespace infrahub
