// Round-trip times of a sweep in buckets that grow by 1-2-5 steps (under 0.1 ms on loopback, tens of ms
// across a WAN, seconds on a bad link all fit one chart), with the median and 95th percentile.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace infrahub {

class LatencyHistogram {
public:
    LatencyHistogram();

    void add(double ms);
    void clear();
    int total() const { return int(m_samples.size()); }
    // One count per bucket; bucket i holds [upper(i-1), upper(i)), the last one everything above.
    const QList<int> &counts() const { return m_counts; }
    // "<0.1", "0.1–0.2", ..., "≥1000" (ms).
    QStringList labels() const;
    // The `q` quantile (0..1) of the samples; -1 without samples.
    double quantile(double q) const;

private:
    QList<double> m_upper; // bucket upper bounds in ms
    QList<int> m_counts;
    mutable std::vector<double> m_samples;
    mutable bool m_sorted = true;
};

} // namespace infrahub
