#include "backupversionsmodel.h"

#include "backupdisplay.h"
#include "configdiffview.h"

#include <QFontDatabase>

using infrahub::BackupVersion;

BackupVersionsModel::BackupVersionsModel(QObject *parent)
    : QAbstractTableModel(parent) {}

void BackupVersionsModel::setVersions(const QList<BackupVersion> &versions) {
    beginResetModel();
    m_versions = versions;
    endResetModel();
}

const BackupVersion *BackupVersionsModel::versionAt(int row) const {
    return row >= 0 && row < m_versions.size() ? &m_versions.at(row) : nullptr;
}

int BackupVersionsModel::rowOf(const QString &commitId) const {
    for (int row = 0; row < m_versions.size(); ++row)
        if (m_versions.at(row).commitId == commitId)
            return row;
    return -1;
}

int BackupVersionsModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_versions.size());
}

int BackupVersionsModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BackupVersionsModel::data(const QModelIndex &index, int role) const {
    const BackupVersion *version = versionAt(index.row());
    if (!version)
        return {};
    switch (role) {
    case CommitIdRole:
        return version->commitId;
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return BackupDisplay::time(version->time);
        case CommitColumn:
            return ConfigDiffView::shortCommit(version->commitId);
        case SizeColumn:
            return BackupDisplay::size(version->size);
        case MessageColumn:
            return version->message;
        }
        return {};
    case Qt::FontRole:
        if (index.column() == CommitColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == SizeColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == CommitColumn)
            return version->commitId;
        if (index.column() == MessageColumn)
            return version->message;
        return {};
    default:
        return {};
    }
}

QVariant BackupVersionsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case CommitColumn:
        return tr("Commit");
    case SizeColumn:
        return tr("Size");
    case MessageColumn:
        return tr("Message");
    }
    return {};
}
