// WorkQueue: producer/consumer with N workers. Producers push items while the work is running (a sweep
// feeding targets as it expands them, pages feeding nodes); `workers` coroutines take items in FIFO order
// and run the operation on each, with the same per-item timeout, retry, fail-fast and cancellation rules
// as runBatch(). The queue is bounded: push() waits while it is full, so a fast producer cannot pile up
// unbounded work.
//
// Outcomes are numbered in the order items were accepted. After close() the workers finish what is queued;
// after cancel() (or a fail-fast stop) running items are cancelled and queued ones are reported NotStarted.
#pragma once

#include "asyncqueue.h"
#include "asyncsemaphore.h"
#include "batchoptions.h"
#include "batchreport.h"
#include "operationrunner.h"

#include <QElapsedTimer>

#include <memory>
#include <utility>
#include <vector>

namespace infrahub {

namespace detail {

template <typename T, typename R> struct WorkQueueState {
    using Operation = std::function<QCoro::Task<Result<R>>(const T &, CancellationToken)>;
    using OutcomeCallback =
        std::function<void(qsizetype index, const T &item, const ItemOutcome<R> &outcome)>;

    WorkQueueState(int workers, qsizetype capacity, Operation operation, BatchOptions options,
                   OutcomeCallback onOutcome)
        : operation(std::move(operation))
        , onOutcome(std::move(onOutcome))
        , options(std::move(options))
        , stop(this->options.token)
        , slots(workers)
        , queue(capacity)
        , liveWorkers(workers) {
        clock.start();
    }

    void record(qsizetype index, const T &item, ItemOutcome<R> outcome) {
        if (qsizetype(outcomes.size()) <= index)
            outcomes.resize(index + 1);
        const ItemStatus status = outcome.status;
        outcomes[index] = std::move(outcome);
        if (status == ItemStatus::NotStarted)
            return;
        ++done;
        if (status != ItemStatus::Succeeded)
            ++failed;
        if (options.mode == BatchMode::StopAtFirstError && !stop.isCancelled() &&
            (status == ItemStatus::Failed || status == ItemStatus::TimedOut)) {
            firstFailureIndex = int(index);
            stop.cancel();
        }
        if (onOutcome)
            onOutcome(index, item, outcomes[index]);
        if (options.progress)
            options.progress(done, failed, int(nextIndex + queue.size()));
    }

    // An accepted item that will never run (the queue was stopped before its turn).
    void recordNotStarted(const T &item) {
        const qsizetype index = nextIndex++;
        ItemOutcome<R> outcome;
        outcome.error = firstFailureIndex >= 0 ? concurrencyerrors::notStartedAfterFailure(firstFailureIndex)
                                               : concurrencyerrors::notStartedBatchCancelled();
        if (onOutcome)
            onOutcome(index, item, outcome);
        record(index, item, std::move(outcome));
    }

    // The last worker out writes the report.
    void workerFinished() {
        if (--liveWorkers > 0)
            return;
        queue.close();
        for (const T &item : queue.drain())
            recordNotStarted(item);
        report.outcomes = outcomes;
        report.wasCancelled = options.token.isCancelled() || cancelledByOwner;
        report.stoppedEarly = firstFailureIndex >= 0;
        report.firstFailureIndex = firstFailureIndex;
        report.tally();
        report.elapsedMs = clock.elapsed();
        finished.set();
    }

    const Operation operation;
    const OutcomeCallback onOutcome;
    const BatchOptions options;
    CancellationSource stop; // the options' token, cancel(), or fail-fast
    AsyncSemaphore slots;    // keeps the worker limit strict even for abandoned attempts
    AsyncQueue<T> queue;
    QElapsedTimer clock;
    std::vector<ItemOutcome<R>> outcomes;
    qsizetype nextIndex = 0;
    int liveWorkers;
    int done = 0;
    int failed = 0;
    int firstFailureIndex = -1;
    bool cancelledByOwner = false;
    AsyncEvent finished;
    BatchReport<R> report;
};

template <typename T, typename R> QCoro::Task<> workQueueWorker(std::shared_ptr<WorkQueueState<T, R>> st) {
    while (true) {
        auto acquiring = st->slots.acquire(st->stop.token());
        Result<SemaphorePermit> permit = co_await acquiring;
        if (!permit.ok())
            break;
        auto popping = st->queue.pop(st->stop.token());
        std::optional<T> popped = co_await popping;
        if (!popped || st->stop.isCancelled()) {
            if (popped) // handed over just as the queue stopped: it never ran
                st->recordNotStarted(*popped);
            break;
        }
        const qsizetype index = st->nextIndex++;
        auto item = std::make_shared<const T>(std::move(*popped));
        auto hold = std::make_shared<SemaphorePermit>(std::move(permit.value()));
        auto attempt = std::make_shared<AttemptFn<R>>(
            [st, item](CancellationToken token) { return st->operation(*item, token); });
        OperationOptions options;
        options.retry = st->options.retry;
        options.attemptTimeoutMs = st->options.perItemTimeoutMs;
        options.abandonAfterMs = st->options.abandonAfterMs;

        auto running = runOperationImpl<R>(std::move(attempt), nullptr, std::move(options), st->stop.token(),
                                           st->clock, hold);
        ItemOutcome<R> outcome = co_await running;
        hold.reset();
        st->record(index, *item, std::move(outcome));
    }
    st->workerFinished();
}

template <typename T, typename R>
QCoro::Task<BatchReport<R>> awaitWorkQueue(std::shared_ptr<WorkQueueState<T, R>> st) {
    auto waiting = st->finished.wait();
    co_await waiting;
    co_return st->report;
}

} // namespace detail

template <typename T, typename R> class WorkQueue {
public:
    // `operation(const T &, CancellationToken) -> QCoro::Task<Result<R>>`.
    using Operation = typename detail::WorkQueueState<T, R>::Operation;
    // Called once per accepted item when it reaches its final status (NotStarted ones included).
    using OutcomeCallback = typename detail::WorkQueueState<T, R>::OutcomeCallback;

    // Starts `workers` workers at once; they wait for items. `capacity` bounds the items waiting to run.
    WorkQueue(int workers, qsizetype capacity, Operation operation, BatchOptions options = {},
              OutcomeCallback onOutcome = {})
        : m_state(std::make_shared<detail::WorkQueueState<T, R>>(std::max(workers, 1), capacity,
                                                                 std::move(operation), std::move(options),
                                                                 std::move(onOutcome))) {
        for (int i = 0; i < m_state->liveWorkers; ++i)
            detail::workQueueWorker<T, R>(m_state); // detached; each keeps the state alive
    }
    // A queue whose owner goes away stops: running items are cancelled, queued ones dropped.
    ~WorkQueue() {
        if (!m_state->finished.isSet())
            cancel();
    }
    WorkQueue(const WorkQueue &) = delete;
    WorkQueue &operator=(const WorkQueue &) = delete;

    // Waits while the queue is full. False when the queue is closed or stopped before the item got in.
    QCoro::Task<bool> push(T item) { return m_state->queue.push(std::move(item), m_state->stop.token()); }
    bool tryPush(T item) { return !m_state->stop.isCancelled() && m_state->queue.tryPush(std::move(item)); }

    // No more items; the workers finish the queued ones, then finished() completes.
    void close() { m_state->queue.close(); }
    // Stops everything: no new item starts, running ones are cancelled, queued ones become NotStarted.
    void cancel() {
        m_state->cancelledByOwner = true;
        m_state->queue.close();
        m_state->stop.cancel();
    }

    // The report, once the queue was closed (or stopped) and every worker is done.
    QCoro::Task<BatchReport<R>> finished() const { return detail::awaitWorkQueue<T, R>(m_state); }
    bool isFinished() const { return m_state->finished.isSet(); }

    qsizetype queued() const { return m_state->queue.size(); }
    qsizetype accepted() const { return m_state->nextIndex + m_state->queue.size(); }

private:
    std::shared_ptr<detail::WorkQueueState<T, R>> m_state;
};

} // namespace infrahub
