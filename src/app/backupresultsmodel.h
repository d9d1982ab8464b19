// The backup window's table of one run: a row per device (device, site, platform, outcome, size, time,
// reason) read from the BackupJob as devices finish. Updates are gathered and sent every 100 ms, so 200
// devices finishing at once cost a few repaints, not 200.
#pragma once

#include "core/backup/backupjob.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QTimer>

class BackupResultsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        DeviceColumn,
        SiteColumn,
        AddressColumn,
        PlatformColumn,
        OutcomeColumn,
        SizeColumn,
        TimeColumn,
        ReasonColumn,
        ColumnCount
    };
    // The outcome's name for filters and tests ("new", "changed", "unchanged", "failed", "not started",
    // "running", "queued").
    static constexpr int kOutcomeNameRole = Qt::UserRole + 1;

    explicit BackupResultsModel(QObject *parent = nullptr);

    void setJob(infrahub::BackupJob *job); // nullptr: empty
    infrahub::BackupJob *job() const { return m_job; }
    // Sends pending updates now (before reading the rows in tests, or at the end of a run).
    void flush();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void deviceDone(int index);
    QString outcomeName(int row) const;

    QPointer<infrahub::BackupJob> m_job;
    QTimer m_refresh;
    int m_dirtyFirst = -1;
    int m_dirtyLast = -1;
};
