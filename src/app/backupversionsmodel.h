// One device's stored versions (BackupStore::history()), newest first: when, the commit's short id, the
// size, and the commit's first line. The order is the store's and means something (the default diff is
// row 0 against row 1), so the model does not sort.
#pragma once

#include "core/backup/backupversion.h"

#include <QAbstractTableModel>
#include <QList>

class BackupVersionsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { TimeColumn, CommitColumn, SizeColumn, MessageColumn, ColumnCount };
    enum Role {
        CommitIdRole = Qt::UserRole + 1, // the full commit id
    };

    explicit BackupVersionsModel(QObject *parent = nullptr);

    void setVersions(const QList<infrahub::BackupVersion> &versions);
    const QList<infrahub::BackupVersion> &versions() const { return m_versions; }
    const infrahub::BackupVersion *versionAt(int row) const;
    int rowOf(const QString &commitId) const; // -1 when not listed

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<infrahub::BackupVersion> m_versions;
};
