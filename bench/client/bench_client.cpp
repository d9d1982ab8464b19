// bench_client: how fast InfrahubClient lists and creates nodes, next to a Python baseline that does what
// the Infrahub Python SDK's async client does (asyncio + httpx, bench/client/baseline_sdk_asyncio.py),
// both run in the same invocation against the same infrahub-sandbox process:
//   - listing every InfraDevice (default selection, pages of 50): sequential (page after page) and
//     concurrent (count, then every page under a limit of 5); time to the first page and to all rows,
//     and the client process's CPU time per object;
//   - creating VLANs at concurrency 10.
// The sandbox is a child process, so its work shows in neither client's CPU clock and neither client
// competes with it for a thread. The C++ side renders every document it sends with the client's own
// renderers and hands exactly those documents to the Python script, so both send byte-identical queries.
// Ratios are python_time / our_time (above 1 = we are faster).
//
// Usage: bench_client [--quick] [--devices N] [--creates N] [--reps N] [--latency MS] [--sandbox PATH]
//                     [--python PATH] [--markdown FILE]
// (normally through bench/run.sh; docs/benchmarks.md explains the figures).

#include "../common/median.h"
#include "../common/sandboxchild.h"

#include "core/client/infrahubclient.h"
#include "core/query/mutationrenderer.h"
#include "core/query/queryrenderer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>

#include <QCoroTask>

#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

using namespace infrahub;

namespace {

constexpr int kPageSize = 50;
constexpr int kListConcurrency = 5;    // the SDK's default max_concurrent_execution
constexpr int kCreateConcurrency = 10; // the figure
constexpr int kRequiredSpeedup = 3;    // "at least 3x faster end to end than the Python baseline"
const QString kToken = QStringLiteral("bench-client-token");
const QString kDeviceKind = QStringLiteral("InfraDevice");
const QString kVlanKind = QStringLiteral("InfraVLAN");

qint64 processCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

using bench::median;

using bench::fail;

template <typename T> const T &require(const Result<T> &result, const char *what) {
    if (!result)
        fail(QStringLiteral("%1 failed: %2").arg(QLatin1String(what), result.error().message));
    return result.value();
}

double serverCpuMs(const bench::SandboxChild &sandbox, qint64 before) {
    const qint64 now = sandbox.cpuNs();
    return before < 0 || now < 0 ? qQNaN() : double(now - before) / 1e6;
}

// One listing measured: wall time to the first page and to all rows, and the process CPU time spent.
struct ListRun {
    double firstPageMs = qQNaN();
    double allRowsMs = 0;
    double cpuMs = 0;
    double serverCpuMs = qQNaN(); // the sandbox process's CPU time during the listing
    double releaseMs = qQNaN();   // freeing the rows afterwards (not part of the listing's times)
    int rows = 0;
};

// Frees a listing's rows outside the timed section, the way the Python side drops its list after its
// clock stops. glibc defers part of that work: freed small blocks wait in "fast bins" until a later large
// allocation consolidates them (about 35 ms for the 10,000 devices' blocks), which showed up as 40-50 ms
// first pages in the next listing. mallopt() consolidates the main arena here, where the sequential
// listing's rows live; the concurrent listing's rows come from the page reader thread's arena, and that
// one still consolidates later, in the next concurrent first-page probe (not part of the all-rows time).
// Returns the wall time it took.
template <typename Rows> double releaseRows(Rows &rows) {
    QElapsedTimer clock;
    clock.start();
    rows = Rows();
#ifdef __GLIBC__
    mallopt(M_MXFAST, 128); // glibc's default on 64-bit; setting it consolidates the main arena
#endif
    return double(clock.nsecsElapsed()) / 1e6;
}

// Median of each figure over the repetitions.
struct ListFigures {
    double firstPageMs = qQNaN();
    double allRowsMs = qQNaN();
    double cpuUsPerObject = qQNaN();
    double serverCpuMs = qQNaN();
    double releaseMs = qQNaN();
    int rows = 0;
};

ListFigures summarise(const std::vector<ListRun> &runs) {
    std::vector<double> first, all, cpu, server, release;
    ListFigures f;
    for (const ListRun &r : runs) {
        first.push_back(r.firstPageMs);
        release.push_back(r.releaseMs);
        all.push_back(r.allRowsMs);
        cpu.push_back(r.rows ? r.cpuMs * 1000.0 / r.rows : qQNaN());
        server.push_back(r.serverCpuMs);
        f.rows = r.rows;
    }
    f.firstPageMs = median(first);
    f.allRowsMs = median(all);
    f.cpuUsPerObject = median(cpu);
    f.releaseMs = median(release);
    f.serverCpuMs = median(server);
    return f;
}

// Sequential paging through pages(): the stream the console's views use, so the first page's time is
// what a user waits for before seeing rows.
QCoro::Task<ListRun> listSequential(InfrahubClient &client, const bench::SandboxChild &sandbox) {
    ListRun run;
    QList<Node> rows;
    QElapsedTimer clock;
    const qint64 server0 = sandbox.cpuNs();
    const qint64 cpu0 = processCpuNs();
    clock.start();
    auto generator = client.pages(kDeviceKind);
    QCORO_FOREACH(Result<NodePage> & page, generator) {
        require(page, "sequential page");
        if (std::isnan(run.firstPageMs))
            run.firstPageMs = double(clock.nsecsElapsed()) / 1e6;
        // One allocation for all rows (the count comes with the first page); the rows move in, as Python
        // appends references.
        if (rows.isEmpty())
            rows.reserve(page->count);
        rows.append(std::move(page->nodes));
    }
    run.allRowsMs = double(clock.nsecsElapsed()) / 1e6;
    run.cpuMs = double(processCpuNs() - cpu0) / 1e6;
    run.serverCpuMs = serverCpuMs(sandbox, server0);
    run.rows = int(rows.size());
    run.releaseMs = releaseRows(rows);
    co_return run;
}

// Concurrent paging through all(Paging::Concurrent). all() returns only when every row is in, so the
// first page is timed by a separate probe doing what that path does before its first page can land:
// the count query, then the first page.
QCoro::Task<ListRun> listConcurrent(InfrahubClient &client, const bench::SandboxChild &sandbox) {
    ListRun run;
    QElapsedTimer clock;
    clock.start();
    require(co_await client.count(kDeviceKind), "count");
    QueryOptions first;
    first.limit = kPageSize;
    Result<NodePage> firstPage = co_await client.list(kDeviceKind, first);
    require(firstPage, "first page");
    run.firstPageMs = double(clock.nsecsElapsed()) / 1e6;
    releaseRows(firstPage);

    const qint64 server0 = sandbox.cpuNs();
    const qint64 cpu0 = processCpuNs();
    clock.restart();
    Result<QList<Node>> rows = co_await client.all(kDeviceKind, {}, InfrahubClient::Paging::Concurrent);
    run.allRowsMs = double(clock.nsecsElapsed()) / 1e6;
    run.cpuMs = double(processCpuNs() - cpu0) / 1e6;
    run.serverCpuMs = serverCpuMs(sandbox, server0);
    run.rows = int(require(rows, "concurrent listing").size());
    run.releaseMs = releaseRows(rows);
    co_return run;
}

NodeData vlanData(const QString &name, int index, const QString &siteId) {
    NodeData vlan;
    vlan.attributes = QJsonObject{{QStringLiteral("name"), name},
                                  {QStringLiteral("vlan_id"), 1 + index % 4094},
                                  {QStringLiteral("status"), QStringLiteral("active")},
                                  {QStringLiteral("role"), QStringLiteral("server")}};
    vlan.relationships[QStringLiteral("site")] = {RelatedNode::fromId(siteId)};
    return vlan;
}

QString vlanName(const QString &prefix, int rep, int index) {
    return QStringLiteral("bench-%1-r%2-vlan-%3").arg(prefix).arg(rep).arg(index);
}

struct CreateRun {
    double wallMs = 0;
    double cpuMs = 0;
    int created = 0;
};

// A bounded pool: kCreateConcurrency workers take the next index until none is left, the same shape as
// the SDK's batch with a semaphore of 10 (and the Transport limits requests to 10 as well).
QCoro::Task<CreateRun> createVlans(InfrahubClient &client, int count, int rep, QString siteId) {
    CreateRun run;
    int next = 0;
    QString firstError;
    auto worker = [&]() -> QCoro::Task<> {
        while (next < count) {
            const int index = next++;
            const Result<MutationResult> created = co_await client.create(
                kVlanKind, vlanData(vlanName(QStringLiteral("cpp"), rep, index), index, siteId));
            if (created)
                ++run.created;
            else if (firstError.isEmpty())
                firstError = created.error().message;
        }
    };
    QElapsedTimer clock;
    const qint64 cpu0 = processCpuNs();
    clock.start();
    std::vector<QCoro::Task<>> workers;
    for (int i = 0; i < kCreateConcurrency; ++i)
        workers.push_back(worker());
    for (auto &w : workers)
        co_await w;
    run.wallMs = double(clock.nsecsElapsed()) / 1e6;
    run.cpuMs = double(processCpuNs() - cpu0) / 1e6;
    if (run.created != count)
        fail(QStringLiteral("only %1 of %2 creates succeeded: %3")
                 .arg(run.created)
                 .arg(count)
                 .arg(firstError));
    co_return run;
}

QJsonObject requestJson(const Result<GraphQLRequest> &request, const char *what) {
    return require(request, what).toJson();
}

// ---------------------------------------------------------------------------------------------------
// The Python baseline process: one command per line on its stdin, one JSON line back per command.

class PythonBaseline {
public:
    PythonBaseline(const QString &python, const QString &specPath) {
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // Loopback only: keep httpx away from any proxy configured in the environment.
        env.insert(QStringLiteral("NO_PROXY"), QStringLiteral("*"));
        env.insert(QStringLiteral("no_proxy"), QStringLiteral("*"));
        m_process.setProcessEnvironment(env);
        m_process.start(python, {QStringLiteral(INFRAHUB_BENCH_BASELINE_SCRIPT), specPath});
        if (!m_process.waitForStarted(10'000))
            fail(QStringLiteral("cannot start %1: %2").arg(python, m_process.errorString()));
        m_versions = readLine("start-up");
    }
    ~PythonBaseline() {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    const QJsonObject &versions() const { return m_versions; }

    QJsonObject command(const char *name) {
        m_process.write(QByteArray(name) + '\n');
        return readLine(name);
    }
    void quit() {
        m_process.write("quit\n");
        m_process.closeWriteChannel();
        m_process.waitForFinished(30'000);
    }

private:
    QJsonObject readLine(const char *what) {
        while (!m_process.canReadLine()) {
            if (m_process.state() != QProcess::Running || !m_process.waitForReadyRead(30 * 60 * 1000))
                fail(QStringLiteral("the Python baseline failed during %1 (exit %2): %3")
                         .arg(QLatin1String(what))
                         .arg(m_process.exitCode())
                         .arg(QString::fromUtf8(m_process.readAllStandardError())));
        }
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(m_process.readLine(), &error).object();
        if (error.error != QJsonParseError::NoError)
            fail(QStringLiteral("cannot read the Python baseline's answer to %1: %2")
                     .arg(QLatin1String(what), error.errorString()));
        return o;
    }

    QProcess m_process;
    QJsonObject m_versions;
};

ListRun pythonRun(const QJsonObject &o, int devices, const char *mode) {
    ListRun r;
    r.firstPageMs = o.value(u"first_page_ms").toDouble();
    r.allRowsMs = o.value(u"all_rows_ms").toDouble();
    r.cpuMs = o.value(u"cpu_ms").toDouble();
    r.rows = o.value(u"rows").toInt();
    if (r.rows != devices)
        fail(QStringLiteral("Python %1 listed %2 rows, expected %3")
                 .arg(QLatin1String(mode))
                 .arg(r.rows)
                 .arg(devices));
    return r;
}

// ---------------------------------------------------------------------------------------------------
// Report

QString fmtMs(double v) {
    if (std::isnan(v))
        return QStringLiteral("n/a");
    return QString::number(v, 'f', v >= 100 ? 0 : (v >= 10 ? 1 : 2)) + QStringLiteral(" ms");
}

QString fmtRatio(double python, double ours) {
    return QString::number(python / ours, 'f', 2) + QLatin1Char('x');
}

struct Row {
    QString metric, ours, python, ratio;
};

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("InfrahubClient vs the Python SDK's asyncio/httpx patterns, same sandbox, same run."));
    parser.addHelpOption();
    const QCommandLineOption quickOpt(QStringLiteral("quick"),
                                      QStringLiteral("2,000 devices, 200 creates, 1 rep."));
    const QCommandLineOption devicesOpt(QStringLiteral("devices"), QStringLiteral("Devices to list."),
                                        QStringLiteral("N"));
    const QCommandLineOption createsOpt(QStringLiteral("creates"), QStringLiteral("VLANs to create."),
                                        QStringLiteral("N"));
    const QCommandLineOption repsOpt(QStringLiteral("reps"), QStringLiteral("Listing repetitions (median)."),
                                     QStringLiteral("N"));
    const QCommandLineOption latencyOpt(QStringLiteral("latency"),
                                        QStringLiteral("Sandbox --latency in ms (default 0)."),
                                        QStringLiteral("MS"));
    const QCommandLineOption sandboxOpt(QStringLiteral("sandbox"),
                                        QStringLiteral("infrahub-sandbox executable."),
                                        QStringLiteral("PATH"), QStringLiteral(INFRAHUB_SANDBOX_EXE));
    const QCommandLineOption pythonOpt(QStringLiteral("python"),
                                       QStringLiteral("Python with httpx (Debian's python3-httpx)."),
                                       QStringLiteral("PATH"), QStringLiteral("/usr/bin/python3"));
    const QCommandLineOption markdownOpt(QStringLiteral("markdown"),
                                         QStringLiteral("Append the table to FILE."), QStringLiteral("FILE"));
    // bench/run.sh passes the same arguments to every benchmark; accept the other benchmarks' options.
    const QCommandLineOption onlyOpt(QStringLiteral("only"), QStringLiteral("Ignored (bench_sandbox's)."),
                                     QStringLiteral("SECTIONS"));
    parser.addOptions(
        {quickOpt, devicesOpt, createsOpt, repsOpt, latencyOpt, sandboxOpt, pythonOpt, markdownOpt, onlyOpt});
    parser.process(app);

    const bool quick = parser.isSet(quickOpt);
    const int devices = parser.isSet(devicesOpt) ? parser.value(devicesOpt).toInt() : (quick ? 2000 : 10'000);
    const int creates = parser.isSet(createsOpt) ? parser.value(createsOpt).toInt() : (quick ? 200 : 1000);
    const int reps = std::max(1, parser.isSet(repsOpt) ? parser.value(repsOpt).toInt() : (quick ? 1 : 7));
    const int latencyMs = parser.value(latencyOpt).toInt();

    bench::benchName() = QStringLiteral("bench_client");
    bench::SandboxChild sandbox;
    QElapsedTimer startClock;
    startClock.start();
    const int port = sandbox.start(parser.value(sandboxOpt), devices, kToken, latencyMs);
    const QString address = QStringLiteral("http://127.0.0.1:%1").arg(port);
    std::printf("bench_client: sandbox with %d devices on %s (started in %.1f s), latency %d ms, %d rep(s)\n",
                devices, qPrintable(address), double(startClock.elapsed()) / 1000.0, latencyMs, reps);
    std::fflush(stdout);

    ClientConfig config;
    config.address = QUrl(address);
    config.apiToken = kToken;
    config.proxyMode = ClientConfig::ProxyMode::None; // loopback only, never a configured proxy
    config.maxConcurrentRequests = kListConcurrency;
    config.paginationSize = kPageSize;
    InfrahubClient client(config);

    // Warm-up (untimed, both sides do one): the schema fetch and the first connection.
    const std::shared_ptr<const SchemaSet> schema = require(QCoro::waitFor(client.schema()), "schema");
    const int total = require(QCoro::waitFor(client.count(kDeviceKind)), "count");
    if (total != devices)
        fail(QStringLiteral("expected %1 devices, the sandbox has %2").arg(devices).arg(total));
    QueryOptions oneSite;
    oneSite.limit = 1;
    const NodePage sites =
        require(QCoro::waitFor(client.list(QStringLiteral("LocationSite"), oneSite)), "site");
    if (sites.nodes.isEmpty())
        fail(QStringLiteral("the sandbox has no site"));
    const QString siteId = sites.nodes.first().id();

    // The documents the Python side sends: rendered here by the same renderers the client uses.
    const QueryRenderer queries(*schema);
    const MutationRenderer mutations(*schema);
    QJsonArray pageRequests;
    for (int offset = 0; offset < devices; offset += kPageSize) {
        QueryOptions page;
        page.offset = offset;
        page.limit = kPageSize;
        pageRequests.append(requestJson(queries.list(kDeviceKind, page), "render page"));
    }
    QJsonArray createRequests; // one list per repetition, names unique across both clients
    QJsonArray createRep;
    for (int i = 0; i < creates; ++i)
        createRep.append(requestJson(
            mutations.create(kVlanKind, vlanData(vlanName(QStringLiteral("py"), 0, i), i, siteId)),
            "render create"));
    createRequests.append(createRep);

    QTemporaryDir tmp;
    const QString specPath = tmp.filePath(QStringLiteral("spec.json"));
    {
        const QJsonObject spec{
            {QStringLiteral("address"), address},
            {QStringLiteral("token"), kToken},
            {QStringLiteral("kind"), kDeviceKind},
            {QStringLiteral("vlan_kind"), kVlanKind},
            {QStringLiteral("page_size"), kPageSize},
            {QStringLiteral("list_concurrency"), kListConcurrency},
            {QStringLiteral("create_concurrency"), kCreateConcurrency},
            {QStringLiteral("count_request"), requestJson(queries.count(kDeviceKind), "render count")},
            {QStringLiteral("page_requests"), pageRequests},
            {QStringLiteral("create_requests"), createRequests}};
        QFile file(specPath);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(QJsonDocument(spec).toJson(QJsonDocument::Compact)) < 0)
            fail(QStringLiteral("cannot write %1").arg(specPath));
    }

    // The Python baseline: started once, same sandbox, same documents; it takes one command at a time so
    // that the two clients' repetitions alternate (on a shared machine the load drifts during a run, and
    // running all of one side first would hand the drift to one side only).
    PythonBaseline python(parser.value(pythonOpt), specPath);
    const QJsonObject pyVersions = python.versions();

    // Both sides first list once untimed: the sandbox sorts the kind's ids on its first list request,
    // and each client's allocator and connections settle.
    QCoro::waitFor(listSequential(client, sandbox));
    python.command("list");

    std::vector<ListRun> seqRuns, concRuns;
    std::vector<ListRun> pySeqRuns, pyConcRuns;
    std::vector<double> pyServerCpuMs; // both of Python's listings of a repetition: one command
    for (int r = 0; r < reps; ++r) {
        seqRuns.push_back(QCoro::waitFor(listSequential(client, sandbox)));
        concRuns.push_back(QCoro::waitFor(listConcurrent(client, sandbox)));
        if (seqRuns.back().rows != devices || concRuns.back().rows != devices)
            fail(QStringLiteral("listed %1 / %2 rows, expected %3")
                     .arg(seqRuns.back().rows)
                     .arg(concRuns.back().rows)
                     .arg(devices));
        const qint64 pyServer0 = sandbox.cpuNs();
        const QJsonObject py = python.command("list");
        pyServerCpuMs.push_back(serverCpuMs(sandbox, pyServer0));
        pySeqRuns.push_back(pythonRun(py.value(u"sequential").toObject(), devices, "sequential"));
        pyConcRuns.push_back(pythonRun(py.value(u"concurrent").toObject(), devices, "concurrent"));
        std::printf(
            "  rep %d: ours sequential %s (first page %s), concurrent %s (first page %s); "
            "python %s / %s\n",
            r + 1, qPrintable(fmtMs(seqRuns.back().allRowsMs)), qPrintable(fmtMs(seqRuns.back().firstPageMs)),
            qPrintable(fmtMs(concRuns.back().allRowsMs)), qPrintable(fmtMs(concRuns.back().firstPageMs)),
            qPrintable(fmtMs(pySeqRuns.back().allRowsMs)), qPrintable(fmtMs(pyConcRuns.back().allRowsMs)));
        std::fflush(stdout);
    }
    ClientConfig createConfig = config;
    createConfig.maxConcurrentRequests = kCreateConcurrency;
    InfrahubClient createClient(createConfig);
    require(QCoro::waitFor(createClient.schema()), "schema"); // warm-up, as for listing
    const CreateRun ourCreates = QCoro::waitFor(createVlans(createClient, creates, 0, siteId));
    const QJsonObject pyCreates = python.command("creates");
    python.quit();
    std::printf("  creates: ours %d in %s, python %d in %s\n", ourCreates.created,
                qPrintable(fmtMs(ourCreates.wallMs)), pyCreates.value(u"created").toInt(),
                qPrintable(fmtMs(pyCreates.value(u"wall_ms").toDouble())));
    std::fflush(stdout);

    const ListFigures oursSeq = summarise(seqRuns), oursConc = summarise(concRuns);
    const ListFigures pySeq = summarise(pySeqRuns), pyConc = summarise(pyConcRuns);
    const double pyCreateMs = pyCreates.value(u"wall_ms").toDouble();
    if (pyCreates.value(u"created").toInt() != creates)
        fail(QStringLiteral("Python created %1 of %2 VLANs")
                 .arg(pyCreates.value(u"created").toInt())
                 .arg(creates));

    const QString perObj = QStringLiteral("%1 µs");
    std::vector<Row> rows = {
        {QStringLiteral("sequential: first page"), fmtMs(oursSeq.firstPageMs), fmtMs(pySeq.firstPageMs),
         fmtRatio(pySeq.firstPageMs, oursSeq.firstPageMs)},
        {QStringLiteral("sequential: all %1 rows").arg(devices), fmtMs(oursSeq.allRowsMs),
         fmtMs(pySeq.allRowsMs), fmtRatio(pySeq.allRowsMs, oursSeq.allRowsMs)},
        {QStringLiteral("sequential: client CPU per object"), perObj.arg(oursSeq.cpuUsPerObject, 0, 'f', 1),
         perObj.arg(pySeq.cpuUsPerObject, 0, 'f', 1), fmtRatio(pySeq.cpuUsPerObject, oursSeq.cpuUsPerObject)},
        {QStringLiteral("concurrent(5): first page (count + page)"), fmtMs(oursConc.firstPageMs),
         fmtMs(pyConc.firstPageMs), fmtRatio(pyConc.firstPageMs, oursConc.firstPageMs)},
        {QStringLiteral("concurrent(5): all %1 rows").arg(devices), fmtMs(oursConc.allRowsMs),
         fmtMs(pyConc.allRowsMs), fmtRatio(pyConc.allRowsMs, oursConc.allRowsMs)},
        {QStringLiteral("concurrent(5): client CPU per object"),
         perObj.arg(oursConc.cpuUsPerObject, 0, 'f', 1), perObj.arg(pyConc.cpuUsPerObject, 0, 'f', 1),
         fmtRatio(pyConc.cpuUsPerObject, oursConc.cpuUsPerObject)},
        // The server's share of the wall time: the sandbox's CPU during each listing. Python's two
        // listings of a repetition are one command, so its figure is their sum over two.
        {QStringLiteral("sandbox CPU per listing (seq. / conc.)"),
         QStringLiteral("%1 / %2").arg(fmtMs(oursSeq.serverCpuMs), fmtMs(oursConc.serverCpuMs)),
         QStringLiteral("%1 each").arg(fmtMs(median(pyServerCpuMs) / 2)), QString()},
        // Not in the listing times on either side (Python drops its rows after its clock stops too).
        {QStringLiteral("freeing the rows afterwards (seq. / conc.)"),
         QStringLiteral("%1 / %2").arg(fmtMs(oursSeq.releaseMs), fmtMs(oursConc.releaseMs)),
         QStringLiteral("-"), QString()},
        {QStringLiteral("%1 VLAN creates at concurrency 10").arg(creates), fmtMs(ourCreates.wallMs),
         fmtMs(pyCreateMs), fmtRatio(pyCreateMs, ourCreates.wallMs)},
        {QStringLiteral("creates per second"), QString::number(creates * 1000.0 / ourCreates.wallMs, 'f', 0),
         QString::number(creates * 1000.0 / pyCreateMs, 'f', 0), fmtRatio(pyCreateMs, ourCreates.wallMs)},
        {QStringLiteral("creates: client CPU per object"),
         perObj.arg(ourCreates.cpuMs * 1000.0 / creates, 0, 'f', 1),
         perObj.arg(pyCreates.value(u"cpu_ms").toDouble() * 1000.0 / creates, 0, 'f', 1),
         fmtRatio(pyCreates.value(u"cpu_ms").toDouble(), ourCreates.cpuMs)},
    };

    std::printf("\n== InfrahubClient vs Python SDK patterns (asyncio + httpx %s), medians of %d\n",
                qPrintable(pyVersions.value(u"httpx").toString()), reps);
    std::printf("  %-42s %12s %12s %9s\n", "metric", "ours", "python", "py/ours");
    for (const Row &r : rows)
        std::printf("  %-42s %12s %12s %9s\n", qPrintable(r.metric), qPrintable(r.ours), qPrintable(r.python),
                    qPrintable(r.ratio));
    // The goal: at least 3x faster end to end on listing, in both paging modes.
    const double worstListRatio =
        std::min(pySeq.allRowsMs / oursSeq.allRowsMs, pyConc.allRowsMs / oursConc.allRowsMs);
    std::printf("  goal: listing >= %dx faster end to end: %s (worst mode %.2fx)\n", kRequiredSpeedup,
                worstListRatio >= kRequiredSpeedup ? "MET" : "NOT MET", worstListRatio);
    // The spread: each repetition runs both clients back to back, so its own ratio is taken under one
    // load, while the medians above may come from different repetitions.
    auto spread = [](const std::vector<ListRun> &ours, const std::vector<ListRun> &python) {
        std::vector<double> ratios;
        for (size_t i = 0; i < ours.size() && i < python.size(); ++i)
            ratios.push_back(python[i].allRowsMs / ours[i].allRowsMs);
        std::sort(ratios.begin(), ratios.end());
        return QStringLiteral("%1x to %2x, median %3x")
            .arg(ratios.front(), 0, 'f', 2)
            .arg(ratios.back(), 0, 'f', 2)
            .arg(median(ratios), 0, 'f', 2);
    };
    std::printf("  per repetition (both clients back to back): sequential %s; concurrent %s\n",
                qPrintable(spread(seqRuns, pySeqRuns)), qPrintable(spread(concRuns, pyConcRuns)));
    std::printf("  machine: %s, %d cores, %s\n", qPrintable(QSysInfo::prettyProductName()),
                QThread::idealThreadCount(),
                qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    std::fflush(stdout);

    if (parser.isSet(markdownOpt)) {
        QFile md(parser.value(markdownOpt));
        if (md.open(QIODevice::Append | QIODevice::Text)) {
            QString text =
                QStringLiteral(
                    "\n| bench_client (%1 devices, latency %2 ms) | ours | Python | Python / ours |\n"
                    "|---|---:|---:|---:|\n")
                    .arg(devices)
                    .arg(latencyMs);
            for (const Row &r : rows)
                text += QStringLiteral("| %1 | %2 | %3 | %4 |\n").arg(r.metric, r.ours, r.python, r.ratio);
            md.write(text.toUtf8());
        }
    }
    return 0;
}
