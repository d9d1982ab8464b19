// Reads from the backup store on Qt's global thread pool and hands the result back to the GUI thread.
// Walking git for a history or a diff can take a while on a large folder, and the window must keep
// painting meanwhile; the store is thread-safe, so any number of reads may run beside a backup job.
//
// The result is delivered through the application object's event queue, and only if `receiver` still
// exists then: a panel closed while git is being walked never sees the answer (and never crashes on it).
// Whatever the read throws becomes a BackupError, so a failed read is a message, not a crash.
#pragma once

#include "core/backup/backuperror.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <exception>
#include <functional>

template <typename T>
void readInBackground(QObject *receiver, std::function<infrahub::BackupResult<T>()> read,
                      std::function<void(infrahub::BackupResult<T>)> deliver) {
    QPointer<QObject> guard(receiver);
    QThreadPool::globalInstance()->start([guard, read, deliver] {
        infrahub::BackupResult<T> result;
        try {
            result = read();
        } catch (const std::exception &e) {
            result = infrahub::BackupError::make(
                infrahub::BackupError::Kind::Io,
                QCoreApplication::translate("BackupHistoryPanel", "Reading the backup folder failed: %1")
                    .arg(QString::fromLocal8Bit(e.what())));
        }
        QMetaObject::invokeMethod(
            qApp,
            [guard, deliver, result] {
                if (guard)
                    deliver(result);
            },
            Qt::QueuedConnection);
    });
}
