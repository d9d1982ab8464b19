// The sweep window's results as a model: one row per target (address, state, latency, method, the
// matching Infrahub object, the change since the last sweep of the same targets, detail). A /16 is 65,534
// rows, so rows are never widgets, and results arriving by the thousand are shown together a few times a
// second rather than one repaint per host.
#pragma once

#include "core/sweep/ipaminventory.h"
#include "core/sweep/sweephistory.h"
#include "core/sweep/sweeprunner.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QTimer>

#include <optional>

class SweepResultsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        AddressColumn,
        StateColumn,
        LatencyColumn,
        MethodColumn,
        ObjectColumn,
        ChangeColumn,
        DetailColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, // numbers where the column is numeric (latency, target order)
        StateRole,                   // HostResult::stateName(): "up", "down", "error", "not probed"
        InIpamRole,                  // bool: the inventory knows the address
        ChangeRole,                  // SweepHistory::Change as int
    };

    explicit SweepResultsModel(QObject *parent = nullptr);

    // Shows `runner`'s results (nullptr: none); rows follow as hosts are probed.
    void setRunner(infrahub::SweepRunner *runner);
    // Names each row's Infrahub object; nullptr: not known (not connected, or still loading).
    void setInventory(std::shared_ptr<const infrahub::IpamInventory> inventory);
    // The last sweep of the same targets, for the Change column.
    void setPrevious(std::optional<infrahub::SweepHistory::Snapshot> previous);
    const std::optional<infrahub::SweepHistory::Snapshot> &previous() const { return m_previous; }
    // Shows pending results now (the view otherwise catches up within kRefreshMs).
    void flush();
    // Counts of the Change column over probed hosts (one pass).
    QHash<infrahub::SweepHistory::Change, int> changeCounts() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // Emitted with each flush that showed new results (for summaries and charts that follow the table).
    void refreshed();

private:
    static constexpr int kRefreshMs = 150;
    void hostDone(int index);
    QString stateText(const infrahub::SweepRunner::HostResult &host) const;

    QPointer<infrahub::SweepRunner> m_runner;
    QMetaObject::Connection m_connection;
    std::shared_ptr<const infrahub::IpamInventory> m_inventory;
    std::optional<infrahub::SweepHistory::Snapshot> m_previous;
    int m_dirtyFirst = -1;
    int m_dirtyLast = -1;
    QTimer m_refresh;
};
