// The system-ping prober. The real ping only ever targets loopback (127.0.0.0/8, ::1); everything a
// loopback host cannot show (silence, a ping that fails, hangs or needs a second try, another OS's
// output) comes from fake pings: small shell scripts handed to the prober as its executable. Every case
// that kills a ping checks that the process is really gone (reaped, not a zombie) and that the test
// process has no child left.
#include "core/sweep/systempingprober.h"

#include <QCoroTask>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#include <unistd.h>
#endif

using namespace infrahub;

namespace {

using Dialect = SystemPingProber::Dialect;

const QString kIputilsReply = QStringLiteral("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n"
                                             "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms\n"
                                             "\n"
                                             "--- 127.0.0.1 ping statistics ---\n"
                                             "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
                                             "rtt min/avg/max/mdev = 0.045/0.045/0.045/0.000 ms\n");
const QString kIputilsSilent =
    QStringLiteral("PING 10.0.0.9 (10.0.0.9) 56(84) bytes of data.\n"
                   "\n"
                   "--- 10.0.0.9 ping statistics ---\n"
                   "1 packets transmitted, 0 received, 100% packet loss, time 0ms\n");
const QString kIputilsUnreachable =
    QStringLiteral("PING 10.0.0.9 (10.0.0.9) 56(84) bytes of data.\n"
                   "From 10.0.0.1 icmp_seq=1 Destination Host Unreachable\n"
                   "\n"
                   "--- 10.0.0.9 ping statistics ---\n"
                   "1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms\n");
const QString kMacReply = QStringLiteral("PING 127.0.0.1 (127.0.0.1): 56 data bytes\n"
                                         "64 bytes from 127.0.0.1: icmp_seq=0 ttl=64 time=0.061 ms\n"
                                         "\n"
                                         "--- 127.0.0.1 ping statistics ---\n"
                                         "1 packets transmitted, 1 packets received, 0.0% packet loss\n"
                                         "round-trip min/avg/max/stddev = 0.061/0.061/0.061/0.000 ms\n");
const QString kWindowsReply = QStringLiteral("\r\nPinging 127.0.0.1 with 32 bytes of data:\r\n"
                                             "Reply from 127.0.0.1: bytes=32 time<1ms TTL=128\r\n"
                                             "\r\n"
                                             "Ping statistics for 127.0.0.1:\r\n"
                                             "    Packets: Sent = 1, Received = 1, Lost = 0 (0% loss),\r\n"
                                             "Approximate round trip times in milli-seconds:\r\n"
                                             "    Minimum = 0ms, Maximum = 0ms, Average = 0ms\r\n");
const QString kWindowsSlowReply = QStringLiteral("\r\nPinging 10.1.1.1 with 32 bytes of data:\r\n"
                                                 "Reply from 10.1.1.1: bytes=32 time=23ms TTL=57\r\n");
const QString kWindowsGerman = QStringLiteral("\r\nPing wird ausgeführt für 10.1.1.1 mit 32 Bytes Daten:\r\n"
                                              "Antwort von 10.1.1.1: Bytes=32 Zeit=3ms TTL=57\r\n");
const QString kWindowsRouterSaysUnreachable =
    QStringLiteral("\r\nPinging 10.1.1.9 with 32 bytes of data:\r\n"
                   "Reply from 10.1.1.1: Destination host unreachable.\r\n"
                   "\r\n"
                   "Ping statistics for 10.1.1.9:\r\n"
                   "    Packets: Sent = 1, Received = 1, Lost = 0 (0% loss),\r\n");
const QString kWindowsTimedOut = QStringLiteral("\r\nPinging 10.1.1.9 with 32 bytes of data:\r\n"
                                                "Request timed out.\r\n"
                                                "\r\n"
                                                "Ping statistics for 10.1.1.9:\r\n");
const QString kWindowsIpv6Reply = QStringLiteral("\r\nPinging ::1 with 32 bytes of data:\r\n"
                                                 "Reply from ::1: time<1ms \r\n");

#ifdef Q_OS_UNIX
// A fake ping: `body` as a /bin/sh script named `name` in its own folder below `dir` (the name matters:
// "ping6" takes no -6). Every run appends its arguments to <script>.args.
QString writeFakePing(const QTemporaryDir &dir, const QString &folder, const QString &body,
                      const QString &name = QStringLiteral("ping")) {
    QDir(dir.path()).mkpath(folder);
    const QString path = dir.filePath(folder + QLatin1Char('/') + name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write("#!/bin/sh\nprintf '%s\\n' \"$*\" >> \"$0.args\"\n");
    f.write(body.toUtf8());
    f.close();
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return path;
}

QString readText(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// Gone means reaped: kill(pid, 0) still succeeds for a zombie.
bool processGone(const QString &pidFile) {
    const qint64 pid = readText(pidFile).trimmed().toLongLong();
    return pid > 0 && ::kill(pid_t(pid), 0) == -1 && errno == ESRCH;
}
#endif

// The test process's children (running or zombie), from /proc; -1 where /proc cannot tell.
int childProcesses() {
#ifdef Q_OS_LINUX
    int children = 0;
    const QString self = QString::number(::getpid());
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString stat = readText(QStringLiteral("/proc/%1/stat").arg(entry));
        // "pid (command) state ppid ...": the command may hold spaces and parentheses.
        const QStringList fields = stat.mid(stat.lastIndexOf(QLatin1Char(')')) + 2).split(QLatin1Char(' '));
        if (fields.size() > 1 && fields.at(1) == self)
            ++children;
    }
    return children;
#else
    return -1;
#endif
}

ProbeOptions options(int timeoutMs, int tries = 1) {
    ProbeOptions o;
    o.timeoutMs = timeoutMs;
    o.tries = tries;
    return o;
}

} // namespace

class TestSystemPing : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void latencyFromEachSystemsOutput() {
        struct Sample {
            const char *name;
            QString output;
            double ms;
            bool upperBound;
        };
        const QList<Sample> samples{
            {"iputils", kIputilsReply, 0.045, false},        {"macOS", kMacReply, 0.061, false},
            {"Windows, under 1 ms", kWindowsReply, 1, true}, {"Windows, 23 ms", kWindowsSlowReply, 23, false},
            {"Windows, German", kWindowsGerman, 3, false},   {"Windows, IPv6", kWindowsIpv6Reply, 1, true}};
        for (const Sample &s : samples) {
            const std::optional<SystemPingProber::Latency> latency = SystemPingProber::parseLatency(s.output);
            QVERIFY2(latency, s.name);
            QVERIFY2(qFuzzyCompare(latency->ms, s.ms), s.name);
            QCOMPARE(latency->upperBound, s.upperBound);
        }
        // No reply line: nothing, not the summary's numbers.
        QVERIFY(!SystemPingProber::parseLatency(kIputilsSilent));
        QVERIFY(!SystemPingProber::parseLatency(kWindowsTimedOut));
        QVERIFY(!SystemPingProber::parseLatency(QStringLiteral("rtt min/avg/max/mdev = 0.1/0.1/0.1/0.0 ms")));
        QVERIFY(!SystemPingProber::parseLatency(QString()));
    }

    void exitCodesAndOutputPerSystem() {
        const QHostAddress v4(QStringLiteral("10.0.0.9"));
        const QHostAddress v6(QStringLiteral("2001:db8::9"));
        auto read = [](Dialect d, const QHostAddress &host, int code, const QString &out,
                       const QString &err = {}) {
            return SystemPingProber::interpret(d, host, code, out, err, 300);
        };

        // iputils: 0 reply, 1 no reply (an ICMP error from a router is quoted), 2 error.
        ProbeResult r = read(Dialect::Iputils, v4, 0, kIputilsReply);
        QCOMPARE(r.state, ProbeResult::State::Up);
        QCOMPARE(r.latencyMs, 0.045);
        QCOMPARE(r.method, QStringLiteral("system-ping"));
        r = read(Dialect::Iputils, v4, 1, kIputilsSilent);
        QCOMPARE(r.state, ProbeResult::State::Down);
        QVERIFY2(r.detail.contains(QStringLiteral("300 ms")), qPrintable(r.detail));
        QCOMPARE(r.latencyMs, -1.0);
        r = read(Dialect::Iputils, v4, 1, kIputilsUnreachable);
        QCOMPARE(r.state, ProbeResult::State::Down);
        QVERIFY2(r.detail.contains(QStringLiteral("Destination Host Unreachable")), qPrintable(r.detail));
        // A local firewall: iputils exits 1 and says why on stderr.
        r = read(Dialect::Iputils, v4, 1, kIputilsSilent,
                 QStringLiteral("ping: sendmsg: Operation not permitted\n"));
        QCOMPARE(r.state, ProbeResult::State::Down);
        QVERIFY2(r.detail.contains(QStringLiteral("Operation not permitted")), qPrintable(r.detail));
        r = read(Dialect::Iputils, v4, 2, QString(),
                 QStringLiteral("ping: connect: Network is unreachable\n"));
        QCOMPARE(r.state, ProbeResult::State::Error);
        QVERIFY2(r.detail.contains(QStringLiteral("Network is unreachable")), qPrintable(r.detail));

        // macOS / BSD: 0 reply, 2 no reply, anything else an error (sysexits).
        QCOMPARE(read(Dialect::Bsd, v4, 0, kMacReply).latencyMs, 0.061);
        QCOMPARE(read(Dialect::Bsd, v4, 2, QString()).state, ProbeResult::State::Down);
        r = read(Dialect::Bsd, v4, 68, QString(), QStringLiteral("ping: cannot resolve x: Unknown host"));
        QCOMPARE(r.state, ProbeResult::State::Error);
        QVERIFY(r.detail.contains(QStringLiteral("68")));

        // Windows: exit 0 is not enough for IPv4 (a router's "unreachable" exits 0 too): "TTL=" decides.
        r = read(Dialect::Windows, v4, 0, kWindowsReply);
        QCOMPARE(r.state, ProbeResult::State::Up);
        QCOMPARE(r.latencyMs, 1.0);
        QVERIFY2(r.detail.contains(QStringLiteral("under 1 ms")), qPrintable(r.detail));
        QCOMPARE(read(Dialect::Windows, v4, 0, kWindowsGerman).latencyMs, 3.0);
        r = read(Dialect::Windows, v4, 0, kWindowsRouterSaysUnreachable);
        QCOMPARE(r.state, ProbeResult::State::Down);
        QVERIFY2(r.detail.contains(QStringLiteral("Destination host unreachable")), qPrintable(r.detail));
        r = read(Dialect::Windows, v4, 1, kWindowsTimedOut);
        QCOMPARE(r.state, ProbeResult::State::Down);
        QVERIFY2(r.detail.contains(QStringLiteral("Request timed out")), qPrintable(r.detail));
        QCOMPARE(read(Dialect::Windows, v6, 0, kWindowsIpv6Reply).state,
                 ProbeResult::State::Up); // no TTL in v6
    }

    void commandLinePerSystem() {
        const QHostAddress v4(QStringLiteral("127.0.0.1"));
        const QHostAddress v6 = QHostAddress::LocalHostIPv6;
        const QString ping = QStringLiteral("/opt/x/ping");
        const QString ping6 = QStringLiteral("/opt/x/ping6");
        auto args = [](const SystemPingProber::Command &c) {
            return c.arguments.join(QLatin1Char(' '));
        };

        // iputils: -W in seconds (fractions allowed, whole seconds kept whole), -6 unless it is ping6.
        SystemPingProber::Command c = SystemPingProber::command(Dialect::Iputils, ping, v4, 300);
        QCOMPARE(c.program, ping);
        QCOMPARE(args(c), QStringLiteral("-n -c 1 -W 0.300 127.0.0.1"));
        QVERIFY(c.endsByItself);
        QCOMPARE(args(SystemPingProber::command(Dialect::Iputils, ping, v4, 2000)),
                 QStringLiteral("-n -c 1 -W 2 127.0.0.1"));
        QCOMPARE(args(SystemPingProber::command(Dialect::Iputils, ping, v6, 1500)),
                 QStringLiteral("-n -c 1 -W 1.500 -6 ::1"));
        QCOMPARE(args(SystemPingProber::command(Dialect::Iputils, ping6, v6, 1000)),
                 QStringLiteral("-n -c 1 -W 1 ::1"));
        // macOS: -W in ms; its ping6 has no wait option, so the prober's own timeout ends it.
        QCOMPARE(args(SystemPingProber::command(Dialect::Bsd, ping, v4, 300)),
                 QStringLiteral("-n -c 1 -W 300 127.0.0.1"));
        c = SystemPingProber::command(Dialect::Bsd, ping6, v6, 300);
        QCOMPARE(args(c), QStringLiteral("-n -c 1 ::1"));
        QVERIFY(!c.endsByItself);
        // Windows: -w in ms and the family.
        QCOMPARE(args(SystemPingProber::command(Dialect::Windows, ping, v4, 300)),
                 QStringLiteral("-n 1 -w 300 -4 127.0.0.1"));
        QCOMPARE(args(SystemPingProber::command(Dialect::Windows, ping, v6, 300)),
                 QStringLiteral("-n 1 -w 300 -6 ::1"));
    }

    void realPingOnLoopback() {
        const SystemPingProber::Availability v4 =
            SystemPingProber::availability(QAbstractSocket::IPv4Protocol);
        QVERIFY(!v4.reason.isEmpty());
        if (!v4.found)
            QSKIP(qPrintable(QStringLiteral("no ping here: ") + v4.reason));
        QVERIFY2(v4.reason.contains(QDir::toNativeSeparators(v4.program)), qPrintable(v4.reason));
        SystemPingProber prober;
        QVERIFY2(prober.description().contains(QDir::toNativeSeparators(v4.program)),
                 qPrintable(prober.description()));
        for (const char *address : {"127.0.0.1", "127.0.0.53", "127.9.8.7"}) {
            const ProbeResult up =
                QCoro::waitFor(prober.probe(QHostAddress(QLatin1String(address)), options(2000), {}));
            if (up.state == ProbeResult::State::Error && (up.detail.contains(QStringLiteral("permitted")) ||
                                                          up.detail.contains(QStringLiteral("ermission"))))
                QSKIP(qPrintable(QStringLiteral("ping may not send here: ") + up.detail));
            QVERIFY2(up.isUp(), qPrintable(QLatin1String(address) + QStringLiteral(": ") + up.detail));
            QCOMPARE(up.method, QStringLiteral("system-ping"));
            QCOMPARE(up.detail, QStringLiteral("echo reply")); // the time came from ping's own output
            QVERIFY2(up.latencyMs >= 0 && up.latencyMs < 100, qPrintable(QString::number(up.latencyMs)));
        }
        QCOMPARE(prober.runningProcesses(), 0);

        QTcpServer ipv6;
        if (!ipv6.listen(QHostAddress::LocalHostIPv6, 0))
            QSKIP("no IPv6 loopback (::1) on this machine");
        const SystemPingProber::Availability v6 =
            SystemPingProber::availability(QAbstractSocket::IPv6Protocol);
        if (!v6.found)
            QSKIP(qPrintable(QStringLiteral("no IPv6 ping here: ") + v6.reason));
        const ProbeResult up6 = QCoro::waitFor(prober.probe(QHostAddress::LocalHostIPv6, options(2000), {}));
        QVERIFY2(up6.isUp(), qPrintable(up6.detail));
        QVERIFY2(up6.latencyMs >= 0 && up6.latencyMs < 100, qPrintable(QString::number(up6.latencyMs)));
    }

    void fakePingsForWhatLoopbackCannotShow() {
#ifndef Q_OS_UNIX
        QSKIP("the fake pings are shell scripts");
#else
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QHostAddress host(QStringLiteral("127.0.0.1"));

        // Silent: ping's header and statistics, no reply, exit 1 -> down; the arguments as built.
        const QString silent =
            writeFakePing(dir, QStringLiteral("silent"),
                          QStringLiteral("printf '%s' '%1'\nsleep 0.1\nexit 1\n").arg(kIputilsSilent));
        ProbeResult r =
            QCoro::waitFor(SystemPingProber(silent, Dialect::Iputils).probe(host, options(300), {}));
        QCOMPARE(r.state, ProbeResult::State::Down);
        QVERIFY2(r.detail.contains(QStringLiteral("no echo reply within 300 ms")), qPrintable(r.detail));
        QCOMPARE(readText(silent + QStringLiteral(".args")).trimmed(),
                 QStringLiteral("-n -c 1 -W 0.300 127.0.0.1"));

        // Garbage and exit 2 -> an error that quotes ping.
        const QString broken = writeFakePing(
            dir, QStringLiteral("broken"), QStringLiteral("echo 'ping: garbled %%$# output' >&2\nexit 2\n"));
        r = QCoro::waitFor(SystemPingProber(broken, Dialect::Iputils).probe(host, options(300), {}));
        QCOMPARE(r.state, ProbeResult::State::Error);
        QVERIFY2(r.detail.contains(QStringLiteral("exit code 2")) &&
                     r.detail.contains(QStringLiteral("garbled")),
                 qPrintable(r.detail));

        // A ping that never ends: down once the timeout and the grace are over, and killed.
        const QString hanging = writeFakePing(dir, QStringLiteral("hang"),
                                              QStringLiteral("echo $$ > \"$0.pid\"\nexec sleep 600\n"));
        SystemPingProber hangs(hanging, Dialect::Iputils);
        QElapsedTimer clock;
        clock.start();
        r = QCoro::waitFor(hangs.probe(host, options(300), {}));
        QCOMPARE(r.state, ProbeResult::State::Down);
        QVERIFY2(r.detail.contains(QStringLiteral("stopped")), qPrintable(r.detail));
        QVERIFY2(clock.elapsed() >= 300 + SystemPingProber::kExitGraceMs - 50,
                 qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(clock.elapsed() < 300 + SystemPingProber::kExitGraceMs + 3000,
                 qPrintable(QString::number(clock.elapsed())));
        QVERIFY(processGone(hanging + QStringLiteral(".pid")));
        QCOMPARE(hangs.runningProcesses(), 0);

        // Cancelled midway: the ping is killed at once and the probe says so.
        QFile::remove(hanging + QStringLiteral(".pid"));
        CancellationSource stop;
        QTimer::singleShot(300, [stop]() mutable { stop.cancel(); });
        clock.restart();
        r = QCoro::waitFor(hangs.probe(host, options(10'000), stop.token()));
        QCOMPARE(r.state, ProbeResult::State::Error);
        QCOMPARE(r.detail, QStringLiteral("cancelled"));
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(processGone(hanging + QStringLiteral(".pid")));

        // Tries: silent the first time, a reply the second -> up, after exactly two pings.
        const QString flaky = writeFakePing(
            dir, QStringLiteral("flaky"),
            QStringLiteral("if [ \"$(wc -l < \"$0.args\")\" -lt 2 ]; then exit 1; fi\n"
                           "echo '64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.123 ms'\nexit 0\n"));
        r = QCoro::waitFor(SystemPingProber(flaky, Dialect::Iputils).probe(host, options(300, 3), {}));
        QVERIFY2(r.isUp(), qPrintable(r.detail));
        QCOMPARE(r.latencyMs, 0.123);
        QVERIFY2(r.detail.contains(QStringLiteral("try 2 of 3")), qPrintable(r.detail));
        QCOMPARE(readText(flaky + QStringLiteral(".args")).count(QLatin1Char('\n')), 2);

        // Another system's ping, read as that system's: Windows arguments and output.
        const QString windows = writeFakePing(
            dir, QStringLiteral("windows"), QStringLiteral("printf '%s' '%1'\nexit 0\n").arg(kWindowsReply));
        r = QCoro::waitFor(SystemPingProber(windows, Dialect::Windows).probe(host, options(300), {}));
        QVERIFY2(r.isUp(), qPrintable(r.detail));
        QCOMPARE(r.latencyMs, 1.0);
        QCOMPARE(readText(windows + QStringLiteral(".args")).trimmed(),
                 QStringLiteral("-n 1 -w 300 -4 127.0.0.1"));

        // No such program: an error that says which.
        r = QCoro::waitFor(SystemPingProber(dir.filePath(QStringLiteral("nothing/ping")), Dialect::Iputils)
                               .probe(host, options(300), {}));
        QCOMPARE(r.state, ProbeResult::State::Error);
        QVERIFY2(r.detail.contains(QStringLiteral("could not run")), qPrintable(r.detail));

        if (childProcesses() >= 0)
            QCOMPARE(childProcesses(), 0);
#endif
    }

    void manyAtOnceStayBoundedAndLeaveNothingBehind() {
#ifndef Q_OS_UNIX
        QSKIP("the fake pings are shell scripts");
#else
        // 40 pings that would hang, at most 8 at once: the rest queue; cancelling all kills every one.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString hanging =
            writeFakePing(dir, QStringLiteral("hang"), QStringLiteral("exec sleep 600\n"));
        SystemPingProber bounded(hanging, Dialect::Iputils, 8);
        QCOMPARE(bounded.maxProcesses(), 8);
        CancellationSource stop;
        std::vector<QCoro::Task<ProbeResult>> probes;
        for (int i = 1; i <= 40; ++i)
            probes.push_back(bounded.probe(QHostAddress(QStringLiteral("127.0.1.%1").arg(i)), options(30'000),
                                           stop.token()));
        QTRY_COMPARE_WITH_TIMEOUT(bounded.runningProcesses(), 8, 5000);
        QTest::qWait(200);
        QCOMPARE(bounded.runningProcesses(), 8); // never more
        stop.cancel();
        for (auto &p : probes)
            QCOMPARE(QCoro::waitFor(std::move(p)).detail, QStringLiteral("cancelled"));
        QCOMPARE(bounded.runningProcesses(), 0);
        if (childProcesses() >= 0)
            QCOMPARE(childProcesses(), 0);

        // The real ping, 32 at once (the default bound) on 64 loopback addresses: all up, none left.
        if (!SystemPingProber::availability(QAbstractSocket::IPv4Protocol).found)
            QSKIP("no ping here");
        SystemPingProber real;
        QCOMPARE(real.maxProcesses(), SystemPingProber::kDefaultMaxProcesses);
        int peak = 0;
        QTimer sampler;
        QObject::connect(&sampler, &QTimer::timeout, [&] { peak = std::max(peak, real.runningProcesses()); });
        sampler.start(1);
        QElapsedTimer clock;
        clock.start();
        probes.clear();
        for (int i = 1; i <= 64; ++i)
            probes.push_back(
                real.probe(QHostAddress(QStringLiteral("127.0.2.%1").arg(i)), options(2000), {}));
        int up = 0;
        for (auto &p : probes) {
            const ProbeResult r = QCoro::waitFor(std::move(p));
            if (r.isUp())
                ++up;
            else
                qWarning("%s", qPrintable(r.detail));
        }
        sampler.stop();
        qInfo("64 system pings on loopback, at most %d at once (peak seen %d): %lld ms", real.maxProcesses(),
              peak, clock.elapsed());
        if (up == 0)
            QSKIP("ping may not send here");
        QCOMPARE(up, 64);
        QVERIFY2(peak <= SystemPingProber::kDefaultMaxProcesses, qPrintable(QString::number(peak)));
        QCOMPARE(real.runningProcesses(), 0);
        if (childProcesses() >= 0)
            QCOMPARE(childProcesses(), 0);
#endif
    }

    void commandLinePingOption() {
#ifndef INFRAHUB_SWEEP_EXE
        QSKIP("infrahub-sweep is not built");
#else
        auto run = [](const QStringList &args, int *exitCode, QByteArray *err) {
            QProcess p;
            p.start(QStringLiteral(INFRAHUB_SWEEP_EXE), args);
            if (!p.waitForStarted(10'000) || !p.waitForFinished(30'000))
                return QByteArray();
            *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
            *err = p.readAllStandardError();
            return p.readAllStandardOutput();
        };
        int code = -1;
        QByteArray err;
        // One method only.
        run({QStringLiteral("--ping"), QStringLiteral("--tcp"), QStringLiteral("22"),
             QStringLiteral("127.0.0.1")},
            &code, &err);
        QCOMPARE(code, 2);
        QVERIFY2(err.contains("--ping") && err.contains("--tcp"), err.constData());
        run({QStringLiteral("--ping"), QStringLiteral("--icmp"), QStringLiteral("127.0.0.1")}, &code, &err);
        QCOMPARE(code, 2);

        if (!SystemPingProber::availability(QAbstractSocket::IPv4Protocol).found)
            QSKIP("no ping here");
        // The method and why on stderr; stdout stays pure CSV.
        const QByteArray out =
            run({QStringLiteral("--ping"), QStringLiteral("--format"), QStringLiteral("csv"),
                 QStringLiteral("127.0.0.1"), QStringLiteral("127.0.0.2")},
                &code, &err);
        QVERIFY2(err.contains("system ping"), err.constData());
        QCOMPARE(code, 0);
        QVERIFY2(out.startsWith("address,state,"), out.constData());
        QCOMPARE(out.count(",up,"), 2);
        QVERIFY(out.contains("system-ping"));
        QVERIFY(!out.contains("system ping ("));

        // The default method also says what it chose and why.
        run({QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("127.0.0.1")}, &code, &err);
        QVERIFY2(err.contains("method"), err.constData());
#endif
    }
};

QTEST_GUILESS_MAIN(TestSystemPing)
#include "tst_systemping.moc"
