// What the backup store knows about one device between runs: when its configuration was last fetched
// successfully, when it last changed, the commit that holds it, and when and why the last attempt failed.
// Kept in the store's state file, so "last success / last failure with reason" survives restarts.
#pragma once

#include <QDateTime>
#include <QString>

namespace infrahub {

struct DeviceStatus {
    QString fileName; // the key: the file the configuration is kept in (DeviceRef::fileName())
    QString deviceName;
    QString deviceId;
    QString platform;

    QDateTime lastSuccess; // last fetch that was stored or found unchanged
    QDateTime lastChange;  // last fetch that changed the stored configuration
    QString lastCommit;    // the commit that stored the current copy
    qint64 size = -1;      // bytes of the current copy; -1 when there is none

    QDateTime lastFailure;
    QString lastFailureReason;
    int consecutiveFailures = 0; // since the last success

    // The latest attempt failed (the stored copy, if any, is older than the device's configuration may be).
    bool isFailing() const { return consecutiveFailures > 0; }
};

} // namespace infrahub
