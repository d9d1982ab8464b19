#include "jobspanel.h"

#include "jobitemsmodel.h"

#include "core/views/csvtext.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

using infrahub::Job;

namespace {

enum JobColumn { TitleColumn, ProgressColumn, CountsColumn, ElapsedColumn, EtaColumn };
constexpr int kJobRole = Qt::UserRole + 1;

QString seconds(qint64 ms) {
    return ms < 0 ? QString() : QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 1);
}

} // namespace

JobsPanel::JobsPanel(QWidget *parent)
    : QWidget(parent) {
    m_jobs = new QTreeWidget;
    m_jobs->setObjectName(QStringLiteral("jobList"));
    m_jobs->setRootIsDecorated(false);
    m_jobs->setColumnCount(5);
    m_jobs->setHeaderLabels({tr("Job"), tr("Progress"), tr("Items"), tr("Elapsed"), tr("Left")});
    m_jobs->header()->setSectionResizeMode(TitleColumn, QHeaderView::Stretch);
    m_jobs->header()->setStretchLastSection(false);
    m_itemsModel = new JobItemsModel(this);
    m_items = new QTableView;
    m_items->setObjectName(QStringLiteral("jobItems"));
    m_items->setModel(m_itemsModel);
    m_items->horizontalHeader()->setSectionResizeMode(JobItemsModel::MessageColumn, QHeaderView::Stretch);
    m_items->verticalHeader()->hide();
    // Fixed row heights: a view of 65,534 items must not measure each row.
    m_items->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_items->verticalHeader()->setDefaultSectionSize(m_items->fontMetrics().height() + 6);
    m_items->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_items->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_failedOnly = new QCheckBox(tr("&Failed only"));
    m_cancel = new QPushButton(tr("&Cancel Job"));
    m_retry = new QPushButton(tr("Re&try Failed"));
    m_export = new QPushButton(tr("E&xport…"));
    m_summary = new QLabel;
    m_summary->setWordWrap(true);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_summary, 1);
    buttons->addWidget(m_failedOnly);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_retry);
    buttons->addWidget(m_export);
    auto *lower = new QWidget;
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addLayout(buttons);
    lowerLayout->addWidget(m_items, 1);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_jobs);
    split->addWidget(lower);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_jobs, &QTreeWidget::currentItemChanged, this, &JobsPanel::showItems);
    connect(m_failedOnly, &QCheckBox::toggled, this, &JobsPanel::showItems);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (Job *job = selectedJob())
            job->cancel();
    });
    connect(m_retry, &QPushButton::clicked, this, [this] {
        if (Job *job = selectedJob())
            job->retryFailed();
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        Job *job = selectedJob();
        if (!job)
            return;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export job results"), job->title() + QStringLiteral(".csv"), tr("CSV (*.csv)"));
        if (path.isEmpty())
            return;
        QSaveFile file(path); // the old file stays unless the whole export was written
        if (!file.open(QIODevice::WriteOnly) || file.write(selectedJobCsv()) < 0 || !file.commit())
            QMessageBox::warning(this, tr("Export failed"),
                                 tr("Cannot write %1: %2").arg(path, file.errorString()));
    });
    m_progressTimer.setSingleShot(true);
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, &JobsPanel::showProgress);
    updateButtons();
}

void JobsPanel::showProgress() {
    const QList<QPointer<Job>> dirty = std::exchange(m_progressDirty, {});
    for (const QPointer<Job> &job : dirty) {
        if (!job)
            continue;
        refreshJobRow(job);
        if (job == selectedJob()) {
            m_summary->setText(job->summary());
            updateButtons();
        }
    }
    emitActivity();
}

void JobsPanel::addJob(Job *job) {
    job->setParent(this);
    m_jobList.prepend(job);
    auto *row = new QTreeWidgetItem;
    row->setText(TitleColumn, job->title());
    row->setData(TitleColumn, kJobRole, QVariant::fromValue(static_cast<QObject *>(job)));
    m_jobs->insertTopLevelItem(0, row);
    auto *bar = new QProgressBar;
    bar->setRange(0, std::max(1, job->total()));
    bar->setTextVisible(true);
    m_jobs->setItemWidget(row, ProgressColumn, bar);
    // Progress comes after every finished item (thousands per second in a sweep): rows, summary and the
    // status bar follow it a few times a second.
    connect(job, &Job::progressChanged, this, [this, job] {
        if (!m_progressDirty.contains(job))
            m_progressDirty.append(job);
        if (!m_progressTimer.isActive())
            m_progressTimer.start();
    });
    connect(job, &Job::stateChanged, this, [this, job] {
        refreshJobRow(job);
        updateButtons();
    });
    connect(job, &Job::finished, this, [this, job] {
        showProgress();
        refreshJobRow(job);
        if (job == selectedJob())
            showItems(); // the final account, and the failed-only filter applied to it
        emitActivity();
        Q_EMIT jobFinished(job);
    });
    m_jobs->setCurrentItem(row);
    job->start();
    refreshJobRow(job);
}

QList<Job *> JobsPanel::jobs() const {
    QList<Job *> out;
    for (const QPointer<Job> &j : m_jobList)
        if (j)
            out.append(j);
    return out;
}

QTreeWidgetItem *JobsPanel::rowOf(Job *job) const {
    for (int i = 0; i < m_jobs->topLevelItemCount(); ++i) {
        QTreeWidgetItem *row = m_jobs->topLevelItem(i);
        if (row->data(TitleColumn, kJobRole).value<QObject *>() == job)
            return row;
    }
    return nullptr;
}

Job *JobsPanel::selectedJob() const {
    const QTreeWidgetItem *row = m_jobs->currentItem();
    return row ? qobject_cast<Job *>(row->data(TitleColumn, kJobRole).value<QObject *>()) : nullptr;
}

void JobsPanel::selectJob(Job *job) {
    if (QTreeWidgetItem *row = rowOf(job))
        m_jobs->setCurrentItem(row);
}

void JobsPanel::refreshJobRow(Job *job) {
    QTreeWidgetItem *row = rowOf(job);
    if (!row)
        return;
    if (auto *bar = qobject_cast<QProgressBar *>(m_jobs->itemWidget(row, ProgressColumn)))
        bar->setValue(job->done());
    QString counts = tr("%1/%2").arg(job->done()).arg(job->total());
    if (job->failed() > 0)
        counts += tr(", %n failed", nullptr, job->failed());
    if (job->state() == Job::State::Cancelled)
        counts += tr(", cancelled");
    row->setText(CountsColumn, counts);
    row->setText(ElapsedColumn, seconds(job->elapsedMs()));
    row->setText(EtaColumn, job->isRunning() ? seconds(job->etaMs()) : QString());
    row->setForeground(CountsColumn, job->failed() > 0
                                         ? QBrush(JobItemsModel::stateColor(Job::ItemState::Failed))
                                         : QBrush());
}

void JobsPanel::showItems() {
    Job *job = selectedJob();
    m_itemsModel->setJob(job);
    m_itemsModel->setFailedOnly(m_failedOnly->isChecked());
    m_itemsModel->flush();
    m_summary->setText(job ? job->summary() : QString());
    updateButtons();
}

int JobsPanel::shownItemRows() const {
    m_itemsModel->flush();
    return m_itemsModel->rowCount();
}

void JobsPanel::setFailedOnly(bool failedOnly) {
    m_failedOnly->setChecked(failedOnly);
}

QByteArray JobsPanel::selectedJobCsv() const {
    const Job *job = selectedJob();
    if (!job)
        return {};
    QList<QStringList> rows{{tr("Object"), tr("State"), tr("Message"), tr("Duration (ms)"), tr("Attempts")}};
    for (int i = 0; i < job->total(); ++i) {
        const Job::Item &item = job->items().at(i);
        rows.append({job->label(i), infrahub::itemStateText(item.state), item.message,
                     item.durationMs < 0 ? QString() : QString::number(item.durationMs),
                     QString::number(item.attempts)});
    }
    return infrahub::csvText(rows);
}

void JobsPanel::updateButtons() {
    const Job *job = selectedJob();
    m_cancel->setEnabled(job && job->isRunning());
    m_retry->setEnabled(job && !job->isRunning() && job->state() != Job::State::Waiting &&
                        job->count(Job::ItemState::Succeeded) < job->total());
    m_export->setEnabled(job != nullptr);
}

void JobsPanel::emitActivity() {
    int running = 0;
    int done = 0;
    int total = 0;
    for (const Job *job : jobs()) {
        if (!job->isRunning())
            continue;
        ++running;
        done += job->done();
        total += job->total();
    }
    Q_EMIT activityChanged(running, done, total);
}
