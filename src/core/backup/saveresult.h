// Saving one device's fetched configuration: the options a caller may set and what became of it.
#pragma once

#include <QString>

namespace infrahub {

struct SaveOptions {
    // The user confirmed that a configuration much smaller than the last good copy is right (a big clean-up),
    // so the "suspiciously short" check does not reject it. Empty and incomplete copies are still rejected.
    bool acceptShrink = false;
};

struct SaveResult {
    enum class Status {
        Changed,   // stored as a new version
        Unchanged, // identical to the last good copy: nothing written, no commit
        Rejected,  // not stored: the last good copy stays (see `rejection`)
        Failed,    // not stored: the disk or git failed, or the fetch itself failed (recordFailure)
    };
    enum class Rejection {
        None,
        Empty,      // nothing, or nothing left after dropping volatile lines
        Incomplete, // fails the platform's completeness check (truncated, a command error, a pager)
        Shrunk,     // much shorter than the last good copy (BackupStore::Options::minimumSizeRatio)
    };

    Status status = Status::Failed;
    Rejection rejection = Rejection::None;
    QString message;          // why it was rejected or failed, for the user; empty on success
    QString fileName;         // the device's file in the backup folder
    qint64 size = 0;          // bytes of the filtered configuration (stored, or that would have been)
    int lines = 0;            // its lines
    qint64 previousSize = -1; // bytes of the last good copy; -1 when there was none
    QString commitId;         // the commit that stored it (Changed, once committed)

    bool succeeded() const { return status == Status::Changed || status == Status::Unchanged; }
};

} // namespace infrahub
