// Tools ▸ Sweep Reachability: what to sweep (typed, or taken from the selected prefixes, IP addresses or
// devices), how (ICMP echo where allowed — the window says which method and why — or TCP connect to
// chosen ports; timeout, tries, rate, concurrency), then a live results table (address, state, latency,
// method, detail) with progress, cancel and CSV export. The window stays usable while a sweep runs.
#pragma once

#include "core/sweep/sweeprunner.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

class SweepWindow : public QWidget {
    Q_OBJECT

public:
    explicit SweepWindow(QWidget *parent = nullptr);

    void setTargets(const QString &text);
    // "auto", "icmp" or "tcp" (with `ports`, e.g. "22,443").
    void setMethod(const QString &method, const QString &ports = {});
    void setTiming(int timeoutMs, int tries, int rate, int concurrency);
    // Starts a sweep; false with the reason shown when the targets or settings are wrong.
    bool start();
    void cancel();
    infrahub::SweepRunner *runner() const { return m_runner.get(); }
    QString statusText() const;
    int shownRows() const;
    QString rowState(int row) const;

Q_SIGNALS:
    void finished();

private:
    void onHostDone(int index);
    void onFinished();
    void updateProgress();

    QPlainTextEdit *m_targets;
    QComboBox *m_method;
    QLineEdit *m_ports;
    QSpinBox *m_timeout;
    QSpinBox *m_tries;
    QSpinBox *m_rate;
    QSpinBox *m_concurrency;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QPushButton *m_export;
    QProgressBar *m_progress;
    QLabel *m_status;
    QTableWidget *m_table;
    std::unique_ptr<infrahub::SweepRunner> m_runner;
};
