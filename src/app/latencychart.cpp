#include "latencychart.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QValueAxis>

LatencyChart::LatencyChart(QWidget *parent)
    : QChartView(parent) {
    auto *chart = new QChart;
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    m_bars = new QBarSet(tr("Hosts"));
    m_bars->setColor(QColor(0x15, 0x65, 0xc0));
    auto *series = new QBarSeries;
    series->append(m_bars);
    series->setBarWidth(0.9);
    chart->addSeries(series);
    const infrahub::LatencyHistogram empty;
    m_buckets = new QBarCategoryAxis;
    for (const QString &label : empty.labels())
        m_buckets->append(label.toHtmlEscaped()); // axis labels are rich text: "<0.1" would vanish
    m_buckets->setTitleText(tr("Round trip (ms)"));
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    m_buckets->setLabelsFont(small);
    m_counts = new QValueAxis;
    m_counts->setLabelFormat(QStringLiteral("%d"));
    m_counts->setLabelsFont(small);
    chart->addAxis(m_buckets, Qt::AlignBottom);
    chart->addAxis(m_counts, Qt::AlignLeft);
    series->attachAxis(m_buckets);
    series->attachAxis(m_counts);
    for (int i = 0; i < empty.counts().size(); ++i)
        m_bars->append(0);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(160);
    showHistogram(empty);
}

void LatencyChart::showHistogram(const infrahub::LatencyHistogram &histogram) {
    int highest = 0;
    for (int i = 0; i < histogram.counts().size(); ++i) {
        const int n = histogram.counts().at(i);
        highest = std::max(highest, n);
        if (int(m_bars->at(i)) != n)
            m_bars->replace(i, n);
    }
    // Counts are whole numbers. Up to 5 every one gets a tick (Qt's default five ticks over 0..1 read
    // "0 0 0 0 0 1" with the %d format); above that Qt's nice numbers step in whole 1, 2 or 5s.
    const int top = std::max(1, highest);
    m_counts->setRange(0, top);
    if (top <= 5)
        m_counts->setTickCount(top + 1);
    else
        m_counts->applyNiceNumbers();
    chart()->setTitle(
        histogram.total() == 0
            ? tr("Latency: no answers yet")
            : tr("Latency of %n answer(s): median %1 ms, 95th percentile %2 ms", nullptr, histogram.total())
                  .arg(histogram.quantile(0.5), 0, 'f', 3)
                  .arg(histogram.quantile(0.95), 0, 'f', 3));
}

QList<int> LatencyChart::shownCounts() const {
    QList<int> out;
    for (int i = 0; i < m_bars->count(); ++i)
        out.append(int(m_bars->at(i)));
    return out;
}

QList<double> LatencyChart::countTicks() const {
    QList<double> out;
    const int ticks = m_counts->tickCount();
    for (int i = 0; i < ticks; ++i)
        out.append(m_counts->min() + i * (m_counts->max() - m_counts->min()) / std::max(1, ticks - 1));
    return out;
}

QString LatencyChart::title() const {
    return chart()->title();
}
