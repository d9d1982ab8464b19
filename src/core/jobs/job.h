// A job: the same operation on many items (create a VLAN at each site, set an attribute on each device,
// delete each selected object), run concurrently under a limit on the client's batch runner, and watched
// live. Every item has a state, a message and a duration; the job has counts, rate and ETA; cancel aborts
// the running requests and leaves the queued items "not started"; retryFailed() runs only the items that
// did not succeed, as a new round of the same job. Nothing is lost: the final account comes from the
// batch runner's report, which places every item in exactly one state.
#pragma once

#include "client/infrahuberror.h"
#include "concurrency/batchoptions.h"
#include "concurrency/cancellationtoken.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <array>
#include <functional>
#include <memory>

namespace infrahub {

class Job : public QObject {
    Q_OBJECT

public:
    enum class ItemState { Queued, Running, Succeeded, Failed, TimedOut, Cancelled, NotStarted };
    Q_ENUM(ItemState)
    enum class State { Waiting, Running, Finished, Cancelled };
    Q_ENUM(State)

    struct Item {
        QString label; // what it is about, for people ("VLAN 120 at atl1"); see label() for a Labeler's
        ItemState state = ItemState::Queued;
        QString message; // the outcome in words: what was done, or why not
        int attempts = 0;
        qint64 durationMs = -1; // of the last round it ran in; -1 when it never ran
    };

    // One item's work: `index` into the job's items; returns what was done (e.g. the new object's id), or
    // the error. The token is cancelled when the job is cancelled or the attempt times out: pass it on to
    // the client so its requests are aborted.
    using Operation = std::function<QCoro::Task<Result<QString>>(int index, CancellationToken token)>;
    // Makes item `index`'s label when it is shown: for jobs with very many items (a sweep of a /16 has
    // 65,534), whose labels would otherwise all be made, while the user waits, before the job can start.
    using Labeler = std::function<QString(int index)>;

    struct Options {
        int concurrency = 5;
        int perItemTimeoutMs = 0; // per attempt; 0: none (the client's own request timeout still holds)
        RetryPolicy retry;        // per item, on top of the client's transport retries
        BatchMode mode = BatchMode::ContinueOnErrors;
    };

    Job(QString title, QStringList itemLabels, Operation operation, Options options,
        QObject *parent = nullptr);
    Job(QString title, int itemCount, Labeler labeler, Operation operation, Options options,
        QObject *parent = nullptr);
    ~Job() override;

    QString title() const { return m_title; }
    const Options &options() const { return m_options; }
    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }
    const QList<Item> &items() const { return m_items; }
    // Item `index`'s label: the one it was given, or its Labeler's. Read labels here, not in Item.
    QString label(int index) const;
    int total() const { return int(m_items.size()); }
    int count(ItemState state) const;
    // Items that reached a final state in this round (succeeded, failed, timed out, cancelled, not started).
    int done() const;
    int failed() const; // Failed + TimedOut
    qint64 elapsedMs() const;
    // Finished items per second in the current (or last) round; 0 before the first one.
    double ratePerSecond() const;
    // The time left at the current rate; -1 when unknown (nothing finished yet, or not running).
    qint64 etaMs() const;
    // "12 succeeded, 2 failed, 6 not started of 20 in 3.4 s".
    QString summary() const;

    // Starts the job (once); the work runs in the event loop, this returns at once.
    void start();
    // Aborts the running items' requests; queued items end "not started". finished() follows.
    void cancel();
    // Runs the items that did not succeed (failed, timed out, cancelled, not started) again; false when
    // the job is still running or every item succeeded.
    bool retryFailed();

Q_SIGNALS:
    void itemChanged(int index);
    // Counts changed (an item finished); at most once per finished item.
    void progressChanged();
    void stateChanged(infrahub::Job::State state);
    void finished();

private:
    QCoro::Task<> runRound(QList<int> indexes, quint64 round);
    // One attempt of item `index`, watched: the item shows Running, and a success at once (it is final).
    static QCoro::Task<Result<QString>> observed(QPointer<Job> job, Operation operation, int index,
                                                 CancellationToken token);
    void setState(State state);
    void setItem(int index, ItemState state, const QString &message);

    QString m_title;
    QList<Item> m_items;
    Labeler m_labeler; // when set, items have no label of their own
    Operation m_operation;
    Options m_options;
    State m_state = State::Waiting;
    std::unique_ptr<CancellationSource> m_cancel;
    QElapsedTimer m_roundClock; // the current round
    qint64 m_elapsedBefore = 0; // the rounds before this one
    int m_roundTotal = 0;
    int m_roundDone = 0;
    quint64 m_round = 0;
    // Items per state, kept as items change: counts are read after every finished item, and a sweep job
    // has tens of thousands of items.
    std::array<int, 7> m_counts{};
};

// Words for an item state ("Succeeded", "Not started", ...).
QString itemStateText(Job::ItemState state);

} // namespace infrahub
