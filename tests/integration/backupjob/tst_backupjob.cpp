// Config backups end to end, in-process: the demo sandbox with its devices answering SSH (the device
// emulator, on 127.1.<site>.<n>), the backup targets read from it (by device, site, tag, all; bad and empty
// selections), and BackupJob backing them up into a git-backed BackupStore: a full backup of the 40 demo
// devices in one commit, a second run that changes nothing, a real change with its diff, and every fault the
// emulator has (hang, truncate, garbage, disconnect, refused login, a changed host key), an unknown platform,
// a cancel midway with its exact account, the concurrency bound and an event loop that keeps turning.
#include "core/backup/backupjob.h"
#include "core/backup/backuptargets.h"
#include "core/client/infrahubclient.h"
#include "core/query/queryrenderer.h"
#include "core/ssh/knownhostsfile.h"
#include "sandbox/devices/devicefaults.h"
#include "sandbox/devices/sshkey.h"
#include "sandbox/sandboxserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace infrahub;

namespace {

template <typename T, typename E> QByteArray whyText(const Result<T, E> &result) {
    return result.ok() ? QByteArray() : result.error().message.toUtf8();
}
#define why(result) whyText(result).constData()

QByteArray readFile(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

sandbox::DeviceFaults faultsOf(const QString &text) {
    QString error;
    const auto faults = sandbox::DeviceFaults::parse(text, &error);
    if (!faults)
        qFatal("bad faults in test: %s", qPrintable(error));
    return *faults;
}

QStringList sorted(QStringList list) {
    list.sort();
    return list;
}

// The event loop's longest pause while something runs: a 10 ms timer notes the gaps between its ticks.
class GapMeter : public QObject {
public:
    GapMeter() {
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, this,
                         [this] { m_max = std::max(m_max, m_clock.restart()); });
        m_clock.start();
        m_timer.start();
    }
    qint64 maxGapMs() const { return m_max; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_max = 0;
};

} // namespace

class TestBackupJob : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<sandbox::SandboxServer> m_server;
    std::unique_ptr<InfrahubClient> m_client;
    PlatformTable m_platforms;
    QList<BackupTarget> m_all; // the demo's 40 devices, by name
    QString m_knownHosts;      // every device's (shared) host key, for strict checking
    int m_port = 0;
    int m_folders = 0;

    sandbox::DeviceEmulator &emulator() { return m_server->devices()->emulator(); }

    Result<BackupTargets> load(const BackupSelection &selection, const QString &branch = {}) {
        QCoro::Task<Result<BackupTargets>> loading =
            BackupTargets::load(m_client.get(), selection, branch, CancellationToken());
        return QCoro::waitFor(loading);
    }

    QStringList idsOf(const QString &kind, const QStringList &names) {
        QueryOptions options;
        QJsonArray values;
        for (const QString &n : names)
            values.append(n);
        options.filters.insert(QStringLiteral("name__values"), values);
        const Result<QList<Node>> nodes = QCoro::waitFor(m_client->all(kind, options));
        QStringList ids;
        if (nodes)
            for (const Node &n : nodes.value())
                ids.append(n.id());
        return ids;
    }

    BackupTarget target(const QString &name) const {
        for (const BackupTarget &t : m_all)
            if (t.device.name == name)
                return t;
        qFatal("no demo device %s", qPrintable(name));
        return {};
    }
    QList<BackupTarget> targets(const QStringList &names) const {
        QList<BackupTarget> out;
        for (const QString &n : names)
            out.append(target(n));
        return out;
    }

    std::shared_ptr<BackupStore> newStore() {
        const QString folder = m_dir.filePath(QStringLiteral("store%1").arg(++m_folders));
        const BackupResult<std::shared_ptr<BackupStore>> store = BackupStore::open(folder);
        if (!store)
            qFatal("cannot open the store: %s", qPrintable(store.error().message));
        return store.value();
    }

    BackupJob::Options options() const {
        BackupJob::Options o;
        o.concurrency = 8;
        o.retries = 1;
        o.retryDelayMs = 50;
        o.credentials.useAgent = false;
        o.credentials.useDefaultKeys = false;
        o.credentials.keyFiles = {{m_server->devices()->clientKeyFile(), QString()}};
        o.timeouts.connectMs = 15000;
        o.timeouts.authMs = 15000;
        o.timeouts.commandMs = 2000; // a hanging device fails after 2 s
        o.port = m_port;
        o.user = QStringLiteral("admin");
        o.knownHostsFile = m_knownHosts;
        o.readSshConfig = false;
        o.platformsFile = QStringLiteral("/etc/infrahub-console/platforms.yaml");
        return o;
    }

    // Starts the job and waits for finished() (after the commit).
    static bool run(BackupJob &job, int timeoutMs = 60000) {
        QSignalSpy finished(&job, &BackupJob::finished);
        job.start();
        return finished.wait(timeoutMs) && finished.size() == 1;
    }

    QString fileOf(const BackupStore &store, const BackupTarget &t) const {
        return QDir(store.folder()).filePath(t.device.fileName());
    }

    void setFaults(const BackupTarget &t, const QString &faults) {
        QVERIFY(emulator().setFaults(QHostAddress(t.host), faultsOf(faults)));
    }

    // Backs up `names` once, fault-free, so a later failure has a last good copy to keep.
    void backUpGood(const std::shared_ptr<BackupStore> &store, const QStringList &names) {
        BackupJob job(targets(names), store, m_platforms, options());
        QVERIFY(run(job));
        QCOMPARE(job.count(BackupJob::DeviceResult::Outcome::New) +
                     job.count(BackupJob::DeviceResult::Outcome::Unchanged),
                 int(names.size()));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        sandbox::SandboxOptions options;
        options.deviceSsh.enabled = true;
        options.deviceSsh.port = 0;
        options.deviceSsh.clientKeyFile = m_dir.filePath(QStringLiteral("client_key"));
        options.deviceSsh.hostKeyFile = m_dir.filePath(QStringLiteral("host_key"));
        options.tokens = {QByteArrayLiteral("backup-test-token")};
        m_server = std::make_unique<sandbox::SandboxServer>(options);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        QVERIFY(m_server->devices());
        QCOMPARE(m_server->devices()->deviceCount(), 40);
        m_port = m_server->devices()->port();
        ClientConfig config;
        config.address = m_server->url();
        config.apiToken = QStringLiteral("backup-test-token"); // branches need an account
        m_client = std::make_unique<InfrahubClient>(config);
        const BackupResult<PlatformTable> table = PlatformTable::builtIn();
        QVERIFY2(table, why(table));
        m_platforms = table.value();

        // Strict host key checking against a known_hosts file that has every device's key.
        m_knownHosts = m_dir.filePath(QStringLiteral("known_hosts"));
        QFile known(m_knownHosts);
        QVERIFY(known.open(QIODevice::WriteOnly));
        for (const QHostAddress &a : emulator().addresses())
            known.write((knownhosts::hostEntryName(a.toString(), m_port) + QLatin1Char(' ') +
                         emulator().hostPublicKey() + QLatin1Char('\n'))
                            .toUtf8());
        known.close();

        BackupSelection all;
        all.by = BackupSelection::By::All;
        const Result<BackupTargets> loaded = load(all);
        QVERIFY2(loaded, why(loaded));
        m_all = loaded->targets;
        QCOMPARE(m_all.size(), 40);
    }

    void cleanup() {
        for (const QHostAddress &a : emulator().addresses())
            emulator().setFaults(a, {});
    }

    void cleanupTestCase() {
        m_client.reset();
        m_server.reset();
    }

    // --- targets -------------------------------------------------------------------------------------------

    void deviceKindsComeFromTheSchema() {
        const Result<std::shared_ptr<const SchemaSet>> schema = QCoro::waitFor(m_client->schema());
        QVERIFY2(schema, why(schema));
        const QList<BackupDeviceKind> kinds = BackupTargets::deviceKinds(*schema.value());
        QCOMPARE(kinds.size(), 1);
        const BackupDeviceKind &d = kinds.first();
        QCOMPARE(d.kind, QStringLiteral("InfraDevice"));
        QCOMPARE(d.address, QStringLiteral("primary_address"));
        QCOMPARE(d.platform, QStringLiteral("platform"));
        QCOMPARE(d.platformKind, QStringLiteral("InfraPlatform"));
        QCOMPARE(d.netmikoAttribute, QStringLiteral("netmiko_device_type"));
        QCOMPARE(d.napalmAttribute, QStringLiteral("napalm_driver"));
        QCOMPARE(d.site, QStringLiteral("site"));
        QCOMPARE(d.tags, QStringLiteral("tags"));
        QCOMPARE(BackupTargets::siteKind(*schema.value()), QStringLiteral("LocationSite"));
        // Every query the loader can send renders from the schema (the contract check validates them).
        const QueryRenderer renderer(*schema.value());
        const QList<QPair<QString, QueryOptions>> shapes = BackupTargets::queryShapes(*schema.value());
        QVERIFY(shapes.size() >= 8);
        for (const auto &[kind, query] : shapes) {
            const Result<GraphQLRequest> rendered = renderer.list(kind, query);
            QVERIFY2(rendered, why(rendered));
        }
    }

    void allDevices() {
        QSet<QString> hosts;
        QSet<QString> ids;
        for (const BackupTarget &t : std::as_const(m_all)) {
            QVERIFY(!t.device.name.isEmpty() && !t.device.id.isEmpty());
            QVERIFY2(t.host.startsWith(u"127.1."), qPrintable(t.host));
            QVERIFY(!t.host.contains(u'/'));
            QCOMPARE(t.port, 0);
            QVERIFY(!t.site.isEmpty());
            hosts.insert(t.host);
            ids.insert(t.device.id);
        }
        QCOMPARE(hosts.size(), 40);
        QCOMPARE(ids.size(), 40);
        const BackupTarget spine = target(QStringLiteral("atl1-spine1"));
        QCOMPARE(spine.host, QStringLiteral("127.1.1.11"));
        QCOMPARE(spine.platform, QStringLiteral("arista_eos"));
        QCOMPARE(spine.napalmDriver, QStringLiteral("eos"));
        QCOMPARE(spine.site, QStringLiteral("atl1"));
        QCOMPARE(target(QStringLiteral("ord1-leaf1")).platform, QStringLiteral("cisco_nxos"));
        QCOMPARE(target(QStringLiteral("ord1-leaf1")).napalmDriver, QStringLiteral("nxos_ssh"));
        QCOMPARE(target(QStringLiteral("atl1-edge1")).platform, QStringLiteral("juniper_junos"));
    }

    void targetsByDeviceIdsAndNames() {
        const QStringList names{QStringLiteral("atl1-spine1"), QStringLiteral("fra1-edge2")};
        BackupSelection byIds;
        byIds.kind = QStringLiteral("InfraDevice");
        byIds.ids = idsOf(QStringLiteral("InfraDevice"), names);
        QCOMPARE(byIds.ids.size(), 2);
        const Result<BackupTargets> loaded = load(byIds);
        QVERIFY2(loaded, why(loaded));
        QStringList found;
        for (const BackupTarget &t : loaded->targets)
            found.append(t.device.name);
        QCOMPARE(sorted(found), names);
        QCOMPARE(loaded->sources, QStringList{QStringLiteral("InfraDevice (2)")});
        QVERIFY(loaded->skipped.isEmpty());

        BackupSelection byNames; // the command line's --device: the device kind by default
        byNames.names = names;
        const Result<BackupTargets> named = load(byNames);
        QVERIFY2(named, why(named));
        QCOMPARE(named->targets.size(), 2);
        QCOMPARE(named->targets.first().host, loaded->targets.first().host);
    }

    void targetsBySite() {
        BackupSelection site;
        site.kind = QStringLiteral("LocationSite");
        site.ids = idsOf(QStringLiteral("LocationSite"), {QStringLiteral("atl1")});
        QCOMPARE(site.ids.size(), 1);
        const Result<BackupTargets> loaded = load(site);
        QVERIFY2(loaded, why(loaded));
        QStringList hosts;
        for (const BackupTarget &t : loaded->targets) {
            hosts.append(t.host);
            QCOMPARE(t.site, QStringLiteral("atl1"));
        }
        QStringList expected;
        for (int i = 11; i <= 18; ++i)
            expected.append(QStringLiteral("127.1.1.%1").arg(i));
        QCOMPARE(sorted(hosts), expected);
        QCOMPARE(loaded->sources, QStringList{QStringLiteral("InfraDevice.site (8)")});

        BackupSelection twoSites; // --site atl1,ord1
        twoSites.kind = QStringLiteral("LocationSite");
        twoSites.names = {QStringLiteral("atl1"), QStringLiteral("ord1")};
        const Result<BackupTargets> two = load(twoSites);
        QVERIFY2(two, why(two));
        QCOMPARE(two->targets.size(), 16);

        // A rack: devices do not point to racks in the demo schema, so that is a clear error.
        BackupSelection rack;
        rack.kind = QStringLiteral("LocationRack");
        rack.ids = idsOf(QStringLiteral("LocationRack"), {QStringLiteral("atl1-r1")});
        const Result<BackupTargets> racked = load(rack);
        QVERIFY(!racked);
        QCOMPARE(racked.error().kind, InfrahubError::Kind::Validation);
        QVERIFY2(racked.error().message.contains(u"LocationRack"), why(racked));
    }

    void targetsByTag() {
        BackupSelection red;
        red.by = BackupSelection::By::Tag;
        red.tag = QStringLiteral("red");
        const Result<BackupTargets> loaded = load(red);
        QVERIFY2(loaded, why(loaded));
        // The same devices as the server's own filter gives.
        QueryOptions options;
        options.filters.insert(QStringLiteral("tags__name__value"), QStringLiteral("red"));
        const Result<QList<Node>> tagged =
            QCoro::waitFor(m_client->all(QStringLiteral("InfraDevice"), options));
        QVERIFY2(tagged, why(tagged));
        QStringList expected;
        for (const Node &n : tagged.value())
            expected.append(n.value(QStringLiteral("name")).toString());
        QStringList found;
        for (const BackupTarget &t : loaded->targets)
            found.append(t.device.name);
        QCOMPARE(found.size(), 10);
        QCOMPARE(sorted(found), sorted(expected));
        QCOMPARE(loaded->sources, QStringList{QStringLiteral("InfraDevice.tags (10)")});

        // A tag only sites have: no device, and that is not an error (the caller says "nothing to back up").
        BackupSelection production;
        production.by = BackupSelection::By::Tag;
        production.tag = QStringLiteral("production");
        const Result<BackupTargets> none = load(production);
        QVERIFY2(none, why(none));
        QVERIFY(none->targets.isEmpty());

        BackupSelection unknown;
        unknown.by = BackupSelection::By::Tag;
        unknown.tag = QStringLiteral("no-such-tag");
        const Result<BackupTargets> missing = load(unknown);
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, InfrahubError::Kind::NotFound);
        QVERIFY2(missing.error().message.contains(u"no-such-tag"), why(missing));
    }

    void badSelections() {
        BackupSelection unknownSite;
        unknownSite.kind = QStringLiteral("LocationSite");
        unknownSite.names = {QStringLiteral("atl1"), QStringLiteral("xyz9")};
        const Result<BackupTargets> site = load(unknownSite);
        QVERIFY(!site);
        QCOMPARE(site.error().kind, InfrahubError::Kind::NotFound);
        QVERIFY2(site.error().message.contains(u"\"xyz9\"") && !site.error().message.contains(u"\"atl1\""),
                 why(site));

        BackupSelection unknownDevice;
        unknownDevice.names = {QStringLiteral("atl1-spine1"), QStringLiteral("atl1-spine99")};
        const Result<BackupTargets> device = load(unknownDevice);
        QVERIFY(!device);
        QCOMPARE(device.error().kind, InfrahubError::Kind::NotFound);
        QVERIFY2(device.error().message.contains(u"atl1-spine99"), why(device));

        BackupSelection unknownId;
        unknownId.kind = QStringLiteral("InfraDevice");
        unknownId.ids = {QStringLiteral("1799f647-0000-0000-0000-000000000000")};
        const Result<BackupTargets> id = load(unknownId);
        QVERIFY(!id);
        QVERIFY2(id.error().message.contains(u"1799f647-0000"), why(id));

        BackupSelection nothing;
        nothing.kind = QStringLiteral("InfraDevice");
        const Result<BackupTargets> empty = load(nothing);
        QVERIFY(!empty);
        QCOMPARE(empty.error().kind, InfrahubError::Kind::Validation);

        BackupSelection noKind;
        noKind.kind = QStringLiteral("NoSuchKind");
        noKind.ids = {QStringLiteral("x")};
        const Result<BackupTargets> kind = load(noKind);
        QVERIFY(!kind);
        QVERIFY2(kind.error().message.contains(u"NoSuchKind"), why(kind));

        BackupSelection unknownBranch;
        unknownBranch.by = BackupSelection::By::All;
        const Result<BackupTargets> branch = load(unknownBranch, QStringLiteral("no-such-branch"));
        QVERIFY(!branch);
    }

    // On a branch: a device without a primary address is skipped (and said so), and a platform without
    // netmiko/napalm names is reported by its name.
    void skippedDevicesAndPlatformNames() {
        BranchCreateOptions branch;
        branch.name = QStringLiteral("backup-targets");
        const Result<BranchInfo> created = QCoro::waitFor(m_client->createBranch(branch));
        QVERIFY2(created, why(created));
        const QString siteId = idsOf(QStringLiteral("LocationSite"), {QStringLiteral("atl1")}).value(0);
        auto mutate = [&](const QString &query) {
            const sandbox::HttpResponse r =
                m_server->executeGraphQL(branch.name, QJsonObject{{QStringLiteral("query"), query}}, true);
            const QJsonObject data = QJsonDocument::fromJson(r.body).object();
            if (!data.value(QStringLiteral("errors")).isUndefined())
                qWarning("%s", r.body.constData());
            return data;
        };
        const QJsonObject platform = mutate(QStringLiteral(
            "mutation { InfraPlatformCreate(data: {name: {value: \"Acme OS\"}}) { ok object { id } } }"));
        const QString platformId = platform[u"data"][u"InfraPlatformCreate"][u"object"][u"id"].toString();
        QVERIFY(!platformId.isEmpty());
        const QJsonObject address =
            mutate(QStringLiteral("mutation { IpamIPAddressCreate(data: {address: {value: "
                                  "\"127.1.1.99/24\"}}) { ok object { id } } }"));
        const QString addressId = address[u"data"][u"IpamIPAddressCreate"][u"object"][u"id"].toString();
        QVERIFY(!addressId.isEmpty());
        mutate(
            QStringLiteral("mutation { InfraDeviceCreate(data: {name: {value: \"atl1-acme1\"}, type: {value: "
                           "\"box\"}, site: {id: \"%1\"}, platform: {id: \"%2\"}, primary_address: {id: "
                           "\"%3\"}}) { ok } }")
                .arg(siteId, platformId, addressId));
        mutate(QStringLiteral(
                   "mutation { InfraDeviceCreate(data: {name: {value: \"atl1-nomgmt\"}, type: {value: "
                   "\"box\"}, site: {id: \"%1\"}}) { ok } }")
                   .arg(siteId));

        BackupSelection site;
        site.kind = QStringLiteral("LocationSite");
        site.names = {QStringLiteral("atl1")};
        const Result<BackupTargets> loaded = load(site, branch.name);
        QVERIFY2(loaded, why(loaded));
        QCOMPARE(loaded->targets.size(), 9);
        QCOMPARE(loaded->skipped.size(), 1);
        QVERIFY2(loaded->skipped.first().startsWith(u"atl1-nomgmt: no "),
                 qPrintable(loaded->skipped.first()));
        bool sawAcme = false;
        for (const BackupTarget &t : loaded->targets)
            if (t.device.name == u"atl1-acme1") {
                sawAcme = true;
                QCOMPARE(t.platform, QStringLiteral("Acme OS"));
                QVERIFY(t.napalmDriver.isEmpty());
                QCOMPARE(t.host, QStringLiteral("127.1.1.99"));
            }
        QVERIFY(sawAcme);
        // main is untouched.
        const Result<BackupTargets> onMain = load(site);
        QVERIFY2(onMain, why(onMain));
        QCOMPARE(onMain->targets.size(), 8);
    }

    // --- the job -------------------------------------------------------------------------------------------

    void fullBackupOfTheDemo() {
        const std::shared_ptr<BackupStore> store = newStore();
        BackupJob::Options o = options();
        o.concurrency = 8;
        BackupJob job(m_all, store, m_platforms, o);
        QCOMPARE(job.job()->total(), 40);
        QCOMPARE(job.job()->items().first().label, m_all.first().device.name);
        QSignalSpy done(&job, &BackupJob::deviceDone);
        GapMeter gaps;
        QVERIFY(run(job));

        QCOMPARE(job.count(BackupJob::DeviceResult::Outcome::New), 40);
        QCOMPARE(job.job()->count(Job::ItemState::Succeeded), 40);
        QVERIFY(done.size() >= 40);
        QVERIFY(!job.commitId().isEmpty());
        QVERIFY(job.commitError().isEmpty());
        QVERIFY2(job.summary().startsWith(u"40 new of 40 in "), qPrintable(job.summary()));
        for (qsizetype i = 0; i < m_all.size(); ++i) {
            const BackupJob::DeviceResult &r = job.results().at(i);
            QVERIFY(r.reason.isEmpty());
            QCOMPARE(r.attempts, 1);
            QVERIFY(r.lines > 5);
            QVERIFY(r.durationMs >= 0);
            QCOMPARE(r.commit, job.commitId());
            const QByteArray stored = readFile(fileOf(*store, m_all.at(i)));
            QCOMPARE(qint64(stored.size()), r.bytes);
            // The device's own configuration, filtered: no prompt, no echo, secrets masked.
            QVERIFY2(stored.contains(m_all.at(i).device.name.toUtf8()), stored.constData());
            QVERIFY2(!stored.contains("show running-config") && !stored.contains("show configuration"),
                     stored.constData());
            // One commit holds every device.
            const BackupResult<QList<BackupVersion>> history = store->history(m_all.at(i).device);
            QVERIFY2(history, why(history));
            QCOMPARE(history->size(), 1);
            QCOMPARE(history->first().commitId, job.commitId());
        }
        QCOMPARE(job.results().at(0).platform, m_all.at(0).platform); // atl1-edge1: juniper_junos
        QVERIFY(readFile(fileOf(*store, target(QStringLiteral("atl1-spine1")))).trimmed().endsWith("\nend"));

        // The concurrency bound held, and was used: 8 sessions at once, never more.
        QCOMPARE(job.peakSessions(), 8);
        QCOMPARE(job.activeSessions(), 0);
        // Nothing blocked the event loop (a bound that catches a blocking design, not a timing goal).
        QVERIFY2(gaps.maxGapMs() < 500, qPrintable(QString::number(gaps.maxGapMs())));

        // A second run: nothing changed, so no commit.
        BackupJob again(m_all, store, m_platforms, o);
        QVERIFY(run(again));
        QCOMPARE(again.count(BackupJob::DeviceResult::Outcome::Unchanged), 40);
        QVERIFY(again.commitId().isEmpty());
        for (qsizetype i = 0; i < m_all.size(); ++i) {
            QCOMPARE(again.results().at(i).commit, job.commitId()); // the commit that holds the copy
            QCOMPARE(store->history(m_all.at(i).device)->size(), 1);
        }
        QVERIFY(store->lastRun());
        QCOMPARE(store->lastRun()->unchanged, 40);
        QCOMPARE(store->lastRun()->before, store->lastRun()->after);
    }

    void changedConfigHasADiff() {
        const std::shared_ptr<BackupStore> store = newStore();
        const QList<BackupTarget> two =
            targets({QStringLiteral("atl1-leaf1"), QStringLiteral("atl1-spine1")});
        setFaults(two.first(), QStringLiteral("change-config"));
        BackupJob first(two, store, m_platforms, options());
        QVERIFY(run(first));
        QCOMPARE(first.count(BackupJob::DeviceResult::Outcome::New), 2);

        BackupJob second(two, store, m_platforms, options());
        QVERIFY(run(second));
        QCOMPARE(second.results().at(0).outcome, BackupJob::DeviceResult::Outcome::Changed);
        QCOMPARE(second.results().at(1).outcome, BackupJob::DeviceResult::Outcome::Unchanged);
        QVERIFY(!second.commitId().isEmpty());
        QVERIFY(second.commitId() != first.commitId());
        QCOMPARE(second.results().at(0).commit, second.commitId());
        QCOMPARE(second.results().at(1).commit, first.commitId());
        QVERIFY2(second.summary().startsWith(u"1 changed, 1 unchanged of 2"), qPrintable(second.summary()));

        const BackupResult<ConfigDiff> diff =
            store->diff(two.first().device, first.commitId(), second.commitId());
        QVERIFY2(diff, why(diff));
        QCOMPARE(diff->addedLines(), 1);
        QCOMPARE(diff->removedLines(), 1);
        QVERIFY2(diff->toUnifiedText().contains(u"snmp-server contact"), qPrintable(diff->toUnifiedText()));
        const BackupResult<QList<DeviceChange>> changes = store->changedSinceLastRun();
        QVERIFY2(changes, why(changes));
        QCOMPARE(changes->size(), 1);
        QCOMPARE(changes->first().deviceName, QStringLiteral("atl1-leaf1"));
    }

    void hangFailsAndKeepsTheLastGoodCopy() {
        const std::shared_ptr<BackupStore> store = newStore();
        const QStringList names{QStringLiteral("atl1-spine2"), QStringLiteral("atl1-edge2")}; // shell, exec
        backUpGood(store, names);
        const QList<BackupTarget> both = targets(names);
        const QByteArray shellCopy = readFile(fileOf(*store, both.at(0)));
        const QByteArray execCopy = readFile(fileOf(*store, both.at(1)));
        QVERIFY(!shellCopy.isEmpty() && !execCopy.isEmpty());
        for (const BackupTarget &t : both)
            setFaults(t, QStringLiteral("hang"));

        BackupJob job(both, store, m_platforms, options());
        QVERIFY(run(job));
        for (int i = 0; i < 2; ++i) {
            const BackupJob::DeviceResult &r = job.results().at(i);
            QCOMPARE(r.outcome, BackupJob::DeviceResult::Outcome::Failed);
            QVERIFY2(r.reason.contains(u"within 2 s"), qPrintable(r.reason));
            QCOMPARE(r.attempts, 1); // a hanging command is not retried
            QCOMPARE(job.job()->items().at(i).attempts, 1);
            QCOMPARE(job.job()->items().at(i).state, Job::ItemState::Failed);
            const std::optional<DeviceStatus> status = store->status(both.at(i).device);
            QVERIFY(status && status->isFailing());
            QCOMPARE(status->lastFailureReason, r.reason);
        }
        QCOMPARE(readFile(fileOf(*store, both.at(0))), shellCopy);
        QCOMPARE(readFile(fileOf(*store, both.at(1))), execCopy);
        QVERIFY(job.commitId().isEmpty());
        QCOMPARE(store->history(both.at(0).device)->size(), 1);
    }

    void truncatedOrGarbageIsRejected() {
        const std::shared_ptr<BackupStore> store = newStore();
        // Truncated: an EOS shell that ends midway, Junos over exec that stops early with exit status 0.
        // Garbage: Junos over exec (exit status 0), an EOS shell (the prompt never comes back).
        const QStringList names{QStringLiteral("jfk1-spine1"), QStringLiteral("jfk1-edge1"),
                                QStringLiteral("jfk1-edge2"), QStringLiteral("jfk1-spine2")};
        backUpGood(store, names);
        const QList<BackupTarget> devices = targets(names);
        QList<QByteArray> before;
        for (const BackupTarget &t : devices)
            before.append(readFile(fileOf(*store, t)));
        setFaults(devices.at(0), QStringLiteral("truncate"));
        setFaults(devices.at(1), QStringLiteral("truncate"));
        setFaults(devices.at(2), QStringLiteral("garbage"));
        setFaults(devices.at(3), QStringLiteral("garbage"));

        BackupJob job(devices, store, m_platforms, options());
        QVERIFY(run(job));
        QCOMPARE(job.count(BackupJob::DeviceResult::Outcome::Failed), 4);
        const QList<BackupJob::DeviceResult> &r = job.results();
        QVERIFY2(r.at(0).reason.contains(u"ended before a prompt"), qPrintable(r.at(0).reason));
        // The store's checks: Junos output has no end marker, so a cut copy is caught by its size.
        QVERIFY2(r.at(1).reason.contains(u"last good copy is kept"), qPrintable(r.at(1).reason));
        QVERIFY2(r.at(2).reason.contains(u"incomplete"), qPrintable(r.at(2).reason));
        QVERIFY2(r.at(3).reason.contains(u"No prompt"), qPrintable(r.at(3).reason));
        QCOMPARE(r.at(1).attempts, 1); // the store's rejections are not retried
        QCOMPARE(r.at(2).attempts, 1);
        QCOMPARE(r.at(3).attempts, 1);
        for (qsizetype i = 0; i < devices.size(); ++i) {
            QCOMPARE(readFile(fileOf(*store, devices.at(i))), before.at(i)); // byte for byte
            // No control character of the garbage reaches the reason (it goes to terminals and logs).
            for (const QChar c : r.at(i).reason)
                QVERIFY2(c.category() != QChar::Other_Control, qPrintable(r.at(i).reason));
            QVERIFY(store->status(devices.at(i).device)->isFailing());
        }
        QVERIFY(job.commitId().isEmpty());
    }

    void disconnectMidwayIsRetriedThenFails() {
        const std::shared_ptr<BackupStore> store = newStore();
        const QStringList names{QStringLiteral("ord1-spine1"), QStringLiteral("ord1-edge1")}; // shell, exec
        backUpGood(store, names);
        const QList<BackupTarget> devices = targets(names);
        const QByteArray shellCopy = readFile(fileOf(*store, devices.at(0)));
        for (const BackupTarget &t : devices)
            setFaults(t, QStringLiteral("disconnect"));
        const quint64 connectionsBefore = emulator().stats(QHostAddress(devices.at(0).host)).connections;

        BackupJob::Options o = options();
        o.retries = 2;
        BackupJob job(devices, store, m_platforms, o);
        QVERIFY(run(job));
        for (int i = 0; i < 2; ++i) {
            const BackupJob::DeviceResult &r = job.results().at(i);
            QCOMPARE(r.outcome, BackupJob::DeviceResult::Outcome::Failed);
            QCOMPARE(r.attempts, 3); // transient: every attempt was used
            QCOMPARE(job.job()->items().at(i).attempts, 3);
            QVERIFY2(r.reason.contains(u"lost") || r.reason.contains(u"closed") ||
                         r.reason.contains(u"ended"),
                     qPrintable(r.reason));
        }
        QCOMPARE(emulator().stats(QHostAddress(devices.at(0).host)).connections - connectionsBefore,
                 quint64(3));
        QCOMPARE(readFile(fileOf(*store, devices.at(0))), shellCopy);
        QCOMPARE(store->status(devices.at(0).device)->consecutiveFailures, 1); // one run, one failure
    }

    void rejectedLoginIsNotRetried() {
        const std::shared_ptr<BackupStore> store = newStore();
        const BackupTarget leaf = target(QStringLiteral("atl1-leaf3"));
        const BackupTarget spine = target(QStringLiteral("atl1-spine1"));
        setFaults(leaf, QStringLiteral("reject-auth"));
        const quint64 connectionsBefore = emulator().stats(QHostAddress(leaf.host)).connections;
        BackupJob::Options o = options();
        o.retries = 3;
        BackupJob job({leaf, spine}, store, m_platforms, o);
        QVERIFY(run(job));
        const BackupJob::DeviceResult &r = job.results().first();
        QCOMPARE(r.outcome, BackupJob::DeviceResult::Outcome::Failed);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(job.job()->items().first().attempts, 1);
        QVERIFY2(r.reason.contains(u"Authentication"), qPrintable(r.reason));
        QCOMPARE(emulator().stats(QHostAddress(leaf.host)).connections - connectionsBefore, quint64(1));
        QVERIFY(!QFile::exists(fileOf(*store, leaf)));
        QVERIFY(store->status(leaf.device) && store->status(leaf.device)->isFailing());
        QCOMPARE(job.results().at(1).outcome, BackupJob::DeviceResult::Outcome::New);
        const QString firstCommit = job.commitId();
        QVERIFY(!firstCommit.isEmpty());

        // "Retry Failed" in the Jobs dock, once the device lets us in: a round of only that device, with its
        // own commit; the device that succeeded before keeps its result.
        setFaults(leaf, QString());
        QSignalSpy finished(&job, &BackupJob::finished);
        QVERIFY(job.job()->retryFailed());
        QCOMPARE(job.results().first().outcome, BackupJob::DeviceResult::Outcome::Pending);
        QVERIFY(finished.wait(30000));
        QCOMPARE(job.results().first().outcome, BackupJob::DeviceResult::Outcome::New);
        QVERIFY(!job.commitId().isEmpty() && job.commitId() != firstCommit);
        QCOMPARE(job.results().first().commit, job.commitId());
        QCOMPARE(job.results().at(1).outcome, BackupJob::DeviceResult::Outcome::New);
        QCOMPARE(job.results().at(1).commit, firstCommit);
        QCOMPARE(job.job()->count(Job::ItemState::Succeeded), 2);
        QVERIFY(QFile::exists(fileOf(*store, leaf)));
        QVERIFY(!store->status(leaf.device)->isFailing());
        QCOMPARE(store->lastRun()->changed, 1);
    }

    void changedHostKeyIsRefusedAndNotRetried() {
        const std::shared_ptr<BackupStore> store = newStore();
        const BackupTarget leaf = target(QStringLiteral("atl1-leaf4"));
        QString error;
        const sandbox::SshKey other = sandbox::SshKey::generateEd25519(&error);
        QVERIFY2(!other.isNull(), qPrintable(error));
        const QString knownHosts = m_dir.filePath(QStringLiteral("known_hosts_changed"));
        QFile known(knownHosts);
        QVERIFY(known.open(QIODevice::WriteOnly));
        known.write((knownhosts::hostEntryName(leaf.host, m_port) + QLatin1Char(' ') + other.publicKeyLine() +
                     QLatin1Char('\n'))
                        .toUtf8());
        known.close();
        const QByteArray knownBefore = readFile(knownHosts);
        const sandbox::DeviceStats statsBefore = emulator().stats(QHostAddress(leaf.host));

        BackupJob::Options o = options();
        o.knownHostsFile = knownHosts;
        o.hostKeys = hostkeypolicy::acceptNew(); // a changed key is refused even so
        o.retries = 3;
        BackupJob job({leaf}, store, m_platforms, o);
        QVERIFY(run(job));
        const BackupJob::DeviceResult &r = job.results().first();
        QCOMPARE(r.outcome, BackupJob::DeviceResult::Outcome::Failed);
        QCOMPARE(r.attempts, 1);
        QVERIFY2(r.reason.contains(u"host key", Qt::CaseInsensitive), qPrintable(r.reason));
        QCOMPARE(emulator().stats(QHostAddress(leaf.host)).logins, statsBefore.logins); // no login tried
        QCOMPARE(emulator().stats(QHostAddress(leaf.host)).connections - statsBefore.connections, quint64(1));
        QCOMPARE(readFile(knownHosts), knownBefore); // nothing was remembered

        // A first-seen key with acceptNew is remembered (and the backup works).
        const QString fresh = m_dir.filePath(QStringLiteral("known_hosts_fresh"));
        o.knownHostsFile = fresh;
        BackupJob accepting({leaf}, store, m_platforms, o);
        QVERIFY(run(accepting));
        QCOMPARE(accepting.results().first().outcome, BackupJob::DeviceResult::Outcome::New);
        QVERIFY(readFile(fresh).contains(emulator().hostPublicKey().section(u' ', 1, 1).toUtf8()));

        // Strict (the default) refuses a first-seen key.
        o.hostKeys = {};
        o.knownHostsFile = m_dir.filePath(QStringLiteral("known_hosts_empty"));
        BackupJob strict({leaf}, store, m_platforms, o);
        QVERIFY(run(strict));
        QCOMPARE(strict.results().first().outcome, BackupJob::DeviceResult::Outcome::Failed);
        QCOMPARE(strict.results().first().attempts, 1);
    }

    void unknownPlatformIsAClearFailure() {
        const std::shared_ptr<BackupStore> store = newStore();
        BackupTarget acme = target(QStringLiteral("atl1-spine1"));
        acme.platform = QStringLiteral("acme_os");
        acme.napalmDriver.clear();
        BackupTarget none = target(QStringLiteral("atl1-spine2")); // no platform at all: the table's fallback
        none.platform.clear();
        none.napalmDriver.clear();
        BackupJob job({acme, none}, store, m_platforms, options());
        QVERIFY(run(job));
        const BackupJob::DeviceResult &r = job.results().at(0);
        QCOMPARE(r.outcome, BackupJob::DeviceResult::Outcome::Failed);
        QCOMPARE(r.platform, QStringLiteral("acme_os"));
        QVERIFY2(r.reason.contains(u"\"acme_os\"") && r.reason.contains(options().platformsFile) &&
                     r.reason.contains(u"arista_eos"),
                 qPrintable(r.reason));
        QCOMPARE(r.attempts, 1);
        QCOMPARE(job.results().at(1).outcome, BackupJob::DeviceResult::Outcome::New);
        QCOMPARE(job.results().at(1).platform, m_platforms.fallbackName());
        QCOMPARE(job.peakSessions(), 1); // only the device with a known platform was connected to
    }

    void cancelMidwayGivesTheExactAccount() {
        const std::shared_ptr<BackupStore> store = newStore();
        for (const BackupTarget &t : std::as_const(m_all))
            setFaults(t, QStringLiteral("slow:15"));
        BackupJob::Options o = options();
        o.concurrency = 4;
        o.timeouts.commandMs = 30000;
        BackupJob job(m_all, store, m_platforms, o);
        QSignalSpy finished(&job, &BackupJob::finished);
        job.start();
        QTRY_VERIFY_WITH_TIMEOUT(job.count(BackupJob::DeviceResult::Outcome::New) >= 5, 60000);
        QVERIFY(job.job()->count(Job::ItemState::Running) > 0); // some are running right now
        job.cancel();
        QVERIFY(finished.wait(30000));
        QVERIFY(job.wasCancelled());
        QVERIFY(!job.isRunning());

        using Outcome = BackupJob::DeviceResult::Outcome;
        const int fresh = job.count(Outcome::New);
        const int notStarted = job.count(Outcome::NotStarted);
        QCOMPARE(job.count(Outcome::Pending), 0);
        QCOMPARE(job.count(Outcome::Failed), 0);
        QCOMPARE(fresh + notStarted, 40);
        QVERIFY(fresh >= 5 && notStarted >= 4);
        QCOMPARE(job.job()->count(Job::ItemState::Running), 0);
        QCOMPARE(job.job()->count(Job::ItemState::Queued), 0);
        QCOMPARE(job.activeSessions(), 0);
        QVERIFY(!job.commitId().isEmpty());
        int cancelledWhileRunning = 0;
        for (qsizetype i = 0; i < m_all.size(); ++i) {
            const BackupJob::DeviceResult &r = job.results().at(i);
            const BackupTarget &t = m_all.at(i);
            if (r.outcome == Outcome::New) {
                // Finished: in the run's one commit.
                QCOMPARE(r.commit, job.commitId());
                const BackupResult<QList<BackupVersion>> history = store->history(t.device);
                QVERIFY(history && history->size() == 1 && history->first().commitId == job.commitId());
            } else {
                QVERIFY(!r.reason.isEmpty());
                QVERIFY(!QFile::exists(fileOf(*store, t)));
                QVERIFY(!store->status(t.device)); // not a failure of the device: nothing recorded
                cancelledWhileRunning += r.reason.startsWith(u"cancelled while it ran") ? 1 : 0;
            }
        }
        QVERIFY(cancelledWhileRunning >= 1);
        QCOMPARE(store->lastRun()->changed, fresh);
    }

    // The job is destroyed while it runs (a window closed): sessions end, what was stored is committed.
    void destroyedWhileRunning() {
        const std::shared_ptr<BackupStore> store = newStore();
        for (const BackupTarget &t : std::as_const(m_all))
            setFaults(t, QStringLiteral("slow:15"));
        BackupJob::Options o = options();
        o.concurrency = 4;
        o.timeouts.commandMs = 30000;
        auto job = std::make_unique<BackupJob>(m_all, store, m_platforms, o);
        job->start();
        QTRY_VERIFY_WITH_TIMEOUT(job->count(BackupJob::DeviceResult::Outcome::New) >= 2, 60000);
        QStringList stored;
        for (qsizetype i = 0; i < m_all.size(); ++i)
            if (job->results().at(i).outcome == BackupJob::DeviceResult::Outcome::New)
                stored.append(m_all.at(i).device.fileName());
        job.reset();
        QTest::qWait(300); // the aborted sessions finish in the event loop
        for (const BackupTarget &t : std::as_const(m_all)) {
            if (!stored.contains(t.device.fileName()))
                continue;
            const BackupResult<QList<BackupVersion>> history = store->history(t.device);
            QVERIFY2(history && history->size() == 1, qPrintable(t.device.name));
        }
    }
};

QTEST_GUILESS_MAIN(TestBackupJob)
#include "tst_backupjob.moc"
