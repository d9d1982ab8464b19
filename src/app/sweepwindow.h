// Tools ▸ Sweep Reachability: what to sweep (typed, or taken from the selected prefixes, IP addresses or
// devices), how (ICMP echo where allowed — the window says which method and why — or TCP connect to
// chosen ports; timeout, tries, rate, concurrency), then live results: a table (address, state, latency,
// method, the matching Infrahub object, the change since the last sweep of the same targets), a latency
// histogram, progress, cancel and CSV export. The sweep also runs as a job in the Jobs dock. When
// connected, the results are held against Infrahub: hosts alive but not in IPAM, addresses in IPAM (or
// some device's primary address) that are silent, and "Reconcile…" turns them into a reviewable batch on
// a new branch. The window stays usable while a sweep runs.
#pragma once

#include "core/concurrency/asyncevent.h"
#include "core/sweep/ipaminventory.h"
#include "core/sweep/latencyhistogram.h"
#include "core/sweep/sweephistory.h"
#include "core/sweep/sweepreconciliation.h"
#include "core/sweep/sweeprunner.h"

#include <QWidget>

class LatencyChart;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class SweepResultsFilter;
class SweepResultsModel;

namespace infrahub {
class InfrahubClient;
}

class SweepWindow : public QWidget {
    Q_OBJECT

public:
    explicit SweepWindow(QWidget *parent = nullptr);
    ~SweepWindow() override;

    void setTargets(const QString &text);
    QString targets() const;
    // A line under the buttons (e.g. where the targets came from), until the next sweep says more.
    void showNote(const QString &text, bool isError = false);
    // "auto", "icmp", "tcp" (with `ports`, e.g. "22,443") or "ping" (the system's ping).
    void setMethod(const QString &method, const QString &ports = {});
    void setTiming(int timeoutMs, int tries, int rate, int concurrency);
    // Sweeps larger than this many hosts are confirmed first ("Ask above", kept in the settings as
    // sweep/confirmAbove; 4,096 by default).
    void setConfirmAbove(int hosts);
    // Where the last sweep of each target set is kept (default: the app's data folder, "sweeps").
    void setHistoryDirectory(const QString &directory);
    // Infrahub to hold results against (nullptr: none); read at each sweep's start.
    void setInfrahub(infrahub::InfrahubClient *client, const QString &branch);
    // Probes with `prober` instead of the chosen method (a scripted prober in tests; nullptr: the method).
    void setProberOverride(std::shared_ptr<infrahub::Prober> prober);

    // Starts a sweep; false with the reason shown when the targets or settings are wrong.
    bool start();
    void cancel();
    infrahub::SweepRunner *runner() const { return m_runner.get(); }
    QString statusText() const;
    QString infrahubText() const;
    int shownRows() const;
    QString rowState(int row) const;
    QString rowText(int row, int column) const;
    // "all", "up", "down", "not-probed", "alive-not-in-ipam", "silent-in-ipam", "changed".
    void setShow(const QString &show);
    LatencyChart *latencyChart() const { return m_chart; }
    // The Infrahub side, once both the sweep and the inventory are in (else empty / nullptr).
    const infrahub::SweepReconciliation &reconciliation() const { return m_reconciliation; }
    std::shared_ptr<const infrahub::IpamInventory> inventory() const { return m_inventory; }
    bool isInventoryLoading() const { return m_inventoryLoading; }

Q_SIGNALS:
    void finished();
    // A sweep started, as `job` (the main window shows it in the Jobs dock, which may take it over).
    void jobStarted(infrahub::Job *job);
    // The user asked to turn the reconciliation into a batch.
    void reconcileRequested();
    // The inventory finished loading (or failed: infrahubText() says why).
    void inventoryLoaded();

private:
    QCoro::Task<> loadInventory(quint64 generation);
    // The end of a sweep (or of a retry round): counts, comparison, history, reconciliation; then finished().
    QCoro::Task<> finish(quint64 generation);
    void onRefreshed();
    void updateReconciliation();
    // Sets `m_cached` (on a worker thread, merged) and writes it to disk; the event is set once it is in
    // memory.
    infrahub::AsyncEvent keepForComparison();
    std::shared_ptr<infrahub::Prober> chooseProber(const infrahub::SweepTargets &targets, QString *why,
                                                   QString *error) const;

    QPlainTextEdit *m_targets;
    QComboBox *m_method;
    QLineEdit *m_ports;
    QSpinBox *m_timeout;
    QSpinBox *m_tries;
    QSpinBox *m_rate;
    QSpinBox *m_concurrency;
    QSpinBox *m_confirmAbove;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QPushButton *m_export;
    QPushButton *m_reconcile;
    QComboBox *m_show;
    QProgressBar *m_progress;
    QLabel *m_status;
    QLabel *m_infrahub;
    QTableView *m_table;
    SweepResultsModel *m_model;
    SweepResultsFilter *m_filter;
    LatencyChart *m_chart;
    std::unique_ptr<infrahub::SweepRunner> m_runner;
    infrahub::LatencyHistogram m_latencies;
    int m_latenciesCounted = 0; // results already in m_latencies (they arrive in any order)
    QList<bool> m_counted;
    QString m_statusLead; // "Sweeping 254 hosts: ICMP echo, ... ."
    QString m_historyDirectory;
    QString m_historyKey;
    QString m_cachedKey; // the last sweep of this window: its targets' key and what it saw
    std::optional<infrahub::SweepHistory::Snapshot> m_cached;
    QPointer<infrahub::InfrahubClient> m_client;
    QString m_branch;
    std::shared_ptr<infrahub::Prober> m_proberOverride;
    std::shared_ptr<const infrahub::IpamInventory> m_inventory;
    bool m_inventoryLoading = false;
    QString m_inventoryError;
    quint64 m_generation = 0;              // one per sweep: late answers of an earlier one are dropped
    int m_rounds = 0;                      // of the current sweep's job (more than one after "Retry Failed")
    bool m_finishing = false;              // between the job's end and finished()
    infrahub::AsyncEvent m_previousLoaded; // set once the last sweep of these targets is read (or absent)
    infrahub::SweepReconciliation m_reconciliation;
};
