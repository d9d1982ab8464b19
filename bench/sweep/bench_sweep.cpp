// bench_sweep: how fast infrahub-sweep sweeps, next to fping and nmap in the same run with equal timeout,
// tries and rate, and what the GUI thread feels while SweepWindow sweeps a /16.
//
// Scenarios (every tool gets the same hosts, timeout, tries and rate):
//   1. a loopback /16 (127.77.0.0/16: all of 127/8 answers on Linux's lo), all alive, at --rate;
//   2. the same /16 with no rate limit (ours and fping: how fast each can go);
//   3. a silent /24: a network namespace the benchmark creates routes 198.18.2.0/24 into a second namespace
//      that drops it without a word, so every host costs timeout x tries. The bound is timeout x tries;
//   4. a routed /16 through the same veth pair (198.19.0.0/16 is local to the hosts namespace): all alive,
//      and nmap really probes (on loopback it answers "localhost-response" without sending anything).
// Reported per tool: wall time, hosts found up (must agree), user+sys CPU of the process (wait4) and CPU per
// echo request, ratios ours/fping and ours/nmap, and for the silent /24 the ratio to the bound.
// Then the event loop's longest gap (a 1 ms precise timer) while an in-process SweepRunner and the real
// SweepWindow (offscreen, its "Sweep 65,534 hosts?" question answered by a timer) sweep the loopback /16.
//
// Scenarios 3 and 4 need root (ip netns); they are skipped with a message otherwise, as are tools that are
// not installed. Only loopback and the benchmark's own namespaces are ever probed.
//
//   bench_sweep [--quick] [--reps N] [--timeout MS] [--tries N] [--rate N] [--markdown FILE]
//               [--compare-sweep PATH] [--in-process-only]
#include "../common/childprocess.h"
#include "../common/loopwatch.h"
#include "../common/machine.h"
#include "../common/median.h"

#include "core/sweep/icmpechoprober.h"
#include "core/sweep/sweeprunner.h"
#include "core/sweep/sweeptargets.h"

#ifdef INFRAHUB_BENCH_SWEEP_WINDOW
#include "sweepwindow.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#else
#include <QCoreApplication>
#endif

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryFile>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using bench::kFrameMs;
const QString kLoopbackBlock = QStringLiteral("127.77.0.0/16");
const QString kLoopbackQuickBlock = QStringLiteral("127.77.0.0/20");
const QString kSilentBlock = QStringLiteral("198.18.2.0/24");
const QString kRoutedBlock = QStringLiteral("198.19.0.0/16");

QString g_scanNs; // set while the benchmark's namespaces exist
QString g_hostsNs;

void removeNamespaces(bool includeOwn);

[[noreturn]] void fail(const QString &message) {
    std::fprintf(stderr, "bench_sweep: %s\n", qPrintable(message));
    removeNamespaces(true);
    std::exit(1);
}

// ---- child processes: wall time, and CPU from wait4 (bench/common/childprocess.h) ----------------------

using bench::Child;
using bench::runChild;

bool have(const char *program) {
    return !QStandardPaths::findExecutable(QLatin1String(program)).isEmpty();
}

// ---- the namespaces -------------------------------------------------------------------------------------

void ip(const QStringList &args) {
    const Child c = runChild(QStringList{QStringLiteral("ip")} + args, 30'000);
    if (c.exitCode != 0)
        fail(QStringLiteral("ip %1: %2").arg(args.join(u' '), QString::fromLocal8Bit(c.err).trimmed()));
}

// This run's namespaces (`includeOwn`), and those of earlier runs whose process is gone.
void removeNamespaces(bool includeOwn) {
    if (::geteuid() != 0 || !have("ip"))
        return;
    static const QRegularExpression pattern(QStringLiteral("^ihbench-(\\d+)-(scan|hosts)$"));
    const Child listed =
        runChild({QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("list")}, 30'000);
    for (const QByteArray &line : listed.out.split('\n')) {
        const QString name = QString::fromUtf8(line.split(' ').constFirst()).trimmed();
        const QRegularExpressionMatch m = pattern.match(name);
        if (!m.hasMatch())
            continue;
        const qint64 pid = m.captured(1).toLongLong();
        bool remove = includeOwn && pid == QCoreApplication::applicationPid();
        if (pid != QCoreApplication::applicationPid()) {
            QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
            remove = !comm.open(QIODevice::ReadOnly) || !comm.readAll().startsWith("bench_sweep");
        }
        if (remove)
            runChild({QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("delete"), name}, 30'000);
    }
    if (includeOwn) {
        g_scanNs.clear();
        g_hostsNs.clear();
    }
}

// scanner (198.18.0.1/30) --veth-- hosts (198.18.0.2/30). The scanner routes the silent /24 and the routed
// /16 to the hosts namespace; there the /16 is local (every address answers) and the /24 is dropped
// (forwarding off, and an nft rule where nft exists): silence, not an ICMP unreachable.
QString buildNamespaces() {
    if (::geteuid() != 0)
        return QStringLiteral("not root");
    if (!have("ip"))
        return QStringLiteral("`ip` (iproute2) is not installed");
    if (runChild({QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("list")}, 30'000).exitCode !=
        0)
        return QStringLiteral("`ip netns` does not work here");
    removeNamespaces(false);
    const QString pid = QString::number(QCoreApplication::applicationPid());
    g_scanNs = QStringLiteral("ihbench-%1-scan").arg(pid);
    g_hostsNs = QStringLiteral("ihbench-%1-hosts").arg(pid);
    const QString s = g_scanNs;
    const QString h = g_hostsNs;
    ip({"netns", "add", s});
    ip({"netns", "add", h});
    ip({"-n", s, "link", "set", "lo", "up"});
    ip({"-n", h, "link", "set", "lo", "up"});
    ip({"-n", s, "link", "add", "sv", "type", "veth", "peer", "name", "hv", "netns", h});
    ip({"-n", s, "addr", "add", "198.18.0.1/30", "dev", "sv"});
    ip({"-n", h, "addr", "add", "198.18.0.2/30", "dev", "hv"});
    ip({"-n", s, "link", "set", "sv", "up"});
    ip({"-n", h, "link", "set", "hv", "up"});
    ip({"-n", s, "route", "add", kSilentBlock, "via", "198.18.0.2"});
    ip({"-n", s, "route", "add", kRoutedBlock, "via", "198.18.0.2"});
    ip({"-n", h, "route", "add", "local", kRoutedBlock, "dev", "lo"});
    runChild({"ip", "netns", "exec", h, "sysctl", "-qw", "net.ipv4.ip_forward=0"});
    if (have("nft")) {
        QTemporaryFile rules;
        if (rules.open()) {
            rules.write(QStringLiteral("table inet ihbench {\n  chain pre { type filter hook prerouting "
                                       "priority raw;\n    ip daddr %1 drop\n  }\n}\n")
                            .arg(kSilentBlock)
                            .toUtf8());
            rules.flush();
            runChild({"ip", "netns", "exec", h, "nft", "-f", rules.fileName()});
        }
    }
    return {};
}

QStringList inScanner(const QStringList &command) {
    return QStringList{QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("exec"), g_scanNs} +
           command;
}

// ---- the tools ------------------------------------------------------------------------------------------

struct Settings {
    int timeoutMs = 500;
    int tries = 2;
    int rate = 20'000; // probes per second; 0: no limit
    int concurrency = 256;
};

struct Run {
    QString tool;
    QString command; // as run (first repetition)
    double wallMs = 0;
    double cpuMs = 0;
    int up = -1;
    qint64 requests = 0; // echo requests (or connects) the tool sent, for CPU per request
    QString note;        // what the tool did, when it matters ("sent nothing: localhost-response")
    bool ok = false;     // it ran and its answer was right
};

QString join(const QStringList &args) {
    QStringList quoted;
    for (const QString &a : args)
        quoted.append(a.contains(u' ') ? u'\'' + a + u'\'' : a);
    return quoted.join(u' ');
}

// Another infrahub-sweep to compare with (--compare-sweep: e.g. a build from before a change), or none.
QString &compareExe() {
    static QString exe;
    return exe;
}

QStringList oursCommand(const QString &block, const Settings &s,
                        const QString &exe = QStringLiteral(INFRAHUB_SWEEP_EXE)) {
    return {exe,
            "--icmp",
            "--yes",
            "--timeout",
            QString::number(s.timeoutMs),
            "--tries",
            QString::number(s.tries),
            "--rate",
            QString::number(s.rate),
            "--concurrency",
            QString::number(s.concurrency),
            "--format",
            "csv",
            block};
}

// fping: -i is the gap between any two requests in ms (fractions allowed for root; 0: none), -r the
// retries after the first try, -B 1 no back-off (each try waits the same -t), -q -a only the alive.
QStringList fpingCommand(const QString &block, const Settings &s) {
    const QString interval = s.rate > 0 ? QString::number(1000.0 / s.rate, 'g', 6) : QStringLiteral("0");
    return {"fping",
            "-q",
            "-a",
            "-t",
            QString::number(s.timeoutMs),
            "-r",
            QString::number(s.tries - 1),
            "-B",
            "1",
            "-i",
            interval,
            "-g",
            block};
}

// nmap: host discovery only (-sn), no DNS (-n), ICMP echo only (-PE) unless `unprivileged` (then TCP
// connect to 80 and 443, what nmap does without raw sockets), retries and RTT timeout equal to ours, the
// rate pinned with --min-rate/--max-rate. The hosts come from a file: nmap would also probe a CIDR block's
// network and broadcast addresses, which fping -g and we leave out.
QStringList nmapCommand(const QString &hostsFile, const Settings &s, bool unprivileged) {
    QStringList args{"nmap", "-sn", "-n"};
    args << (unprivileged ? QStringLiteral("--unprivileged") : QStringLiteral("-PE"));
    args << "--max-retries" << QString::number(s.tries - 1) << "--initial-rtt-timeout"
         << QStringLiteral("%1ms").arg(s.timeoutMs) << "--max-rtt-timeout"
         << QStringLiteral("%1ms").arg(s.timeoutMs);
    if (s.rate > 0)
        args << "--min-rate" << QString::number(s.rate) << "--max-rate" << QString::number(s.rate);
    args << "-oX"
         << "-"
         << "-iL" << hostsFile;
    return args;
}

double median(std::vector<double> v) {
    return bench::median(std::move(v), 0);
}

enum class Tool { Ours, OursCompared, Fping, Nmap, NmapUnprivileged };

// One tool in one scenario: its command, and the figures of every repetition (medians in the end).
struct Measurement {
    Tool tool = Tool::Ours;
    QStringList command;
    Run run;
    std::vector<double> walls;
    std::vector<double> cpus;
    bool failed = false;
};

Measurement prepare(Tool tool, const QString &block, const QString &hostsFile, bool netns,
                    const Settings &s) {
    Measurement m;
    m.tool = tool;
    switch (tool) {
    case Tool::Ours:
        m.run.tool = QStringLiteral("infrahub-sweep");
        m.command = oursCommand(block, s);
        break;
    case Tool::OursCompared:
        m.run.tool = QStringLiteral("infrahub-sweep (compared)");
        m.command = oursCommand(block, s, compareExe());
        break;
    case Tool::Fping:
        m.run.tool = QStringLiteral("fping");
        m.command = fpingCommand(block, s);
        break;
    case Tool::Nmap:
        m.run.tool = QStringLiteral("nmap -sn -PE");
        m.command = nmapCommand(hostsFile, s, false);
        break;
    case Tool::NmapUnprivileged:
        m.run.tool = QStringLiteral("nmap -sn --unprivileged");
        m.command = nmapCommand(hostsFile, s, true);
        break;
    }
    if (netns)
        m.command = inScanner(m.command);
    m.run.command = join(m.command);
    return m;
}

// One repetition: runs the tool and reads how many hosts it found up.
void runOnce(Measurement &m, int rep) {
    if (m.failed)
        return;
    const Child c = runChild(m.command);
    int up = 0;
    QString note;
    bool ran = false;
    switch (m.tool) {
    case Tool::Ours:
    case Tool::OursCompared:
        ran = c.exitCode == 0 || c.exitCode == 1;
        up = int(c.out.count(",up,"));
        break;
    case Tool::Fping:
        ran = c.exitCode == 0 || c.exitCode == 1; // 1: some host unreachable
        for (const QByteArray &line : c.out.split('\n'))
            up += line.trimmed().isEmpty() ? 0 : 1;
        break;
    case Tool::Nmap:
    case Tool::NmapUnprivileged: {
        ran = c.exitCode == 0;
        up = int(c.out.count("<status state=\"up\""));
        // Which answers nmap counted, by reason.
        static const QRegularExpression reason(QStringLiteral("state=\"up\" reason=\"([a-z-]+)\""));
        QMap<QString, int> reasons;
        for (auto it = reason.globalMatch(QString::fromUtf8(c.out)); it.hasNext();)
            ++reasons[it.next().captured(1)];
        QStringList parts;
        for (auto it = reasons.cbegin(); it != reasons.cend(); ++it)
            parts.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key()));
        note = parts.join(QStringLiteral(", "));
        break;
    }
    }
    if (!ran) {
        m.failed = true;
        m.run.note =
            QStringLiteral("exit %1: %2").arg(c.exitCode).arg(QString::fromLocal8Bit(c.err.left(300)));
        std::fprintf(stderr, "bench_sweep: %s failed: %s\n", qPrintable(m.run.tool), qPrintable(m.run.note));
        return;
    }
    m.run.up = up;
    if (!note.isEmpty())
        m.run.note = note;
    m.walls.push_back(c.wallMs);
    m.cpus.push_back(c.cpuMs);
    std::printf("    %-26s rep %d: %8.0f ms, %6d up, CPU %7.0f ms\n", qPrintable(m.run.tool), rep + 1,
                c.wallMs, up, c.cpuMs);
    std::fflush(stdout);
}

// Medians, requests sent and whether the answer was right.
Run finish(Measurement &m, int hosts, const Settings &s, int expectUp) {
    Run &run = m.run;
    if (m.failed)
        return run;
    run.wallMs = median(m.walls);
    run.cpuMs = median(m.cpus);
    // Requests sent: every host once when all answer; every host once per try when none does.
    run.requests = qint64(hosts) * (expectUp == 0 ? s.tries : 1);
    if (m.tool == Tool::NmapUnprivileged)
        run.requests = qint64(hosts) * 2; // connects to ports 80 and 443
    if (run.note.contains(QStringLiteral("localhost-response")))
        run.requests = 0; // nmap decided loopback hosts are up without sending anything
    run.ok = run.up == expectUp;
    if (!run.ok)
        std::fprintf(stderr, "bench_sweep: %s found %d up, expected %d\n", qPrintable(run.tool), run.up,
                     expectUp);
    return run;
}

struct Scenario {
    QString name; // short, for the goals
    QString title;
    Settings settings;
    int hosts = 0;
    int expectUp = 0;
    double boundMs = 0; // silent sweeps: timeout x tries
    std::vector<Run> runs;

    const Run *find(const QString &tool) const {
        for (const Run &r : runs) {
            if (r.tool == tool)
                return &r;
        }
        return nullptr;
    }
};

QString hostsFileFor(const QString &block, QTemporaryFile *file) {
    QString error;
    const std::optional<infrahub::SweepTargets> targets = infrahub::SweepTargets::parse(block, &error);
    if (!targets || !file->open())
        fail(QStringLiteral("cannot list %1: %2").arg(block, error));
    QByteArray text;
    for (const QHostAddress &a : targets->hosts())
        text += a.toString().toLatin1() + '\n';
    file->write(text);
    file->flush();
    return file->fileName();
}

// ---- the event loop while sweeping in-process ----------------------------------------------------------

using bench::LoopWatch;
using bench::machine;

qint64 processCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

struct InProcess {
    QString what;
    double wallMs = 0;
    double cpuUsPerHost = 0;
    double startMs = 0; // SweepWindow::start() (parse, confirmation, model reset)
    double longestGapMs = 0;
    double longestGapCpuMs = 0; // the thread's CPU time within that gap
    double longestBusyMs = 0;   // the most CPU time the thread spent away from its event loop at once
    double longestGapAtMs = 0;
    int overFrame = 0;
    int up = 0;
    bool ran = false;
    QString note;
};

void waitFor(QObject *sender, const char *signal, int limitMs) {
    QEventLoop loop;
    QObject::connect(sender, signal, &loop, SLOT(quit()));
    QTimer::singleShot(limitMs, &loop,
                       [&] { fail(QStringLiteral("no end after %1 s").arg(limitMs / 1000)); });
    loop.exec();
}

InProcess runnerStall(const QString &block, const Settings &s) {
    InProcess r;
    r.what = s.rate > 0 ? QStringLiteral("SweepRunner in-process (no window)")
                        : QStringLiteral("SweepRunner in-process, no rate limit");
    QString error;
    infrahub::SweepRunner::Options options;
    options.probe.timeoutMs = s.timeoutMs;
    options.probe.tries = s.tries;
    options.ratePerSecond = s.rate;
    options.concurrency = s.concurrency;
    infrahub::SweepRunner sweep(*infrahub::SweepTargets::parse(block, &error),
                                std::make_shared<infrahub::IcmpEchoProber>(), options);
    LoopWatch watch;
    const qint64 cpu0 = processCpuNs();
    QElapsedTimer clock;
    clock.start();
    watch.start();
    sweep.start();
    waitFor(&sweep, SIGNAL(finished()), 10 * 60 * 1000);
    watch.stop();
    r.wallMs = double(clock.nsecsElapsed()) / 1e6;
    r.cpuUsPerHost = double(processCpuNs() - cpu0) / 1e3 / double(sweep.results().size());
    r.longestGapMs = watch.longestMs();
    r.longestGapCpuMs = watch.longestCpuMs();
    r.longestBusyMs = watch.longestBusyMs();
    r.longestGapAtMs = watch.longestAtMs();
    r.overFrame = watch.overFrame();
    r.up = sweep.count(infrahub::ProbeResult::State::Up);
    r.ran = true;
    return r;
}

#ifdef INFRAHUB_BENCH_SWEEP_WINDOW
InProcess windowStall(const QString &block, const Settings &s) {
    InProcess r;
    r.what = QStringLiteral("SweepWindow (offscreen; results model, latency chart, Jobs-dock job)");
    SweepWindow window;
    window.setTargets(block);
    window.setMethod(QStringLiteral("icmp"));
    window.setTiming(s.timeoutMs, s.tries, s.rate, s.concurrency);
    window.show();
    // No "Sweep 65,534 hosts?" question: a dialog waiting for the user is not a stall.
    window.setConfirmAbove(1 << 20);
    const qint64 cpu0 = processCpuNs();
    QElapsedTimer clock;
    // The watch runs from before the click: start() runs inside the event loop, and whatever it does
    // before returning to it (parsing, building the job, the results model) counts as a gap.
    LoopWatch watch;
    watch.start();
    bool started = false;
    bool clicked = false;
    QTimer::singleShot(0, &window, [&] {
        clicked = true;
        clock.start();
        started = window.start();
        r.startMs = double(clock.nsecsElapsed()) / 1e6;
        if (!started)
            r.note = window.statusText();
    });
    while (!clicked)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    if (!started) {
        watch.stop();
        return r;
    }
    waitFor(&window, SIGNAL(finished()), 10 * 60 * 1000);
    watch.stop();
    r.wallMs = double(clock.nsecsElapsed()) / 1e6;
    r.cpuUsPerHost = double(processCpuNs() - cpu0) / 1e3 / double(window.runner()->results().size());
    r.longestGapMs = watch.longestMs();
    r.longestGapCpuMs = watch.longestCpuMs();
    r.longestBusyMs = watch.longestBusyMs();
    r.longestGapAtMs = watch.longestAtMs();
    r.overFrame = watch.overFrame();
    r.up = window.runner()->count(infrahub::ProbeResult::State::Up);
    r.ran = true;
    return r;
}
#endif

QString version(const QStringList &command) {
    const Child c = runChild(command, 30'000);
    const QByteArray text = QByteArray(c.out + c.err).trimmed();
    return QString::fromUtf8(text.left(text.indexOf('\n') < 0 ? text.size() : text.indexOf('\n')));
}

} // namespace

int main(int argc, char *argv[]) {
#ifdef INFRAHUB_BENCH_SWEEP_WINDOW
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
#else
    QCoreApplication app(argc, argv);
#endif
    QCoreApplication::setOrganizationName(QStringLiteral("InfrahubConsoleBench")); // not the user's settings
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Sweeps: infrahub-sweep against fping and nmap, CPU per probe, UI stall."));
    parser.addHelpOption();
    const QCommandLineOption quickOpt(QStringLiteral("quick"),
                                      QStringLiteral("CI smoke: a /20, one repetition, timeout 200 ms x 1."));
    const QCommandLineOption repsOpt(QStringLiteral("reps"),
                                     QStringLiteral("Repetitions per tool (median; default 3)."),
                                     QStringLiteral("N"));
    const QCommandLineOption timeoutOpt(QStringLiteral("timeout"),
                                        QStringLiteral("Per try, ms (default 500)."), QStringLiteral("MS"));
    const QCommandLineOption triesOpt(QStringLiteral("tries"), QStringLiteral("Tries (default 2)."),
                                      QStringLiteral("N"));
    const QCommandLineOption rateOpt(
        QStringLiteral("rate"), QStringLiteral("Probes per second (default 20000)."), QStringLiteral("N"));
    const QCommandLineOption markdownOpt(
        QStringLiteral("markdown"), QStringLiteral("Append the tables to FILE."), QStringLiteral("FILE"));
    const QCommandLineOption compareOpt(
        QStringLiteral("compare-sweep"),
        QStringLiteral("Also run this infrahub-sweep (e.g. a build from before a change) in every scenario."),
        QStringLiteral("PATH"));
    const QCommandLineOption inProcessOpt(QStringLiteral("in-process-only"),
                                          QStringLiteral("Only the in-process sweeps (event-loop gaps)."));
    // bench/run.sh passes the same arguments to every benchmark: the others' options are accepted.
    const QCommandLineOption onlyOpt(QStringLiteral("only"), QStringLiteral("Ignored."), QStringLiteral("X"));
    const QCommandLineOption devicesOpt(QStringLiteral("devices"), QStringLiteral("Ignored."),
                                        QStringLiteral("N"));
    parser.addOptions({quickOpt, repsOpt, timeoutOpt, triesOpt, rateOpt, markdownOpt, compareOpt,
                       inProcessOpt, onlyOpt, devicesOpt});
    parser.process(app);

    const bool quick = parser.isSet(quickOpt);
    compareExe() = parser.value(compareOpt);
    Settings settings;
    if (quick) {
        settings.timeoutMs = 200;
        settings.tries = 1;
    }
    if (parser.isSet(timeoutOpt))
        settings.timeoutMs = parser.value(timeoutOpt).toInt();
    if (parser.isSet(triesOpt))
        settings.tries = parser.value(triesOpt).toInt();
    if (parser.isSet(rateOpt))
        settings.rate = parser.value(rateOpt).toInt();
    const int reps = std::max(1, parser.isSet(repsOpt) ? parser.value(repsOpt).toInt() : (quick ? 1 : 3));
    if (settings.timeoutMs < 10 || settings.tries < 1 || settings.tries > 10 || settings.rate < 0)
        fail(QStringLiteral("--timeout is at least 10, --tries 1 to 10, --rate at least 0"));

    const infrahub::IcmpEchoProber::Availability icmp =
        infrahub::IcmpEchoProber::availability(QAbstractSocket::IPv4Protocol);
    if (icmp.mode == infrahub::IcmpEchoProber::Mode::Unavailable) {
        std::printf("bench_sweep: skipped, no ICMP sockets for this user: %s\n", qPrintable(icmp.reason));
        return 0;
    }
    const bool fping = have("fping");
    const bool nmap = have("nmap");
    if (!fping)
        std::printf("bench_sweep: fping is not installed: no fping figures\n");
    if (!nmap)
        std::printf("bench_sweep: nmap is not installed: no nmap figures\n");

    const QString loopBlock = quick ? kLoopbackQuickBlock : kLoopbackBlock;
    const int loopHosts = quick ? 4094 : 65534;
    QTemporaryFile loopFile;
    const QString loopList = hostsFileFor(loopBlock, &loopFile);
    const QString rateText =
        settings.rate > 0 ? QStringLiteral("%1/s").arg(settings.rate) : QStringLiteral("no rate limit");
    std::printf("bench_sweep: timeout %d ms x %d tries, %s, %d at once (ours); ICMP: %s\n",
                settings.timeoutMs, settings.tries, qPrintable(rateText), settings.concurrency,
                qPrintable(icmp.reason));
    std::fflush(stdout);

    std::vector<Scenario> scenarios;
    auto runScenario = [&](Scenario sc, const QString &block, const QString &list, bool netns,
                           const std::vector<Tool> &tools) {
        std::printf("  %s\n", qPrintable(sc.title));
        std::fflush(stdout);
        // Repetitions interleave the tools, so a change in the machine's load hits them alike.
        std::vector<Measurement> measurements;
        for (const Tool t : tools) {
            if ((t == Tool::Fping && !fping) || ((t == Tool::Nmap || t == Tool::NmapUnprivileged) && !nmap))
                continue;
            measurements.push_back(prepare(t, block, list, netns, sc.settings));
            if (t == Tool::Ours && !compareExe().isEmpty())
                measurements.push_back(prepare(Tool::OursCompared, block, list, netns, sc.settings));
        }
        for (int r = 0; r < reps; ++r) {
            for (Measurement &m : measurements)
                runOnce(m, r);
        }
        for (Measurement &m : measurements)
            sc.runs.push_back(finish(m, sc.hosts, sc.settings, sc.expectUp));
        scenarios.push_back(std::move(sc));
    };

    const bool toolsToo = !parser.isSet(inProcessOpt);
    // 1 and 2: loopback.
    Scenario loop;
    loop.name = QStringLiteral("loopback %1, %2").arg(loopBlock.mid(loopBlock.indexOf(u'/')), rateText);
    loop.title =
        QStringLiteral("loopback %1 (%2 hosts, all alive), %3").arg(loopBlock).arg(loopHosts).arg(rateText);
    loop.settings = settings;
    loop.hosts = loop.expectUp = loopHosts;
    QTemporaryFile silentFile;
    QTemporaryFile routedFile;
    if (toolsToo) {
        runScenario(loop, loopBlock, loopList, false,
                    quick ? std::vector<Tool>{Tool::Ours, Tool::Fping, Tool::Nmap}
                          : std::vector<Tool>{Tool::Ours, Tool::Fping, Tool::Nmap, Tool::NmapUnprivileged});
        if (!quick && settings.rate > 0) {
            Scenario flat = loop;
            flat.settings.rate = 0;
            flat.name =
                QStringLiteral("loopback %1, no rate limit").arg(loopBlock.mid(loopBlock.indexOf(u'/')));
            flat.title = QStringLiteral("loopback %1 (%2 hosts, all alive), no rate limit")
                             .arg(loopBlock)
                             .arg(loopHosts);
            runScenario(flat, loopBlock, loopList, false, {Tool::Ours, Tool::Fping});
        }

        // 3 and 4: the namespaces.
        const QString whyNot = buildNamespaces();
        if (!whyNot.isEmpty()) {
            std::printf("  silent /24 and routed /16 skipped: %s (they need network namespaces)\n",
                        qPrintable(whyNot));
        } else {
            Scenario silent;
            silent.name = QStringLiteral("silent /24");
            silent.title = QStringLiteral("silent %1 (254 hosts dropped in a network namespace), %2")
                               .arg(kSilentBlock, rateText);
            silent.settings = settings;
            silent.hosts = 254;
            silent.expectUp = 0;
            silent.boundMs = double(settings.timeoutMs) * settings.tries;
            runScenario(silent, kSilentBlock, hostsFileFor(kSilentBlock, &silentFile), true,
                        {Tool::Ours, Tool::Fping, Tool::Nmap});
            if (!quick) {
                Scenario routed;
                routed.name = QStringLiteral("routed /16, %1").arg(rateText);
                routed.title = QStringLiteral("routed %1 (65534 hosts behind a veth pair, all alive), %2")
                                   .arg(kRoutedBlock, rateText);
                routed.settings = settings;
                routed.hosts = routed.expectUp = 65534;
                runScenario(routed, kRoutedBlock, hostsFileFor(kRoutedBlock, &routedFile), true,
                            {Tool::Ours, Tool::Fping, Tool::Nmap});
            }
            removeNamespaces(true);
        }
    }

    // The event loop during an in-process sweep of the loopback block.
    std::printf("  in-process sweeps of %s, event loop watched\n", qPrintable(loopBlock));
    std::fflush(stdout);
    std::vector<InProcess> stalls;
    stalls.push_back(runnerStall(loopBlock, settings));
    if (!quick && settings.rate > 0) {
        Settings flat = settings;
        flat.rate = 0;
        stalls.push_back(runnerStall(loopBlock, flat));
    }
#ifdef INFRAHUB_BENCH_SWEEP_WINDOW
    stalls.push_back(windowStall(loopBlock, settings));
#else
    std::printf("  SweepWindow not measured: built without the app library\n");
#endif

    // ---- the tables ----
    QString md;
    std::printf("\n== Sweeps: timeout %d ms x %d tries, %s; median of %d\n", settings.timeoutMs,
                settings.tries, qPrintable(rateText), reps);
    bool allRight = true;
    struct Goal {
        QString goal;
        QString measured;
        QString verdict;
    };
    std::vector<Goal> goals;
    for (const Scenario &sc : scenarios) {
        std::printf("\n  %s\n", qPrintable(sc.title));
        std::printf("  %-26s %10s %8s %10s %12s %12s  %s\n", "tool", "wall", "up", "CPU", "CPU/request",
                    "ours/this", "note");
        md += QStringLiteral(
                  "\n**%1**\n\n| tool | wall | up | CPU (user+sys) | CPU per request | ours / this | note |\n"
                  "|---|---:|---:|---:|---:|---:|---|\n")
                  .arg(sc.title);
        const Run *ours = sc.find(QStringLiteral("infrahub-sweep"));
        for (const Run &r : sc.runs) {
            allRight = allRight && r.ok;
            const QString perRequest =
                r.requests > 0 ? QStringLiteral("%1 µs").arg(r.cpuMs * 1000.0 / double(r.requests), 0, 'f', 1)
                               : QStringLiteral("n/a");
            QString ratio;
            if (ours && ours->ok && r.ok && &r != ours)
                ratio = QString::number(ours->wallMs / r.wallMs, 'f', 2);
            if (&r == ours && sc.boundMs > 0)
                ratio = QStringLiteral("%1 of bound").arg(r.wallMs / sc.boundMs, 0, 'f', 2);
            const QString upText = r.ok ? QString::number(r.up) : QStringLiteral("%1 (WRONG)").arg(r.up);
            std::printf("  %-26s %7.0f ms %8s %7.0f ms %12s %12s  %s\n", qPrintable(r.tool), r.wallMs,
                        qPrintable(upText), r.cpuMs, qPrintable(perRequest), qPrintable(ratio),
                        qPrintable(r.note));
            md += QStringLiteral("| %1 | %2 ms | %3 | %4 ms | %5 | %6 | %7 |\n")
                      .arg(r.tool)
                      .arg(r.wallMs, 0, 'f', 0)
                      .arg(upText)
                      .arg(r.cpuMs, 0, 'f', 0)
                      .arg(perRequest, ratio, r.note);
            if (ours && &r != ours && ours->ok && r.ok &&
                !r.tool.startsWith(QStringLiteral("infrahub-sweep"))) {
                const bool sentNothing = r.requests == 0;
                const bool met = ours->wallMs <= r.wallMs;
                goals.push_back({QStringLiteral("never slower than %1: %2").arg(r.tool, sc.name),
                                 QStringLiteral("%1 vs %2 ms (%3)")
                                     .arg(ours->wallMs, 0, 'f', 0)
                                     .arg(r.wallMs, 0, 'f', 0)
                                     .arg(ours->wallMs / r.wallMs, 0, 'f', 2),
                                 sentNothing ? QStringLiteral("n/a (nmap sent no probes)")
                                 : met       ? QStringLiteral("met")
                                             : QStringLiteral("NOT met")});
            }
        }
        if (ours && sc.boundMs > 0) {
            goals.push_back(
                {QStringLiteral("silent /24 within 1.2x of timeout x tries (%1 ms)")
                     .arg(sc.boundMs, 0, 'f', 0),
                 QStringLiteral("%1 ms (%2x)")
                     .arg(ours->wallMs, 0, 'f', 0)
                     .arg(ours->wallMs / sc.boundMs, 0, 'f', 2),
                 ours->wallMs <= 1.2 * sc.boundMs ? QStringLiteral("met") : QStringLiteral("NOT met")});
        }
        std::fflush(stdout);
    }
    md += QStringLiteral(
              "\n| in-process sweep of %1 | wall | up | CPU per host | longest event-loop gap (CPU in it) | "
              "most CPU in one gap | gaps over 16 ms | start() |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
              .arg(loopBlock);
    std::printf("\n  in-process sweeps of %s\n", qPrintable(loopBlock));
    for (const InProcess &p : stalls) {
        allRight = allRight && p.ran && p.up == loopHosts;
        std::printf("  %-40s %7.0f ms %6d up %6.1f µs CPU/host   longest gap %6.1f ms (at %.0f ms, %.1f ms "
                    "CPU), most CPU in a gap %.1f ms, %d over %g ms%s\n",
                    qPrintable(p.what), p.wallMs, p.up, p.cpuUsPerHost, p.longestGapMs, p.longestGapAtMs,
                    p.longestGapCpuMs, p.longestBusyMs, p.overFrame, kFrameMs,
                    p.startMs > 0 ? qPrintable(QStringLiteral(", start() %1 ms").arg(p.startMs, 0, 'f', 0))
                                  : "");
        md += QStringLiteral("| %1 | %2 ms | %3 | %4 µs | %5 ms (%6 ms) | %7 ms | %8 | %9 |\n")
                  .arg(p.what)
                  .arg(p.wallMs, 0, 'f', 0)
                  .arg(p.up)
                  .arg(p.cpuUsPerHost, 0, 'f', 1)
                  .arg(p.longestGapMs, 0, 'f', 1)
                  .arg(p.longestGapCpuMs, 0, 'f', 1)
                  .arg(p.longestBusyMs, 0, 'f', 1)
                  .arg(p.overFrame)
                  .arg(p.startMs > 0 ? QStringLiteral("%1 ms").arg(p.startMs, 0, 'f', 0) : QString());
        if (p.what.startsWith(QStringLiteral("SweepWindow")))
            goals.push_back(
                {QStringLiteral("UI stall under 16 ms during a %1 sweep (SweepWindow)")
                     .arg(loopBlock.mid(loopBlock.indexOf(u'/'))),
                 QStringLiteral("longest gap %1 ms from the click to the end (%2 ms of it on the "
                                "CPU; at most %3 ms of CPU in any gap; start() %4 ms)")
                     .arg(p.longestGapMs, 0, 'f', 1)
                     .arg(p.longestGapCpuMs, 0, 'f', 1)
                     .arg(p.longestBusyMs, 0, 'f', 1)
                     .arg(p.startMs, 0, 'f', 0),
                 p.longestGapMs < kFrameMs
                     ? QStringLiteral("met")
                     : (p.longestBusyMs < kFrameMs
                            ? QStringLiteral("NOT met (the thread waited for a CPU: machine busy)")
                            : QStringLiteral("NOT met"))});
    }
    goals.push_back({QStringLiteral("CPU time per probe reported"), QStringLiteral("see CPU per request"),
                     QStringLiteral("yes")});

    std::printf("\n== Goals\n");
    md += QStringLiteral("\n| goal | measured | |\n|---|---|---|\n");
    for (const Goal &g : goals) {
        std::printf("  %-70s %-46s %s\n", qPrintable(g.goal), qPrintable(g.measured), qPrintable(g.verdict));
        md += QStringLiteral("| %1 | %2 | %3 |\n").arg(g.goal, g.measured, g.verdict);
    }
    const QString machineText = machine();
    const QString versions =
        QStringLiteral("%1; %2").arg(fping ? version({"fping", "-v"}) : QStringLiteral("no fping"),
                                     nmap ? version({"nmap", "--version"}) : QStringLiteral("no nmap"));
    std::printf("  machine: %s\n  tools: %s\n  %s\n", qPrintable(machineText), qPrintable(versions),
                qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    if (parser.isSet(markdownOpt)) {
        QFile file(parser.value(markdownOpt));
        if (!file.open(QIODevice::Append | QIODevice::Text))
            fail(QStringLiteral("cannot write %1").arg(file.fileName()));
        file.write(QStringLiteral(
                       "\n### bench_sweep: timeout %1 ms x %2 tries, %3, median of %4\n\n%5\n\nCommands:\n\n")
                       .arg(settings.timeoutMs)
                       .arg(settings.tries)
                       .arg(rateText)
                       .arg(reps)
                       .arg(machineText + u"; " + versions)
                       .toUtf8());
        QString commands;
        for (const Scenario &sc : scenarios) {
            commands += QStringLiteral("- %1:\n").arg(sc.title);
            for (const Run &r : sc.runs)
                commands += QStringLiteral("  - `%1`\n").arg(r.command);
        }
        file.write(commands.toUtf8());
        file.write(md.toUtf8());
    }
    return allRight ? 0 : 1;
}
