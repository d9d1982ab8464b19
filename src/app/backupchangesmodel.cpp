#include "backupchangesmodel.h"

#include <QColor>

using infrahub::DeviceChange;

namespace {
// The colours of the diff view's markers, so "+12" here reads like the green lines there.
const QColor kAddedColor(0x1a, 0x7f, 0x37);
const QColor kRemovedColor(0xcf, 0x22, 0x2e);
} // namespace

BackupChangesModel::BackupChangesModel(QObject *parent)
    : QAbstractTableModel(parent) {}

void BackupChangesModel::setChanges(const QList<DeviceChange> &changes) {
    beginResetModel();
    m_changes = changes;
    endResetModel();
}

const DeviceChange *BackupChangesModel::changeAt(int row) const {
    return row >= 0 && row < m_changes.size() ? &m_changes.at(row) : nullptr;
}

int BackupChangesModel::rowOf(const QString &fileName) const {
    for (int row = 0; row < m_changes.size(); ++row)
        if (m_changes.at(row).fileName == fileName)
            return row;
    return -1;
}

QString BackupChangesModel::kindText(DeviceChange::Kind kind) {
    switch (kind) {
    case DeviceChange::Kind::Added:
        return tr("added");
    case DeviceChange::Kind::Modified:
        return tr("changed");
    case DeviceChange::Kind::Removed:
        return tr("removed");
    }
    return {};
}

int BackupChangesModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_changes.size());
}

int BackupChangesModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BackupChangesModel::data(const QModelIndex &index, int role) const {
    const DeviceChange *change = changeAt(index.row());
    if (!change)
        return {};
    switch (role) {
    case FileNameRole:
        return change->fileName;
    case Qt::DisplayRole:
        switch (index.column()) {
        case DeviceColumn:
            return change->deviceName;
        case KindColumn:
            return kindText(change->kind);
        case AddedColumn:
            return QStringLiteral("+%1").arg(change->diff.addedLines());
        case RemovedColumn:
            return QStringLiteral("−%1").arg(change->diff.removedLines());
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == AddedColumn && change->diff.addedLines() > 0)
            return kAddedColor;
        if (index.column() == RemovedColumn && change->diff.removedLines() > 0)
            return kRemovedColor;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == AddedColumn || index.column() == RemovedColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        return change->fileName;
    default:
        return {};
    }
}

QVariant BackupChangesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case DeviceColumn:
        return tr("Device");
    case KindColumn:
        return tr("Change");
    case AddedColumn:
        return tr("Added");
    case RemovedColumn:
        return tr("Removed");
    }
    return {};
}
