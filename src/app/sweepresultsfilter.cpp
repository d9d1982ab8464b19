#include "sweepresultsfilter.h"

#include "sweepresultsmodel.h"

using infrahub::SweepHistory;

SweepResultsFilter::SweepResultsFilter(QObject *parent)
    : QSortFilterProxyModel(parent) {
    setSortRole(SweepResultsModel::SortRole);
}

void SweepResultsFilter::setShow(Show show) {
    if (show == m_show)
        return;
    m_show = show;
    invalidateRowsFilter();
}

bool SweepResultsFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const {
    if (m_show == Show::All)
        return true;
    const QModelIndex at = sourceModel()->index(sourceRow, 0, sourceParent);
    const QString state = at.data(SweepResultsModel::StateRole).toString();
    switch (m_show) {
    case Show::All:
        return true;
    case Show::Up:
        return state == u"up";
    case Show::Down:
        return state == u"down" || state == u"error";
    case Show::NotProbed:
        return state == u"not probed";
    case Show::AliveNotInIpam:
        return state == u"up" && !at.data(SweepResultsModel::InIpamRole).toBool();
    case Show::SilentInIpam:
        return state == u"down" && at.data(SweepResultsModel::InIpamRole).toBool();
    case Show::Changed: {
        const auto change = SweepHistory::Change(at.data(SweepResultsModel::ChangeRole).toInt());
        return change == SweepHistory::Change::NewUp || change == SweepHistory::Change::NewDown;
    }
    }
    return true;
}
