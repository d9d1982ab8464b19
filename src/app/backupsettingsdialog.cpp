#include "backupsettingsdialog.h"
#include "spinbox.h"

#include "secretstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <array>

namespace {

// A line edit with a Browse… button that picks a file.
QHBoxLayout *withBrowse(QLineEdit *edit, QWidget *parent, const QString &title) {
    auto *row = new QHBoxLayout;
    auto *browse = new QPushButton(BackupSettingsDialog::tr("Browse…"));
    QObject::connect(browse, &QPushButton::clicked, parent, [edit, parent, title] {
        const QString file = QFileDialog::getOpenFileName(parent, title, edit->text());
        if (!file.isEmpty())
            edit->setText(QDir::toNativeSeparators(file));
    });
    row->addWidget(edit, 1);
    row->addWidget(browse);
    return row;
}

} // namespace

BackupSettingsDialog::BackupSettingsDialog(BackupSettings settings, QString scope, SecretStore *secrets,
                                           bool demo, QWidget *parent)
    : QDialog(parent)
    , m_scope(std::move(scope))
    , m_secrets(secrets)
    , m_initial(std::move(settings)) {
    setWindowTitle(tr("SSH Settings for Backups"));
    const BackupSettings &s = m_initial;
    m_user = new QLineEdit(s.user);
    m_user->setPlaceholderText(tr("from your ssh config, else your user name"));
    m_port = makeSpinBox(0, 65535, s.port);
    m_port->setSpecialValueText(tr("from your ssh config, else 22"));
    m_agent = new QCheckBox(tr("Keys in the SSH agent"));
    m_agent->setChecked(s.useAgent);
    m_defaultKeys = new QCheckBox(tr("My default keys (~/.ssh/id_*, IdentityFile)"));
    m_defaultKeys->setChecked(s.useDefaultKeys);
    m_keyFile = new QLineEdit(QDir::toNativeSeparators(s.keyFile));
    m_keyFile->setPlaceholderText(tr("none"));
    m_keyHasPassphrase = new QCheckBox(tr("The key has a passphrase"));
    m_keyHasPassphrase->setChecked(s.keyHasPassphrase);
    m_passphrase = new QLineEdit;
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_passphrase->setPlaceholderText(s.keyHasPassphrase ? tr("stored in the keychain; type to replace")
                                                        : tr("kept in the keychain"));
    m_usePassword = new QCheckBox(tr("A password"));
    m_usePassword->setChecked(s.usePassword);
    m_password = new QLineEdit;
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(s.usePassword ? tr("stored in the keychain; type to replace")
                                                 : tr("kept in the keychain"));
    m_hostKeys = new QComboBox;
    m_hostKeys->addItem(tr("Ask me about unknown and changed keys"), int(BackupSettings::HostKeys::Ask));
    m_hostKeys->addItem(tr("Only hosts already in known_hosts (strict)"),
                        int(BackupSettings::HostKeys::Strict));
    m_hostKeys->addItem(tr("Remember new hosts' keys; refuse changed keys (accept-new)"),
                        int(BackupSettings::HostKeys::AcceptNew));
    m_hostKeys->setCurrentIndex(std::max(0, m_hostKeys->findData(int(s.hostKeys))));
    m_knownHosts = new QLineEdit(QDir::toNativeSeparators(s.knownHostsFile));
    m_knownHosts->setPlaceholderText(QStringLiteral("~/.ssh/known_hosts"));
    m_concurrency = makeSpinBox(1, 200, s.concurrency, tr(" at once"));
    m_retries = makeSpinBox(0, 10, s.retries);
    m_retries->setToolTip(tr("Further attempts after a connection failure; never after a refused login or a "
                             "host key problem."));
    m_timeout = makeSpinBox(1, 3600, s.timeoutSeconds, tr(" s"));
    m_timeout->setToolTip(
        tr("To connect and to log in; the platform table bounds fetching the configuration."));
    m_platformsFile = new QLineEdit(QDir::toNativeSeparators(s.platformsFile));
    m_platformsFile->setPlaceholderText(QDir::toNativeSeparators(BackupSettings::defaultPlatformsFile()));
    m_error = new QLabel;
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();

    auto *form = new QFormLayout;
    if (demo) {
        auto *note = new QLabel(tr("Connected to the demo: its devices are logged in to with a password made "
                                   "for this run. These settings apply to real servers."));
        note->setWordWrap(true);
        form->addRow(note);
    }
    form->addRow(tr("User:"), m_user);
    form->addRow(tr("Port:"), m_port);
    form->addRow(tr("Log in with:"), m_agent);
    form->addRow(QString(), m_defaultKeys);
    form->addRow(tr("Key file:"), withBrowse(m_keyFile, this, tr("Private key")));
    form->addRow(QString(), m_keyHasPassphrase);
    form->addRow(tr("Passphrase:"), m_passphrase);
    form->addRow(QString(), m_usePassword);
    form->addRow(tr("Password:"), m_password);
    form->addRow(tr("Host keys:"), m_hostKeys);
    form->addRow(tr("known_hosts:"), withBrowse(m_knownHosts, this, tr("known_hosts file")));
    form->addRow(tr("Concurrency:"), m_concurrency);
    form->addRow(tr("Retries:"), m_retries);
    form->addRow(tr("Timeout:"), m_timeout);
    form->addRow(tr("Platforms file:"), withBrowse(m_platformsFile, this, tr("Platform table (YAML)")));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] { saveAndAccept(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_keyHasPassphrase, &QCheckBox::toggled, this, &BackupSettingsDialog::updateRows);
    connect(m_usePassword, &QCheckBox::toggled, this, &BackupSettingsDialog::updateRows);
    connect(m_keyFile, &QLineEdit::textChanged, this, &BackupSettingsDialog::updateRows);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    updateRows();
}

void BackupSettingsDialog::updateRows() {
    m_keyHasPassphrase->setEnabled(!m_keyFile->text().trimmed().isEmpty());
    m_passphrase->setEnabled(m_keyHasPassphrase->isEnabled() && m_keyHasPassphrase->isChecked());
    m_password->setEnabled(m_usePassword->isChecked());
}

BackupSettings BackupSettingsDialog::settings() const {
    BackupSettings s = m_initial;
    s.user = m_user->text().trimmed();
    s.port = m_port->value();
    s.useAgent = m_agent->isChecked();
    s.useDefaultKeys = m_defaultKeys->isChecked();
    s.keyFile = QDir::fromNativeSeparators(m_keyFile->text().trimmed());
    s.keyHasPassphrase = !s.keyFile.isEmpty() && m_keyHasPassphrase->isChecked();
    s.usePassword = m_usePassword->isChecked();
    s.hostKeys = BackupSettings::HostKeys(m_hostKeys->currentData().toInt());
    s.knownHostsFile = QDir::fromNativeSeparators(m_knownHosts->text().trimmed());
    s.concurrency = m_concurrency->value();
    s.retries = m_retries->value();
    s.timeoutSeconds = m_timeout->value();
    s.platformsFile = QDir::fromNativeSeparators(m_platformsFile->text().trimmed());
    return s;
}

void BackupSettingsDialog::setPassword(const QString &password) {
    m_password->setText(password);
}

void BackupSettingsDialog::setPassphrase(const QString &passphrase) {
    m_passphrase->setText(passphrase);
}

QString BackupSettingsDialog::errorText() const {
    return m_error->isVisible() || !m_error->text().isEmpty() ? m_error->text() : QString();
}

QCoro::Task<> BackupSettingsDialog::saveAndAccept() {
    if (m_saving)
        co_return;
    QPointer<BackupSettingsDialog> self(this);
    const BackupSettings s = settings();
    auto showError = [this](const QString &text) {
        m_error->setText(text);
        m_error->show();
    };
    if (const std::optional<QString> invalid = s.validate())
        co_return showError(*invalid);
    // A secret is needed when its method is on and none is stored yet; typed ones replace stored ones.
    const bool passwordStored = m_initial.usePassword;
    const bool passphraseStored = m_initial.keyHasPassphrase && m_initial.keyFile == s.keyFile;
    if (s.usePassword && m_password->text().isEmpty() && !passwordStored)
        co_return showError(tr("Type the password (it is kept in the keychain)."));
    if (s.keyHasPassphrase && m_passphrase->text().isEmpty() && !passphraseStored)
        co_return showError(tr("Type the key's passphrase (it is kept in the keychain)."));

    m_saving = true;
    setEnabled(false);
    struct Write {
        bool write;
        bool remove;
        BackupSettings::Secret which;
        QString value;
    };
    const std::array<Write, 2> writes{Write{s.usePassword && !m_password->text().isEmpty(),
                                            !s.usePassword && passwordStored,
                                            BackupSettings::Secret::Password, m_password->text()},
                                      Write{s.keyHasPassphrase && !m_passphrase->text().isEmpty(),
                                            !s.keyHasPassphrase && m_initial.keyHasPassphrase,
                                            BackupSettings::Secret::KeyPassphrase, m_passphrase->text()}};
    for (const Write &w : writes) {
        if (!w.write && !w.remove)
            continue;
        const QString key = BackupSettings::secretKey(m_scope, w.which);
        QCoro::Task<SecretOutcome> storing =
            w.write ? m_secrets->write(key, w.value) : m_secrets->remove(key);
        const SecretOutcome outcome = co_await storing;
        if (!self)
            co_return;
        if (outcome.status == SecretOutcome::Status::Unavailable) {
            m_saving = false;
            setEnabled(true);
            co_return showError(
                tr("The keychain could not store the secret: %1. Nothing was saved; use the agent "
                   "or a key without a passphrase, or unlock the keychain and try again.")
                    .arg(outcome.error));
        }
    }
    m_saving = false;
    setEnabled(true);
    accept();
}
