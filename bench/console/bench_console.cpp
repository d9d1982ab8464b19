// bench_console: what a user of the console waits for and feels, measured on the real main window
// (offscreen) with the built-in demo sandbox serving a generated dataset from its own thread:
//   - launch (window shown, sandbox started) to connected, to the first rows of devices in the table, and
//     to all rows;
//   - the event loop's responsiveness meanwhile: a 1 ms precise timer records every gap between its ticks;
//     a gap longer than one frame (16 ms) is a stall a user sees.
// Baselines in the same run: the goal of one frame (16 ms) for stalls, and "all rows" for the first rows
// (how much streaming saves over waiting for the whole listing).
//
// Usage: bench_console [--devices N] [--reps N] [--markdown FILE]   (normally through bench/run.sh)
#include "../common/median.h"
#include "consolesession.h"
#include "core/views/nodetablemodel.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

constexpr double kFrameMs = 16.0;

struct Run {
    double connectedMs = 0;
    double firstRowsMs = 0;
    double allRowsMs = 0;
    double maxStallMs = 0; // longest gap between 1 ms ticks, minus the tick
    int stallsOverFrame = 0;
    int rows = 0;
};

Run measure(int devices) {
    Run run;
    QElapsedTimer clock;
    clock.start();
    ConsoleSession session;
    MainWindow window(&session);
    window.show();
    infrahub::NodeTableModel *objects = window.objectModel();

    // The event loop's pulse, from launch until the last row is in.
    QTimer pulse;
    pulse.setTimerType(Qt::PreciseTimer);
    pulse.setInterval(1);
    qint64 lastTick = clock.nsecsElapsed();
    bool measuring = false;
    QObject::connect(&pulse, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        const double gapMs = double(now - lastTick) / 1e6 - 1.0;
        lastTick = now;
        if (!measuring)
            return;
        run.maxStallMs = std::max(run.maxStallMs, gapMs);
        if (gapMs > kFrameMs)
            ++run.stallsOverFrame;
    });
    pulse.start();

    QEventLoop loop;
    QObject::connect(&session, &ConsoleSession::stateChanged, [&](ConsoleSession::State state) {
        if (state == ConsoleSession::State::Connected) {
            run.connectedMs = double(clock.nsecsElapsed()) / 1e6;
            measuring = true; // the sandbox's start-up (another thread) is not the window's business
            lastTick = clock.nsecsElapsed();
        } else if (state == ConsoleSession::State::Failed) {
            std::fprintf(stderr, "bench_console: %s\n", qPrintable(session.lastError()));
            std::exit(1);
        }
    });
    QObject::connect(objects, &QAbstractItemModel::rowsInserted, [&] {
        if (run.firstRowsMs == 0 && objects->kind() == u"InfraDevice")
            run.firstRowsMs = double(clock.nsecsElapsed()) / 1e6;
    });
    QObject::connect(&window, &MainWindow::kindCountLoaded, [&](const QString &kind) {
        if (kind != u"InfraDevice")
            return;
        run.allRowsMs = double(clock.nsecsElapsed()) / 1e6;
        run.rows = objects->rowCount();
        loop.quit();
    });
    QTimer::singleShot(10 * 60 * 1000, &loop, [&] {
        std::fprintf(stderr, "bench_console: no rows after 10 minutes\n");
        std::exit(1);
    });
    session.connectToDemo(devices);
    loop.exec();
    if (run.rows != devices || !objects->errorMessage().isEmpty()) {
        std::fprintf(stderr, "bench_console: %d rows of %d: %s\n", run.rows, devices,
                     qPrintable(objects->errorMessage()));
        std::exit(1);
    }
    return run;
}

double median(std::vector<double> v) {
    return bench::median(std::move(v), 0);
}

} // namespace

int main(int argc, char *argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("InfrahubConsoleBench")); // not the user's settings
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption quickOpt(QStringLiteral("quick"), QStringLiteral("2,000 devices, 1 rep."));
    const QCommandLineOption devicesOpt(QStringLiteral("devices"), QStringLiteral("Generated devices."),
                                        QStringLiteral("N"));
    const QCommandLineOption repsOpt(QStringLiteral("reps"), QStringLiteral("Repetitions (median)."),
                                     QStringLiteral("N"));
    const QCommandLineOption markdownOpt(QStringLiteral("markdown"),
                                         QStringLiteral("Append the table to FILE."), QStringLiteral("FILE"));
    // bench/run.sh passes the same arguments to every benchmark; accept the others' options.
    const QCommandLineOption onlyOpt(QStringLiteral("only"), QStringLiteral("Ignored."), QStringLiteral("X"));
    parser.addOptions({quickOpt, devicesOpt, repsOpt, markdownOpt, onlyOpt});
    parser.process(app);
    const bool quick = parser.isSet(quickOpt);
    const int devices = parser.isSet(devicesOpt) ? parser.value(devicesOpt).toInt() : (quick ? 2000 : 10'000);
    const int reps = std::max(1, parser.isSet(repsOpt) ? parser.value(repsOpt).toInt() : (quick ? 1 : 3));

    std::vector<double> connected, first, all, stall;
    int overFrame = 0;
    for (int r = 0; r < reps; ++r) {
        const Run run = measure(devices);
        connected.push_back(run.connectedMs);
        first.push_back(run.firstRowsMs);
        all.push_back(run.allRowsMs);
        stall.push_back(run.maxStallMs);
        overFrame = std::max(overFrame, run.stallsOverFrame);
        std::printf(
            "  rep %d: connected %.0f ms, first rows %.0f ms, all %d rows %.0f ms, longest stall %.1f ms "
            "(%d over %g ms)\n",
            r + 1, run.connectedMs, run.firstRowsMs, run.rows, run.allRowsMs, run.maxStallMs,
            run.stallsOverFrame, kFrameMs);
        std::fflush(stdout);
    }
    const double firstAfterConnect = median(first) - median(connected);
    const double allAfterConnect = median(all) - median(connected);
    struct Line {
        QString metric, value, baseline, ratio;
    };
    const std::vector<Line> lines = {
        {QStringLiteral("launch to connected (sandbox with %1 devices started)").arg(devices),
         QStringLiteral("%1 ms").arg(median(connected), 0, 'f', 0), QString(), QString()},
        {QStringLiteral("connected to first rows of devices"),
         QStringLiteral("%1 ms").arg(firstAfterConnect, 0, 'f', 1),
         QStringLiteral("all rows: %1 ms").arg(allAfterConnect, 0, 'f', 0),
         QStringLiteral("%1 of it").arg(firstAfterConnect / allAfterConnect, 0, 'f', 3)},
        {QStringLiteral("launch to first rows"), QStringLiteral("%1 ms").arg(median(first), 0, 'f', 0),
         QString(), QString()},
        {QStringLiteral("longest event-loop stall while loading (median of reps)"),
         QStringLiteral("%1 ms").arg(median(stall), 0, 'f', 1),
         QStringLiteral("goal: %1 ms (one frame)").arg(kFrameMs),
         QStringLiteral("%1 of goal").arg(median(stall) / kFrameMs, 0, 'f', 2)},
        {QStringLiteral("stalls over one frame (worst rep)"), QString::number(overFrame),
         QStringLiteral("goal: 0"), QString()},
    };
    std::printf("\n== Console: %d devices, median of %d\n", devices, reps);
    for (const Line &l : lines)
        std::printf("  %-58s %12s   %-26s %s\n", qPrintable(l.metric), qPrintable(l.value),
                    qPrintable(l.baseline), qPrintable(l.ratio));
    if (parser.isSet(markdownOpt)) {
        QFile md(parser.value(markdownOpt));
        if (md.open(QIODevice::Append | QIODevice::Text)) {
            QString text =
                QStringLiteral(
                    "\n| bench_console (%1 devices) | result | baseline | ratio |\n|---|---:|---|---|\n")
                    .arg(devices);
            for (const Line &l : lines)
                text += QStringLiteral("| %1 | %2 | %3 | %4 |\n").arg(l.metric, l.value, l.baseline, l.ratio);
            md.write(text.toUtf8());
        }
    }
    return 0;
}
