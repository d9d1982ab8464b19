#include "systempingprober.h"

#include "concurrency/asyncevent.h"
#include "concurrency/asyncsemaphore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>

#ifdef Q_OS_WIN
#include <qt_windows.h>
#endif

namespace infrahub {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("SystemPingProber", text);
}

const QString kMethod = QStringLiteral("system-ping");

// How long a killed ping may take to be reaped before its QProcess is left to delete itself later.
constexpr int kReapTimeoutMs = 5000;

// PATH first (a user's own ping wins, as in a shell), then where systems keep ping when PATH is bare
// (a desktop session or cron without /usr/sbin, a service on Windows).
QString findProgram(const QString &name) {
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty()) {
#ifdef Q_OS_WIN
        const QStringList folders{qEnvironmentVariable("SystemRoot", QStringLiteral("C:\\Windows")) +
                                  QStringLiteral("\\System32")};
#else
        const QStringList folders{QStringLiteral("/bin"), QStringLiteral("/usr/bin"), QStringLiteral("/sbin"),
                                  QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/bin")};
#endif
        path = QStandardPaths::findExecutable(name, folders);
    }
    return path;
}

// "ping6" (the separate IPv6 tool of old iputils and of macOS) takes no -6 and, on macOS, no -W.
bool isPing6(const QString &program) {
    return QFileInfo(program).completeBaseName().compare(QStringLiteral("ping6"), Qt::CaseInsensitive) == 0;
}

// The program availability() picks for `dialect` and `protocol`.
QString defaultProgram(SystemPingProber::Dialect dialect, QAbstractSocket::NetworkLayerProtocol protocol) {
    const QString ping = findProgram(QStringLiteral("ping"));
    if (protocol != QAbstractSocket::IPv6Protocol || dialect == SystemPingProber::Dialect::Windows)
        return ping;
    const QString ping6 = findProgram(QStringLiteral("ping6"));
    if (dialect == SystemPingProber::Dialect::Bsd) // macOS's ping is IPv4 only
        return ping6.isEmpty() ? ping : ping6;
    // iputils: today ping6 is a link to ping (which takes -6); in older iputils it was a program of its
    // own, and that ping could not do IPv6 at all.
    if (ping.isEmpty())
        return ping6;
    if (!ping6.isEmpty() && QFileInfo(ping6).canonicalFilePath() != QFileInfo(ping).canonicalFilePath())
        return ping6;
    return ping;
}

// Seconds for iputils' -W: whole seconds stay whole (every iputils reads those), anything else is a
// fraction with a dot, which iputils reads since 20190515 whatever the locale.
QString iputilsSeconds(int timeoutMs) {
    if (timeoutMs % 1000 == 0)
        return QString::number(timeoutMs / 1000);
    return QString::number(timeoutMs / 1000.0, 'f', 3);
}

// The lines after ping's header up to the first blank line: where every ping says what became of the
// echo ("64 bytes from ...", "From 10.0.0.1 icmp_seq=1 Destination Host Unreachable", Windows'
// "Request timed out." in the user's language).
QString answerLine(const QString &output) {
    const QStringList lines = output.split(QLatin1Char('\n'));
    int i = 0;
    while (i < lines.size() && lines.at(i).trimmed().isEmpty())
        ++i;
    QString last;
    for (++i; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1String("---")))
            break;
        last = line;
    }
    return last;
}

QString lastLine(const QString &text) {
    const QStringList lines = text.trimmed().split(QLatin1Char('\n'));
    return lines.isEmpty() ? QString() : lines.last().trimmed();
}

const QProcessEnvironment &childEnvironment() {
    static const QProcessEnvironment environment = [] {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
#ifndef Q_OS_WIN
        // One language and one decimal point for the output we parse.
        e.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
#endif
        return e;
    }();
    return environment;
}

// Deletes a finished QProcess at once. One still running (a kill that has not been reaped yet) is
// disconnected from the probe and deletes itself when it ends, so nothing waits on it, ~QProcess never
// blocks the event loop, and the child is still reaped.
struct ProcessReaper {
    std::shared_ptr<int> running;

    void operator()(QProcess *process) const {
        process->disconnect();
        if (process->state() == QProcess::NotRunning) {
            --*running;
            delete process;
            return;
        }
        process->kill();
        std::shared_ptr<int> counter = running;
        QObject::connect(process, &QProcess::finished, process, [process, counter] {
            --*counter;
            process->deleteLater();
        });
    }
};

} // namespace

SystemPingProber::Dialect SystemPingProber::nativeDialect() {
#if defined(Q_OS_WIN)
    return Dialect::Windows;
#elif defined(Q_OS_DARWIN) || defined(Q_OS_FREEBSD) || defined(Q_OS_NETBSD) || defined(Q_OS_OPENBSD)
    return Dialect::Bsd;
#else
    return Dialect::Iputils;
#endif
}

SystemPingProber::Availability
SystemPingProber::availability(QAbstractSocket::NetworkLayerProtocol protocol) {
    Availability a;
    const bool v6 = protocol == QAbstractSocket::IPv6Protocol;
    a.program = defaultProgram(nativeDialect(), protocol);
    a.found = !a.program.isEmpty();
    if (a.found) {
        a.reason =
            tr("ping found at %1; it costs one process per try, the heaviest method (at most %2 at once)")
                .arg(QDir::toNativeSeparators(a.program))
                .arg(kDefaultMaxProcesses);
    } else {
        a.reason = v6 ? tr("no ping program for IPv6 (ping or ping6) on PATH or in the system folders")
                      : tr("no ping program on PATH or in the system folders");
    }
    return a;
}

SystemPingProber::SystemPingProber(QString executable, Dialect dialect, int maxProcesses)
    // Looked up once, not for every probe of a big sweep.
    : m_program4(executable.isEmpty() ? defaultProgram(dialect, QAbstractSocket::IPv4Protocol) : executable)
    , m_program6(executable.isEmpty() ? defaultProgram(dialect, QAbstractSocket::IPv6Protocol) : executable)
    , m_dialect(dialect)
    , m_slots(std::make_shared<AsyncSemaphore>(std::max(1, maxProcesses)))
    , m_running(std::make_shared<int>(0)) {}

SystemPingProber::~SystemPingProber() = default;

QString SystemPingProber::description() const {
    QString programs = m_program4.isEmpty() ? tr("not found") : QDir::toNativeSeparators(m_program4);
    if (m_program6 != m_program4 && !m_program6.isEmpty())
        programs += QStringLiteral(", ") + QDir::toNativeSeparators(m_program6);
    return tr("system ping (%1)").arg(programs);
}

int SystemPingProber::maxProcesses() const {
    return m_slots->capacity();
}

int SystemPingProber::runningProcesses() const {
    return *m_running;
}

SystemPingProber::Command SystemPingProber::command(Dialect dialect, const QString &program,
                                                    const QHostAddress &host, int timeoutMs) {
    Command c;
    c.program = program.isEmpty() ? defaultProgram(dialect, host.protocol()) : program;
    const bool v6 = host.protocol() == QAbstractSocket::IPv6Protocol;
    const QString ms = QString::number(timeoutMs);
    switch (dialect) {
    case Dialect::Iputils:
        // -n: no reverse lookups; -c 1: one echo; -W: how long to wait for it. Not -w: it takes whole
        // seconds only and keeps ping sending until that deadline, so a silent host would cost a whole
        // second or more instead of the timeout (measured with iputils 20221126). The kill after the
        // timeout plus kExitGraceMs is the guard instead.
        c.arguments = {QStringLiteral("-n"), QStringLiteral("-c"), QStringLiteral("1"), QStringLiteral("-W"),
                       iputilsSeconds(timeoutMs)};
        if (v6 && !isPing6(c.program))
            c.arguments.append(QStringLiteral("-6"));
        break;
    case Dialect::Bsd:
        if (v6 && isPing6(c.program)) {
            // macOS's ping6 has no wait option (its -W asks for node information instead).
            c.arguments = {QStringLiteral("-n"), QStringLiteral("-c"), QStringLiteral("1")};
            c.endsByItself = false;
        } else {
            c.arguments = {QStringLiteral("-n"), QStringLiteral("-c"), QStringLiteral("1"),
                           QStringLiteral("-W"), ms};
        }
        break;
    case Dialect::Windows:
        c.arguments = {QStringLiteral("-n"), QStringLiteral("1"), QStringLiteral("-w"), ms,
                       v6 ? QStringLiteral("-6") : QStringLiteral("-4")};
        break;
    }
    c.arguments.append(host.toString());
    return c;
}

std::optional<SystemPingProber::Latency> SystemPingProber::parseLatency(const QString &output) {
    // "time=0.045 ms" (iputils, macOS), "time<1ms" / "time=12ms" (Windows), "Zeit=3ms" (German Windows):
    // the only number followed by "ms" right after "=" or "<" on a reply line. The first match is the
    // reply; the summary lines that follow use "/" or come later.
    static const QRegularExpression pattern(QStringLiteral("([=<])\\s*(\\d+(?:[.,]\\d+)?)\\s*ms(?![a-z])"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = pattern.match(output);
    if (!m.hasMatch())
        return std::nullopt;
    bool ok = false;
    Latency latency;
    latency.ms = m.captured(2).replace(QLatin1Char(','), QLatin1Char('.')).toDouble(&ok);
    if (!ok)
        return std::nullopt;
    latency.upperBound = m.captured(1) == QLatin1String("<");
    return latency;
}

ProbeResult SystemPingProber::interpret(Dialect dialect, const QHostAddress &host, int exitCode,
                                        const QString &output, const QString &errorOutput, int timeoutMs) {
    ProbeResult r;
    r.method = kMethod;
    bool replied = false;
    bool silent = false;
    switch (dialect) {
    case Dialect::Iputils:
        replied = exitCode == 0;
        silent = exitCode == 1;
        break;
    case Dialect::Bsd:
        replied = exitCode == 0;
        silent = exitCode == 2;
        break;
    case Dialect::Windows:
        // Windows' ping also exits 0 when a router answered "Destination host unreachable" for the
        // target; only an IPv4 reply that carries the host's TTL is an echo reply ("TTL=" is not
        // translated). IPv6 replies show no TTL, so there the exit code alone decides. Its failures and
        // a silent host both exit 1 with localised text: all of them count as down, in ping's words.
        replied = exitCode == 0 && (host.protocol() == QAbstractSocket::IPv6Protocol ||
                                    output.contains(QLatin1String("TTL="), Qt::CaseInsensitive));
        silent = !replied;
        break;
    }
    if (replied) {
        r.state = ProbeResult::State::Up;
        r.detail = tr("echo reply");
        if (const std::optional<Latency> latency = parseLatency(output)) {
            r.latencyMs = latency->ms;
            if (latency->upperBound)
                r.detail = tr("echo reply in under %1 ms").arg(latency->ms);
        }
        return r;
    }
    if (silent) {
        r.state = ProbeResult::State::Down;
        // Ping's own words when it has some: an ICMP error from a router on stdout, or why it could not
        // send on stderr ("sendmsg: Operation not permitted" from a local firewall also exits 1).
        QString answer = answerLine(output);
        if (answer.isEmpty())
            answer = lastLine(errorOutput);
        r.detail = answer.isEmpty() ? tr("no echo reply within %1 ms").arg(timeoutMs)
                                    : tr("no echo reply: %1").arg(answer);
        return r;
    }
    r.state = ProbeResult::State::Error;
    QString message = lastLine(errorOutput);
    if (message.isEmpty())
        message = lastLine(output);
    if (message.isEmpty())
        message = tr("no output");
    r.detail = tr("ping failed (exit code %1): %2").arg(exitCode).arg(message);
    return r;
}

QCoro::Task<ProbeResult> SystemPingProber::pingOnce(Command command, Dialect dialect, QHostAddress host,
                                                    int timeoutMs, std::shared_ptr<AsyncSemaphore> slots,
                                                    std::shared_ptr<int> running, CancellationToken token) {
    ProbeResult result;
    result.method = kMethod;
    if (command.program.isEmpty()) {
        result.state = ProbeResult::State::Error;
        result.detail = availability(host.protocol()).reason;
        co_return result;
    }
    // A slot first: the timeout of this try starts with its own ping, not in the queue.
    QCoro::Task<Result<SemaphorePermit>> acquiring = slots->acquire(token);
    const Result<SemaphorePermit> permit = co_await acquiring;
    if (!permit) {
        result.state = ProbeResult::State::Error;
        result.detail = tr("cancelled");
        co_return result;
    }

    // Declared after the permit, so the slot is given back only once the process is gone (or, killed but
    // not reaped within kReapTimeoutMs, left to ProcessReaper).
    ++*running;
    std::unique_ptr<QProcess, ProcessReaper> process(new QProcess, ProcessReaper{running});
    AsyncEvent ended;
    bool failedToStart = false;
    QObject::connect(process.get(), &QProcess::finished, [ended]() mutable { ended.set(); });
    QObject::connect(process.get(), &QProcess::errorOccurred,
                     [ended, &failedToStart](QProcess::ProcessError error) mutable {
                         if (error == QProcess::FailedToStart) {
                             failedToStart = true;
                             ended.set();
                         }
                     });
    process->setProcessEnvironment(childEnvironment());
    process->setStandardInputFile(QProcess::nullDevice());
#ifdef Q_OS_WIN
    // No console window flashing up for every ping of a GUI sweep.
    process->setCreateProcessArgumentsModifier(
        [](QProcess::CreateProcessArguments *arguments) { arguments->flags |= CREATE_NO_WINDOW; });
#endif
    QElapsedTimer clock;
    clock.start();
    process->start(command.program, command.arguments, QIODevice::ReadOnly);

    const int limitMs = command.endsByItself ? timeoutMs + kExitGraceMs : timeoutMs;
    QCoro::Task<WaitOutcome> waiting = ended.wait(limitMs, token);
    const WaitOutcome outcome = co_await waiting;
    const double elapsedMs = double(clock.nsecsElapsed()) / 1e6;

    if (failedToStart) {
        result.state = ProbeResult::State::Error;
        result.detail =
            tr("could not run %1: %2").arg(QDir::toNativeSeparators(command.program), process->errorString());
        co_return result;
    }
    if (outcome != WaitOutcome::Signalled) {
        // Cancelled, or ping overran: kill it and wait for it to be reaped (bounded; see ProcessReaper).
        process->kill();
        QCoro::Task<WaitOutcome> reaping = ended.wait(kReapTimeoutMs);
        co_await reaping;
        if (outcome == WaitOutcome::Cancelled) {
            result.state = ProbeResult::State::Error;
            result.detail = tr("cancelled");
        } else {
            result.state = ProbeResult::State::Down;
            result.detail =
                command.endsByItself
                    ? tr("no echo reply within %1 ms (ping did not end by itself and was stopped)")
                          .arg(timeoutMs)
                    : tr("no echo reply within %1 ms").arg(timeoutMs);
        }
        co_return result;
    }
    if (process->exitStatus() == QProcess::CrashExit) {
        result.state = ProbeResult::State::Error;
        result.detail = tr("ping ended abnormally: %1").arg(process->errorString());
        co_return result;
    }
    const QString output = QString::fromLocal8Bit(process->readAllStandardOutput());
    const QString errorOutput = QString::fromLocal8Bit(process->readAllStandardError());
    result = interpret(dialect, host, process->exitCode(), output, errorOutput, timeoutMs);
    if (result.isUp() && result.latencyMs < 0) {
        // ping printed no time we could read (a language we do not know): the time around the process
        // is an upper bound, start-up included.
        result.latencyMs = elapsedMs;
        result.detail = tr("echo reply (latency measured around the ping process)");
    }
    co_return result;
}

QCoro::Task<ProbeResult> SystemPingProber::probe(QHostAddress host, ProbeOptions options,
                                                 CancellationToken token) {
    // Everything from `this` is copied before the first suspension: the probe may outlive the prober.
    const QString &program = host.protocol() == QAbstractSocket::IPv6Protocol ? m_program6 : m_program4;
    const Command command = SystemPingProber::command(m_dialect, program, host, options.timeoutMs);
    const Dialect dialect = m_dialect;
    const std::shared_ptr<AsyncSemaphore> slots = m_slots;
    const std::shared_ptr<int> running = m_running;
    const int tries = std::max(1, options.tries);
    ProbeResult last;
    for (int attempt = 1; attempt <= tries; ++attempt) {
        QCoro::Task<ProbeResult> trying =
            pingOnce(command, dialect, host, options.timeoutMs, slots, running, token);
        last = co_await trying;
        if (last.state != ProbeResult::State::Down) {
            if (last.isUp() && attempt > 1)
                last.detail = tr("%1 (try %2 of %3)").arg(last.detail).arg(attempt).arg(tries);
            break;
        }
    }
    co_return last;
}

} // namespace infrahub
