// bench_jobs: how fast the jobs engine pushes a batch through, and what the event loop feels meanwhile.
//
// Against infrahub-sandbox (a child process) with --latency added to every request, a Job creates N VLANs
// and then updates N VLANs (one attribute each) at concurrency 1, 5, 10 and 20. The baseline in the same
// run is the bound the limit sets (each round starts from the same dataset: its VLANs are deleted after it):
// at most `concurrency` requests in flight, each taking at least the latency, so at most concurrency x 1000 /
// latency items per second. Also reported: client CPU per item and the longest gap between the ticks of a 1
// ms timer on the job's thread (the GUI thread in the app; over 16 ms would be a visible stall).
//
//   bench_jobs [--quick] [--items N] [--latency MS] [--sandbox PATH] [--markdown FILE]
#include "../common/sandboxchild.h"

#include "core/client/infrahubclient.h"
#include "core/jobs/job.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QSysInfo>
#include <QThread>
#include <QTimer>

#include <ctime>
#include <memory>

using namespace infrahub;
using bench::fail;

namespace {

const QString kToken = QStringLiteral("bench-jobs-token");
const QString kVlanKind = QStringLiteral("InfraVLAN");

qint64 processCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

QCoro::Task<Result<QString>> createVlan(InfrahubClient *client, QString name, int vlanId,
                                        CancellationToken token) {
    NodeData data;
    data.attributes = QJsonObject{{QStringLiteral("name"), name},
                                  {QStringLiteral("vlan_id"), vlanId},
                                  {QStringLiteral("status"), QStringLiteral("active")},
                                  {QStringLiteral("role"), QStringLiteral("server")}};
    QCoro::Task<Result<MutationResult>> sending = client->create(kVlanKind, data, {}, {}, token);
    const Result<MutationResult> result = co_await sending;
    if (!result)
        co_return result.error();
    co_return result->object.value(u"id").toString();
}

QCoro::Task<Result<QString>> deleteVlan(InfrahubClient *client, QString id, CancellationToken token) {
    QCoro::Task<Result<MutationResult>> sending = client->remove(kVlanKind, NodeLookup::byId(id), {}, token);
    const Result<MutationResult> result = co_await sending;
    if (!result)
        co_return result.error();
    co_return id;
}

QCoro::Task<Result<QString>> describeVlan(InfrahubClient *client, QString id, QString text,
                                          CancellationToken token) {
    NodeData data;
    data.id = id;
    data.attributes = QJsonObject{{QStringLiteral("description"), text}};
    QCoro::Task<Result<MutationResult>> sending = client->update(kVlanKind, data, {}, {}, token);
    const Result<MutationResult> result = co_await sending;
    if (!result)
        co_return result.error();
    co_return id;
}

struct RunFigures {
    double wallMs = 0;
    double cpuUsPerItem = 0;
    double longestGapMs = 0;
    int succeeded = 0;
};

// Runs `job` to its end. With `watchLoop`, a 1 ms timer measures the event loop's longest gap meanwhile
// (its own wake-ups cost CPU, so throughput and CPU come from runs without it).
RunFigures runMeasured(Job &job, bool watchLoop) {
    RunFigures f;
    QElapsedTimer tick;
    qint64 last = 0;
    double longest = 0;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(1);
    QObject::connect(&timer, &QTimer::timeout, [&] {
        const qint64 now = tick.nsecsElapsed();
        longest = std::max(longest, double(now - last) / 1e6);
        last = now;
    });
    QEventLoop loop;
    QObject::connect(&job, &Job::finished, &loop, &QEventLoop::quit);
    const qint64 cpu0 = processCpuNs();
    QElapsedTimer clock;
    clock.start();
    tick.start();
    if (watchLoop)
        timer.start();
    job.start();
    loop.exec();
    timer.stop();
    f.wallMs = double(clock.nsecsElapsed()) / 1e6;
    f.cpuUsPerItem = double(processCpuNs() - cpu0) / 1e3 / std::max(1, job.total());
    f.longestGapMs = longest;
    f.succeeded = job.count(Job::ItemState::Succeeded);
    return f;
}

struct Row {
    QString metric;
    QString value;
    QString baseline;
    QString ratio;
};

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    bench::benchName() = QStringLiteral("bench_jobs");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Jobs engine: batch creates and updates at several concurrency limits, with latency."));
    parser.addHelpOption();
    const QCommandLineOption quickOpt(QStringLiteral("quick"),
                                      QStringLiteral("200 items, limits 1, 5 and 10."));
    const QCommandLineOption itemsOpt(QStringLiteral("items"),
                                      QStringLiteral("Items per job (default 1000)."), QStringLiteral("N"));
    const QCommandLineOption latencyOpt(
        QStringLiteral("latency"), QStringLiteral("Latency the sandbox adds per request (default 10 ms)."),
        QStringLiteral("MS"));
    const QCommandLineOption sandboxOpt(QStringLiteral("sandbox"),
                                        QStringLiteral("infrahub-sandbox executable."),
                                        QStringLiteral("PATH"), QStringLiteral(INFRAHUB_SANDBOX_EXE));
    const QCommandLineOption markdownOpt(QStringLiteral("markdown"),
                                         QStringLiteral("Append the table to FILE."), QStringLiteral("FILE"));
    // bench/run.sh passes the same arguments to every benchmark: the others' options are accepted.
    const QCommandLineOption onlyOpt(QStringLiteral("only"), QStringLiteral("Ignored."), QStringLiteral("X"));
    const QCommandLineOption repsOpt(QStringLiteral("reps"), QStringLiteral("Ignored."), QStringLiteral("N"));
    parser.addOptions({quickOpt, itemsOpt, latencyOpt, sandboxOpt, markdownOpt, onlyOpt, repsOpt});
    parser.process(app);

    const bool quick = parser.isSet(quickOpt);
    const int items = parser.isSet(itemsOpt) ? parser.value(itemsOpt).toInt() : (quick ? 200 : 1000);
    const int latencyMs = parser.isSet(latencyOpt) ? parser.value(latencyOpt).toInt() : 10;
    if (items < 1 || latencyMs < 1)
        fail(QStringLiteral("--items and --latency must be at least 1"));
    const QList<int> limits = quick ? QList<int>{1, 5, 10} : QList<int>{1, 5, 10, 20};

    bench::SandboxChild sandbox;
    const int port = sandbox.start(parser.value(sandboxOpt), 100, kToken, latencyMs);
    std::printf("bench_jobs: sandbox on 127.0.0.1:%d, %d ms added per request, %d items per job\n", port,
                latencyMs, items);
    std::fflush(stdout);

    ClientConfig config;
    config.address = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    config.apiToken = kToken;
    config.proxyMode = ClientConfig::ProxyMode::None;
    config.maxConcurrentRequests = 20; // the job's limit is the one that binds
    InfrahubClient client(config);
    if (!QCoro::waitFor(client.schema()))
        fail(QStringLiteral("cannot read the schema"));

    QList<Row> rows;
    InfrahubClient *c = &client;
    for (const int limit : limits) {
        Job::Options options;
        options.concurrency = limit;
        auto namesFor = [&](const QString &tag) {
            QStringList names;
            for (int i = 0; i < items; ++i)
                names.append(QStringLiteral("bench-job-%1-c%2-%3").arg(tag).arg(limit).arg(i));
            return names;
        };
        auto createJob = [&](const QStringList &names) {
            return std::make_unique<Job>(
                QStringLiteral("create"), names,
                [c, names](int i, CancellationToken token) {
                    return createVlan(c, names[i], 1 + i % 4000, token);
                },
                options);
        };
        const QStringList names = namesFor(QStringLiteral("a"));
        const auto creates = createJob(names);
        const RunFigures created = runMeasured(*creates, false);
        if (created.succeeded != items)
            fail(QStringLiteral("%1 of %2 creates failed: %3")
                     .arg(items - created.succeeded)
                     .arg(items)
                     .arg(creates->items().constFirst().message));
        QStringList ids;
        for (const Job::Item &item : creates->items())
            ids.append(item.message);
        Job updates(
            QStringLiteral("update"), names,
            [c, ids](int i, CancellationToken token) {
                return describeVlan(c, ids[i], QStringLiteral("updated by bench_jobs"), token);
            },
            options);
        const RunFigures updated = runMeasured(updates, false);
        if (updated.succeeded != items)
            fail(QStringLiteral("%1 of %2 updates failed").arg(items - updated.succeeded).arg(items));
        // The same creates again (other names), watched by the 1 ms timer.
        const auto watchedJob = createJob(namesFor(QStringLiteral("b")));
        const RunFigures watched = runMeasured(*watchedJob, true);

        // Every round starts from the same dataset: the sandbox checks uniqueness by scanning the kind, so
        // thousands of VLANs left from earlier rounds would slow the server, not the client, down.
        QStringList leftovers = ids;
        for (const Job::Item &item : watchedJob->items())
            leftovers.append(item.message);
        Job::Options cleanupOptions;
        cleanupOptions.concurrency = 20;
        Job cleanup(
            QStringLiteral("cleanup"), leftovers,
            [c, leftovers](int i, CancellationToken token) { return deleteVlan(c, leftovers[i], token); },
            cleanupOptions);
        if (runMeasured(cleanup, false).succeeded != leftovers.size())
            fail(QStringLiteral("cleanup failed: %1").arg(cleanup.items().constFirst().message));

        const double bound = limit * 1000.0 / latencyMs;
        for (const auto &[what, f] :
             {std::pair{QStringLiteral("creates"), created}, std::pair{QStringLiteral("updates"), updated}}) {
            const double perSecond = items * 1000.0 / f.wallMs;
            rows.append({QStringLiteral("%1 %2 at concurrency %3").arg(items).arg(what).arg(limit),
                         QStringLiteral("%1/s (%2 ms)").arg(perSecond, 0, 'f', 0).arg(f.wallMs, 0, 'f', 0),
                         QStringLiteral("bound %1/s").arg(bound, 0, 'f', 0),
                         QStringLiteral("%1 of it").arg(perSecond / bound, 0, 'f', 2)});
            rows.append({QStringLiteral("  client CPU per item"),
                         QStringLiteral("%1 µs").arg(f.cpuUsPerItem, 0, 'f', 0), QString(), QString()});
        }
        rows.append({QStringLiteral("  longest event-loop gap during creates"),
                     QStringLiteral("%1 ms").arg(watched.longestGapMs, 0, 'f', 1),
                     QStringLiteral("goal: 16 ms"),
                     QStringLiteral("%1 of it").arg(watched.longestGapMs / 16.0, 0, 'f', 2)});
        std::printf("  concurrency %d: creates %.0f ms, updates %.0f ms, longest gap %.1f ms\n", limit,
                    created.wallMs, updated.wallMs, watched.longestGapMs);
        std::fflush(stdout);
    }

    std::printf("\n== Jobs engine: %d items per job, %d ms added latency\n", items, latencyMs);
    for (const Row &r : rows)
        std::printf("  %-48s %22s   %-20s %s\n", qPrintable(r.metric), qPrintable(r.value),
                    qPrintable(r.baseline), qPrintable(r.ratio));
    std::printf("  machine: %s, %d cores, %s\n", qPrintable(QSysInfo::prettyProductName()),
                QThread::idealThreadCount(),
                qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    if (parser.isSet(markdownOpt)) {
        QFile md(parser.value(markdownOpt));
        if (!md.open(QIODevice::Append | QIODevice::Text))
            fail(QStringLiteral("cannot write %1").arg(md.fileName()));
        QByteArray out =
            QStringLiteral(
                "\n| jobs: %1 items, %2 ms latency | result | baseline | ratio |\n|---|---:|---|---|\n")
                .arg(items)
                .arg(latencyMs)
                .toUtf8();
        for (const Row &r : rows)
            out += QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                       .arg(r.metric, r.value, r.baseline, r.ratio)
                       .toUtf8();
        md.write(out);
    }
    return 0;
}
