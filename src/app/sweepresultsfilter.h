// "Show:" in the sweep window: all hosts, or only those that answered, stayed silent, were not probed,
// answered but are not in IPAM, are in IPAM but silent, or changed since the last sweep.
#pragma once

#include <QSortFilterProxyModel>

class SweepResultsFilter : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class Show { All, Up, Down, NotProbed, AliveNotInIpam, SilentInIpam, Changed };

    explicit SweepResultsFilter(QObject *parent = nullptr);
    void setShow(Show show);
    Show show() const { return m_show; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    Show m_show = Show::All;
};
