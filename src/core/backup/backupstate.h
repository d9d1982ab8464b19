// The backup store's own records, kept next to the configurations in .infrahub-backup/state.json (excluded
// from git: a failure is not a new version of anything): each device's status and the last run. The file
// also marks the folder as made by this app. It is written atomically; when it is missing or unreadable the
// store rebuilds what git remembers (see BackupStore).
#pragma once

#include "backuperror.h"
#include "devicestatus.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

namespace infrahub {

// One run of the backup job (BackupRun): the commit before it and the one it made, so "what changed in the
// last run" is a diff between the two.
struct BackupRunRecord {
    QDateTime started;
    QDateTime finished;
    QString before; // HEAD before the run; empty when the repository had no commit yet
    QString after;  // HEAD after the run; equals `before` when nothing changed
    int changed = 0;
    int unchanged = 0;
    int failed = 0;
};

struct BackupState {
    QMap<QString, DeviceStatus> devices; // by file name
    std::optional<BackupRunRecord> lastRun;

    static QString folderName() { return QStringLiteral(".infrahub-backup"); }
    static QString fileName() { return QStringLiteral("state.json"); }

    // NotFound when the file does not exist, InvalidData when it is not a state file this program can read.
    static BackupResult<BackupState> load(const QString &path);
    BackupResult<bool> save(const QString &path) const;

    QJsonObject toJson() const;
    static std::optional<BackupState> fromJson(const QJsonObject &json);
};

} // namespace infrahub
