// The sweep's latency histogram (Qt Charts): how many hosts answered within each round-trip bucket, with
// the median and 95th percentile in the title. Updated while the sweep runs, a few times a second.
#pragma once

#include "core/sweep/latencyhistogram.h"

#include <QChartView>

class QBarSet;
class QBarCategoryAxis;
class QValueAxis;

class LatencyChart : public QChartView {
    Q_OBJECT

public:
    explicit LatencyChart(QWidget *parent = nullptr);

    void showHistogram(const infrahub::LatencyHistogram &histogram);
    // What the bars show (tests): one count per bucket.
    QList<int> shownCounts() const;
    QList<double> countTicks() const; // the values the count axis is labelled with
    QString title() const;

private:
    QBarSet *m_bars;
    QBarCategoryAxis *m_buckets;
    QValueAxis *m_counts;
};
