#include "backupjob.h"

#include "core/concurrency/runonpool.h"
#include "ssh/ssherrors.h"
#include "ssh/sshsession.h"

#include <QCoreApplication>
#include <QCoroFuture>
#include <QFuture>
#include <QPromise>

#include <algorithm>

namespace infrahub {

namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1) {
    return QCoreApplication::translate("BackupJob", text, disambiguation, n);
}

// Codes of the backup's own failures (next to the ssherrors codes): none of them is worth a retry.
constexpr char kUnknownPlatform[] = "BACKUP_UNKNOWN_PLATFORM";
constexpr char kCommandFailed[] = "BACKUP_COMMAND_FAILED";
constexpr char kRejected[] = "BACKUP_REJECTED";
constexpr char kFetchTimeout[] = "BACKUP_FETCH_TIMEOUT";

InfrahubError backupError(InfrahubError::Kind kind, const char *code, QString message) {
    InfrahubError error = InfrahubError::make(kind, std::move(message));
    error.code = QLatin1String(code);
    return error;
}

InfrahubError cancelledError() {
    return InfrahubError::make(InfrahubError::Kind::Cancelled, tr("cancelled"));
}

// The time a step may take: the session's per-command limit, within what is left of the fetch's budget
// (the platform's timeout_seconds). -1: the session's default (no budget); 0 or less left: none.
int stepTimeoutMs(int commandMs, qint64 budgetMs, const QElapsedTimer &clock) {
    if (budgetMs <= 0)
        return commandMs > 0 ? commandMs : -1;
    const qint64 left = budgetMs - clock.elapsed();
    if (left <= 0)
        return 0;
    return int(commandMs > 0 ? std::min<qint64>(commandMs, left) : left);
}

InfrahubError budgetSpent(const BackupTarget &target, const PlatformProfile &profile) {
    return backupError(InfrahubError::Kind::Timeout, kFetchTimeout,
                       tr("%1 did not deliver its configuration within the %2 s the platform %3 allows "
                          "(timeout_seconds in the platform table).")
                           .arg(target.device.label())
                           .arg(profile.timeoutSeconds)
                           .arg(profile.name));
}

void appendOutput(QString &text, const QByteArray &output) {
    if (!text.isEmpty() && !text.endsWith(u'\n'))
        text += u'\n';
    text += QString::fromUtf8(output);
}

QString lastLineOf(const QByteArray &bytes) {
    const QStringList lines = QString::fromUtf8(bytes).trimmed().split(u'\n');
    return lines.isEmpty() ? QString() : ssherrors::printable(lines.constLast().trimmed().left(200));
}

} // namespace

// Counts an open SSH session for as long as it lives (declared before the session, so it ends after it).
struct BackupJob::Attempt {
    explicit Attempt(QPointer<BackupJob> job)
        : job(std::move(job)) {
        if (this->job) {
            ++this->job->m_activeSessions;
            this->job->m_peakSessions = std::max(this->job->m_peakSessions, this->job->m_activeSessions);
        }
    }
    ~Attempt() {
        if (job)
            --job->m_activeSessions;
    }
    Attempt(const Attempt &) = delete;
    Attempt &operator=(const Attempt &) = delete;
    QPointer<BackupJob> job;
};

BackupJob::BackupJob(QList<BackupTarget> targets, std::shared_ptr<BackupStore> store, PlatformTable platforms,
                     Options options, QObject *parent)
    : QObject(parent)
    , m_targets(std::move(targets))
    , m_store(std::move(store))
    , m_platforms(std::move(platforms))
    , m_options(std::move(options)) {
    // One worker: store calls run in the order they were made, so the commit always comes after the saves
    // before it. Each call is short (one file, or one commit).
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);

    QStringList labels;
    labels.reserve(m_targets.size());
    m_results.reserve(m_targets.size());
    for (const BackupTarget &t : std::as_const(m_targets)) {
        labels.append(t.device.label());
        DeviceResult r;
        r.platform = t.platform;
        m_results.append(r);
    }
    Job::Options jobOptions;
    jobOptions.concurrency = std::max(1, m_options.concurrency);
    jobOptions.retry.maxAttempts = 1 + std::max(0, m_options.retries);
    jobOptions.retry.baseDelayMs = std::max(0, m_options.retryDelayMs);
    jobOptions.retry.maxDelayMs = std::max(jobOptions.retry.baseDelayMs, 30'000);
    jobOptions.retry.retryable = &BackupJob::isTransient;
    const QString title = m_options.title.isEmpty()
                              ? tr("Backup of %n device(s)", nullptr, int(m_targets.size()))
                              : m_options.title;
    QPointer<BackupJob> self(this);
    m_job = new Job(
        title, std::move(labels),
        [self](int index, CancellationToken token) { return backupOne(self, index, std::move(token)); },
        jobOptions, this);
    connect(m_job, &Job::stateChanged, this, &BackupJob::onJobStateChanged);
    connect(m_job, &Job::itemChanged, this, &BackupJob::onItemChanged);
    connect(m_job, &Job::finished, this, [this] { finishRound(); });
}

BackupJob::~BackupJob() {
    // A job the Jobs dock took over outlives us: stop it; its devices see us gone and end.
    if (m_job && m_job->parent() != this)
        m_job->cancel();
    // The run commits what it stored when its last owner lets go: make that happen on the worker (and wait
    // for it, so nothing saved stays outside git).
    if (m_run) {
        m_pool.start([run = std::move(m_run)]() mutable { run.reset(); });
    }
    m_pool.waitForDone();
}

void BackupJob::start() {
    if (m_job)
        m_job->start(); // once: a started job ignores it
}

void BackupJob::cancel() {
    if (m_job)
        m_job->cancel();
}

bool BackupJob::isRunning() const {
    return (m_job && m_job->isRunning()) || m_finishing;
}

int BackupJob::count(DeviceResult::Outcome outcome) const {
    return int(std::count_if(m_results.cbegin(), m_results.cend(),
                             [outcome](const DeviceResult &r) { return r.outcome == outcome; }));
}

qint64 BackupJob::elapsedMs() const {
    return m_elapsedBefore + (!m_roundOver || m_finishing ? m_clock.elapsed() : 0);
}

QString BackupJob::outcomeText(DeviceResult::Outcome outcome) {
    switch (outcome) {
    case DeviceResult::Outcome::Pending:
        return tr("pending");
    case DeviceResult::Outcome::New:
        return tr("new");
    case DeviceResult::Outcome::Changed:
        return tr("changed");
    case DeviceResult::Outcome::Unchanged:
        return tr("unchanged");
    case DeviceResult::Outcome::Failed:
        return tr("failed");
    case DeviceResult::Outcome::NotStarted:
        return tr("not started");
    }
    return {};
}

QString BackupJob::outcomeName(DeviceResult::Outcome outcome) {
    switch (outcome) {
    case DeviceResult::Outcome::Pending:
        return QStringLiteral("pending");
    case DeviceResult::Outcome::New:
        return QStringLiteral("new");
    case DeviceResult::Outcome::Changed:
        return QStringLiteral("changed");
    case DeviceResult::Outcome::Unchanged:
        return QStringLiteral("unchanged");
    case DeviceResult::Outcome::Failed:
        return QStringLiteral("failed");
    case DeviceResult::Outcome::NotStarted:
        return QStringLiteral("not started");
    }
    return {};
}

QString BackupJob::summary() const {
    using Outcome = DeviceResult::Outcome;
    QStringList parts;
    for (const Outcome o : {Outcome::New, Outcome::Changed, Outcome::Unchanged, Outcome::Failed,
                            Outcome::NotStarted, Outcome::Pending})
        if (const int n = count(o))
            parts.append(QStringLiteral("%1 %2").arg(n).arg(outcomeText(o)));
    return tr("%1 of %2 in %3 s")
        .arg(parts.isEmpty() ? tr("nothing") : parts.join(QStringLiteral(", ")))
        .arg(m_results.size())
        .arg(QString::number(elapsedMs() / 1000.0, 'f', elapsedMs() < 10'000 ? 2 : 1));
}

bool BackupJob::isTransient(const InfrahubError &error) {
    if (error.kind == InfrahubError::Kind::Cancelled)
        return false;
    // Refused, unreachable or too slow to connect; the connection or the shell cut midway; a key exchange
    // the server broke off (a device busy with other sessions does that). Not: authentication, host keys,
    // a command that hung, a refused channel, the store's rejections.
    for (const char *code :
         {ssherrors::code::NotReachable, ssherrors::code::ConnectTimeout, ssherrors::code::ConnectionLost,
          ssherrors::code::ChannelClosed, ssherrors::code::Handshake})
        if (ssherrors::is(error, code))
            return true;
    return false;
}

void BackupJob::onJobStateChanged(Job::State state) {
    if (state != Job::State::Running)
        return;
    // A new round: the first run, or "Retry Failed" in the Jobs dock. Each round is one commit.
    m_roundOver = false;
    m_cancelled = false;
    m_commitError.clear();
    m_storedThisRound.clear();
    m_clock.start();
    m_run = std::shared_ptr<BackupRun>(m_store->beginRun());
}

void BackupJob::onItemChanged(int index) {
    // "Retry Failed" queues the device again: its old result no longer stands.
    if (!m_job || index < 0 || index >= m_results.size())
        return;
    if (m_job->items().at(index).state == Job::ItemState::Queued &&
        m_results.at(index).outcome != DeviceResult::Outcome::Pending) {
        DeviceResult reset;
        reset.platform = m_results.at(index).platform;
        m_results[index] = reset;
        Q_EMIT deviceDone(index);
    }
}

QCoro::Task<Result<QString>> BackupJob::backupOne(QPointer<BackupJob> self, int index,
                                                  CancellationToken token) {
    if (!self || self->m_roundOver || token.isCancelled())
        co_return cancelledError();
    const BackupTarget target = self->m_targets.at(index);
    const int attempt = self->m_job ? self->m_job->items().at(index).attempts : 1;
    const int maxAttempts = 1 + std::max(0, self->m_options.retries);
    QElapsedTimer clock;
    clock.start();
    self->m_results[index].attempts = attempt;

    // The profile. A platform Infrahub names but the table does not know is a failure (guessing commands for
    // an unknown CLI can do harm); a device without any platform gets the table's fallback.
    const PlatformMatch match = self->m_platforms.lookup(target.platform, target.napalmDriver);
    Result<QString> fetched;
    if (match.by == PlatformMatch::By::Fallback && !target.platform.isEmpty()) {
        QStringList known = self->m_platforms.names();
        known.removeAll(self->m_platforms.fallbackName());
        fetched = backupError(
            InfrahubError::Kind::Validation, kUnknownPlatform,
            tr("The platform \"%1\" of %2 is not in the platform table. Add it (or an alias for it) to %3, "
               "or give "
               "the device's platform in Infrahub a netmiko_device_type the table knows (%4).")
                .arg(target.platform, target.device.label(),
                     self->m_options.platformsFile.isEmpty() ? tr("the platforms file (see docs/backups.md)")
                                                             : self->m_options.platformsFile,
                     known.join(QStringLiteral(", "))));
    } else {
        QCoro::Task<Result<QString>> fetching = fetch(self, target, match.profile, token);
        fetched = co_await fetching;
    }
    if (!self)
        co_return cancelledError();
    const QString platformName = match.by == PlatformMatch::By::Fallback && !target.platform.isEmpty()
                                     ? target.platform
                                     : match.profile.name;
    self->m_results[index].platform = platformName;

    if (!fetched) {
        const InfrahubError error = fetched.error();
        if (token.isCancelled() || error.kind == InfrahubError::Kind::Cancelled || self->m_roundOver)
            co_return error; // not the device's failure: it ends "not started" unless it finished
        if (isTransient(error) && attempt < maxAttempts)
            co_return error; // the job tries again; only the last attempt's failure is recorded
        // The device keeps its last good copy; its status records when and why this failed. (The run is held
        // by the worker's call only, not by this frame: its last owner may commit it, never on this thread.)
        self->m_storedThisRound.insert(index);
        QFuture<bool> recording;
        {
            std::shared_ptr<BackupRun> run = self->m_run;
            recording = runOnPool<bool>(self->m_pool, [run = std::move(run), device = target.device,
                                                       platformName, reason = error.message] {
                run->recordFailure(device, platformName, reason);
                return true;
            });
        }
        co_await recording;
        if (!self)
            co_return error;
        DeviceResult &r = self->m_results[index];
        r.outcome = DeviceResult::Outcome::Failed;
        r.reason = error.message;
        r.durationMs = clock.elapsed();
        Q_EMIT self->deviceDone(index);
        co_return error;
    }

    // Fetched: the store filters, checks and writes it (on the worker).
    self->m_storedThisRound.insert(index);
    QFuture<SaveResult> saving;
    {
        std::shared_ptr<BackupRun> run = self->m_run;
        saving = runOnPool<SaveResult>(self->m_pool,
                                       [run = std::move(run), device = target.device, profile = match.profile,
                                        text = fetched.value()] { return run->save(device, profile, text); });
    }
    const SaveResult saved = co_await saving;
    if (!self)
        co_return cancelledError();
    DeviceResult &r = self->m_results[index];
    r.bytes = saved.size;
    r.lines = saved.lines;
    r.durationMs = clock.elapsed();
    switch (saved.status) {
    case SaveResult::Status::Changed:
        r.outcome = saved.previousSize < 0 ? DeviceResult::Outcome::New : DeviceResult::Outcome::Changed;
        break;
    case SaveResult::Status::Unchanged:
        r.outcome = DeviceResult::Outcome::Unchanged;
        break;
    case SaveResult::Status::Rejected:
    case SaveResult::Status::Failed:
        r.outcome = DeviceResult::Outcome::Failed;
        r.reason = saved.message;
        break;
    }
    Q_EMIT self->deviceDone(index);
    if (r.outcome == DeviceResult::Outcome::Failed)
        co_return backupError(InfrahubError::Kind::Validation, kRejected, saved.message);
    co_return tr("%1, %2 bytes, %3 lines").arg(outcomeText(r.outcome)).arg(r.bytes).arg(r.lines);
}

QCoro::Task<Result<QString>> BackupJob::fetch(QPointer<BackupJob> self, BackupTarget target,
                                              PlatformProfile profile, CancellationToken token) {
    if (!self)
        co_return cancelledError();
    const Options &options = self->m_options;
    SshTarget where;
    where.host = target.host;
    where.port = options.port > 0 ? options.port : target.port;
    where.user = options.user;
    where.readSshConfig = options.readSshConfig;
    where.sshConfigFile = options.sshConfigFile;
    where.knownHostsFile = options.knownHostsFile;
    const SshTimeouts timeouts = options.timeouts;
    const int commandMs = timeouts.commandMs;
    const qint64 budgetMs = profile.timeoutSeconds > 0 ? qint64(profile.timeoutSeconds) * 1000 : 0;

    const Attempt counted(self);
    auto session = std::make_unique<SshSession>(where, options.credentials, timeouts);
    session->setHostKeyDecider(options.hostKeys ? options.hostKeys : hostkeypolicy::strict());
    QCoro::Task<Result<SshAuthResult>> opening = session->open(token);
    const Result<SshAuthResult> opened = co_await opening;
    if (!opened)
        co_return opened.error();

    QElapsedTimer clock; // the platform's budget counts from the login on
    clock.start();
    QString text;
    if (profile.session == PlatformProfile::Session::Exec) {
        for (const QString &command : std::as_const(profile.commands)) {
            SshExecOptions execOptions;
            execOptions.timeoutMs = stepTimeoutMs(commandMs, budgetMs, clock);
            if (execOptions.timeoutMs == 0)
                co_return budgetSpent(target, profile);
            QCoro::Task<Result<SshCommandResult>> running = session->exec(command, execOptions, token);
            const Result<SshCommandResult> ran = co_await running;
            if (!ran)
                co_return ran.error();
            if (ran->exitStatus != 0) {
                const QString detail =
                    lastLineOf(ran->standardError.isEmpty() ? ran->standardOutput : ran->standardError);
                const QString how =
                    !ran->exitSignal.isEmpty()
                        ? tr("was ended by signal %1").arg(ran->exitSignal)
                        : (ran->exitStatus < 0 ? tr("ended without an exit status")
                                               : tr("failed with exit status %1").arg(ran->exitStatus));
                co_return backupError(InfrahubError::Kind::Protocol, kCommandFailed,
                                      tr("%1 on %2 %3%4")
                                          .arg(ssherrors::quoteCommand(command), target.device.label(), how,
                                               detail.isEmpty() ? QString() : QStringLiteral(": ") + detail));
            }
            appendOutput(text, ran->standardOutput);
        }
        co_return text;
    }

    // An interactive shell: the greeting up to the first prompt, the paging commands, then each command.
    QCoro::Task<Result<std::shared_ptr<SshShell>>> starting = session->openShell(SshShellOptions(), token);
    const Result<std::shared_ptr<SshShell>> started = co_await starting;
    if (!started)
        co_return started.error();
    const std::shared_ptr<SshShell> shell = started.value();
    int timeoutMs = stepTimeoutMs(commandMs, budgetMs, clock);
    if (timeoutMs == 0)
        co_return budgetSpent(target, profile);
    QCoro::Task<Result<SshPromptMatch>> greeting = shell->readUntil(profile.prompt, timeoutMs, token);
    const Result<SshPromptMatch> greeted = co_await greeting;
    if (!greeted)
        co_return greeted.error();
    const QStringList steps = profile.pagingDisable + profile.commands;
    for (qsizetype i = 0; i < steps.size(); ++i) {
        timeoutMs = stepTimeoutMs(commandMs, budgetMs, clock);
        if (timeoutMs == 0)
            co_return budgetSpent(target, profile);
        QCoro::Task<Result<QByteArray>> running =
            shell->command(steps.at(i), profile.prompt, timeoutMs, token);
        const Result<QByteArray> output = co_await running;
        if (!output)
            co_return output.error();
        if (i >= profile.pagingDisable.size()) // what the paging commands print is not configuration
            appendOutput(text, output.value());
    }
    shell->close();
    co_return text;
}

QCoro::Task<> BackupJob::finishRound() {
    QPointer<BackupJob> self(this);
    m_roundOver = true;
    m_finishing = true;
    m_cancelled = m_job && m_job->state() == Job::State::Cancelled;

    // The exact account: a device that did not finish (queued, or running when the job was cancelled) is not
    // started as far as the store is concerned: nothing of it was saved, its status is untouched.
    for (int i = 0; i < m_results.size(); ++i) {
        DeviceResult &r = m_results[i];
        if (r.outcome != DeviceResult::Outcome::Pending)
            continue;
        const bool ran = m_job && m_job->items().at(i).state == Job::ItemState::Cancelled;
        r.outcome = DeviceResult::Outcome::NotStarted;
        r.reason = ran ? tr("cancelled while it ran; nothing was stored and the last good copy is kept")
                       : tr("not started: the backup was cancelled");
        Q_EMIT deviceDone(i);
    }
    // The devices this round handed to the store (a "Retry Failed" round is only the devices it ran).
    QList<int> stored = m_storedThisRound.values();
    std::sort(stored.begin(), stored.end());
    m_storedThisRound.clear();
    QList<int> unchanged;
    QList<DeviceRef> unchangedDevices;
    for (const int i : std::as_const(stored))
        if (m_results.at(i).outcome == DeviceResult::Outcome::Unchanged) {
            unchanged.append(i);
            unchangedDevices.append(m_targets.at(i).device);
        }

    // One commit for the round, on the worker (it queues behind every save of the round).
    const std::shared_ptr<BackupRun> run = std::exchange(m_run, {});
    if (run && !stored.isEmpty()) {
        struct Committed {
            BackupResult<RunSummary> summary;
            QStringList unchangedCommits;
        };
        const std::shared_ptr<BackupStore> store = m_store;
        QFuture<Committed> committing = runOnPool<Committed>(m_pool, [run, store, unchangedDevices] {
            Committed c;
            c.summary = run->commit();
            for (const DeviceRef &device : unchangedDevices) {
                const std::optional<DeviceStatus> status = store->status(device);
                c.unchangedCommits.append(status ? status->lastCommit : QString());
            }
            return c;
        });
        const Committed committed = co_await committing;
        if (!self)
            co_return;
        auto changed = [this](int i) {
            const DeviceResult::Outcome o = m_results.at(i).outcome;
            return o == DeviceResult::Outcome::New || o == DeviceResult::Outcome::Changed;
        };
        if (committed.summary) {
            m_commitId = committed.summary->commitId;
            for (const int i : std::as_const(stored))
                if (changed(i))
                    m_results[i].commit = m_commitId;
        } else {
            m_commitId.clear();
            m_commitError = committed.summary.error().message;
            // The store put the changed files back to the last commit and recorded why in their statuses.
            for (const int i : std::as_const(stored))
                if (changed(i)) {
                    m_results[i].outcome = DeviceResult::Outcome::Failed;
                    m_results[i].reason = tr("the backup could not be committed: %1").arg(m_commitError);
                    Q_EMIT deviceDone(i);
                }
        }
        for (qsizetype k = 0; k < unchanged.size(); ++k)
            m_results[unchanged.at(k)].commit = committed.unchangedCommits.value(k);
    } else if (run) {
        m_commitId.clear();
    }
    m_elapsedBefore += m_clock.elapsed();
    m_finishing = false;
    Q_EMIT finished();
}

} // namespace infrahub
