// The console's main window: connects to a server (or the demo sandbox), shows the server's version in
// the status bar and its kinds grouped by namespace; the selected kind's objects stream into a table
// (server-side search over any value), next to its schema (attributes, relationships).
#pragma once

#include "consolesession.h"
#include "createvlansdialog.h"
#include "reconciledialog.h"
#include "relatepeersdialog.h"
#include "secretstore.h"
#include "setattributedialog.h"

#include <QMainWindow>

namespace infrahub {
class CsvImportPlan;
class Job;
class NodeTableModel;
} // namespace infrahub

class DesktopNotifier;
class FilterBar;
class SweepWindow;
class BackupWindow;
class JobsPanel;
class QDockWidget;
class QProgressBar;
class KindTreeModel;
class NodeEditor;
class QuickFindDialog;
class RelatedObjectsPane;
class QLabel;
class QLineEdit;
class QAction;
class QComboBox;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QTabWidget;
class QTimer;
class QTreeView;
class QTreeWidget;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(ConsoleSession *session, QWidget *parent = nullptr);

    // The kind currently shown in the detail pane (empty if none), for tests.
    QString currentKind() const { return m_currentKind; }
    QString statusText() const;
    int visibleKindCount() const;
    QString countText() const;
    // Selects a kind by name in the navigator (tests, command line).
    bool selectKind(const QString &kind);
    // The objects of the shown kind, as the table shows them (before its own column sort).
    infrahub::NodeTableModel *objectModel() const { return m_objects; }
    NodeEditor *editor() const { return m_editor; }
    RelatedObjectsPane *relatedPane() const { return m_related; }
    FilterBar *filterBar() const { return m_filterBar; }
    // Makes `row` of the object table (in the table's order) current, as a click does.
    void selectObjectRow(int row);

    // What the object table shows, as text: the visible columns in their on-screen order (a header row
    // first), the rows in the table's order; only the selected rows when `selectedOnly`.
    QList<QStringList> shownRows(bool selectedOnly) const;
    // Writes shownRows(false) as CSV to `path`, atomically (an existing file is replaced only when the
    // whole export was written). False with *error set otherwise.
    bool exportShownRows(const QString &path, QString *error);
    void copySelectedRows() const;
    // Ctrl+K: the find-anything dialog (created on first use).
    QuickFindDialog *quickFind();
    // Shows `kind` and opens object `id` in the detail pane (asks first about unsaved edits).
    void openObject(QString kind, QString id);

    // --- Branches. Every view follows the current branch. ---
    QString currentBranch() const { return m_branch; }
    QStringList branchNames() const;
    // Makes `name` the current branch (asks first if the detail pane has unsaved edits); false when the
    // server has no such branch or the user kept their edits.
    bool switchToBranch(const QString &name);
    // The branch operations themselves, without the confirmation the menu asks for; each ends with
    // branchOperationFinished().
    void createBranch(const QString &name);
    void mergeBranch(const QString &name);
    void rebaseBranch(const QString &name);
    void deleteBranch(const QString &name);
    // Opens an empty form for a new object of the shown kind (a node kind); false when it cannot.
    bool newObject();
    // (kind, id) of the selected rows, in the table's order.
    QList<QPair<QString, QString>> selectedObjects() const;
    // Deletes the selected objects on the current branch (after asking, when `ask`); objectsDeleted() then.
    void deleteSelectedObjects(bool ask);
    QTableView *objectTable() const { return m_table; }
    JobsPanel *jobsPanel() const { return m_jobsPanel; }
    // Sets one attribute on `targets` (kind, id) as a job, optionally on a new branch (see the dialog).
    QCoro::Task<> runSetAttribute(QList<QPair<QString, QString>> targets,
                                  SetAttributeDialog::Request request);
    // How a batch runs: its limit and retries, and optionally on a new branch (merged when every item
    // succeeded, if asked; kept for review otherwise).
    struct BatchPlan {
        int concurrency = 5;
        infrahub::RetryPolicy retry = infrahub::RetryPolicy::standard();
        QString newBranch;
        bool mergeWhenAllSucceed = false;
        bool reloadWhenDone = true; // reload the table after a batch on the shown branch
    };
    // Item `index`'s work on `branch` (empty: the default branch).
    using BatchOperation = std::function<QCoro::Task<infrahub::Result<QString>>(int index, QString branch,
                                                                                infrahub::CancellationToken)>;
    // `prepare` may connect to the job before it starts.
    QCoro::Task<> runBatchJob(QString title, QStringList labels, BatchOperation operation, BatchPlan plan,
                              std::function<void(infrahub::Job *)> prepare = {});
    QCoro::Task<> runDeletes(QList<QPair<QString, QString>> targets, BatchPlan plan);
    // One VLAN per site in `sites` (kind, id), named and set up as `request` says, as a job.
    QCoro::Task<> runCreateVlans(QList<QPair<QString, QString>> sites, CreateVlansDialog::Request request);
    // Adds `request.peer` to (or removes it from) a many-relationship of every target, as a job.
    QCoro::Task<> runRelatePeers(QList<QPair<QString, QString>> targets, RelatePeersDialog::Request request);
    // Tools > Sweep Reachability, with the selected prefixes', addresses' or devices' addresses filled in.
    SweepWindow *openSweep();
    // Tools > Back Up Configurations, with the selected objects (devices, or sites...) offered.
    BackupWindow *openBackup();
    // Where backup SSH secrets are kept (the OS keychain unless replaced, e.g. by a test's memory store).
    void setSecretStore(std::unique_ptr<SecretStore> secrets);
    // The sweep's findings (alive but not in IPAM, known but silent) as a batch: creates and updates, as
    // one job, on a new branch when the request says so.
    QCoro::Task<> runReconcile(ReconcileDialog::Request request);
    QString sweepTargetsFromSelection() const;
    // Reads the selected objects again (a job); their rows show what the server has now.
    void refreshSelected();
    // Runs a CSV import plan as a job: the dry run (what each row would do), or the import (upserts), all
    // or nothing on a new branch `branchName` merged only when every row succeeded.
    QCoro::Task<> runCsvImport(std::shared_ptr<const infrahub::CsvImportPlan> plan, bool dryRun,
                               bool allOrNothing, int concurrency, QString branchName);
    // Shows `job` in the Jobs dock and starts it (the panel owns it).
    void startJob(infrahub::Job *job);
    // Saved views of the shown kind: columns, filters, search and sort under a name.
    QStringList savedViewNames() const;
    void saveCurrentView(const QString &name);
    bool applyView(const QString &name);
    QString searchText() const;
    // Types into the search box (tests); the search runs on the server after a short pause.
    void setSearchText(const QString &text);

Q_SIGNALS:
    // Emitted when the objects of the shown kind have all arrived (or failed): countText() then holds
    // the count or the error.
    void kindCountLoaded(const QString &kind);
    // A branch operation ended; `message` says what happened (or why it failed). The branch list is
    // fresh by then.
    void branchOperationFinished(const QString &operation, bool ok, const QString &message);
    void branchesLoaded();
    void objectsDeleted(int deleted, int failed);

private:
    // Sweep ▸ Reconcile with Infrahub…: the dialog, then runReconcile().
    void reconcileSweep();
    // Fills the sweep's targets with the addresses of what belongs to the selected objects (a site's
    // devices' primary addresses), read from the server.
    QCoro::Task<> fillSweepFromRelated(QString kind, QStringList ids);
    void buildMenus();
    void onSessionState(ConsoleSession::State state);
    void showKind(const QString &kind);
    void loadObjects();
    void onObjectsProgress(int loaded, int total);
    void onObjectsFinished();
    void openConnectDialog();
    void showAbout();
    void onCurrentObjectChanged(const QModelIndex &current, const QModelIndex &previous);
    // Asks before unsaved edits in the detail pane would be lost; true when it is fine to go on.
    bool confirmDiscard();
    QCoro::Task<> refreshBranches(QString select);
    QCoro::Task<> runBranchOperation(QString operation, QString name);
    void updateBranchActions();
    void updateObjectActions();
    static QCoro::Task<infrahub::Result<QString>> deleteOne(infrahub::InfrahubClient *client, QString kind,
                                                            QString id, QString branch,
                                                            infrahub::CancellationToken token);
    void onJobFinished(infrahub::Job *job);
    void setAttributeOnSelected();
    void createVlansAtSelectedSites();
    void relatePeersOnSelected();
    void importCsv();
    static QCoro::Task<infrahub::Result<QString>> fetchOne(infrahub::InfrahubClient *client, QString kind,
                                                           QString id, QString branch,
                                                           std::shared_ptr<QHash<int, infrahub::Node>> into,
                                                           int index, infrahub::CancellationToken token);
    // The table's labels of `targets` (their ids where the table has no row for them).
    QStringList rowLabels(const QList<QPair<QString, QString>> &targets) const;
    static QCoro::Task<infrahub::Result<QString>>
    relateOne(infrahub::InfrahubClient *client, QString kind, QString id, QString relationship,
              infrahub::RelatedNode peer, bool add, QString branch, infrahub::CancellationToken token);
    QString vlanSiteRelationship() const;
    static QCoro::Task<infrahub::Result<QString>> createOne(infrahub::InfrahubClient *client, QString kind,
                                                            infrahub::NodeData data, QString branch,
                                                            infrahub::CancellationToken token);
    static QCoro::Task<infrahub::Result<QString>> updateOne(infrahub::InfrahubClient *client, QString kind,
                                                            QString id, QJsonObject values, QString branch,
                                                            infrahub::CancellationToken token);
    QString branchOrDefault() const;
    void restoreColumns();
    void saveColumns();
    void showColumnMenu(const QPoint &pos);
    void closeEvent(QCloseEvent *event) override;

    ConsoleSession *m_session;
    KindTreeModel *m_kinds;
    QSortFilterProxyModel *m_filter;
    QLineEdit *m_filterEdit;
    QTreeView *m_navigator;
    QLabel *m_title;
    QLabel *m_description;
    QLabel *m_count;
    QTreeWidget *m_details;
    QTabWidget *m_tabs;
    QLineEdit *m_search;
    FilterBar *m_filterBar;
    QTimer *m_searchDelay;
    infrahub::NodeTableModel *m_objects;
    QSortFilterProxyModel *m_objectsSorted;
    QTableView *m_table;
    NodeEditor *m_editor;
    RelatedObjectsPane *m_related;
    QSplitter *m_mainSplit;
    QSplitter *m_objectsSplit;
    QSplitter *m_tableAndEditor;
    QuickFindDialog *m_quickFind = nullptr;
    QComboBox *m_branchBox;
    QString m_branch;
    QAction *m_mergeAction;
    QAction *m_rebaseAction;
    QAction *m_deleteAction;
    QAction *m_newAction;
    QAction *m_deleteObjectsAction;
    QAction *m_setAttributeAction;
    QAction *m_createVlansAction;
    QAction *m_relatePeersAction;
    QAction *m_refreshAction;
    QLabel *m_status;
    JobsPanel *m_jobsPanel;
    QDockWidget *m_jobsDock;
    QProgressBar *m_jobsProgress;
    DesktopNotifier *m_notifier = nullptr;
    SweepWindow *m_sweep = nullptr;
    BackupWindow *m_backup = nullptr;
    std::unique_ptr<SecretStore> m_secrets;
    QString m_currentKind;
};
