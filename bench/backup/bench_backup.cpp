// bench_backup: N device configuration backups (200 by default) against a real OpenSSH sshd on loopback at
// concurrency 20, in the same run as the two ways people do it today:
//   (a) the seeds' asyncio `backup_all` with asyncssh (Debian's python3-asyncssh): baseline_asyncssh.py;
//   (b) OpenSSH's `ssh` client run 20-way by `xargs -P 20`, one output file per device.
// Ours is the console's BackupJob (the engine behind Tools ▸ Back Up and infrahub-backup) into a fresh
// BackupStore: per device an SSH session, the platform's command, filtering, the completeness check and an
// atomic file write, then one git commit for the run. Every tool gets the same hosts, key, known_hosts
// (strict host key checking everywhere) and command, and must store all N configurations, byte-checked.
//
// The "devices" are one sshd listening on N loopback addresses (127.2.x.y, one per device) on one port; a
// ForceCommand script prints the configuration of the address the client connected to (from
// $SSH_CONNECTION; OpenSSH listens on at most 16 addresses, so there is one server per 15 devices, all at
// nice 19 so the devices' CPU does not compete with the client side): a Junos "display set" configuration of
// --config-kb KiB, different per device. Each tool runs as a child process (fork/exec; wall time, CPU = user
// + system and peak RSS from wait4), repetitions interleave the tools so the machine's load drifts alike for
// all, medians are reported. Then the UI stall: the same backup in this process with the console's results
// table (offscreen), a 1 ms timer measuring the event loop's longest gap (and the thread's CPU time within
// it), with the devices' servers pinned to the last core and the client to the others: the devices' CPU is
// not the user's (sharing 2 cores, the gaps measured the simulated devices' load: the GUI thread runnable,
// waiting for a core).
//
//   bench_backup [--devices N] [--concurrency N] [--reps N] [--config-kb N] [--quick] [--markdown FILE]
//                [--in-process-only]
#include "../../tests/support/sshdfixture.h"
#include "../common/childprocess.h"
#include "../common/loopwatch.h"
#include "../common/machine.h"

#include "core/backup/backupjob.h"
#include "core/backup/backupstore.h"
#include "core/backup/platformtable.h"

#ifdef INFRAHUB_BENCH_BACKUP_TABLE
#include "backupresultsmodel.h"

#include <QApplication>
#include <QTableView>
#else
#include <QCoreApplication>
#endif

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <sched.h>
#include <sys/resource.h>

namespace {

using bench::Child;
using bench::kFrameMs;
using bench::LoopWatch;
using bench::machine;
using bench::runChild;

const QString kCommand = QStringLiteral("show configuration | display set");
const QString kUser = QStringLiteral("root");

[[noreturn]] void fail(const QString &message) {
    std::fprintf(stderr, "bench_backup: %s\n", qPrintable(message));
    std::exit(1);
}

QString hostOf(int i) {
    return QStringLiteral("127.2.%1.%2").arg(i / 250).arg(i % 250 + 1);
}

// A Junos configuration in "display set" form, about `kb` KiB, different for every device.
QByteArray junosConfig(int device, int kb) {
    QByteArray c;
    c += "set version 21.4R3.15\n";
    c += "set system host-name bench-dev" + QByteArray::number(device) + "\n";
    c += "set system root-authentication encrypted-password \"$6$abc$" + QByteArray::number(device * 7919) +
         "\"\n";
    c += "set system services ssh root-login deny\nset system syslog host 192.0.2.10 any notice\n";
    for (int unit = 0; c.size() < kb * 1024; ++unit) {
        const QByteArray ifname = "ge-0/0/" + QByteArray::number(unit % 48);
        c += "set interfaces " + ifname + " unit " + QByteArray::number(unit) + " description \"uplink " +
             QByteArray::number(device) + "-" + QByteArray::number(unit) + "\"\n";
        c += "set interfaces " + ifname + " unit " + QByteArray::number(unit) + " family inet address 10." +
             QByteArray::number(device % 250) + "." + QByteArray::number(unit % 250) + ".1/30\n";
        c += "set vlans v" + QByteArray::number(100 + unit) + " vlan-id " + QByteArray::number(100 + unit) +
             "\n";
        c += "set policy-options prefix-list pl-" + QByteArray::number(unit) + " 198.51." +
             QByteArray::number(unit % 250) + ".0/24\n";
        c += "set firewall family inet filter protect term t" + QByteArray::number(unit) + " then accept\n";
    }
    return c;
}

bool writeFile(const QString &path, const QByteArray &data) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

// The .cfg files in `folder` (recursively), and their total size.
std::pair<int, qint64> countConfigs(const QString &folder) {
    int files = 0;
    qint64 bytes = 0;
    QDirIterator it(folder, {QStringLiteral("*.cfg")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info(it.next());
        if (info.path().contains(QStringLiteral("/.git")))
            continue;
        ++files;
        bytes += info.size();
    }
    return {files, bytes};
}

struct Setup {
    int devices = 200;
    int concurrency = 20;
    QString hostsFile; // "address port" per line
    QString key;
    QString knownHosts;
};

// ---- ours, as a child process (--ours-child) -----------------------------------------------------------

QList<infrahub::BackupTarget> targetsFrom(const QString &hostsFile) {
    QFile f(hostsFile);
    if (!f.open(QIODevice::ReadOnly))
        fail(QStringLiteral("cannot read %1").arg(hostsFile));
    QList<infrahub::BackupTarget> targets;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QList<QByteArray> fields = line.trimmed().split(' ');
        const QString host = QString::fromLatin1(fields.value(0));
        if (host.isEmpty())
            continue;
        infrahub::BackupTarget t;
        t.device.name = QStringLiteral("bench-") + QString(host).replace(u'.', u'-');
        t.device.id = host;
        t.host = host;
        t.port = fields.value(1).toInt();
        t.platform = QStringLiteral("juniper_junos");
        targets.append(t);
    }
    return targets;
}

infrahub::BackupJob::Options jobOptions(const Setup &s) {
    infrahub::BackupJob::Options o;
    o.concurrency = s.concurrency;
    o.retries = 0;
    o.port = 0; // each device's own (the hosts file says)
    o.user = kUser;
    o.knownHostsFile = s.knownHosts;
    o.readSshConfig = false;
    o.credentials.useAgent = false;
    o.credentials.useDefaultKeys = false;
    o.credentials.keyFiles = {infrahub::SshKeyFile{s.key, {}}};
    return o; // host keys: strict (the default), against known_hosts
}

void waitFor(QObject *sender, const char *signal, int limitMs) {
    QEventLoop loop;
    QObject::connect(sender, signal, &loop, SLOT(quit()));
    QTimer::singleShot(limitMs, &loop, [] { fail(QStringLiteral("the backup did not end in time")); });
    loop.exec();
}

int oursChild(const Setup &s, const QString &folder) {
    infrahub::BackupResult<std::shared_ptr<infrahub::BackupStore>> store =
        infrahub::BackupStore::open(folder);
    if (!store)
        fail(store.error().message);
    infrahub::BackupResult<infrahub::PlatformTable> platforms = infrahub::PlatformTable::builtIn();
    if (!platforms)
        fail(platforms.error().message);
    infrahub::BackupJob job(targetsFrom(s.hostsFile), store.value(), platforms.value(), jobOptions(s));
    job.start();
    if (job.isRunning())
        waitFor(&job, SIGNAL(finished()), 10 * 60 * 1000);
    using Outcome = infrahub::BackupJob::DeviceResult::Outcome;
    const int ok = job.count(Outcome::New) + job.count(Outcome::Changed) + job.count(Outcome::Unchanged);
    QString firstError;
    for (const auto &r : job.results())
        if (r.outcome == Outcome::Failed && firstError.isEmpty())
            firstError = r.reason;
    const QJsonObject out{{QStringLiteral("ok"), ok},
                          {QStringLiteral("failed"), int(job.results().size()) - ok},
                          {QStringLiteral("error"), firstError},
                          {QStringLiteral("peak"), job.peakSessions()},
                          {QStringLiteral("commit"), job.commitId()}};
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return ok == job.results().size() ? 0 : 1;
}

// ---- the run -------------------------------------------------------------------------------------------

struct Sample {
    double wallMs = 0;
    double cpuMs = 0;
    long rssKb = 0;
};

struct Tool {
    QString name;
    QString note;
    std::vector<Sample> samples;
    double median(double Sample::*field) const {
        std::vector<double> v;
        for (const Sample &s : samples)
            v.push_back(s.*field);
        std::sort(v.begin(), v.end());
        return v.empty() ? 0 : v[v.size() / 2];
    }
    long medianRss() const {
        std::vector<long> v;
        for (const Sample &s : samples)
            v.push_back(s.rssKb);
        std::sort(v.begin(), v.end());
        return v.empty() ? 0 : v[v.size() / 2];
    }
};

// Runs one tool into a fresh folder and checks that every configuration arrived whole.
Sample runTool(const QString &name, const QStringList &command, const QString &folder, const Setup &s,
               qint64 expectedBytes) {
    const Child c = runChild(command, 10 * 60 * 1000);
    if (c.exitCode != 0)
        fail(QStringLiteral("%1 failed (exit %2): %3 %4")
                 .arg(name)
                 .arg(c.exitCode)
                 .arg(QString::fromLocal8Bit(c.out.left(600)), QString::fromLocal8Bit(c.err.left(600))));
    const auto [files, bytes] = countConfigs(folder);
    if (files != s.devices)
        fail(QStringLiteral("%1 stored %2 configurations, not %3").arg(name).arg(files).arg(s.devices));
    // Ours filters (the root password hash is masked), so its files are a little smaller; never much.
    if (bytes < expectedBytes * 95 / 100 || bytes > expectedBytes)
        fail(QStringLiteral("%1 stored %2 bytes, expected about %3").arg(name).arg(bytes).arg(expectedBytes));
    return Sample{c.wallMs, c.cpuMs, c.maxRssKb};
}

struct Stall {
    bool ran = false;
    double wallMs = 0;
    double longestGapMs = 0;
    double longestGapCpuMs = 0;
    double longestBusyMs = 0;
    int overFrame = 0;
};

Stall inProcessStall(const Setup &s, const QString &folder) {
    Stall r;
#ifdef INFRAHUB_BENCH_BACKUP_TABLE
    infrahub::BackupResult<std::shared_ptr<infrahub::BackupStore>> store =
        infrahub::BackupStore::open(folder);
    infrahub::BackupResult<infrahub::PlatformTable> platforms = infrahub::PlatformTable::builtIn();
    if (!store || !platforms)
        fail(QStringLiteral("cannot open the in-process store"));
    infrahub::BackupJob job(targetsFrom(s.hostsFile), store.value(), platforms.value(), jobOptions(s));
    BackupResultsModel model;
    QTableView view;
    view.setModel(&model);
    view.resize(1000, 600);
    view.show();
    model.setJob(&job);
    LoopWatch watch;
    QElapsedTimer clock;
    clock.start();
    watch.start();
    QTimer::singleShot(0, &job, [&job] { job.start(); });
    waitFor(&job, SIGNAL(finished()), 10 * 60 * 1000);
    watch.stop();
    r.wallMs = double(clock.nsecsElapsed()) / 1e6;
    r.longestGapMs = watch.longestMs();
    r.longestGapCpuMs = watch.longestCpuMs();
    r.longestBusyMs = watch.longestBusyMs();
    r.overFrame = watch.overFrame();
    r.ran = true;
#else
    Q_UNUSED(s);
    Q_UNUSED(folder);
#endif
    return r;
}

} // namespace

int main(int argc, char *argv[]) {
#ifdef INFRAHUB_BENCH_BACKUP_TABLE
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
#else
    QCoreApplication app(argc, argv);
#endif
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Config backups: ours vs asyncssh backup_all vs ssh with xargs -P, against loopback sshd."));
    parser.addHelpOption();
    const QCommandLineOption devicesOption(QStringLiteral("devices"),
                                           QStringLiteral("Devices (default 200)."), QStringLiteral("N"),
                                           QStringLiteral("200"));
    const QCommandLineOption concurrencyOption(QStringLiteral("concurrency"),
                                               QStringLiteral("At once, every tool (default 20)."),
                                               QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption repsOption(QStringLiteral("reps"),
                                        QStringLiteral("Repetitions (median; default 3)."),
                                        QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption kbOption(QStringLiteral("config-kb"),
                                      QStringLiteral("Size of each configuration in KiB (default 24)."),
                                      QStringLiteral("N"), QStringLiteral("24"));
    const QCommandLineOption quickOption(QStringLiteral("quick"),
                                         QStringLiteral("CI smoke: 40 devices, one repetition."));
    const QCommandLineOption markdownOption(
        QStringLiteral("markdown"), QStringLiteral("Append the table to FILE."), QStringLiteral("FILE"));
    const QCommandLineOption inProcessOption(
        QStringLiteral("in-process-only"),
        QStringLiteral("Only the in-process run (the event loop's gaps)."));
    const QCommandLineOption childOption(QStringLiteral("ours-child"),
                                         QStringLiteral("Internal: run our backup into FOLDER."),
                                         QStringLiteral("FOLDER"));
    const QCommandLineOption hostsOption(QStringLiteral("hosts"), QStringLiteral("Internal."),
                                         QStringLiteral("F"));
    const QCommandLineOption keyOption(QStringLiteral("key"), QStringLiteral("Internal."),
                                       QStringLiteral("F"));
    const QCommandLineOption knownOption(QStringLiteral("known-hosts"), QStringLiteral("Internal."),
                                         QStringLiteral("F"));
    for (const auto *o :
         {&devicesOption, &concurrencyOption, &repsOption, &kbOption, &quickOption, &markdownOption,
          &inProcessOption, &childOption, &hostsOption, &keyOption, &knownOption})
        parser.addOption(*o);
    parser.process(app);

    Setup s;
    s.concurrency = std::max(1, parser.value(concurrencyOption).toInt());
    if (parser.isSet(childOption)) {
        s.hostsFile = parser.value(hostsOption);
        s.key = parser.value(keyOption);
        s.knownHosts = parser.value(knownOption);
        return oursChild(s, parser.value(childOption));
    }
    const bool quick = parser.isSet(quickOption);
    s.devices = quick ? 40 : std::clamp(parser.value(devicesOption).toInt(), 1, 2000);
    const int reps = parser.isSet(inProcessOption) ? 0
                     : quick                       ? 1
                                                   : std::max(1, parser.value(repsOption).toInt());
    const int kb = std::max(1, parser.value(kbOption).toInt());

    if (!SshdFixture::installed())
        fail(QStringLiteral("OpenSSH's sshd and ssh-keygen are needed (Debian: openssh-server)"));
    const QString python = QStringLiteral("/usr/bin/python3");
    const bool havePython =
        runChild({python, QStringLiteral("-c"), QStringLiteral("import asyncssh")}, 30'000).exitCode == 0;
    const bool haveSsh = !QStandardPaths::findExecutable(QStringLiteral("ssh")).isEmpty() &&
                         !QStandardPaths::findExecutable(QStringLiteral("xargs")).isEmpty();

    // The devices: sshd servers on N loopback addresses (OpenSSH listens on at most 16 addresses per server,
    // MAX_LISTEN_SOCKS, and the fixture's own 127.0.0.1 is one), each printing the configuration of the
    // address a client connected to. All servers accept the same user key; each has its own host key, all of
    // them in one known_hosts file.
    constexpr int kAddressesPerServer = 15;
    std::vector<std::unique_ptr<SshdFixture>> servers;
    QTemporaryDir setupDir;
    const QString configs = setupDir.filePath(QStringLiteral("configs"));
    QDir().mkpath(configs);
    qint64 expectedBytes = 0;
    QStringList hostLines;
    QByteArray knownHosts;
    for (int first = 0; first < s.devices; first += kAddressesPerServer) {
        auto server = std::make_unique<SshdFixture>();
        if (!servers.empty())
            for (const QString &name :
                 {QStringLiteral("user_ed25519"), QStringLiteral("user_ed25519.pub"),
                  QStringLiteral("other_ed25519"), QStringLiteral("other_ed25519.pub"),
                  QStringLiteral("encrypted_ed25519"), QStringLiteral("encrypted_ed25519.pub"),
                  QStringLiteral("authorized_keys")})
                QFile::copy(servers.front()->path(name), server->path(name));
        const int last = std::min(s.devices, first + kAddressesPerServer);
        for (int i = first; i < last; ++i) {
            const QByteArray config = junosConfig(i, kb);
            expectedBytes += config.size();
            if (!writeFile(QDir(configs).filePath(hostOf(i) + QStringLiteral(".cfg")), config))
                fail(QStringLiteral("cannot write the configurations"));
            server->options().extraConfig << QStringLiteral("ListenAddress %1").arg(hostOf(i));
        }
        server->options().extraConfig << QStringLiteral("MaxSessions 100")
                                      << QStringLiteral("LogLevel ERROR");
        server->options().forceCommand = server->writeScript(
            QStringLiteral("device.sh"),
            "#!/bin/sh\n# SSH_CONNECTION: client address, client port, server address, server port\n"
            "set -- $SSH_CONNECTION\nexec cat \"" +
                configs.toUtf8() + "/$3.cfg\"\n");
        if (!server->start())
            fail(QStringLiteral("sshd: %1\n%2").arg(server->error(), server->log()));
        // The devices at the lowest priority (their sessions inherit it): on a real network their CPU is not
        // the user's, so here it must not take cores from the client side either.
        ::setpriority(PRIO_PROCESS, id_t(server->processId()), 19);
        const QList<QByteArray> key =
            SshdFixture::readFile(server->hostKeyPath() + QStringLiteral(".pub")).split(' ');
        for (int i = first; i < last; ++i) {
            hostLines.append(QStringLiteral("%1 %2").arg(hostOf(i)).arg(server->port()));
            knownHosts += QStringLiteral("[%1]:%2 ").arg(hostOf(i)).arg(server->port()).toUtf8() +
                          key.value(0) + ' ' + key.value(1) + '\n';
        }
        servers.push_back(std::move(server));
    }
    s.key = servers.front()->userKeyPath();
    s.hostsFile = setupDir.filePath(QStringLiteral("hosts"));
    writeFile(s.hostsFile, hostLines.join(u'\n').toUtf8() + '\n');
    s.knownHosts = setupDir.filePath(QStringLiteral("known_hosts"));
    writeFile(s.knownHosts, knownHosts);

    std::printf("bench_backup: %d devices (%d KiB each) on %d loopback sshd servers, %d at once, %d rep(s)\n",
                s.devices, kb, int(servers.size()), s.concurrency, reps);
    std::printf("  machine: %s\n", qPrintable(machine()));
    std::fflush(stdout);

    QTemporaryDir work;
    Tool ours{QStringLiteral("infrahub BackupJob (+ git commit)"), {}, {}};
    Tool asyncssh{QStringLiteral("python3 asyncssh backup_all"), {}, {}};
    Tool xargs{QStringLiteral("ssh via xargs -P %1").arg(s.concurrency), {}, {}};
    const QString self = QCoreApplication::applicationFilePath();
    for (int rep = 0; rep < reps; ++rep) {
        const QString base = work.filePath(QString::number(rep));
        const QString oursFolder = base + QStringLiteral("/ours");
        ours.samples.push_back(
            runTool(ours.name,
                    {self, QStringLiteral("--ours-child"), oursFolder, QStringLiteral("--hosts"), s.hostsFile,
                     QStringLiteral("--key"), s.key, QStringLiteral("--known-hosts"), s.knownHosts,
                     QStringLiteral("--concurrency"), QString::number(s.concurrency)},
                    oursFolder, s, expectedBytes));
        std::printf("    rep %d  %-34s %7.0f ms  CPU %6.0f ms  peak RSS %6ld KiB\n", rep + 1,
                    qPrintable(ours.name), ours.samples.back().wallMs, ours.samples.back().cpuMs,
                    ours.samples.back().rssKb);
        if (havePython) {
            const QString folder = base + QStringLiteral("/asyncssh");
            asyncssh.samples.push_back(
                runTool(asyncssh.name,
                        {python, QStringLiteral(INFRAHUB_BENCH_BACKUP_DIR "/baseline_asyncssh.py"),
                         s.hostsFile, folder, QStringLiteral("--user"), kUser, QStringLiteral("--key"), s.key,
                         QStringLiteral("--known-hosts"), s.knownHosts, QStringLiteral("--command"), kCommand,
                         QStringLiteral("--concurrency"), QString::number(s.concurrency)},
                        folder, s, expectedBytes));
            std::printf("    rep %d  %-34s %7.0f ms  CPU %6.0f ms  peak RSS %6ld KiB\n", rep + 1,
                        qPrintable(asyncssh.name), asyncssh.samples.back().wallMs,
                        asyncssh.samples.back().cpuMs, asyncssh.samples.back().rssKb);
        }
        if (haveSsh) {
            const QString folder = base + QStringLiteral("/ssh");
            QDir().mkpath(folder);
            // One ssh per device, 20 at once; a shell per device only to redirect its output to a file.
            const QString perDevice =
                QStringLiteral(
                    "ssh -q -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=yes "
                    "-o UserKnownHostsFile=%1 -o GlobalKnownHostsFile=/dev/null -o IdentitiesOnly=yes "
                    "-i %2 -p \"$2\" -l %3 \"$1\" '%4' > %5/\"$1\".cfg")
                    .arg(s.knownHosts, s.key, kUser, kCommand, folder);
            xargs.samples.push_back(
                runTool(xargs.name,
                        {QStringLiteral("sh"), QStringLiteral("-c"),
                         QStringLiteral("xargs -P %1 -L 1 sh -c '%2' _ < %3")
                             .arg(s.concurrency)
                             .arg(QString(perDevice).replace(u'\'', QStringLiteral("'\\''")), s.hostsFile)},
                        folder, s, expectedBytes));
            std::printf("    rep %d  %-34s %7.0f ms  CPU %6.0f ms  peak RSS %6ld KiB (one ssh)\n", rep + 1,
                        qPrintable(xargs.name), xargs.samples.back().wallMs, xargs.samples.back().cpuMs,
                        xargs.samples.back().rssKb);
        }
        std::fflush(stdout);
    }
    if (!havePython)
        asyncssh.note = QStringLiteral("not run: python3-asyncssh is not installed");
    if (!haveSsh)
        xargs.note = QStringLiteral("not run: ssh or xargs is not installed");
    xargs.note = xargs.note.isEmpty()
                     ? QStringLiteral("peak RSS is one ssh process; %1 run at once").arg(s.concurrency)
                     : xargs.note;

    // The devices on the last core, the client on the others: on a real network the devices' CPU is not the
    // user's, and with both sharing 2 cores the event loop's gaps measure how busy the simulated devices
    // keep the machine (perf sched: the GUI thread runnable but waiting for a core), not the client.
    const int cores = QThread::idealThreadCount();
    if (cores >= 2) {
        cpu_set_t devicesCpu;
        CPU_ZERO(&devicesCpu);
        CPU_SET(cores - 1, &devicesCpu);
        for (const auto &server : servers)
            ::sched_setaffinity(pid_t(server->processId()), sizeof devicesCpu, &devicesCpu);
        cpu_set_t clientCpus;
        CPU_ZERO(&clientCpus);
        for (int c = 0; c < cores - 1; ++c)
            CPU_SET(c, &clientCpus);
        ::sched_setaffinity(0, sizeof clientCpus, &clientCpus);
    }
    const Stall stall = inProcessStall(s, work.filePath(QStringLiteral("in-process")));

    // ---- the table ----
    const double oursWall = ours.median(&Sample::wallMs);
    QString md = QStringLiteral("\n### Config backups: %1 devices, %2 at once, %3 KiB each (median of %4)\n\n"
                                "| tool | wall | CPU | CPU per device | peak RSS | ours / this | note |\n"
                                "|---|---:|---:|---:|---:|---:|---|\n")
                     .arg(s.devices)
                     .arg(s.concurrency)
                     .arg(kb)
                     .arg(reps);
    std::printf("\n== Config backups: %d devices, %d at once (median of %d)\n", s.devices, s.concurrency,
                reps);
    std::printf("  %-36s %9s %9s %12s %12s %10s\n", "tool", "wall", "CPU", "CPU/device", "peak RSS",
                "ours/this");
    struct Goal {
        QString what;
        QString measured;
        bool met;
    };
    std::vector<Goal> goals;
    for (const Tool *t : {&ours, &asyncssh, &xargs}) {
        if (t->samples.empty()) {
            std::printf("  %-36s %s\n", qPrintable(t->name), qPrintable(t->note));
            md += QStringLiteral("| %1 | | | | | | %2 |\n").arg(t->name, t->note);
            continue;
        }
        const double wall = t->median(&Sample::wallMs);
        const double cpu = t->median(&Sample::cpuMs);
        const long rss = t->medianRss();
        const QString ratio = t == &ours ? QString() : QString::number(oursWall / wall, 'f', 2);
        std::printf("  %-36s %7.0f ms %7.0f ms %9.2f ms %8ld KiB %10s  %s\n", qPrintable(t->name), wall, cpu,
                    cpu / s.devices, rss, qPrintable(ratio), qPrintable(t->note));
        md += QStringLiteral("| %1 | %2 ms | %3 ms | %4 ms | %5 MiB | %6 | %7 |\n")
                  .arg(t->name)
                  .arg(wall, 0, 'f', 0)
                  .arg(cpu, 0, 'f', 0)
                  .arg(cpu / s.devices, 0, 'f', 2)
                  .arg(double(rss) / 1024.0, 0, 'f', 1)
                  .arg(ratio, t->note);
        if (t != &ours)
            goals.push_back(
                {QStringLiteral("faster than %1").arg(t->name),
                 QStringLiteral("%1 vs %2 ms (%3)").arg(oursWall, 0, 'f', 0).arg(wall, 0, 'f', 0).arg(ratio),
                 oursWall < wall});
    }
    if (stall.ran) {
        std::printf(
            "\n  in-process with the results table: %.0f ms, longest event-loop gap %.1f ms (%.1f ms CPU), "
            "most CPU in a gap %.1f ms, %d over %g ms\n",
            stall.wallMs, stall.longestGapMs, stall.longestGapCpuMs, stall.longestBusyMs, stall.overFrame,
            kFrameMs);
        md += QStringLiteral("\nIn-process, with the results table (offscreen; the devices on the last core, "
                             "the client on the others): %1 ms; longest event-loop gap %2 ms "
                             "(%3 ms of it on the CPU); most CPU in one gap %4 ms; %5 gaps over 16 ms.\n")
                  .arg(stall.wallMs, 0, 'f', 0)
                  .arg(stall.longestGapMs, 0, 'f', 1)
                  .arg(stall.longestGapCpuMs, 0, 'f', 1)
                  .arg(stall.longestBusyMs, 0, 'f', 1)
                  .arg(stall.overFrame);
        goals.push_back({QStringLiteral("UI stall under 16 ms during the run"),
                         QStringLiteral("longest gap %1 ms (%2 ms CPU)")
                             .arg(stall.longestGapMs, 0, 'f', 1)
                             .arg(stall.longestGapCpuMs, 0, 'f', 1),
                         stall.longestGapMs < kFrameMs});
    }
    std::printf("\n== Goals\n");
    md += QStringLiteral("\n| goal | measured | |\n|---|---|---|\n");
    for (const Goal &g : goals) {
        std::printf("  %-44s %-36s %s\n", qPrintable(g.what), qPrintable(g.measured),
                    g.met ? "met" : "NOT met");
        md += QStringLiteral("| %1 | %2 | %3 |\n")
                  .arg(g.what, g.measured, g.met ? QStringLiteral("met") : QStringLiteral("**not met**"));
    }
    std::printf("  %s\n", qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    if (parser.isSet(markdownOption)) {
        QFile out(parser.value(markdownOption));
        if (out.open(QIODevice::Append))
            out.write(md.toUtf8());
    }
    return 0;
}
