// The history of one backup folder: the devices it knows with their last success, change and failure
// (failing ones marked, a filter box), the selected device's versions newest first, and the difference
// between two of them (by default the newest against the one before; or any two selected rows) in a
// ConfigDiffView, unified or side by side, with 3 or 10 lines of context or the whole file. "View This
// Version" shows a stored configuration itself. A second page lists what the last backup run changed
// (BackupStore::changedSinceLastRun()), each device with its +/- counts and its diff.
//
// Every read walks git, so it runs on a worker thread (readInBackground) while the panel keeps painting;
// "Reading…" shows when a read takes longer than a blink. Only the latest read of each kind is shown (a
// quick user can select three devices before the first history arrives). Store errors are shown in the
// panel, in words, never thrown at the user. Splitter sizes, the diff mode and the context are kept in
// QSettings, group "backupHistory".
#pragma once

#include "configdiffview.h"

#include "core/backup/backupstate.h"
#include "core/backup/backupversion.h"
#include "core/backup/devicechange.h"
#include "core/backup/deviceref.h"

#include <QMap>
#include <QWidget>

#include <array>
#include <limits>
#include <memory>
#include <optional>

namespace infrahub {
class BackupStore;
}

class BackupChangesModel;
class BackupDevicesModel;
class BackupVersionsModel;
class ConfigTextView;
class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTimer;
class QToolButton;

class BackupHistoryPanel : public QWidget {
    Q_OBJECT

public:
    // The context choice that shows the whole file (the store takes "a large number").
    static constexpr int kWholeFile = std::numeric_limits<int>::max();

    enum class Page { History, ChangedSinceLastRun };

    explicit BackupHistoryPanel(QWidget *parent = nullptr);
    ~BackupHistoryPanel() override;

    // Shows `store`'s folder (nullptr: none) and reads it.
    void setStore(std::shared_ptr<infrahub::BackupStore> store);
    std::shared_ptr<infrahub::BackupStore> store() const { return m_store; }
    // Reads everything shown again (after a backup run), keeping the selected device and versions.
    void refresh();

    // Selects a device by its file name (DeviceStatus::fileName) and shows its versions; false when the
    // folder has no such device or the filter hides it.
    bool selectDevice(const QString &fileName);
    // The device whose versions are shown (its file name); it stays while the filter hides it.
    QString currentDevice() const;
    // Shows the difference between two commits of the selected device (an empty `fromCommit`: against
    // nothing, everything added), whatever rows are selected.
    void compareVersions(const QString &fromCommit, const QString &toCommit);
    QString comparedFrom() const { return m_comparedFrom; }
    QString comparedTo() const { return m_comparedTo; }
    // Shows the selected device's configuration as stored in `commit`.
    void viewVersion(const QString &commit);
    QString viewedVersion() const { return m_viewedCommit; }

    void showPage(Page page);
    Page currentPage() const;

    void setDiffMode(ConfigDiffView::Mode mode);
    ConfigDiffView::Mode diffMode() const { return m_mode; }
    // 3, 10 or kWholeFile are offered; another number is added to the choice.
    void setContextLines(int lines);
    int contextLines() const { return m_contextLines; }

    // A read is under way (its result not shown yet).
    bool isReading() const;
    // What went wrong in the reads now shown (empty when nothing did), as the panel shows it.
    QString errorText() const;
    // The message shown instead of the versions list ("Reading…", "No stored versions…"); empty when the
    // list is shown.
    QString versionsMessage() const;
    // The message shown instead of the changed devices; empty when the list is shown.
    QString changesMessage() const;
    // The line above the changed devices ("Last backup run 2026-11-22 17:30: 2 devices changed.").
    QString changesSummary() const;
    // The title above a viewed version ("atl1-edge1 at abc1234 · 2026-11-22 17:30 · 1.8 KB").
    QString versionTitle() const;

    // The parts, for the window that hosts the panel and for tests.
    QTableView *devicesView() const { return m_deviceTable; }
    QTableView *versionsView() const { return m_versionTable; }
    QTableView *changesView() const { return m_changeTable; }
    QLineEdit *deviceFilter() const { return m_filter; }
    BackupDevicesModel *devicesModel() const { return m_devices; }
    BackupVersionsModel *versionsModel() const { return m_versions; }
    BackupChangesModel *changesModel() const { return m_changes; }
    ConfigDiffView *diffView() const { return m_diffView; }
    ConfigDiffView *changesDiffView() const { return m_changesDiff; }
    ConfigTextView *versionTextView() const { return m_textView; }

Q_SIGNALS:
    // Every read that was started has been shown (or dropped for a newer one); the panel is up to date.
    void readsFinished();
    // A read failed; the panel shows `message` too.
    void errorOccurred(const QString &message);

private:
    enum Read { StatusRead, HistoryRead, DiffRead, ContentRead, ChangesRead, ReadCount };
    struct FolderSnapshot {
        QList<infrahub::DeviceStatus> statuses;
        std::optional<infrahub::BackupRunRecord> lastRun;
        QStringList warnings;
    };
    struct RunChanges {
        QList<infrahub::DeviceChange> changes;
        std::optional<infrahub::BackupRunRecord> lastRun; // for the summary above the list
    };

    QWidget *buildToolbar();
    QWidget *buildHistoryPage();
    QWidget *buildChangesPage();
    void restoreSettings();

    quint64 startRead(Read read);
    bool finishRead(Read read, quint64 ticket);
    void showReadingPlaceholders();
    void setError(Read read, const QString &message);
    void updateErrorBar();

    void showSnapshot(const FolderSnapshot &snapshot);
    void onDeviceSelectionChanged();
    void showNoDevice();
    void loadHistory(const QStringList &keepCommits);
    void showHistory(const QList<infrahub::BackupVersion> &versions, const QStringList &keepCommits);
    void onVersionSelectionChanged();
    void loadDiff();
    void loadChanges();
    void showChanges(const QList<infrahub::DeviceChange> &changes);
    void onChangeSelectionChanged();
    void setVersionsMessage(const QString &text);
    void setChangesMessage(const QString &text);
    QStringList selectedCommits() const;
    std::optional<infrahub::DeviceRef> currentDeviceRef(QString *why = nullptr) const;
    QString currentDeviceLabel() const;

    std::shared_ptr<infrahub::BackupStore> m_store;
    BackupDevicesModel *m_devices;
    QSortFilterProxyModel *m_devicesProxy;
    BackupVersionsModel *m_versions;
    BackupChangesModel *m_changes;

    QLabel *m_summary = nullptr;
    QLabel *m_reading = nullptr;
    QToolButton *m_unifiedButton = nullptr;
    QToolButton *m_sideBySideButton = nullptr;
    QButtonGroup *m_modeGroup = nullptr;
    QComboBox *m_context = nullptr;
    QToolButton *m_copyPatch = nullptr;
    QToolButton *m_refresh = nullptr;
    QLabel *m_errorBar = nullptr;
    QLabel *m_warningBar = nullptr;
    QTabWidget *m_pages = nullptr;

    QSplitter *m_historySplitter = nullptr;
    QLineEdit *m_filter = nullptr;
    QTableView *m_deviceTable = nullptr;
    QStackedWidget *m_devicesStack = nullptr;
    QLabel *m_devicesMessage = nullptr;
    QLabel *m_versionsTitle = nullptr;
    QTableView *m_versionTable = nullptr;
    QStackedWidget *m_versionsStack = nullptr;
    QLabel *m_versionsMessage = nullptr;
    QPushButton *m_viewVersion = nullptr;
    QTabWidget *m_rightTabs = nullptr;
    ConfigDiffView *m_diffView = nullptr;
    QLabel *m_versionTitle = nullptr;
    ConfigTextView *m_textView = nullptr;

    QSplitter *m_changesSplitter = nullptr;
    QLabel *m_changesSummary = nullptr;
    QTableView *m_changeTable = nullptr;
    QStackedWidget *m_changesStack = nullptr;
    QLabel *m_changesMessage = nullptr;
    ConfigDiffView *m_changesDiff = nullptr;

    QTimer *m_readingDelay = nullptr;
    std::array<quint64, ReadCount> m_tickets{};
    std::array<bool, ReadCount> m_pending{};
    QMap<int, QString> m_errors; // by Read
    std::optional<infrahub::BackupRunRecord> m_lastRun;

    ConfigDiffView::Mode m_mode = ConfigDiffView::Mode::Unified;
    int m_contextLines = 3;
    QString m_historyDevice; // whose versions are shown (file name)
    QString m_comparedFrom;
    QString m_comparedTo;
    bool m_hasComparison = false;
    QString m_viewedCommit;
    bool m_changesStale = true; // the changes page must be read again before it is shown
    bool m_restoring = false;   // settings being applied: not written back
};
