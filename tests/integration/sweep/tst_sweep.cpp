// Sweep targets from typed input, and the TCP-connect prober against loopback servers the test starts:
// a listening port is up, a closed port on a live host is up too (the refusal is an answer), IPv6 on ::1.
// Only 127.0.0.0/8 and ::1 are ever probed.
#include "core/sweep/icmpechoprober.h"
#include "core/sweep/sweeprunner.h"
#include "core/sweep/sweeptargets.h"
#include "core/sweep/tcpconnectprober.h"

#include <QCoroTask>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace infrahub;

namespace {

QStringList texts(const SweepTargets &t) {
    QStringList out;
    for (const QHostAddress &a : t.hosts())
        out.append(a.toString());
    return out;
}

// A loopback port nobody listens on (bound, then released).
quint16 closedPort(const QHostAddress &on) {
    QTcpServer s;
    s.listen(on, 0);
    const quint16 port = s.serverPort();
    s.close();
    return port;
}

} // namespace

class TestSweep : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void targetsFromWhatPeopleType() {
        QString error;
        // A /30: two hosts, no network or broadcast address.
        QCOMPARE(texts(*SweepTargets::parse(QStringLiteral("10.0.0.0/30"), &error)),
                 QStringList({QStringLiteral("10.0.0.1"), QStringLiteral("10.0.0.2")}));
        QCOMPARE(SweepTargets::parse(QStringLiteral("10.0.0.0/31"), &error)->size(), 2); // RFC 3021
        QCOMPARE(SweepTargets::parse(QStringLiteral("10.0.0.7/32"), &error)->size(), 1);
        QCOMPARE(SweepTargets::parse(QStringLiteral("10.0.0.0/24"), &error)->size(), 254);
        QCOMPARE(SweepTargets::parse(QStringLiteral("10.0.0.77/24"), &error)->hosts().first().toString(),
                 QStringLiteral("10.0.0.1")); // host bits of the input ignored
        // Ranges, both spellings; several items at once, duplicates dropped in first order.
        QCOMPARE(
            texts(*SweepTargets::parse(QStringLiteral("10.0.0.1-3, 10.0.0.2\n10.0.0.9-10.0.0.10 10.0.0.1"),
                                       &error)),
            QStringList({QStringLiteral("10.0.0.1"), QStringLiteral("10.0.0.2"), QStringLiteral("10.0.0.3"),
                         QStringLiteral("10.0.0.9"), QStringLiteral("10.0.0.10")}));
        // IPv6: a /126 without the subnet-router anycast address; single addresses.
        QCOMPARE(texts(*SweepTargets::parse(QStringLiteral("2001:db8::/126"), &error)),
                 QStringList({QStringLiteral("2001:db8::1"), QStringLiteral("2001:db8::2"),
                              QStringLiteral("2001:db8::3")}));
        QCOMPARE(texts(*SweepTargets::parse(QStringLiteral("::1 2001:db8::a-2001:db8::c"), &error)),
                 QStringList({QStringLiteral("::1"), QStringLiteral("2001:db8::a"),
                              QStringLiteral("2001:db8::b"), QStringLiteral("2001:db8::c")}));
        QVERIFY(SweepTargets::fromPrefix(QStringLiteral("10.1.0.0/29"), &error));
        QVERIFY(!SweepTargets::fromPrefix(QStringLiteral("10.1.0.1"), &error));

        // Bad input names the item; nothing is half-parsed.
        QVERIFY(!SweepTargets::parse(QStringLiteral("10.0.0.1 10.0.0.300"), &error));
        QVERIFY2(error.contains(QStringLiteral("10.0.0.300")) && error.contains(QStringLiteral("CIDR")),
                 qPrintable(error));
        QVERIFY(!SweepTargets::parse(QStringLiteral("10.0.0.9-10.0.0.3"), &error));
        QVERIFY(error.contains(QStringLiteral("10.0.0.9-10.0.0.3")));
        QVERIFY(!SweepTargets::parse(QStringLiteral("10.0.0.1-2001:db8::1"), &error));
        QVERIFY(!SweepTargets::parse(QStringLiteral("10.0.0.0/33"), &error));
        QVERIFY(!SweepTargets::parse(QStringLiteral("  ,\n "), &error));
        QVERIFY(error.contains(QStringLiteral("Nothing to sweep")));
        // Too many hosts is refused before anything is sent, not truncated.
        QVERIFY(!SweepTargets::parse(QStringLiteral("10.0.0.0/16"), &error, 1000));
        QVERIFY(error.contains(QStringLiteral("1000")));
        QVERIFY(!SweepTargets::parse(QStringLiteral("2001:db8::/48"), &error));
        // Big enough to ask first.
        QVERIFY(SweepTargets::parse(QStringLiteral("10.0.0.0/19"), &error)->needsConfirmation());
        QVERIFY(!SweepTargets::parse(QStringLiteral("10.0.0.0/24"), &error)->needsConfirmation());
    }

    void tcpConnectFindsLiveLoopbackHosts() {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        ProbeOptions options;
        options.timeoutMs = 2000;

        // A listening port: up, with a latency.
        TcpConnectProber listening({server.serverPort()});
        const ProbeResult up = QCoro::waitFor(listening.probe(QHostAddress::LocalHost, options, {}));
        QVERIFY2(up.isUp(), qPrintable(up.detail));
        QVERIFY(up.latencyMs >= 0 && up.latencyMs < 2000);
        QCOMPARE(up.method, QStringLiteral("tcp-connect %1").arg(server.serverPort()));

        // Nothing listens: the refusal still proves the host is there.
        const quint16 closed = closedPort(QHostAddress(QStringLiteral("127.0.0.2")));
        TcpConnectProber refused({closed});
        const ProbeResult answered =
            QCoro::waitFor(refused.probe(QHostAddress(QStringLiteral("127.0.0.2")), options, {}));
        QVERIFY2(answered.isUp(), qPrintable(answered.detail));
        QVERIFY(answered.detail.contains(QStringLiteral("refused")));
        QVERIFY2(answered.latencyMs < options.timeoutMs / 2, // a refusal is an answer, not a timeout
                 qPrintable(QString::number(answered.latencyMs)));

        // Several ports at once: one answering is enough, and the quickest answer is reported.
        TcpConnectProber both({closed, server.serverPort()});
        QVERIFY(QCoro::waitFor(both.probe(QHostAddress::LocalHost, options, {})).isUp());
        QVERIFY(both.description().contains(QString::number(server.serverPort())));

        // A probe cancelled before it starts reports the cancellation, not a result.
        CancellationSource stop;
        stop.cancel();
        const ProbeResult cancelled =
            QCoro::waitFor(listening.probe(QHostAddress::LocalHost, options, stop.token()));
        QCOMPARE(cancelled.state, ProbeResult::State::Error);
    }

    void icmpEchoOnLoopback() {
        // Whatever this machine allows is said in words; without any ICMP socket there is nothing to ping.
        const IcmpEchoProber::Availability v4 = IcmpEchoProber::availability(QAbstractSocket::IPv4Protocol);
        QVERIFY(!v4.reason.isEmpty());
        if (v4.mode == IcmpEchoProber::Mode::Unavailable)
            QSKIP(qPrintable(QStringLiteral("no ICMP sockets for this user: ") + v4.reason));
        IcmpEchoProber prober;
        ProbeOptions options;
        options.timeoutMs = 2000;
        for (const char *address : {"127.0.0.1", "127.0.0.53", "127.1.2.3"}) {
            const ProbeResult up =
                QCoro::waitFor(prober.probe(QHostAddress(QLatin1String(address)), options, {}));
            QVERIFY2(up.isUp(), qPrintable(QLatin1String(address) + QStringLiteral(": ") + up.detail));
            QCOMPARE(up.method, QStringLiteral("icmp-echo"));
            QVERIFY(up.latencyMs >= 0 && up.latencyMs < options.timeoutMs);
        }
        // Many at once (a raw socket sees every reply: each probe must keep only its own).
        std::vector<QCoro::Task<ProbeResult>> probes;
        for (int i = 1; i <= 40; ++i)
            probes.push_back(prober.probe(QHostAddress(QStringLiteral("127.0.9.%1").arg(i)), options, {}));
        for (auto &p : probes)
            QVERIFY(QCoro::waitFor(std::move(p)).isUp());
        CancellationSource stop;
        stop.cancel();
        QCOMPARE(QCoro::waitFor(prober.probe(QHostAddress::LocalHost, options, stop.token())).state,
                 ProbeResult::State::Error);
        const IcmpEchoProber::Availability v6 = IcmpEchoProber::availability(QAbstractSocket::IPv6Protocol);
        QTcpServer ipv6;
        if (v6.mode != IcmpEchoProber::Mode::Unavailable && ipv6.listen(QHostAddress::LocalHostIPv6, 0)) {
            const ProbeResult up6 = QCoro::waitFor(prober.probe(QHostAddress::LocalHostIPv6, options, {}));
            QVERIFY2(up6.isUp(), qPrintable(up6.detail));
        }
    }

    void sweepRunsBoundedPacedAndCancellable() {
        // 60 loopback hosts, probed by TCP on a port nobody listens on: every host refuses, so every host
        // is up; paced at 200 probes/s.
        QString error;
        const quint16 closed = closedPort(QHostAddress::LocalHost);
        SweepRunner::Options options;
        options.concurrency = 16;
        options.ratePerSecond = 200;
        options.probe.timeoutMs = 2000;
        SweepRunner sweep(*SweepTargets::parse(QStringLiteral("127.0.0.1-60"), &error),
                          std::make_shared<TcpConnectProber>(QList<quint16>{closed}), options);
        QSignalSpy finished(&sweep, &SweepRunner::finished);
        QSignalSpy hostDone(&sweep, &SweepRunner::hostDone);
        sweep.start();
        QVERIFY(sweep.isRunning());
        QVERIFY(finished.wait(20'000));
        QCOMPARE(sweep.done(), 60);
        QCOMPARE(hostDone.count(), 60);
        QCOMPARE(sweep.count(ProbeResult::State::Up), 60);
        // The pace holds: the 60th probe cannot start before 59/200 s.
        QVERIFY2(sweep.elapsedMs() >= 280, qPrintable(QString::number(sweep.elapsedMs())));
        const QList<QByteArray> lines = sweep.csv().split('\n');
        QCOMPARE(lines.first().trimmed(), QByteArray("address,state,latency_ms,method,detail"));
        QVERIFY(lines.at(1).startsWith("127.0.0.1,up,"));
        QVERIFY(sweep.describe().contains(QStringLiteral("200/s")));

        // Cancelled midway: running probes stop, the rest are "not probed", every host accounted for once.
        SweepRunner::Options slow = options;
        slow.ratePerSecond = 100;
        SweepRunner big(*SweepTargets::parse(QStringLiteral("127.0.1.1-127.0.2.244"), &error),
                        std::make_shared<TcpConnectProber>(QList<quint16>{closed}), slow);
        QSignalSpy bigFinished(&big, &SweepRunner::finished);
        big.start();
        QTRY_VERIFY_WITH_TIMEOUT(big.done() >= 10, 10'000);
        big.cancel();
        QVERIFY(bigFinished.wait(10'000));
        QVERIFY(big.wasCancelled());
        int probed = 0;
        for (const SweepRunner::HostResult &h : big.results())
            probed += h.probed ? 1 : 0;
        QCOMPARE(probed, big.done());
        QVERIFY(big.done() < big.results().size());
        QVERIFY(big.csv().contains("not probed"));
    }

    void silentPortTimesOut() {
        // A listener whose accept queue is full drops new SYNs: on loopback, the closest thing to a host
        // that does not answer. The probe must time out and say so.
        QTcpServer full;
        full.setListenBacklogSize(0);
        QVERIFY(full.listen(QHostAddress::LocalHost, 0));
        full.pauseAccepting();
        std::vector<std::unique_ptr<QTcpSocket>> fillers;
        for (int i = 0; i < 4; ++i) {
            fillers.push_back(std::make_unique<QTcpSocket>());
            fillers.back()->connectToHost(QHostAddress::LocalHost, full.serverPort());
        }
        QTest::qWait(200);
        TcpConnectProber prober({full.serverPort()});
        ProbeOptions options;
        options.timeoutMs = 300;
        const ProbeResult r = QCoro::waitFor(prober.probe(QHostAddress::LocalHost, options, {}));
        QCOMPARE(r.state, ProbeResult::State::Down);
        QVERIFY2(r.detail.contains(QStringLiteral("300 ms")), qPrintable(r.detail));
    }

    void commandLineForScripts() {
#ifndef INFRAHUB_SWEEP_EXE
        QSKIP("infrahub-sweep is not built");
#else
        auto run = [](const QStringList &args, int *exitCode, QByteArray *err = nullptr,
                      int terminateAfterMs = -1) {
            QProcess p;
            p.start(QStringLiteral(INFRAHUB_SWEEP_EXE), args);
            if (!p.waitForStarted(10'000))
                return QByteArray();
            if (terminateAfterMs >= 0) {
                QTest::qWait(terminateAfterMs);
                p.terminate();
            }
            p.waitForFinished(30'000);
            *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
            if (err)
                *err = p.readAllStandardError();
            return p.readAllStandardOutput();
        };
        const quint16 closed = closedPort(QHostAddress::LocalHost);
        int code = -1;
        // Everything answers: CSV, exit 0.
        QByteArray out = run({QStringLiteral("--tcp"), QString::number(closed), QStringLiteral("--format"),
                              QStringLiteral("csv"), QStringLiteral("127.0.0.1-5")},
                             &code);
        QCOMPARE(code, 0);
        QCOMPARE(out.count('\n'), 6);
        QCOMPARE(out.count(",up,"), 5);

        // One silent host: JSON says which, exit 1.
        QTcpServer full;
        full.setListenBacklogSize(0);
        QVERIFY(full.listen(QHostAddress::LocalHost, 0));
        full.pauseAccepting();
        std::vector<std::unique_ptr<QTcpSocket>> fillers;
        for (int i = 0; i < 4; ++i) {
            fillers.push_back(std::make_unique<QTcpSocket>());
            fillers.back()->connectToHost(QHostAddress::LocalHost, full.serverPort());
        }
        QTest::qWait(200);
        out = run({QStringLiteral("--tcp"), QString::number(full.serverPort()), QStringLiteral("--timeout"),
                   QStringLiteral("300"), QStringLiteral("--format"), QStringLiteral("json"),
                   QStringLiteral("127.0.0.1"), QStringLiteral("127.0.0.2")},
                  &code);
        QCOMPARE(code, 1);
        const QJsonArray hosts = QJsonDocument::fromJson(out).object().value(u"hosts").toArray();
        QCOMPARE(hosts.size(), 2);
        QCOMPARE(hosts.at(0).toObject().value(u"state").toString(), QStringLiteral("down"));
        QCOMPARE(hosts.at(1).toObject().value(u"state").toString(), QStringLiteral("up")); // refused = there

        // Bad input and oversized sweeps are refused before anything is sent: exit 2, the reason on stderr.
        QByteArray err;
        run({QStringLiteral("127.0.0.1"), QStringLiteral("10.0.0.300")}, &code, &err);
        QCOMPARE(code, 2);
        QVERIFY2(err.contains("10.0.0.300"), err.constData());
        run({QStringLiteral("--tcp"), QStringLiteral("22"), QStringLiteral("127.0.0.0/16")}, &code, &err);
        QCOMPARE(code, 2);
        QVERIFY2(err.contains("--yes"), err.constData());
        run({QStringLiteral("--tcp"), QStringLiteral("99999"), QStringLiteral("127.0.0.1")}, &code, &err);
        QCOMPARE(code, 2);

        // Interrupted: exit 3, and the hosts never probed are listed as such.
        out = run({QStringLiteral("--tcp"), QString::number(closed), QStringLiteral("--rate"),
                   QStringLiteral("20"), QStringLiteral("--format"), QStringLiteral("csv"),
                   QStringLiteral("127.0.3.1-200")},
                  &code, nullptr, 500);
        QCOMPARE(code, 3);
        QVERIFY(out.contains(",up,"));
        QVERIFY(out.contains("not probed"));
#endif
    }

    void ipv6OnLoopback() {
        QTcpServer server;
        if (!server.listen(QHostAddress::LocalHostIPv6, 0))
            QSKIP("no IPv6 loopback on this machine");
        TcpConnectProber prober({server.serverPort()});
        const ProbeResult up = QCoro::waitFor(prober.probe(QHostAddress::LocalHostIPv6, {}, {}));
        QVERIFY2(up.isUp(), qPrintable(up.detail));
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
