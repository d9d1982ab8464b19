// One backup run: many devices saved, ONE commit. The job opens a run, saves each device as its fetch
// finishes (in any order, from any thread: calls are serialised by the store), records the devices whose
// fetch failed, and commits; the commit message counts them ("backup run 2026-11-22 17:30: 12 changed,
// 30 unchanged, 2 failed") and lists the changed and failed devices. Each save() is final when it returns:
// an accepted configuration is already in its file (written atomically), a rejected one never touched it.
// commit() then records the changed files in git and every device's status, and remembers the run for
// BackupStore::changedSinceLastRun(). A run dropped without commit() (a cancelled job) commits in its
// destructor, so no saved copy stays outside git.
#pragma once

#include "deviceref.h"
#include "platformprofile.h"
#include "saveresult.h"

#include "backuperror.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>

namespace infrahub {

class BackupStore;

struct RunItem {
    DeviceRef device;
    QString platform;
    SaveResult result;
};

struct RunSummary {
    QString commitId; // empty when nothing changed (no commit is made)
    QString message;  // the commit message (composed also when no commit was made)
    int changed = 0;
    int unchanged = 0;
    int failed = 0; // rejected, failed to store, or recorded as failed fetches
    QDateTime started;
    QDateTime finished;
    QList<RunItem> items; // every save and failure, in the order they were made
};

class BackupRun {
public:
    ~BackupRun();
    BackupRun(const BackupRun &) = delete;
    BackupRun &operator=(const BackupRun &) = delete;

    SaveResult save(const DeviceRef &device, const PlatformProfile &platform, const QString &text,
                    SaveOptions options = {});
    // A fetch that failed (connection refused, authentication, timeout...): recorded in the device's
    // status at commit(); its file is not touched.
    void recordFailure(const DeviceRef &device, const QString &platform, const QString &reason);
    // Makes the run's commit (none when nothing changed) and writes every device's status. Once only.
    BackupResult<RunSummary> commit();
    bool isCommitted() const;

private:
    friend class BackupStore;
    BackupRun(std::shared_ptr<BackupStore> store, bool singleDevice);

    std::shared_ptr<BackupStore> m_store;
    bool m_singleDevice = false; // BackupStore::save(): a one-device message, and not remembered as a run
    bool m_committed = false;
    QDateTime m_started;
    QList<RunItem> m_items;
    QList<QDateTime> m_times; // when each item happened
};

} // namespace infrahub
