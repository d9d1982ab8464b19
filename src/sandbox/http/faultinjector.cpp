// FaultInjector: one seeded generator; every eligible request draws the same number of values whatever
// the settings are, so changing a rate does not shift the sequence seen by later requests.
#include "faultinjector.h"

#include <QRandomGenerator>

#include <algorithm>

namespace infrahub::sandbox {

QList<int> FaultSettings::defaultFailStatuses() {
    return {502, 503, 429};
}

FaultInjector::FaultInjector() {
    setSettings(FaultSettings());
}

void FaultInjector::setSettings(const FaultSettings &settings) {
    QMutexLocker locker(&m_mutex);
    m_settings = settings;
    m_settings.latencyMs = qMax(0, m_settings.latencyMs);
    m_settings.latencyJitterMs = qMax(0, m_settings.latencyJitterMs);
    m_settings.failRate = qBound(0.0, m_settings.failRate, 1.0);
    m_settings.dropRate = qBound(0.0, m_settings.dropRate, 1.0);
    m_settings.stallRate = qBound(0.0, m_settings.stallRate, 1.0);
    if (m_settings.failStatuses.isEmpty())
        m_settings.failStatuses = {503};
    m_prefixes.clear();
    for (const QString &prefix : std::as_const(m_settings.pathPrefixes))
        m_prefixes.append(prefix.toUtf8());
    // std::mt19937_64's output is fixed by the standard, so seeded sequences match on every platform.
    m_random.seed(m_settings.seed != 0 ? m_settings.seed : QRandomGenerator::global()->generate64());
}

FaultSettings FaultInjector::settings() const {
    QMutexLocker locker(&m_mutex);
    return m_settings;
}

FaultCounters FaultInjector::counters() const {
    QMutexLocker locker(&m_mutex);
    return m_counters;
}

void FaultInjector::resetCounters() {
    QMutexLocker locker(&m_mutex);
    m_counters = FaultCounters();
}

double FaultInjector::nextUnit() {
    // 53 random bits -> [0, 1); std::uniform_real_distribution differs between standard libraries.
    return static_cast<double>(m_random() >> 11) * 0x1.0p-53;
}

FaultInjector::Decision FaultInjector::decide(QByteArrayView path) {
    QMutexLocker locker(&m_mutex);
    ++m_counters.seen;
    if (!m_prefixes.isEmpty()) {
        const bool matches =
            std::any_of(m_prefixes.cbegin(), m_prefixes.cend(),
                        [path](const QByteArray &prefix) { return path.startsWith(prefix); });
        if (!matches)
            return {};
    }
    ++m_counters.eligible;

    const double outcome = nextUnit();
    const quint64 statusPick = m_random();
    const quint64 jitterPick = m_random();

    Decision decision;
    const FaultSettings &s = m_settings;
    if (s.latencyMs > 0 || s.latencyJitterMs > 0) {
        const qint64 span = 2LL * s.latencyJitterMs + 1;
        const qint64 offset =
            static_cast<qint64>(jitterPick % static_cast<quint64>(span)) - s.latencyJitterMs;
        decision.delayMs = static_cast<int>(qMax<qint64>(0, s.latencyMs + offset));
    }
    if (outcome < s.dropRate) {
        decision.action = Action::Drop;
        ++m_counters.dropped;
    } else if (outcome < s.dropRate + s.stallRate) {
        decision.action = Action::Stall;
        ++m_counters.stalled;
    } else if (outcome < s.dropRate + s.stallRate + s.failRate) {
        decision.action = Action::Fail;
        decision.status = s.failStatuses.at(static_cast<qsizetype>(statusPick % s.failStatuses.size()));
        if (decision.status == 503 || decision.status == 429)
            decision.retryAfterSeconds = qMax(0, s.retryAfterSeconds);
        ++m_counters.failed;
        ++m_counters.failedByStatus[decision.status];
    }
    if (decision.delayMs > 0) {
        ++m_counters.delayed;
        m_counters.totalDelayMs += decision.delayMs;
    }
    return decision;
}

HttpResponse FaultInjector::failureResponse(const Decision &decision) {
    const QString message = QStringLiteral("Injected fault: %1 %2 (sandbox fault injection)")
                                .arg(decision.status)
                                .arg(QString::fromLatin1(HttpResponse::reasonPhrase(decision.status)));
    HttpResponse response = HttpResponse::legacyError(decision.status, message);
    if (decision.retryAfterSeconds > 0)
        response.setHeader("Retry-After", QByteArray::number(decision.retryAfterSeconds));
    return response;
}

} // namespace infrahub::sandbox
