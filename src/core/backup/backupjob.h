// Backs up many devices' configurations over SSH into a BackupStore, as a job of the jobs engine (one item
// per device, labelled with the device's name), so the Jobs dock shows it with progress, cancel and "Retry
// Failed" like any other batch.
//
// Per device: the platform table picks the profile (a platform Infrahub names but the table does not know is
// a failure that names both; a device without a platform gets the table's fallback), an SshSession connects
// and logs in within SshTimeouts (host keys through Options::hostKeys), the profile runs (exec: one exec
// channel per command; shell: a shell, the paging commands, then each command read up to the prompt), all
// within the profile's timeout_seconds, and the text goes to the store, which filters it, rejects empty,
// incomplete or suspiciously short copies and keeps the last good copy of a device that failed (recording
// why). A whole run makes one commit (BackupRun), also when it is cancelled: what finished is committed.
//
// Retries (Options::retries) are for transient failures only: connection refused or timed out, the
// connection lost midway. Never for authentication failures, host key problems, a command that hangs
// (the device answered the connection; it would hang again) or a copy the store rejected.
//
// Threads: the SSH work runs in the caller's event loop, non-blocking (SshSession), and every store call
// (saving, recording a failure, the commit) runs on a worker thread of the job's own pool, so the UI thread
// never waits for a disk, git or the store's lock. Per device the UI thread does a few small steps: start,
// one result, one signal.
//
// Cancel: running SSH sessions are aborted (their tokens cancelled) and queued devices never start; when
// the job has finished, results() accounts for every device: New / Changed / Unchanged / Failed for the
// ones that finished (those are committed), NotStarted for the rest (with why). finished() comes after the
// commit.
#pragma once

#include "backupstore.h"
#include "backuptarget.h"
#include "platformtable.h"

#include "jobs/job.h"
#include "ssh/hostkeypolicy.h"
#include "ssh/sshcredentials.h"
#include "ssh/sshtimeouts.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QThreadPool>

#include <memory>

namespace infrahub {

class BackupJob : public QObject {
    Q_OBJECT

public:
    struct Options {
        int concurrency = 20;
        int retries = 1; // further attempts after a transient failure (see above)
        SshCredentials credentials;
        SshTimeouts timeouts;
        HostKeyDecider hostKeys; // strict if empty
        int port = 0;            // overrides targets' port when non-zero
        QString title;           // the job's title; empty: "Backup of N devices"
        // Where the SSH sessions go besides host and port (see SshTarget): the user (empty: the ssh config's,
        // else the local user), the known_hosts file (empty: ~/.ssh/known_hosts) and whether the OpenSSH
        // client configuration is read.
        QString user;
        QString knownHostsFile;
        bool readSshConfig = true;
        QString sshConfigFile;
        // The platform table's override file, named in "unknown platform" failures so the user knows where
        // to add it.
        QString platformsFile;
        // Delay before a retry (doubling, with jitter).
        int retryDelayMs = 1000;
    };

    struct DeviceResult {
        enum class Outcome {
            Pending,   // queued or running
            New,       // the first copy of this device was stored
            Changed,   // a new version was stored
            Unchanged, // identical to the last good copy
            Failed,    // the fetch failed or the store rejected it; the last good copy is kept
            NotStarted // the job was cancelled before this device finished
        };
        Outcome outcome = Outcome::Pending;
        QString reason;   // Failed / NotStarted: why, in words; otherwise empty
        QString platform; // the profile used (arista_eos), or the platform Infrahub named when it is unknown
        qint64 bytes = 0; // of the stored (filtered) configuration
        int lines = 0;
        qint64 durationMs = -1; // of the last attempt, fetch and store
        QString commit;         // the commit that holds this device's current copy (set once committed)
        int attempts = 0;
    };

    BackupJob(QList<BackupTarget> targets, std::shared_ptr<BackupStore> store, PlatformTable platforms,
              Options options, QObject *parent = nullptr);
    ~BackupJob() override;

    void start();
    void cancel();
    bool isRunning() const;
    bool wasCancelled() const { return m_cancelled; }
    // The backup as a job, for the Jobs dock (which may take it over: the BackupJob then only points to it).
    Job *job() const { return m_job; }
    const Options &options() const { return m_options; }
    std::shared_ptr<BackupStore> store() const { return m_store; }
    const QList<BackupTarget> &targets() const { return m_targets; }
    const QList<DeviceResult> &results() const { return m_results; }
    int count(DeviceResult::Outcome outcome) const;
    // "3 changed, 35 unchanged, 2 failed of 40 in 4.1 s".
    QString summary() const;
    qint64 elapsedMs() const;
    // The last run's commit (empty when nothing changed, or before it is made) and, when the commit failed,
    // why (the devices' files were put back to the last commit).
    QString commitId() const { return m_commitId; }
    QString commitError() const { return m_commitError; }
    // SSH sessions open right now and the most that were open at once (the concurrency bound, observed).
    int activeSessions() const { return m_activeSessions; }
    int peakSessions() const { return m_peakSessions; }

    static QString outcomeText(DeviceResult::Outcome outcome);
    // "new", "changed", "unchanged", "failed", "not started", "pending": for files and scripts.
    static QString outcomeName(DeviceResult::Outcome outcome);
    // Whether a failed attempt is worth another one (see above).
    static bool isTransient(const InfrahubError &error);

Q_SIGNALS:
    void deviceDone(int index);
    void finished();

private:
    struct Attempt;
    static QCoro::Task<Result<QString>> backupOne(QPointer<BackupJob> self, int index,
                                                  CancellationToken token);
    static QCoro::Task<Result<QString>> fetch(QPointer<BackupJob> self, BackupTarget target,
                                              PlatformProfile profile, CancellationToken token);
    QCoro::Task<> finishRound();
    void onJobStateChanged(Job::State state);
    void onItemChanged(int index);

    QList<BackupTarget> m_targets;
    std::shared_ptr<BackupStore> m_store;
    PlatformTable m_platforms;
    Options m_options;
    QList<DeviceResult> m_results;
    QPointer<Job> m_job;
    QThreadPool m_pool;               // the store's work
    std::shared_ptr<BackupRun> m_run; // the current round's run (one commit)
    QSet<int> m_storedThisRound;      // devices handed to the store in the current round
    bool m_roundOver = true;
    bool m_cancelled = false;
    bool m_finishing = false;
    QElapsedTimer m_clock;
    qint64 m_elapsedBefore = 0;
    QString m_commitId;
    QString m_commitError;
    int m_activeSessions = 0;
    int m_peakSessions = 0;
};

} // namespace infrahub
