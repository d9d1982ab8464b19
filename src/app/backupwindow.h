// Tools ▸ Back Up Configurations: which devices (the selected objects — devices, or sites and anything else
// devices belong to — a site, a tag, or all devices), where to keep them (a folder with git history), how
// to log in (BackupSettings: SSH user, agent/keys/password from the keychain, host key policy,
// concurrency); then a live table of the run (per device: queued, backing up, new / changed / unchanged /
// failed with the reason), progress, cancel and the summary. The run is a job in the Jobs dock too. The
// History tab shows every device's versions and diffs, and what changed in the last run. In the demo the
// devices are the sandbox's SSH emulator, logged in with this run's password and its pinned host key.
#pragma once

#include "backupsettings.h"
#include "demosandboxhost.h"

#include "core/backup/backupjob.h"
#include "core/backup/backupstore.h"
#include "core/backup/backuptargets.h"
#include "core/concurrency/cancellationtoken.h"
#include "core/ssh/hostkeyquestions.h"

#include <QPointer>
#include <QWidget>

#include <memory>

class BackupHistoryPanel;
class BackupResultsModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QTabWidget;
class QTableView;
class SecretStore;

namespace infrahub {
class InfrahubClient;
}

class BackupWindow : public QWidget {
    Q_OBJECT

public:
    enum class Choice { Selected, Site, Tag, All };

    // `secrets` (not owned; outlives the window) holds the SSH password and key passphrase.
    explicit BackupWindow(SecretStore *secrets, QWidget *parent = nullptr);
    ~BackupWindow() override;

    // What to back up from: the server and branch, the scope its settings are kept under, the kind devices
    // belong to as their site (BackupTargets::siteKind(); empty: no site choice), and in the demo the
    // devices' SSH. Reads the settings and the sites.
    void setInfrahub(infrahub::InfrahubClient *client, const QString &branch, const QString &scope,
                     const QString &siteKind, const DemoDeviceSsh &demo = {});
    // The objects selected in the main window (devices, or sites, racks... that devices belong to).
    void setSelection(const QString &kind, const QStringList &ids, const QString &description);
    void setChoice(Choice choice);
    void setSite(const QString &name); // once the sites are read; false if there is none of that name
    void setTag(const QString &tag);
    void setFolder(const QString &folder);
    QString folder() const;
    // Replaces the settings (and saves them under the scope). Secrets are set with storeSecret().
    void setSettings(const BackupSettings &settings);
    const BackupSettings &settings() const { return m_settings; }

    // Starts a run; false with the reason shown when nothing can start (no server, bad folder...). Reading
    // the devices and the keychain happens after it returns: watch finished() / statusText().
    bool start();
    void cancel();
    bool isRunning() const;
    infrahub::BackupJob *backupJob() const { return m_job.get(); }
    QString statusText() const;
    QString settingsText() const;
    int rowCount() const;
    QString rowText(int row, int column) const;
    QString rowOutcome(int row) const; // BackupResultsModel::kOutcomeNameRole
    BackupHistoryPanel *historyPanel() const { return m_history; }
    void showHistory();
    bool sitesLoaded() const { return m_sitesLoaded; }

Q_SIGNALS:
    // The run ended (or could not start after start() returned true: statusText() says why).
    void finished();
    void jobStarted(infrahub::Job *job);
    void sitesChanged();

private:
    QCoro::Task<> run(quint64 generation);
    QCoro::Task<> loadSites(quint64 generation);
    void openSettings();
    void fail(const QString &message);
    void setBusy(bool busy);
    void onJobFinished();
    infrahub::BackupSelection selection(QString *error) const;
    infrahub::HostKeyDecider hostKeyDecider() const;

public:
    // The question about one host key (BackupSettings::HostKeys::Ask): a window-modal message box over
    // `parent` with Trust and Remember / Trust All New Keys in This Run / Reject / Reject All (a changed key:
    // Reject / Replace the Key / Reject All); Reject is the default. Rejected when `parent` goes away first.
    static QCoro::Task<infrahub::HostKeyQuestions::Answer> askAboutHostKey(QPointer<QWidget> parent,
                                                                           infrahub::HostKeyCheck check);

private:
    bool isDemo() const { return m_demo.port != 0; }

    SecretStore *m_secrets;
    QPointer<infrahub::InfrahubClient> m_client;
    QString m_branch;
    QString m_scope;
    QString m_siteKind;
    DemoDeviceSsh m_demo;
    BackupSettings m_settings;
    QString m_selectionKind;
    QStringList m_selectionIds;

    QRadioButton *m_selected;
    QRadioButton *m_site;
    QRadioButton *m_tag;
    QRadioButton *m_all;
    QComboBox *m_sites;
    QLineEdit *m_tagName;
    QLineEdit *m_folder;
    QLabel *m_login;
    QPushButton *m_settingsButton;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_status;
    QTabWidget *m_tabs;
    QTableView *m_table;
    BackupResultsModel *m_model;
    BackupHistoryPanel *m_history;

    std::shared_ptr<infrahub::BackupStore> m_store;
    std::unique_ptr<infrahub::BackupJob> m_job;
    infrahub::CancellationSource m_preparing; // reading devices and secrets, before the job exists
    bool m_starting = false;
    bool m_sitesLoaded = false;
    quint64 m_generation = 0;
};
