// infrahub-sweep: sweeps addresses, CIDR blocks and ranges and prints what answered, as a table, CSV or
// JSON. The exit status tells a scheduler whether everything expected was up:
//   0  every host answered            1  some host did not answer (or could not be probed)
//   2  bad arguments or targets       3  interrupted (SIGINT/SIGTERM): the hosts not probed are listed
//
//   infrahub-sweep [--tcp 22,443 | --icmp | --ping] [--timeout MS] [--tries N] [--rate N] [--concurrency N]
//                  [--format table|csv|json] [--yes] TARGET...
//
// The method: ICMP echo where this system allows it (on Windows through its ICMP API), else TCP connect to
// ports 22 and 443. --icmp, --tcp or --ping choose one (only one); --ping runs the system's ping for
// every try, the last resort and the heaviest (at most 32 at once). Which method is used and why goes
// to stderr, so stdout holds nothing but the table, CSV or JSON.
#include "common/interruptsignals.h"
#include "core/i18n/translations.h"
#include "core/sweep/probechoice.h"
#include "core/sweep/sweeprunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

using namespace infrahub;

namespace {

int usageError(const QString &message) {
    std::fprintf(stderr, "infrahub-sweep: %s\n", qPrintable(message));
    return 2;
}

QString tr(const char *text) {
    return QCoreApplication::translate("infrahub-sweep", text);
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("infrahub-sweep"));
    QCoreApplication::setApplicationVersion(QStringLiteral(INFRAHUB_CONSOLE_VERSION));
    infrahub::installTranslations(app);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Sweeps addresses, CIDR blocks (10.0.0.0/24) and ranges (10.0.0.1-20) and reports which answered.\n"
        "Exit status: 0 all up, 1 some down, 2 bad input, 3 interrupted.\n"
        "Method: ICMP echo where allowed, else TCP connect to ports 22 and 443; --icmp, --tcp or --ping "
        "choose one. The method used and why are written to stderr."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption tcpOpt(QStringLiteral("tcp"),
                                    QStringLiteral("Probe by TCP connect to PORTS (a refusal counts as up)."),
                                    QStringLiteral("PORTS"));
    const QCommandLineOption icmpOpt(QStringLiteral("icmp"),
                                     QStringLiteral("Probe by ICMP echo (the default when allowed)."));
    const QCommandLineOption pingOpt(
        QStringLiteral("ping"),
        tr("Probe by running the system's ping for every try: the last resort when ICMP echo is not allowed "
           "and TCP connect is not wanted (one process each, at most 32 at once)."));
    const QCommandLineOption timeoutOpt(QStringLiteral("timeout"),
                                        QStringLiteral("Per try, in ms (default 1000)."),
                                        QStringLiteral("MS"), QStringLiteral("1000"));
    const QCommandLineOption triesOpt(QStringLiteral("tries"), QStringLiteral("Tries per host (default 1)."),
                                      QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption rateOpt(QStringLiteral("rate"),
                                     QStringLiteral("At most N probes started per second (0: no limit)."),
                                     QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption concurrencyOpt(QStringLiteral("concurrency"),
                                            QStringLiteral("Probes at once (default 256)."),
                                            QStringLiteral("N"), QStringLiteral("256"));
    const QCommandLineOption formatOpt(QStringLiteral("format"),
                                       QStringLiteral("table, csv or json (default table)."),
                                       QStringLiteral("FORMAT"), QStringLiteral("table"));
    const QCommandLineOption yesOpt(QStringLiteral("yes"),
                                    QStringLiteral("Sweep more than 4,096 hosts without refusing."));
    parser.addOptions(
        {tcpOpt, icmpOpt, pingOpt, timeoutOpt, triesOpt, rateOpt, concurrencyOpt, formatOpt, yesOpt});
    parser.addPositionalArgument(QStringLiteral("TARGET"),
                                 QStringLiteral("Addresses, CIDR blocks or ranges."),
                                 QStringLiteral("TARGET..."));
    parser.process(app);

    if (int(parser.isSet(tcpOpt)) + int(parser.isSet(icmpOpt)) + int(parser.isSet(pingOpt)) > 1)
        return usageError(tr("--icmp, --tcp and --ping each choose the method: give only one"));

    bool ok = true;
    auto number = [&](const QCommandLineOption &o, int min, int max) {
        bool good = false;
        const int v = parser.value(o).toInt(&good);
        if (!good || v < min || v > max) {
            ok = false;
            usageError(QStringLiteral("--%1 must be a number from %2 to %3")
                           .arg(o.names().first())
                           .arg(min)
                           .arg(max));
        }
        return v;
    };
    SweepRunner::Options options;
    options.probe.timeoutMs = number(timeoutOpt, 1, 600'000);
    options.probe.tries = number(triesOpt, 1, 10);
    options.ratePerSecond = number(rateOpt, 0, 1'000'000);
    options.concurrency = number(concurrencyOpt, 1, 65'536);
    const QString format = parser.value(formatOpt);
    if (!ok)
        return 2;
    if (format != u"table" && format != u"csv" && format != u"json")
        return usageError(QStringLiteral("--format is table, csv or json"));
    if (parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("name at least one TARGET (see --help)"));

    QString error;
    const std::optional<SweepTargets> targets =
        SweepTargets::parse(parser.positionalArguments().join(u' '), &error);
    if (!targets)
        return usageError(error);
    if (targets->needsConfirmation() && !parser.isSet(yesOpt))
        return usageError(QStringLiteral("%1 hosts: add --yes to sweep that many").arg(targets->size()));

    // The prober, and why: what was asked for, else ICMP echo where allowed, else TCP connect. Said on
    // stderr, with the reason, because a sweep by TCP or by ping can see other hosts than one by ICMP.
    QList<quint16> ports{22, 443};
    if (parser.isSet(tcpOpt)) {
        QString portError;
        const std::optional<QList<quint16>> chosen =
            ProbeChoice::parsePorts(parser.value(tcpOpt), &portError);
        if (!chosen)
            return usageError(QStringLiteral("--tcp: %1").arg(portError));
        ports = *chosen;
    }
    const ProbeMethod method = parser.isSet(tcpOpt)    ? ProbeMethod::Tcp
                               : parser.isSet(pingOpt) ? ProbeMethod::Ping
                               : parser.isSet(icmpOpt) ? ProbeMethod::Icmp
                                                       : ProbeMethod::Auto;
    const ProbeChoice choice = ProbeChoice::choose(method, ports, *targets);
    if (!choice.prober)
        return usageError(choice.error);
    const std::shared_ptr<Prober> prober = choice.prober;
    const QString why = choice.why;
    std::fprintf(stderr, "infrahub-sweep: method: %s - %s\n", qPrintable(prober->description()),
                 qPrintable(why));

    SweepRunner sweep(*targets, prober, options);
    // Ctrl+C / SIGTERM: stop cleanly and still report what ran.
    infrahub::cli::onInterruptSignals(&sweep, [&sweep] { sweep.cancel(); });
    QObject::connect(&sweep, &SweepRunner::finished, &app, &QCoreApplication::quit);
    sweep.start();
    app.exec();

    QTextStream out(stdout);
    if (format == u"csv") {
        out << QString::fromUtf8(sweep.csv());
    } else if (format == u"json") {
        QJsonArray hosts;
        for (const SweepRunner::HostResult &h : sweep.results()) {
            QJsonObject o{{QStringLiteral("address"), h.address.toString()},
                          {QStringLiteral("state"), h.stateName()},
                          {QStringLiteral("method"), h.result.method},
                          {QStringLiteral("detail"), h.result.detail}};
            if (h.result.latencyMs >= 0)
                o.insert(QStringLiteral("latency_ms"), h.result.latencyMs);
            hosts.append(o);
        }
        out << QJsonDocument(QJsonObject{{QStringLiteral("method"), sweep.describe()},
                                         {QStringLiteral("elapsed_ms"), sweep.elapsedMs()},
                                         {QStringLiteral("hosts"), hosts}})
                   .toJson(QJsonDocument::Indented);
    } else {
        for (const SweepRunner::HostResult &h : sweep.results()) {
            const QString state = !h.probed         ? QStringLiteral("not probed")
                                  : h.result.isUp() ? QStringLiteral("up")
                                                    : QStringLiteral("DOWN");
            out << h.address.toString().leftJustified(40) << state.leftJustified(11)
                << (h.result.latencyMs >= 0 ? QStringLiteral("%1 ms").arg(h.result.latencyMs, 0, 'f', 2)
                                            : QString())
                       .leftJustified(12)
                << h.result.detail << '\n';
        }
        out << QStringLiteral("%1 up, %2 down, %3 not probed of %4 in %5 s (%6)\n")
                   .arg(sweep.count(ProbeResult::State::Up))
                   .arg(sweep.count(ProbeResult::State::Down) + sweep.count(ProbeResult::State::Error))
                   .arg(sweep.results().size() - sweep.done())
                   .arg(sweep.results().size())
                   .arg(sweep.elapsedMs() / 1000.0, 0, 'f', 2)
                   .arg(sweep.describe());
    }
    out.flush();
    if (sweep.wasCancelled())
        return 3;
    return sweep.count(ProbeResult::State::Up) == sweep.results().size() ? 0 : 1;
}
