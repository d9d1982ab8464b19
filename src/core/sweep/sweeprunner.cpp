#include "sweeprunner.h"

#include "concurrency/asyncevent.h"
#include "concurrency/runbatch.h"
#include "core/views/csvtext.h"

#include <QCoreApplication>

#include <QPointer>
#include <numeric>

namespace infrahub {

namespace {
QString stateWord(ProbeResult::State s) {
    switch (s) {
    case ProbeResult::State::Up:
        return QStringLiteral("up");
    case ProbeResult::State::Down:
        return QStringLiteral("down");
    case ProbeResult::State::Error:
        return QStringLiteral("error");
    }
    return {};
}
} // namespace

SweepRunner::SweepRunner(SweepTargets targets, std::shared_ptr<Prober> prober, Options options,
                         QObject *parent)
    : QObject(parent)
    , m_prober(std::move(prober))
    , m_options(options) {
    m_results.reserve(targets.size());
    for (const QHostAddress &a : targets.hosts())
        m_results.append(HostResult{a, false, {}});
}

SweepRunner::~SweepRunner() {
    if (m_cancel)
        m_cancel->cancel();
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
        rows.append({h.address.toString(),
                     h.probed ? stateWord(h.result.state) : QStringLiteral("not probed"),
                     h.result.latencyMs >= 0 ? QString::number(h.result.latencyMs, 'f', 3) : QString(),
                     h.result.method, h.result.detail});
    return csvText(rows);
}

void SweepRunner::start() {
    if (m_running || m_clock.isValid())
        return;
    run();
}

void SweepRunner::cancel() {
    if (m_running && m_cancel) {
        m_cancelled = true;
        m_cancel->cancel();
    }
}

QCoro::Task<> SweepRunner::waitForRate(CancellationToken token) {
    if (m_options.ratePerSecond <= 0)
        co_return;
    // Probe n may start at n / rate seconds after the start: a steady pace, no bursts.
    const qint64 due = m_started * 1000 / m_options.ratePerSecond;
    ++m_started;
    const qint64 wait = due - m_clock.elapsed();
    if (wait > 0) {
        QCoro::Task<WaitOutcome> sleeping = AsyncEvent().wait(int(wait), token);
        co_await sleeping;
    }
}

QCoro::Task<Result<bool>> SweepRunner::probeOne(QPointer<SweepRunner> self, std::shared_ptr<Prober> prober,
                                                int index, CancellationToken token) {
    if (!self)
        co_return InfrahubError::make(InfrahubError::Kind::Cancelled, QStringLiteral("the sweep is gone"));
    QCoro::Task<> pacing = self->waitForRate(token);
    co_await pacing;
    if (!self || token.isCancelled())
        co_return InfrahubError::make(InfrahubError::Kind::Cancelled, QStringLiteral("cancelled"));
    const QHostAddress address = self->m_results.at(index).address;
    const ProbeOptions options = self->m_options.probe;
    QCoro::Task<ProbeResult> probing = prober->probe(address, options, token);
    const ProbeResult result = co_await probing;
    if (!self || (result.state == ProbeResult::State::Error && token.isCancelled()))
        co_return InfrahubError::make(InfrahubError::Kind::Cancelled, QStringLiteral("cancelled"));
    HostResult &host = self->m_results[index];
    host.probed = true;
    host.result = result;
    ++self->m_done;
    Q_EMIT self->hostDone(index);
    co_return true;
}

QCoro::Task<> SweepRunner::run() {
    QPointer<SweepRunner> self(this);
    m_running = true;
    m_cancel = std::make_unique<CancellationSource>();
    m_clock.start();
    std::vector<int> indexes(size_t(m_results.size()));
    std::iota(indexes.begin(), indexes.end(), 0);
    BatchOptions options;
    options.token = m_cancel->token();
    // The probe has its own timeout and tries; the batch only bounds concurrency and carries the cancel.
    const std::shared_ptr<Prober> prober = m_prober;
    auto attempt = [self, prober](const int &index, CancellationToken token) {
        return probeOne(self, prober, index, token);
    };
    QCoro::Task<BatchReport<bool>> running =
        runBatch(std::move(indexes), m_options.concurrency, std::move(attempt), std::move(options));
    co_await running;
    if (!self)
        co_return;
    m_running = false;
    Q_EMIT finished();
}

} // namespace infrahub
