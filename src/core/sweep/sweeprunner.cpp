#include "sweeprunner.h"

#include "concurrency/asyncevent.h"
#include "concurrency/runbatch.h"
#include "core/views/csvtext.h"

#include <QCoreApplication>

#include <QPointer>
#include <numeric>

namespace infrahub {

QString SweepRunner::HostResult::stateName() const {
    if (!probed)
        return QStringLiteral("not probed");
    switch (result.state) {
    case ProbeResult::State::Up:
        return QStringLiteral("up");
    case ProbeResult::State::Down:
        return QStringLiteral("down");
    case ProbeResult::State::Error:
        return QStringLiteral("error");
    }
    return {};
}

SweepRunner::SweepRunner(SweepTargets targets, std::shared_ptr<Prober> prober, Options options,
                         QObject *parent)
    : QObject(parent)
    , m_prober(std::move(prober))
    , m_options(std::move(options)) {
    m_results.reserve(targets.size());
    for (const QHostAddress &a : targets.hosts())
        m_results.append(HostResult{a, false, {}});
    Job::Options jobOptions;
    // The probe has its own timeout and tries: the job only bounds concurrency and carries the cancel.
    jobOptions.concurrency = std::max(1, m_options.concurrency);
    const QString title =
        m_options.title.isEmpty()
            ? QCoreApplication::translate("SweepRunner", "Sweep of %n host(s)", nullptr, int(targets.size()))
            : m_options.title;
    QPointer<SweepRunner> self(this);
    const std::shared_ptr<Prober> p = m_prober;
    // Items are labelled when shown (the job may outlive the runner: the labeler keeps the addresses).
    m_job = new Job(
        title, int(targets.size()),
        [hosts = targets.hosts()](int index) { return hosts.at(index).toString(); },
        [self, p](int index, CancellationToken token) { return probeOne(self, p, index, token); }, jobOptions,
        this);
    connect(m_job, &Job::stateChanged, this, [this](Job::State state) {
        if (state == Job::State::Running) { // a new round: the first sweep, or "Retry Failed"
            m_roundClock.start();
            m_started = 0;
            m_cancelled = false;
        }
    });
    connect(m_job, &Job::finished, this, [this] {
        m_cancelled = m_job->state() == Job::State::Cancelled;
        Q_EMIT finished();
    });
}

SweepRunner::~SweepRunner() {
    // A job the Jobs dock took over outlives the runner: it is stopped, its probes see the runner gone.
    if (m_job && m_job->parent() != this)
        m_job->cancel();
}

int SweepRunner::count(ProbeResult::State state) const {
    return int(std::count_if(m_results.cbegin(), m_results.cend(),
                             [&](const HostResult &h) { return h.probed && h.result.state == state; }));
}

QString SweepRunner::describe() const {
    return QCoreApplication::translate("SweepRunner", "%1, timeout %2 ms × %3 tr(ies), %4 at once%5")
        .arg(m_prober->description())
        .arg(m_options.probe.timeoutMs)
        .arg(m_options.probe.tries)
        .arg(m_options.concurrency)
        .arg(m_options.ratePerSecond > 0 ? QStringLiteral(", %1/s").arg(m_options.ratePerSecond) : QString());
}

QByteArray SweepRunner::csv() const {
    QList<QStringList> rows{{QStringLiteral("address"), QStringLiteral("state"), QStringLiteral("latency_ms"),
                             QStringLiteral("method"), QStringLiteral("detail")}};
    for (const HostResult &h : m_results)
        rows.append({h.address.toString(), h.stateName(),
                     h.result.latencyMs >= 0 ? QString::number(h.result.latencyMs, 'f', 3) : QString(),
                     h.result.method, h.result.detail});
    return csvText(rows);
}

void SweepRunner::start() {
    if (m_job)
        m_job->start(); // once: a started job ignores it
}

void SweepRunner::cancel() {
    if (m_job)
        m_job->cancel();
}

QCoro::Task<> SweepRunner::waitForRate(CancellationToken token) {
    if (m_options.ratePerSecond <= 0)
        co_return;
    // Probe n may start at n / rate seconds after the start: a steady pace, no bursts.
    const qint64 due = m_started * 1000 / m_options.ratePerSecond;
    ++m_started;
    const qint64 wait = due - m_roundClock.elapsed();
    if (wait > 0) {
        QCoro::Task<WaitOutcome> sleeping = AsyncEvent().wait(int(wait), token);
        co_await sleeping;
    }
}

QCoro::Task<Result<QString>> SweepRunner::probeOne(QPointer<SweepRunner> self, std::shared_ptr<Prober> prober,
                                                   int index, CancellationToken token) {
    auto cancelled = [] {
        return InfrahubError::make(InfrahubError::Kind::Cancelled, QStringLiteral("cancelled"));
    };
    if (!self)
        co_return cancelled();
    QCoro::Task<> pacing = self->waitForRate(token);
    co_await pacing;
    if (!self || token.isCancelled())
        co_return cancelled();
    const QHostAddress address = self->m_results.at(index).address;
    const ProbeOptions options = self->m_options.probe;
    QCoro::Task<ProbeResult> probing = prober->probe(address, options, token);
    const ProbeResult result = co_await probing;
    if (!self || (result.state == ProbeResult::State::Error && token.isCancelled()))
        co_return cancelled();
    HostResult &host = self->m_results[index];
    if (!host.probed)
        ++self->m_done;
    host.probed = true;
    host.result = result;
    Q_EMIT self->hostDone(index);
    if (result.isUp())
        co_return QCoreApplication::translate("SweepRunner", "up, %1 ms (%2)")
            .arg(result.latencyMs, 0, 'f', 2)
            .arg(result.method);
    // A silent host is the item's failure: the job counts it, and "Retry Failed" probes it again.
    co_return InfrahubError::make(
        InfrahubError::Kind::NotReachable,
        result.state == ProbeResult::State::Down
            ? QCoreApplication::translate("SweepRunner", "down: %1").arg(result.detail)
            : result.detail);
}

} // namespace infrahub
