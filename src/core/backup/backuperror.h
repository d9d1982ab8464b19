// What went wrong in the backup area (platform table, filters, the backup store), as a kind a caller can
// act on and a message that names the folder, file, platform or field involved and says what to do.
#pragma once

#include "client/infrahuberror.h"

#include <QString>

#include <utility>
#include <variant>

namespace infrahub {

struct BackupError {
    enum class Kind {
        NotWritable,       // the backup folder cannot be created or written
        ForeignRepository, // the folder is a git repository that this app did not create
        Busy,              // another process holds the folder's lock for longer than we wait
        Git,               // libgit2 failed (corrupt repository, disk full while committing...)
        Io,                // a file could not be read or written
        InvalidData,       // the platform table (or a user override of it) is not valid
        NotFound,          // an unknown commit, or a device with no copy at that commit
    };
    Kind kind = Kind::Io;
    QString message;

    static BackupError make(Kind kind, QString message) { return BackupError{kind, std::move(message)}; }
    // What an unassigned BackupResult holds.
    static BackupError noResult() { return make(Kind::Io, QStringLiteral("No result.")); }
};

// Either a value or a BackupError: the backup area's errors are about files and git, not about a server.
template <typename T> using BackupResult = Result<T, BackupError>;

} // namespace infrahub
