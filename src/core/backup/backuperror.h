// What went wrong in the backup area (platform table, filters, the backup store), as a kind a caller can
// act on and a message that names the folder, file, platform or field involved and says what to do.
#pragma once

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
};

// Either a value or a BackupError (std::expected is C++23). Mirrors the client's Result<T>, whose error type
// is Infrahub's; the backup area's errors are about files and git, not about a server.
template <typename T> class BackupResult {
public:
    // An error until assigned, so the type is default-constructible for containers and QCoro.
    BackupResult()
        : m_data(BackupError::make(BackupError::Kind::Io, QStringLiteral("No result."))) {}
    BackupResult(T value)
        : m_data(std::move(value)) {}
    BackupResult(BackupError error)
        : m_data(std::move(error)) {}
    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<T>(m_data); }
    T &value() { return std::get<T>(m_data); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }
    const BackupError &error() const { return std::get<BackupError>(m_data); }

private:
    std::variant<T, BackupError> m_data;
};

} // namespace infrahub
