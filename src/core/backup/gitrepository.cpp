#include "gitrepository.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <git2.h>

#include <vector>

namespace infrahub {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("GitRepository", text);
}

// libgit2 objects owned by unique_ptrs, so every early return frees what it looked up.
template <typename T, void (*Free)(T *)> struct GitFree {
    void operator()(T *p) const {
        if (p)
            Free(p);
    }
};
template <typename T, void (*Free)(T *)> using GitPtr = std::unique_ptr<T, GitFree<T, Free>>;
using CommitPtr = GitPtr<git_commit, git_commit_free>;
using TreePtr = GitPtr<git_tree, git_tree_free>;
using TreeEntryPtr = GitPtr<git_tree_entry, git_tree_entry_free>;
using BlobPtr = GitPtr<git_blob, git_blob_free>;
using ObjectPtr = GitPtr<git_object, git_object_free>;
using IndexPtr = GitPtr<git_index, git_index_free>;
using SignaturePtr = GitPtr<git_signature, git_signature_free>;
using RevwalkPtr = GitPtr<git_revwalk, git_revwalk_free>;
using DiffPtr = GitPtr<git_diff, git_diff_free>;
using PatchPtr = GitPtr<git_patch, git_patch_free>;
using ConfigPtr = GitPtr<git_config, git_config_free>;

// libgit2 is initialised once per user of it (reference-counted by the library).
struct LibraryUse {
    LibraryUse() { git_libgit2_init(); }
    ~LibraryUse() { git_libgit2_shutdown(); }
};

constexpr auto kMarkKey = "infrahub-console.backup-store";

BackupError gitError(int code, const QString &what) {
    const git_error *e = git_error_last();
    const QString detail = e && e->message ? QString::fromUtf8(e->message) : tr("error %1").arg(code);
    return BackupError::make(code == GIT_ENOTFOUND ? BackupError::Kind::NotFound : BackupError::Kind::Git,
                             QStringLiteral("%1: %2").arg(what, detail));
}

QString idText(const git_oid *oid) {
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, oid);
    return QString::fromLatin1(hex);
}

QDateTime commitTime(const git_commit *commit) {
    return QDateTime::fromSecsSinceEpoch(static_cast<qint64>(git_commit_time(commit)), Qt::UTC);
}

QString summaryOf(const git_commit *commit) {
    // git_commit_summary needs a non-const commit only for its cache.
    const char *summary = git_commit_summary(const_cast<git_commit *>(commit));
    return summary ? QString::fromUtf8(summary) : QString();
}

git_diff_options diffOptions(int contextLines) {
    git_diff_options options;
    git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
    options.context_lines = static_cast<uint32_t>(std::max(0, contextLines));
    // Configurations are text even when a banner holds a stray control byte. Patience keeps a change
    // inside its block instead of pairing it with one of Cisco's many identical "!" lines.
    options.flags |= GIT_DIFF_FORCE_TEXT | GIT_DIFF_PATIENCE;
    return options;
}

// The text after the second "@@" of a hunk header: git's nearest unindented line above the hunk.
QString sectionOf(const git_diff_hunk *hunk) {
    const QString header = QString::fromUtf8(hunk->header, static_cast<qsizetype>(hunk->header_len));
    const qsizetype close = header.indexOf(QStringLiteral("@@"), 2);
    return close < 0 ? QString() : header.mid(close + 2).trimmed();
}

BackupResult<ConfigDiff> diffFromPatch(git_patch *patch) {
    ConfigDiff diff;
    const size_t hunkCount = git_patch_num_hunks(patch);
    for (size_t h = 0; h < hunkCount; ++h) {
        const git_diff_hunk *hunk = nullptr;
        size_t lineCount = 0;
        if (const int rc = git_patch_get_hunk(&hunk, &lineCount, patch, h); rc < 0)
            return gitError(rc, tr("Cannot read a diff"));
        DiffHunk out;
        out.oldStart = hunk->old_start;
        out.oldCount = hunk->old_lines;
        out.newStart = hunk->new_start;
        out.newCount = hunk->new_lines;
        out.section = sectionOf(hunk);
        for (size_t l = 0; l < lineCount; ++l) {
            const git_diff_line *line = nullptr;
            if (const int rc = git_patch_get_line_in_hunk(&line, patch, h, l); rc < 0)
                return gitError(rc, tr("Cannot read a diff"));
            DiffLine outLine;
            switch (line->origin) {
            case GIT_DIFF_LINE_CONTEXT:
                outLine.kind = DiffLine::Kind::Context;
                break;
            case GIT_DIFF_LINE_ADDITION:
                outLine.kind = DiffLine::Kind::Added;
                break;
            case GIT_DIFF_LINE_DELETION:
                outLine.kind = DiffLine::Kind::Removed;
                break;
            default:
                continue; // "\ No newline at end of file" markers: stored copies always end with one
            }
            outLine.oldLine = line->old_lineno;
            outLine.newLine = line->new_lineno;
            outLine.text = QString::fromUtf8(line->content, static_cast<qsizetype>(line->content_len));
            if (outLine.text.endsWith(u'\n'))
                outLine.text.chop(1);
            out.lines.append(std::move(outLine));
        }
        diff.hunks.append(std::move(out));
    }
    return diff;
}

} // namespace

GitRepository::GitRepository(git_repository *repo)
    : m_repo(repo) {
    git_libgit2_init(); // balanced in the destructor, so the library outlives every repository handle
}

GitRepository::~GitRepository() {
    git_repository_free(m_repo);
    git_libgit2_shutdown();
}

bool GitRepository::existsIn(const QString &folder) {
    return QFileInfo::exists(QDir(folder).filePath(".git"));
}

BackupResult<std::unique_ptr<GitRepository>> GitRepository::open(const QString &folder) {
    LibraryUse library;
    git_repository *repo = nullptr;
    const QByteArray path = QDir::cleanPath(folder).toUtf8();
    if (const int rc =
            git_repository_open_ext(&repo, path.constData(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
        rc < 0)
        return gitError(rc, tr("Cannot open the git repository in %1").arg(folder));
    std::unique_ptr<GitRepository> opened(new GitRepository(repo));
    // A bare repository, or a .git folder picked instead of its working folder, is not a backup folder.
    const char *workdir = git_repository_workdir(repo);
    if (!workdir || QDir(QString::fromUtf8(workdir)).canonicalPath() != QDir(folder).canonicalPath())
        return BackupError::make(
            BackupError::Kind::ForeignRepository,
            tr("%1 is the inside of a git repository, not a folder for backups.").arg(folder));
    return opened;
}

BackupResult<std::unique_ptr<GitRepository>> GitRepository::init(const QString &folder) {
    LibraryUse library;
    git_repository_init_options options;
    git_repository_init_options_init(&options, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
    options.flags = GIT_REPOSITORY_INIT_MKPATH;
    options.initial_head = "main";
    git_repository *repo = nullptr;
    const QByteArray path = QDir::cleanPath(folder).toUtf8();
    if (const int rc = git_repository_init_ext(&repo, path.constData(), &options); rc < 0)
        return gitError(rc, tr("Cannot create a git repository in %1").arg(folder));
    return std::unique_ptr<GitRepository>(new GitRepository(repo));
}

bool GitRepository::isMarkedAsBackupStore() const {
    git_config *raw = nullptr;
    if (git_repository_config_snapshot(&raw, m_repo) < 0)
        return false;
    ConfigPtr config(raw);
    int marked = 0;
    return git_config_get_bool(&marked, config.get(), kMarkKey) == 0 && marked;
}

BackupResult<bool> GitRepository::markAsBackupStore(const QString &ignoredFolder) {
    git_config *raw = nullptr;
    if (const int rc = git_repository_config(&raw, m_repo); rc < 0)
        return gitError(rc, tr("Cannot read the repository's settings"));
    ConfigPtr all(raw);
    if (const int rc = git_config_open_level(&raw, all.get(), GIT_CONFIG_LEVEL_LOCAL); rc < 0)
        return gitError(rc, tr("Cannot read the repository's settings"));
    ConfigPtr local(raw);
    for (const auto &[key, value] : {std::pair{kMarkKey, true}, std::pair{"core.autocrlf", false}})
        if (const int rc = git_config_set_bool(local.get(), key, value); rc < 0)
            return gitError(rc, tr("Cannot write the repository's settings"));

    const QString excludePath = QDir(QString::fromUtf8(git_repository_path(m_repo))).filePath("info/exclude");
    QDir().mkpath(QFileInfo(excludePath).path());
    const QByteArray rule = '/' + ignoredFolder.toUtf8() + "/\n";
    QFile exclude(excludePath);
    if (exclude.open(QIODevice::ReadOnly) && exclude.readAll().contains(rule))
        return true;
    exclude.close();
    if (!exclude.open(QIODevice::WriteOnly | QIODevice::Append) || exclude.write(rule) < 0)
        return BackupError::make(BackupError::Kind::Io,
                                 tr("Cannot write %1: %2").arg(excludePath, exclude.errorString()));
    return true;
}

BackupResult<QString> GitRepository::headId() const {
    git_oid oid;
    const int rc = git_reference_name_to_id(&oid, m_repo, "HEAD");
    if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
        return QString();
    if (rc < 0)
        return gitError(rc, tr("Cannot read HEAD"));
    return idText(&oid);
}

BackupResult<QString> GitRepository::resolveCommit(const QString &spec) const {
    git_object *raw = nullptr;
    const QByteArray text = spec.trimmed().toUtf8();
    if (const int rc = git_revparse_single(&raw, m_repo, text.constData()); rc < 0)
        return gitError(rc, tr("No commit \"%1\"").arg(spec));
    ObjectPtr object(raw);
    if (const int rc = git_object_peel(&raw, object.get(), GIT_OBJECT_COMMIT); rc < 0)
        return gitError(rc, tr("\"%1\" is not a commit").arg(spec));
    ObjectPtr commit(raw);
    return idText(git_object_id(commit.get()));
}

namespace {

BackupResult<CommitPtr> lookupCommit(git_repository *repo, const QString &id) {
    git_oid oid;
    const QByteArray hex = id.toLatin1();
    if (git_oid_fromstrn(&oid, hex.constData(), static_cast<size_t>(hex.size())) < 0)
        return BackupError::make(BackupError::Kind::NotFound, tr("\"%1\" is not a commit id").arg(id));
    git_commit *raw = nullptr;
    if (const int rc = git_commit_lookup(&raw, repo, &oid); rc < 0)
        return gitError(rc, tr("No commit %1").arg(id));
    return CommitPtr(raw);
}

// The tree of a commit; a null tree for an empty id (the state before the first commit).
BackupResult<TreePtr> treeOf(git_repository *repo, const QString &commitId) {
    if (commitId.isEmpty())
        return TreePtr();
    BackupResult<CommitPtr> commit = lookupCommit(repo, commitId);
    if (!commit)
        return commit.error();
    git_tree *raw = nullptr;
    if (const int rc = git_commit_tree(&raw, commit.value().get()); rc < 0)
        return gitError(rc, tr("Cannot read commit %1").arg(commitId));
    return TreePtr(raw);
}

TreePtr treeOf(const git_commit *commit) {
    git_tree *raw = nullptr;
    return git_commit_tree(&raw, commit) < 0 ? TreePtr() : TreePtr(raw);
}

// The blob id at `path` in `tree`, if there is a file there.
std::optional<git_oid> entryAt(const git_tree *tree, const QByteArray &path) {
    if (!tree)
        return std::nullopt;
    git_tree_entry *raw = nullptr;
    if (git_tree_entry_bypath(&raw, tree, path.constData()) < 0)
        return std::nullopt;
    TreeEntryPtr entry(raw);
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB)
        return std::nullopt;
    return *git_tree_entry_id(entry.get());
}

BackupResult<BlobPtr> blobAt(git_repository *repo, const git_tree *tree, const QByteArray &path) {
    const std::optional<git_oid> id = entryAt(tree, path);
    if (!id)
        return BlobPtr();
    git_blob *raw = nullptr;
    if (const int rc = git_blob_lookup(&raw, repo, &*id); rc < 0)
        return gitError(rc, tr("Cannot read %1").arg(QString::fromUtf8(path)));
    return BlobPtr(raw);
}

// Walks the history from HEAD, newest first, along first parents (the store's history is linear; a merge
// someone made by hand is followed through its first parent). Nothing when there is no commit yet.
BackupResult<RevwalkPtr> walkFromHead(git_repository *repo) {
    if (git_repository_head_unborn(repo) == 1)
        return RevwalkPtr();
    git_revwalk *raw = nullptr;
    if (const int rc = git_revwalk_new(&raw, repo); rc < 0)
        return gitError(rc, tr("Cannot read the history"));
    RevwalkPtr walk(raw);
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    git_revwalk_simplify_first_parent(walk.get());
    const int rc = git_revwalk_push_head(walk.get());
    if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
        return RevwalkPtr();
    if (rc < 0)
        return gitError(rc, tr("Cannot read the history"));
    return walk;
}

CommitPtr firstParent(const git_commit *commit) {
    git_commit *raw = nullptr;
    if (git_commit_parentcount(commit) == 0 || git_commit_parent(&raw, commit, 0) < 0)
        return CommitPtr();
    return CommitPtr(raw);
}

} // namespace

BackupResult<std::optional<QByteArray>> GitRepository::fileAt(const QString &commitId,
                                                              const QString &path) const {
    BackupResult<TreePtr> tree = treeOf(m_repo, commitId);
    if (!tree)
        return tree.error();
    BackupResult<BlobPtr> blob = blobAt(m_repo, tree.value().get(), path.toUtf8());
    if (!blob)
        return blob.error();
    if (!blob.value())
        return std::optional<QByteArray>();
    const auto *data = static_cast<const char *>(git_blob_rawcontent(blob.value().get()));
    return std::optional<QByteArray>(
        QByteArray(data, static_cast<qsizetype>(git_blob_rawsize(blob.value().get()))));
}

BackupResult<QStringList> GitRepository::filesAt(const QString &commitId) const {
    BackupResult<TreePtr> tree = treeOf(m_repo, commitId);
    if (!tree)
        return tree.error();
    QStringList names;
    if (!tree.value())
        return names;
    const size_t count = git_tree_entrycount(tree.value().get());
    for (size_t i = 0; i < count; ++i) {
        const git_tree_entry *entry = git_tree_entry_byindex(tree.value().get(), i);
        if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB)
            names.append(QString::fromUtf8(git_tree_entry_name(entry)));
    }
    return names;
}

BackupResult<QString> GitRepository::commitFiles(const QStringList &paths, const QString &message,
                                                 const QString &authorName, const QString &authorEmail) {
    git_index *rawIndex = nullptr;
    if (const int rc = git_repository_index(&rawIndex, m_repo); rc < 0)
        return gitError(rc, tr("Cannot open the git index"));
    IndexPtr index(rawIndex);
    // Another process (or another store object) may have committed since this index was read.
    if (const int rc = git_index_read(index.get(), 0); rc < 0)
        return gitError(rc, tr("Cannot read the git index"));
    for (const QString &path : paths) {
        const QByteArray utf8 = path.toUtf8();
        if (const int rc = git_index_add_bypath(index.get(), utf8.constData()); rc < 0)
            return gitError(rc, tr("Cannot stage %1").arg(path));
    }
    git_oid treeId;
    if (const int rc = git_index_write_tree(&treeId, index.get()); rc < 0)
        return gitError(rc, tr("Cannot write the git tree"));

    CommitPtr parent;
    BackupResult<QString> head = headId();
    if (!head)
        return head.error();
    if (!head.value().isEmpty()) {
        BackupResult<CommitPtr> found = lookupCommit(m_repo, head.value());
        if (!found)
            return found.error();
        parent = std::move(found.value());
        if (git_oid_equal(git_commit_tree_id(parent.get()), &treeId)) {
            git_index_write(index.get()); // keep the on-disk index in step; nothing to commit
            return QString();
        }
    }

    git_tree *rawTree = nullptr;
    if (const int rc = git_tree_lookup(&rawTree, m_repo, &treeId); rc < 0)
        return gitError(rc, tr("Cannot read the git tree"));
    TreePtr tree(rawTree);
    git_signature *rawSignature = nullptr;
    const QByteArray name = authorName.toUtf8();
    const QByteArray email = authorEmail.toUtf8();
    if (const int rc = git_signature_now(&rawSignature, name.constData(), email.constData()); rc < 0)
        return gitError(rc, tr("Invalid commit author"));
    SignaturePtr signature(rawSignature);
    QByteArray text = message.toUtf8();
    if (!text.endsWith('\n'))
        text += '\n';
    const git_commit *parents[] = {parent.get()};
    git_oid commitId;
    if (const int rc = git_commit_create(&commitId, m_repo, "HEAD", signature.get(), signature.get(), nullptr,
                                         text.constData(), tree.get(), parent ? 1 : 0, parents);
        rc < 0)
        return gitError(rc, tr("Cannot commit"));
    if (const int rc = git_index_write(index.get()); rc < 0)
        return gitError(rc, tr("Committed, but cannot write the git index"));
    return idText(&commitId);
}

BackupResult<QList<BackupVersion>> GitRepository::fileHistory(const QString &path) const {
    QList<BackupVersion> versions;
    BackupResult<RevwalkPtr> walk = walkFromHead(m_repo);
    if (!walk)
        return walk.error();
    if (!walk.value())
        return versions;
    const QByteArray utf8 = path.toUtf8();
    git_oid oid;
    while (git_revwalk_next(&oid, walk.value().get()) == 0) {
        git_commit *raw = nullptr;
        if (const int rc = git_commit_lookup(&raw, m_repo, &oid); rc < 0)
            return gitError(rc, tr("Cannot read the history"));
        CommitPtr commit(raw);
        const TreePtr tree = treeOf(commit.get());
        const std::optional<git_oid> entry = entryAt(tree.get(), utf8);
        if (!entry)
            continue;
        const CommitPtr parent = firstParent(commit.get());
        const TreePtr parentTree = parent ? treeOf(parent.get()) : TreePtr();
        const std::optional<git_oid> before = entryAt(parentTree.get(), utf8);
        if (before && git_oid_equal(&*before, &*entry))
            continue;
        BackupVersion version;
        version.commitId = idText(&oid);
        version.time = commitTime(commit.get());
        version.message = summaryOf(commit.get());
        git_blob *rawBlob = nullptr;
        if (git_blob_lookup(&rawBlob, m_repo, &*entry) == 0) {
            version.size = static_cast<qint64>(git_blob_rawsize(rawBlob));
            git_blob_free(rawBlob);
        }
        versions.append(version);
    }
    return versions;
}

BackupResult<QMap<QString, BackupVersion>> GitRepository::lastChanges(const QStringList &paths) const {
    QMap<QString, BackupVersion> found;
    BackupResult<RevwalkPtr> walk = walkFromHead(m_repo);
    if (!walk)
        return walk.error();
    if (!walk.value())
        return found;
    QSet<QString> wanted(paths.cbegin(), paths.cend());
    git_diff_options options = diffOptions(0);
    git_oid oid;
    while (!wanted.isEmpty() && git_revwalk_next(&oid, walk.value().get()) == 0) {
        git_commit *raw = nullptr;
        if (const int rc = git_commit_lookup(&raw, m_repo, &oid); rc < 0)
            return gitError(rc, tr("Cannot read the history"));
        CommitPtr commit(raw);
        const TreePtr tree = treeOf(commit.get());
        const CommitPtr parent = firstParent(commit.get());
        const TreePtr parentTree = parent ? treeOf(parent.get()) : TreePtr();
        git_diff *rawDiff = nullptr;
        if (const int rc = git_diff_tree_to_tree(&rawDiff, m_repo, parentTree.get(), tree.get(), &options);
            rc < 0)
            return gitError(rc, tr("Cannot read the history"));
        DiffPtr diff(rawDiff);
        const size_t deltas = git_diff_num_deltas(diff.get());
        for (size_t i = 0; i < deltas; ++i) {
            const git_diff_delta *delta = git_diff_get_delta(diff.get(), i);
            const QString path = QString::fromUtf8(delta->new_file.path);
            if (delta->status == GIT_DELTA_DELETED || !wanted.contains(path))
                continue;
            wanted.remove(path);
            BackupVersion version;
            version.commitId = idText(&oid);
            version.time = commitTime(commit.get());
            version.message = summaryOf(commit.get());
            version.size = static_cast<qint64>(delta->new_file.size);
            found.insert(path, version);
        }
    }
    return found;
}

BackupResult<ConfigDiff> GitRepository::diffFile(const QString &path, const QString &fromId,
                                                 const QString &toId, int contextLines) const {
    BackupResult<TreePtr> fromTree = treeOf(m_repo, fromId);
    if (!fromTree)
        return fromTree.error();
    BackupResult<TreePtr> toTree = treeOf(m_repo, toId);
    if (!toTree)
        return toTree.error();
    const QByteArray utf8 = path.toUtf8();
    BackupResult<BlobPtr> oldBlob = blobAt(m_repo, fromTree.value().get(), utf8);
    if (!oldBlob)
        return oldBlob.error();
    BackupResult<BlobPtr> newBlob = blobAt(m_repo, toTree.value().get(), utf8);
    if (!newBlob)
        return newBlob.error();
    const git_diff_options options = diffOptions(contextLines);
    git_patch *raw = nullptr;
    if (const int rc = git_patch_from_blobs(&raw, oldBlob.value().get(), utf8.constData(),
                                            newBlob.value().get(), utf8.constData(), &options);
        rc < 0)
        return gitError(rc, tr("Cannot compare %1").arg(path));
    PatchPtr patch(raw);
    BackupResult<ConfigDiff> diff = diffFromPatch(patch.get());
    if (!diff)
        return diff;
    diff->oldName = diff->newName = path;
    diff->oldExists = oldBlob.value() != nullptr;
    diff->newExists = newBlob.value() != nullptr;
    diff->oldCommit = fromId;
    diff->newCommit = toId;
    return diff;
}

BackupResult<QList<DeviceChange>>
GitRepository::diffCommits(const QString &fromId, const QString &toId, int contextLines,
                           const std::function<bool(const QString &)> &wanted) const {
    BackupResult<TreePtr> fromTree = treeOf(m_repo, fromId);
    if (!fromTree)
        return fromTree.error();
    BackupResult<TreePtr> toTree = treeOf(m_repo, toId);
    if (!toTree)
        return toTree.error();
    const git_diff_options options = diffOptions(contextLines);
    git_diff *rawDiff = nullptr;
    if (const int rc =
            git_diff_tree_to_tree(&rawDiff, m_repo, fromTree.value().get(), toTree.value().get(), &options);
        rc < 0)
        return gitError(rc, tr("Cannot compare %1 with %2").arg(fromId, toId));
    DiffPtr diff(rawDiff);
    QList<DeviceChange> changes;
    const size_t deltas = git_diff_num_deltas(diff.get());
    for (size_t i = 0; i < deltas; ++i) {
        const git_diff_delta *delta = git_diff_get_delta(diff.get(), i);
        DeviceChange change;
        switch (delta->status) {
        case GIT_DELTA_ADDED:
            change.kind = DeviceChange::Kind::Added;
            break;
        case GIT_DELTA_DELETED:
            change.kind = DeviceChange::Kind::Removed;
            break;
        case GIT_DELTA_MODIFIED:
            change.kind = DeviceChange::Kind::Modified;
            break;
        default:
            continue; // renames, type changes: never made by the store
        }
        change.fileName = QString::fromUtf8(
            change.kind == DeviceChange::Kind::Removed ? delta->old_file.path : delta->new_file.path);
        if (wanted && !wanted(change.fileName))
            continue;
        git_patch *rawPatch = nullptr;
        if (const int rc = git_patch_from_diff(&rawPatch, diff.get(), i); rc < 0)
            return gitError(rc, tr("Cannot compare %1").arg(change.fileName));
        PatchPtr patch(rawPatch);
        BackupResult<ConfigDiff> fileDiff = diffFromPatch(patch.get());
        if (!fileDiff)
            return fileDiff.error();
        change.diff = fileDiff.value();
        change.diff.oldName = change.diff.newName = change.fileName;
        change.diff.oldExists = change.kind != DeviceChange::Kind::Added;
        change.diff.newExists = change.kind != DeviceChange::Kind::Removed;
        change.diff.oldCommit = fromId;
        change.diff.newCommit = toId;
        changes.append(std::move(change));
    }
    return changes;
}

} // namespace infrahub
