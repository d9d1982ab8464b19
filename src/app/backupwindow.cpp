#include "backupwindow.h"

#include "backuphistorypanel.h"
#include "backupresultsmodel.h"
#include "backupsettingsdialog.h"
#include "secretstore.h"

#include "core/backup/platformtable.h"
#include "core/client/infrahubclient.h"
#include "core/ssh/sshfingerprint.h"

#include "core/concurrency/asyncevent.h"

#include <QAbstractButton>
#include <QHash>
#include <QMessageBox>

#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

#include <array>

using infrahub::BackupJob;
using Outcome = infrahub::BackupJob::DeviceResult::Outcome;

BackupWindow::BackupWindow(SecretStore *secrets, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_secrets(secrets) {
    setWindowTitle(tr("Back Up Configurations"));

    // Which devices.
    m_selected = new QRadioButton(tr("The selected objects"));
    m_site = new QRadioButton(tr("The devices of site"));
    m_tag = new QRadioButton(tr("The devices tagged"));
    m_all = new QRadioButton(tr("All devices"));
    m_sites = new QComboBox;
    m_sites->setMinimumWidth(180);
    m_sites->setPlaceholderText(tr("reading sites…"));
    m_tagName = new QLineEdit;
    m_tagName->setPlaceholderText(tr("tag name"));
    m_selected->setEnabled(false);
    m_all->setChecked(true);
    connect(m_sites, &QComboBox::activated, this, [this] { m_site->setChecked(true); });
    connect(m_tagName, &QLineEdit::textEdited, this, [this] { m_tag->setChecked(true); });
    auto *which = new QGridLayout;
    which->addWidget(m_selected, 0, 0, 1, 2);
    which->addWidget(m_site, 1, 0);
    which->addWidget(m_sites, 1, 1);
    which->addWidget(m_tag, 2, 0);
    which->addWidget(m_tagName, 2, 1);
    which->addWidget(m_all, 3, 0, 1, 2);
    which->setColumnStretch(2, 1);

    // Where, and how to log in.
    m_folder = new QLineEdit;
    auto *browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Backup folder"), folder());
        if (!dir.isEmpty())
            setFolder(dir);
    });
    auto *openFolder = new QPushButton(tr("Open"));
    openFolder->setToolTip(tr("Open the backup folder in the file manager"));
    connect(openFolder, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(folder())); });
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    folderRow->addWidget(openFolder);
    m_login = new QLabel;
    m_login->setWordWrap(true);
    m_login->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_settingsButton = new QPushButton(tr("SSH Settings…"));
    connect(m_settingsButton, &QPushButton::clicked, this, &BackupWindow::openSettings);
    auto *loginRow = new QHBoxLayout;
    loginRow->addWidget(m_login, 1);
    loginRow->addWidget(m_settingsButton);
    auto *form = new QFormLayout;
    form->addRow(tr("Devices:"), which);
    form->addRow(tr("Folder:"), folderRow);
    form->addRow(tr("Login:"), loginRow);

    m_start = new QPushButton(tr("Back Up"));
    m_start->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setEnabled(false);
    connect(m_start, &QPushButton::clicked, this, &BackupWindow::start);
    connect(m_cancel, &QPushButton::clicked, this, &BackupWindow::cancel);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_model = new BackupResultsModel(this);
    m_table = new QTableView;
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_table->setColumnWidth(BackupResultsModel::DeviceColumn, 150);
    m_table->setColumnWidth(BackupResultsModel::SiteColumn, 70);
    m_table->setColumnWidth(BackupResultsModel::AddressColumn, 110);
    m_table->setColumnWidth(BackupResultsModel::PlatformColumn, 110);
    m_table->setColumnWidth(BackupResultsModel::OutcomeColumn, 100);
    m_table->setColumnWidth(BackupResultsModel::SizeColumn, 80);
    m_table->setColumnWidth(BackupResultsModel::TimeColumn, 60);
    m_history = new BackupHistoryPanel;
    m_tabs = new QTabWidget;
    m_tabs->addTab(m_table, tr("This Run"));
    m_tabs->addTab(m_history, tr("History and Changes"));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(m_tabs, 1);
    resize(1200, 800);
}

BackupWindow::~BackupWindow() {
    m_preparing.cancel();
    m_model->setJob(nullptr);
}

void BackupWindow::setInfrahub(infrahub::InfrahubClient *client, const QString &branch, const QString &scope,
                               const QString &siteKind, const DemoDeviceSsh &demo) {
    const bool changed = scope != m_scope || client != m_client || siteKind != m_siteKind;
    m_client = client;
    m_siteKind = siteKind;
    m_branch = branch;
    m_scope = scope;
    m_demo = demo;
    if (!changed)
        return;
    QSettings settings;
    m_settings = BackupSettings::load(m_scope, settings);
    m_folder->setText(m_settings.effectiveFolder(m_scope));
    setSettings(m_settings);
    m_sitesLoaded = false;
    loadSites(++m_generation);
    // An existing folder shows its history at once (open() would create a missing one: not yet); another
    // server's folder no longer shows.
    m_store.reset();
    if (QFileInfo::exists(folder()))
        if (infrahub::BackupResult<std::shared_ptr<infrahub::BackupStore>> opened =
                infrahub::BackupStore::open(folder()))
            m_store = opened.value();
    m_history->setStore(m_store);
}

void BackupWindow::setSelection(const QString &kind, const QStringList &ids, const QString &description) {
    m_selectionKind = kind;
    m_selectionIds = ids;
    m_selected->setEnabled(!ids.isEmpty());
    m_selected->setText(ids.isEmpty() ? tr("The selected objects (none selected)")
                                      : tr("The selected objects: %1").arg(description));
    if (!ids.isEmpty())
        m_selected->setChecked(true);
    else if (m_selected->isChecked())
        m_all->setChecked(true);
}

void BackupWindow::setChoice(Choice choice) {
    switch (choice) {
    case Choice::Selected:
        m_selected->setChecked(true);
        break;
    case Choice::Site:
        m_site->setChecked(true);
        break;
    case Choice::Tag:
        m_tag->setChecked(true);
        break;
    case Choice::All:
        m_all->setChecked(true);
        break;
    }
}

void BackupWindow::setSite(const QString &name) {
    m_sites->setCurrentIndex(m_sites->findText(name));
    m_site->setChecked(true);
}

void BackupWindow::setTag(const QString &tag) {
    m_tagName->setText(tag);
    m_tag->setChecked(true);
}

void BackupWindow::setFolder(const QString &folder) {
    m_folder->setText(QDir::cleanPath(folder));
}

QString BackupWindow::folder() const {
    return QDir::cleanPath(m_folder->text().trimmed());
}

void BackupWindow::setSettings(const BackupSettings &settings) {
    m_settings = settings;
    if (!m_scope.isEmpty()) {
        QSettings store;
        m_settings.save(m_scope, store);
    }
    m_login->setText(settingsText());
    m_login->setToolTip(isDemo() ? tr("Only the demo devices' host key is accepted: %1")
                                       .arg(infrahub::fingerprintOfPublicKey(m_demo.hostPublicKey).describe())
                                 : QString());
}

QString BackupWindow::settingsText() const {
    if (isDemo())
        return tr("The demo's devices (%1), port %2: password login as %3 (made for this run), host key "
                  "pinned.")
            .arg(m_demo.devices)
            .arg(m_demo.port)
            .arg(m_demo.user);
    QString text = m_settings.describe();
    if (!m_demo.error.isEmpty())
        text += tr(" (The demo devices do not answer SSH: %1)").arg(m_demo.error);
    return text;
}

QCoro::Task<> BackupWindow::loadSites(quint64 generation) {
    QPointer<BackupWindow> self(this);
    m_sites->clear();
    m_sites->setPlaceholderText(tr("reading sites…"));
    // No site choice: said in the list itself, with the reason as its tooltip.
    auto noSites = [this](const QString &shown, const QString &why) {
        m_sitesLoaded = true;
        m_site->setEnabled(false);
        m_sites->setEnabled(false);
        m_sites->setPlaceholderText(shown);
        m_site->setToolTip(why);
        m_sites->setToolTip(why);
        Q_EMIT sitesChanged();
    };
    if (!m_client)
        co_return noSites(tr("not connected"), tr("Not connected to Infrahub."));
    infrahub::QueryOptions options;
    if (m_siteKind.isEmpty())
        co_return noSites(tr("no site kind"), tr("Devices in this schema have no site relationship."));
    options.selection.fields = {QStringLiteral("name")};
    QCoro::Task<infrahub::Result<QList<infrahub::Node>>> reading =
        m_client->all(m_siteKind, options, infrahub::InfrahubClient::Paging::Concurrent, m_branch);
    const infrahub::Result<QList<infrahub::Node>> sites = co_await reading;
    if (!self || generation != m_generation)
        co_return;
    if (!sites)
        co_return noSites(tr("could not be read"),
                          tr("Sites could not be read: %1").arg(sites.error().message));
    QStringList names;
    for (const infrahub::Node &site : sites.value())
        names.append(site.displayLabel());
    if (names.isEmpty())
        co_return noSites(tr("no sites"), tr("There are no sites on this branch."));
    names.sort(Qt::CaseInsensitive);
    m_sites->addItems(names);
    // With a placeholder set the list starts on no site: the user picks one (which selects the choice).
    m_sites->setPlaceholderText(tr("choose a site"));
    m_site->setEnabled(true);
    m_sites->setEnabled(true);
    m_site->setToolTip(QString());
    m_sites->setToolTip(QString());
    m_sitesLoaded = true;
    Q_EMIT sitesChanged();
}

void BackupWindow::openSettings() {
    BackupSettingsDialog dialog(m_settings, m_scope, m_secrets, isDemo(), this);
    if (dialog.exec() == QDialog::Accepted)
        setSettings(dialog.settings());
}

infrahub::BackupSelection BackupWindow::selection(QString *error) const {
    infrahub::BackupSelection s;
    if (m_selected->isChecked()) {
        s.by = infrahub::BackupSelection::By::Objects;
        s.kind = m_selectionKind;
        s.ids = m_selectionIds;
        if (s.ids.isEmpty())
            *error = tr("Nothing is selected: select devices (or sites) in the main window first.");
    } else if (m_site->isChecked()) {
        s.by = infrahub::BackupSelection::By::Objects;
        s.kind = m_siteKind;
        s.names = {m_sites->currentText()};
        if (m_sites->currentText().isEmpty())
            *error = tr("Choose a site.");
    } else if (m_tag->isChecked()) {
        s.by = infrahub::BackupSelection::By::Tag;
        s.tag = m_tagName->text().trimmed();
        if (s.tag.isEmpty())
            *error = tr("Type the name of a tag.");
    } else {
        s.by = infrahub::BackupSelection::By::All;
    }
    return s;
}

infrahub::HostKeyDecider BackupWindow::hostKeyDecider() const {
    if (isDemo()) {
        // The demo devices' key is known from the emulator itself: accept exactly that key (for this run,
        // writing nothing), refuse anything else — the console never accepts a host key it cannot vouch for.
        const infrahub::HostKeyFingerprint pinned = infrahub::fingerprintOfPublicKey(m_demo.hostPublicKey);
        return infrahub::hostkeypolicy::decideWith([pinned](const infrahub::HostKeyCheck &check) {
            return !pinned.sha256.isEmpty() && check.presented == pinned
                       ? infrahub::HostKeyDecision::AcceptOnce
                       : infrahub::HostKeyDecision::Reject;
        });
    }
    switch (m_settings.hostKeys) {
    case BackupSettings::HostKeys::AcceptNew:
        return infrahub::hostkeypolicy::acceptNew();
    case BackupSettings::HostKeys::Strict:
        return infrahub::hostkeypolicy::strict();
    case BackupSettings::HostKeys::Ask:
        break;
    }
    // One question at a time for the whole run, each in a dialog over this window.
    QPointer<QWidget> parent(const_cast<BackupWindow *>(this));
    return infrahub::HostKeyQuestions(
               [parent](infrahub::HostKeyCheck check) { return askAboutHostKey(parent, std::move(check)); })
        .decider();
}

QCoro::Task<infrahub::HostKeyQuestions::Answer> BackupWindow::askAboutHostKey(QPointer<QWidget> parent,
                                                                              infrahub::HostKeyCheck check) {
    using Answer = infrahub::HostKeyQuestions::Answer;
    if (!parent)
        co_return Answer::Reject;
    const bool changed = check.status == infrahub::HostKeyCheck::Status::Changed;
    // Window-modal and opened, not exec()'d: the SSH sessions, the table and the other windows keep running.
    auto *box = new QMessageBox(changed ? QMessageBox::Warning : QMessageBox::Question,
                                changed ? tr("Host Key Changed") : tr("Unknown Host Key"),
                                changed ? tr("The host key of %1 has changed.").arg(check.host)
                                        : tr("%1 is not in known_hosts.").arg(check.host),
                                QMessageBox::NoButton, parent);
    box->setObjectName(QStringLiteral("hostKeyQuestion"));
    box->setInformativeText(check.describe());
    box->setWindowModality(Qt::WindowModal);
    QHash<QAbstractButton *, Answer> answers;
    QPushButton *reject = nullptr;
    if (changed) {
        reject = box->addButton(tr("Reject"), QMessageBox::RejectRole);
        answers.insert(reject, Answer::Reject);
        answers.insert(box->addButton(tr("Replace the Key"), QMessageBox::DestructiveRole),
                       Answer::AcceptAndRemember);
    } else {
        answers.insert(box->addButton(tr("Trust and Remember"), QMessageBox::AcceptRole),
                       Answer::AcceptAndRemember);
        answers.insert(box->addButton(tr("Trust All New Keys in This Run"), QMessageBox::AcceptRole),
                       Answer::AcceptAllNewInThisRun);
        reject = box->addButton(tr("Reject"), QMessageBox::RejectRole);
        answers.insert(reject, Answer::Reject);
    }
    answers.insert(box->addButton(tr("Reject All"), QMessageBox::RejectRole), Answer::RejectAllInThisRun);
    box->setDefaultButton(reject); // Enter never trusts a key
    box->setEscapeButton(reject);
    infrahub::AsyncEvent answered;
    QPointer<QMessageBox> guard(box);
    QObject::connect(box, &QMessageBox::finished, box, [answered]() mutable { answered.set(); });
    // The window closed with the question open: the box goes with it, and the key is rejected.
    QObject::connect(box, &QObject::destroyed, [answered]() mutable { answered.set(); });
    box->open();
    QCoro::Task<infrahub::WaitOutcome> waiting = answered.wait();
    co_await waiting;
    if (!guard)
        co_return Answer::Reject;
    const Answer answer = answers.value(box->clickedButton(), Answer::Reject);
    box->deleteLater();
    co_return answer;
}

bool BackupWindow::start() {
    if (isRunning() || m_starting)
        return false;
    if (!m_client) {
        fail(tr("Not connected to Infrahub: connect first (File ▸ Connect) or open the demo."));
        return false;
    }
    QString error;
    const infrahub::BackupSelection chosen = selection(&error);
    if (!error.isEmpty()) {
        fail(error);
        return false;
    }
    if (folder().isEmpty()) {
        fail(tr("Choose a backup folder."));
        return false;
    }
    if (!isDemo())
        if (const std::optional<QString> invalid = m_settings.validate()) {
            fail(*invalid);
            return false;
        }
    // The folder: created on first use; refused when it is someone else's git repository.
    infrahub::BackupResult<std::shared_ptr<infrahub::BackupStore>> opened =
        infrahub::BackupStore::open(folder());
    if (!opened) {
        fail(tr("The backup folder cannot be used: %1").arg(opened.error().message));
        return false;
    }
    m_store = opened.value();
    m_history->setStore(m_store);
    if (m_settings.folder != folder()) {
        BackupSettings changed = m_settings;
        changed.folder = folder() == BackupSettings::defaultFolder(m_scope) ? QString() : folder();
        setSettings(changed);
    }
    m_starting = true;
    setBusy(true);
    m_model->setJob(nullptr);
    m_job.reset();
    m_progress->setRange(0, 0); // busy until the devices are known
    m_status->setStyleSheet({});
    m_status->setText(tr("Reading the devices from Infrahub…"));
    m_preparing = infrahub::CancellationSource();
    run(++m_generation);
    return true;
}

void BackupWindow::fail(const QString &message) {
    m_status->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_status->setText(message);
}

void BackupWindow::setBusy(bool busy) {
    m_start->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    m_settingsButton->setEnabled(!busy);
}

QCoro::Task<> BackupWindow::run(quint64 generation) {
    QPointer<BackupWindow> self(this);
    const infrahub::CancellationToken token = m_preparing.token();
    auto stillOurs = [&] {
        return self && generation == self->m_generation && !token.isCancelled();
    };
    auto stop = [&](const QString &message) {
        m_starting = false;
        setBusy(false);
        m_progress->setRange(0, 1);
        m_progress->setValue(0);
        fail(message);
        Q_EMIT finished();
    };
    QString why;
    const infrahub::BackupSelection chosen = selection(&why);

    // The devices, with their addresses and platforms.
    QCoro::Task<infrahub::Result<infrahub::BackupTargets>> loading =
        infrahub::BackupTargets::load(m_client, chosen, m_branch, token);
    infrahub::Result<infrahub::BackupTargets> targets = co_await loading;
    if (!stillOurs()) {
        if (self && generation == m_generation)
            stop(tr("Cancelled before any device was contacted."));
        co_return;
    }
    if (!targets)
        co_return stop(tr("Could not read the devices: %1").arg(targets.error().message));
    if (targets->targets.isEmpty())
        co_return stop(
            targets->skipped.isEmpty()
                ? tr("No devices to back up in this choice.")
                : tr("No device can be backed up: %1").arg(targets->skipped.join(QStringLiteral("; "))));

    // The secrets, from the keychain (only those the settings use; the demo has its own).
    std::optional<QString> password;
    std::optional<QString> passphrase;
    if (!isDemo()) {
        // A named array, not a braced list in the loop: its elements must live in the coroutine's frame.
        struct Need {
            bool use;
            BackupSettings::Secret which;
            std::optional<QString> *into;
        };
        const std::array<Need, 2> needs{
            Need{m_settings.usePassword, BackupSettings::Secret::Password, &password},
            Need{m_settings.keyHasPassphrase && !m_settings.keyFile.isEmpty(),
                 BackupSettings::Secret::KeyPassphrase, &passphrase}};
        for (const Need &need : needs) {
            const bool use = need.use;
            const BackupSettings::Secret which = need.which;
            std::optional<QString> *into = need.into;
            if (!use)
                continue;
            QCoro::Task<SecretOutcome> reading = m_secrets->read(BackupSettings::secretKey(m_scope, which));
            const SecretOutcome secret = co_await reading;
            if (!stillOurs())
                co_return;
            if (secret.status == SecretOutcome::Status::Unavailable)
                co_return stop(tr("The keychain could not be read: %1").arg(secret.error));
            if (secret.status == SecretOutcome::Status::NotFound)
                co_return stop(which == BackupSettings::Secret::Password
                                   ? tr("No SSH password is stored: set it in SSH Settings.")
                                   : tr("No passphrase is stored for the key: set it in SSH Settings."));
            *into = secret.secret;
        }
    }

    // The platform table, with the user's additions.
    const QString platformsFile = m_settings.platformsFile.isEmpty() ? BackupSettings::defaultPlatformsFile()
                                                                     : m_settings.platformsFile;
    infrahub::BackupResult<infrahub::PlatformTable> platforms =
        infrahub::PlatformTable::builtInWithOverrides(platformsFile);
    if (!platforms)
        co_return stop(tr("The platform table cannot be read: %1").arg(platforms.error().message));

    BackupJob::Options options;
    options.concurrency = m_settings.concurrency;
    options.retries = m_settings.retries;
    options.timeouts = m_settings.timeouts();
    options.hostKeys = hostKeyDecider();
    options.platformsFile = platformsFile;
    if (isDemo()) {
        infrahub::SshCredentials demo;
        demo.useAgent = false;
        demo.useDefaultKeys = false;
        demo.password = m_demo.password;
        options.credentials = demo;
        options.user = m_demo.user;
        options.port = m_demo.port;
        options.readSshConfig = false; // the user's ssh config is for real devices
    } else {
        options.credentials = m_settings.credentials(password, passphrase);
        options.user = m_settings.user;
        options.port = m_settings.port;
        options.knownHostsFile = m_settings.knownHostsFile;
    }
    const int count = int(targets->targets.size());
    options.title = tr("Backup of %n device(s)", nullptr, count);
    m_job = std::make_unique<BackupJob>(targets->targets, m_store, platforms.value(), options);
    connect(m_job.get(), &BackupJob::finished, this, &BackupWindow::onJobFinished);
    connect(m_job.get(), &BackupJob::deviceDone, this, [this, count] {
        if (m_job)
            m_progress->setValue(count - m_job->count(Outcome::Pending));
    });
    m_model->setJob(m_job.get());
    m_starting = false;
    m_progress->setRange(0, count);
    m_progress->setValue(0);
    QString lead = tr("Backing up %n device(s), %1 at once", nullptr, count).arg(options.concurrency);
    if (!targets->skipped.isEmpty())
        lead += tr("; %n skipped: %1", nullptr, int(targets->skipped.size()))
                    .arg(targets->skipped.join(QStringLiteral("; ")));
    m_status->setText(lead + u'.');
    m_job->start();
    if (m_job)
        Q_EMIT jobStarted(m_job->job());
}

void BackupWindow::onJobFinished() {
    m_model->flush();
    setBusy(false);
    m_progress->setValue(m_progress->maximum());
    QString text = m_job->summary();
    if (m_job->wasCancelled())
        text += tr(" (cancelled: what finished is kept)");
    if (!m_job->commitError().isEmpty()) {
        text += tr(". The run could not be committed: %1").arg(m_job->commitError());
        fail(text);
    } else {
        const bool anyFailed = m_job->count(Outcome::Failed) > 0;
        m_status->setStyleSheet(anyFailed ? QStringLiteral("color: #c62828;") : QString());
        m_status->setText(
            text + (anyFailed ? tr(". Failed devices keep their last good copy.") : QStringLiteral(".")));
    }
    m_history->refresh();
    Q_EMIT finished();
}

void BackupWindow::cancel() {
    if (m_starting) {
        m_preparing.cancel();
        m_starting = false;
        setBusy(false);
        m_progress->setRange(0, 1);
        fail(tr("Cancelled before any device was contacted."));
        ++m_generation;
        Q_EMIT finished();
        return;
    }
    if (m_job)
        m_job->cancel();
    // A host key question still open belongs to a session that is being cancelled: it is answered "reject"
    // (its finished() with no button clicked), so nothing waits for the person any more.
    for (QMessageBox *question : findChildren<QMessageBox *>(QStringLiteral("hostKeyQuestion")))
        question->reject();
}

bool BackupWindow::isRunning() const {
    return m_job && m_job->isRunning();
}

QString BackupWindow::statusText() const {
    return m_status->text();
}

int BackupWindow::rowCount() const {
    m_model->flush();
    return m_model->rowCount();
}

QString BackupWindow::rowText(int row, int column) const {
    m_model->flush();
    return m_model->index(row, column).data().toString();
}

QString BackupWindow::rowOutcome(int row) const {
    m_model->flush();
    return m_model->index(row, 0).data(BackupResultsModel::kOutcomeNameRole).toString();
}

void BackupWindow::showHistory() {
    m_tabs->setCurrentWidget(m_history);
}
