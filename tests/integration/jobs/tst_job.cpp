// Jobs against the sandbox: per-item outcomes that keep going after failures, stop at the first error,
// 503s absorbed by retries, cancel mid-run with an exact account (checked against what the server has),
// and retrying only what did not succeed.
#include "core/jobs/csvimport.h"
#include "core/jobs/job.h"
#include "core/views/csvtext.h"
#include "sandbox/sandboxserver.h"

#include "core/client/infrahubclient.h"

#include <QSignalSpy>
#include <QTest>

using namespace infrahub;

namespace {

NodeData vlanData(const QString &name, int id) {
    NodeData data;
    data.attributes = QJsonObject{{QStringLiteral("name"), name},
                                  {QStringLiteral("vlan_id"), id},
                                  {QStringLiteral("status"), QStringLiteral("active")},
                                  {QStringLiteral("role"), QStringLiteral("server")}};
    return data;
}

// The new (or updated) VLAN's id, or the error.
QCoro::Task<Result<QString>> idOf(QCoro::Task<Result<MutationResult>> sending) {
    const Result<MutationResult> result = co_await sending;
    if (!result)
        co_return result.error();
    co_return result->object.value(u"id").toString();
}

// Upserts VLAN `name`: idempotent, so a retried item cannot make a duplicate.
QCoro::Task<Result<QString>> upsertVlan(InfrahubClient *client, QString name, int id,
                                        CancellationToken token) {
    return idOf(client->upsert(QStringLiteral("InfraVLAN"), vlanData(name, id), {}, {}, token));
}

// Creates VLAN `name`: not idempotent, so an existing name is a uniqueness error for that item.
QCoro::Task<Result<QString>> createVlan(InfrahubClient *client, QString name, int id,
                                        CancellationToken token) {
    return idOf(client->create(QStringLiteral("InfraVLAN"), vlanData(name, id), {}, {}, token));
}

} // namespace

class TestJob : public QObject {
    Q_OBJECT

    std::unique_ptr<sandbox::SandboxServer> m_server;
    std::unique_ptr<InfrahubClient> m_client;

    static bool waitFinished(Job &job, int ms = 30'000) {
        if (job.state() == Job::State::Finished || job.state() == Job::State::Cancelled)
            return true;
        QSignalSpy finished(&job, &Job::finished);
        return finished.wait(ms);
    }

    int vlansNamed(const QString &prefix) {
        QueryOptions options;
        options.filters =
            QJsonObject{{QStringLiteral("name__value"), prefix}, {QStringLiteral("partial_match"), true}};
        const Result<QList<Node>> all = QCoro::waitFor(m_client->all(QStringLiteral("InfraVLAN"), options));
        return all ? int(all->size()) : -1;
    }

    // Names prefix-0 ... prefix-(n-1).
    static QStringList names(const QString &prefix, int n) {
        QStringList out;
        for (int i = 0; i < n; ++i)
            out.append(QStringLiteral("%1-%2").arg(prefix).arg(i));
        return out;
    }

private Q_SLOTS:
    void init() {
        sandbox::SandboxOptions options;
        options.tokens = {"jobs-token"};
        m_server = std::make_unique<sandbox::SandboxServer>(options);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        ClientConfig config;
        config.address = m_server->url();
        config.apiToken = QStringLiteral("jobs-token");
        config.maxConcurrentRequests = 20;
        m_client = std::make_unique<InfrahubClient>(config);
    }

    void cleanup() {
        m_client.reset();
        m_server.reset();
    }

    void failuresArePerItemAndTheRestRuns() {
        // Three of the names exist already: those three fail on uniqueness, the others are created.
        QStringList labels = names(QStringLiteral("job-a"), 12);
        labels[3] = labels[7] = labels[10] = QStringLiteral("taken-name");
        QVERIFY(QCoro::waitFor(createVlan(m_client.get(), QStringLiteral("taken-name"), 3000, {})));
        InfrahubClient *client = m_client.get();
        Job::Options options;
        options.concurrency = 4;
        Job job(
            QStringLiteral("Create VLANs"), labels,
            [client, labels](int i, CancellationToken token) {
                return createVlan(client, labels[i], 100 + i, token);
            },
            options);
        QSignalSpy itemChanged(&job, &Job::itemChanged);
        QSignalSpy progress(&job, &Job::progressChanged);
        job.start();
        QVERIFY(job.isRunning());
        QVERIFY(waitFinished(job));
        QCOMPARE(job.state(), Job::State::Finished);
        QCOMPARE(job.count(Job::ItemState::Succeeded), 9);
        QCOMPARE(job.count(Job::ItemState::Failed), 3);
        QCOMPARE(job.done(), 12);
        for (const int i : {3, 7, 10}) {
            QCOMPARE(job.items().at(i).state, Job::ItemState::Failed);
            QVERIFY2(job.items().at(i).message.contains(QStringLiteral("taken-name")) ||
                         job.items().at(i).message.contains(QStringLiteral("unique"), Qt::CaseInsensitive),
                     qPrintable(job.items().at(i).message));
        }
        QVERIFY(!job.items().at(0).message.isEmpty()); // the new object's id
        QVERIFY(job.items().at(0).durationMs >= 0);
        QCOMPARE(vlansNamed(QStringLiteral("job-a-")), 9);
        QVERIFY(itemChanged.count() >= 12 * 2); // every item went through Running to its end, live
        QVERIFY(progress.count() >= 12);
        QVERIFY2(job.summary().startsWith(QStringLiteral("9 succeeded, 3 failed of 12")),
                 qPrintable(job.summary()));
        // Only the failed ones run again (and fail again: the names are still taken).
        QSignalSpy finished(&job, &Job::finished);
        QVERIFY(job.retryFailed());
        QVERIFY(finished.wait(30'000));
        QCOMPARE(job.count(Job::ItemState::Succeeded), 9);
        QCOMPARE(job.count(Job::ItemState::Failed), 3);
        QCOMPARE(job.items().at(0).attempts, 1); // a succeeded item is never run again
        QCOMPARE(job.items().at(3).attempts, 2);
    }

    void stopAtFirstErrorSkipsTheRest() {
        QStringList labels = names(QStringLiteral("job-b"), 10);
        labels[0] = QStringLiteral("taken-b");
        QVERIFY(QCoro::waitFor(createVlan(m_client.get(), QStringLiteral("taken-b"), 3001, {})));
        InfrahubClient *client = m_client.get();
        Job::Options options;
        options.concurrency = 1; // in order: the failure comes first
        options.mode = BatchMode::StopAtFirstError;
        Job job(
            QStringLiteral("Create VLANs"), labels,
            [client, labels](int i, CancellationToken token) {
                return createVlan(client, labels[i], 200 + i, token);
            },
            options);
        job.start();
        QVERIFY(waitFinished(job));
        QCOMPARE(job.items().at(0).state, Job::ItemState::Failed);
        QCOMPARE(job.count(Job::ItemState::NotStarted), 9);
        QCOMPARE(vlansNamed(QStringLiteral("job-b-")), 0);
    }

    void serverErrorsAreRetried() {
        // A third of the GraphQL requests answer 503 (with Retry-After 0): retries absorb every one.
        sandbox::FaultSettings faults;
        faults.failRate = 0.33;
        faults.failStatuses = {503, 429};
        faults.retryAfterSeconds = 0;
        faults.seed = 7;
        faults.pathPrefixes = {QStringLiteral("/graphql")};
        m_server->faults().setSettings(faults);
        const QStringList labels = names(QStringLiteral("job-c"), 30);
        InfrahubClient *client = m_client.get();
        Job::Options options;
        options.concurrency = 5;
        options.retry = RetryPolicy::standard();
        options.retry.baseDelayMs = 5;
        Job job(
            QStringLiteral("Upsert VLANs"), labels,
            [client, labels](int i, CancellationToken token) {
                return upsertVlan(client, labels[i], 300 + i, token);
            },
            options);
        job.start();
        QVERIFY(waitFinished(job, 60'000));
        const sandbox::FaultCounters counters = m_server->faults().counters();
        m_server->faults().clear();
        QVERIFY(counters.failed > 0);
        QCOMPARE(job.count(Job::ItemState::Succeeded), 30);
        QCOMPARE(vlansNamed(QStringLiteral("job-c-")), 30);
    }

    void cancelLeavesAnExactAccountAndRetryFinishes() {
        // Slow server: cancel while some items run and most are queued.
        sandbox::FaultSettings faults;
        faults.latencyMs = 60;
        m_server->faults().setSettings(faults);
        const QStringList labels = names(QStringLiteral("job-d"), 40);
        InfrahubClient *client = m_client.get();
        Job::Options options;
        options.concurrency = 4;
        Job job(
            QStringLiteral("Upsert VLANs"), labels,
            [client, labels](int i, CancellationToken token) {
                return upsertVlan(client, labels[i], 400 + i, token);
            },
            options);
        job.start();
        QTRY_VERIFY_WITH_TIMEOUT(job.count(Job::ItemState::Succeeded) >= 4, 20'000);
        QVERIFY(job.etaMs() > 0);
        QVERIFY(job.ratePerSecond() > 0);
        job.cancel();
        QVERIFY(waitFinished(job));
        QCOMPARE(job.state(), Job::State::Cancelled);
        const int succeeded = job.count(Job::ItemState::Succeeded);
        const int cancelled = job.count(Job::ItemState::Cancelled);
        const int notStarted = job.count(Job::ItemState::NotStarted);
        QCOMPARE(succeeded + cancelled + notStarted, 40); // every item accounted for, once
        QVERIFY(notStarted > 0);
        QVERIFY(succeeded < 40);
        for (const Job::Item &item : job.items())
            if (item.state == Job::ItemState::NotStarted)
                QCOMPARE(item.attempts, 0); // never sent
        m_server->faults().clear();
        QTest::qWait(150); // aborted requests the server already had are done by now
        // The server has every succeeded item; a cancelled one may or may not have landed.
        const int onServer = vlansNamed(QStringLiteral("job-d-"));
        QVERIFY2(onServer >= succeeded && onServer <= succeeded + cancelled,
                 qPrintable(QStringLiteral("%1 on the server, %2 succeeded, %3 cancelled")
                                .arg(onServer)
                                .arg(succeeded)
                                .arg(cancelled)));

        // Retry the rest: everything ends up there exactly once (upserts).
        QSignalSpy finished(&job, &Job::finished);
        QVERIFY(job.retryFailed());
        QVERIFY(finished.wait(30'000));
        QCOMPARE(job.state(), Job::State::Finished);
        QCOMPARE(job.count(Job::ItemState::Succeeded), 40);
        QCOMPARE(vlansNamed(QStringLiteral("job-d-")), 40);
        QVERIFY(!job.retryFailed()); // nothing left to retry
    }

    void bigJobsAccountInSlicesAndLabelLazily() {
        // 20,000 items that finish at once: the final account is cut into slices with the event loop
        // running in between (a 0 ms timer fires while the job is still Running with every item done),
        // and a Labeler makes labels only when asked.
        constexpr int kItems = 20'000;
        int labelled = 0;
        Job job(
            QStringLiteral("Many"), kItems,
            [&labelled](int i) {
                ++labelled;
                return QStringLiteral("item %1").arg(i);
            },
            [](int i, CancellationToken) -> QCoro::Task<Result<QString>> { co_return QString::number(i); },
            Job::Options{});
        QCOMPARE(job.total(), kItems);
        QCOMPARE(labelled, 0);
        QCOMPARE(job.label(41), QStringLiteral("item 41"));
        QCOMPARE(labelled, 1);
        int ticksWhileAccounting = 0;
        QTimer tick;
        tick.setInterval(0);
        connect(&tick, &QTimer::timeout, this, [&] {
            if (job.isRunning() && job.done() == kItems)
                ++ticksWhileAccounting;
        });
        tick.start();
        job.start();
        QVERIFY(waitFinished(job));
        tick.stop();
        QCOMPARE(job.count(Job::ItemState::Succeeded), kItems);
        QCOMPARE(job.items().at(kItems - 1).message, QString::number(kItems - 1));
        QVERIFY2(ticksWhileAccounting > 0, "the final account ran in one go, without the event loop");
        QCOMPARE(labelled, 1);
    }

    void csvImportReportsBadRowsAndImportsTheRest() {
        QVERIFY(QCoro::waitFor(createVlan(m_client.get(), QStringLiteral("csv-existing"), 3100, {})));
        // Header by name and by label (case-blind), an unknown column, a site by its name; rows: two new,
        // one existing (updated), a bad number, a bad choice, a quoted field with a comma.
        const QByteArray csv = "\xEF\xBB\xBFname,VLAN ID,status,role,description,site,colour\r\n"
                               "csv-new-1,3101,active,server,first,atl1,red\r\n"
                               "csv-new-2,3102,Active,Server,\"second, with a comma\",,blue\r\n"
                               "csv-existing,3100,maintenance,server,now updated,jfk1,\r\n"
                               "csv-bad-number,thirty,active,server,,,\r\n"
                               "csv-bad-choice,3104,sideways,server,,,\r\n";
        QString error;
        const std::optional<QList<QStringList>> table = parseCsv(csv, &error);
        QVERIFY2(table, qPrintable(error));
        QCOMPARE(table->size(), 6);
        QCOMPARE(table->at(2).at(4), QStringLiteral("second, with a comma"));
        QVERIFY(!parseCsv("a,\"b\n", &error));
        QVERIFY(error.contains(QStringLiteral("line 1")));

        const std::shared_ptr<const SchemaSet> schema = QCoro::waitFor(m_client->schema()).value();
        const CsvImportPlan plan =
            CsvImportPlan::make(*table, *schema->kind(QStringLiteral("InfraVLAN")), *schema);
        QVERIFY2(plan.problem().isEmpty(), qPrintable(plan.problem()));
        QCOMPARE(plan.keyAttribute(), QStringLiteral("name"));
        QCOMPARE(plan.unknownColumns(), QStringList{QStringLiteral("colour")});
        QCOMPARE(plan.rows().size(), 5);
        QCOMPARE(plan.validRows(), 3);
        QVERIFY(plan.rows().at(3).error.contains(QStringLiteral("thirty")));
        QVERIFY(plan.rows().at(4).error.contains(QStringLiteral("sideways")));
        QCOMPARE(plan.rows().at(3).line, 5);

        // Dry run: what each row would do; nothing changes.
        InfrahubClient *client = m_client.get();
        auto shared = std::make_shared<const CsvImportPlan>(plan);
        QStringList labels;
        for (const CsvImportPlan::Row &r : plan.rows())
            labels.append(QStringLiteral("line %1").arg(r.line));
        Job dry(
            QStringLiteral("Dry run"), labels,
            [client, shared](int i, CancellationToken token) { return shared->dryRun(client, i, {}, token); },
            {});
        dry.start();
        QVERIFY(waitFinished(dry));
        QCOMPARE(dry.items().at(0).message, QStringLiteral("create"));
        QCOMPARE(dry.items().at(1).message, QStringLiteral("create"));
        QVERIFY2(dry.items().at(2).message.startsWith(QStringLiteral("update")),
                 qPrintable(dry.items().at(2).message));
        QCOMPARE(dry.items().at(3).state, Job::ItemState::Failed);
        QCOMPARE(dry.items().at(4).state, Job::ItemState::Failed);
        QCOMPARE(vlansNamed(QStringLiteral("csv-new")), 0);

        // Import: the valid rows land, the others are reported.
        Job import(QStringLiteral("Import"), labels,
                   [client, shared](int i, CancellationToken token) {
                       return shared->importRow(client, i, {}, token);
                   },
                   {});
        import.start();
        QVERIFY(waitFinished(import));
        QCOMPARE(import.count(Job::ItemState::Succeeded), 3);
        QCOMPARE(import.count(Job::ItemState::Failed), 2);
        QCOMPARE(vlansNamed(QStringLiteral("csv-new")), 2);
        const auto updated = QCoro::waitFor(m_client->get(
            QStringLiteral("InfraVLAN"), NodeLookup::byDefaultFilter(QStringLiteral("csv-existing"))));
        QVERIFY(updated);
        QCOMPARE(updated->value(QStringLiteral("status")).toString(), QStringLiteral("maintenance"));
        QCOMPARE(updated->peers(QStringLiteral("site")).value(0).displayLabel, QStringLiteral("jfk1"));
        const auto second = QCoro::waitFor(m_client->get(
            QStringLiteral("InfraVLAN"), NodeLookup::byDefaultFilter(QStringLiteral("csv-new-2"))));
        QCOMPARE(second->value(QStringLiteral("description")).toString(),
                 QStringLiteral("second, with a comma"));
        QCOMPARE(second->value(QStringLiteral("status")).toString(),
                 QStringLiteral("active")); // label -> name

        // A file without the key column cannot be imported at all, and says why.
        const CsvImportPlan noKey =
            CsvImportPlan::make({{QStringLiteral("description")}, {QStringLiteral("x")}},
                                *schema->kind(QStringLiteral("InfraVLAN")), *schema);
        QVERIFY(noKey.problem().contains(QStringLiteral("name")));
        QVERIFY(!CsvImportPlan::make({}, *schema->kind(QStringLiteral("InfraVLAN")), *schema)
                     .problem()
                     .isEmpty());
    }

    void deletingTheJobAbortsItsWork() {
        sandbox::FaultSettings faults;
        faults.latencyMs = 200;
        m_server->faults().setSettings(faults);
        const QStringList labels = names(QStringLiteral("job-e"), 10);
        InfrahubClient *client = m_client.get();
        auto job = std::make_unique<Job>(
            QStringLiteral("Upsert VLANs"), labels,
            [client, labels](int i, CancellationToken token) {
                return upsertVlan(client, labels[i], 500 + i, token);
            },
            Job::Options{});
        job->start();
        QTest::qWait(50);
        job.reset(); // nothing may touch the deleted job afterwards (ASan checks this)
        QTest::qWait(400);
        m_server->faults().clear();
        QVERIFY(vlansNamed(QStringLiteral("job-e-")) < 10);
    }
};

QTEST_GUILESS_MAIN(TestJob)
#include "tst_job.moc"
