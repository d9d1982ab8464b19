#include "latencyhistogram.h"

#include <algorithm>
#include <cmath>

namespace infrahub {

LatencyHistogram::LatencyHistogram() {
    for (double decade = 0.1; decade < 1000; decade *= 10)
        for (const double step : {1.0, 2.0, 5.0})
            m_upper.append(decade * step);
    m_upper.append(1000); // beyond a second: a bad link, or a timeout set high
    m_counts.fill(0, m_upper.size() + 1);
}

void LatencyHistogram::add(double ms) {
    if (ms < 0 || std::isnan(ms))
        return;
    const auto at = std::upper_bound(m_upper.cbegin(), m_upper.cend(), ms);
    ++m_counts[at - m_upper.cbegin()];
    m_samples.push_back(ms);
    m_sorted = false;
}

void LatencyHistogram::clear() {
    m_counts.fill(0);
    m_samples.clear();
    m_sorted = true;
}

QStringList LatencyHistogram::labels() const {
    auto number = [](double v) {
        return QString::number(v, 'g', 6); // 0.1, 0.2 and 1000 (not 1e+03)
    };
    QStringList out{QStringLiteral("<%1").arg(number(m_upper.first()))};
    for (qsizetype i = 1; i < m_upper.size(); ++i)
        out.append(QStringLiteral("%1–%2").arg(number(m_upper.at(i - 1)), number(m_upper.at(i))));
    out.append(QStringLiteral("≥%1").arg(number(m_upper.last())));
    return out;
}

double LatencyHistogram::quantile(double q) const {
    if (m_samples.empty())
        return -1;
    if (!m_sorted) {
        std::sort(m_samples.begin(), m_samples.end());
        m_sorted = true;
    }
    const double at = std::clamp(q, 0.0, 1.0) * double(m_samples.size() - 1);
    const size_t below = size_t(std::floor(at));
    const size_t above = std::min(below + 1, m_samples.size() - 1);
    return m_samples[below] + (m_samples[above] - m_samples[below]) * (at - double(below));
}

} // namespace infrahub
