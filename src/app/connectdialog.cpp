#include "connectdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

const QString kLastAddress = QStringLiteral("connection/address");

} // namespace

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent)
    , m_ownSecrets(std::make_unique<KeychainSecretStore>())
    , m_ownProfiles(std::make_unique<ConnectionProfileStore>(m_ownSecrets.get()))
    , m_profiles(m_ownProfiles.get()) {
    buildForm();
}

ConnectDialog::ConnectDialog(ConnectionProfileStore *profiles, QWidget *parent)
    : QDialog(parent)
    , m_profiles(profiles) {
    buildForm();
}

// Keychain reads still running hold only a QPointer to the dialog and never touch the store after they
// resume, so closing the dialog while the keychain thinks is safe.
ConnectDialog::~ConnectDialog() = default;

void ConnectDialog::buildForm() {
    setWindowTitle(tr("Connect to Infrahub"));
    setMinimumWidth(560); // room for the keychain notes without wrapping them into many lines
    auto *layout = new QVBoxLayout(this);
    m_form = new QFormLayout;
    layout->addLayout(m_form);

    m_profileBox = new QComboBox;
    m_profileBox->setObjectName(QStringLiteral("profiles"));
    m_profileBox->setToolTip(tr("Saved connection profiles; choosing one fills in the form"));
    m_form->addRow(tr("&Profile:"), m_profileBox);

    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("name"));
    m_name->setPlaceholderText(tr("needed to save the profile, e.g. Production"));
    m_form->addRow(tr("&Name:"), m_name);

    m_address = new QLineEdit(m_profiles->settings().value(kLastAddress).toString());
    m_address->setObjectName(QStringLiteral("address"));
    m_address->setPlaceholderText(QStringLiteral("http://infrahub.example.com:8000"));
    m_form->addRow(tr("&Address:"), m_address);

    m_auth = new QComboBox;
    m_auth->setObjectName(QStringLiteral("auth"));
    m_auth->addItem(tr("API token"), int(ConnectionProfile::Auth::ApiToken));
    m_auth->addItem(tr("User name and password"), int(ConnectionProfile::Auth::Login));
    m_auth->addItem(tr("None (read-only, if the server allows it)"), int(ConnectionProfile::Auth::None));
    m_form->addRow(tr("A&uthentication:"), m_auth);

    m_token = new QLineEdit;
    m_token->setObjectName(QStringLiteral("token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_form->addRow(tr("API &token:"), m_token);
    m_username = new QLineEdit;
    m_username->setObjectName(QStringLiteral("username"));
    m_form->addRow(tr("&User name:"), m_username);
    m_password = new QLineEdit;
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_form->addRow(tr("Pass&word:"), m_password);

    m_branch = new QLineEdit(QStringLiteral("main"));
    m_branch->setObjectName(QStringLiteral("defaultBranch"));
    m_form->addRow(tr("Default &branch:"), m_branch);
    m_timeout = new QSpinBox;
    m_timeout->setObjectName(QStringLiteral("timeout"));
    m_timeout->setRange(1, 3600);
    m_timeout->setValue(60);
    m_timeout->setSuffix(tr(" s"));
    m_form->addRow(tr("Request t&imeout:"), m_timeout);

    m_caFile = new QLineEdit;
    m_caFile->setObjectName(QStringLiteral("caFile"));
    m_caFile->setPlaceholderText(tr("optional; the system's certificate authorities are always trusted"));
    auto *browse = new QToolButton;
    browse->setText(tr("…"));
    browse->setToolTip(tr("Choose a CA certificate file (PEM or DER)"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("CA certificate"), m_caFile->text(),
                                         tr("Certificates (*.pem *.crt *.cer *.der);;All files (*)"));
        if (!path.isEmpty())
            m_caFile->setText(path);
    });
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browse);
    // A row made of a layout gets no buddy by itself, and without one the & would show literally.
    auto *caLabel = new QLabel(tr("&CA certificate:"));
    caLabel->setBuddy(m_caFile);
    m_form->addRow(caLabel, caRow);
    m_insecure = new QCheckBox(tr("Do not verify the server's TLS certificate (insecure)"));
    m_insecure->setObjectName(QStringLiteral("insecure"));
    m_insecure->setToolTip(tr("Only for test servers: anyone between you and the server could read your "
                              "token or password"));
    m_form->addRow(QString(), m_insecure);

    m_note = new QLabel;
    m_note->setObjectName(QStringLiteral("keychainNote"));
    m_note->setWordWrap(true);
    m_note->hide();
    layout->addWidget(m_note);
    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setStyleSheet(QStringLiteral("color: palette(highlight)"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_connect = buttons->button(QDialogButtonBox::Ok);
    m_connect->setText(tr("&Connect"));
    m_save = buttons->addButton(tr("&Save Profile"), QDialogButtonBox::ActionRole);
    m_save->setObjectName(QStringLiteral("saveProfile"));
    m_delete = buttons->addButton(tr("&Delete Profile"), QDialogButtonBox::ActionRole);
    m_delete->setObjectName(QStringLiteral("deleteProfile"));
    QPushButton *demo = buttons->addButton(tr("Open De&mo Sandbox"), QDialogButtonBox::ActionRole);
    demo->setObjectName(QStringLiteral("openDemo"));
    demo->setToolTip(tr("Start the built-in sandbox server with demo data and connect to it"));
    // Action-role buttons would otherwise become the default and take Enter away from Connect.
    for (QPushButton *b : {m_save, m_delete, demo})
        b->setAutoDefault(false);
    m_connect->setDefault(true);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::validateAndAccept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_save, &QPushButton::clicked, this, [this] { saveProfile(); });
    connect(m_delete, &QPushButton::clicked, this, [this] { deleteProfile(); });
    connect(demo, &QPushButton::clicked, this, [this] {
        m_demoRequested = true;
        accept();
    });
    connect(m_auth, &QComboBox::currentIndexChanged, this, &ConnectDialog::updateAuthRows);
    connect(m_profileBox, &QComboBox::currentIndexChanged, this, &ConnectDialog::onProfileChosen);

    updateAuthRows();
    reloadProfileList(m_profiles->lastUsed());
    onProfileChosen(m_profileBox->currentIndex());
}

void ConnectDialog::reloadProfileList(const QString &select) {
    // Filling the list must not count as the user choosing a profile (that would reset the form).
    const QSignalBlocker blocker(m_profileBox);
    m_profileBox->clear();
    m_profileBox->addItem(tr("New profile"));
    for (const QString &name : m_profiles->names())
        m_profileBox->addItem(name, name);
    const int index = m_profileBox->findData(select);
    m_profileBox->setCurrentIndex(index > 0 ? index : 0);
    m_delete->setEnabled(m_profileBox->currentIndex() > 0);
}

bool ConnectDialog::selectProfile(const QString &name) {
    const int index = m_profileBox->findData(name);
    if (index <= 0)
        return false;
    m_profileBox->setCurrentIndex(index);
    return true;
}

void ConnectDialog::onProfileChosen(int index) {
    ++m_secretRead; // an answer for the previous profile must not land in this one's form
    m_readingSecret = false;
    m_connectAfterRead = false;
    m_delete->setEnabled(index > 0);
    m_error->hide();
    m_note->hide();
    m_token->clear();
    m_password->clear();
    if (index <= 0)
        return; // "New profile": keep what is typed, as a starting point
    const std::optional<ConnectionProfile> profile =
        m_profiles->profile(m_profileBox->itemData(index).toString());
    if (!profile)
        return;
    m_name->setText(profile->name);
    m_address->setText(profile->address.toString());
    m_auth->setCurrentIndex(m_auth->findData(int(profile->auth)));
    m_username->setText(profile->username);
    m_branch->setText(profile->defaultBranch);
    m_timeout->setValue(profile->timeoutSeconds);
    m_caFile->setText(profile->caCertificateFile);
    m_insecure->setChecked(profile->insecureSkipTlsVerify);
    if (profile->needsSecret())
        loadSecret(profile->name);
}

void ConnectDialog::updateAuthRows() {
    const auto auth = ConnectionProfile::Auth(m_auth->currentData().toInt());
    m_form->setRowVisible(m_token, auth == ConnectionProfile::Auth::ApiToken);
    m_form->setRowVisible(m_username, auth == ConnectionProfile::Auth::Login);
    m_form->setRowVisible(m_password, auth == ConnectionProfile::Auth::Login);
}

std::optional<ConnectionProfile> ConnectDialog::profileFromForm() {
    QString error;
    const QUrl address = infrahub::ClientConfig::parseAddress(m_address->text(), &error);
    if (!address.isValid()) {
        showError(error, m_address);
        return std::nullopt;
    }
    ConnectionProfile profile;
    profile.name = m_name->text().trimmed();
    profile.address = address;
    profile.auth = ConnectionProfile::Auth(m_auth->currentData().toInt());
    profile.username = m_username->text().trimmed();
    profile.defaultBranch = m_branch->text().trimmed();
    profile.timeoutSeconds = m_timeout->value();
    profile.caCertificateFile = m_caFile->text().trimmed();
    profile.insecureSkipTlsVerify = m_insecure->isChecked();
    return profile;
}

QString ConnectDialog::secretFromForm() const {
    switch (ConnectionProfile::Auth(m_auth->currentData().toInt())) {
    case ConnectionProfile::Auth::ApiToken:
        return m_token->text().trimmed();
    case ConnectionProfile::Auth::Login:
        return m_password->text(); // a password may well begin or end with a space
    case ConnectionProfile::Auth::None:
        break;
    }
    return QString();
}

static QString secretWord(ConnectionProfile::Auth auth) {
    return auth == ConnectionProfile::Auth::Login ? ConnectDialog::tr("password")
                                                  : ConnectDialog::tr("API token");
}

void ConnectDialog::showError(const QString &message, QWidget *focus) {
    m_error->setText(message);
    m_error->show();
    fitMessages();
    if (focus)
        focus->setFocus();
}

void ConnectDialog::showNote(const QString &message) {
    m_note->setText(message);
    m_note->setVisible(!message.isEmpty());
    fitMessages();
}

void ConnectDialog::fitMessages() {
    // Word-wrapped labels need more height as their text grows, but a top-level window's minimum size
    // ignores height-for-width: grow the dialog so a long keychain note is never cut off.
    if (!layout()->hasHeightForWidth())
        return;
    layout()->activate();
    const int needed = layout()->totalHeightForWidth(width());
    if (height() < needed)
        resize(width(), needed);
}

QString ConnectDialog::keychainNote() const {
    return m_note->isVisible() ? m_note->text() : QString();
}

QString ConnectDialog::errorText() const {
    return m_error->isVisible() ? m_error->text() : QString();
}

QCoro::Task<> ConnectDialog::loadSecret(QString name) {
    QPointer<ConnectDialog> self(this);
    const quint64 attempt = ++m_secretRead;
    const ConnectionProfile::Auth auth = ConnectionProfile::Auth(m_auth->currentData().toInt());
    const QString what = secretWord(auth);
    m_readingSecret = true;
    showNote(tr("Reading the %1 from the system keychain…").arg(what));
    ConnectionProfileStore *profiles = m_profiles;
    const SecretOutcome outcome = co_await profiles->readSecret(name);
    if (!self || attempt != m_secretRead)
        co_return; // the dialog is gone, or another profile was chosen meanwhile
    m_readingSecret = false;
    switch (outcome.status) {
    case SecretOutcome::Status::Ok:
        (auth == ConnectionProfile::Auth::Login ? m_password : m_token)->setText(outcome.secret);
        showNote(tr("The %1 was read from the system keychain.").arg(what));
        break;
    case SecretOutcome::Status::NotFound:
        showNote(
            tr("No %1 is saved in the system keychain for this profile: enter it to connect.").arg(what));
        break;
    case SecretOutcome::Status::Unavailable:
        showNote(tr("The system keychain could not be read (%1). Enter the %2 to connect; it is not stored "
                    "anywhere else.")
                     .arg(outcome.error, what));
        break;
    }
    Q_EMIT keychainOperationFinished();
    if (m_connectAfterRead) {
        m_connectAfterRead = false;
        validateAndAccept();
    }
}

QCoro::Task<> ConnectDialog::saveProfile() {
    QPointer<ConnectDialog> self(this);
    m_error->hide();
    const std::optional<ConnectionProfile> profile = profileFromForm();
    if (!profile)
        co_return;
    if (const std::optional<QString> problem = profile->validate()) {
        QWidget *focus = profile->name.isEmpty()       ? m_name
                         : profile->username.isEmpty() ? m_username
                                                       : nullptr;
        showError(*problem, focus);
        co_return;
    }
    const QString secret = secretFromForm();
    const QString what = secretWord(profile->auth);
    const QString name = profile->name;
    m_profiles->save(*profile);
    reloadProfileList(name);
    ++m_secretRead; // a read still running for the old selection must not overwrite the form
    m_readingSecret = false;
    ConnectionProfileStore *profiles = m_profiles;
    if (!profile->needsSecret()) {
        // A token saved earlier under this name is of no use any more; failing to remove it is harmless.
        const SecretOutcome removed = co_await profiles->removeSecret(name);
        Q_UNUSED(removed)
        if (!self)
            co_return;
        showNote(tr("Profile “%1” saved.").arg(name));
        Q_EMIT keychainOperationFinished();
        co_return;
    }
    if (secret.isEmpty()) {
        showNote(
            tr("Profile “%1” saved without a %2; it will be asked for when you connect.").arg(name, what));
        Q_EMIT keychainOperationFinished();
        co_return;
    }
    showNote(tr("Saving the %1 in the system keychain…").arg(what));
    m_save->setEnabled(false);
    const SecretOutcome outcome = co_await profiles->saveSecret(name, secret);
    if (!self)
        co_return;
    m_save->setEnabled(true);
    if (outcome.ok())
        showNote(tr("Profile “%1” saved; its %2 is in the system keychain.").arg(name, what));
    else
        showNote(
            tr("Profile “%1” saved, but its %2 could not be stored in the system keychain (%3). It is not "
               "saved anywhere else, so it will be asked for again when you connect.")
                .arg(name, what, outcome.error));
    Q_EMIT keychainOperationFinished();
}

QCoro::Task<> ConnectDialog::deleteProfile() {
    QPointer<ConnectDialog> self(this);
    m_error->hide();
    const QString name = m_profileBox->currentData().toString();
    if (name.isEmpty()) {
        showError(tr("Choose a saved profile to delete."), m_profileBox);
        co_return;
    }
    m_profiles->remove(name);
    reloadProfileList(QString()); // the form keeps the values: easy to save again under another name
    ++m_secretRead;
    m_readingSecret = false;
    ConnectionProfileStore *profiles = m_profiles;
    const SecretOutcome outcome = co_await profiles->removeSecret(name);
    if (!self)
        co_return;
    if (outcome.status == SecretOutcome::Status::Unavailable)
        showNote(tr("Profile “%1” deleted. The system keychain could not be reached to remove a saved secret "
                    "(%2).")
                     .arg(name, outcome.error));
    else
        showNote(tr("Profile “%1” deleted.").arg(name));
    Q_EMIT keychainOperationFinished();
}

void ConnectDialog::validateAndAccept() {
    m_error->hide();
    const std::optional<ConnectionProfile> profile = profileFromForm();
    if (!profile)
        return;
    const QString secret = secretFromForm();
    if (profile->needsSecret() && secret.isEmpty() && m_readingSecret) {
        m_connectAfterRead = true; // connect as soon as the keychain answers
        return;
    }
    if (profile->auth == ConnectionProfile::Auth::Login && profile->username.isEmpty()) {
        showError(tr("Enter the user name to log in with."), m_username);
        return;
    }
    if (profile->auth == ConnectionProfile::Auth::Login && secret.isEmpty()) {
        showError(tr("Enter the password for %1.").arg(profile->username), m_password);
        return;
    }
    if (profile->auth == ConnectionProfile::Auth::ApiToken && secret.isEmpty()) {
        showError(tr("Enter the API token, or choose “None” as the authentication for read-only access."),
                  m_token);
        return;
    }
    const infrahub::ClientConfig config = profile->toConfig(secret);
    if (const std::optional<QString> problem = config.validate()) {
        showError(*problem);
        return;
    }
    // Remember where we went: the saved profile by name (secret stays in the keychain), otherwise
    // just the address as before profiles existed.
    const bool saved = m_profiles->profile(profile->name).has_value();
    m_profiles->setLastUsed(saved ? profile->name : QString());
    m_profiles->settings().setValue(kLastAddress, profile->address.toString());
    m_config = config;
    accept();
}
