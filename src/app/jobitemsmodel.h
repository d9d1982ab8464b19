// The Jobs dock's item table as a model over one job: object, state, message, duration, attempts, all
// items or only those that did not succeed. A job can have tens of thousands of items (a /16 sweep is
// 65,534), so rows are never widgets, and the changes of many items are shown together a few times a
// second instead of one repaint per item.
#pragma once

#include "core/jobs/job.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QTimer>

#include <vector>

class JobItemsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { LabelColumn, StateColumn, MessageColumn, DurationColumn, AttemptsColumn, ColumnCount };
    static constexpr int kItemIndexRole = Qt::UserRole + 1;

    explicit JobItemsModel(QObject *parent = nullptr);

    void setJob(infrahub::Job *job);
    infrahub::Job *job() const { return m_job; }
    void setFailedOnly(bool failedOnly);
    bool failedOnly() const { return m_failedOnly; }
    // Shows pending item changes now (the view otherwise catches up within kRefreshMs).
    void flush();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Not succeeded: failed, timed out, cancelled or not started.
    static bool isFailure(infrahub::Job::ItemState state);
    static QColor stateColor(infrahub::Job::ItemState state);

private:
    static constexpr int kRefreshMs = 100;
    void itemChanged(int index);
    void rebuildRows();
    int itemAt(int row) const { return m_failedOnly ? m_rows.at(size_t(row)) : row; }

    QPointer<infrahub::Job> m_job;
    QMetaObject::Connection m_connection;
    bool m_failedOnly = false;
    std::vector<int> m_rows; // item indexes shown when failedOnly, in item order
    int m_dirtyFirst = -1;   // the range of items changed since the last flush
    int m_dirtyLast = -1;
    QTimer m_refresh;
};
