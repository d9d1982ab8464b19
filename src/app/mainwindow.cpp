#include "mainwindow.h"

#include "backupwindow.h"
#include "branchdiffdialog.h"
#include "confirmbatchdialog.h"
#include "connectdialog.h"
#include "createvlansdialog.h"
#include "csvimportdialog.h"
#include "desktopnotifier.h"
#include "filterbar.h"
#include "jobspanel.h"
#include "kindtreemodel.h"
#include "nodeeditor.h"
#include "quickfinddialog.h"
#include "relatedobjectspane.h"
#include "relatepeersdialog.h"
#include "secretstore.h"
#include "setattributedialog.h"
#include "sweepwindow.h"

#include "core/sweep/ipaminventory.h"
#include "core/sweep/relatedaddresses.h"

#include "core/views/csvtext.h"
#include "core/views/nodetablemodel.h"
#include "core/views/savedview.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

MainWindow::MainWindow(ConsoleSession *session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_kinds(new KindTreeModel(this))
    , m_filter(new QSortFilterProxyModel(this))
    , m_objects(new infrahub::NodeTableModel(this))
    , m_objectsSorted(new QSortFilterProxyModel(this)) {
    setWindowTitle(tr("Infrahub Console"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/infrahub-console.svg")));
    m_filter->setSourceModel(m_kinds);
    m_filter->setRecursiveFilteringEnabled(true);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setFilterKeyColumn(-1);

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_filterEdit = new QLineEdit;
    m_filterEdit->setPlaceholderText(tr("Filter kinds…"));
    m_filterEdit->setClearButtonEnabled(true);
    m_navigator = new QTreeView;
    m_navigator->setObjectName(QStringLiteral("navigator"));
    m_navigator->setModel(m_filter);
    m_navigator->setUniformRowHeights(true);
    m_navigator->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    leftLayout->addWidget(m_filterEdit);
    leftLayout->addWidget(m_navigator);
    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setFilterFixedString(text);
        if (!text.isEmpty())
            m_navigator->expandAll();
    });
    connect(m_navigator->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current, const QModelIndex &previous) {
                if (!confirmDiscard()) {
                    const QSignalBlocker blocker(m_navigator->selectionModel());
                    m_navigator->selectionModel()->setCurrentIndex(previous,
                                                                   QItemSelectionModel::ClearAndSelect);
                    return;
                }
                showKind(current.data(KindTreeModel::KindNameRole).toString());
            });

    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    m_title = new QLabel;
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_description = new QLabel;
    m_description->setWordWrap(true);
    m_count = new QLabel;

    // Objects: streamed in by the model, sorted by the server unless the user clicks a column.
    m_search = new QLineEdit;
    m_search->setPlaceholderText(tr("Search any value (on the server)…"));
    m_search->setClearButtonEnabled(true);
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(300); // a search per pause in typing, not per key
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &MainWindow::loadObjects);
    m_objectsSorted->setSourceModel(m_objects);
    m_objectsSorted->setSortRole(infrahub::NodeTableModel::SortRole);
    m_objectsSorted->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_table = new QTableView;
    m_table->setModel(m_objectsSorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // the server's order until a header is clicked
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setDefaultSectionSize(140);
    // Columns: chosen, ordered and sized by the user, remembered per kind.
    m_table->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table->horizontalHeader(), &QHeaderView::customContextMenuRequested, this,
            &MainWindow::showColumnMenu);
    connect(m_table->horizontalHeader(), &QHeaderView::sectionMoved, this, &MainWindow::saveColumns);
    connect(m_table->horizontalHeader(), &QHeaderView::sectionResized, this, &MainWindow::saveColumns);
    connect(m_objects, &QAbstractItemModel::modelReset, this, &MainWindow::restoreColumns);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    connect(m_objects, &infrahub::NodeTableModel::progress, this, &MainWindow::onObjectsProgress);
    connect(m_objects, &infrahub::NodeTableModel::finished, this, &MainWindow::onObjectsFinished);
    m_filterBar = new FilterBar;
    m_filterBar->setObjectName(QStringLiteral("filterBar"));
    connect(m_filterBar, &FilterBar::changed, m_searchDelay, qOverload<>(&QTimer::start));
    auto *objects = new QWidget;
    auto *objectsLayout = new QVBoxLayout(objects);
    objectsLayout->setContentsMargins(0, 4, 0, 0);
    objectsLayout->addWidget(m_search);
    objectsLayout->addWidget(m_filterBar);
    m_editor = new NodeEditor;
    auto *tableAndEditor = new QSplitter;
    tableAndEditor->addWidget(m_table);
    tableAndEditor->addWidget(m_editor);
    tableAndEditor->setStretchFactor(0, 3);
    tableAndEditor->setStretchFactor(1, 2);
    tableAndEditor->setSizes({480, 340});
    // Below: what the opened object is related to (a site's devices, VLANs, ...), one tab each.
    m_related = new RelatedObjectsPane;
    m_related->setObjectName(QStringLiteral("related"));
    m_objectsSplit = new QSplitter(Qt::Vertical);
    m_objectsSplit->setObjectName(QStringLiteral("objectsSplit"));
    m_objectsSplit->addWidget(tableAndEditor);
    m_objectsSplit->addWidget(m_related);
    m_objectsSplit->setStretchFactor(0, 3);
    m_objectsSplit->setStretchFactor(1, 2);
    m_objectsSplit->setSizes({340, 240});
    m_tableAndEditor = tableAndEditor;
    objectsLayout->addWidget(m_objectsSplit, 1);
    connect(m_related, &RelatedObjectsPane::openRequested, this, &MainWindow::openObject);
    connect(m_editor, &NodeEditor::loaded, this, [this](const QString &id) {
        m_related->showRelated(m_session->client(), m_session->schema(), m_editor->node().kind(), id,
                               m_branch);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onCurrentObjectChanged);
    connect(m_editor, &NodeEditor::followLink, this, &MainWindow::openObject);
    connect(m_editor, &NodeEditor::created, this, [this](const QString &kind, const QString &) {
        if (kind == m_currentKind || m_session->schema()->isKindOf(kind, m_currentKind))
            loadObjects(); // the new object takes its place in the server's order
    });
    connect(m_editor, &NodeEditor::saved, this, [this](const QString &, bool ok) {
        if (ok)
            m_objects->updateNode(m_editor->node());
    });

    m_details = new QTreeWidget;
    m_details->setColumnCount(4);
    m_details->setHeaderLabels({tr("Name"), tr("Type"), tr("Required"), tr("Details")});
    m_details->setRootIsDecorated(true);
    m_details->setUniformRowHeights(true);
    rightLayout->addWidget(m_title);
    rightLayout->addWidget(m_description);
    rightLayout->addWidget(m_count);
    m_tabs = new QTabWidget;
    m_tabs->addTab(objects, tr("&Objects"));
    m_tabs->addTab(m_details, tr("&Schema"));
    rightLayout->addWidget(m_tabs, 1);

    m_mainSplit = new QSplitter;
    m_mainSplit->addWidget(left);
    m_mainSplit->addWidget(right);
    m_mainSplit->setStretchFactor(1, 1);
    m_mainSplit->setSizes({250, 850});
    setCentralWidget(m_mainSplit);

    m_status = new QLabel;
    statusBar()->addWidget(m_status, 1);
    // Jobs: a dock with every batch, and a progress bar in the status bar while any runs.
    m_jobsPanel = new JobsPanel;
    m_jobsDock = new QDockWidget(tr("Jobs"), this);
    m_jobsDock->setObjectName(QStringLiteral("jobsDock"));
    m_jobsDock->setWidget(m_jobsPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_jobsDock);
    m_jobsDock->hide();
    m_jobsProgress = new QProgressBar;
    m_jobsProgress->setMaximumWidth(220);
    m_jobsProgress->setFormat(tr("Jobs: %v/%m"));
    m_jobsProgress->hide();
    statusBar()->addPermanentWidget(m_jobsProgress);
    connect(m_jobsPanel, &JobsPanel::activityChanged, this, [this](int running, int done, int total) {
        m_jobsProgress->setVisible(running > 0);
        m_jobsProgress->setRange(0, std::max(1, total));
        m_jobsProgress->setValue(done);
        m_jobsProgress->setToolTip(tr("%n job(s) running", nullptr, running));
    });
    connect(m_jobsPanel, &JobsPanel::jobFinished, this, &MainWindow::onJobFinished);

    m_branchBox = new QComboBox;
    m_branchBox->setMinimumContentsLength(18);
    m_branchBox->setToolTip(tr("The branch every view shows and every change goes to"));
    connect(m_branchBox, &QComboBox::activated, this, [this](int index) {
        if (!switchToBranch(m_branchBox->itemText(index)))
            m_branchBox->setCurrentText(branchOrDefault()); // kept the edits: stay where we were
    });
    buildMenus();
    connect(m_session, &ConsoleSession::stateChanged, this, &MainWindow::onSessionState);
    connect(m_session, &ConsoleSession::clientAboutToChange, m_objects, &infrahub::NodeTableModel::clear);
    // Jobs work through the client being replaced: nothing more may start on it, running items stop.
    connect(m_session, &ConsoleSession::clientAboutToChange, this, [this] {
        for (infrahub::Job *job : m_jobsPanel->jobs())
            job->cancel();
    });
    onSessionState(m_session->state());

    // The window as the user left it: size, toolbar, and how the panes were split.
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1100, 700);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_mainSplit->restoreState(settings.value(QStringLiteral("window/navigatorSplit")).toByteArray());
    m_objectsSplit->restoreState(settings.value(QStringLiteral("window/relatedSplit")).toByteArray());
    m_tableAndEditor->restoreState(settings.value(QStringLiteral("window/editorSplit")).toByteArray());
}

void MainWindow::buildMenus() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *connectAction = file->addAction(tr("&Connect to Server…"), this, &MainWindow::openConnectDialog);
    connectAction->setShortcut(QKeySequence::Open);
    connectAction->setIcon(QIcon(QStringLiteral(":/icons/connect.svg")));
    file->addAction(tr("Open &Demo Sandbox"), this, [this] { m_session->connectToDemo(); });
    QAction *exportAction = file->addAction(tr("&Export Shown Objects to CSV…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export to CSV"), m_currentKind + QStringLiteral(".csv"), tr("CSV (*.csv)"));
        if (path.isEmpty())
            return;
        QString error;
        if (!exportShownRows(path, &error))
            QMessageBox::warning(this, tr("Export failed"), error);
        else
            m_status->setText(
                tr("Exported %n object(s) to %1", nullptr, m_objectsSorted->rowCount()).arg(path));
    });
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    QAction *importAction = file->addAction(tr("&Import Objects from CSV…"), this, &MainWindow::importCsv);
    importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    exportAction->setIcon(QIcon(QStringLiteral(":/icons/export.svg")));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &MainWindow::close); // closeEvent() asks first
    quit->setShortcut(QKeySequence::Quit);
    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    QAction *copy = editMenu->addAction(tr("&Copy Selected Rows"), this, &MainWindow::copySelectedRows);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(copy); // Ctrl+C in the table; text fields keep their own
    QAction *find = editMenu->addAction(tr("&Search Objects"), this, [this] {
        m_tabs->setCurrentIndex(0);
        m_search->setFocus();
        m_search->selectAll();
    });
    find->setShortcut(QKeySequence::Find);
    QAction *findAnything = editMenu->addAction(tr("&Find Object…"), this, [this] {
        QuickFindDialog *dialog = quickFind();
        dialog->show();
        dialog->raise();
        dialog->activateWindow();
    });
    findAnything->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    findAnything->setIcon(QIcon(QStringLiteral(":/icons/find.svg")));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *saveView = view->addAction(tr("&Save View As…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save view"),
                                                   tr("Name of this view of %1 (columns, filters, search "
                                                      "and sort):")
                                                       .arg(m_currentKind),
                                                   QLineEdit::Normal, QString(), &ok)
                                 .trimmed();
        if (ok && !name.isEmpty())
            saveCurrentView(name);
    });
    saveView->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    QMenu *views = view->addMenu(tr("Saved &Views"));
    QMenu *deleteViews = view->addMenu(tr("&Delete Saved View"));
    connect(view, &QMenu::aboutToShow, this, [this, views, deleteViews, saveView] {
        saveView->setEnabled(!m_currentKind.isEmpty());
        views->clear();
        deleteViews->clear();
        const QStringList names = savedViewNames();
        for (const QString &name : names) {
            views->addAction(name, this, [this, name] { applyView(name); });
            deleteViews->addAction(name, this, [this, name] {
                infrahub::SavedViews::remove(m_currentKind, name);
                m_status->setText(tr("Deleted the view %1.").arg(name));
            });
        }
        views->setEnabled(!names.isEmpty());
        deleteViews->setEnabled(!names.isEmpty());
    });
    view->addSeparator();
    QAction *jobs = m_jobsDock->toggleViewAction();
    jobs->setText(tr("&Jobs"));
    jobs->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    view->addAction(jobs);
    QAction *related = view->addAction(tr("&Related Objects"));
    related->setCheckable(true);
    related->setChecked(true);
    connect(related, &QAction::toggled, m_related, &QWidget::setVisible);
    view->addAction(tr("Show All &Columns"), this, [this] {
        QHeaderView *header = m_table->horizontalHeader();
        for (int c = 0; c < header->count(); ++c)
            header->showSection(c);
        saveColumns();
    });

    QMenu *branch = menuBar()->addMenu(tr("&Branch"));
    QAction *newBranch = branch->addAction(tr("&New Branch…"), this, [this] {
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, tr("New branch"),
                                  tr("Name of the new branch (from %1):").arg(branchOrDefault()),
                                  QLineEdit::Normal, QString(), &ok)
                .trimmed();
        if (ok && !name.isEmpty())
            createBranch(name);
    });
    newBranch->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    newBranch->setIcon(QIcon(QStringLiteral(":/icons/branch-new.svg")));
    m_mergeAction = branch->addAction(tr("&Merge into the Default Branch…"), this, [this] {
        const QString name = branchOrDefault();
        if (QMessageBox::question(
                this, tr("Merge branch"), tr("Merge every change of %1 into the default branch?").arg(name),
                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes)
            mergeBranch(name);
    });
    m_rebaseAction = branch->addAction(tr("&Rebase on the Default Branch"), this,
                                       [this] { rebaseBranch(branchOrDefault()); });
    m_deleteAction = branch->addAction(tr("&Delete Branch…"), this, [this] {
        const QString name = branchOrDefault();
        if (QMessageBox::warning(this, tr("Delete branch"),
                                 tr("Delete %1 and every change on it? This cannot be undone.").arg(name),
                                 QMessageBox::Yes | QMessageBox::Cancel,
                                 QMessageBox::Cancel) == QMessageBox::Yes)
            deleteBranch(name);
    });
    QAction *showChanges = branch->addAction(tr("Show &Changes Against the Default Branch…"), this, [this] {
        auto *dialog = new BranchDiffDialog(m_session->client(), branchOrDefault(),
                                            m_session->client()->config().defaultBranch, this);
        connect(dialog, &BranchDiffDialog::objectActivated, this, &MainWindow::openObject);
        dialog->show();
    });
    showChanges->setObjectName(QStringLiteral("showBranchChanges")); // updateBranchActions() finds it
    // Its text names the server's default branch, known once connected.
    connect(this, &MainWindow::branchesLoaded, this, &MainWindow::updateBranchActions);
    m_mergeAction->setIcon(QIcon(QStringLiteral(":/icons/branch-merge.svg")));
    m_rebaseAction->setIcon(QIcon(QStringLiteral(":/icons/branch-rebase.svg")));
    m_deleteAction->setIcon(QIcon(QStringLiteral(":/icons/branch-delete.svg")));
    showChanges->setIcon(QIcon(QStringLiteral(":/icons/branch-diff.svg")));
    // Short words on the toolbar; the menu keeps the full sentences.
    newBranch->setIconText(tr("New"));
    showChanges->setIconText(tr("Changes"));
    m_mergeAction->setIconText(tr("Merge"));
    m_rebaseAction->setIconText(tr("Rebase"));
    m_deleteAction->setIconText(tr("Delete"));
    QToolBar *bar = addToolBar(tr("Branch"));
    bar->setObjectName(QStringLiteral("branchToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addWidget(new QLabel(tr(" Branch: ")));
    bar->addWidget(m_branchBox);
    bar->addAction(newBranch);
    bar->addAction(showChanges);
    bar->addAction(m_mergeAction);
    bar->addAction(m_rebaseAction);
    bar->addAction(m_deleteAction);
    updateBranchActions();

    QMenu *actions = menuBar()->addMenu(tr("&Actions"));
    m_newAction = actions->addAction(tr("&New Object…"), this, [this] { newObject(); });
    m_newAction->setShortcut(QKeySequence::New);
    m_deleteObjectsAction =
        actions->addAction(tr("&Delete Selected Objects…"), this, [this] { deleteSelectedObjects(true); });
    m_deleteObjectsAction->setShortcut(QKeySequence::Delete);
    m_deleteObjectsAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(m_deleteObjectsAction); // Delete in the table only: text fields keep their own
    m_setAttributeAction =
        actions->addAction(tr("&Set Attribute on Selected…"), this, &MainWindow::setAttributeOnSelected);
    m_setAttributeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    m_createVlansAction = actions->addAction(tr("Create &VLAN at Selected Sites…"), this,
                                             &MainWindow::createVlansAtSelectedSites);
    m_relatePeersAction = actions->addAction(tr("Add or Remove &Related Object (Tag, Group…)…"), this,
                                             &MainWindow::relatePeersOnSelected);
    m_refreshAction = actions->addAction(tr("Re&fresh Selected Objects"), this, &MainWindow::refreshSelected);
    m_refreshAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    actions->addSeparator();
    QAction *reload = actions->addAction(tr("&Reload Objects"), this, &MainWindow::loadObjects);
    reload->setShortcut(QKeySequence::Refresh);
    m_newAction->setIcon(QIcon(QStringLiteral(":/icons/object-new.svg")));
    m_deleteObjectsAction->setIcon(QIcon(QStringLiteral(":/icons/object-delete.svg")));
    reload->setIcon(QIcon(QStringLiteral(":/icons/reload.svg")));
    QToolBar *objectsBar = addToolBar(tr("Objects"));
    objectsBar->setObjectName(QStringLiteral("objectsToolBar"));
    objectsBar->addAction(m_newAction);
    objectsBar->addAction(m_deleteObjectsAction);
    objectsBar->addAction(reload);
    objectsBar->addAction(findAnything);
    objectsBar->addAction(exportAction);
    // The toolbar's buttons follow the selection (the menu updates itself when it opens).
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateObjectActions);
    connect(actions, &QMenu::aboutToShow, this, &MainWindow::updateObjectActions);
    // The table's context menu: what can be done with the rows under the pointer.
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this, copy, reload](const QPoint &pos) {
        updateObjectActions();
        QMenu menu(this);
        menu.addAction(copy);
        menu.addSeparator();
        menu.addAction(m_newAction);
        menu.addAction(m_setAttributeAction);
        menu.addAction(m_relatePeersAction);
        menu.addAction(m_refreshAction);
        if (m_createVlansAction->isEnabled())
            menu.addAction(m_createVlansAction);
        menu.addAction(m_deleteObjectsAction);
        menu.addSeparator();
        menu.addAction(reload);
        menu.exec(m_table->viewport()->mapToGlobal(pos));
    });

    // Tools: the finders and reports that work across kinds.
    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(findAnything);
    tools->addAction(showChanges);
    QAction *sweep = tools->addAction(tr("S&weep Reachability…"), this, [this] { openSweep(); });
    sweep->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    QAction *backup = tools->addAction(tr("&Back Up Configurations…"), this, [this] { openBackup(); });
    backup->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Infrahub Console"), this, &MainWindow::showAbout);
}

QString MainWindow::statusText() const {
    return m_status->text();
}

QString MainWindow::countText() const {
    return m_count->text();
}

int MainWindow::visibleKindCount() const {
    return m_kinds->kindCount();
}

void MainWindow::onSessionState(ConsoleSession::State state) {
    // StripTrailingSlash keeps a bare "/" path; users expect "http://host:port" without it.
    QUrl shown = m_session->address().adjusted(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
    if (shown.path() == u"/")
        shown.setPath(QString());
    const QString where = shown.toString();
    switch (state) {
    case ConsoleSession::State::Disconnected:
        m_status->setText(tr("Not connected"));
        break;
    case ConsoleSession::State::Connecting:
        m_status->setText(where.isEmpty() && m_session->isDemo() ? tr("Starting the demo sandbox…")
                                                                 : tr("Connecting to %1…").arg(where));
        m_kinds->setSchema(nullptr);
        showKind({});
        break;
    case ConsoleSession::State::Failed:
        m_status->setText(tr("Not connected: %1").arg(m_session->lastError()));
        {
            // Not modal: the window stays usable (File > Connect) and nothing blocks the event loop.
            auto *box = new QMessageBox(
                QMessageBox::Warning, tr("Cannot connect"),
                tr("Infrahub Console could not connect to %1.\n\n%2").arg(where, m_session->lastError()),
                QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
        break;
    case ConsoleSession::State::Connected: {
        m_branch.clear(); // the server's default branch until the user picks another
        refreshBranches(QString());
        m_kinds->setSchema(m_session->schema());
        m_navigator->expandAll();
        m_navigator->resizeColumnToContents(0);
        m_status->setText(tr("Connected to %1 · Infrahub %2%3 · %n kind(s)", nullptr, m_kinds->kindCount())
                              .arg(where, m_session->serverInfo().version,
                                   m_session->isDemo() ? tr(" · demo sandbox") : QString()) +
                          (m_session->userName().isEmpty()
                               ? QString()
                               : tr(" · signed in as %1").arg(m_session->userName())));
        setWindowTitle(m_session->isDemo() ? tr("Infrahub Console — demo sandbox")
                                           : tr("Infrahub Console — %1").arg(m_session->address().host()));
        selectKind(QStringLiteral("InfraDevice")) || selectKind(QStringLiteral("LocationSite"));
        break;
    }
    }
}

bool MainWindow::selectKind(const QString &kind) {
    const QModelIndexList found = m_filter->match(m_filter->index(0, 0), KindTreeModel::KindNameRole, kind, 1,
                                                  Qt::MatchExactly | Qt::MatchRecursive);
    if (found.isEmpty())
        return false;
    m_navigator->setCurrentIndex(found.constFirst());
    m_navigator->scrollTo(found.constFirst());
    return true;
}

void MainWindow::showKind(const QString &kindName) {
    m_currentKind = kindName;
    m_editor->showNode(nullptr, {}, {});
    m_related->clear();
    updateObjectActions();
    {
        const QSignalBlocker blocker(m_filterBar); // the load below is the only one
        m_filterBar->setKind(m_session->schema(), kindName);
    }
    m_details->clear();
    const infrahub::SchemaSet *schema = m_session->schema();
    const infrahub::KindSchema *kind = schema && !kindName.isEmpty() ? schema->kind(kindName) : nullptr;
    if (!kind) {
        m_title->setText(schema ? tr("Select a kind") : QString());
        m_description->clear();
        m_count->clear();
        m_objects->clear();
        return;
    }
    m_title->setText(
        QStringLiteral("%1  (%2)").arg(kind->label.isEmpty() ? kind->name : kind->label, kind->kind));
    QStringList facts;
    if (!kind->description.isEmpty())
        facts.append(kind->description);
    if (kind->isGeneric())
        facts.append(tr("Generic, implemented by: %1").arg(kind->usedBy.join(QStringLiteral(", "))));
    else if (!kind->inheritFrom.isEmpty())
        facts.append(tr("Inherits from: %1").arg(kind->inheritFrom.join(QStringLiteral(", "))));
    if (!kind->humanFriendlyId.isEmpty())
        facts.append(tr("Human-friendly id: %1").arg(kind->humanFriendlyId.join(QStringLiteral(", "))));
    m_description->setText(facts.join(QLatin1Char('\n')));

    auto *attributes = new QTreeWidgetItem(m_details, {tr("Attributes (%1)").arg(kind->attributes.size())});
    for (const infrahub::AttributeSchema &a : kind->attributes) {
        QStringList details;
        if (a.unique)
            details.append(tr("unique"));
        if (a.readOnly)
            details.append(tr("read-only"));
        if (!a.defaultValue.isNull())
            details.append(tr("default %1").arg(a.defaultValue.toVariant().toString()));
        if (!a.choices.isEmpty()) {
            QStringList names;
            for (const infrahub::DropdownChoice &c : a.choices)
                names.append(c.name);
            details.append(tr("choices: %1").arg(names.join(QStringLiteral(", "))));
        }
        new QTreeWidgetItem(attributes, {a.label.isEmpty() ? a.name : a.label, a.kind,
                                         a.isRequiredOnCreate() ? tr("yes") : QString(),
                                         details.join(QStringLiteral("; "))});
    }
    auto *relationships =
        new QTreeWidgetItem(m_details, {tr("Relationships (%1)").arg(kind->relationships.size())});
    for (const infrahub::RelationshipSchema &r : kind->relationships) {
        new QTreeWidgetItem(relationships, {r.label.isEmpty() ? r.name : r.label,
                                            r.isMany() ? tr("many %1").arg(r.peer) : tr("one %1").arg(r.peer),
                                            !r.optional && !r.isMany() ? tr("yes") : QString(), r.kind});
    }
    m_details->expandAll();
    for (int c = 0; c < 3; ++c)
        m_details->resizeColumnToContents(c);
    loadObjects();
}

QString MainWindow::searchText() const {
    return m_search->text();
}

void MainWindow::setSearchText(const QString &text) {
    m_search->setText(text);
}

void MainWindow::loadObjects() {
    m_searchDelay->stop();
    infrahub::InfrahubClient *client = m_session->client();
    if (!client || m_currentKind.isEmpty()) {
        m_objects->clear();
        return;
    }
    infrahub::QueryOptions options;
    QString filterError;
    const std::optional<QJsonObject> filters = m_filterBar->arguments(&filterError);
    if (!filters) {
        // Showing every object while a filter is wrong would look like a result: show none, say why.
        m_objects->clear();
        m_count->setText(tr("Not loaded: %1").arg(filterError));
        return;
    }
    options.filters = *filters;
    const QString search = m_search->text().trimmed();
    if (!search.isEmpty()) {
        // Note: Infrahub applies partial_match to every text filter of the request, not just the search.
        options.filters.insert(QStringLiteral("any__value"), search);
        options.filters.insert(QStringLiteral("partial_match"), true);
    }
    m_count->setText(tr("Loading objects…"));
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_objects->load(client, m_currentKind, options, m_branch);
}

void MainWindow::onObjectsProgress(int loaded, int total) {
    if (loaded < total)
        m_count->setText(tr("Loading… %1 of %2 object(s)").arg(loaded).arg(total));
}

void MainWindow::onObjectsFinished() {
    if (m_objects->kind() != m_currentKind || m_objects->isLoading())
        return; // a load that was replaced by a newer one
    const QString branch = branchOrDefault();
    const QString search = m_search->text().trimmed();
    const qsizetype filterCount = m_filterBar->filters().size();
    if (!m_objects->errorMessage().isEmpty())
        m_count->setText(tr("Could not load objects: %1").arg(m_objects->errorMessage()));
    else if (search.isEmpty() && filterCount == 0)
        m_count->setText(tr("%n object(s) on branch %1", nullptr, m_objects->totalCount()).arg(branch));
    else if (filterCount == 0)
        m_count->setText(tr("%n object(s) matching “%1” on branch %2", nullptr, m_objects->totalCount())
                             .arg(search, branch));
    else
        m_count->setText(
            tr("%n object(s) matching the filters on branch %1", nullptr, m_objects->totalCount())
                .arg(branch));
    Q_EMIT kindCountLoaded(m_currentKind);
}

void MainWindow::openConnectDialog() {
    ConnectDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.demoRequested())
        m_session->connectToDemo();
    else
        m_session->connectToServer(dialog.config()); // the dialog remembers the profile or address
}

void MainWindow::selectObjectRow(int row) {
    m_table->setCurrentIndex(m_objectsSorted->index(row, 0));
}

void MainWindow::onCurrentObjectChanged(const QModelIndex &current, const QModelIndex &previous) {
    // No current row (the table was reloaded by a search): the pane keeps the object it shows.
    const QString id = current.isValid()
                           ? m_objectsSorted->data(current, infrahub::NodeTableModel::IdRole).toString()
                           : QString();
    // A listing of a generic holds several kinds: the row's own kind gives the object all its fields.
    const QString kind = current.isValid()
                             ? m_objectsSorted->data(current, infrahub::NodeTableModel::KindRole).toString()
                             : QString();
    if (id.isEmpty() || id == m_editor->nodeId())
        return;
    if (!confirmDiscard()) {
        const QSignalBlocker blocker(m_table->selectionModel());
        m_table->selectionModel()->setCurrentIndex(previous, QItemSelectionModel::ClearAndSelect |
                                                                 QItemSelectionModel::Rows);
        return;
    }
    m_editor->showNode(m_session->client(), kind, id, m_branch);
}

QList<QStringList> MainWindow::shownRows(bool selectedOnly) const {
    const QHeaderView *header = m_table->horizontalHeader();
    QList<int> columns; // logical indexes, in on-screen order
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns.append(logical);
    }
    QList<QStringList> out;
    QStringList head;
    for (const int c : columns)
        head.append(m_objectsSorted->headerData(c, Qt::Horizontal).toString());
    out.append(head);
    const QItemSelectionModel *selection = m_table->selectionModel();
    for (int row = 0; row < m_objectsSorted->rowCount(); ++row) {
        if (selectedOnly && !selection->isRowSelected(row, {}))
            continue;
        QStringList cells;
        for (const int c : columns)
            cells.append(m_objectsSorted->index(row, c).data().toString());
        out.append(cells);
    }
    return out;
}

bool MainWindow::exportShownRows(const QString &path, QString *error) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(infrahub::csvText(shownRows(false)));
    if (!file.commit()) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void MainWindow::copySelectedRows() const {
    QStringList lines;
    const QList<QStringList> rows = shownRows(true);
    for (qsizetype i = 1; i < rows.size(); ++i) // without the header row: pasted rows land as rows
        lines.append(rows.at(i).join(u'\t'));
    if (!lines.isEmpty())
        QGuiApplication::clipboard()->setText(lines.join(u'\n') + u'\n');
}

void MainWindow::restoreColumns() {
    if (m_objects->columnCount() == 0)
        return;
    const QByteArray state = QSettings().value(QStringLiteral("columns/") + m_objects->kind()).toByteArray();
    QHeaderView *header = m_table->horizontalHeader();
    const QSignalBlocker blocker(header);
    if (state.isEmpty() || !header->restoreState(state)) {
        for (int c = 0; c < header->count(); ++c)
            header->showSection(c);
        // A label that is just one attribute (name__value) would show the same text twice: the label
        // stays first, the attribute's own column starts hidden (the header menu brings it back).
        const infrahub::SchemaSet *schema = m_session->schema();
        const infrahub::KindSchema *kind = schema ? schema->kind(m_objects->kind()) : nullptr;
        if (const int repeated = kind ? m_objects->columnRepeatingLabel(*kind) : -1; repeated > 0)
            header->hideSection(repeated);
    }
    header->setSortIndicator(-1, Qt::AscendingOrder); // the server's order, whatever was saved
}

void MainWindow::saveColumns() {
    if (m_objects->columnCount() == 0 || m_objects->kind().isEmpty())
        return;
    QSettings().setValue(QStringLiteral("columns/") + m_objects->kind(),
                         m_table->horizontalHeader()->saveState());
}

void MainWindow::showColumnMenu(const QPoint &pos) {
    QHeaderView *header = m_table->horizontalHeader();
    QMenu menu(this);
    for (int c = 0; c < m_objects->columnCount(); ++c) {
        QAction *a = menu.addAction(m_objects->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!header->isSectionHidden(c));
        connect(a, &QAction::toggled, this, [this, header, c](bool shown) {
            header->setSectionHidden(c, !shown);
            saveColumns();
        });
    }
    menu.addSeparator();
    menu.addAction(tr("Show All Columns"), this, [this, header] {
        for (int c = 0; c < header->count(); ++c)
            header->showSection(c);
        saveColumns();
    });
    menu.exec(header->mapToGlobal(pos));
}

QStringList MainWindow::savedViewNames() const {
    QStringList names;
    for (const infrahub::SavedView &v : infrahub::SavedViews::forKind(m_currentKind))
        names.append(v.name);
    return names;
}

void MainWindow::saveCurrentView(const QString &name) {
    if (m_currentKind.isEmpty())
        return;
    infrahub::SavedView view;
    view.name = name;
    view.kind = m_currentKind;
    view.columns = m_table->horizontalHeader()->saveState();
    view.filters = m_filterBar->filters();
    view.search = m_search->text();
    view.sortColumn = m_table->horizontalHeader()->sortIndicatorSection();
    view.sortOrder = m_table->horizontalHeader()->sortIndicatorOrder();
    infrahub::SavedViews::save(view);
    m_status->setText(tr("Saved the view %1 of %2.").arg(name, m_currentKind));
}

bool MainWindow::applyView(const QString &name) {
    const QList<infrahub::SavedView> views = infrahub::SavedViews::forKind(m_currentKind);
    const auto found = std::find_if(views.cbegin(), views.cend(),
                                    [&](const infrahub::SavedView &v) { return v.name == name; });
    if (found == views.cend())
        return false;
    {
        // One load for the whole view, not one per restored part.
        const QSignalBlocker searchBlocker(m_search);
        const QSignalBlocker filterBlocker(m_filterBar);
        m_search->setText(found->search);
        m_filterBar->setFilters(found->filters);
    }
    QHeaderView *header = m_table->horizontalHeader();
    {
        const QSignalBlocker blocker(header);
        header->restoreState(found->columns);
    }
    saveColumns();
    loadObjects();
    if (found->sortColumn >= 0)
        m_table->sortByColumn(found->sortColumn, found->sortOrder);
    m_status->setText(tr("View %1 of %2.").arg(name, m_currentKind));
    return true;
}

void MainWindow::updateObjectActions() {
    const infrahub::SchemaSet *schema = m_session->schema();
    const infrahub::KindSchema *kind = schema ? schema->kind(m_currentKind) : nullptr;
    const bool canCreate = kind && kind->isNode() && m_session->client();
    m_newAction->setEnabled(canCreate);
    m_newAction->setText(canCreate ? tr("&New %1…").arg(kind->label.isEmpty() ? kind->kind : kind->label)
                                   : tr("&New Object…"));
    m_deleteObjectsAction->setEnabled(m_session->client() && m_table->selectionModel()->hasSelection());
    m_setAttributeAction->setEnabled(kind && m_session->client() &&
                                     m_table->selectionModel()->hasSelection());
    m_relatePeersAction->setEnabled(kind && m_session->client() && m_table->selectionModel()->hasSelection());
    m_refreshAction->setEnabled(kind && m_session->client() && m_table->selectionModel()->hasSelection());
}

bool MainWindow::newObject() {
    const infrahub::SchemaSet *schema = m_session->schema();
    const infrahub::KindSchema *kind = schema ? schema->kind(m_currentKind) : nullptr;
    if (!kind || !kind->isNode() || !m_session->client() || !confirmDiscard())
        return false;
    m_tabs->setCurrentIndex(0);
    m_table->clearSelection();
    m_related->clear();
    m_editor->newNode(m_session->client(), m_currentKind, m_branch);
    return true;
}

QList<QPair<QString, QString>> MainWindow::selectedObjects() const {
    QList<QPair<QString, QString>> out; // (kind, id) in the table's order
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    QList<int> order;
    for (const QModelIndex &i : rows)
        order.append(i.row());
    std::sort(order.begin(), order.end());
    for (const int row : order) {
        const QModelIndex index = m_objectsSorted->index(row, 0);
        out.append({index.data(infrahub::NodeTableModel::KindRole).toString(),
                    index.data(infrahub::NodeTableModel::IdRole).toString()});
    }
    return out;
}

void MainWindow::deleteSelectedObjects(bool ask) {
    const QList<QPair<QString, QString>> targets = selectedObjects();
    if (targets.isEmpty() || !m_session->client())
        return;
    BatchPlan plan;
    plan.concurrency = m_session->client()->config().maxConcurrentRequests;
    if (ask) {
        ConfirmBatchDialog dialog(tr("Delete objects"),
                                  tr("Delete %n object(s)", nullptr, int(targets.size())), rowLabels(targets),
                                  branchOrDefault(), plan.concurrency, this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        plan.concurrency = dialog.concurrency();
        plan.newBranch = dialog.newBranch();
        plan.mergeWhenAllSucceed = dialog.mergeWhenAllSucceed();
    }
    runDeletes(targets, plan);
}

QCoro::Task<> MainWindow::runDeletes(QList<QPair<QString, QString>> targets, BatchPlan plan) {
    infrahub::InfrahubClient *client = m_session->client();
    if (!client)
        co_return;
    plan.retry = infrahub::RetryPolicy::standard(); // a delete by id is safe to repeat
    plan.reloadWhenDone = false;                    // the rows go one by one, as their deletes succeed
    const bool onShownBranch = plan.newBranch.isEmpty();
    const QString shownBranch = m_branch;
    QCoro::Task<> running = runBatchJob(
        tr("Delete %n object(s)", nullptr, int(targets.size())), rowLabels(targets),
        [client, targets](int i, QString branch, infrahub::CancellationToken token) {
            return deleteOne(client, targets.at(i).first, targets.at(i).second, branch, token);
        },
        plan,
        [this, targets, onShownBranch, shownBranch](infrahub::Job *job) {
            connect(job, &infrahub::Job::itemChanged, this,
                    [this, job, targets, onShownBranch, shownBranch](int index) {
                        if (!onShownBranch || shownBranch != m_branch ||
                            job->items().at(index).state != infrahub::Job::ItemState::Succeeded)
                            return;
                        // The row goes as its delete succeeds; the detail pane lets go of an object that is
                        // gone.
                        const QString id = targets.at(index).second;
                        m_objects->removeNode(id);
                        if (id == m_editor->nodeId()) {
                            m_editor->showNode(nullptr, {}, {});
                            m_related->clear();
                        }
                    });
            connect(job, &infrahub::Job::finished, this, [this, job] {
                const int deleted = job->count(infrahub::Job::ItemState::Succeeded);
                m_count->setText(
                    tr("%n object(s) on branch %1", nullptr, m_objects->totalCount()).arg(branchOrDefault()));
                Q_EMIT objectsDeleted(deleted, job->total() - deleted);
            });
        });
    co_await running;
}

QCoro::Task<infrahub::Result<QString>> MainWindow::deleteOne(infrahub::InfrahubClient *client, QString kind,
                                                             QString id, QString branch,
                                                             infrahub::CancellationToken token) {
    QCoro::Task<infrahub::Result<infrahub::MutationResult>> deleting =
        client->remove(kind, infrahub::NodeLookup::byId(id), branch, token);
    const infrahub::Result<infrahub::MutationResult> result = co_await deleting;
    if (!result)
        co_return result.error();
    co_return tr("Deleted");
}

void MainWindow::setAttributeOnSelected() {
    const infrahub::SchemaSet *schema = m_session->schema();
    const infrahub::KindSchema *kind = schema ? schema->kind(m_currentKind) : nullptr;
    const QList<QPair<QString, QString>> targets = selectedObjects();
    if (!kind || targets.isEmpty() || !m_session->client())
        return;
    SetAttributeDialog dialog(*kind, int(targets.size()), branchOrDefault(),
                              m_session->client()->config().maxConcurrentRequests, this);
    if (dialog.exec() == QDialog::Accepted)
        runSetAttribute(targets, dialog.request());
}

QCoro::Task<> MainWindow::runSetAttribute(QList<QPair<QString, QString>> targets,
                                          SetAttributeDialog::Request request) {
    const QStringList labels = rowLabels(targets);
    infrahub::InfrahubClient *client = m_session->client();
    const QJsonObject values = request.values;
    BatchPlan plan;
    plan.concurrency = request.concurrency;
    plan.newBranch = request.newBranch;
    plan.mergeWhenAllSucceed = request.mergeWhenAllSucceed;
    QCoro::Task<> running = runBatchJob(
        tr("Set %1 on %n object(s)", nullptr, int(targets.size()))
            .arg(values.keys().join(QStringLiteral(", "))),
        labels,
        [client, targets, values](int i, QString branch, infrahub::CancellationToken token) {
            return updateOne(client, targets.at(i).first, targets.at(i).second, values, branch, token);
        },
        plan);
    co_await running;
}

QCoro::Task<> MainWindow::runBatchJob(QString title, QStringList labels, BatchOperation operation,
                                      BatchPlan plan, std::function<void(infrahub::Job *)> prepare) {
    QPointer<MainWindow> self(this);
    infrahub::InfrahubClient *client = m_session->client();
    if (!client || labels.isEmpty())
        co_return;
    QString branch = m_branch;
    const QString base = branchOrDefault();
    if (!plan.newBranch.isEmpty()) {
        // A branch transaction: the whole batch on a new branch, so the base branch is never half-changed.
        infrahub::BranchCreateOptions options;
        options.name = plan.newBranch;
        QCoro::Task<infrahub::Result<infrahub::BranchInfo>> creating = client->createBranch(options);
        const infrahub::Result<infrahub::BranchInfo> created = co_await creating;
        if (!self || client != m_session->client())
            co_return; // closed or reconnected meanwhile: the batch is not started
        if (!created) {
            auto *box = new QMessageBox(QMessageBox::Warning, title,
                                        tr("Could not create branch %1: %2. Nothing was changed.")
                                            .arg(plan.newBranch, created.error().message),
                                        QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
            co_return;
        }
        branch = plan.newBranch;
        refreshBranches(QString());
    }
    infrahub::Job::Options options;
    options.concurrency = plan.concurrency;
    options.retry = plan.retry;
    auto *job = new infrahub::Job(
        tr("%1 on %2").arg(title, branch.isEmpty() ? base : branch), labels,
        [operation, branch](int i, infrahub::CancellationToken token) { return operation(i, branch, token); },
        options);
    if (prepare)
        prepare(job); // the caller's handlers first: they see the job's end before the table reloads
    connect(job, &infrahub::Job::finished, this, [this, job, plan, base] {
        const bool allSucceeded = job->count(infrahub::Job::ItemState::Succeeded) == job->total();
        if (plan.newBranch.isEmpty()) {
            if (plan.reloadWhenDone)
                loadObjects(); // what changed shows in the table
        } else if (allSucceeded && plan.mergeWhenAllSucceed) {
            mergeBranch(plan.newBranch);
        } else {
            // Kept for review: the user looks at it (Branch > Show Changes) and merges or deletes it.
            switchToBranch(plan.newBranch);
            m_status->setText(allSucceeded
                                  ? tr("Every change is on branch %1, for review before merging into %2.")
                                        .arg(plan.newBranch, base)
                                  : tr("Not every object changed: branch %1 is kept for review; %2 "
                                       "is untouched.")
                                        .arg(plan.newBranch, base));
            if (!allSucceeded) {
                // Failed or cancelled: the user chooses between reviewing what did change and dropping it.
                auto *box = new QMessageBox(QMessageBox::Warning, job->title(),
                                            tr("%1\n\nBranch %2 holds what did change; %3 is untouched. "
                                               "Keep the branch for review, or delete it?")
                                                .arg(job->summary(), plan.newBranch, base),
                                            QMessageBox::NoButton, this);
                box->setObjectName(QStringLiteral("batchBranchChoice"));
                box->addButton(tr("&Keep for Review"), QMessageBox::AcceptRole);
                QPushButton *drop = box->addButton(tr("&Delete Branch"), QMessageBox::DestructiveRole);
                drop->setObjectName(QStringLiteral("deleteBatchBranch"));
                const QString name = plan.newBranch;
                connect(drop, &QPushButton::clicked, this, [this, name] { deleteBranch(name); });
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->open();
            }
        }
    });
    startJob(job);
}

QString MainWindow::vlanSiteRelationship() const {
    // InfraVLAN.site, when the shown kind is what it points to (sites); empty otherwise.
    const infrahub::SchemaSet *schema = m_session->schema();
    const infrahub::KindSchema *vlan = schema ? schema->kind(QStringLiteral("InfraVLAN")) : nullptr;
    if (!vlan || m_currentKind.isEmpty() || !m_session->client())
        return {};
    for (const infrahub::RelationshipSchema &r : vlan->relationships)
        if (r.name == u"site" && !r.isMany() && !r.readOnly && schema->isKindOf(m_currentKind, r.peer))
            return r.name;
    return {};
}

void MainWindow::createVlansAtSelectedSites() {
    const QString relationship = vlanSiteRelationship();
    const QList<QPair<QString, QString>> sites = selectedObjects();
    if (relationship.isEmpty() || sites.isEmpty())
        return;
    const QStringList labels = rowLabels(sites);
    CreateVlansDialog dialog(*m_session->schema()->kind(QStringLiteral("InfraVLAN")), labels,
                             branchOrDefault(), m_session->client()->config().maxConcurrentRequests, this);
    if (dialog.exec() == QDialog::Accepted)
        runCreateVlans(sites, dialog.request());
}

QCoro::Task<> MainWindow::runCreateVlans(QList<QPair<QString, QString>> sites,
                                         CreateVlansDialog::Request request) {
    infrahub::InfrahubClient *client = m_session->client();
    const QString relationship = vlanSiteRelationship();
    if (!client || relationship.isEmpty() || sites.size() != request.names.size())
        co_return;
    BatchPlan plan;
    plan.concurrency = request.concurrency;
    // A create is not repeated by the job: after an ambiguous failure the client checks first.
    plan.retry = infrahub::RetryPolicy::none();
    plan.newBranch = request.newBranch;
    plan.mergeWhenAllSucceed = request.mergeWhenAllSucceed;
    QStringList labels;
    for (qsizetype i = 0; i < sites.size(); ++i)
        labels.append(request.names.at(i));
    QCoro::Task<> running = runBatchJob(
        tr("Create %n VLAN(s)", nullptr, int(sites.size())), labels,
        [client, sites, request, relationship](int i, QString branch, infrahub::CancellationToken token) {
            infrahub::NodeData data;
            data.attributes.insert(QStringLiteral("name"), request.names.at(i));
            data.attributes.insert(QStringLiteral("vlan_id"), request.vlanId);
            if (!request.status.isEmpty())
                data.attributes.insert(QStringLiteral("status"), request.status);
            if (!request.role.isEmpty())
                data.attributes.insert(QStringLiteral("role"), request.role);
            data.relationships.insert(relationship, {infrahub::RelatedNode::fromId(sites.at(i).second)});
            return createOne(client, QStringLiteral("InfraVLAN"), data, branch, token);
        },
        plan);
    co_await running;
}

void MainWindow::relatePeersOnSelected() {
    const infrahub::SchemaSet *schema = m_session->schema();
    const infrahub::KindSchema *kind = schema ? schema->kind(m_currentKind) : nullptr;
    const QList<QPair<QString, QString>> targets = selectedObjects();
    if (!kind || targets.isEmpty() || !m_session->client())
        return;
    RelatePeersDialog dialog(m_session->client(), *schema, *kind, int(targets.size()), branchOrDefault(),
                             m_session->client()->config().maxConcurrentRequests, this);
    if (dialog.exec() == QDialog::Accepted)
        runRelatePeers(targets, dialog.request());
}

QCoro::Task<> MainWindow::runRelatePeers(QList<QPair<QString, QString>> targets,
                                         RelatePeersDialog::Request request) {
    infrahub::InfrahubClient *client = m_session->client();
    if (!client || targets.isEmpty() || request.peer.isEmpty())
        co_return;
    BatchPlan plan;
    plan.concurrency = request.concurrency;
    plan.newBranch = request.newBranch;
    plan.mergeWhenAllSucceed = request.mergeWhenAllSucceed;
    const QString title = request.add
                              ? tr("Add %1 to %2").arg(request.peer.displayLabel, request.relationship)
                              : tr("Remove %1 from %2").arg(request.peer.displayLabel, request.relationship);
    QCoro::Task<> running = runBatchJob(
        title, rowLabels(targets),
        [client, targets, request](int i, QString branch, infrahub::CancellationToken token) {
            return relateOne(client, targets.at(i).first, targets.at(i).second, request.relationship,
                             request.peer, request.add, branch, token);
        },
        plan);
    co_await running;
}

QCoro::Task<infrahub::Result<QString>> MainWindow::relateOne(infrahub::InfrahubClient *client, QString kind,
                                                             QString id, QString relationship,
                                                             infrahub::RelatedNode peer, bool add,
                                                             QString branch,
                                                             infrahub::CancellationToken token) {
    QCoro::Task<infrahub::Result<infrahub::MutationResult>> sending =
        add ? client->addRelationshipPeers(kind, id, relationship, {peer}, branch, token)
            : client->removeRelationshipPeers(kind, id, relationship, {peer}, branch, token);
    const infrahub::Result<infrahub::MutationResult> result = co_await sending;
    if (!result)
        co_return result.error();
    co_return add ? tr("Added") : tr("Removed");
}

QStringList MainWindow::rowLabels(const QList<QPair<QString, QString>> &targets) const {
    // The labels as the table shows them, taken now: the table may change while a job runs.
    QHash<QString, QString> byId;
    for (int r = 0; r < m_objectsSorted->rowCount(); ++r) {
        const QModelIndex index = m_objectsSorted->index(r, 0);
        byId.insert(index.data(infrahub::NodeTableModel::IdRole).toString(), index.data().toString());
    }
    QStringList labels;
    for (const auto &[kind, id] : targets)
        labels.append(byId.value(id, id));
    return labels;
}

QString MainWindow::sweepTargetsFromSelection() const {
    // The selected objects' addresses: a prefix's or an IP address's own value (an IPNetwork or IPHost
    // attribute), else a device's primary address.
    const infrahub::SchemaSet *schema = m_session->schema();
    const infrahub::KindSchema *kind = schema ? schema->kind(m_currentKind) : nullptr;
    if (!kind)
        return {};
    int column = -1;
    bool host = false;
    for (const infrahub::AttributeSchema &a : kind->attributes)
        if ((a.kind == u"IPNetwork" || a.kind == u"IPHost") && column < 0) {
            column = m_objects->columnOf(a.name);
            host = a.kind == u"IPHost";
        }
    if (column < 0) {
        column = m_objects->columnOf(QStringLiteral("primary_address"));
        host = true;
    }
    if (column < 0)
        return {};
    QStringList targets;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        QString value = m_objectsSorted->index(row.row(), column).data().toString().trimmed();
        if (host)
            value = value.section(u'/', 0, 0); // 10.0.0.5/24 is the host 10.0.0.5
        if (!value.isEmpty())
            targets.append(value);
    }
    return targets.join(u'\n');
}

void MainWindow::setSecretStore(std::unique_ptr<SecretStore> secrets) {
    m_secrets = std::move(secrets);
}

BackupWindow *MainWindow::openBackup() {
    if (!m_secrets)
        m_secrets = std::make_unique<KeychainSecretStore>();
    if (!m_backup) {
        m_backup = new BackupWindow(m_secrets.get(), this);
        // The run is a job like any batch: the Jobs dock shows it, with its progress and cancel.
        connect(m_backup, &BackupWindow::jobStarted, this, &MainWindow::startJob);
    }
    const infrahub::SchemaSet *schema = m_session->schema();
    m_backup->setInfrahub(
        m_session->client(), m_branch, BackupSettings::scopeOf(m_session->address(), m_session->isDemo()),
        schema ? infrahub::BackupTargets::siteKind(*schema) : QString(), m_session->demoDeviceSsh());
    const QList<QPair<QString, QString>> selected = selectedObjects();
    QStringList ids;
    for (const auto &[kind, id] : selected)
        ids.append(id);
    m_backup->setSelection(m_currentKind, ids,
                           tr("%n %1 object(s)", nullptr, int(ids.size())).arg(m_currentKind));
    m_backup->show();
    m_backup->raise();
    m_backup->activateWindow();
    return m_backup;
}

SweepWindow *MainWindow::openSweep() {
    if (!m_sweep) {
        m_sweep = new SweepWindow(this);
        // The sweep is a job like any batch: the Jobs dock shows it, with its progress and cancel.
        connect(m_sweep, &SweepWindow::jobStarted, this, &MainWindow::startJob);
        connect(m_sweep, &SweepWindow::reconcileRequested, this, &MainWindow::reconcileSweep);
    }
    // Results are held against what this window is connected to, on the branch it shows.
    m_sweep->setInfrahub(m_session->client(), m_branch);
    const QString fromSelection = sweepTargetsFromSelection();
    if (!fromSelection.isEmpty()) {
        m_sweep->setTargets(fromSelection);
    } else if (const QList<QPair<QString, QString>> selected = selectedObjects(); !selected.isEmpty()) {
        QStringList ids;
        for (const auto &[kind, id] : selected)
            ids.append(id);
        fillSweepFromRelated(m_currentKind, ids);
    }
    m_sweep->show();
    m_sweep->raise();
    m_sweep->activateWindow();
    return m_sweep;
}

QCoro::Task<> MainWindow::fillSweepFromRelated(QString kind, QStringList ids) {
    QPointer<MainWindow> self(this);
    QPointer<SweepWindow> sweep(m_sweep);
    infrahub::InfrahubClient *client = m_session->client();
    if (!client || !sweep)
        co_return;
    sweep->showNote(
        tr("Reading the addresses of what belongs to the %n selected object(s)…", nullptr, int(ids.size())));
    QCoro::Task<infrahub::Result<infrahub::RelatedAddresses>> loading =
        infrahub::RelatedAddresses::load(client, kind, ids, m_branch, infrahub::CancellationToken());
    const infrahub::Result<infrahub::RelatedAddresses> related = co_await loading;
    if (!self || !sweep)
        co_return;
    if (!related)
        co_return sweep->showNote(tr("Could not read the addresses: %1").arg(related.error().message), true);
    if (related->hosts.isEmpty())
        co_return sweep->showNote(
            tr("Nothing with an address belongs to the selected %1 objects: type the targets.").arg(kind),
            true);
    sweep->setTargets(related->hosts.join(u'\n'));
    sweep->showNote(tr("Targets: %n address(es), from %1.", nullptr, int(related->hosts.size()))
                        .arg(related->sources.join(QStringLiteral(", "))));
}

void MainWindow::reconcileSweep() {
    const infrahub::SchemaSet *schema = m_session->schema();
    const std::shared_ptr<const infrahub::IpamInventory> inventory = m_sweep ? m_sweep->inventory() : nullptr;
    if (!schema || !inventory || !m_session->client())
        return;
    ReconcileDialog dialog(*schema, m_sweep->reconciliation(), inventory->addressKind(), branchOrDefault(),
                           m_session->client()->config().maxConcurrentRequests, m_sweep);
    if (dialog.exec() == QDialog::Accepted)
        runReconcile(dialog.request());
}

QCoro::Task<> MainWindow::runReconcile(ReconcileDialog::Request request) {
    infrahub::InfrahubClient *client = m_session->client();
    QStringList labels;
    for (const ReconcileDialog::Item &item : std::as_const(request.items))
        labels.append(item.label);
    BatchPlan plan;
    plan.concurrency = request.concurrency;
    plan.newBranch = request.newBranch;
    plan.mergeWhenAllSucceed = request.mergeWhenAllSucceed;
    // Creates are not retried blindly: a create whose answer was lost may have happened.
    plan.retry = infrahub::RetryPolicy::standard(infrahub::RetrySafety::UnsafeCheckFirst);
    const QList<ReconcileDialog::Item> items = request.items;
    QCoro::Task<> running = runBatchJob(
        tr("Reconcile sweep: %n change(s)", nullptr, int(items.size())), labels,
        [client, items](int i, QString branch, infrahub::CancellationToken token) {
            const ReconcileDialog::Item &item = items.at(i);
            if (item.action == ReconcileDialog::Item::Action::Create) {
                infrahub::NodeData data;
                data.attributes = item.values;
                return createOne(client, item.kind, data, branch, token);
            }
            return updateOne(client, item.kind, item.id, item.values, branch, token);
        },
        plan);
    co_await running;
}

void MainWindow::refreshSelected() {
    const QList<QPair<QString, QString>> targets = selectedObjects();
    infrahub::InfrahubClient *client = m_session->client();
    if (targets.isEmpty() || !client)
        return;
    // Each object read again (concurrently, as a job); its row shows what the server has now.
    const QString branch = m_branch;
    auto fresh = std::make_shared<QHash<int, infrahub::Node>>();
    auto *job = new infrahub::Job(
        tr("Refresh %n object(s)", nullptr, int(targets.size())), rowLabels(targets),
        [client, targets, branch, fresh](int i, infrahub::CancellationToken token) {
            return fetchOne(client, targets.at(i).first, targets.at(i).second, branch, fresh, i, token);
        },
        infrahub::Job::Options{});
    connect(job, &infrahub::Job::itemChanged, this, [this, job, fresh, branch](int index) {
        if (job->items().at(index).state == infrahub::Job::ItemState::Succeeded && branch == m_branch &&
            fresh->contains(index))
            m_objects->updateNode(fresh->take(index));
    });
    startJob(job);
}

QCoro::Task<infrahub::Result<QString>> MainWindow::fetchOne(infrahub::InfrahubClient *client, QString kind,
                                                            QString id, QString branch,
                                                            std::shared_ptr<QHash<int, infrahub::Node>> into,
                                                            int index, infrahub::CancellationToken token) {
    QCoro::Task<infrahub::Result<infrahub::Node>> fetching =
        client->get(kind, infrahub::NodeLookup::byId(id), {}, branch, token);
    const infrahub::Result<infrahub::Node> node = co_await fetching;
    if (!node)
        co_return node.error();
    into->insert(index, node.value());
    co_return tr("Read again");
}

void MainWindow::importCsv() {
    const infrahub::SchemaSet *schema = m_session->schema();
    const infrahub::KindSchema *kind = schema ? schema->kind(m_currentKind) : nullptr;
    if (!kind || !kind->isNode() || !m_session->client()) {
        QMessageBox::information(
            this, tr("Import from CSV"),
            tr("Choose the kind to import in the navigator first (a kind of objects, not "
               "a generic)."));
        return;
    }
    CsvImportDialog dialog(*kind, *schema, branchOrDefault(), this);
    if (dialog.exec() != QDialog::Accepted || !dialog.plan())
        return;
    runCsvImport(dialog.plan(), dialog.choice() == CsvImportDialog::Choice::DryRun, dialog.allOrNothing(),
                 dialog.concurrency(), dialog.branchName());
}

QCoro::Task<> MainWindow::runCsvImport(std::shared_ptr<const infrahub::CsvImportPlan> plan, bool dryRun,
                                       bool allOrNothing, int concurrency, QString branchName) {
    infrahub::InfrahubClient *client = m_session->client();
    if (!client || !plan || plan->rows().isEmpty())
        co_return;
    if (allOrNothing && plan->validRows() != plan->rows().size() && !dryRun) {
        m_status->setText(tr("Nothing imported: all or nothing, and %n row(s) cannot be imported.", nullptr,
                             int(plan->rows().size()) - plan->validRows()));
        co_return;
    }
    QStringList labels;
    for (const infrahub::CsvImportPlan::Row &r : plan->rows())
        labels.append(r.key.isEmpty() ? tr("line %1").arg(r.line) : tr("line %1: %2").arg(r.line).arg(r.key));
    BatchPlan batch;
    batch.concurrency = concurrency;
    if (!dryRun && allOrNothing) {
        batch.newBranch = branchName;
        batch.mergeWhenAllSucceed = true;
    }
    const QString title =
        dryRun ? tr("Dry run: import %n %1 row(s)", nullptr, int(plan->rows().size())).arg(plan->kind())
               : tr("Import %n %1 row(s)", nullptr, int(plan->rows().size())).arg(plan->kind());
    QCoro::Task<> running = runBatchJob(
        title, labels,
        [client, plan, dryRun](int i, QString branch, infrahub::CancellationToken token) {
            return dryRun ? plan->dryRun(client, i, branch, token)
                          : plan->importRow(client, i, branch, token);
        },
        batch);
    co_await running;
}

QCoro::Task<infrahub::Result<QString>> MainWindow::createOne(infrahub::InfrahubClient *client, QString kind,
                                                             infrahub::NodeData data, QString branch,
                                                             infrahub::CancellationToken token) {
    QCoro::Task<infrahub::Result<infrahub::MutationResult>> creating =
        client->create(kind, data, {}, branch, token);
    const infrahub::Result<infrahub::MutationResult> result = co_await creating;
    if (!result)
        co_return result.error();
    co_return tr("Created %1").arg(result->object.value(u"id").toString());
}

QCoro::Task<infrahub::Result<QString>> MainWindow::updateOne(infrahub::InfrahubClient *client, QString kind,
                                                             QString id, QJsonObject values, QString branch,
                                                             infrahub::CancellationToken token) {
    infrahub::NodeData data;
    data.id = id;
    data.attributes = values;
    QCoro::Task<infrahub::Result<infrahub::MutationResult>> updating =
        client->update(kind, data, {}, branch, token);
    const infrahub::Result<infrahub::MutationResult> result = co_await updating;
    if (!result)
        co_return result.error();
    co_return tr("Updated");
}

void MainWindow::startJob(infrahub::Job *job) {
    m_jobsPanel->addJob(job); // the panel owns it from here
    m_jobsDock->show();
    m_status->setText(tr("Started: %1").arg(job->title()));
}

void MainWindow::onJobFinished(infrahub::Job *job) {
    m_status->setText(tr("%1: %2").arg(job->title(), job->summary()));
    // A long job that ends while the user is elsewhere: a desktop notification, and the window asks for
    // attention.
    if (job->elapsedMs() > 10'000 && !isActiveWindow()) {
        if (!m_notifier)
            m_notifier = new DesktopNotifier(this);
        m_notifier->notify(job->title(), job->summary());
        QApplication::alert(this);
    }
}

QuickFindDialog *MainWindow::quickFind() {
    if (!m_quickFind) {
        m_quickFind = new QuickFindDialog(this);
        connect(m_quickFind, &QuickFindDialog::objectChosen, this, &MainWindow::openObject);
    }
    m_quickFind->setTarget(m_session->client(), m_branch);
    return m_quickFind;
}

void MainWindow::openObject(QString kind, QString id) {
    // By value: the sender (a picker in the detail pane) may be deleted by the kind switch below.
    if (kind != m_currentKind && !selectKind(kind)) // selectKind() asks about unsaved edits itself
        return;
    if (!confirmDiscard())
        return;
    m_tabs->setCurrentIndex(0);
    m_editor->showNode(m_session->client(), kind, id, m_branch);
}

QString MainWindow::branchOrDefault() const {
    if (!m_branch.isEmpty())
        return m_branch;
    return m_session->client() ? m_session->client()->config().defaultBranch : QString();
}

QStringList MainWindow::branchNames() const {
    QStringList names;
    for (int i = 0; i < m_branchBox->count(); ++i)
        names.append(m_branchBox->itemText(i));
    return names;
}

bool MainWindow::switchToBranch(const QString &name) {
    if (name == branchOrDefault())
        return true;
    if (!branchNames().contains(name) || !confirmDiscard())
        return false;
    const bool isDefault = m_session->client() && name == m_session->client()->config().defaultBranch;
    m_branch = isDefault ? QString() : name;
    m_branchBox->setCurrentText(name);
    updateBranchActions();
    m_editor->showNode(nullptr, {}, {});
    m_related->clear();
    loadObjects();
    return true;
}

void MainWindow::updateBranchActions() {
    const bool onBranch = !m_branch.isEmpty(); // the default branch cannot be merged, rebased or deleted
    m_mergeAction->setEnabled(onBranch);
    m_rebaseAction->setEnabled(onBranch);
    m_deleteAction->setEnabled(onBranch);
    if (auto *changes = findChild<QAction *>(QStringLiteral("showBranchChanges"))) {
        changes->setEnabled(onBranch && m_session->client());
        if (m_session->client())
            changes->setText(
                tr("Show &Changes Against %1…").arg(m_session->client()->config().defaultBranch));
    }
}

QCoro::Task<> MainWindow::refreshBranches(QString select) {
    QPointer<MainWindow> self(this);
    infrahub::InfrahubClient *client = m_session->client();
    if (!client)
        co_return;
    QCoro::Task<infrahub::Result<QList<infrahub::BranchInfo>>> listing = client->branches();
    const infrahub::Result<QList<infrahub::BranchInfo>> branches = co_await listing;
    if (!self || client != m_session->client())
        co_return;
    if (!branches) {
        m_status->setText(tr("Could not list branches: %1").arg(branches.error().message));
        co_return;
    }
    QStringList names;
    for (const infrahub::BranchInfo &b : branches.value())
        names.append(b.name);
    names.sort();
    const QSignalBlocker blocker(m_branchBox);
    m_branchBox->clear();
    m_branchBox->addItems(names);
    m_branchBox->setCurrentText(select.isEmpty() ? branchOrDefault() : select);
    Q_EMIT branchesLoaded();
}

void MainWindow::createBranch(const QString &name) {
    runBranchOperation(QStringLiteral("create"), name);
}

void MainWindow::mergeBranch(const QString &name) {
    runBranchOperation(QStringLiteral("merge"), name);
}

void MainWindow::rebaseBranch(const QString &name) {
    runBranchOperation(QStringLiteral("rebase"), name);
}

void MainWindow::deleteBranch(const QString &name) {
    runBranchOperation(QStringLiteral("delete"), name);
}

QCoro::Task<> MainWindow::runBranchOperation(QString operation, QString name) {
    QPointer<MainWindow> self(this);
    infrahub::InfrahubClient *client = m_session->client();
    if (!client)
        co_return;
    m_status->setText(tr("Branch %1: %2…").arg(name, operation));
    // Every operation's outcome reduced to "which error, if any".
    auto failureOf = [](auto task) -> QCoro::Task<std::optional<infrahub::InfrahubError>> {
        const auto result = co_await task;
        if (result)
            co_return std::nullopt;
        co_return result.error();
    };
    std::optional<infrahub::InfrahubError> failure;
    if (operation == u"create") {
        infrahub::BranchCreateOptions options;
        options.name = name;
        QCoro::Task<std::optional<infrahub::InfrahubError>> task = failureOf(client->createBranch(options));
        failure = co_await task;
    } else if (operation == u"merge") {
        QCoro::Task<std::optional<infrahub::InfrahubError>> task = failureOf(client->mergeBranch(name));
        failure = co_await task;
    } else if (operation == u"rebase") {
        QCoro::Task<std::optional<infrahub::InfrahubError>> task = failureOf(client->rebaseBranch(name));
        failure = co_await task;
    } else {
        QCoro::Task<std::optional<infrahub::InfrahubError>> task = failureOf(client->deleteBranch(name));
        failure = co_await task;
    }
    const bool ok = !failure;
    if (!self || client != m_session->client())
        co_return;
    QString message;
    if (!ok) {
        message = tr("Could not %1 branch %2: %3").arg(operation, name, failure->message);
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Branch"), message, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open(); // not modal: nothing waits on it
    } else if (operation == u"create") {
        message = tr("Created branch %1.").arg(name);
    } else if (operation == u"merge") {
        message = tr("Merged %1 into the default branch.").arg(name);
    } else if (operation == u"rebase") {
        message = tr("Rebased %1 on the default branch.").arg(name);
    } else {
        message = tr("Deleted branch %1.").arg(name);
    }
    m_status->setText(message);
    // The list first, then where the user goes: the new branch, the default after a delete, else stay.
    QCoro::Task<> refreshing = refreshBranches(QString());
    co_await refreshing;
    if (!self)
        co_return;
    if (ok && operation == u"create")
        switchToBranch(name);
    else if (ok && operation == u"delete" && name == branchOrDefault())
        switchToBranch(client->config().defaultBranch);
    else if (ok)
        loadObjects(); // merged or rebased: what the current branch shows may have changed
    Q_EMIT branchOperationFinished(operation, ok, message);
}

bool MainWindow::confirmDiscard() {
    if (!m_editor->hasUnsavedChanges())
        return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved changes"),
        tr("%1 has changes that are not saved. Discard them?").arg(m_editor->node().displayLabel()),
        QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Discard)
        return false;
    m_editor->revert();
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event) {
    if (!confirmDiscard()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/navigatorSplit"), m_mainSplit->saveState());
    settings.setValue(QStringLiteral("window/relatedSplit"), m_objectsSplit->saveState());
    settings.setValue(QStringLiteral("window/editorSplit"), m_tableAndEditor->saveState());
    event->accept();
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About Infrahub Console"),
        tr("<h3>Infrahub Console %1</h3><p>A native desktop console for Infrahub: browse and change "
           "the inventory, and run concurrent automation.</p>")
            .arg(QStringLiteral(INFRAHUB_CONSOLE_VERSION)));
}
