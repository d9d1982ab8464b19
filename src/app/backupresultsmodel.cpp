#include "backupresultsmodel.h"

#include <QColor>
#include <QLocale>

using infrahub::BackupJob;
using Outcome = infrahub::BackupJob::DeviceResult::Outcome;

BackupResultsModel::BackupResultsModel(QObject *parent)
    : QAbstractTableModel(parent) {
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(100);
    connect(&m_refresh, &QTimer::timeout, this, &BackupResultsModel::flush);
}

void BackupResultsModel::setJob(BackupJob *job) {
    beginResetModel();
    if (m_job)
        m_job->disconnect(this);
    m_job = job;
    m_dirtyFirst = m_dirtyLast = -1;
    if (m_job) {
        connect(m_job, &BackupJob::deviceDone, this, &BackupResultsModel::deviceDone);
        // Queued -> running shows too: the job's items change state when a device's turn comes.
        if (infrahub::Job *items = m_job->job())
            connect(items, &infrahub::Job::itemChanged, this, &BackupResultsModel::deviceDone);
        connect(m_job, &QObject::destroyed, this, [this] { setJob(nullptr); });
    }
    endResetModel();
}

void BackupResultsModel::deviceDone(int index) {
    m_dirtyFirst = m_dirtyFirst < 0 ? index : std::min(m_dirtyFirst, index);
    m_dirtyLast = std::max(m_dirtyLast, index);
    if (!m_refresh.isActive())
        m_refresh.start();
}

void BackupResultsModel::flush() {
    m_refresh.stop();
    if (m_dirtyFirst < 0)
        return;
    const int first = m_dirtyFirst;
    const int last = std::min(m_dirtyLast, rowCount() - 1);
    m_dirtyFirst = m_dirtyLast = -1;
    if (first <= last)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

int BackupResultsModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() || !m_job ? 0 : int(m_job->targets().size());
}

int BackupResultsModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString BackupResultsModel::outcomeName(int row) const {
    const BackupJob::DeviceResult &r = m_job->results().at(row);
    if (r.outcome == Outcome::Pending) {
        const infrahub::Job *items = m_job->job();
        const bool running = items && items->items().at(row).state == infrahub::Job::ItemState::Running;
        return running ? QStringLiteral("running") : QStringLiteral("queued");
    }
    switch (r.outcome) {
    case Outcome::New:
        return QStringLiteral("new");
    case Outcome::Changed:
        return QStringLiteral("changed");
    case Outcome::Unchanged:
        return QStringLiteral("unchanged");
    case Outcome::Failed:
        return QStringLiteral("failed");
    case Outcome::NotStarted:
        return QStringLiteral("not started");
    case Outcome::Pending:
        break;
    }
    return {};
}

QVariant BackupResultsModel::data(const QModelIndex &index, int role) const {
    if (!m_job || !index.isValid() || index.row() >= rowCount())
        return {};
    const int row = index.row();
    const infrahub::BackupTarget &target = m_job->targets().at(row);
    const BackupJob::DeviceResult &r = m_job->results().at(row);
    if (role == kOutcomeNameRole)
        return outcomeName(row);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case DeviceColumn:
            return target.device.label();
        case SiteColumn:
            return target.site;
        case AddressColumn:
            return target.host;
        case PlatformColumn:
            return r.platform.isEmpty() ? target.platform : r.platform;
        case OutcomeColumn: {
            const QString name = outcomeName(row);
            if (name == u"running")
                return tr("backing up…");
            if (name == u"queued")
                return tr("queued");
            return BackupJob::outcomeText(r.outcome);
        }
        case SizeColumn:
            return r.bytes > 0 ? QLocale().formattedDataSize(r.bytes) : QString();
        case TimeColumn:
            if (r.durationMs < 0)
                return QString();
            return r.durationMs < 1000 ? tr("%1 ms").arg(r.durationMs)
                                       : tr("%1 s").arg(r.durationMs / 1000.0, 0, 'f', 1);
        case ReasonColumn:
            return r.reason;
        }
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == ReasonColumn && !r.reason.isEmpty())
        return r.reason;
    if (role == Qt::ForegroundRole && index.column() == OutcomeColumn) {
        switch (r.outcome) {
        case Outcome::Failed:
            return QColor(0xc6, 0x28, 0x28);
        case Outcome::Changed:
        case Outcome::New:
            return QColor(0x1b, 0x5e, 0x20);
        case Outcome::NotStarted:
            return QColor(0x75, 0x75, 0x75);
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && (index.column() == SizeColumn || index.column() == TimeColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant BackupResultsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case DeviceColumn:
        return tr("Device");
    case SiteColumn:
        return tr("Site");
    case AddressColumn:
        return tr("Address");
    case PlatformColumn:
        return tr("Platform");
    case OutcomeColumn:
        return tr("Outcome");
    case SizeColumn:
        return tr("Size");
    case TimeColumn:
        return tr("Time");
    case ReasonColumn:
        return tr("Reason");
    }
    return {};
}
