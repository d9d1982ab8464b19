#include "sweepresultsmodel.h"

#include <QColor>

#include <algorithm>

using infrahub::ProbeResult;
using infrahub::SweepHistory;
using infrahub::SweepRunner;

SweepResultsModel::SweepResultsModel(QObject *parent)
    : QAbstractTableModel(parent) {
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(kRefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &SweepResultsModel::flush);
}

void SweepResultsModel::setRunner(SweepRunner *runner) {
    beginResetModel();
    disconnect(m_connection);
    m_runner = runner;
    m_dirtyFirst = m_dirtyLast = -1;
    m_refresh.stop();
    if (runner)
        m_connection = connect(runner, &SweepRunner::hostDone, this, &SweepResultsModel::hostDone);
    endResetModel();
}

void SweepResultsModel::setInventory(std::shared_ptr<const infrahub::IpamInventory> inventory) {
    m_inventory = std::move(inventory);
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, ObjectColumn), index(rowCount() - 1, ObjectColumn));
}

void SweepResultsModel::setPrevious(std::optional<SweepHistory::Snapshot> previous) {
    m_previous = std::move(previous);
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, ChangeColumn), index(rowCount() - 1, ChangeColumn));
}

void SweepResultsModel::hostDone(int index) {
    m_dirtyFirst = m_dirtyFirst < 0 ? index : std::min(m_dirtyFirst, index);
    m_dirtyLast = std::max(m_dirtyLast, index);
    if (!m_refresh.isActive())
        m_refresh.start();
}

void SweepResultsModel::flush() {
    m_refresh.stop();
    if (m_dirtyFirst < 0 || !m_runner)
        return;
    const int first = m_dirtyFirst;
    const int last = std::min(m_dirtyLast, rowCount() - 1);
    m_dirtyFirst = m_dirtyLast = -1;
    if (first <= last)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
    Q_EMIT refreshed();
}

QHash<SweepHistory::Change, int> SweepResultsModel::changeCounts() const {
    QHash<SweepHistory::Change, int> counts;
    if (!m_runner || !m_previous)
        return counts;
    for (const SweepRunner::HostResult &h : m_runner->results())
        if (h.probed)
            ++counts[SweepHistory::compare(m_previous, h)];
    return counts;
}

int SweepResultsModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() || !m_runner ? 0 : int(m_runner->results().size());
}

int SweepResultsModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString SweepResultsModel::stateText(const SweepRunner::HostResult &host) const {
    if (!host.probed)
        return m_runner->isRunning() ? QString() : tr("not probed");
    switch (host.result.state) {
    case ProbeResult::State::Up:
        return tr("up");
    case ProbeResult::State::Down:
        return tr("down");
    case ProbeResult::State::Error:
        return tr("error");
    }
    return {};
}

QVariant SweepResultsModel::data(const QModelIndex &index, int role) const {
    if (!m_runner || !index.isValid() || index.row() >= rowCount())
        return {};
    const SweepRunner::HostResult &host = m_runner->results().at(index.row());
    const infrahub::IpamInventory::Address *known = m_inventory ? m_inventory->find(host.address) : nullptr;
    const SweepHistory::Change change = SweepHistory::compare(m_previous, host);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case AddressColumn:
            return host.address.toString();
        case StateColumn:
            return stateText(host);
        case LatencyColumn:
            return host.probed && host.result.latencyMs >= 0
                       ? tr("%1 ms").arg(host.result.latencyMs, 0, 'f', host.result.latencyMs < 10 ? 3 : 1)
                       : QString();
        case MethodColumn:
            return host.result.method;
        case ObjectColumn:
            if (!m_inventory)
                return QString();
            return known ? infrahub::IpamInventory::describe(*known) : tr("not in IPAM");
        case ChangeColumn:
            switch (change) {
            case SweepHistory::Change::NewUp:
                return tr("new up");
            case SweepHistory::Change::NewDown:
                return tr("new down");
            case SweepHistory::Change::Unchanged:
                return tr("same");
            case SweepHistory::Change::NotSweptBefore:
                return QString();
            }
            return {};
        case DetailColumn:
            return host.result.detail;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StateColumn && host.probed)
            return host.result.isUp() ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28);
        if (index.column() == ChangeColumn && change == SweepHistory::Change::NewUp)
            return QColor(0x2e, 0x7d, 0x32);
        if (index.column() == ChangeColumn && change == SweepHistory::Change::NewDown)
            return QColor(0xc6, 0x28, 0x28);
        if (index.column() == ObjectColumn && m_inventory && !known)
            return QColor(0x75, 0x75, 0x75);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == DetailColumn || index.column() == ObjectColumn)
            return data(index, Qt::DisplayRole);
        return {};
    case SortRole:
        if (index.column() == AddressColumn)
            return index.row(); // target order: numeric order for ranges and blocks
        if (index.column() == LatencyColumn)
            return host.probed && host.result.latencyMs >= 0 ? host.result.latencyMs : 1e12;
        return data(index, Qt::DisplayRole);
    case StateRole:
        return host.stateName();
    case InIpamRole:
        return known != nullptr;
    case ChangeRole:
        return int(change);
    }
    return {};
}

QVariant SweepResultsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AddressColumn:
        return tr("Address");
    case StateColumn:
        return tr("State");
    case LatencyColumn:
        return tr("Latency");
    case MethodColumn:
        return tr("Method");
    case ObjectColumn:
        return tr("Infrahub object");
    case ChangeColumn:
        return tr("Since last sweep");
    case DetailColumn:
        return tr("Detail");
    }
    return {};
}
