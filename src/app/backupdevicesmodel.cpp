#include "backupdevicesmodel.h"

#include "backupdisplay.h"

#include "core/backup/deviceref.h"

#include <QColor>
#include <QIcon>

#include <algorithm>

using infrahub::DeviceStatus;

namespace {
const QColor kFailureColor(0xcf, 0x22, 0x2e);

QVariant timeSortKey(const QDateTime &when) {
    return when.isValid() ? when.toMSecsSinceEpoch() : qint64(0);
}
} // namespace

BackupDevicesModel::BackupDevicesModel(QObject *parent)
    : QAbstractTableModel(parent) {}

void BackupDevicesModel::setStatuses(const QList<DeviceStatus> &statuses) {
    beginResetModel();
    m_statuses = statuses;
    endResetModel();
}

const DeviceStatus *BackupDevicesModel::statusAt(int row) const {
    return row >= 0 && row < m_statuses.size() ? &m_statuses.at(row) : nullptr;
}

int BackupDevicesModel::rowOf(const QString &fileName) const {
    for (int row = 0; row < m_statuses.size(); ++row)
        if (m_statuses.at(row).fileName == fileName)
            return row;
    return -1;
}

int BackupDevicesModel::failingCount() const {
    return int(std::count_if(m_statuses.cbegin(), m_statuses.cend(),
                             [](const DeviceStatus &s) { return s.isFailing(); }));
}

QString BackupDevicesModel::displayName(const DeviceStatus &status) {
    return status.deviceName.isEmpty() ? infrahub::DeviceRef::nameFromFileName(status.fileName)
                                       : status.deviceName;
}

int BackupDevicesModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_statuses.size());
}

int BackupDevicesModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BackupDevicesModel::data(const QModelIndex &index, int role) const {
    const DeviceStatus *status = statusAt(index.row());
    if (!status)
        return {};
    const int column = index.column();
    switch (role) {
    case FileNameRole:
        return status->fileName;
    case FailingRole:
        return status->isFailing();
    case Qt::DisplayRole:
        switch (column) {
        case DeviceColumn:
            return displayName(*status);
        case PlatformColumn:
            return status->platform;
        case LastSuccessColumn:
            return status->lastSuccess.isValid() ? BackupDisplay::time(status->lastSuccess) : tr("never");
        case LastChangeColumn:
            return BackupDisplay::time(status->lastChange);
        case LastFailureColumn:
            return BackupDisplay::time(status->lastFailure);
        case FailureReasonColumn:
            return status->lastFailureReason;
        case SizeColumn:
            return BackupDisplay::size(status->size);
        }
        return {};
    case SortRole:
        switch (column) {
        case LastSuccessColumn:
            return timeSortKey(status->lastSuccess);
        case LastChangeColumn:
            return timeSortKey(status->lastChange);
        case LastFailureColumn:
            return timeSortKey(status->lastFailure);
        case SizeColumn:
            return status->size;
        default:
            return data(index, Qt::DisplayRole).toString().toCaseFolded();
        }
    case Qt::DecorationRole:
        if (column == DeviceColumn && status->isFailing())
            return QIcon(QStringLiteral(":/icons/backup-failed.svg"));
        return {};
    case Qt::ForegroundRole:
        // Old failures (the device has succeeded since) stay readable but are not alarming.
        if (status->isFailing() && (column == LastFailureColumn || column == FailureReasonColumn))
            return kFailureColor;
        if (column == LastSuccessColumn && !status->lastSuccess.isValid())
            return kFailureColor;
        return {};
    case Qt::TextAlignmentRole:
        return column == SizeColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ToolTipRole:
        if (status->isFailing()) {
            const int attempts = status->consecutiveFailures;
            const QString text = attempts == 1 ? tr("%1: the last attempt failed at %2: %3")
                                               : tr("%1: the last %n attempts failed, the latest at %2: %3",
                                                    nullptr, attempts);
            return text.arg(displayName(*status), BackupDisplay::time(status->lastFailure),
                            status->lastFailureReason);
        }
        if (column == DeviceColumn)
            return status->fileName;
        if (column == FailureReasonColumn)
            return status->lastFailureReason;
        return {};
    default:
        return {};
    }
}

QVariant BackupDevicesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case DeviceColumn:
        return tr("Device");
    case PlatformColumn:
        return tr("Platform");
    case LastSuccessColumn:
        return tr("Last success");
    case LastChangeColumn:
        return tr("Last change");
    case LastFailureColumn:
        return tr("Last failure");
    case FailureReasonColumn:
        return tr("Reason");
    case SizeColumn:
        return tr("Size");
    }
    return {};
}
