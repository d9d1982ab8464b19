// infrahub-sweep against a small network the test builds out of network namespaces, so hosts that answer
// and hosts that stay silent can be swept without touching any real network:
//
//   scanner ns  sv 198.18.0.1/30, 2001:db8:ff::1/64 ──veth── hv 198.18.0.2/30, 2001:db8:ff::2/64  hosts ns
//               routes 198.18.1.0/24, 198.18.2.0/24,            198.18.1.1-8 and 2001:db8:1::1-4 on lo
//               2001:db8:1::/64, 2001:db8:2::/64 via hv          (they answer); 198.18.2.0/24 and
//                                                                2001:db8:2::/64 are dropped: forwarding
//                                                                is off and an nft rule drops them
//
// Dropped, not refused: no ICMP unreachable comes back, which is what a sweep of an empty block meets in
// real networks and what makes it slow. The addresses are from the benchmarking and documentation ranges
// (RFC 2544, RFC 3849) and exist only inside the two namespaces, which are named after the test's pid and
// removed at the end; leftovers of a crashed run (a pid no test runs under any more) are removed first.
// Besides the command line (ICMP, TCP to a listener and to closed ports, IPv6, exit codes, CSV and JSON),
// the prober itself runs in a thread that entered the scanner namespace: with raw sockets, then with
// datagram ICMP sockets (the namespace's ping_group_range opened), and cancelled while it waits.
// Needs root and `ip netns`; skips with the reason otherwise.
#include "core/sweep/icmpechochannel.h"
#include "core/sweep/icmpechoprober.h"

#include <QCoreApplication>
#include <QCoroTask>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <functional>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

const QString kPrefix = QStringLiteral("ihsweep-");
constexpr int kAnsweringV4 = 8; // 198.18.1.1 - 198.18.1.8
constexpr int kAnsweringV6 = 4; // 2001:db8:1::1 - 2001:db8:1::4

struct Ran {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Ran run(const QString &program, const QStringList &args, const QByteArray &input = {},
        int timeoutMs = 60'000) {
    QProcess p;
    p.start(program, args);
    Ran r;
    if (!p.waitForStarted(10'000)) {
        r.err = p.errorString().toUtf8();
        return r;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QString ownName(const char *role) {
    return kPrefix + QString::number(QCoreApplication::applicationPid()) + u'-' + QLatin1String(role);
}

// Deletes this run's namespaces (`includeOwn`) and those of runs that are gone: a name with a pid that no
// tst_sweepnetns process has any more.
void removeNamespaces(bool includeOwn) {
    static const QRegularExpression pattern(QStringLiteral("^ihsweep-(\\d+)-(scan|hosts)$"));
    const Ran listed = run(QStringLiteral("ip"), {QStringLiteral("netns"), QStringLiteral("list")});
    for (const QByteArray &line : listed.out.split('\n')) {
        const QString name = QString::fromUtf8(line.split(' ').constFirst()).trimmed();
        const QRegularExpressionMatch m = pattern.match(name);
        if (!m.hasMatch())
            continue;
        const qint64 pid = m.captured(1).toLongLong();
        bool remove = false;
        if (pid == QCoreApplication::applicationPid()) {
            remove = includeOwn;
        } else {
            QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
            remove = !comm.open(QIODevice::ReadOnly) || !comm.readAll().startsWith("tst_sweepnetns");
        }
        if (remove)
            run(QStringLiteral("ip"), {QStringLiteral("netns"), QStringLiteral("delete"), name});
    }
}

// A TCP listener inside namespace `ns`. A thread enters the namespace (setns changes only the calling
// thread's), opens the socket there and leaves; the socket stays in that namespace. The kernel completes
// the handshake of a listening socket without accept(), so it answers like a service. -1 on failure.
int listenInNamespace(const QString &ns, const char *address, quint16 *port) {
    int fd = -1;
    std::thread inside([&] {
        const int nsFd = ::open(qPrintable(QStringLiteral("/run/netns/") + ns), O_RDONLY | O_CLOEXEC);
        if (nsFd < 0)
            return;
        const bool entered = ::setns(nsFd, CLONE_NEWNET) == 0;
        ::close(nsFd);
        if (!entered)
            return;
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        ::inet_pton(AF_INET, address, &a.sin_addr);
        socklen_t length = sizeof a;
        if (::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 || ::listen(fd, 64) != 0 ||
            ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &length) != 0) {
            ::close(fd);
            fd = -1;
            return;
        }
        *port = ntohs(a.sin_port);
    });
    inside.join();
    return fd;
}

// Runs `body` on a thread that has entered network namespace `ns` (only that thread is moved), with an
// event loop for the probes; false when the namespace could not be entered.
bool inNamespace(const QString &ns, const std::function<void()> &body) {
    bool entered = false;
    QThread *thread = QThread::create([&] {
        const int nsFd = ::open(qPrintable(QStringLiteral("/run/netns/") + ns), O_RDONLY | O_CLOEXEC);
        entered = nsFd >= 0 && ::setns(nsFd, CLONE_NEWNET) == 0;
        if (nsFd >= 0)
            ::close(nsFd);
        if (entered)
            body();
    });
    thread->start();
    thread->wait();
    delete thread;
    return entered;
}

struct Probed {
    int up = 0;
    int down = 0;
    int cancelled = 0;
    QString odd; // the first result that is none of the above, or a down with an unexpected detail
    qint64 elapsedMs = 0;
};

// Probes every host at once in this thread and counts the outcomes; cancels after `cancelAfterMs` if >= 0.
Probed probeAll(const QList<QHostAddress> &hosts, int timeoutMs, int cancelAfterMs = -1) {
    infrahub::IcmpEchoProber prober;
    infrahub::ProbeOptions options;
    options.timeoutMs = timeoutMs;
    infrahub::CancellationSource stop;
    QElapsedTimer clock;
    clock.start();
    std::vector<QCoro::Task<infrahub::ProbeResult>> tasks;
    for (const QHostAddress &h : hosts)
        tasks.push_back(prober.probe(h, options, stop.token()));
    if (cancelAfterMs >= 0)
        QTimer::singleShot(cancelAfterMs, [stop]() mutable { stop.cancel(); });
    Probed p;
    const QString timedOut = QStringLiteral("no echo reply within %1 ms").arg(timeoutMs);
    for (auto &t : tasks) {
        const infrahub::ProbeResult r = QCoro::waitFor(std::move(t));
        if (r.isUp())
            ++p.up;
        else if (r.state == infrahub::ProbeResult::State::Down && r.detail == timedOut)
            ++p.down;
        else if (r.state == infrahub::ProbeResult::State::Error && r.detail == u"cancelled")
            ++p.cancelled;
        else if (p.odd.isEmpty())
            p.odd = r.detail;
    }
    p.elapsedMs = clock.elapsed();
    return p;
}

struct HostState {
    QString state;
    QString detail;
};

struct SweepOutput {
    int exitCode = -1;
    qint64 elapsedMs = -1;
    QHash<QString, HostState> hosts;
    QByteArray raw;
};

} // namespace

class TestSweepNetns : public QObject {
    Q_OBJECT

private:
    QString m_scan;
    QString m_hosts;
    QString m_sweepExe;
    bool m_ready = false;
    bool m_ipv6 = false;
    int m_listener = -1;
    quint16 m_listenerPort = 0;

    // `ip ARGS`; false (with the command and its stderr in the log) when it fails.
    bool ip(const QStringList &args) {
        const Ran r = run(QStringLiteral("ip"), args);
        if (r.exitCode != 0)
            qWarning("ip %s: %s", qPrintable(args.join(u' ')), r.err.constData());
        return r.exitCode == 0;
    }

    // infrahub-sweep in the scanner namespace with `args` and --format json.
    SweepOutput sweep(QStringList args) {
        args.prepend(QStringLiteral("json"));
        args.prepend(QStringLiteral("--format"));
        const Ran r =
            run(QStringLiteral("ip"),
                QStringList{QStringLiteral("netns"), QStringLiteral("exec"), m_scan, m_sweepExe} + args);
        SweepOutput s;
        s.exitCode = r.exitCode;
        s.raw = r.out + r.err;
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        s.elapsedMs = o.value(u"elapsed_ms").toInteger(-1);
        for (const QJsonValue &h : o.value(u"hosts").toArray())
            s.hosts.insert(h[u"address"].toString(), {h[u"state"].toString(), h[u"detail"].toString()});
        return s;
    }

    bool buildLab() {
        const QString s = m_scan;
        const QString h = m_hosts;
        const QStringList setup[] = {
            {"netns", "add", s},
            {"netns", "add", h},
            {"-n", s, "link", "set", "lo", "up"},
            {"-n", h, "link", "set", "lo", "up"},
            {"-n", s, "link", "add", "sv", "type", "veth", "peer", "name", "hv", "netns", h},
            {"-n", s, "addr", "add", "198.18.0.1/30", "dev", "sv"},
            {"-n", h, "addr", "add", "198.18.0.2/30", "dev", "hv"},
            {"-n", s, "link", "set", "sv", "up"},
            {"-n", h, "link", "set", "hv", "up"},
            {"-n", s, "route", "add", "198.18.1.0/24", "via", "198.18.0.2"},
            {"-n", s, "route", "add", "198.18.2.0/24", "via", "198.18.0.2"},
        };
        for (const QStringList &args : setup) {
            if (!ip(args))
                return false;
        }
        for (int i = 1; i <= kAnsweringV4; ++i) {
            if (!ip({"-n", h, "addr", "add", QStringLiteral("198.18.1.%1/32").arg(i), "dev", "lo"}))
                return false;
        }
        // IPv6 where the kernel has it (nodad: usable at once, no duplicate address detection wait).
        m_ipv6 = ip({"-n", s, "-6", "addr", "add", "2001:db8:ff::1/64", "dev", "sv", "nodad"}) &&
                 ip({"-n", h, "-6", "addr", "add", "2001:db8:ff::2/64", "dev", "hv", "nodad"}) &&
                 ip({"-n", s, "-6", "route", "add", "2001:db8:1::/64", "via", "2001:db8:ff::2"}) &&
                 ip({"-n", s, "-6", "route", "add", "2001:db8:2::/64", "via", "2001:db8:ff::2"});
        for (int i = 1; m_ipv6 && i <= kAnsweringV6; ++i)
            m_ipv6 =
                ip({"-n", h, "-6", "addr", "add", QStringLiteral("2001:db8:1::%1/128").arg(i), "dev", "lo"});

        // Silence: a host that does not forward drops what is not for it without a word; the nft rule makes
        // sure of it even if forwarding defaults differ.
        run(QStringLiteral("ip"),
            {"netns", "exec", h, "sysctl", "-qw", "net.ipv4.ip_forward=0", "net.ipv6.conf.all.forwarding=0"});
        if (!QStandardPaths::findExecutable(QStringLiteral("nft")).isEmpty()) {
            const QByteArray rules = "table inet ihsweep {\n"
                                     "  chain pre { type filter hook prerouting priority -300;\n"
                                     "    ip daddr 198.18.2.0/24 drop\n"
                                     "    ip6 daddr 2001:db8:2::/64 drop\n"
                                     "  }\n"
                                     "}\n";
            const Ran r = run(QStringLiteral("ip"), {"netns", "exec", h, "nft", "-f", "-"}, rules);
            if (r.exitCode != 0)
                qWarning("nft (not needed, forwarding is off): %s", r.err.constData());
        }
        m_listener = listenInNamespace(h, "198.18.1.1", &m_listenerPort);
        return m_listener >= 0;
    }

private Q_SLOTS:
    void initTestCase() {
#ifndef INFRAHUB_SWEEP_EXE
        QSKIP("infrahub-sweep is not built");
#else
        m_sweepExe = QStringLiteral(INFRAHUB_SWEEP_EXE);
#endif
        if (::geteuid() != 0)
            QSKIP("needs root: it creates network namespaces (ip netns add) and a veth pair");
        if (QStandardPaths::findExecutable(QStringLiteral("ip")).isEmpty())
            QSKIP("`ip` (iproute2) is not installed");
        const Ran probe = run(QStringLiteral("ip"), {QStringLiteral("netns"), QStringLiteral("list")});
        if (probe.exitCode != 0)
            QSKIP(qPrintable(QStringLiteral("`ip netns` is not available here: ") +
                             QString::fromUtf8(probe.err)));
        m_scan = ownName("scan");
        m_hosts = ownName("hosts");
        removeNamespaces(true);
        if (!buildLab()) {
            removeNamespaces(true);
            QSKIP("could not build the namespaces (see the warnings above): no network namespace support");
        }
        m_ready = true;
    }

    void init() {
        removeNamespaces(false); // a crashed earlier run's leftovers
    }

    void cleanupTestCase() {
        if (m_listener >= 0)
            ::close(m_listener);
        m_listener = -1;
        if (!m_scan.isEmpty())
            removeNamespaces(true);
        const Ran left = run(QStringLiteral("ip"), {QStringLiteral("netns"), QStringLiteral("list")});
        QVERIFY2(!left.out.contains(m_scan.toUtf8()) || m_scan.isEmpty(), left.out.constData());
    }

    void icmpAnsweringHostsOnlyExitZero() {
        const SweepOutput s = sweep({"--icmp", "--timeout", "500", "198.18.1.1-8"});
        QVERIFY2(s.exitCode == 0, s.raw.constData());
        QCOMPARE(s.hosts.size(), kAnsweringV4);
        for (auto it = s.hosts.cbegin(); it != s.hosts.cend(); ++it)
            QVERIFY2(it->state == u"up", qPrintable(it.key() + u' ' + it->detail));
    }

    void icmpSilentHostsAreDownAfterTheTimeout() {
        // Eight answering hosts and a silent /24, 2 tries of 300 ms: the silent ones cost one timeout per
        // try, all at once, not one after the other.
        const SweepOutput s =
            sweep({"--icmp", "--timeout", "300", "--tries", "2", "198.18.1.1-8", "198.18.2.0/24"});
        QVERIFY2(s.exitCode == 1, s.raw.left(2000).constData());
        QCOMPARE(s.hosts.size(), kAnsweringV4 + 254);
        for (int i = 1; i <= kAnsweringV4; ++i) {
            const HostState h = s.hosts.value(QStringLiteral("198.18.1.%1").arg(i));
            QVERIFY2(h.state == u"up", qPrintable(h.state + u' ' + h.detail));
        }
        for (int i = 1; i <= 254; ++i) {
            const HostState h = s.hosts.value(QStringLiteral("198.18.2.%1").arg(i));
            QCOMPARE(h.state, QStringLiteral("down"));
            QCOMPARE(h.detail, QStringLiteral("no echo reply within 300 ms"));
        }
        QVERIFY2(s.elapsedMs >= 600 && s.elapsedMs < 3000, qPrintable(QString::number(s.elapsedMs)));

        // The same as CSV, as a script would read it.
        const Ran csv = run(QStringLiteral("ip"), {"netns", "exec", m_scan, m_sweepExe, "--icmp", "--timeout",
                                                   "200", "--format", "csv", "198.18.1.7-8", "198.18.2.9"});
        QCOMPARE(csv.exitCode, 1);
        const QList<QByteArray> lines = csv.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines.at(1).startsWith("198.18.1.7,up,"));
        QVERIFY(lines.at(2).startsWith("198.18.1.8,up,"));
        QVERIFY2(lines.at(3).startsWith("198.18.2.9,down,,icmp-echo,no echo reply within 200 ms"),
                 lines.at(3).constData());
    }

    void tcpListenerRefusalAndSilence() {
        // 198.18.1.1 has a listener (accepted), 198.18.1.2-8 refuse (RST: there), 198.18.2.x are silent.
        const QString port = QString::number(m_listenerPort);
        SweepOutput s = sweep({"--tcp", port, "--timeout", "400", "198.18.1.1-8"});
        QVERIFY2(s.exitCode == 0, s.raw.constData());
        QVERIFY2(s.hosts.value(QStringLiteral("198.18.1.1")).detail.contains(QStringLiteral("accepted")),
                 s.raw.constData());
        QVERIFY(s.hosts.value(QStringLiteral("198.18.1.5")).detail.contains(QStringLiteral("refused")));

        s = sweep({"--tcp", port, "--timeout", "400", "198.18.1.1-2", "198.18.2.1-30"});
        QVERIFY2(s.exitCode == 1, s.raw.left(2000).constData());
        QCOMPARE(s.hosts.value(QStringLiteral("198.18.1.1")).state, QStringLiteral("up"));
        QCOMPARE(s.hosts.value(QStringLiteral("198.18.1.2")).state, QStringLiteral("up"));
        for (int i = 1; i <= 30; ++i) {
            const HostState h = s.hosts.value(QStringLiteral("198.18.2.%1").arg(i));
            QCOMPARE(h.state, QStringLiteral("down"));
            QCOMPARE(h.detail, QStringLiteral("no answer on port %1 within 400 ms").arg(port));
        }
        // Silence, not a quick "unreachable": the sweep had to wait for the timeout.
        QVERIFY2(s.elapsedMs >= 400, qPrintable(QString::number(s.elapsedMs)));
    }

    void ipv6AnsweringAndSilent() {
        if (!m_ipv6)
            QSKIP("no IPv6 in the test namespaces");
        const SweepOutput s = sweep(
            {"--icmp", "--timeout", "300", "2001:db8:1::1-2001:db8:1::4", "2001:db8:2::1-2001:db8:2::10"});
        QVERIFY2(s.exitCode == 1, s.raw.left(2000).constData());
        for (int i = 1; i <= kAnsweringV6; ++i) {
            const HostState h = s.hosts.value(QStringLiteral("2001:db8:1::%1").arg(i));
            QVERIFY2(h.state == u"up", qPrintable(h.state + u' ' + h.detail));
        }
        for (int i = 1; i <= 16; ++i) {
            const HostState h = s.hosts.value(QStringLiteral("2001:db8:2::%1").arg(i, 0, 16));
            QCOMPARE(h.state, QStringLiteral("down"));
            QCOMPARE(h.detail, QStringLiteral("no echo reply within 300 ms"));
        }
        const SweepOutput up = sweep({"--icmp", "--timeout", "500", "2001:db8:1::1-2001:db8:1::4"});
        QVERIFY2(up.exitCode == 0, up.raw.constData());
    }

    // In-process, from a thread inside the scanner namespace: answering and silent hosts at once, many
    // requests per answering host, then probes that would wait 5 s cancelled after 100 ms. Run with raw
    // sockets (root, the namespace's default ping_group_range) and then with datagram ICMP sockets (the
    // namespace's ping_group_range opened to every group), whose identifier the kernel chooses.
    void inProcessRawThenDatagramSockets() {
        QList<QHostAddress> mixed;
        for (int round = 0; round < 25; ++round) {
            for (int i = 1; i <= kAnsweringV4; ++i)
                mixed.append(QHostAddress(QStringLiteral("198.18.1.%1").arg(i)));
        }
        QList<QHostAddress> silent;
        for (int i = 1; i <= 100; ++i)
            silent.append(QHostAddress(QStringLiteral("198.18.2.%1").arg(i)));
        for (const char *mode : {"raw", "datagram"}) {
            if (qstrcmp(mode, "datagram") == 0) {
                const Ran r = run(QStringLiteral("ip"), {"netns", "exec", m_scan, "sysctl", "-qw",
                                                         "net.ipv4.ping_group_range=0 2147483647"});
                QVERIFY2(r.exitCode == 0, r.err.constData());
            }
            infrahub::IcmpEchoProber::Mode seen = infrahub::IcmpEchoProber::Mode::Unavailable;
            Probed answered;
            Probed stopped;
            QVERIFY(inNamespace(m_scan, [&] {
                seen = infrahub::IcmpEchoProber::availability(QAbstractSocket::IPv4Protocol).mode;
                answered = probeAll(mixed + silent, 300);
                stopped = probeAll(silent, 5000, 100);
            }));
            QCOMPARE(seen, qstrcmp(mode, "raw") == 0 ? infrahub::IcmpEchoProber::Mode::Raw
                                                     : infrahub::IcmpEchoProber::Mode::Datagram);
            QVERIFY2(answered.odd.isEmpty(), qPrintable(answered.odd));
            QCOMPARE(answered.up, mixed.size());
            QCOMPARE(answered.down, silent.size());
            QVERIFY2(answered.elapsedMs >= 300 && answered.elapsedMs < 2000,
                     qPrintable(QString::number(answered.elapsedMs)));
            QVERIFY2(stopped.odd.isEmpty(), qPrintable(stopped.odd));
            QCOMPARE(stopped.cancelled, silent.size());
            QVERIFY2(stopped.elapsedMs < 1000, qPrintable(QString::number(stopped.elapsedMs)));
        }
        // And the command line with datagram sockets.
        const SweepOutput s = sweep({"--icmp", "--timeout", "300", "198.18.1.1-8", "198.18.2.1-20"});
        QVERIFY2(s.exitCode == 1, s.raw.left(2000).constData());
        for (int i = 1; i <= kAnsweringV4; ++i)
            QCOMPARE(s.hosts.value(QStringLiteral("198.18.1.%1").arg(i)).state, QStringLiteral("up"));
        for (int i = 1; i <= 20; ++i)
            QCOMPARE(s.hosts.value(QStringLiteral("198.18.2.%1").arg(i)).detail,
                     QStringLiteral("no echo reply within 300 ms"));
    }
};

QTEST_GUILESS_MAIN(TestSweepNetns)
#include "tst_sweepnetns.moc"
