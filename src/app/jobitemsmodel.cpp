#include "jobitemsmodel.h"

#include <QColor>

#include <algorithm>

using infrahub::Job;

JobItemsModel::JobItemsModel(QObject *parent)
    : QAbstractTableModel(parent) {
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(kRefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &JobItemsModel::flush);
}

bool JobItemsModel::isFailure(Job::ItemState s) {
    return s == Job::ItemState::Failed || s == Job::ItemState::TimedOut || s == Job::ItemState::Cancelled ||
           s == Job::ItemState::NotStarted;
}

QColor JobItemsModel::stateColor(Job::ItemState s) {
    switch (s) {
    case Job::ItemState::Succeeded:
        return QColor(0x2e, 0x7d, 0x32);
    case Job::ItemState::Failed:
    case Job::ItemState::TimedOut:
        return QColor(0xc6, 0x28, 0x28);
    case Job::ItemState::Cancelled:
    case Job::ItemState::NotStarted:
        return QColor(0x9e, 0x6a, 0x00);
    default:
        return {};
    }
}

void JobItemsModel::setJob(Job *job) {
    if (job == m_job)
        return;
    beginResetModel();
    disconnect(m_connection);
    m_job = job;
    m_dirtyFirst = m_dirtyLast = -1;
    m_refresh.stop();
    if (job)
        m_connection = connect(job, &Job::itemChanged, this, &JobItemsModel::itemChanged);
    rebuildRows();
    endResetModel();
}

void JobItemsModel::setFailedOnly(bool failedOnly) {
    if (failedOnly == m_failedOnly)
        return;
    beginResetModel();
    m_failedOnly = failedOnly;
    rebuildRows();
    endResetModel();
}

void JobItemsModel::rebuildRows() {
    m_rows.clear();
    if (!m_job || !m_failedOnly)
        return;
    const QList<Job::Item> &items = m_job->items();
    for (int i = 0; i < items.size(); ++i)
        if (isFailure(items.at(i).state))
            m_rows.push_back(i);
}

void JobItemsModel::itemChanged(int index) {
    m_dirtyFirst = m_dirtyFirst < 0 ? index : std::min(m_dirtyFirst, index);
    m_dirtyLast = std::max(m_dirtyLast, index);
    if (!m_refresh.isActive())
        m_refresh.start();
}

void JobItemsModel::flush() {
    m_refresh.stop();
    if (m_dirtyFirst < 0)
        return;
    const int first = m_dirtyFirst;
    const int last = m_dirtyLast;
    m_dirtyFirst = m_dirtyLast = -1;
    if (m_failedOnly) {
        // Items may have entered or left the filter: the shown set is rebuilt when it changed.
        std::vector<int> before = std::move(m_rows);
        rebuildRows();
        if (before != m_rows) {
            std::vector<int> after = std::move(m_rows);
            m_rows = std::move(before); // what the view knows until the reset begins
            beginResetModel();
            m_rows = std::move(after);
            endResetModel();
            return;
        }
        const auto from = std::lower_bound(m_rows.cbegin(), m_rows.cend(), first);
        const auto to = std::upper_bound(m_rows.cbegin(), m_rows.cend(), last);
        if (from < to)
            Q_EMIT dataChanged(index(int(from - m_rows.cbegin()), 0),
                               index(int(to - m_rows.cbegin()) - 1, ColumnCount - 1));
        return;
    }
    Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

int JobItemsModel::rowCount(const QModelIndex &parent) const {
    if (parent.isValid() || !m_job)
        return 0;
    return m_failedOnly ? int(m_rows.size()) : m_job->total();
}

int JobItemsModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant JobItemsModel::data(const QModelIndex &index, int role) const {
    if (!m_job || !index.isValid() || index.row() >= rowCount())
        return {};
    const int item = itemAt(index.row());
    const Job::Item &it = m_job->items().at(item);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case LabelColumn:
            return m_job->label(item);
        case StateColumn:
            return infrahub::itemStateText(it.state);
        case MessageColumn:
            return it.message;
        case DurationColumn:
            return it.durationMs < 0 ? QString() : tr("%1 ms").arg(it.durationMs);
        case AttemptsColumn:
            return it.attempts ? QString::number(it.attempts) : QString();
        }
        return {};
    case Qt::ToolTipRole:
        return index.column() == MessageColumn ? QVariant(it.message) : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == StateColumn)
            if (const QColor c = stateColor(it.state); c.isValid())
                return c;
        return {};
    case kItemIndexRole:
        return item;
    }
    return {};
}

QVariant JobItemsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LabelColumn:
        return tr("Object");
    case StateColumn:
        return tr("State");
    case MessageColumn:
        return tr("Message");
    case DurationColumn:
        return tr("Duration");
    case AttemptsColumn:
        return tr("Attempts");
    }
    return {};
}
