// SSH Settings for config backups (BackupSettings) of one connection: user, port, how to log in (agent,
// default keys, a key file with an optional passphrase, a password), host key policy, known_hosts file,
// concurrency, retries, timeout and the platform table's override file. The password and passphrase go to
// the keychain when OK is pressed (never to QSettings); a keychain that cannot be written is said in the
// dialog, which then stays open with everything typed still there.
#pragma once

#include "backupsettings.h"

#include <QCoroTask>
#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class SecretStore;

class BackupSettingsDialog : public QDialog {
    Q_OBJECT

public:
    BackupSettingsDialog(BackupSettings settings, QString scope, SecretStore *secrets, bool demo,
                         QWidget *parent = nullptr);

    BackupSettings settings() const; // as shown
    // For tests: fill the secret fields (what the user would type).
    void setPassword(const QString &password);
    void setPassphrase(const QString &passphrase);
    QString errorText() const;
    // Checks, stores the secrets, then accepts; the dialog stays open on an error.
    QCoro::Task<> saveAndAccept();

private:
    void updateRows();

    QString m_scope;
    SecretStore *m_secrets;
    BackupSettings m_initial;
    QLineEdit *m_user;
    QSpinBox *m_port;
    QCheckBox *m_agent;
    QCheckBox *m_defaultKeys;
    QLineEdit *m_keyFile;
    QCheckBox *m_keyHasPassphrase;
    QLineEdit *m_passphrase;
    QCheckBox *m_usePassword;
    QLineEdit *m_password;
    QComboBox *m_hostKeys;
    QLineEdit *m_knownHosts;
    QSpinBox *m_concurrency;
    QSpinBox *m_retries;
    QSpinBox *m_timeout;
    QLineEdit *m_platformsFile;
    QLabel *m_error;
    bool m_saving = false;
};
