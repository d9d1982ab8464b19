// The devices a backup run changed (BackupStore::changedSinceLastRun()), one row each: the device, how
// it changed (added, changed, removed) and how many lines were added and removed. Each row carries its
// DeviceChange, diff included, so selecting one shows the diff without reading git again.
#pragma once

#include "core/backup/devicechange.h"

#include <QAbstractTableModel>
#include <QList>

class BackupChangesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { DeviceColumn, KindColumn, AddedColumn, RemovedColumn, ColumnCount };
    enum Role {
        FileNameRole = Qt::UserRole + 1,
    };

    explicit BackupChangesModel(QObject *parent = nullptr);

    void setChanges(const QList<infrahub::DeviceChange> &changes);
    const QList<infrahub::DeviceChange> &changes() const { return m_changes; }
    const infrahub::DeviceChange *changeAt(int row) const;
    int rowOf(const QString &fileName) const;

    static QString kindText(infrahub::DeviceChange::Kind kind);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<infrahub::DeviceChange> m_changes;
};
