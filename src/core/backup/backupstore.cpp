#include "backupstore.h"

#include "configfilter.h"
#include "gitrepository.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QMutexLocker>
#include <QSaveFile>
#include <QSet>
#include <QTemporaryFile>

namespace infrahub {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("BackupStore", text);
}

BackupError error(BackupError::Kind kind, QString message) {
    return BackupError::make(kind, std::move(message));
}

// Holds the folder's lock file for one call, so two processes never write the same folder at once.
class FolderLock {
public:
    FolderLock(const QString &path, int timeoutMs)
        : m_lock(path) {
        m_locked = m_lock.tryLock(timeoutMs);
    }
    bool locked() const { return m_locked; }
    BackupError why(const QString &folder) const {
        return error(BackupError::Kind::Busy,
                     tr("Another program is writing to the backup folder %1 (its lock file %2 is held). Try "
                        "again when it has finished.")
                         .arg(folder, m_lock.fileName()));
    }

private:
    QLockFile m_lock;
    bool m_locked = false;
};

BackupResult<bool> writeAtomically(const QString &path, const QByteArray &bytes) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return error(BackupError::Kind::Io, tr("Cannot write %1: %2").arg(path, file.errorString()));
    return true;
}

bool isDeviceFile(const QString &path) {
    return !path.contains(u'/') && path.endsWith(DeviceRef::extension());
}

SaveResult rejected(SaveResult result, SaveResult::Rejection why, QString message) {
    result.status = SaveResult::Status::Rejected;
    result.rejection = why;
    result.message = std::move(message);
    return result;
}

SaveResult failed(SaveResult result, QString message) {
    result.status = SaveResult::Status::Failed;
    result.message = std::move(message);
    return result;
}

QString itemLine(const RunItem &item) {
    return item.platform.isEmpty() ? item.device.label()
                                   : QStringLiteral("%1 (%2)").arg(item.device.label(), item.platform);
}

} // namespace

// --- opening -----------------------------------------------------------------------------------------------

BackupStore::BackupStore(QString folder, Options options, std::unique_ptr<GitRepository> repository)
    : m_folder(std::move(folder))
    , m_options(std::move(options))
    , m_repo(std::move(repository)) {}

BackupStore::~BackupStore() = default;

QString BackupStore::statePath() const {
    return QDir(m_folder).filePath(BackupState::folderName() + u'/' + BackupState::fileName());
}

QString BackupStore::lockPath() const {
    return QDir(m_folder).filePath(BackupState::folderName() + QStringLiteral("/lock"));
}

BackupResult<std::shared_ptr<BackupStore>> BackupStore::open(const QString &folderPath, Options options) {
    if (folderPath.trimmed().isEmpty())
        return error(BackupError::Kind::NotWritable, tr("No backup folder was chosen."));
    const QString folder = QDir::cleanPath(QFileInfo(folderPath).absoluteFilePath());
    const QFileInfo info(folder);
    if (info.exists() && !info.isDir())
        return error(BackupError::Kind::NotWritable,
                     tr("%1 is a file, not a folder. Choose a folder for the backups.").arg(folder));
    if (!info.exists() && !QDir().mkpath(folder))
        return error(BackupError::Kind::NotWritable,
                     tr("Cannot create the backup folder %1. Check that you may write to its parent folder.")
                         .arg(folder));
    // Writing is the only reliable test (permissions, read-only mounts, ACLs, a full disk).
    {
        QTemporaryFile probe(QDir(folder).filePath(QStringLiteral(".infrahub-write-test-XXXXXX")));
        if (!probe.open())
            return error(BackupError::Kind::NotWritable,
                         tr("Cannot write in the backup folder %1 (%2). Choose a folder you may write to.")
                             .arg(folder, probe.errorString()));
    }

    const QString stateFile =
        QDir(folder).filePath(BackupState::folderName() + u'/' + BackupState::fileName());
    std::unique_ptr<GitRepository> repository;
    bool createdRepository = false;
    BackupResult<std::unique_ptr<GitRepository>> opened = GitRepository::open(folder);
    if (opened) {
        if (!opened.value()->isMarkedAsBackupStore() && !QFileInfo::exists(stateFile))
            return error(
                BackupError::Kind::ForeignRepository,
                tr("%1 is a git repository that Infrahub Console did not create. Choose an empty folder, "
                   "or one that already holds Infrahub Console backups.")
                    .arg(folder));
        repository = std::move(opened.value());
    } else if (opened.error().kind == BackupError::Kind::NotFound && !GitRepository::existsIn(folder)) {
        BackupResult<std::unique_ptr<GitRepository>> created = GitRepository::init(folder);
        if (!created)
            return created.error();
        repository = std::move(created.value());
        createdRepository = true;
    } else if (opened.error().kind == BackupError::Kind::ForeignRepository) {
        return opened.error();
    } else {
        return error(BackupError::Kind::Git,
                     tr("The git repository in %1 cannot be read (%2). Repair it with git, or choose another "
                        "folder.")
                         .arg(folder, opened.error().message));
    }

    if (!QDir().mkpath(QDir(folder).filePath(BackupState::folderName())))
        return error(BackupError::Kind::NotWritable,
                     tr("Cannot create %1 in the backup folder.").arg(BackupState::folderName()));
    if (BackupResult<bool> marked = repository->markAsBackupStore(BackupState::folderName()); !marked)
        return marked.error();

    std::shared_ptr<BackupStore> store(new BackupStore(folder, std::move(options), std::move(repository)));
    store->loadOrRebuildState(createdRepository);
    return store;
}

void BackupStore::loadOrRebuildState(bool repositoryIsNew) {
    BackupResult<BackupState> loaded = BackupState::load(statePath());
    if (loaded && repositoryIsNew && !loaded->devices.isEmpty()) {
        // Records without the history they point into (someone deleted .git): start again from nothing,
        // keeping the old records beside the new ones.
        const QString kept = statePath() + QStringLiteral(".orphaned-") +
                             QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmss"));
        QFile::rename(statePath(), kept);
        m_warnings.append(
            tr("The backup folder had records but no git history; a new history was started and "
               "the old records were kept as %1.")
                .arg(kept));
        loaded = BackupError::make(BackupError::Kind::NotFound, QString());
    }
    if (loaded) {
        m_state = loaded.value();
        return;
    }
    BackupResult<QString> head = m_repo->headId();
    const bool hasHistory = head && !head.value().isEmpty();
    if (loaded.error().kind != BackupError::Kind::NotFound) {
        // Keep the unreadable file for whoever wants to look at it, and carry on from git.
        const QString kept = statePath() + QStringLiteral(".corrupt-") +
                             QDateTime::currentDateTimeUtc().toString("yyyyMMddHHmmss");
        QFile::rename(statePath(), kept);
        m_warnings.append(
            tr("The backup state file could not be read (%1); it was kept as %2 and the devices' "
               "records were rebuilt from the git history. Failure records are lost.")
                .arg(loaded.error().message, kept));
    } else if (hasHistory) {
        m_warnings.append(
            tr("The backup state file was missing; the devices' records were rebuilt from the git "
               "history. Failure records are lost."));
    }
    BackupResult<BackupState> rebuilt = rebuildStateFromHistory();
    if (rebuilt)
        m_state = rebuilt.value();
    else
        m_warnings.append(
            tr("The git history could not be read to rebuild the records: %1").arg(rebuilt.error().message));
    FolderLock lock(lockPath(), m_options.lockTimeoutMs);
    if (!lock.locked()) {
        m_warnings.append(lock.why(m_folder).message);
        return;
    }
    if (BackupResult<bool> saved = m_state.save(statePath()); !saved)
        m_warnings.append(saved.error().message);
}

BackupResult<BackupState> BackupStore::rebuildStateFromHistory() const {
    BackupState state;
    BackupResult<QString> head = m_repo->headId();
    if (!head)
        return head.error();
    if (head.value().isEmpty())
        return state; // no commit yet: nothing to remember
    BackupResult<QStringList> files = m_repo->filesAt(head.value());
    if (!files)
        return files.error();
    QStringList deviceFiles;
    for (const QString &file : files.value())
        if (isDeviceFile(file))
            deviceFiles.append(file);
    BackupResult<QMap<QString, BackupVersion>> changes = m_repo->lastChanges(deviceFiles);
    if (!changes)
        return changes.error();
    for (auto it = changes.value().cbegin(); it != changes.value().cend(); ++it) {
        DeviceStatus status;
        status.fileName = it.key();
        status.deviceName = DeviceRef::nameFromFileName(it.key());
        status.lastSuccess = it.value().time;
        status.lastChange = it.value().time;
        status.lastCommit = it.value().commitId;
        status.size = it.value().size;
        state.devices.insert(status.fileName, status);
    }
    return state;
}

void BackupStore::reloadStateLocked() {
    // Another process may have recorded something since this store read the file.
    if (BackupResult<BackupState> loaded = BackupState::load(statePath()))
        m_state = loaded.value();
}

QStringList BackupStore::warnings() const {
    QMutexLocker locker(&m_mutex);
    return m_warnings;
}

// --- storing -----------------------------------------------------------------------------------------------

BackupStore::FilteredCopy BackupStore::filterAndCheck(const DeviceRef &device,
                                                      const PlatformProfile &platform, const QString &text) {
    FilteredCopy copy;
    copy.result.fileName = device.fileName();
    const QString filtered = ConfigFilter(platform).apply(text);
    copy.bytes = filtered.toUtf8();
    copy.result.size = copy.bytes.size();
    copy.result.lines = int(copy.bytes.count('\n'));
    if (filtered.isEmpty()) {
        copy.result =
            rejected(copy.result, SaveResult::Rejection::Empty,
                     text.trimmed().isEmpty()
                         ? tr("The device returned an empty configuration; the last good copy is kept.")
                         : tr("Nothing is left of the output once volatile lines are dropped; the last good "
                              "copy is kept."));
        return copy;
    }
    if (const QString why = platform.complete.incompleteReason(filtered); !why.isEmpty()) {
        copy.result =
            rejected(copy.result, SaveResult::Rejection::Incomplete,
                     tr("The configuration looks incomplete (%1); the last good copy is kept.").arg(why));
        return copy;
    }
    copy.acceptable = true;
    return copy;
}

SaveResult BackupStore::storeFiltered(const FilteredCopy &copy, SaveOptions options) {
    if (!copy.acceptable)
        return copy.result;
    SaveResult result = copy.result;
    const QByteArray &bytes = copy.bytes;
    // Held from reading the last good copy to writing the new one: another process may be committing.
    FolderLock lock(lockPath(), m_options.lockTimeoutMs);
    if (!lock.locked())
        return failed(result, lock.why(m_folder).message);
    BackupResult<QString> head = m_repo->headId();
    if (!head)
        return failed(result, head.error().message);
    BackupResult<std::optional<QByteArray>> previous = m_repo->fileAt(head.value(), result.fileName);
    if (!previous)
        return failed(result, previous.error().message);
    if (previous.value())
        result.previousSize = previous.value()->size();
    if (previous.value() && !options.acceptShrink && m_options.minimumSizeRatio > 0 &&
        double(bytes.size()) < double(result.previousSize) * m_options.minimumSizeRatio)
        return rejected(
            result, SaveResult::Rejection::Shrunk,
            tr("The configuration has %1 bytes, only %2% of the %3 bytes of the last good copy: it "
               "may be truncated, so the last good copy is kept. If the device's configuration "
               "really shrank, save it again accepting the smaller size.")
                .arg(result.size)
                .arg(qRound(100.0 * double(result.size) / double(result.previousSize)))
                .arg(result.previousSize));

    const QString path = QDir(m_folder).filePath(result.fileName);
    if (previous.value() && *previous.value() == bytes) {
        // Unchanged. The file normally holds exactly this; if an interrupted run left a newer write that was
        // never committed, put the committed copy back so the folder matches git.
        QFile current(path);
        const bool same = current.open(QIODevice::ReadOnly) && current.readAll() == bytes;
        current.close();
        if (!same)
            if (BackupResult<bool> written = writeAtomically(path, bytes); !written)
                return failed(result, written.error().message);
        result.status = SaveResult::Status::Unchanged;
        return result;
    }
    if (BackupResult<bool> written = writeAtomically(path, bytes); !written)
        return failed(result, written.error().message);
    result.status = SaveResult::Status::Changed;
    return result;
}

SaveResult BackupStore::runSave(BackupRun &run, const DeviceRef &device, const PlatformProfile &platform,
                                const QString &text, SaveOptions options) {
    // Filtering and the completeness check touch nothing shared: done before taking the lock, so devices
    // whose fetches finish together are filtered in parallel.
    const FilteredCopy copy = filterAndCheck(device, platform, text);
    QMutexLocker locker(&m_mutex);
    if (run.m_committed)
        return failed(copy.result, tr("This backup run was already committed."));
    const SaveResult result = storeFiltered(copy, options);
    run.m_items.append({device, platform.name, result});
    run.m_times.append(QDateTime::currentDateTimeUtc());
    return result;
}

void BackupStore::runRecordFailure(BackupRun &run, const DeviceRef &device, const QString &platform,
                                   const QString &reason) {
    QMutexLocker locker(&m_mutex);
    if (run.m_committed)
        return;
    SaveResult result;
    result.fileName = device.fileName();
    result = failed(result, reason);
    run.m_items.append({device, platform, result});
    run.m_times.append(QDateTime::currentDateTimeUtc());
}

void BackupStore::applyToStatus(DeviceStatus &status, const RunItem &item, const QDateTime &when,
                                const QString &commitId, const QString &headBefore) {
    status.fileName = item.result.fileName;
    if (!item.device.name.isEmpty())
        status.deviceName = item.device.name;
    if (!item.device.id.isEmpty())
        status.deviceId = item.device.id;
    if (!item.platform.isEmpty())
        status.platform = item.platform;
    if (item.result.succeeded()) {
        status.lastSuccess = when;
        status.consecutiveFailures = 0;
        status.size = item.result.size;
        if (item.result.status == SaveResult::Status::Changed && !commitId.isEmpty()) {
            status.lastChange = when;
            status.lastCommit = commitId;
        } else if (status.lastCommit.isEmpty()) {
            status.lastCommit = headBefore; // unchanged: the current commit holds this copy
        }
    } else {
        status.lastFailure = when;
        status.lastFailureReason = item.result.message;
        ++status.consecutiveFailures;
    }
}

BackupResult<RunSummary> BackupStore::runCommit(BackupRun &run) {
    QMutexLocker locker(&m_mutex);
    if (run.m_committed)
        return error(BackupError::Kind::Io, tr("This backup run was already committed."));

    RunSummary summary;
    summary.started = run.m_started;
    QStringList changedFiles;
    QStringList changedLines;
    QStringList failedLines;
    for (const RunItem &item : std::as_const(run.m_items)) {
        switch (item.result.status) {
        case SaveResult::Status::Changed:
            ++summary.changed;
            if (!changedFiles.contains(item.result.fileName))
                changedFiles.append(item.result.fileName);
            changedLines.append(QStringLiteral("changed: ") + itemLine(item));
            break;
        case SaveResult::Status::Unchanged:
            ++summary.unchanged;
            break;
        case SaveResult::Status::Rejected:
        case SaveResult::Status::Failed:
            ++summary.failed;
            failedLines.append(QStringLiteral("failed: %1: %2").arg(itemLine(item), item.result.message));
            break;
        }
    }
    // Commit messages are for git's readers in any locale, so they are not translated.
    if (run.m_singleDevice && run.m_items.size() == 1) {
        summary.message = QStringLiteral("backup: ") + itemLine(run.m_items.constFirst());
    } else {
        summary.message = QStringLiteral("backup run %1: %2 changed, %3 unchanged, %4 failed")
                              .arg(run.m_started.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                              .arg(summary.changed)
                              .arg(summary.unchanged)
                              .arg(summary.failed);
        const QStringList body = changedLines + failedLines;
        if (!body.isEmpty())
            summary.message += QStringLiteral("\n\n") + body.join(u'\n');
    }

    FolderLock lock(lockPath(), m_options.lockTimeoutMs);
    if (!lock.locked())
        return lock.why(m_folder);
    BackupResult<QString> before = m_repo->headId();
    if (!before)
        return before.error();

    QString commitId;
    if (!changedFiles.isEmpty()) {
        BackupResult<QString> committed =
            m_repo->commitFiles(changedFiles, summary.message, m_options.authorName, m_options.authorEmail);
        if (!committed) {
            // Put the committed copies back, so the folder keeps matching git, and say why in each status.
            for (RunItem &item : run.m_items) {
                if (item.result.status != SaveResult::Status::Changed)
                    continue;
                const QString path = QDir(m_folder).filePath(item.result.fileName);
                BackupResult<std::optional<QByteArray>> previous =
                    m_repo->fileAt(before.value(), item.result.fileName);
                if (previous && previous.value())
                    writeAtomically(path, *previous.value());
                else if (previous)
                    QFile::remove(path);
                item.result = failed(item.result, committed.error().message);
            }
        } else {
            commitId = committed.value();
        }
        if (!committed) {
            reloadStateLocked();
            const QDateTime now = QDateTime::currentDateTimeUtc();
            for (qsizetype i = 0; i < run.m_items.size(); ++i) {
                const RunItem &item = run.m_items.at(i);
                DeviceStatus &status = m_state.devices[item.result.fileName];
                applyToStatus(status, item, run.m_times.value(i, now), QString(), before.value());
            }
            m_state.save(statePath());
            run.m_committed = true;
            return committed.error();
        }
    }

    for (RunItem &item : run.m_items)
        if (item.result.status == SaveResult::Status::Changed)
            item.result.commitId = commitId;
    reloadStateLocked();
    summary.finished = QDateTime::currentDateTimeUtc();
    for (qsizetype i = 0; i < run.m_items.size(); ++i) {
        const RunItem &item = run.m_items.at(i);
        DeviceStatus &status = m_state.devices[item.result.fileName];
        applyToStatus(status, item, run.m_times.value(i, summary.finished), commitId, before.value());
    }
    if (!run.m_singleDevice) {
        BackupRunRecord record;
        record.started = summary.started;
        record.finished = summary.finished;
        record.before = before.value();
        record.after = commitId.isEmpty() ? before.value() : commitId;
        record.changed = summary.changed;
        record.unchanged = summary.unchanged;
        record.failed = summary.failed;
        m_state.lastRun = record;
    }
    run.m_committed = true;
    summary.commitId = commitId;
    summary.items = run.m_items;
    if (BackupResult<bool> saved = m_state.save(statePath()); !saved)
        return saved.error(); // the commit is made; only the records could not be written
    return summary;
}

SaveResult BackupStore::save(const DeviceRef &device, const PlatformProfile &platform, const QString &text,
                             SaveOptions options) {
    BackupRun run(shared_from_this(), true);
    SaveResult result = run.save(device, platform, text, options);
    BackupResult<RunSummary> summary = run.commit();
    if (!summary)
        return failed(result, summary.error().message);
    return summary->items.isEmpty() ? result : summary->items.constFirst().result;
}

BackupResult<DeviceStatus> BackupStore::recordFailure(const DeviceRef &device, const QString &platform,
                                                      const QString &reason) {
    QMutexLocker locker(&m_mutex);
    FolderLock lock(lockPath(), m_options.lockTimeoutMs);
    if (!lock.locked())
        return lock.why(m_folder);
    reloadStateLocked();
    SaveResult result;
    result.fileName = device.fileName();
    const RunItem item{device, platform, failed(result, reason)};
    DeviceStatus &status = m_state.devices[result.fileName];
    applyToStatus(status, item, QDateTime::currentDateTimeUtc(), QString(), QString());
    if (BackupResult<bool> saved = m_state.save(statePath()); !saved)
        return saved.error();
    return status;
}

std::unique_ptr<BackupRun> BackupStore::beginRun() {
    return std::unique_ptr<BackupRun>(new BackupRun(shared_from_this(), false));
}

BackupResult<RunSummary> BackupStore::saveMany(const QList<SaveRequest> &requests) {
    std::unique_ptr<BackupRun> run = beginRun();
    for (const SaveRequest &request : requests)
        run->save(request.device, request.platform, request.text, request.options);
    return run->commit();
}

// --- status ------------------------------------------------------------------------------------------------

std::optional<DeviceStatus> BackupStore::status(const DeviceRef &device) const {
    QMutexLocker locker(&m_mutex);
    const auto it = m_state.devices.constFind(device.fileName());
    if (it == m_state.devices.cend())
        return std::nullopt;
    return it.value();
}

QList<DeviceStatus> BackupStore::statuses() const {
    QMutexLocker locker(&m_mutex);
    return m_state.devices.values();
}

std::optional<BackupRunRecord> BackupStore::lastRun() const {
    QMutexLocker locker(&m_mutex);
    return m_state.lastRun;
}

// --- history and diffs -------------------------------------------------------------------------------------

BackupResult<QString> BackupStore::resolveOrEmpty(const QString &commit) const {
    if (commit.trimmed().isEmpty())
        return QString();
    return m_repo->resolveCommit(commit);
}

BackupResult<QList<BackupVersion>> BackupStore::history(const DeviceRef &device) const {
    QMutexLocker locker(&m_mutex);
    return m_repo->fileHistory(device.fileName());
}

BackupResult<QString> BackupStore::contentAt(const DeviceRef &device, const QString &commit) const {
    QMutexLocker locker(&m_mutex);
    BackupResult<QString> id = m_repo->resolveCommit(commit);
    if (!id)
        return id.error();
    BackupResult<std::optional<QByteArray>> bytes = m_repo->fileAt(id.value(), device.fileName());
    if (!bytes)
        return bytes.error();
    if (!bytes.value())
        return error(
            BackupError::Kind::NotFound,
            tr("%1 has no stored configuration in commit %2.").arg(device.label(), id.value().left(10)));
    return QString::fromUtf8(*bytes.value());
}

BackupResult<ConfigDiff> BackupStore::diff(const DeviceRef &device, const QString &fromCommit,
                                           const QString &toCommit, int contextLines) const {
    QMutexLocker locker(&m_mutex);
    BackupResult<QString> from = resolveOrEmpty(fromCommit);
    if (!from)
        return from.error();
    BackupResult<QString> to = resolveOrEmpty(toCommit);
    if (!to)
        return to.error();
    return m_repo->diffFile(device.fileName(), from.value(), to.value(), contextLines);
}

void BackupStore::fillDeviceNames(QList<DeviceChange> &changes) const {
    for (DeviceChange &change : changes) {
        const auto it = m_state.devices.constFind(change.fileName);
        const bool known = it != m_state.devices.cend() && !it->deviceName.isEmpty();
        change.deviceName = known ? it->deviceName : DeviceRef::nameFromFileName(change.fileName);
        change.deviceId = it != m_state.devices.cend() ? it->deviceId : QString();
    }
}

BackupResult<QList<DeviceChange>>
BackupStore::changesBetween(const QString &fromCommit, const QString &toCommit, int contextLines) const {
    QMutexLocker locker(&m_mutex);
    BackupResult<QString> from = resolveOrEmpty(fromCommit);
    if (!from)
        return from.error();
    BackupResult<QString> to = resolveOrEmpty(toCommit);
    if (!to)
        return to.error();
    BackupResult<QList<DeviceChange>> changes =
        m_repo->diffCommits(from.value(), to.value(), contextLines, isDeviceFile);
    if (changes)
        fillDeviceNames(changes.value());
    return changes;
}

BackupResult<QList<DeviceChange>> BackupStore::changedSinceLastRun(int contextLines) const {
    QString from;
    QString to;
    {
        QMutexLocker locker(&m_mutex);
        if (m_state.lastRun) {
            from = m_state.lastRun->before;
            to = m_state.lastRun->after;
        } else {
            BackupResult<QString> head = m_repo->headId();
            if (!head)
                return head.error();
            if (head.value().isEmpty())
                return QList<DeviceChange>();
            to = head.value();
            BackupResult<QString> parent = m_repo->resolveCommit(to + QStringLiteral("~1"));
            from = parent ? parent.value() : QString(); // the first commit: everything was added
        }
    }
    if (from == to)
        return QList<DeviceChange>();
    return changesBetween(from, to, contextLines);
}

} // namespace infrahub
