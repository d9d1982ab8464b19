// runBatch(): run an operation for every item with at most `limit` at a time, and account for every item.
//
// Guarantees:
// - outcomes[i] belongs to items[i]; items start in input order;
// - at most `limit` operations run at once, counting ones left running after they ignored a stop;
// - after the caller cancels (or fail-fast stops) no operation is started any more, running ones have
//   their token cancelled and are awaited (up to abandonAfterMs), and every item ends up exactly one of
//   Succeeded / Failed / Cancelled / NotStarted / TimedOut;
// - the progress callback runs on the caller's thread after every finished item.
#pragma once

#include "asyncsemaphore.h"
#include "batchoptions.h"
#include "batchreport.h"
#include "gather.h"
#include "operationrunner.h"

#include <QElapsedTimer>

#include <memory>
#include <utility>
#include <vector>

namespace infrahub {

// For RetrySafety::UnsafeCheckFirst in a batch: "did the failed attempt for this item take effect?"
template <typename Item, typename R>
using ItemAppliedCheck =
    std::function<QCoro::Task<Result<std::optional<R>>>(const Item &, CancellationToken)>;

namespace detail {

template <typename Item, typename Fn, typename R> struct BatchState {
    BatchState(std::vector<Item> items, int limit, Fn fn, BatchOptions options,
               ItemAppliedCheck<Item, R> check)
        : items(std::move(items))
        , fn(std::move(fn))
        , check(std::move(check))
        , options(std::move(options))
        , stop(this->options.token)
        , slots(limit) {
        outcomes.resize(this->items.size());
    }

    const std::vector<Item> items;
    Fn fn;
    const ItemAppliedCheck<Item, R> check;
    const BatchOptions options;
    CancellationSource stop; // the caller's token, or fail-fast
    AsyncSemaphore slots;
    QElapsedTimer clock;
    std::vector<ItemOutcome<R>> outcomes;
    std::size_t next = 0;
    int done = 0;
    int failed = 0;
    int firstFailureIndex = -1;
};

template <typename Item, typename Fn, typename R>
QCoro::Task<> batchWorker(std::shared_ptr<BatchState<Item, Fn, R>> st) {
    while (true) {
        auto acquiring = st->slots.acquire(st->stop.token());
        Result<SemaphorePermit> permit = co_await acquiring;
        // Checked right before the operation is called, with no suspension in between: nothing starts
        // after a stop.
        if (!permit.ok() || st->stop.isCancelled() || st->next >= st->items.size())
            co_return;
        const std::size_t index = st->next++;
        auto hold = std::make_shared<SemaphorePermit>(std::move(permit.value()));

        // The callables capture the state: whatever an abandoned attempt still needs (the item, the
        // user's callable) stays alive as long as the attempt runs.
        auto attempt = std::make_shared<AttemptFn<R>>(
            [st, index](CancellationToken token) { return st->fn(std::as_const(st->items[index]), token); });
        std::shared_ptr<AppliedCheck<R>> check;
        if (st->check) {
            check = std::make_shared<AppliedCheck<R>>([st, index](CancellationToken token) {
                return st->check(std::as_const(st->items[index]), token);
            });
        }
        OperationOptions options;
        options.retry = st->options.retry;
        options.attemptTimeoutMs = st->options.perItemTimeoutMs;
        options.abandonAfterMs = st->options.abandonAfterMs;

        auto running = runOperationImpl<R>(std::move(attempt), std::move(check), std::move(options),
                                           st->stop.token(), st->clock, hold);
        ItemOutcome<R> outcome = co_await running;
        hold.reset(); // our share; an abandoned attempt keeps the permit until it really ends
        const ItemStatus status = outcome.status;
        st->outcomes[index] = std::move(outcome);
        ++st->done;
        if (status != ItemStatus::Succeeded)
            ++st->failed;
        if (st->options.mode == BatchMode::StopAtFirstError && !st->stop.isCancelled() &&
            (status == ItemStatus::Failed || status == ItemStatus::TimedOut)) {
            st->firstFailureIndex = int(index);
            st->stop.cancel();
        }
        if (st->options.progress)
            st->options.progress(st->done, st->failed, int(st->items.size()));
    }
}

template <typename Item, typename Fn, typename R>
QCoro::Task<BatchReport<R>> runBatchImpl(std::shared_ptr<BatchState<Item, Fn, R>> st) {
    st->clock.start();
    const std::size_t workerCount =
        std::min<std::size_t>(st->items.size(), std::size_t(st->slots.capacity()));
    std::vector<QCoro::Task<>> workers;
    workers.reserve(workerCount);
    for (std::size_t i = 0; i < workerCount; ++i)
        workers.push_back(batchWorker<Item, Fn, R>(st));
    auto all = gather(std::move(workers));
    co_await all;

    BatchReport<R> report;
    report.wasCancelled = st->options.token.isCancelled();
    report.stoppedEarly = st->firstFailureIndex >= 0;
    report.firstFailureIndex = st->firstFailureIndex;
    for (auto &outcome : st->outcomes) {
        if (outcome.status == ItemStatus::NotStarted && outcome.attempts == 0) {
            outcome.error = report.stoppedEarly
                                ? concurrencyerrors::notStartedAfterFailure(st->firstFailureIndex)
                                : concurrencyerrors::notStartedBatchCancelled();
        }
    }
    // Moved, not copied (65,534 outcomes for a sweep): an abandoned attempt still holds the state for its
    // item and callable, but outcomes are written only by the workers, and they have all ended.
    report.outcomes = std::move(st->outcomes);
    report.tally();
    report.elapsedMs = st->clock.elapsed();
    co_return report;
}

} // namespace detail

// `fn(const Item &, CancellationToken) -> QCoro::Task<Result<R>>`. The token fn receives is cancelled on
// batch cancel, fail-fast stop or when its attempt times out; fn should abort its replies then. `check`
// serves RetrySafety::UnsafeCheckFirst. `limit` below 1 counts as 1.
template <typename Item, typename Fn,
          typename R = detail::OperationValueT<Fn, const Item &, CancellationToken>>
QCoro::Task<BatchReport<R>> runBatch(std::vector<Item> items, int limit, Fn fn, BatchOptions options = {},
                                     std::type_identity_t<ItemAppliedCheck<Item, R>> check = {}) {
    auto state = std::make_shared<detail::BatchState<Item, Fn, R>>(
        std::move(items), std::max(limit, 1), std::move(fn), std::move(options), std::move(check));
    return detail::runBatchImpl<Item, Fn, R>(std::move(state));
}

} // namespace infrahub
