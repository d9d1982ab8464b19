#include "backuprun.h"

#include "backupstore.h"

#include <QtDebug>

namespace infrahub {

BackupRun::BackupRun(std::shared_ptr<BackupStore> store, bool singleDevice)
    : m_store(std::move(store))
    , m_singleDevice(singleDevice)
    , m_started(QDateTime::currentDateTimeUtc()) {}

BackupRun::~BackupRun() {
    if (m_committed || m_items.isEmpty())
        return;
    // A cancelled or abandoned run: what it stored is valid and must not stay outside git.
    const BackupResult<RunSummary> summary = commit();
    if (!summary)
        qWarning().noquote() << "Backup run could not be committed:" << summary.error().message;
}

SaveResult BackupRun::save(const DeviceRef &device, const PlatformProfile &platform, const QString &text,
                           SaveOptions options) {
    return m_store->runSave(*this, device, platform, text, options);
}

void BackupRun::recordFailure(const DeviceRef &device, const QString &platform, const QString &reason) {
    m_store->runRecordFailure(*this, device, platform, reason);
}

BackupResult<RunSummary> BackupRun::commit() {
    return m_store->runCommit(*this);
}

bool BackupRun::isCommitted() const {
    QMutexLocker locker(&m_store->m_mutex);
    return m_committed;
}

} // namespace infrahub
