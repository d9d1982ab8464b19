// The Jobs dock: every running and finished job with its progress, counts, elapsed time and ETA; the
// selected job's items below (object, state, message, duration, attempts), filterable to the failed ones;
// Cancel, Retry Failed and Export (CSV) act on the selected job. Jobs run side by side; nothing here
// waits on them.
#pragma once

#include "core/jobs/job.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QTreeWidget;
class QTreeWidgetItem;

class JobsPanel : public QWidget {
    Q_OBJECT

public:
    explicit JobsPanel(QWidget *parent = nullptr);

    // Shows `job` (first in the list, selected) and starts it. The panel takes ownership.
    void addJob(infrahub::Job *job);
    QList<infrahub::Job *> jobs() const;
    infrahub::Job *selectedJob() const;
    void selectJob(infrahub::Job *job);
    // The selected job's items as CSV (item, state, message, duration ms, attempts).
    QByteArray selectedJobCsv() const;
    // Rows the item table shows (tests): all items, or the failed ones only.
    int shownItemRows() const;
    void setFailedOnly(bool failedOnly);

Q_SIGNALS:
    // Progress over all running jobs changed: `running` jobs, `done` of `total` items.
    void activityChanged(int running, int done, int total);
    void jobFinished(infrahub::Job *job);

private:
    void refreshJobRow(infrahub::Job *job);
    void showProgress();
    void showItems();
    void updateButtons();
    void emitActivity();
    QTreeWidgetItem *rowOf(infrahub::Job *job) const;

    QTreeWidget *m_jobs;
    class JobItemsModel *m_itemsModel;
    QTableView *m_items;
    QCheckBox *m_failedOnly;
    QPushButton *m_cancel;
    QPushButton *m_retry;
    QPushButton *m_export;
    QLabel *m_summary;
    QList<QPointer<infrahub::Job>> m_jobList;
    QList<QPointer<infrahub::Job>> m_progressDirty; // jobs whose progress is not shown yet
    QTimer m_progressTimer;
};
