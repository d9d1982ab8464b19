// Where device configurations are kept: one folder the user picks, one file per device, and the history of
// every file as commits in a git repository in that folder, so git itself and any other tool can read it.
//
//   <folder>/atl1-edge1_3f2a9c1b.cfg        one file per device (DeviceRef::fileName())
//   <folder>/.git/                          the history, on branch "main", author "Infrahub Console"
//   <folder>/.infrahub-backup/state.json    each device's last success/failure and the last run
//
// Rules:
//   - A fetch that is empty, fails the platform's completeness check, or is much shorter than the last good
//     copy (Options::minimumSizeRatio) is rejected: the file stays byte for byte the last good copy, no
//     commit is made, and the device's status records the failure and why.
//   - An accepted copy is filtered (ConfigFilter: volatile lines, secrets), written atomically (a crash
//     leaves the old or the new file, never a mix) and committed; an unchanged one makes no commit.
//   - Besides .git, the store writes only its device files and .infrahub-backup/; other files in the folder
//     are left alone and never committed.
//   - It refuses a folder that is a git repository it did not create (marked in the repository's settings
//     and by the state file).
//   - A missing or unreadable state file is rebuilt from the git history (the unreadable one is kept beside
//     it as state.json.corrupt-<time>); failure records cannot be rebuilt, and warnings() says so.
//   - Records whose git history is gone (.git deleted) are set aside as state.json.orphaned-<time> and a new
//     history starts.
//
// Threads: every public method locks one mutex, so a job may save from worker threads while the UI reads
// history and diffs; each call is short (one file, one commit; history and diffs walk the commits). Share
// the store as the shared_ptr open() returns. Across processes (the console and a scheduled CLI run), writes
// take a lock file in .infrahub-backup/ for the duration of one call.
#pragma once

#include "backuperror.h"
#include "backuprun.h"
#include "backupstate.h"
#include "backupversion.h"
#include "configdiff.h"
#include "devicechange.h"
#include "deviceref.h"
#include "devicestatus.h"
#include "platformprofile.h"
#include "saveresult.h"

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace infrahub {

class GitRepository;

class BackupStore : public std::enable_shared_from_this<BackupStore> {
public:
    struct Options {
        // A copy smaller than this fraction of the last good one is rejected as suspicious (0 disables).
        double minimumSizeRatio = 0.5;
        QString authorName = QStringLiteral("Infrahub Console");
        QString authorEmail = QStringLiteral("infrahub-console@localhost");
        int lockTimeoutMs = 10000; // waiting for another process that is writing to the same folder
    };

    struct SaveRequest {
        DeviceRef device;
        PlatformProfile platform;
        QString text;
        SaveOptions options;
    };

    // Opens the backup folder, creating it (and its repository) on first use. Errors: NotWritable (cannot
    // create or write the folder), ForeignRepository (someone else's git repository), Git (a damaged one).
    static BackupResult<std::shared_ptr<BackupStore>> open(const QString &folder, Options options);
    static BackupResult<std::shared_ptr<BackupStore>> open(const QString &folder) {
        return open(folder, Options());
    }
    ~BackupStore();

    QString folder() const { return m_folder; }
    const Options &options() const { return m_options; }
    // Things the user should know about the folder (a state file that had to be rebuilt...).
    QStringList warnings() const;

    // --- storing -------------------------------------------------------------------------------------------
    // One device, one commit ("backup: atl1-edge1 (cisco_ios)") when it changed.
    SaveResult save(const DeviceRef &device, const PlatformProfile &platform, const QString &text,
                    SaveOptions options = {});
    // A failed fetch: the device's status records when and why; its file is not touched.
    BackupResult<DeviceStatus> recordFailure(const DeviceRef &device, const QString &platform,
                                             const QString &reason);
    // Many devices, one commit (see BackupRun).
    std::unique_ptr<BackupRun> beginRun();
    BackupResult<RunSummary> saveMany(const QList<SaveRequest> &requests);

    // --- status --------------------------------------------------------------------------------------------
    std::optional<DeviceStatus> status(const DeviceRef &device) const;
    QList<DeviceStatus> statuses() const; // every device the store has a record of, by file name
    std::optional<BackupRunRecord> lastRun() const;

    // --- history and diffs ---------------------------------------------------------------------------------
    // Commits are given as ids, prefixes of 7+ characters or git revisions ("HEAD", "HEAD~1").
    // The device's versions, newest first.
    BackupResult<QList<BackupVersion>> history(const DeviceRef &device) const;
    // The device's configuration as stored in `commit`; NotFound when it had none there.
    BackupResult<QString> contentAt(const DeviceRef &device, const QString &commit) const;
    // How the device's configuration changed from one commit to another (an empty `fromCommit` means
    // "before its first copy": everything is added). `contextLines` around each change; a large number gives
    // the whole file, for a side-by-side view.
    BackupResult<ConfigDiff> diff(const DeviceRef &device, const QString &fromCommit, const QString &toCommit,
                                  int contextLines = 3) const;
    // Every device whose configuration differs between two commits, with its diff.
    BackupResult<QList<DeviceChange>> changesBetween(const QString &fromCommit, const QString &toCommit,
                                                     int contextLines = 3) const;
    // What the last run (BackupRun) changed; without a recorded run, what the last commit changed.
    BackupResult<QList<DeviceChange>> changedSinceLastRun(int contextLines = 3) const;

private:
    friend class BackupRun;
    BackupStore(QString folder, Options options, std::unique_ptr<GitRepository> repository);

    QString statePath() const;
    QString lockPath() const;
    void loadOrRebuildState(bool repositoryIsNew);
    BackupResult<BackupState> rebuildStateFromHistory() const;
    void reloadStateLocked();
    BackupResult<QString> resolveOrEmpty(const QString &commit) const;
    void fillDeviceNames(QList<DeviceChange> &changes) const;

    // BackupRun's work, each under m_mutex.
    SaveResult runSave(BackupRun &run, const DeviceRef &device, const PlatformProfile &platform,
                       const QString &text, SaveOptions options);
    void runRecordFailure(BackupRun &run, const DeviceRef &device, const QString &platform,
                          const QString &reason);
    BackupResult<RunSummary> runCommit(BackupRun &run);
    // A fetched configuration, filtered, and whether it passed the checks that need no previous copy.
    struct FilteredCopy {
        SaveResult result; // Rejected when not acceptable
        QByteArray bytes;
        bool acceptable = false;
    };
    static FilteredCopy filterAndCheck(const DeviceRef &device, const PlatformProfile &platform,
                                       const QString &text);
    // Compares with the last good copy and writes the file when it is new (under m_mutex).
    SaveResult storeFiltered(const FilteredCopy &copy, SaveOptions options);
    static void applyToStatus(DeviceStatus &status, const RunItem &item, const QDateTime &when,
                              const QString &commitId, const QString &headBefore);

    const QString m_folder;
    const Options m_options;
    mutable QMutex m_mutex;
    std::unique_ptr<GitRepository> m_repo;
    BackupState m_state;
    QStringList m_warnings;
};

} // namespace infrahub
