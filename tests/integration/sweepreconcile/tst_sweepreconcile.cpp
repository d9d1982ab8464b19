// The sweep's Infrahub side: the inventory read from the demo sandbox (addresses, prefixes, devices'
// primary addresses), reconciliation of sweep results against it, the history that tells new up / new
// down, the latency histogram, and the sweep as a job of the jobs engine. The prober is scripted (which
// hosts answer is part of the test), so no packet is sent anywhere.
#include "core/client/infrahubclient.h"
#include "core/sweep/ipaminventory.h"
#include "core/sweep/latencyhistogram.h"
#include "core/sweep/relatedaddresses.h"
#include "core/sweep/sweephistory.h"
#include "core/sweep/sweepreconciliation.h"
#include "core/sweep/sweeprunner.h"
#include "sandbox/sandboxserver.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace infrahub;

namespace {

// Answers as its table says: up (with a latency), down, or an error; unknown hosts are down.
class ScriptedProber : public Prober {
public:
    QHash<QString, ProbeResult::State> states;
    int probes = 0;

    QString description() const override { return QStringLiteral("scripted"); }
    QCoro::Task<ProbeResult> probe(QHostAddress host, ProbeOptions, CancellationToken) override {
        ++probes;
        ProbeResult r;
        r.method = QStringLiteral("scripted");
        r.state = states.value(host.toString(), ProbeResult::State::Down);
        if (r.state == ProbeResult::State::Up)
            r.latencyMs = 0.25;
        r.detail = r.state == ProbeResult::State::Error ? QStringLiteral("cannot send") : QString();
        co_return r;
    }
};

SweepRunner::HostResult host(const QString &address, ProbeResult::State state, bool probed = true) {
    SweepRunner::HostResult h;
    h.address = QHostAddress(address);
    h.probed = probed;
    h.result.state = state;
    return h;
}

bool runToEnd(SweepRunner &runner) {
    QSignalSpy finished(&runner, &SweepRunner::finished);
    runner.start();
    return !finished.isEmpty() || finished.wait(10'000); // a prober that never waits ends at once
}

} // namespace

class TestSweepReconcile : public QObject {
    Q_OBJECT

    std::unique_ptr<sandbox::SandboxServer> m_server;
    std::unique_ptr<InfrahubClient> m_client;

private Q_SLOTS:
    void initTestCase() {
        m_server = std::make_unique<sandbox::SandboxServer>(sandbox::SandboxOptions{});
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        ClientConfig config;
        config.address = m_server->url();
        m_client = std::make_unique<InfrahubClient>(config);
    }

    void cleanupTestCase() {
        m_client.reset();
        m_server.reset();
    }

    void inventoryKnowsAddressesPrefixesAndPrimaryAddresses() {
        const Result<IpamInventory> loaded =
            QCoro::waitFor(IpamInventory::load(m_client.get(), QString(), CancellationToken()));
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().message));
        const IpamInventory &inventory = loaded.value();
        QCOMPARE(inventory.addressKind(), QStringLiteral("IpamIPAddress"));
        QVERIFY(inventory.addresses().size() >= 8);

        // 127.1.1.17/24 is atl1-edge1's management address in the demo.
        const IpamInventory::Address *edge = inventory.find(QHostAddress(QStringLiteral("127.1.1.17")));
        QVERIFY(edge);
        QCOMPARE(edge->value, QStringLiteral("127.1.1.17/24"));
        QCOMPARE(edge->kind, QStringLiteral("IpamIPAddress"));
        QCOMPARE(edge->referrers.size(), 1);
        QCOMPARE(edge->referrers.first().label, QStringLiteral("atl1-edge1"));
        QCOMPARE(edge->referrers.first().kind, QStringLiteral("InfraDevice"));
        QVERIFY2(IpamInventory::describe(*edge).contains(u"atl1-edge1"),
                 qPrintable(IpamInventory::describe(*edge)));
        QVERIFY(!inventory.find(QHostAddress(QStringLiteral("127.1.1.200"))));

        // Missing addresses get their prefix's length; outside every prefix they are host routes.
        QCOMPARE(inventory.containingPrefix(QHostAddress(QStringLiteral("127.1.1.200")))->value,
                 QStringLiteral("127.1.1.0/24"));
        QCOMPARE(inventory.addressValueFor(QHostAddress(QStringLiteral("127.1.1.200"))),
                 QStringLiteral("127.1.1.200/24"));
        QCOMPARE(inventory.addressValueFor(QHostAddress(QStringLiteral("127.9.9.9"))),
                 QStringLiteral("127.9.9.9/32"));
        QCOMPARE(inventory.addressValueFor(QHostAddress(QStringLiteral("::1"))), QStringLiteral("::1/128"));
    }

    void aSitesAddressesAreItsDevicesPrimaryAddresses() {
        QueryOptions byName;
        byName.filters = QJsonObject{{QStringLiteral("name__value"), QStringLiteral("atl1")}};
        const Result<QList<Node>> sites =
            QCoro::waitFor(m_client->all(QStringLiteral("LocationSite"), byName));
        QVERIFY(sites && sites->size() == 1);
        const Result<RelatedAddresses> related =
            QCoro::waitFor(RelatedAddresses::load(m_client.get(), QStringLiteral("LocationSite"),
                                                  {sites->first().id()}, QString(), CancellationToken()));
        QVERIFY2(related, qPrintable(related ? QString() : related.error().message));
        QStringList hosts = related->hosts;
        hosts.sort();
        QStringList expected;
        for (int i = 11; i <= 18; ++i)
            expected.append(QStringLiteral("127.1.1.%1").arg(i));
        QCOMPARE(hosts, expected);
        QCOMPARE(related->sources, QStringList{QStringLiteral("InfraDevice.primary_address (8)")});
        // A kind nothing points at gives nothing, not an error.
        const Result<RelatedAddresses> none =
            QCoro::waitFor(RelatedAddresses::load(m_client.get(), QStringLiteral("BuiltinTag"),
                                                  {QStringLiteral("x")}, QString(), CancellationToken()));
        QVERIFY(none && none->hosts.isEmpty());
    }

    void inventoryLoadReportsAServerThatIsGone() {
        ClientConfig config;
        config.address = QUrl(QStringLiteral("http://127.0.0.1:1"));
        config.timeoutMs = 3000;
        InfrahubClient client(config);
        const Result<IpamInventory> loaded =
            QCoro::waitFor(IpamInventory::load(&client, QString(), CancellationToken()));
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().kind, InfrahubError::Kind::NotReachable);
    }

    void reconciliationFindsUnknownLiveHostsAndSilentKnownOnes() {
        const Result<IpamInventory> loaded =
            QCoro::waitFor(IpamInventory::load(m_client.get(), QString(), CancellationToken()));
        QVERIFY(loaded);
        // .8-.10 answer but IPAM has none of them; .11-.14 answer and are known; .15 and .16 are known but
        // silent; .17 could not be probed (an error is not silence); .18 was never probed (cancelled).
        const QList<SweepRunner::HostResult> results{
            host(QStringLiteral("127.1.1.8"), ProbeResult::State::Up),
            host(QStringLiteral("127.1.1.9"), ProbeResult::State::Up),
            host(QStringLiteral("127.1.1.10"), ProbeResult::State::Up),
            host(QStringLiteral("127.1.1.11"), ProbeResult::State::Up),
            host(QStringLiteral("127.1.1.14"), ProbeResult::State::Up),
            host(QStringLiteral("127.1.1.15"), ProbeResult::State::Down),
            host(QStringLiteral("127.1.1.16"), ProbeResult::State::Down),
            host(QStringLiteral("127.1.1.17"), ProbeResult::State::Error),
            host(QStringLiteral("127.1.1.18"), ProbeResult::State::Down, false),
            host(QStringLiteral("127.1.1.30"), ProbeResult::State::Down),
        };
        const SweepReconciliation r = SweepReconciliation::compute(results, loaded.value());
        QStringList missing;
        for (const SweepReconciliation::Missing &m : r.aliveNotInIpam) {
            missing.append(m.value);
            QCOMPARE(m.prefix, QStringLiteral("127.1.1.0/24"));
        }
        QCOMPARE(missing, (QStringList{QStringLiteral("127.1.1.8/24"), QStringLiteral("127.1.1.9/24"),
                                       QStringLiteral("127.1.1.10/24")}));
        QStringList silent;
        for (const IpamInventory::Address &a : r.silentInIpam) {
            silent.append(a.value);
            QCOMPARE(a.referrers.size(), 1); // both are some device's primary address
        }
        QCOMPARE(silent, (QStringList{QStringLiteral("127.1.1.15/24"), QStringLiteral("127.1.1.16/24")}));
    }

    void historySaysWhatChangedAndSurvivesACancelledSweep() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SweepHistory history(dir.filePath(QStringLiteral("sweeps")));
        QList<SweepRunner::HostResult> first{host(QStringLiteral("10.0.0.1"), ProbeResult::State::Up),
                                             host(QStringLiteral("10.0.0.2"), ProbeResult::State::Down),
                                             host(QStringLiteral("10.0.0.3"), ProbeResult::State::Up)};
        const QString key = SweepHistory::keyOf(first);
        QVERIFY(!history.previous(key));
        QString error;
        QVERIFY2(history.save(key, first, &error), qPrintable(error));

        // The same targets again: .1 went down, .2 came up, .3 is the same; this sweep was cancelled
        // before .3, so .3's earlier state is kept for the sweep after.
        QList<SweepRunner::HostResult> second{
            host(QStringLiteral("10.0.0.1"), ProbeResult::State::Down),
            host(QStringLiteral("10.0.0.2"), ProbeResult::State::Up),
            host(QStringLiteral("10.0.0.3"), ProbeResult::State::Down, false)};
        QCOMPARE(SweepHistory::keyOf(second), key);
        const std::optional<SweepHistory::Snapshot> before = history.previous(key);
        QVERIFY(before);
        QVERIFY(before->when.isValid());
        QCOMPARE(SweepHistory::compare(before, second[0]), SweepHistory::Change::NewDown);
        QCOMPARE(SweepHistory::compare(before, second[1]), SweepHistory::Change::NewUp);
        QCOMPARE(SweepHistory::compare(before, second[2]), SweepHistory::Change::NotSweptBefore);
        QCOMPARE(SweepHistory::compare(before, host(QStringLiteral("10.0.0.3"), ProbeResult::State::Up)),
                 SweepHistory::Change::Unchanged);
        QCOMPARE(SweepHistory::compare(std::nullopt, second[0]), SweepHistory::Change::NotSweptBefore);
        QVERIFY(history.save(key, second, &error));
        const std::optional<SweepHistory::Snapshot> after = history.previous(key);
        QCOMPARE(after->wasUp(QHostAddress(QStringLiteral("10.0.0.1"))), std::optional<bool>(false));
        QCOMPARE(after->wasUp(QHostAddress(QStringLiteral("10.0.0.2"))), std::optional<bool>(true));
        QCOMPARE(after->wasUp(QHostAddress(QStringLiteral("10.0.0.3"))), std::optional<bool>(true)); // kept
        QVERIFY(!after->wasUp(QHostAddress(QStringLiteral("10.0.0.4"))));
        QCOMPARE(
            SweepHistory::addressOf(SweepHistory::addressKey(QHostAddress(QStringLiteral("2001:db8::7")))),
            QHostAddress(QStringLiteral("2001:db8::7")));
        QCOMPARE(SweepHistory::addressOf(SweepHistory::addressKey(QHostAddress(QStringLiteral("10.0.0.9"))))
                     .toString(),
                 QStringLiteral("10.0.0.9"));

        // Other targets are another history.
        QVERIFY(SweepHistory::keyOf(first.mid(0, 2)) != key);

        // A folder that cannot be made: a clear error, nothing thrown away.
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        SweepHistory broken(dir.filePath(QStringLiteral("file/sweeps")));
        QVERIFY(!broken.save(key, first, &error));
        QVERIFY2(error.contains(u"file/sweeps"), qPrintable(error));
    }

    void latencyHistogramBucketsAndQuantiles() {
        LatencyHistogram h;
        QCOMPARE(h.quantile(0.5), -1.0);
        QCOMPARE(h.labels().size(), h.counts().size());
        QCOMPARE(h.labels().first(), QStringLiteral("<0.1"));
        for (const double ms : {0.05, 0.05, 0.15, 0.7, 3.0, 3.0, 3.0, 40.0, 2500.0})
            h.add(ms);
        h.add(-1); // "no latency" is not a sample
        QCOMPARE(h.total(), 9);
        QCOMPARE(h.counts().at(0), 2); // < 0.1
        QCOMPARE(h.counts().at(1), 1); // 0.1-0.2
        QCOMPARE(h.labels().at(3), QStringLiteral("0.5–1"));
        QCOMPARE(h.counts().at(3), 1);
        QCOMPARE(h.counts().at(h.labels().indexOf(QStringLiteral("2–5"))), 3);
        QCOMPARE(h.counts().last(), 1); // ≥ 1000
        QCOMPARE(h.labels().last(), QStringLiteral("≥1000"));
        QCOMPARE(h.quantile(0.5), 3.0);
        QCOMPARE(h.quantile(1.0), 2500.0);
        h.clear();
        QCOMPARE(h.total(), 0);
        QCOMPARE(h.counts().at(0), 0);
    }

    void sweepIsAJobWhoseRetryProbesTheSilentHostsAgain() {
        auto prober = std::make_shared<ScriptedProber>();
        prober->states = {{QStringLiteral("10.9.0.1"), ProbeResult::State::Up},
                          {QStringLiteral("10.9.0.3"), ProbeResult::State::Up}};
        QString error;
        const std::optional<SweepTargets> targets = SweepTargets::parse(QStringLiteral("10.9.0.1-4"), &error);
        QVERIFY(targets);
        SweepRunner::Options options;
        options.concurrency = 2;
        options.title = QStringLiteral("Sweep 10.9.0.1-4");
        SweepRunner runner(*targets, prober, options);
        QVERIFY(runner.job());
        QCOMPARE(runner.job()->title(), QStringLiteral("Sweep 10.9.0.1-4"));
        QCOMPARE(runner.job()->total(), 4);
        QVERIFY(runToEnd(runner));
        QCOMPARE(runner.job()->count(Job::ItemState::Succeeded), 2);
        QCOMPARE(runner.job()->count(Job::ItemState::Failed), 2);
        QCOMPARE(runner.job()->label(0), QStringLiteral("10.9.0.1"));
        QVERIFY(runner.job()->items().at(0).message.startsWith(u"up, 0.25 ms"));
        QVERIFY2(runner.job()->items().at(1).message.startsWith(u"down"),
                 qPrintable(runner.job()->items().at(1).message));
        QCOMPARE(prober->probes, 4);

        // .2 came up since: "Retry Failed" probes only the two silent hosts; the results follow.
        prober->states.insert(QStringLiteral("10.9.0.2"), ProbeResult::State::Up);
        QSignalSpy finished(&runner, &SweepRunner::finished);
        QVERIFY(runner.job()->retryFailed());
        QVERIFY(!finished.isEmpty() || finished.wait(10'000));
        QCOMPARE(prober->probes, 6);
        QCOMPARE(runner.done(), 4);
        QCOMPARE(runner.count(ProbeResult::State::Up), 3);
        QVERIFY(runner.results().at(1).result.isUp());
        QCOMPARE(runner.job()->count(Job::ItemState::Succeeded), 3);
    }

    void aJobTakenOverByTheDockStopsWithItsSweep() {
        // The dock owns the job; when the sweep (its window) goes away, the job is cancelled, not orphaned.
        auto prober = std::make_shared<ScriptedProber>();
        QString error;
        const std::optional<SweepTargets> targets =
            SweepTargets::parse(QStringLiteral("10.9.1.0/24"), &error);
        QVERIFY(targets);
        SweepRunner::Options options;
        options.concurrency = 1;
        options.ratePerSecond = 20; // slow enough to be running when the runner is deleted
        QObject dock;
        QPointer<Job> job;
        {
            SweepRunner runner(*targets, prober, options);
            job = runner.job();
            job->setParent(&dock);
            runner.start();
            QTest::qWait(120);
            QVERIFY(job->isRunning());
        }
        QVERIFY(job);
        QTRY_VERIFY_WITH_TIMEOUT(!job->isRunning(), 5000);
        QCOMPARE(job->state(), Job::State::Cancelled);
        QVERIFY(job->count(Job::ItemState::NotStarted) + job->count(Job::ItemState::Cancelled) > 200);
    }
};

QTEST_GUILESS_MAIN(TestSweepReconcile)
#include "tst_sweepreconcile.moc"
