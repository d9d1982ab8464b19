// Chooses what to connect to: a saved connection profile, a server typed in once, or the built-in demo
// sandbox. Profiles are saved without their secret; the token or password goes to the OS keychain. When
// the keychain cannot be used (no Secret Service, as on headless machines) the profile is still saved,
// the dialog says the secret will be asked for again, and it is never written anywhere in plain text.
#pragma once

#include "connectionprofiles.h"
#include "core/client/clientconfig.h"

#include <QCoroTask>
#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

class ConnectDialog : public QDialog {
    Q_OBJECT

public:
    // Uses the application's settings and the OS keychain.
    explicit ConnectDialog(QWidget *parent = nullptr);
    // Uses `profiles` (not owned; tests pass one over a temporary settings file and an in-memory store).
    explicit ConnectDialog(ConnectionProfileStore *profiles, QWidget *parent = nullptr);
    ~ConnectDialog() override;

    // After accept(): what to connect to. demoRequested() means "start the demo sandbox" instead.
    infrahub::ClientConfig config() const { return m_config; }
    bool demoRequested() const { return m_demoRequested; }

    // Selects a saved profile as if the user picked it (fills the form, reads its secret).
    bool selectProfile(const QString &name);
    // The note about the keychain (saved, could not be stored, will be asked) and the error line.
    QString keychainNote() const;
    QString errorText() const;

Q_SIGNALS:
    // A keychain read, write or delete the dialog started has finished (tests wait for it).
    void keychainOperationFinished();

private:
    void buildForm();
    void reloadProfileList(const QString &select);
    void onProfileChosen(int index);
    void updateAuthRows();
    // The form as a profile; nullopt (and the error shown) when the address cannot be parsed.
    std::optional<ConnectionProfile> profileFromForm();
    QString secretFromForm() const;
    void showError(const QString &message, QWidget *focus = nullptr);
    void showNote(const QString &message);
    void fitMessages();
    void validateAndAccept();
    QCoro::Task<> loadSecret(QString name);
    QCoro::Task<> saveProfile();
    QCoro::Task<> deleteProfile();

    std::unique_ptr<SecretStore> m_ownSecrets;
    std::unique_ptr<ConnectionProfileStore> m_ownProfiles;
    ConnectionProfileStore *m_profiles;

    QFormLayout *m_form = nullptr;
    QComboBox *m_profileBox = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_address = nullptr;
    QComboBox *m_auth = nullptr;
    QLineEdit *m_token = nullptr;
    QLineEdit *m_username = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_branch = nullptr;
    QSpinBox *m_timeout = nullptr;
    QLineEdit *m_caFile = nullptr;
    QCheckBox *m_insecure = nullptr;
    QLabel *m_note = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_connect = nullptr;

    infrahub::ClientConfig m_config;
    bool m_demoRequested = false;
    quint64 m_secretRead = 0; // the newest secret read; older ones' answers are ignored
    bool m_readingSecret = false;
    bool m_connectAfterRead = false; // Connect was clicked while the keychain was still answering
};
