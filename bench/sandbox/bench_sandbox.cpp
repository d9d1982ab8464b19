// bench_sandbox: how fast infrahub-sandbox serves what the console and the Python SDK ask for most, pages
// of 50 devices with the SDK's default selection. It measures in-process (SandboxServer::executeGraphQL,
// no HTTP) and over loopback HTTP, and prints every result next to a baseline measured or named in the
// same run:
//   - the goals ("goal: 5 ms per page", "goal: 1 s for 10k", "ideal 50 ms" for 100 x 50 ms),
//   - the "static-response baseline": an HttpServer of the same class, in the same thread, answering the
//     same requests with a pre-serialised page of the same size, so the ratio separates GraphQL execution
//     from transport (HTTP parsing, sockets, the client).
// The server runs in a thread of its own, the clients in the main thread: a minimal raw-socket HTTP/1.1
// client (whose timings are the server's) and QNetworkAccessManager (what the console sees). The server
// thread's CPU clock gives the server's time whatever the client. Start-up time and memory come from the
// real infrahub-sandbox executable run as a child process.
//
// Usage: bench_sandbox [--quick] [--devices N] [--only SECTIONS] [--sandbox PATH] [--markdown FILE]
// (normally through bench/run.sh; docs/benchmarks.md explains the figures).

#include "sandboxoptions.h"
#include "sandboxserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QSysInfo>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

using namespace infrahub;
using namespace infrahub::sandbox;

namespace {

constexpr int kPageSize = 50;
// The goals, used as the named baseline.
constexpr double kGoalPageMs = 5.0;      // "a page of 50 devices ... in well under 5 ms of server time"
constexpr double kGoalPagingMs = 1000.0; // "10,000 devices paged in under a second"
constexpr int kLatencyRequests = 100;    // "100 concurrent requests with 50 ms latency finish in about
constexpr int kLatencyMs = 50;           //  50 ms, not 5 s"
// Qt 6.4's QNetworkAccessManager opens at most this many connections per host; more concurrency needs
// more managers.
constexpr int kConnectionsPerManager = 6;

// ---------------------------------------------------------------------------------------------------
// Clocks and statistics

qint64 clockNs(clockid_t clock) {
    timespec ts{};
    clock_gettime(clock, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

double nsToMs(qint64 ns) {
    return double(ns) / 1e6;
}

class Samples {
public:
    void add(double value) { m_values.push_back(value); }
    bool isEmpty() const { return m_values.empty(); }
    int count() const { return int(m_values.size()); }
    double median() const { return percentile(50); }
    // Nearest-rank percentile.
    double percentile(double p) const {
        if (m_values.empty())
            return qQNaN();
        std::vector<double> sorted = m_values;
        std::sort(sorted.begin(), sorted.end());
        const auto rank = qsizetype(std::ceil(p / 100.0 * double(sorted.size())));
        return sorted.at(size_t(qBound<qsizetype>(1, rank, qsizetype(sorted.size())) - 1));
    }
    double min() const {
        return m_values.empty() ? qQNaN() : *std::min_element(m_values.begin(), m_values.end());
    }

private:
    std::vector<double> m_values;
};

QString ms(double value) {
    if (std::isnan(value))
        return QStringLiteral("n/a");
    if (value >= 100)
        return QString::number(value, 'f', 0) + QStringLiteral(" ms");
    if (value >= 10)
        return QString::number(value, 'f', 1) + QStringLiteral(" ms");
    return QString::number(value, 'f', 3) + QStringLiteral(" ms");
}

QString us(double value) {
    return QString::number(value, 'f', 1) + QStringLiteral(" µs");
}

QString perSecond(double value) {
    return QString::number(value, 'f', 0) + QStringLiteral("/s");
}

QString mib(qint64 kb) {
    return kb < 0 ? QStringLiteral("n/a")
                  : QString::number(double(kb) / 1024.0, 'f', 1) + QStringLiteral(" MiB");
}

// "0.12 of goal (8.3x headroom)" / "2.0x over goal".
QString goalRatio(double value, double goal) {
    const double r = value / goal;
    if (r <= 1)
        return QStringLiteral("%1 of goal (%2x headroom)").arg(r, 0, 'f', 3).arg(goal / value, 0, 'f', 1);
    return QStringLiteral("%1x OVER goal").arg(r, 0, 'f', 2);
}

QString times(double value, double baseline, const QString &what) {
    const double r = value / baseline;
    return QStringLiteral("%1x %2").arg(r, 0, 'f', r < 0.1 ? 3 : 2).arg(what);
}

// ---------------------------------------------------------------------------------------------------
// The report: printed as it goes, and as a Markdown table at the end (pasted into docs/benchmarks.md).

class Report {
public:
    void section(const QString &title) {
        std::printf("\n== %s\n", qPrintable(title));
        std::fflush(stdout);
        m_rows.append({title, {}, {}, {}, true});
    }
    void add(const QString &metric, const QString &result, const QString &baseline = {},
             const QString &ratio = {}) {
        std::printf("  %-58s %16s", qPrintable(metric), qPrintable(result));
        if (!baseline.isEmpty())
            std::printf("   vs %s", qPrintable(baseline));
        if (!ratio.isEmpty())
            std::printf("  -> %s", qPrintable(ratio));
        std::printf("\n");
        std::fflush(stdout);
        m_rows.append({metric, result, baseline, ratio, false});
    }
    void note(const QString &text) {
        std::printf("  (%s)\n", qPrintable(text));
        std::fflush(stdout);
    }
    void failure(const QString &text) {
        std::printf("  FAILED: %s\n", qPrintable(text));
        std::fflush(stdout);
        m_failures.append(text);
    }
    bool failed() const { return !m_failures.isEmpty(); }

    QString markdown() const {
        QString out = QStringLiteral("| Metric | Result | Baseline | Ratio |\n|---|---:|---|---|\n");
        for (const Row &row : m_rows) {
            if (row.isSection)
                out += QStringLiteral("| **%1** | | | |\n").arg(row.metric);
            else
                out += QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                           .arg(row.metric, row.result, row.baseline, row.ratio);
        }
        return out;
    }

private:
    struct Row {
        QString metric;
        QString result;
        QString baseline;
        QString ratio;
        bool isSection;
    };
    QList<Row> m_rows;
    QStringList m_failures;
};

// ---------------------------------------------------------------------------------------------------
// Queries

// What the Python SDK (>= 1.4) selects for a kind by default: id, hfid, display_label and __typename;
// every attribute as { value }; cardinality-one relationships as { node { id hfid display_label
// __typename } }; cardinality-many relationships only of kind Attribute or Parent, as { count edges
// { node { id display_label __typename } } }. Built from the served schema so it follows schema changes.
QString sdkDefaultSelection(const KindSchema &kind) {
    QString s = QStringLiteral("id hfid display_label __typename");
    for (const AttributeSchema &a : kind.attributes)
        s += QLatin1Char(' ') + a.name + QStringLiteral(" { value }");
    for (const RelationshipSchema &r : kind.relationships) {
        if (!r.isMany())
            s += QLatin1Char(' ') + r.name + QStringLiteral(" { node { id hfid display_label __typename } }");
        else if (r.kind == u"Attribute" || r.kind == u"Parent")
            s += QLatin1Char(' ') + r.name +
                 QStringLiteral(" { count edges { node { id display_label __typename } } }");
    }
    return s;
}

// One page as the SDK sends it: limit and offset inlined into the query text. A non-empty `nonce` adds a
// comment, which makes the text new to the server's parsed-document cache.
QJsonObject pageRequest(const QString &selection, int offset, int limit, const QString &nonce = {}) {
    QString query =
        QStringLiteral("query { InfraDevice(limit: %1, offset: %2) { count edges { node { %3 } } } }")
            .arg(limit)
            .arg(offset)
            .arg(selection);
    if (!nonce.isEmpty())
        query += QStringLiteral("\n# ") + nonce;
    return QJsonObject{{QStringLiteral("query"), query}};
}

// The smallest useful request: what every request costs before any node is resolved.
QJsonObject countRequest(int offset) {
    return QJsonObject{{QStringLiteral("query"),
                        QStringLiteral("query { InfraDevice(limit: 1, offset: %1) { count } }").arg(offset)}};
}

QByteArray requestBody(const QJsonObject &request) {
    return QJsonDocument(request).toJson(QJsonDocument::Compact);
}

const QByteArray kPagePrefix = QByteArrayLiteral("{\"data\":{\"InfraDevice\":{\"count\":");

// A page is right when it has the total count and the expected number of devices, and no errors.
bool checkPage(const QByteArray &body, int total, int edges, QString *why) {
    const QByteArray prefix = kPagePrefix + QByteArray::number(total) + ',';
    if (!body.startsWith(prefix)) {
        *why = QStringLiteral("unexpected response: ") + QString::fromUtf8(body.left(300));
        return false;
    }
    const auto devices = body.count(QByteArrayView("\"__typename\":\"InfraDevice\""));
    if (devices != edges || body.contains("\"errors\"")) {
        *why = QStringLiteral("expected %1 devices, got %2: %3")
                   .arg(edges)
                   .arg(devices)
                   .arg(QString::fromUtf8(body.left(300)));
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------------
// The server under test in a thread of its own, with the static-response baseline beside it.

class ServerHost {
public:
    explicit ServerHost(SandboxOptions options)
        : m_options(std::move(options)) {}
    ~ServerHost() { stop(); }

    bool start(QString *error) {
        m_thread.setObjectName(QStringLiteral("sandbox-server"));
        m_thread.start();
        m_anchor = new QObject;
        m_anchor->moveToThread(&m_thread);
        bool ok = false;
        run([&] {
            pthread_getcpuclockid(pthread_self(), &m_cpuClock);
            QElapsedTimer wall;
            wall.start();
            const qint64 cpu0 = clockNs(CLOCK_THREAD_CPUTIME_ID);
            m_server = std::make_unique<SandboxServer>(m_options);
            ok = m_server->start(error);
            m_startMs = nsToMs(wall.nsecsElapsed());
            m_startCpuMs = nsToMs(clockNs(CLOCK_THREAD_CPUTIME_ID) - cpu0);
            if (!ok)
                return;
            m_static = std::make_unique<HttpServer>();
            // The same HttpServer class, framing and socket code as the sandbox, minus everything GraphQL.
            m_static->setHandler([this](const HttpRequest &, Responder respond) {
                HttpResponse response;
                response.body = m_staticBody;
                respond(std::move(response));
            });
            ok = m_static->listen(QHostAddress::LocalHost, 0, error);
        });
        return ok;
    }

    void stop() {
        if (!m_anchor)
            return;
        run([this] {
            m_static.reset();
            m_server.reset();
        });
        m_thread.quit();
        m_thread.wait();
        delete m_anchor;
        m_anchor = nullptr;
    }

    // Runs `f` in the server thread and waits for it. Only code run this way may touch server() and
    // setStaticBody() (the objects belong to that thread).
    void run(const std::function<void()> &f) {
        QMetaObject::invokeMethod(m_anchor, f, Qt::BlockingQueuedConnection);
    }

    SandboxServer &server() { return *m_server; }
    void setStaticBody(const QByteArray &body) { m_staticBody = body; }

    QUrl graphqlUrl() const { return m_server->url().resolved(QUrl(QStringLiteral("/graphql"))); }
    QUrl apiInfoUrl() const { return m_server->url().resolved(QUrl(QStringLiteral("/api/info"))); }
    QUrl staticUrl() const { return m_static->url().resolved(QUrl(QStringLiteral("/graphql"))); }
    // CPU time the server thread has used so far (readable from any thread).
    qint64 cpuNs() const { return clockNs(m_cpuClock); }
    double startMs() const { return m_startMs; }
    double startCpuMs() const { return m_startCpuMs; }

private:
    SandboxOptions m_options;
    QThread m_thread;
    QObject *m_anchor = nullptr;
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<HttpServer> m_static;
    QByteArray m_staticBody;
    clockid_t m_cpuClock{};
    double m_startMs = 0;
    double m_startCpuMs = 0;
};

// ---------------------------------------------------------------------------------------------------
// HTTP client side

// Fresh managers, so each run decides its own number of connections.
std::vector<std::unique_ptr<QNetworkAccessManager>> makeManagers(int count) {
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    for (int i = 0; i < count; ++i)
        managers.push_back(std::make_unique<QNetworkAccessManager>());
    return managers;
}

QNetworkReply *send(QNetworkAccessManager &manager, const QUrl &url, const QByteArray &body) {
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (body.isEmpty())
        return manager.get(request);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return manager.post(request, body);
}

struct LaneRun {
    qint64 wallNs = 0;
    qint64 serverCpuNs = 0;
    qint64 clientCpuNs = 0;
    int ok = 0;
    int failed = 0;
    qint64 bytes = 0;
    QString firstError;
};

// Sends `bodies` (empty = GET) to `url` over `lanes` request chains: each lane has at most one request in
// flight and sends the next unsent body when its answer arrives. Lane i uses managers[i % size], so a
// manager must not get more lanes than its connection limit. A response counts as ok with status 200 and
// a body starting with `expectPrefix`.
LaneRun runLanes(const std::vector<std::unique_ptr<QNetworkAccessManager>> &managers, int lanes,
                 const QUrl &url, const QList<QByteArray> &bodies, const QByteArray &expectPrefix,
                 const ServerHost *host) {
    LaneRun run;
    QEventLoop loop;
    qsizetype next = 0;
    int active = lanes;
    std::function<void(int)> sendNext = [&](int lane) {
        if (next >= bodies.size()) {
            if (--active == 0)
                loop.quit();
            return;
        }
        QNetworkReply *reply = send(*managers.at(size_t(lane) % managers.size()), url, bodies.at(next++));
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, lane] {
            const QByteArray data = reply->readAll();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (reply->error() == QNetworkReply::NoError && status == 200 && data.startsWith(expectPrefix)) {
                ++run.ok;
            } else {
                ++run.failed;
                if (run.firstError.isEmpty())
                    run.firstError = QStringLiteral("HTTP %1 %2: %3")
                                         .arg(status)
                                         .arg(reply->errorString(), QString::fromUtf8(data.left(200)));
            }
            run.bytes += data.size();
            reply->deleteLater();
            sendNext(lane);
        });
    };
    // A hung server must not hang the benchmark.
    QTimer::singleShot(300'000, &loop, [&] {
        run.firstError = QStringLiteral("timed out");
        loop.quit();
    });
    const qint64 server0 = host ? host->cpuNs() : 0;
    const qint64 client0 = clockNs(CLOCK_THREAD_CPUTIME_ID);
    QElapsedTimer wall;
    wall.start();
    for (int lane = 0; lane < lanes; ++lane)
        sendNext(lane);
    if (active > 0)
        loop.exec();
    run.wallNs = wall.nsecsElapsed();
    run.clientCpuNs = clockNs(CLOCK_THREAD_CPUTIME_ID) - client0;
    run.serverCpuNs = host ? host->cpuNs() - server0 : 0;
    return run;
}

struct Exchange {
    bool ok = false;
    QByteArray body;
    double ms = 0;
    QString error;
};

Exchange postOnce(QNetworkAccessManager &manager, const QUrl &url, const QByteArray &body) {
    Exchange result;
    QEventLoop loop;
    QElapsedTimer wall;
    wall.start();
    QNetworkReply *reply = send(manager, url, body);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(300'000, &loop, &QEventLoop::quit);
    loop.exec();
    result.ms = nsToMs(wall.nsecsElapsed());
    if (!reply->isFinished()) {
        result.error = QStringLiteral("timed out");
        reply->abort();
    } else {
        result.body = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.ok = reply->error() == QNetworkReply::NoError && status == 200;
        if (!result.ok)
            result.error = QStringLiteral("HTTP %1 %2").arg(status).arg(reply->errorString());
    }
    reply->deleteLater();
    return result;
}

// ---------------------------------------------------------------------------------------------------
// /proc helpers for the child-process measurements

struct Memory {
    qint64 rssKb = -1;
    qint64 hwmKb = -1;
};

Memory readMemory(qint64 pid) {
    Memory m;
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return m;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QList<QByteArray> parts = line.simplified().split(' ');
        if (parts.size() >= 2 && parts.at(0) == "VmRSS:")
            m.rssKb = parts.at(1).toLongLong();
        else if (parts.size() >= 2 && parts.at(0) == "VmHWM:")
            m.hwmKb = parts.at(1).toLongLong();
    }
    return m;
}

// User + system CPU time of a process.
double processCpuMs(qint64 pid) {
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return qQNaN();
    const QByteArray stat = file.readAll();
    // Fields after the command name (which may contain spaces) start with field 3, the state.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return qQNaN();
    const double ticks = double(fields.at(11).toLongLong() + fields.at(12).toLongLong());
    return ticks * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

QString firstLine(const QString &path, const QByteArray &key) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : file.readAll().split('\n'))
        if (line.startsWith(key))
            return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
    return {};
}

QString loadAverage() {
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("n/a");
    return QString::fromUtf8(file.readAll().split(' ').mid(0, 3).join(' '));
}

// ---------------------------------------------------------------------------------------------------
// The benchmarks

struct Config {
    bool quick = false;
    int devices = 10'000;
    QString sandboxExe;
    QList<int> datasetSizes;
    int inProcessPasses = 5;
    int uncachedPasses = 2;
    int httpRuns = 5;
    QList<int> rawLanes;     // connections for the raw socket client (the first should be 1)
    QList<int> managerLanes; // connections for QNetworkAccessManager (the first should be 1)
};

// In-process: SandboxServer::executeGraphQL in the server thread, no HTTP at all.
void benchInProcess(ServerHost &host, const Config &config, const QString &selection, Report &report) {
    const int devices = config.devices;
    const int pages = (devices + kPageSize - 1) / kPageSize;
    auto edgesOf = [devices](int page) {
        return std::min(kPageSize, devices - page * kPageSize);
    };

    double firstMs = 0, firstCountMs = 0, firstCountCpuMs = 0;
    Samples cachedWall, cachedCpu, uncachedWall, countWall, pagingWall;
    qint64 pagingCpuNs = 0;
    int pagingPasses = 0;
    QString error;
    qint64 pageBytes = 0;
    host.run([&] {
        SandboxServer &server = host.server();
        auto execute = [&](const QJsonObject &request, double *wallMs, double *cpuMs) {
            QElapsedTimer wall;
            wall.start();
            const qint64 cpu0 = clockNs(CLOCK_THREAD_CPUTIME_ID);
            HttpResponse response = server.executeGraphQL(QStringLiteral("main"), request, false);
            *cpuMs = nsToMs(clockNs(CLOCK_THREAD_CPUTIME_ID) - cpu0);
            *wallMs = nsToMs(wall.nsecsElapsed());
            return response;
        };
        double wallMs = 0, cpuMs = 0;
        // The very first list request sorts the kind's ids (cached until the next write); a count-only
        // request shows that cost alone. The first page then parses the page query once.
        execute(countRequest(0), &firstCountMs, &firstCountCpuMs);
        HttpResponse first = execute(pageRequest(selection, 0, kPageSize), &firstMs, &cpuMs);
        pageBytes = first.body.size();
        if (!checkPage(first.body, devices, edgesOf(0), &error))
            return;
        // Warm-up pass, checking every page: afterwards each page's query text is in the parsed-document
        // cache, as it is for a client that pages through the same kind again.
        for (int p = 0; p < pages; ++p) {
            const HttpResponse r = execute(pageRequest(selection, p * kPageSize, kPageSize), &wallMs, &cpuMs);
            if (!checkPage(r.body, devices, edgesOf(p), &error))
                return;
        }
        for (int pass = 0; pass < config.inProcessPasses; ++pass) {
            double passMs = 0;
            for (int p = 0; p < pages; ++p) {
                const QJsonObject request = pageRequest(selection, p * kPageSize, kPageSize);
                const qint64 cpu0 = clockNs(CLOCK_THREAD_CPUTIME_ID);
                execute(request, &wallMs, &cpuMs);
                pagingCpuNs += clockNs(CLOCK_THREAD_CPUTIME_ID) - cpu0;
                cachedWall.add(wallMs);
                cachedCpu.add(cpuMs);
                passMs += wallMs;
            }
            pagingWall.add(passMs);
            ++pagingPasses;
        }
        // Every query text new: parse and validate on every page (a client whose queries differ each
        // time, or the first run after start).
        for (int pass = 0; pass < config.uncachedPasses; ++pass) {
            for (int p = 0; p < pages; ++p) {
                const QJsonObject request = pageRequest(selection, p * kPageSize, kPageSize,
                                                        QStringLiteral("pass %1 page %2").arg(pass).arg(p));
                execute(request, &wallMs, &cpuMs);
                uncachedWall.add(wallMs);
            }
        }
        // The fixed cost of any request: count only, no node resolved.
        for (int i = 0; i < 3; ++i)
            for (int p = 0; p < pages; ++p) {
                execute(countRequest(p), &wallMs, &cpuMs);
                if (i > 0)
                    countWall.add(wallMs);
            }
    });
    if (!error.isEmpty()) {
        report.failure(QStringLiteral("in-process page check: ") + error);
        return;
    }
    report.note(QStringLiteral("%1 devices, %2 pages of %3, response %4 bytes per page, %5 timed passes")
                    .arg(devices)
                    .arg(pages)
                    .arg(kPageSize)
                    .arg(pageBytes)
                    .arg(config.inProcessPasses));
    const QString goalPage = QStringLiteral("goal: 5 ms per page");
    report.add(QStringLiteral("page of 50, median wall (query text cached)"), ms(cachedWall.median()),
               goalPage, goalRatio(cachedWall.median(), kGoalPageMs));
    report.add(QStringLiteral("page of 50, p95 wall (query text cached)"), ms(cachedWall.percentile(95)),
               goalPage, goalRatio(cachedWall.percentile(95), kGoalPageMs));
    report.add(QStringLiteral("page of 50, median thread CPU"), ms(cachedCpu.median()), goalPage,
               goalRatio(cachedCpu.median(), kGoalPageMs));
    report.add(QStringLiteral("page of 50, median wall (new query text: parse+validate)"),
               ms(uncachedWall.median()), goalPage, goalRatio(uncachedWall.median(), kGoalPageMs));
    report.add(QStringLiteral("first request after start or a write, count only (sorts the ids)"),
               ms(firstCountMs) + QStringLiteral(" (CPU ") + ms(firstCountCpuMs) + QLatin1Char(')'), goalPage,
               goalRatio(firstCountMs, kGoalPageMs));
    report.add(QStringLiteral("first page after that (parses the page query)"), ms(firstMs), goalPage,
               goalRatio(firstMs, kGoalPageMs));
    report.add(QStringLiteral("count-only request, median (fixed cost per request)"), ms(countWall.median()),
               QStringLiteral("page of 50"),
               times(countWall.median(), cachedWall.median(), QStringLiteral("of a page")));
    report.add(QStringLiteral("pages/s, one thread (1 / median)"), perSecond(1000.0 / cachedWall.median()));
    report.add(QStringLiteral("%1 devices paged (sum of %2 pages), median pass").arg(devices).arg(pages),
               ms(pagingWall.median()), QStringLiteral("goal: 1 s for 10k"),
               goalRatio(pagingWall.median() * 10'000.0 / devices, kGoalPagingMs));
    const double cpuPerDeviceUs = double(pagingCpuNs) / 1e3 / double(pagingPasses) / double(devices);
    report.add(QStringLiteral("CPU time per device (default selection)"), us(cpuPerDeviceUs), goalPage,
               QStringLiteral("%1 per 50").arg(ms(cpuPerDeviceUs * kPageSize / 1000.0)));
}

// The same lanes as runLanes(), over plain QTcpSockets in this thread: a minimal HTTP/1.1 keep-alive
// client (status line and Content-Length only). QNetworkAccessManager runs HTTP in a thread of its own
// and hands every reply across threads, which on a loaded 2-core machine costs more than serving a
// static page; this client adds almost nothing, so its timings are the server's.
LaneRun runRawLanes(const QUrl &url, int lanes, const QList<QByteArray> &bodies,
                    const QByteArray &expectPrefix, const ServerHost *host) {
    LaneRun run;
    const QByteArray head = "POST " + url.path().toUtf8() + " HTTP/1.1\r\nHost: " + url.host().toUtf8() +
                            ':' + QByteArray::number(url.port()) +
                            "\r\nContent-Type: application/json\r\nContent-Length: ";
    QList<QByteArray> requests;
    for (const QByteArray &body : bodies)
        requests.append(head + QByteArray::number(body.size()) + "\r\n\r\n" + body);

    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, [&] {
        run.firstError = QStringLiteral("timed out");
        loop.quit();
    });
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    int connected = 0;
    for (int i = 0; i < lanes; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        QTcpSocket *socket = sockets.back().get();
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        QObject::connect(socket, &QTcpSocket::connected, &loop, [&] {
            if (++connected == lanes)
                loop.quit();
        });
        socket->connectToHost(url.host(), quint16(url.port()));
    }
    timeout.start(30'000);
    loop.exec();
    if (connected < lanes) {
        run.failed = int(bodies.size());
        run.firstError = QStringLiteral("only %1 of %2 connections opened").arg(connected).arg(lanes);
        return run;
    }

    qsizetype next = 0;
    int active = lanes;
    std::vector<QByteArray> buffers(static_cast<size_t>(lanes));
    auto sendNext = [&](QTcpSocket *socket) {
        if (next >= requests.size()) {
            if (--active == 0)
                loop.quit();
            return;
        }
        socket->write(requests.at(next++));
    };
    for (int i = 0; i < lanes; ++i) {
        QTcpSocket *socket = sockets.at(size_t(i)).get();
        QObject::connect(socket, &QTcpSocket::readyRead, &loop, [&, socket, i] {
            QByteArray &buffer = buffers.at(size_t(i));
            buffer += socket->readAll();
            const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            const QByteArray header = buffer.left(headerEnd).toLower();
            const qsizetype at = header.indexOf("\r\ncontent-length:");
            const qsizetype valueEnd = header.indexOf('\r', at + 2);
            const qsizetype length =
                at < 0 ? 0
                       : header.mid(at + 17, valueEnd < 0 ? -1 : valueEnd - at - 17).trimmed().toLongLong();
            if (buffer.size() < headerEnd + 4 + length)
                return;
            const QByteArray body = buffer.mid(headerEnd + 4, length);
            if (buffer.startsWith("HTTP/1.1 200") && body.startsWith(expectPrefix)) {
                ++run.ok;
            } else {
                ++run.failed;
                if (run.firstError.isEmpty())
                    run.firstError = QString::fromUtf8(buffer.left(300));
            }
            run.bytes += length;
            buffer.remove(0, headerEnd + 4 + length);
            sendNext(socket);
        });
    }
    const qint64 server0 = host ? host->cpuNs() : 0;
    const qint64 client0 = clockNs(CLOCK_THREAD_CPUTIME_ID);
    QElapsedTimer wall;
    wall.start();
    for (const auto &socket : sockets)
        sendNext(socket.get());
    timeout.start(300'000);
    if (active > 0)
        loop.exec();
    run.wallNs = wall.nsecsElapsed();
    run.clientCpuNs = clockNs(CLOCK_THREAD_CPUTIME_ID) - client0;
    run.serverCpuNs = host ? host->cpuNs() - server0 : 0;
    return run;
}

enum class Client { Raw, Manager };

struct HttpFigures {
    double wallMs = 0;
    double serverCpuMs = 0;
    double clientCpuMs = 0;
};

// Runs the page requests `runs` times over `lanes` connections (after one untimed warm-up run, on the same
// connections for QNetworkAccessManager) and returns the median run.
std::optional<HttpFigures> pageOverHttp(ServerHost &host, Client client, const QUrl &url,
                                        const QList<QByteArray> &bodies, int lanes, int runs, Report &report,
                                        const QString &label) {
    const auto managers = makeManagers(client == Client::Manager ? lanes : 0);
    auto once = [&] {
        return client == Client::Raw ? runRawLanes(url, lanes, bodies, kPagePrefix, &host)
                                     : runLanes(managers, lanes, url, bodies, kPagePrefix, &host);
    };
    Samples wall, server, cpu;
    for (int i = -1; i < runs; ++i) {
        const LaneRun r = once();
        if (r.failed || r.ok != bodies.size()) {
            report.failure(QStringLiteral("%1: %2 failed: %3").arg(label).arg(r.failed).arg(r.firstError));
            return std::nullopt;
        }
        if (i < 0)
            continue; // warm-up
        wall.add(nsToMs(r.wallNs));
        server.add(nsToMs(r.serverCpuNs));
        cpu.add(nsToMs(r.clientCpuNs));
    }
    return HttpFigures{wall.median(), server.median(), cpu.median()};
}

void benchHttp(ServerHost &host, const Config &config, const QString &selection, Report &report) {
    const int devices = config.devices;
    const int pages = (devices + kPageSize - 1) / kPageSize;
    QList<QByteArray> bodies;
    for (int p = 0; p < pages; ++p)
        bodies.append(requestBody(pageRequest(selection, p * kPageSize, kPageSize)));
    // The baseline answers every request with page 1 as served by the sandbox: same size, same framing.
    host.run([&] {
        host.setStaticBody(
            host.server()
                .executeGraphQL(QStringLiteral("main"), pageRequest(selection, 0, kPageSize), false)
                .body);
    });
    const QString staticName = QStringLiteral("static-response baseline");
    const QString goalPaging = QStringLiteral("goal: 1 s for 10k");
    report.note(
        QStringLiteral("each lane = one keep-alive connection with one request in flight; server thread "
                       "CPU from its thread clock; median of %1 runs after a warm-up run")
            .arg(config.httpRuns));

    struct Case {
        Client client;
        int lanes;
    };
    QList<Case> cases;
    for (const int lanes : config.rawLanes)
        cases.append({Client::Raw, lanes});
    for (const int lanes : config.managerLanes)
        cases.append({Client::Manager, lanes});
    std::optional<HttpFigures> firstRaw, firstManager;
    for (const Case &c : cases) {
        const QString clientName = c.client == Client::Raw ? QStringLiteral("raw socket client")
                                                           : QStringLiteral("QNetworkAccessManager");
        const QString label = QStringLiteral("%1, %2 connection%3")
                                  .arg(clientName)
                                  .arg(c.lanes)
                                  .arg(c.lanes == 1 ? QString() : QStringLiteral("s"));
        const auto graphql =
            pageOverHttp(host, c.client, host.graphqlUrl(), bodies, c.lanes, config.httpRuns, report, label);
        const auto statics = pageOverHttp(host, c.client, host.staticUrl(), bodies, c.lanes, config.httpRuns,
                                          report, label + QStringLiteral(" (static)"));
        if (!graphql || !statics)
            return;
        std::optional<HttpFigures> &first = c.client == Client::Raw ? firstRaw : firstManager;
        report.add(QStringLiteral("%1 devices paged: %2").arg(devices).arg(label), ms(graphql->wallMs),
                   goalPaging, goalRatio(graphql->wallMs * 10'000.0 / devices, kGoalPagingMs));
        report.add(QStringLiteral("  pages/s; static-response baseline"),
                   perSecond(pages * 1000.0 / graphql->wallMs),
                   staticName + QStringLiteral(" ") + perSecond(pages * 1000.0 / statics->wallMs),
                   times(graphql->wallMs, statics->wallMs, QStringLiteral("the static wall time")));
        if (first) {
            report.add(QStringLiteral("  vs 1 connection"), ms(graphql->wallMs),
                       QStringLiteral("1 connection ") + ms(first->wallMs),
                       times(first->wallMs, graphql->wallMs, QStringLiteral("speed-up")));
            continue;
        }
        first = graphql;
        // Per-page figures from the single-connection runs, where nothing overlaps.
        const double serverPerPage = graphql->serverCpuMs / pages;
        const double staticPerPage = statics->serverCpuMs / pages;
        report.add(QStringLiteral("  server CPU per page of 50 (%1)").arg(clientName), ms(serverPerPage),
                   QStringLiteral("goal: 5 ms per page"), goalRatio(serverPerPage, kGoalPageMs));
        report.add(QStringLiteral("  server CPU per static page (same size)"), ms(staticPerPage), staticName,
                   times(serverPerPage, staticPerPage,
                         QStringLiteral("static: GraphQL costs ") + ms(serverPerPage - staticPerPage) +
                             QStringLiteral(" more")));
        report.add(QStringLiteral("  client CPU per page (%1)").arg(clientName),
                   ms(graphql->clientCpuMs / pages));
    }
}

// 100 concurrent requests against 50 ms of injected latency: they must overlap, not queue.
void benchLatency(ServerHost &host, const Config &config, const QString &selection, Report &report) {
    FaultSettings faults;
    faults.latencyMs = kLatencyMs;
    faults.seed = 1;
    // Only GraphQL is delayed, so QNetworkAccessManager's connections can be opened beforehand with
    // /api/info.
    faults.pathPrefixes = {QStringLiteral("/graphql")};
    host.run([&] { host.server().faults().setSettings(faults); });

    enum class Client { Raw, ManagersWarm, ManagersCold };
    struct Variant {
        QString label;
        QByteArray body;
        Client client;
    };
    const QByteArray countBody = requestBody(countRequest(0));
    const QByteArray pageBody = requestBody(pageRequest(selection, 0, kPageSize));
    const int managersNeeded = (kLatencyRequests + kConnectionsPerManager - 1) / kConnectionsPerManager;
    const QList<Variant> variants{
        {QStringLiteral("count query, raw sockets"), countBody, Client::Raw},
        {QStringLiteral("count query, %1 QNAMs, connections open").arg(managersNeeded), countBody,
         Client::ManagersWarm},
        {QStringLiteral("count query, %1 QNAMs, new connections").arg(managersNeeded), countBody,
         Client::ManagersCold},
        {QStringLiteral("page of 50, raw sockets"), pageBody, Client::Raw},
    };
    const int runs = config.quick ? 1 : 5;
    const QString baseline =
        QStringLiteral("ideal %1 ms / serialized %2 ms").arg(kLatencyMs).arg(kLatencyRequests * kLatencyMs);
    for (const Variant &v : variants) {
        Samples wall;
        Samples serverCpu;
        int peak = 0;
        for (int run = 0; run < runs; ++run) {
            double wallMs = 0;
            const qint64 cpu0 = host.cpuNs();
            if (v.client == Client::Raw) {
                // One lane per request: all 100 are written at once on connections opened beforehand.
                host.run([&] { host.server().http().resetStats(); });
                const QList<QByteArray> bodies(kLatencyRequests, v.body);
                const LaneRun r =
                    runRawLanes(host.graphqlUrl(), kLatencyRequests, bodies, kPagePrefix, &host);
                if (r.ok != kLatencyRequests) {
                    report.failure(QStringLiteral("latency %1: %2").arg(v.label, r.firstError));
                    return;
                }
                wallMs = nsToMs(r.wallNs);
            } else {
                const auto managers = makeManagers(managersNeeded);
                if (v.client == Client::ManagersWarm) {
                    const QList<QByteArray> gets(kLatencyRequests, QByteArray());
                    const LaneRun open =
                        runLanes(managers, kLatencyRequests, host.apiInfoUrl(), gets, "{", nullptr);
                    if (open.failed) {
                        report.failure(QStringLiteral("latency warm-up: ") + open.firstError);
                        return;
                    }
                }
                host.run([&] { host.server().http().resetStats(); });
                const QList<QByteArray> bodies(kLatencyRequests, v.body);
                const LaneRun r =
                    runLanes(managers, kLatencyRequests, host.graphqlUrl(), bodies, kPagePrefix, &host);
                if (r.failed || r.ok != kLatencyRequests) {
                    report.failure(QStringLiteral("latency %1: %2 failed: %3")
                                       .arg(v.label)
                                       .arg(r.failed)
                                       .arg(r.firstError));
                    return;
                }
                wallMs = nsToMs(r.wallNs);
            }
            serverCpu.add(nsToMs(host.cpuNs() - cpu0));
            host.run([&] { peak = std::max(peak, host.server().http().stats().peakInFlight); });
            wall.add(wallMs);
        }
        report.add(QStringLiteral("100 x %1 ms latency, %2").arg(kLatencyMs).arg(v.label), ms(wall.median()),
                   baseline,
                   QStringLiteral("%1x ideal, %2 of serialized; peak %3 in flight, server CPU %4")
                       .arg(wall.median() / kLatencyMs, 0, 'f', 2)
                       .arg(wall.median() / (kLatencyRequests * kLatencyMs), 0, 'f', 3)
                       .arg(peak)
                       .arg(ms(serverCpu.median())));
    }
    host.run([&] { host.server().faults().clear(); });
}

// The real executable as a child process: start-up (generation) time, memory, and page times on the big
// datasets.
void benchDataset(const Config &config, const QString &selection, int devices, double emptyRssKb,
                  Report &report) {
    QProcess process;
    QStringList args{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--print-port")};
    if (devices > 0)
        args << QStringLiteral("--devices") << QString::number(devices);
    else
        args << QStringLiteral("--empty");
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer wall;
    wall.start();
    process.start(config.sandboxExe, args);
    if (!process.waitForStarted(10'000)) {
        report.failure(QStringLiteral("cannot start %1: %2").arg(config.sandboxExe, process.errorString()));
        return;
    }
    // The port is printed once the data is generated and the server listens: that is the start-up time.
    while (!process.canReadLine() && process.state() == QProcess::Running)
        process.waitForReadyRead(600'000);
    const double startupMs = nsToMs(wall.nsecsElapsed());
    const quint16 port = quint16(process.readLine().trimmed().toUInt());
    const qint64 pid = process.processId();
    const double startupCpuMs = processCpuMs(pid);
    const Memory atStart = readMemory(pid);
    const QString label =
        devices > 0 ? QStringLiteral("--devices %1").arg(devices) : QStringLiteral("--empty");
    if (port == 0) {
        report.failure(label + QStringLiteral(": no port printed"));
        return;
    }
    report.add(QStringLiteral("%1: start-up to listening (process start, schema, generation)").arg(label),
               ms(startupMs), QString(), QStringLiteral("CPU %1").arg(ms(startupCpuMs)));
    report.add(QStringLiteral("%1: RSS after start-up").arg(label), mib(atStart.rssKb),
               devices > 0 ? QStringLiteral("--empty %1").arg(mib(qint64(emptyRssKb))) : QString(),
               devices > 0 ? QStringLiteral("%1 KiB per device (incl. its site share, interfaces, address)")
                                 .arg((double(atStart.rssKb) - emptyRssKb) / devices, 0, 'f', 1)
                           : QString());
    if (devices > 0) {
        QNetworkAccessManager manager;
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/graphql").arg(port));
        const int pages = (devices + kPageSize - 1) / kPageSize;
        const Exchange first = postOnce(manager, url, requestBody(pageRequest(selection, 0, kPageSize)));
        QString why;
        if (!first.ok || !checkPage(first.body, devices, std::min(kPageSize, devices), &why)) {
            report.failure(label + QStringLiteral(": ") + first.error + why);
        } else {
            report.add(QStringLiteral("%1: first page after start, round trip (sorts the ids)").arg(label),
                       ms(first.ms), QStringLiteral("goal: 5 ms per page"), goalRatio(first.ms, kGoalPageMs));
            // Pages at the start, middle and end (does a deep offset cost more?), each requested n times
            // in a row over one connection of the raw client. The process CPU clock ticks in 10 ms, so
            // the server's CPU per page is taken over all 3n requests.
            const int n = config.quick ? 10 : 50;
            const double cpu0 = processCpuMs(pid);
            for (const int page : {0, pages / 2, pages - 1}) {
                const QList<QByteArray> bodies(
                    n, requestBody(pageRequest(selection, page * kPageSize, kPageSize)));
                const LaneRun r = runRawLanes(url, 1, bodies, kPagePrefix, nullptr);
                if (r.ok != n) {
                    report.failure(label + QStringLiteral(": ") + r.firstError);
                    break;
                }
                const double perPage = nsToMs(r.wallNs) / n;
                report.add(QStringLiteral("%1: page at offset %2, round trip (raw client, mean of %3)")
                               .arg(label)
                               .arg(page * kPageSize)
                               .arg(n),
                           ms(perPage), QStringLiteral("goal: 5 ms per page"),
                           goalRatio(perPage, kGoalPageMs));
            }
            const double cpuPerPage = (processCpuMs(pid) - cpu0) / (3 * n);
            report.add(
                QStringLiteral("%1: server process CPU per page (those %2 pages)").arg(label).arg(3 * n),
                ms(cpuPerPage), QStringLiteral("goal: 5 ms per page"), goalRatio(cpuPerPage, kGoalPageMs));
            const Memory after = readMemory(pid);
            report.add(QStringLiteral("%1: RSS after queries / peak").arg(label),
                       mib(after.rssKb) + QStringLiteral(" / ") + mib(after.hwmKb));
        }
    }
    process.terminate();
    if (!process.waitForFinished(30'000))
        process.kill();
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bench_sandbox"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Speed benchmarks of infrahub-sandbox."));
    parser.addHelpOption();
    const QCommandLineOption quickOption(
        QStringLiteral("quick"), QStringLiteral("Smoke run for CI: fewer repetitions, no 100k dataset."));
    const QCommandLineOption devicesOption(QStringLiteral("devices"),
                                           QStringLiteral("Devices in the paging dataset (default 10000)."),
                                           QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption sandboxOption(QStringLiteral("sandbox"),
                                           QStringLiteral("The infrahub-sandbox executable to measure."),
                                           QStringLiteral("PATH"), QStringLiteral(INFRAHUB_SANDBOX_EXE));
    const QCommandLineOption markdownOption(QStringLiteral("markdown"),
                                            QStringLiteral("Also write the results table to FILE."),
                                            QStringLiteral("FILE"));
    const QCommandLineOption onlyOption(
        QStringLiteral("only"),
        QStringLiteral("Run only these sections (comma-separated: inprocess, http, latency, datasets); "
                       "e.g. --only inprocess under valgrind --tool=callgrind."),
        QStringLiteral("SECTIONS"));
    parser.addOptions({quickOption, devicesOption, sandboxOption, markdownOption, onlyOption});
    parser.process(app);

    Config config;
    config.quick = parser.isSet(quickOption);
    config.devices = std::max(kPageSize, parser.value(devicesOption).toInt());
    config.sandboxExe = parser.value(sandboxOption);
    const QStringList only = parser.value(onlyOption).split(QLatin1Char(','), Qt::SkipEmptyParts);
    auto wanted = [&only](const char *section) {
        return only.isEmpty() || only.contains(QLatin1String(section));
    };
    if (config.quick) {
        config.inProcessPasses = 1;
        config.uncachedPasses = 1;
        config.httpRuns = 1;
        config.rawLanes = {1, 4};
        config.managerLanes = {1};
        config.datasetSizes = {10'000};
    } else {
        config.rawLanes = {1, 2, 4, 8};
        config.managerLanes = {1, 4};
        config.datasetSizes = {10'000, 100'000};
    }

    Report report;
    const QString started = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    std::printf("bench_sandbox %s%s\n", qPrintable(started), config.quick ? " (quick)" : "");
    std::printf("machine: %s, %ld cores, %s, Qt %s; load average at start: %s\n",
                qPrintable(firstLine(QStringLiteral("/proc/cpuinfo"), "model name")),
                sysconf(_SC_NPROCESSORS_ONLN), qPrintable(QSysInfo::prettyProductName()), qVersion(),
                qPrintable(loadAverage()));

    SandboxOptions options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.devices = config.devices;
    ServerHost host(options);
    QString error;
    if (!host.start(&error)) {
        std::fprintf(stderr, "bench_sandbox: cannot start the sandbox: %s\n", qPrintable(error));
        return 1;
    }
    QString selection;
    host.run([&] {
        if (const KindSchema *device = host.server().store().schema().kind(QStringLiteral("InfraDevice")))
            selection = sdkDefaultSelection(*device);
    });
    if (selection.isEmpty()) {
        std::fprintf(stderr, "bench_sandbox: the schema has no InfraDevice\n");
        return 1;
    }
    std::printf("query (SDK default selection): %s\n",
                qPrintable(pageRequest(selection, 0, kPageSize).value(u"query").toString()));

    if (wanted("inprocess")) {
        report.section(
            QStringLiteral("In-process: SandboxServer::executeGraphQL, %1 devices").arg(config.devices));
        report.add(QStringLiteral("dataset generation in-process (SandboxServer::start)"), ms(host.startMs()),
                   QString(), QStringLiteral("CPU %1").arg(ms(host.startCpuMs())));
        benchInProcess(host, config, selection, report);
    }
    if (wanted("http")) {
        report.section(QStringLiteral("HTTP on loopback, %1 devices").arg(config.devices));
        benchHttp(host, config, selection, report);
    }
    if (wanted("latency")) {
        report.section(QStringLiteral("Concurrency: %1 requests with %2 ms injected latency")
                           .arg(kLatencyRequests)
                           .arg(kLatencyMs));
        benchLatency(host, config, selection, report);
    }
    host.stop();

    // The empty server first: the fixed memory of Qt, the schema and the type system.
    if (wanted("datasets")) {
        report.section(QStringLiteral("Datasets: the infrahub-sandbox executable"));
        QProcess process;
        process.start(config.sandboxExe, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                          QStringLiteral("--print-port"), QStringLiteral("--empty")});
        process.waitForStarted(10'000);
        while (!process.canReadLine() && process.state() == QProcess::Running)
            process.waitForReadyRead(60'000);
        const Memory empty = readMemory(process.processId());
        process.terminate();
        process.waitForFinished(30'000);
        report.add(QStringLiteral("--empty: RSS after start-up"), mib(empty.rssKb));
        for (const int devices : std::as_const(config.datasetSizes))
            benchDataset(config, selection, devices, double(empty.rssKb), report);
    }

    std::printf("\nload average at end: %s\n", qPrintable(loadAverage()));
    std::printf("\n%s", qPrintable(report.markdown()));
    if (parser.isSet(markdownOption)) {
        QFile file(parser.value(markdownOption));
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            file.write(report.markdown().toUtf8());
    }
    return report.failed() ? 1 : 0;
}
