// infrahub-backup: backs up device configurations over SSH into a git-backed folder, for cron and scripts.
// The devices come from Infrahub (by name, by site, by tag, or all of them), with their management addresses
// and platforms; the commands per platform come from the platform table. One run makes one commit.
//
//   infrahub-backup --server URL [--branch B] (--device NAME... | --site NAME... | --tag NAME | --all)
//                   --folder DIR [--user NAME] [--identity FILE] [--port N] [--known-hosts FILE]
//                   [--accept-new-host-keys] [--concurrency N] [--retries N] [--timeout S]
//                   [--platforms FILE] [--format table|json]
//
// Exit status:
//   0  every device was backed up (new, changed or unchanged)
//   1  some device failed (its last good copy is kept)
//   2  bad arguments, Infrahub cannot be reached or read, a selection that names nothing, an unusable folder
//   3  interrupted (SIGINT/SIGTERM): what finished is committed, the devices that did not run are listed
//
// Secrets never come from the command line (process lists are public): the Infrahub token from
// INFRAHUB_API_TOKEN (or INFRAHUB_USERNAME/INFRAHUB_PASSWORD), the SSH password from INFRAHUB_SSH_PASSWORD,
// a key's passphrase from INFRAHUB_SSH_KEY_PASSPHRASE; the SSH agent is used when SSH_AUTH_SOCK is set.
// No secret is ever printed. stdout holds only the table or JSON; messages go to stderr.
#include "../common/interruptsignals.h"
#include "core/backup/backupjob.h"
#include "core/backup/backuptargets.h"
#include "core/client/infrahubclient.h"
#include "core/concurrency/asyncevent.h"
#include "core/i18n/translations.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

using namespace infrahub;

namespace {

constexpr int kAllBackedUp = 0;
constexpr int kSomeFailed = 1;
constexpr int kBadInput = 2;
constexpr int kInterrupted = 3;

QString tr(const char *text) {
    return QCoreApplication::translate("infrahub-backup", text);
}

void message(const QString &text) {
    std::fprintf(stderr, "infrahub-backup: %s\n", qPrintable(text));
    std::fflush(stderr);
}

int usageError(const QString &text) {
    message(text);
    return kBadInput;
}

// Repeatable options that also take comma-separated lists: --site atl1,ord1 --site jfk1.
QStringList listValues(const QCommandLineParser &parser, const QCommandLineOption &option) {
    QStringList out;
    for (const QString &value : parser.values(option))
        for (const QString &item : value.split(u','))
            if (!item.trimmed().isEmpty())
                out.append(item.trimmed());
    return out;
}

struct Run {
    ClientConfig config;
    QString branch;
    BackupSelection selection;
    bool bySite = false;
    QString folder;
    PlatformTable platforms;
    BackupJob::Options options;
    QString format;
};

// Set by the signal handler's notifier; the phases look at it.
struct Interrupt {
    CancellationSource loading;
    QPointer<BackupJob> job;
    bool requested = false;
};

QJsonObject deviceJson(const BackupTarget &t, const BackupJob::DeviceResult &r) {
    QJsonObject o{{QStringLiteral("device"), t.device.label()},
                  {QStringLiteral("id"), t.device.id},
                  {QStringLiteral("host"), t.host},
                  {QStringLiteral("site"), t.site},
                  {QStringLiteral("outcome"), BackupJob::outcomeName(r.outcome)},
                  {QStringLiteral("platform"), r.platform},
                  {QStringLiteral("bytes"), r.bytes},
                  {QStringLiteral("lines"), r.lines},
                  {QStringLiteral("attempts"), r.attempts},
                  {QStringLiteral("file"), t.device.fileName()}};
    if (r.durationMs >= 0)
        o.insert(QStringLiteral("duration_ms"), r.durationMs);
    if (!r.commit.isEmpty())
        o.insert(QStringLiteral("commit"), r.commit);
    if (!r.reason.isEmpty())
        o.insert(QStringLiteral("reason"), r.reason);
    return o;
}

void printResults(const BackupJob &job, const BackupTargets &loaded, const QString &format) {
    QTextStream out(stdout);
    const QList<BackupTarget> &targets = job.targets();
    const QList<BackupJob::DeviceResult> &results = job.results();
    if (format == u"json") {
        QJsonArray devices;
        for (qsizetype i = 0; i < targets.size(); ++i)
            devices.append(deviceJson(targets.at(i), results.at(i)));
        QJsonObject counts;
        using Outcome = BackupJob::DeviceResult::Outcome;
        for (const Outcome o :
             {Outcome::New, Outcome::Changed, Outcome::Unchanged, Outcome::Failed, Outcome::NotStarted})
            counts.insert(BackupJob::outcomeName(o).replace(u' ', u'_'), job.count(o));
        QJsonObject summary{{QStringLiteral("text"), job.summary()},
                            {QStringLiteral("counts"), counts},
                            {QStringLiteral("total"), int(targets.size())},
                            {QStringLiteral("elapsed_ms"), job.elapsedMs()},
                            {QStringLiteral("cancelled"), job.wasCancelled()},
                            {QStringLiteral("folder"), job.store()->folder()},
                            {QStringLiteral("commit"), job.commitId()}};
        if (!job.commitError().isEmpty())
            summary.insert(QStringLiteral("commit_error"), job.commitError());
        QJsonArray skipped;
        for (const QString &s : loaded.skipped)
            skipped.append(s);
        out << QJsonDocument(QJsonObject{{QStringLiteral("devices"), devices},
                                         {QStringLiteral("skipped"), skipped},
                                         {QStringLiteral("summary"), summary}})
                   .toJson(QJsonDocument::Indented);
        out.flush();
        return;
    }
    int nameWidth = 6;
    int platformWidth = 8;
    for (qsizetype i = 0; i < targets.size(); ++i) {
        nameWidth = std::max(nameWidth, int(targets.at(i).device.label().size()));
        platformWidth = std::max(platformWidth, int(results.at(i).platform.size()));
    }
    out << QStringLiteral("device").leftJustified(nameWidth + 2)
        << QStringLiteral("outcome").leftJustified(13)
        << QStringLiteral("platform").leftJustified(platformWidth + 2)
        << QStringLiteral("bytes").rightJustified(9) << QStringLiteral("  reason") << '\n';
    for (qsizetype i = 0; i < targets.size(); ++i) {
        const BackupJob::DeviceResult &r = results.at(i);
        const bool sized = r.outcome != BackupJob::DeviceResult::Outcome::Failed &&
                           r.outcome != BackupJob::DeviceResult::Outcome::NotStarted;
        QString reason = r.reason;
        reason.replace(u'\n', u' ');
        out << targets.at(i).device.label().leftJustified(nameWidth + 2)
            << BackupJob::outcomeName(r.outcome).leftJustified(13)
            << r.platform.leftJustified(platformWidth + 2)
            << (sized ? QString::number(r.bytes) : QStringLiteral("-")).rightJustified(9)
            << (reason.isEmpty() ? QString() : QStringLiteral("  ") + reason) << '\n';
    }
    out << job.summary();
    if (!job.commitId().isEmpty())
        out << QStringLiteral(", commit %1").arg(job.commitId().left(12));
    out << '\n';
    out.flush();
}

QCoro::Task<int> runBackup(Run run, std::shared_ptr<Interrupt> interrupt) {
    InfrahubClient client(run.config);
    const CancellationToken token = interrupt->loading.token();

    if (run.bySite) {
        QCoro::Task<Result<std::shared_ptr<const SchemaSet>>> reading = client.schema(run.branch, token);
        const Result<std::shared_ptr<const SchemaSet>> schema = co_await reading;
        if (interrupt->requested)
            co_return kInterrupted;
        if (!schema) {
            message(tr("cannot read the schema from %1: %2")
                        .arg(run.config.address.toString(), schema.error().message));
            co_return kBadInput;
        }
        run.selection.kind = BackupTargets::siteKind(*schema.value());
        if (run.selection.kind.isEmpty()) {
            message(tr(
                "the devices in this Infrahub have no site (no relationship named site or location): select "
                "them with --device, --tag or --all"));
            co_return kBadInput;
        }
    }

    QCoro::Task<Result<BackupTargets>> loading =
        BackupTargets::load(&client, run.selection, run.branch, token);
    const Result<BackupTargets> loaded = co_await loading;
    if (interrupt->requested) {
        message(tr("interrupted before any device was backed up"));
        co_return kInterrupted;
    }
    if (!loaded) {
        message(tr("cannot read the devices from %1: %2")
                    .arg(run.config.address.toString(), loaded.error().message));
        co_return kBadInput;
    }
    for (const QString &source : loaded->sources)
        message(tr("read %1").arg(source));
    for (const QString &skipped : loaded->skipped)
        message(tr("skipped %1").arg(skipped));
    if (loaded->targets.isEmpty()) {
        message(loaded->skipped.isEmpty()
                    ? tr("the selection has no devices: nothing to back up")
                    : tr("none of the selected devices has an address to connect to: nothing to back up"));
        co_return kBadInput;
    }

    const BackupResult<std::shared_ptr<BackupStore>> store = BackupStore::open(run.folder);
    if (!store) {
        message(store.error().message);
        co_return kBadInput;
    }
    for (const QString &warning : store.value()->warnings())
        message(warning);

    BackupJob job(loaded->targets, store.value(), run.platforms, run.options);
    interrupt->job = &job;
    AsyncEvent ended;
    QObject::connect(&job, &BackupJob::finished, &job, [ended]() mutable { ended.set(); });
    job.start();
    QCoro::Task<WaitOutcome> ending = ended.wait();
    co_await ending;
    interrupt->job = nullptr;

    printResults(job, loaded.value(), run.format);
    if (!job.commitError().isEmpty())
        message(tr("the backup could not be committed: %1").arg(job.commitError()));
    else if (!job.commitId().isEmpty())
        message(tr("committed %1 in %2").arg(job.commitId().left(12), job.store()->folder()));
    else
        message(tr("nothing changed in %1: no commit").arg(job.store()->folder()));
    if (job.wasCancelled() || interrupt->requested) {
        QStringList notRun;
        for (qsizetype i = 0; i < job.results().size(); ++i)
            if (job.results().at(i).outcome == BackupJob::DeviceResult::Outcome::NotStarted)
                notRun.append(job.targets().at(i).device.label());
        message(tr("interrupted: %1 device(s) did not run%2")
                    .arg(notRun.size())
                    .arg(notRun.isEmpty() ? QString()
                                          : QStringLiteral(": ") + notRun.join(QStringLiteral(", "))));
        co_return kInterrupted;
    }
    const bool allGood =
        job.count(BackupJob::DeviceResult::Outcome::Failed) == 0 && job.commitError().isEmpty();
    co_return allGood ? kAllBackedUp : kSomeFailed;
}

// Runs the backup and ends the event loop with its exit status.
QCoro::Task<> runAndExit(Run run, std::shared_ptr<Interrupt> interrupt, int *exitCode) {
    QCoro::Task<int> running = runBackup(std::move(run), std::move(interrupt));
    const int code = co_await running;
    *exitCode = code;
    QCoreApplication::exit(code);
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("infrahub-backup"));
    QCoreApplication::setApplicationVersion(QStringLiteral(INFRAHUB_CONSOLE_VERSION));
    infrahub::installTranslations(app);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Backs up device configurations over SSH into a folder kept as a git repository (one "
                       "commit per run).\n"
                       "Devices, addresses and platforms come from Infrahub; the commands per platform from "
                       "the platform table.\n"
                       "Exit status: 0 all backed up, 1 some device failed, 2 bad input or Infrahub "
                       "unreachable, 3 interrupted.\n"
                       "Secrets come from the environment only: INFRAHUB_API_TOKEN (or "
                       "INFRAHUB_USERNAME/INFRAHUB_PASSWORD),\n"
                       "INFRAHUB_SSH_PASSWORD, INFRAHUB_SSH_KEY_PASSPHRASE; the SSH agent is used when "
                       "SSH_AUTH_SOCK is set."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOpt(QStringLiteral("server"),
                                       QStringLiteral("The Infrahub address (default: $INFRAHUB_ADDRESS)."),
                                       QStringLiteral("URL"));
    const QCommandLineOption branchOpt(QStringLiteral("branch"),
                                       QStringLiteral("The branch devices are read from (default: main)."),
                                       QStringLiteral("BRANCH"));
    const QCommandLineOption deviceOpt(QStringLiteral("device"),
                                       QStringLiteral("A device by name; repeatable, or comma-separated."),
                                       QStringLiteral("NAME"));
    const QCommandLineOption siteOpt(
        QStringLiteral("site"), QStringLiteral("Every device of a site; repeatable, or comma-separated."),
        QStringLiteral("NAME"));
    const QCommandLineOption tagOpt(QStringLiteral("tag"), QStringLiteral("Every device with this tag."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption allOpt(QStringLiteral("all"), QStringLiteral("Every device."));
    const QCommandLineOption folderOpt(
        QStringLiteral("folder"),
        QStringLiteral("The backup folder (created, with its git repository, on "
                       "first use)."),
        QStringLiteral("DIR"));
    const QCommandLineOption userOpt(
        QStringLiteral("user"), QStringLiteral("The SSH user (default: the ssh config's User, else yours)."),
        QStringLiteral("NAME"));
    const QCommandLineOption identityOpt(
        QStringLiteral("identity"),
        QStringLiteral(
            "An SSH private key file (then ~/.ssh/id_* are not tried; its passphrase, if any, from "
            "$INFRAHUB_SSH_KEY_PASSPHRASE)."),
        QStringLiteral("FILE"));
    const QCommandLineOption portOpt(
        QStringLiteral("port"),
        QStringLiteral("The SSH port of every device (default: the ssh config's, else "
                       "22)."),
        QStringLiteral("N"));
    const QCommandLineOption knownHostsOpt(
        QStringLiteral("known-hosts"), QStringLiteral("The known_hosts file (default: ~/.ssh/known_hosts)."),
        QStringLiteral("FILE"));
    const QCommandLineOption acceptNewOpt(
        QStringLiteral("accept-new-host-keys"),
        QStringLiteral("Remember host keys seen for the first time (a changed key is always refused)."));
    const QCommandLineOption concurrencyOpt(QStringLiteral("concurrency"),
                                            QStringLiteral("Devices at once (default 20)."),
                                            QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption retriesOpt(
        QStringLiteral("retries"),
        QStringLiteral("Further attempts after a refused, timed-out or dropped connection (default 1)."),
        QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption timeoutOpt(
        QStringLiteral("timeout"),
        QStringLiteral("Seconds each step may take: connect, log in, each command (default: 15, 20, 60)."),
        QStringLiteral("S"));
    const QCommandLineOption platformsOpt(
        QStringLiteral("platforms"),
        QStringLiteral("Platform overrides, merged over the built-in table (default: %1 when it exists).")
            .arg(PlatformTable::defaultOverrideFile()),
        QStringLiteral("FILE"));
    const QCommandLineOption formatOpt(QStringLiteral("format"),
                                       QStringLiteral("table or json (default table)."),
                                       QStringLiteral("FORMAT"), QStringLiteral("table"));
    parser.addOptions({serverOpt, branchOpt, deviceOpt, siteOpt, tagOpt, allOpt, folderOpt, userOpt,
                       identityOpt, portOpt, knownHostsOpt, acceptNewOpt, concurrencyOpt, retriesOpt,
                       timeoutOpt, platformsOpt, formatOpt});
    parser.process(app);

    if (!parser.positionalArguments().isEmpty())
        return usageError(
            tr("unexpected argument \"%1\" (see --help)").arg(parser.positionalArguments().first()));

    Run run;
    // Infrahub: the SDK's environment variables, then --server.
    QString envError;
    run.config = ClientConfig::fromEnvironment(ClientConfig(), &envError);
    if (!envError.isEmpty())
        return usageError(envError);
    if (parser.isSet(serverOpt)) {
        QString addressError;
        const QUrl address = ClientConfig::parseAddress(parser.value(serverOpt), &addressError);
        if (!address.isValid())
            return usageError(QStringLiteral("--server: %1").arg(addressError));
        run.config.address = address;
    } else if (qEnvironmentVariableIsEmpty("INFRAHUB_ADDRESS")) {
        return usageError(tr("--server URL is needed (or INFRAHUB_ADDRESS)"));
    }
    if (const std::optional<QString> problem = run.config.validate())
        return usageError(*problem);
    run.branch = parser.value(branchOpt);

    // What to back up: exactly one of --device, --site, --tag, --all.
    const QStringList devices = listValues(parser, deviceOpt);
    const QStringList sites = listValues(parser, siteOpt);
    const int chosen = int(parser.isSet(deviceOpt)) + int(parser.isSet(siteOpt)) + int(parser.isSet(tagOpt)) +
                       int(parser.isSet(allOpt));
    if (chosen != 1)
        return usageError(
            chosen == 0 ? tr("choose the devices: --device NAME, --site NAME, --tag NAME or --all")
                        : tr("--device, --site, --tag and --all each choose the devices: give only one"));
    if (parser.isSet(deviceOpt)) {
        if (devices.isEmpty())
            return usageError(tr("--device needs a device name"));
        run.selection.by = BackupSelection::By::Objects;
        run.selection.names = devices;
    } else if (parser.isSet(siteOpt)) {
        if (sites.isEmpty())
            return usageError(tr("--site needs a site name"));
        run.selection.by = BackupSelection::By::Objects;
        run.selection.names = sites;
        run.bySite = true;
    } else if (parser.isSet(tagOpt)) {
        run.selection.by = BackupSelection::By::Tag;
        run.selection.tag = parser.value(tagOpt).trimmed();
        if (run.selection.tag.isEmpty())
            return usageError(tr("--tag needs a tag name"));
    } else {
        run.selection.by = BackupSelection::By::All;
    }

    run.folder = parser.value(folderOpt).trimmed();
    if (run.folder.isEmpty())
        return usageError(tr("--folder DIR is needed: the folder the backups are kept in"));

    bool ok = true;
    auto number = [&](const QCommandLineOption &o, int min, int max) {
        bool good = false;
        const int v = parser.value(o).toInt(&good);
        if (!good || v < min || v > max) {
            ok = false;
            usageError(tr("--%1 must be a number from %2 to %3").arg(o.names().first()).arg(min).arg(max));
        }
        return v;
    };
    BackupJob::Options &options = run.options;
    options.concurrency = number(concurrencyOpt, 1, 1000);
    options.retries = number(retriesOpt, 0, 10);
    if (parser.isSet(portOpt))
        options.port = number(portOpt, 1, 65535);
    if (parser.isSet(timeoutOpt)) {
        const int seconds = number(timeoutOpt, 1, 3600);
        options.timeouts.connectMs = options.timeouts.authMs = options.timeouts.commandMs = seconds * 1000;
    }
    run.format = parser.value(formatOpt);
    if (!ok)
        return kBadInput;
    if (run.format != u"table" && run.format != u"json")
        return usageError(tr("--format is table or json"));

    // SSH: who we are and how we prove it. Secrets only from the environment.
    options.user = parser.value(userOpt);
    options.credentials.useAgent = !qEnvironmentVariableIsEmpty("SSH_AUTH_SOCK");
    if (parser.isSet(identityOpt)) {
        const QString key = parser.value(identityOpt);
        if (!QFileInfo(key).isFile())
            return usageError(tr("--identity: %1 is not a file").arg(key));
        options.credentials.keyFiles.append({key, qEnvironmentVariable("INFRAHUB_SSH_KEY_PASSPHRASE")});
        options.credentials.useDefaultKeys = false;
    }
    if (const QString password = qEnvironmentVariable("INFRAHUB_SSH_PASSWORD"); !password.isEmpty())
        options.credentials.password = password;
    options.knownHostsFile = parser.value(knownHostsOpt);
    options.hostKeys = parser.isSet(acceptNewOpt) ? hostkeypolicy::acceptNew() : hostkeypolicy::strict();

    // The platform table: built in, with the user's overrides.
    const QString platformsFile =
        parser.isSet(platformsOpt) ? parser.value(platformsOpt) : PlatformTable::defaultOverrideFile();
    if (parser.isSet(platformsOpt) && !QFileInfo(platformsFile).isFile())
        return usageError(tr("--platforms: %1 is not a file").arg(platformsFile));
    const BackupResult<PlatformTable> platforms = PlatformTable::builtInWithOverrides(platformsFile);
    if (!platforms)
        return usageError(platforms.error().message);
    run.platforms = platforms.value();
    options.platformsFile = platformsFile;

    auto interrupt = std::make_shared<Interrupt>();
    // Ctrl+C / SIGTERM: cancel, commit what finished, list what did not run.
    infrahub::cli::onInterruptSignals(&app, [interrupt] {
        if (interrupt->requested)
            return;
        interrupt->requested = true;
        message(tr("interrupted: stopping (what finished is committed)"));
        interrupt->loading.cancel();
        if (interrupt->job)
            interrupt->job->cancel();
    });

    int exitCode = kBadInput;
    QTimer::singleShot(0, &app, [&] { runAndExit(std::move(run), interrupt, &exitCode); });
    app.exec();
    return exitCode;
}
