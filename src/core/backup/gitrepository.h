// The backup store's git repository through libgit2: a plain, non-bare repository whose working folder is
// the backup folder, so `git log`, `git diff` or any other tool reads it. This class knows git, not backups:
// commit these files, read a file at a commit, a file's versions, the diff between two commits.
// Not thread-safe: one thread at a time (BackupStore serialises its calls).
#pragma once

#include "backuperror.h"
#include "backupversion.h"
#include "configdiff.h"
#include "devicechange.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

struct git_repository;

namespace infrahub {

class GitRepository {
public:
    // The repository whose working folder is exactly `folder` (no search in parent folders).
    static BackupResult<std::unique_ptr<GitRepository>> open(const QString &folder);
    // A new repository in `folder` whose first branch is "main".
    static BackupResult<std::unique_ptr<GitRepository>> init(const QString &folder);
    // Whether `folder` has a .git of its own.
    static bool existsIn(const QString &folder);

    ~GitRepository();
    GitRepository(const GitRepository &) = delete;
    GitRepository &operator=(const GitRepository &) = delete;

    // The repository-local setting that says Infrahub Console made this repository.
    bool isMarkedAsBackupStore() const;
    // Sets that mark, keeps `ignoredFolder` out of `git status` (.git/info/exclude) and turns off line-ending
    // conversion, so the committed bytes are exactly the bytes written.
    BackupResult<bool> markAsBackupStore(const QString &ignoredFolder);

    // The current commit's id; empty when there is no commit yet.
    BackupResult<QString> headId() const;
    // The full id of a commit given by id, prefix or revision expression (HEAD~2); NotFound when none.
    BackupResult<QString> resolveCommit(const QString &spec) const;
    // A file's bytes at a commit (an empty id means "no commit": no file); nullopt when it has no such file.
    BackupResult<std::optional<QByteArray>> fileAt(const QString &commitId, const QString &path) const;
    // The names of the files at the top of a commit's tree.
    BackupResult<QStringList> filesAt(const QString &commitId) const;

    // Stages `paths` (relative to the folder, as they are on disk) and commits them on the current branch.
    // Returns the new commit's id, or an empty string when the staged tree equals the current commit's
    // (nothing changed: no empty commit is made).
    BackupResult<QString> commitFiles(const QStringList &paths, const QString &message,
                                      const QString &authorName, const QString &authorEmail);

    // The commits, newest first along first parents, in which `path` got new content.
    BackupResult<QList<BackupVersion>> fileHistory(const QString &path) const;
    // For each of `paths`: the newest commit that changed it (one walk over the history, for rebuilding the
    // store's records). Paths never committed are absent.
    BackupResult<QMap<QString, BackupVersion>> lastChanges(const QStringList &paths) const;

    // The difference of one file between two commits (empty id: no commit, the file did not exist).
    BackupResult<ConfigDiff> diffFile(const QString &path, const QString &fromId, const QString &toId,
                                      int contextLines) const;
    // Every file that differs between two commits and passes `wanted`, with its diff. Device names are
    // left for the caller to fill in.
    BackupResult<QList<DeviceChange>> diffCommits(const QString &fromId, const QString &toId,
                                                  int contextLines,
                                                  const std::function<bool(const QString &)> &wanted) const;

private:
    explicit GitRepository(git_repository *repo);
    git_repository *m_repo = nullptr;
};

} // namespace infrahub
