// Runs one prober over a sweep's targets: at most `concurrency` probes at once, at most `ratePerSecond`
// probes started per second (a global rate limit, so a big sweep does not flood a network), cancellable
// (running probes abort, the rest are reported as not probed). Results arrive one by one, in any order,
// and land in a table indexed like the targets.
//
// The sweep runs as a job of the jobs engine (one item per host: succeeded = answered, failed = silent),
// so the Jobs dock shows it with its progress, rate, ETA and cancel like any other batch, and "Retry
// Failed" there probes the silent hosts again.
#pragma once

#include "prober.h"
#include "sweeptargets.h"

#include "client/infrahuberror.h"
#include "jobs/job.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <memory>

namespace infrahub {

class SweepRunner : public QObject {
    Q_OBJECT

public:
    struct Options {
        ProbeOptions probe;
        int concurrency = 256;
        int ratePerSecond = 0; // 0: no limit
        QString title;         // the job's title; empty: "Sweep of N hosts"
    };
    struct HostResult {
        QHostAddress address;
        bool probed = false; // false: not reached before the sweep was cancelled
        ProbeResult result;

        // "up", "down", "error" or "not probed": for files, scripts and filters (never translated).
        QString stateName() const;
    };

    SweepRunner(SweepTargets targets, std::shared_ptr<Prober> prober, Options options,
                QObject *parent = nullptr);
    ~SweepRunner() override;

    void start();
    void cancel();
    bool isRunning() const { return m_job && m_job->isRunning(); }
    bool wasCancelled() const { return m_cancelled; }
    // The sweep as a job, for the Jobs dock (which may take it over: the runner then only points to it).
    Job *job() const { return m_job; }
    const Options &options() const { return m_options; }
    const QList<HostResult> &results() const { return m_results; }
    int done() const { return m_done; } // hosts probed at least once
    int count(ProbeResult::State state) const;
    qint64 elapsedMs() const { return m_job ? m_job->elapsedMs() : 0; }
    QString describe() const; // "ICMP echo, timeout 1000 ms x 1 try, 256 at once, 1000/s"
    // address,state,latency_ms,method,detail - one line per host, in target order.
    QByteArray csv() const;

Q_SIGNALS:
    void hostDone(int index);
    void finished();

private:
    static QCoro::Task<Result<QString>> probeOne(QPointer<SweepRunner> self, std::shared_ptr<Prober> prober,
                                                 int index, CancellationToken token);
    QCoro::Task<> waitForRate(CancellationToken token);

    QList<HostResult> m_results;
    std::shared_ptr<Prober> m_prober;
    Options m_options;
    QPointer<Job> m_job;
    QElapsedTimer m_roundClock; // the pace of the current round (the first sweep, or a retry)
    qint64 m_started = 0;       // probes started in this round (for the rate limit)
    int m_done = 0;
    bool m_cancelled = false;
};

} // namespace infrahub
