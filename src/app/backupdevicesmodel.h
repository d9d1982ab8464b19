// The devices a backup folder knows (BackupStore::statuses()), one row each: name, platform, last
// success, last change, last failure and why, size of the stored copy. Devices whose last attempt failed
// carry a warning icon and their failure in red, so they stand out in a list of hundreds.
#pragma once

#include "core/backup/devicestatus.h"

#include <QAbstractTableModel>
#include <QList>

class BackupDevicesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        DeviceColumn,
        PlatformColumn,
        LastSuccessColumn,
        LastChangeColumn,
        LastFailureColumn,
        FailureReasonColumn,
        SizeColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, // times and sizes as numbers, text case-folded
        FileNameRole,                // the device's file, its key in the store
        FailingRole,                 // bool: DeviceStatus::isFailing()
    };

    explicit BackupDevicesModel(QObject *parent = nullptr);

    void setStatuses(const QList<infrahub::DeviceStatus> &statuses);
    const QList<infrahub::DeviceStatus> &statuses() const { return m_statuses; }
    const infrahub::DeviceStatus *statusAt(int row) const;
    int rowOf(const QString &fileName) const; // -1 when unknown
    int failingCount() const;

    // The name to show for a device (its records may lack one when they were rebuilt from git).
    static QString displayName(const infrahub::DeviceStatus &status);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<infrahub::DeviceStatus> m_statuses;
};
