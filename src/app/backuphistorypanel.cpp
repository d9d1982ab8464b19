#include "backuphistorypanel.h"

#include "backgroundread.h"
#include "backupchangesmodel.h"
#include "backupdevicesmodel.h"
#include "backupdisplay.h"
#include "backupversionsmodel.h"
#include "configtextview.h"

#include "core/backup/backupstore.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using infrahub::BackupResult;
using infrahub::BackupStore;
using infrahub::BackupVersion;
using infrahub::ConfigDiff;
using infrahub::DeviceChange;
using infrahub::DeviceRef;
using infrahub::DeviceStatus;

namespace {

const QString kSettingsGroup = QStringLiteral("backupHistory");
// A read answered within this time shows no "Reading…": it would only flicker.
constexpr int kReadingDelayMs = 150;

QTableView *makeTable(const QString &objectName) {
    auto *table = new QTableView;
    table->setObjectName(objectName);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return table;
}

QLabel *makeMessage(const QString &objectName) {
    auto *label = new QLabel;
    label->setObjectName(objectName);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setMargin(16);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// A list that can say why it is empty ("Reading…", an error) in its place.
QStackedWidget *stackOf(QWidget *list, QLabel *message) {
    auto *stack = new QStackedWidget;
    stack->addWidget(list);
    stack->addWidget(message);
    return stack;
}

QLabel *makeBar(const QString &objectName, const QColor &background, const QColor &border) {
    auto *bar = new QLabel;
    bar->setObjectName(objectName);
    bar->setWordWrap(true);
    bar->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->setStyleSheet(QStringLiteral("QLabel { background: %1; border: 1px solid %2; border-radius: 4px; "
                                      "padding: 6px 8px; color: #1f2328; }")
                           .arg(background.name(), border.name()));
    bar->hide();
    return bar;
}

QString modeKey(ConfigDiffView::Mode mode) {
    return mode == ConfigDiffView::Mode::SideBySide ? QStringLiteral("sideBySide")
                                                    : QStringLiteral("unified");
}

} // namespace

BackupHistoryPanel::BackupHistoryPanel(QWidget *parent)
    : QWidget(parent)
    , m_devices(new BackupDevicesModel(this))
    , m_devicesProxy(new QSortFilterProxyModel(this))
    , m_versions(new BackupVersionsModel(this))
    , m_changes(new BackupChangesModel(this)) {
    m_devicesProxy->setSourceModel(m_devices);
    m_devicesProxy->setSortRole(BackupDevicesModel::SortRole);
    m_devicesProxy->setFilterKeyColumn(-1); // a filter matches the name, platform or failure reason
    m_devicesProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_readingDelay = new QTimer(this);
    m_readingDelay->setSingleShot(true);
    m_readingDelay->setInterval(kReadingDelayMs);
    connect(m_readingDelay, &QTimer::timeout, this, &BackupHistoryPanel::showReadingPlaceholders);

    m_errorBar = makeBar(QStringLiteral("backupError"), QColor(0xff, 0xeb, 0xe9), QColor(0xff, 0x81, 0x82));
    m_warningBar =
        makeBar(QStringLiteral("backupWarning"), QColor(0xff, 0xf8, 0xc5), QColor(0xd4, 0xa7, 0x2c));

    m_pages = new QTabWidget;
    m_pages->setObjectName(QStringLiteral("backupPages"));
    m_pages->addTab(buildHistoryPage(), tr("&History"));
    m_pages->addTab(buildChangesPage(), tr("&Changed Since Last Backup"));
    connect(m_pages, &QTabWidget::currentChanged, this, [this] {
        if (currentPage() == Page::ChangedSinceLastRun && m_changesStale)
            loadChanges();
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);
    layout->addWidget(buildToolbar());
    layout->addWidget(m_errorBar);
    layout->addWidget(m_warningBar);
    layout->addWidget(m_pages, 1);

    restoreSettings();
    setStore(nullptr);
}

BackupHistoryPanel::~BackupHistoryPanel() {
    // Splitters also move with the window (not only by dragging them), so their last state is kept here.
    QSettings settings;
    settings.beginGroup(kSettingsGroup);
    settings.setValue(QStringLiteral("historySplitter"), m_historySplitter->saveState());
    settings.setValue(QStringLiteral("changesSplitter"), m_changesSplitter->saveState());
}

QWidget *BackupHistoryPanel::buildToolbar() {
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("backupSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    m_reading = new QLabel(tr("Reading…"));
    m_reading->setObjectName(QStringLiteral("backupReading"));
    m_reading->setForegroundRole(QPalette::PlaceholderText);
    // Space kept while hidden, so the buttons do not jump when a read starts.
    QSizePolicy keep = m_reading->sizePolicy();
    keep.setRetainSizeWhenHidden(true);
    m_reading->setSizePolicy(keep);
    m_reading->hide();

    m_unifiedButton = new QToolButton;
    m_unifiedButton->setObjectName(QStringLiteral("unifiedMode"));
    m_unifiedButton->setText(tr("&Unified"));
    m_unifiedButton->setToolTip(tr("One column, like git diff: removed lines with -, added lines with +"));
    m_sideBySideButton = new QToolButton;
    m_sideBySideButton->setObjectName(QStringLiteral("sideBySideMode"));
    m_sideBySideButton->setText(tr("&Side by Side"));
    m_sideBySideButton->setToolTip(tr("The older version on the left, the newer one on the right"));
    m_modeGroup = new QButtonGroup(this);
    m_modeGroup->setExclusive(true);
    for (QToolButton *button : {m_unifiedButton, m_sideBySideButton}) {
        button->setCheckable(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        m_modeGroup->addButton(button);
    }
    m_unifiedButton->setChecked(true);
    connect(m_unifiedButton, &QToolButton::clicked, this,
            [this] { setDiffMode(ConfigDiffView::Mode::Unified); });
    connect(m_sideBySideButton, &QToolButton::clicked, this,
            [this] { setDiffMode(ConfigDiffView::Mode::SideBySide); });

    auto *contextLabel = new QLabel(tr("Con&text:"));
    m_context = new QComboBox;
    m_context->setObjectName(QStringLiteral("contextLines"));
    m_context->addItem(tr("3 lines"), 3);
    m_context->addItem(tr("10 lines"), 10);
    m_context->addItem(tr("Whole file"), kWholeFile);
    m_context->setToolTip(tr("How many unchanged lines to show around each change"));
    contextLabel->setBuddy(m_context);
    connect(m_context, &QComboBox::activated, this,
            [this](int index) { setContextLines(m_context->itemData(index).toInt()); });

    m_copyPatch = new QToolButton;
    m_copyPatch->setObjectName(QStringLiteral("copyPatch"));
    m_copyPatch->setText(tr("Copy as &Patch"));
    m_copyPatch->setToolTip(tr("Copy the shown difference as a unified diff"));
    connect(m_copyPatch, &QToolButton::clicked, this, [this] {
        ConfigDiffView *view = currentPage() == Page::History ? m_diffView : m_changesDiff;
        view->copyPatchAction()->trigger();
    });

    m_refresh = new QToolButton;
    m_refresh->setObjectName(QStringLiteral("refreshBackups"));
    m_refresh->setText(tr("&Refresh"));
    m_refresh->setIcon(QIcon(QStringLiteral(":/icons/reload.svg")));
    m_refresh->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_refresh->setToolTip(tr("Read the backup folder again"));
    m_refresh->setShortcut(QKeySequence::Refresh);
    connect(m_refresh, &QToolButton::clicked, this, &BackupHistoryPanel::refresh);

    auto *bar = new QWidget;
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary, 1);
    layout->addWidget(m_reading);
    layout->addSpacing(8);
    layout->addWidget(m_unifiedButton);
    layout->addWidget(m_sideBySideButton);
    layout->addSpacing(12);
    layout->addWidget(contextLabel);
    layout->addWidget(m_context);
    layout->addSpacing(12);
    layout->addWidget(m_copyPatch);
    layout->addWidget(m_refresh);
    return bar;
}

QWidget *BackupHistoryPanel::buildHistoryPage() {
    // Left: the devices.
    m_filter = new QLineEdit;
    m_filter->setObjectName(QStringLiteral("deviceFilter"));
    m_filter->setPlaceholderText(tr("Filter devices, platforms, failures…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_devicesProxy, &QSortFilterProxyModel::setFilterFixedString);
    m_deviceTable = makeTable(QStringLiteral("backupDevices"));
    m_deviceTable->setModel(m_devicesProxy);
    m_deviceTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_deviceTable->setSortingEnabled(true);
    m_deviceTable->sortByColumn(BackupDevicesModel::DeviceColumn, Qt::AscendingOrder);
    m_deviceTable->horizontalHeader()->setStretchLastSection(false);
    connect(m_deviceTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BackupHistoryPanel::onDeviceSelectionChanged);
    connect(m_deviceTable->horizontalHeader(), &QHeaderView::sectionResized, this, [this] {
        if (!m_restoring)
            QSettings().setValue(kSettingsGroup + QStringLiteral("/devicesHeader"),
                                 m_deviceTable->horizontalHeader()->saveState());
    });
    m_devicesMessage = makeMessage(QStringLiteral("devicesMessage"));
    m_devicesStack = stackOf(m_deviceTable, m_devicesMessage);
    auto *devicesPane = new QWidget;
    auto *devicesLayout = new QVBoxLayout(devicesPane);
    devicesLayout->setContentsMargins(0, 0, 0, 0);
    devicesLayout->addWidget(m_filter);
    devicesLayout->addWidget(m_devicesStack, 1);

    // Middle: the selected device's versions.
    m_versionsTitle = new QLabel(tr("Versions"));
    m_versionsTitle->setObjectName(QStringLiteral("versionsTitle"));
    QFont bold = m_versionsTitle->font();
    bold.setBold(true);
    m_versionsTitle->setFont(bold);
    m_versionsTitle->setMinimumHeight(m_filter->sizeHint().height()); // lines up with the filter box
    m_versionTable = makeTable(QStringLiteral("backupVersions"));
    m_versionTable->setModel(m_versions);
    m_versionTable->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_versionTable->horizontalHeader()->setStretchLastSection(true);
    m_versionTable->setToolTip(tr("Select a version to compare it with the one before it, or two versions "
                                  "(Ctrl+click) to compare them. Double-click to view a version."));
    connect(m_versionTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BackupHistoryPanel::onVersionSelectionChanged);
    connect(m_versionTable, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (const BackupVersion *version = m_versions->versionAt(index.row()))
            viewVersion(version->commitId);
    });
    m_versionsMessage = makeMessage(QStringLiteral("versionsMessage"));
    m_versionsStack = stackOf(m_versionTable, m_versionsMessage);
    m_viewVersion = new QPushButton(tr("&View This Version"));
    m_viewVersion->setObjectName(QStringLiteral("viewVersion"));
    m_viewVersion->setToolTip(tr("Show the configuration as stored in the selected version"));
    m_viewVersion->setEnabled(false);
    connect(m_viewVersion, &QPushButton::clicked, this, [this] {
        const QStringList commits = selectedCommits();
        if (commits.size() == 1)
            viewVersion(commits.constFirst());
    });
    auto *versionsPane = new QWidget;
    auto *versionsLayout = new QVBoxLayout(versionsPane);
    versionsLayout->setContentsMargins(0, 0, 0, 0);
    versionsLayout->addWidget(m_versionsTitle);
    versionsLayout->addWidget(m_versionsStack, 1);
    auto *versionButtons = new QHBoxLayout;
    versionButtons->addStretch(1);
    versionButtons->addWidget(m_viewVersion);
    versionsLayout->addLayout(versionButtons);

    // Right: the difference, or a version's text.
    m_diffView = new ConfigDiffView;
    m_diffView->setObjectName(QStringLiteral("historyDiff"));
    m_versionTitle = new QLabel;
    m_versionTitle->setObjectName(QStringLiteral("versionTitle"));
    m_versionTitle->setFont(bold);
    m_versionTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_versionTitle->setContentsMargins(4, 2, 4, 2);
    m_textView = new ConfigTextView;
    m_textView->setObjectName(QStringLiteral("versionText"));
    auto *versionPage = new QWidget;
    auto *versionLayout = new QVBoxLayout(versionPage);
    versionLayout->setContentsMargins(0, 4, 0, 0);
    versionLayout->setSpacing(2);
    versionLayout->addWidget(m_versionTitle);
    versionLayout->addWidget(m_textView, 1);
    auto *diffPage = new QWidget;
    auto *diffLayout = new QVBoxLayout(diffPage);
    diffLayout->setContentsMargins(0, 4, 0, 0);
    diffLayout->addWidget(m_diffView);
    m_rightTabs = new QTabWidget;
    m_rightTabs->setObjectName(QStringLiteral("historyRightTabs"));
    m_rightTabs->setDocumentMode(true);
    m_rightTabs->addTab(diffPage, tr("Differences"));
    m_rightTabs->addTab(versionPage, tr("Configuration"));

    m_historySplitter = new QSplitter(Qt::Horizontal);
    m_historySplitter->setObjectName(QStringLiteral("historySplitter"));
    m_historySplitter->addWidget(devicesPane);
    m_historySplitter->addWidget(versionsPane);
    m_historySplitter->addWidget(m_rightTabs);
    m_historySplitter->setStretchFactor(2, 1);
    m_historySplitter->setSizes({380, 300, 720});
    connect(m_historySplitter, &QSplitter::splitterMoved, this, [this] {
        if (!m_restoring)
            QSettings().setValue(kSettingsGroup + QStringLiteral("/historySplitter"),
                                 m_historySplitter->saveState());
    });
    return m_historySplitter;
}

QWidget *BackupHistoryPanel::buildChangesPage() {
    m_changesSummary = new QLabel;
    m_changesSummary->setObjectName(QStringLiteral("changesSummary"));
    m_changesSummary->setWordWrap(true);
    m_changesSummary->setContentsMargins(2, 2, 2, 4);
    m_changesSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_changeTable = makeTable(QStringLiteral("backupChanges"));
    m_changeTable->setModel(m_changes);
    m_changeTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_changeTable->horizontalHeader()->setStretchLastSection(false);
    m_changeTable->horizontalHeader()->setSectionResizeMode(BackupChangesModel::DeviceColumn,
                                                            QHeaderView::Stretch);
    connect(m_changeTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BackupHistoryPanel::onChangeSelectionChanged);
    m_changesMessage = makeMessage(QStringLiteral("changesMessage"));
    m_changesStack = stackOf(m_changeTable, m_changesMessage);
    auto *listPane = new QWidget;
    auto *listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(m_changesSummary);
    listLayout->addWidget(m_changesStack, 1);

    m_changesDiff = new ConfigDiffView;
    m_changesDiff->setObjectName(QStringLiteral("changesDiff"));

    m_changesSplitter = new QSplitter(Qt::Horizontal);
    m_changesSplitter->setObjectName(QStringLiteral("changesSplitter"));
    m_changesSplitter->addWidget(listPane);
    m_changesSplitter->addWidget(m_changesDiff);
    m_changesSplitter->setStretchFactor(1, 1);
    m_changesSplitter->setSizes({380, 1020});
    connect(m_changesSplitter, &QSplitter::splitterMoved, this, [this] {
        if (!m_restoring)
            QSettings().setValue(kSettingsGroup + QStringLiteral("/changesSplitter"),
                                 m_changesSplitter->saveState());
    });
    return m_changesSplitter;
}

void BackupHistoryPanel::restoreSettings() {
    m_restoring = true;
    QSettings settings;
    settings.beginGroup(kSettingsGroup);
    m_historySplitter->restoreState(settings.value(QStringLiteral("historySplitter")).toByteArray());
    m_changesSplitter->restoreState(settings.value(QStringLiteral("changesSplitter")).toByteArray());
    const QByteArray header = settings.value(QStringLiteral("devicesHeader")).toByteArray();
    const bool haveHeader = !header.isEmpty() && m_deviceTable->horizontalHeader()->restoreState(header);
    if (!haveHeader) {
        static const std::array<std::pair<int, int>, BackupDevicesModel::ColumnCount> widths{{
            {BackupDevicesModel::DeviceColumn, 150},
            {BackupDevicesModel::PlatformColumn, 100},
            {BackupDevicesModel::LastSuccessColumn, 130},
            {BackupDevicesModel::LastChangeColumn, 130},
            {BackupDevicesModel::LastFailureColumn, 130},
            {BackupDevicesModel::FailureReasonColumn, 200},
            {BackupDevicesModel::SizeColumn, 70},
        }};
        for (const auto &[column, width] : widths)
            m_deviceTable->setColumnWidth(column, width);
    }
    const QString mode = settings.value(QStringLiteral("mode")).toString();
    const int context = settings.value(QStringLiteral("contextLines"), 3).toInt();
    settings.endGroup();
    setDiffMode(mode == modeKey(ConfigDiffView::Mode::SideBySide) ? ConfigDiffView::Mode::SideBySide
                                                                  : ConfigDiffView::Mode::Unified);
    setContextLines(context > 0 ? context : 3);
    m_restoring = false;
}

// --- reads -------------------------------------------------------------------------------------------------

quint64 BackupHistoryPanel::startRead(Read read) {
    m_pending[read] = true;
    if (!m_readingDelay->isActive() && !m_reading->isVisible())
        m_readingDelay->start();
    return ++m_tickets[read];
}

bool BackupHistoryPanel::finishRead(Read read, quint64 ticket) {
    if (ticket != m_tickets[read])
        return false; // a newer read of the same kind is on its way; this answer is out of date
    m_pending[read] = false;
    if (!isReading()) {
        m_readingDelay->stop();
        m_reading->hide();
        // Emitted after the caller has shown the result, and only if showing it started no further read
        // (a device's history leads to a diff).
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (!isReading())
                    Q_EMIT readsFinished();
            },
            Qt::QueuedConnection);
    }
    return true;
}

bool BackupHistoryPanel::isReading() const {
    return std::any_of(m_pending.cbegin(), m_pending.cend(), [](bool pending) { return pending; });
}

void BackupHistoryPanel::showReadingPlaceholders() {
    if (!isReading())
        return;
    m_reading->show();
    const QString reading = tr("Reading…");
    if (m_pending[StatusRead] && m_devices->rowCount() == 0) {
        m_devicesMessage->setText(reading);
        m_devicesStack->setCurrentWidget(m_devicesMessage);
    }
    if (m_pending[HistoryRead] && m_versions->rowCount() == 0)
        setVersionsMessage(reading);
    if (m_pending[DiffRead])
        m_diffView->showMessage(reading, m_diffView->headerText());
    if (m_pending[ContentRead])
        m_textView->setPlaceholderText(reading);
    if (m_pending[ChangesRead] && m_changes->rowCount() == 0)
        setChangesMessage(reading);
}

void BackupHistoryPanel::setError(Read read, const QString &message) {
    if (message.isEmpty())
        m_errors.remove(read);
    else
        m_errors.insert(read, message);
    updateErrorBar();
    if (!message.isEmpty())
        Q_EMIT errorOccurred(message);
}

void BackupHistoryPanel::updateErrorBar() {
    QStringList messages = m_errors.values();
    messages.removeDuplicates();
    m_errorBar->setText(messages.join(u'\n'));
    m_errorBar->setVisible(!messages.isEmpty());
}

QString BackupHistoryPanel::errorText() const {
    return m_errorBar->text();
}

// --- the folder --------------------------------------------------------------------------------------------

void BackupHistoryPanel::setStore(std::shared_ptr<BackupStore> store) {
    m_store = std::move(store);
    showNoDevice();
    m_lastRun.reset();
    m_errors.clear();
    updateErrorBar();
    m_devices->setStatuses({});
    m_changes->setChanges({});
    m_changesDiff->clear();
    m_changesStale = true;
    refresh();
}

void BackupHistoryPanel::refresh() {
    if (!m_store) {
        // Nothing to read: any answer still on its way is for another folder.
        for (quint64 &ticket : m_tickets)
            ++ticket;
        m_pending.fill(false);
        m_summary->setText(tr("No backup folder is open."));
        m_devicesMessage->setText(tr("Choose a backup folder to see its devices."));
        m_devicesStack->setCurrentWidget(m_devicesMessage);
        setVersionsMessage(QString());
        m_changesSummary->clear();
        setChangesMessage(QString());
        m_warningBar->hide();
        return;
    }
    const quint64 ticket = startRead(StatusRead);
    const std::shared_ptr<BackupStore> store = m_store;
    readInBackground<FolderSnapshot>(
        this,
        [store]() -> BackupResult<FolderSnapshot> {
            return FolderSnapshot{store->statuses(), store->lastRun(), store->warnings()};
        },
        [this, ticket](BackupResult<FolderSnapshot> result) {
            if (!finishRead(StatusRead, ticket))
                return;
            if (!result) {
                setError(StatusRead, result.error().message);
                return;
            }
            setError(StatusRead, QString());
            showSnapshot(result.value());
        });
    // The changes page follows the same folder state; read it now only if it is shown.
    m_changesStale = true;
    if (currentPage() == Page::ChangedSinceLastRun)
        loadChanges();
}

void BackupHistoryPanel::showSnapshot(const FolderSnapshot &snapshot) {
    m_lastRun = snapshot.lastRun;
    const QString keepDevice = m_historyDevice;
    const QStringList keepCommits = selectedCommits();

    // Resetting the model clears the selection (silently); the same device is selected again below.
    m_devices->setStatuses(snapshot.statuses);
    const int devices = int(snapshot.statuses.size());
    const int failing = m_devices->failingCount();
    QString summary = m_store->folder();
    summary += QStringLiteral("  ·  ") +
               (devices == 1 ? tr("%n device", nullptr, devices) : tr("%n devices", nullptr, devices));
    if (failing > 0)
        summary += QStringLiteral(", ") + tr("%n failing", nullptr, failing);
    if (m_lastRun)
        summary += QStringLiteral("  ·  ") + tr("last run %1: %2 changed, %3 unchanged, %4 failed")
                                                 .arg(BackupDisplay::time(m_lastRun->finished))
                                                 .arg(m_lastRun->changed)
                                                 .arg(m_lastRun->unchanged)
                                                 .arg(m_lastRun->failed);
    m_summary->setText(summary);
    m_summary->setToolTip(summary);
    m_warningBar->setText(snapshot.warnings.join(u'\n'));
    m_warningBar->setVisible(!snapshot.warnings.isEmpty());

    if (devices == 0) {
        m_devicesMessage->setText(tr("No device has been backed up to this folder yet."));
        m_devicesStack->setCurrentWidget(m_devicesMessage);
        showNoDevice();
        return;
    }
    m_devicesStack->setCurrentWidget(m_deviceTable);
    if (!keepDevice.isEmpty() && m_devices->rowOf(keepDevice) >= 0) {
        // Still there: selected again (unless the filter hides it), its versions read again (a run may have
        // added one) while the list and the diff stay until they arrive, and the same versions compared.
        selectDevice(keepDevice);
        loadHistory(keepCommits);
        return;
    }
    // The first device as listed (sorted and filtered), so there is always something to look at.
    showNoDevice();
    if (m_devicesProxy->rowCount() > 0)
        m_deviceTable->selectRow(0);
}

bool BackupHistoryPanel::selectDevice(const QString &fileName) {
    const int sourceRow = m_devices->rowOf(fileName);
    if (sourceRow < 0)
        return false;
    const QModelIndex index = m_devicesProxy->mapFromSource(m_devices->index(sourceRow, 0));
    if (!index.isValid())
        return false;
    m_deviceTable->selectRow(index.row());
    m_deviceTable->scrollTo(index);
    return true;
}

QString BackupHistoryPanel::currentDevice() const {
    return m_historyDevice;
}

std::optional<DeviceRef> BackupHistoryPanel::currentDeviceRef(QString *why) const {
    const int row = m_devices->rowOf(currentDevice());
    const DeviceStatus *status = m_devices->statusAt(row);
    if (!status)
        return std::nullopt;
    // By the file the records name: records rebuilt from git (after the state file was lost) have no
    // Infrahub id to make the file name from, but they know the file.
    Q_UNUSED(why);
    return DeviceRef{status->deviceName, status->deviceId, status->fileName};
}

QString BackupHistoryPanel::currentDeviceLabel() const {
    const DeviceStatus *status = m_devices->statusAt(m_devices->rowOf(currentDevice()));
    return status ? BackupDevicesModel::displayName(*status) : QString();
}

// --- history -----------------------------------------------------------------------------------------------

void BackupHistoryPanel::onDeviceSelectionChanged() {
    // An empty selection (the filter hid the device, or a Ctrl+click) keeps the device shown: typing in
    // the filter box should not wipe the diff being read.
    const QModelIndexList rows = m_deviceTable->selectionModel()->selectedRows();
    const QString device =
        rows.isEmpty() ? QString() : rows.constFirst().data(BackupDevicesModel::FileNameRole).toString();
    if (device.isEmpty() || device == m_historyDevice)
        return;
    showNoDevice();
    m_historyDevice = device;
    m_versionsTitle->setText(tr("Versions of %1").arg(currentDeviceLabel()));
    setVersionsMessage(QString());
    m_diffView->showMessage(QString());
    loadHistory({});
}

void BackupHistoryPanel::showNoDevice() {
    // Whatever is still being read about the previous device is of no interest any more.
    for (const Read read : {HistoryRead, DiffRead, ContentRead}) {
        ++m_tickets[read];
        m_pending[read] = false;
    }
    m_historyDevice.clear();
    m_hasComparison = false;
    m_comparedFrom.clear();
    m_comparedTo.clear();
    m_viewedCommit.clear();
    m_textView->clear();
    m_versionTitle->clear();
    m_versions->setVersions({});
    m_viewVersion->setEnabled(false);
    m_versionsTitle->setText(tr("Versions"));
    setVersionsMessage(tr("Select a device to see its stored versions."));
    m_diffView->clear();
}

void BackupHistoryPanel::loadHistory(const QStringList &keepCommits) {
    QString why;
    const std::optional<DeviceRef> device = currentDeviceRef(&why);
    if (!device) {
        ++m_tickets[HistoryRead];
        m_pending[HistoryRead] = false;
        setVersionsMessage(why);
        m_diffView->showMessage(why);
        return;
    }
    // Blank rather than "Reading…" at once: most reads end before a "Reading…" could be read.
    if (m_versions->rowCount() == 0)
        setVersionsMessage(QString());
    const quint64 ticket = startRead(HistoryRead);
    const std::shared_ptr<BackupStore> store = m_store;
    const DeviceRef ref = *device;
    readInBackground<QList<BackupVersion>>(
        this, [store, ref] { return store->history(ref); },
        [this, ticket, keepCommits](BackupResult<QList<BackupVersion>> result) {
            if (!finishRead(HistoryRead, ticket))
                return;
            if (!result) {
                const QString message = tr("The versions of %1 could not be read: %2")
                                            .arg(currentDeviceLabel(), result.error().message);
                setError(HistoryRead, message);
                m_versions->setVersions({});
                setVersionsMessage(message);
                m_diffView->showMessage(message);
                return;
            }
            setError(HistoryRead, QString());
            showHistory(result.value(), keepCommits);
        });
}

void BackupHistoryPanel::showHistory(const QList<BackupVersion> &versions, const QStringList &keepCommits) {
    m_versions->setVersions(versions); // the selection goes with the reset, silently; made again below
    m_versionTable->resizeColumnsToContents();
    if (versions.isEmpty()) {
        setVersionsMessage(tr("%1 has no stored version yet: every backup of it so far failed or was "
                              "rejected.")
                               .arg(currentDeviceLabel()));
        m_diffView->showMessage(tr("Nothing to compare."));
        return;
    }
    setVersionsMessage(QString());
    // The same versions as before a refresh when they are still there; otherwise the newest, which
    // compares it with the one before.
    QItemSelection selection;
    for (const QString &commit : keepCommits) {
        const int row = m_versions->rowOf(commit);
        if (row >= 0)
            selection.select(m_versions->index(row, 0),
                             m_versions->index(row, BackupVersionsModel::ColumnCount - 1));
    }
    if (selection.isEmpty())
        selection.select(m_versions->index(0, 0), m_versions->index(0, BackupVersionsModel::ColumnCount - 1));
    m_versionTable->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    m_versionTable->selectionModel()->setCurrentIndex(selection.indexes().constFirst(),
                                                      QItemSelectionModel::NoUpdate);
}

QStringList BackupHistoryPanel::selectedCommits() const {
    QList<int> rows;
    const QModelIndexList selected = m_versionTable->selectionModel()->selectedRows();
    for (const QModelIndex &index : selected)
        rows.append(index.row());
    std::sort(rows.begin(), rows.end()); // newest first, as listed
    QStringList commits;
    for (const int row : rows)
        if (const BackupVersion *version = m_versions->versionAt(row))
            commits.append(version->commitId);
    return commits;
}

void BackupHistoryPanel::onVersionSelectionChanged() {
    const QStringList commits = selectedCommits();
    m_viewVersion->setEnabled(commits.size() == 1);
    if (commits.isEmpty())
        return; // keep what is shown: a click between rows should not blank the diff
    QString from;
    QString to = commits.constFirst();
    if (commits.size() == 1) {
        // One version: what it changed, against the version before it (nothing before the first).
        const int row = m_versions->rowOf(to);
        if (const BackupVersion *previous = m_versions->versionAt(row + 1))
            from = previous->commitId;
    } else {
        // Several: the oldest selected against the newest selected.
        from = commits.constLast();
    }
    m_rightTabs->setCurrentIndex(0);
    compareVersions(from, to);
}

void BackupHistoryPanel::compareVersions(const QString &fromCommit, const QString &toCommit) {
    m_hasComparison = true;
    m_comparedFrom = fromCommit;
    m_comparedTo = toCommit;
    loadDiff();
}

void BackupHistoryPanel::loadDiff() {
    if (!m_hasComparison || !m_store)
        return;
    QString why;
    const std::optional<DeviceRef> device = currentDeviceRef(&why);
    if (!device) {
        ++m_tickets[DiffRead];
        m_pending[DiffRead] = false;
        m_diffView->showMessage(why.isEmpty() ? tr("Select a device to compare its versions.") : why);
        return;
    }
    const quint64 ticket = startRead(DiffRead);
    const std::shared_ptr<BackupStore> store = m_store;
    const DeviceRef ref = *device;
    const QString from = m_comparedFrom;
    const QString to = m_comparedTo;
    const int context = m_contextLines;
    const QString label = currentDeviceLabel();
    readInBackground<ConfigDiff>(
        this, [store, ref, from, to, context] { return store->diff(ref, from, to, context); },
        [this, ticket, label, from, to](BackupResult<ConfigDiff> result) {
            if (!finishRead(DiffRead, ticket))
                return;
            if (!result) {
                const QString message =
                    tr("The difference between %1 and %2 could not be read: %3")
                        .arg(from.isEmpty() ? tr("nothing") : ConfigDiffView::shortCommit(from),
                             ConfigDiffView::shortCommit(to), result.error().message);
                setError(DiffRead, message);
                m_diffView->showMessage(message, label);
                return;
            }
            setError(DiffRead, QString());
            m_diffView->setDiff(result.value(), label);
        });
}

void BackupHistoryPanel::viewVersion(const QString &commit) {
    QString why;
    const std::optional<DeviceRef> device = currentDeviceRef(&why);
    m_rightTabs->setCurrentIndex(1);
    if (!device || !m_store) {
        m_versionTitle->setText(why.isEmpty() ? tr("Select a device and one of its versions.") : why);
        m_textView->clear();
        return;
    }
    m_viewedCommit = commit;
    const quint64 ticket = startRead(ContentRead);
    const std::shared_ptr<BackupStore> store = m_store;
    const DeviceRef ref = *device;
    const QString label = currentDeviceLabel();
    readInBackground<QString>(
        this, [store, ref, commit] { return store->contentAt(ref, commit); },
        [this, ticket, label, commit](BackupResult<QString> result) {
            if (!finishRead(ContentRead, ticket))
                return;
            m_textView->setPlaceholderText(QString());
            if (!result) {
                const QString message =
                    tr("The configuration of %1 at %2 could not be read: %3")
                        .arg(label, ConfigDiffView::shortCommit(commit), result.error().message);
                setError(ContentRead, message);
                m_versionTitle->setText(message);
                m_textView->clear();
                return;
            }
            setError(ContentRead, QString());
            QString title = tr("%1 at %2").arg(label, ConfigDiffView::shortCommit(commit));
            if (const BackupVersion *version = m_versions->versionAt(m_versions->rowOf(commit)))
                title += QStringLiteral("  ·  ") + BackupDisplay::time(version->time) +
                         QStringLiteral("  ·  ") + BackupDisplay::size(version->size);
            m_versionTitle->setText(title);
            // Without the file's last line break, which would otherwise show as one more, empty, line.
            QString text = result.value();
            if (text.endsWith(u'\n'))
                text.chop(1);
            m_textView->setPlainText(text);
        });
}

QString BackupHistoryPanel::versionTitle() const {
    return m_versionTitle->text();
}

void BackupHistoryPanel::setVersionsMessage(const QString &text) {
    m_versionsMessage->setText(text);
    m_versionsStack->setCurrentWidget(text.isEmpty() && m_versions->rowCount() > 0
                                          ? static_cast<QWidget *>(m_versionTable)
                                          : m_versionsMessage);
}

QString BackupHistoryPanel::versionsMessage() const {
    return m_versionsStack->currentWidget() == m_versionsMessage ? m_versionsMessage->text() : QString();
}

// --- changed since the last run ----------------------------------------------------------------------------

void BackupHistoryPanel::showPage(Page page) {
    m_pages->setCurrentIndex(page == Page::History ? 0 : 1);
}

BackupHistoryPanel::Page BackupHistoryPanel::currentPage() const {
    return m_pages->currentIndex() == 1 ? Page::ChangedSinceLastRun : Page::History;
}

void BackupHistoryPanel::loadChanges() {
    if (!m_store)
        return;
    m_changesStale = false;
    if (m_changes->rowCount() == 0)
        setChangesMessage(QString());
    const quint64 ticket = startRead(ChangesRead);
    const std::shared_ptr<BackupStore> store = m_store;
    const int context = m_contextLines;
    readInBackground<RunChanges>(
        this,
        [store, context]() -> BackupResult<RunChanges> {
            BackupResult<QList<DeviceChange>> changes = store->changedSinceLastRun(context);
            if (!changes)
                return changes.error();
            return RunChanges{changes.value(), store->lastRun()};
        },
        [this, ticket](BackupResult<RunChanges> result) {
            if (!finishRead(ChangesRead, ticket))
                return;
            if (!result) {
                const QString message =
                    tr("What the last backup changed could not be read: %1").arg(result.error().message);
                setError(ChangesRead, message);
                m_changes->setChanges({});
                setChangesMessage(message);
                m_changesDiff->showMessage(message);
                return;
            }
            setError(ChangesRead, QString());
            m_lastRun = result->lastRun;
            showChanges(result->changes);
        });
}

void BackupHistoryPanel::showChanges(const QList<DeviceChange> &changes) {
    QString keep;
    if (const QModelIndexList rows = m_changeTable->selectionModel()->selectedRows(); !rows.isEmpty())
        keep = rows.constFirst().data(BackupChangesModel::FileNameRole).toString();
    m_changes->setChanges(changes);
    m_changeTable->resizeColumnToContents(BackupChangesModel::KindColumn);
    m_changeTable->resizeColumnToContents(BackupChangesModel::AddedColumn);
    m_changeTable->resizeColumnToContents(BackupChangesModel::RemovedColumn);

    const int count = int(changes.size());
    const QString devices =
        count == 1 ? tr("%n device changed", nullptr, count) : tr("%n devices changed", nullptr, count);
    if (m_lastRun)
        m_changesSummary->setText(
            tr("Last backup run %1: %2.").arg(BackupDisplay::time(m_lastRun->finished), devices));
    else
        m_changesSummary->setText(tr("No backup run is recorded; the last commit: %1.").arg(devices));
    if (changes.isEmpty()) {
        setChangesMessage(m_lastRun ? tr("The last backup run changed no configuration.")
                                    : tr("Nothing has been backed up to this folder yet."));
        m_changesDiff->showMessage(tr("No differences"));
        return;
    }
    setChangesMessage(QString());
    const int row = std::max(0, m_changes->rowOf(keep));
    m_changeTable->selectRow(row);
}

void BackupHistoryPanel::onChangeSelectionChanged() {
    const QModelIndexList rows = m_changeTable->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    if (const DeviceChange *change = m_changes->changeAt(rows.constFirst().row()))
        m_changesDiff->setDiff(change->diff, change->deviceName);
}

void BackupHistoryPanel::setChangesMessage(const QString &text) {
    m_changesMessage->setText(text);
    m_changesStack->setCurrentWidget(text.isEmpty() && m_changes->rowCount() > 0
                                         ? static_cast<QWidget *>(m_changeTable)
                                         : m_changesMessage);
}

QString BackupHistoryPanel::changesMessage() const {
    return m_changesStack->currentWidget() == m_changesMessage ? m_changesMessage->text() : QString();
}

QString BackupHistoryPanel::changesSummary() const {
    return m_changesSummary->text();
}

// --- diff options ------------------------------------------------------------------------------------------

void BackupHistoryPanel::setDiffMode(ConfigDiffView::Mode mode) {
    m_mode = mode;
    (mode == ConfigDiffView::Mode::SideBySide ? m_sideBySideButton : m_unifiedButton)->setChecked(true);
    m_diffView->setMode(mode);
    m_changesDiff->setMode(mode);
    if (!m_restoring)
        QSettings().setValue(kSettingsGroup + QStringLiteral("/mode"), modeKey(mode));
}

void BackupHistoryPanel::setContextLines(int lines) {
    lines = std::max(0, lines);
    int index = m_context->findData(lines);
    if (index < 0) {
        m_context->addItem(lines == 1 ? tr("%n line", nullptr, lines) : tr("%n lines", nullptr, lines),
                           lines);
        index = m_context->count() - 1;
    }
    m_context->setCurrentIndex(index);
    if (lines == m_contextLines)
        return;
    m_contextLines = lines;
    if (!m_restoring)
        QSettings().setValue(kSettingsGroup + QStringLiteral("/contextLines"), lines);
    loadDiff();
    if (currentPage() == Page::ChangedSinceLastRun)
        loadChanges();
    else
        m_changesStale = true;
}
