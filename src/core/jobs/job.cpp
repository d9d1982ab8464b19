#include "job.h"

#include "concurrency/asyncevent.h"
#include "concurrency/runbatch.h"

#include <QCoreApplication>

namespace infrahub {

namespace {

QString stateWord(const char *text) {
    return QCoreApplication::translate("Job", text);
}

Job::ItemState stateOf(ItemStatus status) {
    switch (status) {
    case ItemStatus::Succeeded:
        return Job::ItemState::Succeeded;
    case ItemStatus::Failed:
        return Job::ItemState::Failed;
    case ItemStatus::Cancelled:
        return Job::ItemState::Cancelled;
    case ItemStatus::NotStarted:
        return Job::ItemState::NotStarted;
    case ItemStatus::TimedOut:
        return Job::ItemState::TimedOut;
    }
    return Job::ItemState::Failed;
}

} // namespace

QString itemStateText(Job::ItemState state) {
    switch (state) {
    case Job::ItemState::Queued:
        return stateWord("Queued");
    case Job::ItemState::Running:
        return stateWord("Running");
    case Job::ItemState::Succeeded:
        return stateWord("Succeeded");
    case Job::ItemState::Failed:
        return stateWord("Failed");
    case Job::ItemState::TimedOut:
        return stateWord("Timed out");
    case Job::ItemState::Cancelled:
        return stateWord("Cancelled");
    case Job::ItemState::NotStarted:
        return stateWord("Not started");
    }
    return {};
}

Job::Job(QString title, QStringList itemLabels, Operation operation, Options options, QObject *parent)
    : QObject(parent)
    , m_title(std::move(title))
    , m_operation(std::move(operation))
    , m_options(std::move(options)) {
    m_items.reserve(itemLabels.size());
    for (QString &label : itemLabels) {
        Item item;
        item.label = std::move(label);
        m_items.append(std::move(item));
    }
    m_counts[size_t(ItemState::Queued)] = int(m_items.size());
}

Job::Job(QString title, int itemCount, Labeler labeler, Operation operation, Options options, QObject *parent)
    : QObject(parent)
    , m_title(std::move(title))
    , m_items(std::max(itemCount, 0))
    , m_labeler(std::move(labeler))
    , m_operation(std::move(operation))
    , m_options(std::move(options)) {
    m_counts[size_t(ItemState::Queued)] = int(m_items.size());
}

QString Job::label(int index) const {
    return m_labeler ? m_labeler(index) : m_items.at(index).label;
}

Job::~Job() {
    // Running requests are aborted; the round sees the job gone and touches nothing.
    if (m_cancel)
        m_cancel->cancel();
}

int Job::count(ItemState state) const {
    return m_counts[size_t(state)];
}

int Job::done() const {
    return total() - count(ItemState::Queued) - count(ItemState::Running);
}

int Job::failed() const {
    return count(ItemState::Failed) + count(ItemState::TimedOut);
}

qint64 Job::elapsedMs() const {
    return m_elapsedBefore + (isRunning() ? m_roundClock.elapsed() : 0);
}

double Job::ratePerSecond() const {
    const qint64 ms = isRunning() ? m_roundClock.elapsed() : 0;
    if (!isRunning() || m_roundDone == 0 || ms <= 0)
        return 0;
    return m_roundDone * 1000.0 / double(ms);
}

qint64 Job::etaMs() const {
    const double rate = ratePerSecond();
    if (rate <= 0)
        return -1;
    return qint64((m_roundTotal - m_roundDone) * 1000.0 / rate);
}

QString Job::summary() const {
    QStringList parts;
    for (const ItemState s :
         {ItemState::Succeeded, ItemState::Failed, ItemState::TimedOut, ItemState::Cancelled,
          ItemState::NotStarted, ItemState::Running, ItemState::Queued}) {
        if (const int n = count(s))
            parts.append(QStringLiteral("%1 %2").arg(n).arg(itemStateText(s).toLower()));
    }
    return tr("%1 of %n in %2 s", nullptr, total())
        .arg(parts.join(QStringLiteral(", ")), QString::number(elapsedMs() / 1000.0, 'f', 1));
}

void Job::setState(State state) {
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void Job::setItem(int index, ItemState state, const QString &message) {
    Item &item = m_items[index];
    if (item.state == state && item.message == message)
        return;
    --m_counts[size_t(item.state)];
    ++m_counts[size_t(state)];
    item.state = state;
    item.message = message;
    Q_EMIT itemChanged(index);
}

void Job::start() {
    if (m_state != State::Waiting)
        return;
    QList<int> all;
    for (int i = 0; i < total(); ++i)
        all.append(i);
    runRound(all, ++m_round);
}

void Job::cancel() {
    if (m_state == State::Running && m_cancel)
        m_cancel->cancel();
}

bool Job::retryFailed() {
    if (m_state == State::Running || m_state == State::Waiting)
        return false;
    QList<int> again;
    for (int i = 0; i < total(); ++i)
        if (m_items.at(i).state != ItemState::Succeeded)
            again.append(i);
    if (again.isEmpty())
        return false;
    for (const int i : std::as_const(again))
        setItem(i, ItemState::Queued, QString());
    runRound(again, ++m_round);
    return true;
}

QCoro::Task<Result<QString>> Job::observed(QPointer<Job> job, Operation operation, int index,
                                           CancellationToken token) {
    if (job) {
        ++job->m_items[index].attempts;
        job->setItem(index, ItemState::Running,
                     job->m_items.at(index).attempts > 1
                         ? tr("attempt %1").arg(job->m_items.at(index).attempts)
                         : QString());
    }
    QCoro::Task<Result<QString>> attempt = operation(index, token);
    Result<QString> result = co_await attempt;
    if (job && result)
        job->setItem(index, ItemState::Succeeded, result.value()); // a success is final: show it now
    else if (job && job->m_options.retry.maxAttempts <= 1 && !token.isCancelled() &&
             result.error().kind != InfrahubError::Kind::Cancelled)
        job->setItem(index, ItemState::Failed, result.error().message); // so is a failure without retries
    co_return result;
}

QCoro::Task<> Job::runRound(QList<int> indexes, quint64 round) {
    QPointer<Job> self(this);
    m_cancel = std::make_unique<CancellationSource>();
    m_roundTotal = int(indexes.size());
    m_roundDone = 0;
    m_roundClock.start();
    setState(State::Running);
    Q_EMIT progressChanged();

    BatchOptions options;
    options.mode = m_options.mode;
    options.perItemTimeoutMs = m_options.perItemTimeoutMs;
    options.retry = m_options.retry;
    options.token = m_cancel->token();
    options.progress = [self, round](int done, int, int) {
        if (!self || self->m_round != round)
            return;
        self->m_roundDone = done;
        Q_EMIT self->progressChanged();
    };
    const Operation operation = m_operation;
    auto attempt = [self, operation](const int &index, CancellationToken token) {
        return observed(self, operation, index, token);
    };
    std::vector<int> items(indexes.cbegin(), indexes.cend());
    QCoro::Task<BatchReport<QString>> running =
        runBatch(std::move(items), m_options.concurrency, std::move(attempt), std::move(options));
    const BatchReport<QString> report = co_await running;
    if (!self || self->m_round != round)
        co_return;
    // The authoritative account: every item of the round in exactly one final state. In slices, with the
    // event loop running in between: a sweep's job has 65,534 items, and the window must keep painting.
    constexpr qsizetype kSlice = 4096;
    for (qsizetype i = 0; i < indexes.size(); ++i) {
        if (i > 0 && i % kSlice == 0) {
            QCoro::Task<> pass = nextEventLoopPass();
            co_await pass;
            if (!self || self->m_round != round)
                co_return; // deleted, or a new round started meanwhile
        }
        const ItemOutcome<QString> &outcome = report.outcomes[size_t(i)];
        const int index = indexes.at(i);
        m_items[index].durationMs = outcome.startedAtMs < 0 ? -1 : outcome.durationMs();
        setItem(index, stateOf(outcome.status),
                outcome.succeeded() ? outcome.value.value_or(QString()) : outcome.error.message);
    }
    m_elapsedBefore += m_roundClock.elapsed();
    m_roundDone = m_roundTotal;
    setState(report.wasCancelled ? State::Cancelled : State::Finished);
    Q_EMIT progressChanged();
    Q_EMIT finished();
}

} // namespace infrahub
