// bench_pagereader: how much CPU the client spends turning one page of devices (the SDK's default
// selection, 50 per page) into Node objects, with the reader every listing uses (NodePageReader) and with
// the general path as the named baseline (QJsonDocument::fromJson + NodePage::fromData, which the reader
// falls back to for answers it does not take). No network and no threads: the pages come from an
// in-process sandbox once, then each reader turns every page into nodes, all rows kept (as a listing keeps
// them), `--reps` times after one warm-up pass; the figure is the median thread CPU per device, and the
// release of the rows is timed apart. For a figure that does not move with the machine's load, count
// instructions (the pattern must match read() alone: callgrind toggles at every matching function):
//
//   valgrind --tool=callgrind --toggle-collect='infrahub::NodePageReader::read(*'
//            build-bench/bench/pagereader/bench_pagereader --devices 500 --reps 1    (one command line)
//
// and divide the total by devices x (reps + 1).
//
// Usage: bench_pagereader [--quick] [--devices N] [--reps N]
#include "../common/machine.h"
#include "../common/median.h"
#include "../common/sandboxchild.h"

#include "core/nodes/nodepage.h"
#include "core/nodes/nodepagereader.h"
#include "core/query/queryrenderer.h"
#include "core/schema/schemamodel.h"
#include "sandbox/sandboxserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace infrahub;

namespace {

constexpr int kPageSize = 50;
const QString kKind = QStringLiteral("InfraDevice");

using bench::fail;

qint64 threadCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

using bench::median;

using Reader = std::function<Result<NodePage>(const QByteArray &body)>;

struct Figures {
    double readUsPerDevice = 0;    // median over the repetitions
    double releaseUsPerDevice = 0; // freeing the rows afterwards
};

// Every page read by `reader`, rows kept until all are read; checked against the expected count.
Figures measure(const Reader &reader, const std::vector<QByteArray> &pages, int devices, int reps) {
    std::vector<double> read, release;
    for (int r = 0; r < reps + 1; ++r) { // the first pass warms up and is not counted
        QList<Node> rows;
        rows.reserve(devices);
        const qint64 start = threadCpuNs();
        for (const QByteArray &body : pages) {
            const Result<NodePage> page = reader(body);
            if (!page)
                fail(QStringLiteral("a page was not read: %1").arg(page.error().message));
            rows.append(page->nodes);
        }
        const qint64 readDone = threadCpuNs();
        if (rows.size() != devices)
            fail(QStringLiteral("read %1 rows, expected %2").arg(rows.size()).arg(devices));
        rows = {};
        const qint64 released = threadCpuNs();
        if (r > 0) {
            read.push_back(double(readDone - start) / 1e3 / devices);
            release.push_back(double(released - readDone) / 1e3 / devices);
        }
    }
    return {median(read), median(release)};
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    bench::benchName() = QStringLiteral("bench_pagereader");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("NodePageReader against QJsonDocument + NodePage::fromData."));
    parser.addHelpOption();
    const QCommandLineOption quickOpt(QStringLiteral("quick"), QStringLiteral("2,000 devices, 3 reps."));
    const QCommandLineOption devicesOpt(QStringLiteral("devices"), QStringLiteral("Devices to read."),
                                        QStringLiteral("N"));
    const QCommandLineOption repsOpt(QStringLiteral("reps"), QStringLiteral("Repetitions (median)."),
                                     QStringLiteral("N"));
    const QCommandLineOption ignoredOpt({QStringLiteral("markdown"), QStringLiteral("only")},
                                        QStringLiteral("Ignored (other benchmarks' options)."),
                                        QStringLiteral("X"));
    parser.addOptions({quickOpt, devicesOpt, repsOpt, ignoredOpt});
    parser.process(app);
    const bool quick = parser.isSet(quickOpt);
    const int devices = parser.isSet(devicesOpt) ? parser.value(devicesOpt).toInt() : quick ? 2'000 : 10'000;
    const int reps = parser.isSet(repsOpt) ? parser.value(repsOpt).toInt() : quick ? 3 : 7;
    if (devices <= 0 || reps <= 0)
        fail(QStringLiteral("--devices and --reps must be positive"));

    sandbox::SandboxOptions options;
    options.devices = devices;
    sandbox::SandboxServer server(options);
    QString error;
    if (!server.start(&error))
        fail(error);
    std::optional<SchemaSet> set = SchemaSet::fromApiJson(server.apiSchema(), &error);
    if (!set)
        fail(error);
    const auto schema = std::make_shared<const SchemaSet>(std::move(*set));

    // The pages, as the client asks for them (QueryRenderer's default selection) and the server answers.
    std::vector<QByteArray> pages;
    for (int offset = 0; offset < devices; offset += kPageSize) {
        QueryOptions page;
        page.offset = offset;
        page.limit = kPageSize;
        const Result<GraphQLRequest> request = QueryRenderer(*schema).list(kKind, page);
        if (!request)
            fail(request.error().message);
        const sandbox::HttpResponse response =
            server.executeGraphQL(QStringLiteral("main"), request->toJson(), true);
        if (response.status != 200)
            fail(QStringLiteral("HTTP %1: %2").arg(response.status).arg(QString::fromUtf8(response.body)));
        pages.push_back(response.body);
    }

    const Reader fast = [&schema](const QByteArray &body) -> Result<NodePage> {
        std::optional<Result<NodePage>> page = NodePageReader::read(body, kKind, schema);
        if (!page)
            fail(QStringLiteral("NodePageReader did not take a sandbox page"));
        return std::move(*page);
    };
    const Reader general = [&schema](const QByteArray &body) -> Result<NodePage> {
        const QJsonObject root = QJsonDocument::fromJson(body).object();
        return NodePage::fromData(root.value(u"data").toObject(), kKind, schema);
    };
    const Figures ours = measure(fast, pages, devices, reps);
    const Figures baseline = measure(general, pages, devices, reps);

    std::printf("\n== Reading pages of %d devices (default selection, %lld bytes per page), %d devices, "
                "median of %d\n",
                kPageSize, qlonglong(pages.front().size()), devices, reps);
    std::printf("  %-44s %14s %22s %8s\n", "metric", "NodePageReader", "QJsonDocument+fromData", "ratio");
    std::printf("  %-44s %11.2f µs %19.2f µs %7.2fx\n", "CPU per device, reading (rows kept)",
                ours.readUsPerDevice, baseline.readUsPerDevice,
                baseline.readUsPerDevice / ours.readUsPerDevice);
    std::printf("  %-44s %11.2f µs %19.2f µs %7.2fx\n", "CPU per device, freeing the rows",
                ours.releaseUsPerDevice, baseline.releaseUsPerDevice,
                baseline.releaseUsPerDevice / ours.releaseUsPerDevice);
    std::printf("  machine: %s\n", qPrintable(bench::machine()));
    return 0;
}
