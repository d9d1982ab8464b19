// bench_backup: config backups of many devices at once, and what the event loop feels meanwhile.
//
// Against infrahub-sandbox (a child process) with N generated devices answering SSH (the device emulator;
// each device on its own loopback address, EOS / NX-OS over a shell, Junos over exec), a BackupJob backs up
// every device at concurrency C into a fresh backup folder (first run: every copy new, one commit), then
// again (every copy unchanged, no commit). Reported per run: wall time, devices per second, client CPU per
// device, and the event loop's longest gap and the number of gaps over 16 ms (a 1 ms timer on the job's
// thread, which is the GUI thread in the app; the goal is no gap over one 60 Hz frame).
//
//   bench_backup [--quick] [--devices N] [--concurrency C] [--sandbox PATH] [--markdown FILE]
#include "../common/sandboxchild.h"

#include "core/backup/backupjob.h"
#include "core/backup/backuptargets.h"
#include "core/client/infrahubclient.h"

#include <QAbstractEventDispatcher>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QRegularExpression>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <ctime>

using namespace infrahub;
using bench::fail;

namespace {

const QString kToken = QStringLiteral("bench-backup-token");

qint64 processCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

struct RunFigures {
    double wallMs = 0;
    double cpuMsPerDevice = 0;
    double longestGapMs = 0;
    int gapsOver16 = 0;
    double longestBusyMs = 0;
    int ok = 0;
    QString summary;
};

RunFigures runMeasured(BackupJob &job) {
    RunFigures f;
    QElapsedTimer tick;
    qint64 last = 0;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(1);
    QObject::connect(&timer, &QTimer::timeout, [&] {
        const qint64 now = tick.nsecsElapsed();
        const double gap = double(now - last) / 1e6;
        f.longestGapMs = std::max(f.longestGapMs, gap);
        f.gapsOver16 += gap > 16.0 ? 1 : 0;
        last = now;
    });
    QEventLoop loop;
    QObject::connect(&job, &BackupJob::finished, &loop, &QEventLoop::quit);
    QElapsedTimer busy;
    QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    const QMetaObject::Connection woke =
        QObject::connect(dispatcher, &QAbstractEventDispatcher::awake, [&] { busy.start(); });
    const QMetaObject::Connection blocking =
        QObject::connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, [&] {
            if (busy.isValid())
                f.longestBusyMs = std::max(f.longestBusyMs, double(busy.nsecsElapsed()) / 1e6);
        });
    const qint64 cpu0 = processCpuNs();
    QElapsedTimer clock;
    clock.start();
    tick.start();
    timer.start();
    job.start();
    loop.exec();
    timer.stop();
    QObject::disconnect(woke);
    QObject::disconnect(blocking);
    f.wallMs = double(clock.nsecsElapsed()) / 1e6;
    f.cpuMsPerDevice = double(processCpuNs() - cpu0) / 1e6 / std::max<qsizetype>(1, job.targets().size());
    using Outcome = BackupJob::DeviceResult::Outcome;
    f.ok = job.count(Outcome::New) + job.count(Outcome::Changed) + job.count(Outcome::Unchanged);
    f.summary = job.summary();
    return f;
}

} // namespace

int main(int argc, char *argv[]) {
    qputenv("QT_NO_GLIB", "1"); // the UNIX dispatcher: its awake/aboutToBlock frame each wait (see above)
    QCoreApplication app(argc, argv);
    bench::benchName() = QStringLiteral("bench_backup");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Config backups: N devices over SSH at concurrency C, and the event loop meanwhile."));
    parser.addHelpOption();
    const QCommandLineOption quickOpt(QStringLiteral("quick"), QStringLiteral("60 devices."));
    const QCommandLineOption devicesOpt(QStringLiteral("devices"), QStringLiteral("Devices (default 200)."),
                                        QStringLiteral("N"));
    const QCommandLineOption concurrencyOpt(
        QStringLiteral("concurrency"), QStringLiteral("Devices at once (default 20)."), QStringLiteral("C"));
    const QCommandLineOption sandboxOpt(QStringLiteral("sandbox"),
                                        QStringLiteral("infrahub-sandbox executable."),
                                        QStringLiteral("PATH"), QStringLiteral(INFRAHUB_SANDBOX_EXE));
    const QCommandLineOption markdownOpt(QStringLiteral("markdown"),
                                         QStringLiteral("Append the results as a Markdown table to FILE."),
                                         QStringLiteral("FILE"));
    parser.addOptions({quickOpt, devicesOpt, concurrencyOpt, sandboxOpt, markdownOpt});
    // bench/run.sh hands every benchmark the same arguments: ignore the ones meant for others.
    parser.parse(QCoreApplication::arguments());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp();
    const int devices =
        parser.isSet(devicesOpt) ? parser.value(devicesOpt).toInt() : (parser.isSet(quickOpt) ? 60 : 200);
    const int concurrency = parser.isSet(concurrencyOpt) ? parser.value(concurrencyOpt).toInt() : 20;
    if (devices < 1 || concurrency < 1)
        fail(QStringLiteral("--devices and --concurrency must be positive"));

    QTemporaryDir work;
    if (!work.isValid())
        fail(QStringLiteral("no temporary directory"));
    const QString key = work.filePath(QStringLiteral("client_key"));
    QProcess sandbox;
    bench::sandboxProcess() = &sandbox;
    sandbox.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    sandbox.start(parser.value(sandboxOpt),
                  {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--devices"),
                   QString::number(devices), QStringLiteral("--token"), kToken,
                   QStringLiteral("--device-ssh"), QStringLiteral("0"), QStringLiteral("--device-ssh-key"),
                   key});
    QString banner;
    const QRegularExpression listening(QStringLiteral("listening on (\\S+)"));
    const QRegularExpression ssh(QStringLiteral("device ssh: (\\d+) devices on port (\\d+)"));
    QElapsedTimer waited;
    waited.start();
    while (!ssh.match(banner).hasMatch() && sandbox.state() != QProcess::NotRunning &&
           waited.elapsed() < 60000) {
        sandbox.waitForReadyRead(500);
        banner += QString::fromUtf8(sandbox.readAllStandardOutput());
    }
    const QRegularExpressionMatch url = listening.match(banner);
    const QRegularExpressionMatch port = ssh.match(banner);
    if (!url.hasMatch() || !port.hasMatch())
        fail(QStringLiteral("the sandbox did not start with device SSH: %1").arg(banner));

    ClientConfig config;
    config.address = QUrl(url.captured(1));
    config.apiToken = kToken;
    InfrahubClient client(config);
    BackupSelection all;
    all.by = BackupSelection::By::All;
    const Result<BackupTargets> targets =
        QCoro::waitFor(BackupTargets::load(&client, all, QString(), CancellationToken()));
    if (!targets)
        fail(QStringLiteral("cannot read the devices: %1").arg(targets.error().message));
    if (targets->targets.size() != devices)
        fail(QStringLiteral("expected %1 devices with SSH, the sandbox has %2 (%3 answer SSH)")
                 .arg(devices)
                 .arg(targets->targets.size())
                 .arg(port.captured(1)));
    const BackupResult<PlatformTable> platforms = PlatformTable::builtIn();
    if (!platforms)
        fail(platforms.error().message);
    const BackupResult<std::shared_ptr<BackupStore>> store =
        BackupStore::open(work.filePath(QStringLiteral("backups")));
    if (!store)
        fail(store.error().message);

    BackupJob::Options options;
    options.concurrency = concurrency;
    options.credentials.useAgent = false;
    options.credentials.useDefaultKeys = false;
    options.credentials.keyFiles = {{key, QString()}};
    options.port = port.captured(2).toInt();
    options.user = QStringLiteral("admin");
    options.readSshConfig = false;
    options.knownHostsFile = work.filePath(QStringLiteral("known_hosts"));
    options.hostKeys = hostkeypolicy::acceptNew();

    std::printf("== Config backups: %d devices at concurrency %d\n", devices, concurrency);
    std::fflush(stdout);
    QList<std::pair<QString, RunFigures>> runs;
    for (const QString &what : {QStringLiteral("first run (all new, one commit)"),
                                QStringLiteral("second run (all unchanged, no commit)")}) {
        BackupJob job(targets->targets, store.value(), platforms.value(), options);
        const RunFigures f = runMeasured(job);
        if (f.ok != devices)
            fail(QStringLiteral("%1: %2").arg(what, f.summary));
        std::printf("  %s: %s\n", qPrintable(what), qPrintable(f.summary));
        std::fflush(stdout);
        runs.append({what, f});
    }

    std::printf("\n  %-40s %10s %12s %14s %14s %12s %14s\n", "run", "wall", "devices/s", "CPU/device",
                "longest gap", "gaps > 16ms", "longest busy");
    for (const auto &[what, f] : runs)
        std::printf("  %-40s %8.0f ms %12.1f %11.2f ms %11.1f ms %12d %11.1f ms\n", qPrintable(what),
                    f.wallMs, devices * 1000.0 / f.wallMs, f.cpuMsPerDevice, f.longestGapMs, f.gapsOver16,
                    f.longestBusyMs);
    std::printf("  goal: no event-loop gap over 16 ms (one 60 Hz frame)\n");
    std::printf("  machine: %s, %d cores, %s\n", qPrintable(QSysInfo::prettyProductName()),
                QThread::idealThreadCount(),
                qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    if (parser.isSet(markdownOpt)) {
        QFile md(parser.value(markdownOpt));
        if (!md.open(QIODevice::Append | QIODevice::Text))
            fail(QStringLiteral("cannot write %1").arg(md.fileName()));
        QByteArray out =
            QStringLiteral("\n| backups: %1 devices at concurrency %2 | wall | devices/s | CPU/device | "
                           "longest gap (goal 16 ms) | gaps > 16 ms | longest busy stretch "
                           "|\n|---|---:|---:|---:|---:|---:|---:|\n")
                .arg(devices)
                .arg(concurrency)
                .toUtf8();
        for (const auto &[what, f] : runs)
            out += QStringLiteral("| %1 | %2 ms | %3 | %4 ms | %5 ms | %6 | %7 ms |\n")
                       .arg(what)
                       .arg(f.wallMs, 0, 'f', 0)
                       .arg(devices * 1000.0 / f.wallMs, 0, 'f', 1)
                       .arg(f.cpuMsPerDevice, 0, 'f', 2)
                       .arg(f.longestGapMs, 0, 'f', 1)
                       .arg(f.gapsOver16)
                       .arg(f.longestBusyMs, 0, 'f', 1)
                       .toUtf8();
        md.write(out);
    }
    sandbox.terminate();
    if (!sandbox.waitForFinished(5000))
        sandbox.kill();
    bench::sandboxProcess() = nullptr;
    return 0;
}
