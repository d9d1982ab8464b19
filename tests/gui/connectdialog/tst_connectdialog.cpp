// The connect dialog with saved profiles (offscreen): saving puts the secret into the secret store and
// never into the settings file, an unavailable keychain keeps the profile and asks for the secret again,
// validation errors show in the dialog, and a saved profile connects to a real sandbox (token and
// username/password login) with the secret from the store; the status bar then names the user.
#include "connectdialog.h"
#include "connectionprofiles.h"
#include "consolesession.h"
#include "demosandboxhost.h"
#include "mainwindow.h"
#include "secretstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kToken = QStringLiteral("sandbox-token-5d1e0b7a");
const QString kPassword = QStringLiteral("alice-password-93c2");

QByteArray fileBytes(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

template <typename T> T *child(QObject *parent, const char *name) {
    return parent->findChild<T *>(QLatin1String(name));
}

QPushButton *connectButton(QDialog *dialog) {
    return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

// A sandbox in its own thread that only accepts the given token or user (no anonymous access), so a
// connect that succeeds proves the secret from the store reached the server.
struct Sandbox {
    std::unique_ptr<DemoSandboxHost> host;
    QUrl url;

    bool start(QByteArray token, QString user = {}, QString password = {}) {
        infrahub::sandbox::SandboxOptions options;
        options.tokens = {token};
        options.users.clear();
        if (!user.isEmpty())
            options.users.append({user, password});
        options.allowAnonymous = false;
        host = std::make_unique<DemoSandboxHost>(options);
        QSignalSpy ready(host.get(), &DemoSandboxHost::ready);
        host->start();
        if (!ready.wait(15000))
            return false;
        url = ready.first().first().toUrl();
        return url.isValid();
    }
};

} // namespace

class TestConnectDialog : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_file;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<ConnectionProfileStore> m_profiles;

    // Waits until the dialog's keychain work (read on selection, write on save) has finished.
    static bool waitForKeychain(QSignalSpy &spy, int count = 1) {
        return QTest::qWaitFor([&] { return spy.count() >= count; }, 5000);
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("InfrahubConsoleTests"));
        QVERIFY(m_dir.isValid());
    }

    void init() {
        // Every test gets its own settings file and an empty in-memory secret store.
        m_file = m_dir.filePath(QStringLiteral("%1.conf").arg(QTest::currentTestFunction()));
        QFile::remove(m_file);
        m_secrets = std::make_unique<MemorySecretStore>();
        m_profiles = std::make_unique<ConnectionProfileStore>(
            m_secrets.get(), std::make_unique<QSettings>(m_file, QSettings::IniFormat));
    }

    void savesProfileWithSecretInTheStoreOnly() {
        ConnectDialog dialog(m_profiles.get());
        dialog.show();
        QSignalSpy keychain(&dialog, &ConnectDialog::keychainOperationFinished);
        child<QLineEdit>(&dialog, "name")->setText(QStringLiteral("Staging"));
        child<QLineEdit>(&dialog, "address")->setText(QStringLiteral("https://staging.example.com"));
        child<QLineEdit>(&dialog, "token")->setText(kToken);
        child<QLineEdit>(&dialog, "defaultBranch")->setText(QStringLiteral("develop"));
        child<QSpinBox>(&dialog, "timeout")->setValue(20);
        child<QCheckBox>(&dialog, "insecure")->setChecked(true);
        child<QPushButton>(&dialog, "saveProfile")->click();
        QVERIFY(waitForKeychain(keychain));
        QVERIFY2(dialog.keychainNote().contains(QStringLiteral("is in the system keychain")),
                 qPrintable(dialog.keychainNote()));
        QCOMPARE(dialog.errorText(), QString());

        QComboBox *profiles = child<QComboBox>(&dialog, "profiles");
        QCOMPARE(profiles->currentText(), QStringLiteral("Staging"));
        QCOMPARE(m_secrets->contents().value(ConnectionProfileStore::secretKey(QStringLiteral("Staging"))),
                 kToken);
        const std::optional<ConnectionProfile> saved = m_profiles->profile(QStringLiteral("Staging"));
        QVERIFY(saved);
        QCOMPARE(saved->address, QUrl(QStringLiteral("https://staging.example.com")));
        QCOMPARE(saved->defaultBranch, QStringLiteral("develop"));
        QCOMPARE(saved->timeoutSeconds, 20);
        QVERIFY(saved->insecureSkipTlsVerify);
        const QByteArray bytes = fileBytes(m_file);
        QVERIFY(bytes.contains("staging.example.com"));
        QVERIFY2(!bytes.contains(kToken.toUtf8()), bytes.constData());

        // A second dialog finds the profile; choosing it reads the token back from the store.
        ConnectDialog again(m_profiles.get());
        QSignalSpy read(&again, &ConnectDialog::keychainOperationFinished);
        QVERIFY(again.selectProfile(QStringLiteral("Staging")));
        QVERIFY(waitForKeychain(read));
        QCOMPARE(child<QLineEdit>(&again, "token")->text(), kToken);
        QCOMPARE(child<QLineEdit>(&again, "address")->text(), QStringLiteral("https://staging.example.com"));
        QVERIFY(child<QCheckBox>(&again, "insecure")->isChecked());
    }

    void unavailableKeychainKeepsProfileAndAsksAgain() {
        m_secrets->setUnavailable(QStringLiteral("Cannot autolaunch D-Bus without X11 $DISPLAY"));
        {
            ConnectDialog dialog(m_profiles.get());
            dialog.show();
            QSignalSpy keychain(&dialog, &ConnectDialog::keychainOperationFinished);
            child<QLineEdit>(&dialog, "name")->setText(QStringLiteral("CI"));
            child<QLineEdit>(&dialog, "address")->setText(QStringLiteral("http://ci.example.com:8000"));
            child<QLineEdit>(&dialog, "token")->setText(kToken);
            child<QPushButton>(&dialog, "saveProfile")->click();
            QVERIFY(waitForKeychain(keychain));
            const QString note = dialog.keychainNote();
            QVERIFY2(note.contains(QStringLiteral("could not be stored in the system keychain")),
                     qPrintable(note));
            QVERIFY2(note.contains(QStringLiteral("asked for again")), qPrintable(note));
            QVERIFY2(note.contains(QStringLiteral("D-Bus")), qPrintable(note)); // the reason is shown
        }
        QCOMPARE(m_profiles->names(), QStringList{QStringLiteral("CI")}); // the profile is kept
        QVERIFY(m_secrets->contents().isEmpty());
        QVERIFY(!fileBytes(m_file).contains(kToken.toUtf8())); // and never in plain text

        // Next time: the dialog says the keychain could not be read and asks for the token on Connect.
        ConnectDialog dialog(m_profiles.get());
        dialog.show();
        QSignalSpy keychain(&dialog, &ConnectDialog::keychainOperationFinished);
        QVERIFY(dialog.selectProfile(QStringLiteral("CI")));
        QVERIFY(waitForKeychain(keychain));
        QVERIFY2(dialog.keychainNote().contains(QStringLiteral("could not be read")),
                 qPrintable(dialog.keychainNote()));
        QLineEdit *token = child<QLineEdit>(&dialog, "token");
        QCOMPARE(token->text(), QString());
        connectButton(&dialog)->click();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(dialog.isVisible());
        QVERIFY2(dialog.errorText().contains(QStringLiteral("API token")), qPrintable(dialog.errorText()));
        token->setText(kToken);
        connectButton(&dialog)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.config().apiToken, kToken);
        QCOMPARE(dialog.config().address, QUrl(QStringLiteral("http://ci.example.com:8000")));
        QVERIFY(!fileBytes(m_file).contains(kToken.toUtf8()));
    }

    void validationErrorsShowInTheDialog() {
        ConnectDialog dialog(m_profiles.get());
        dialog.show();
        QLineEdit *address = child<QLineEdit>(&dialog, "address");
        QPushButton *save = child<QPushButton>(&dialog, "saveProfile");

        address->setText(QStringLiteral("https://infrahub.example.com"));
        save->click(); // no name
        QVERIFY2(dialog.errorText().contains(QStringLiteral("name")), qPrintable(dialog.errorText()));
        QVERIFY(m_profiles->names().isEmpty());

        child<QLineEdit>(&dialog, "name")->setText(QStringLiteral("Bad"));
        address->setText(QStringLiteral("ftp://infrahub.example.com"));
        save->click();
        QVERIFY2(dialog.errorText().contains(QStringLiteral("http://")), qPrintable(dialog.errorText()));
        connectButton(&dialog)->click();
        QVERIFY2(dialog.errorText().contains(QStringLiteral("http://")), qPrintable(dialog.errorText()));
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(m_profiles->names().isEmpty());

        address->setText(QStringLiteral("http://infrahub.example.com"));
        QComboBox *auth = child<QComboBox>(&dialog, "auth");
        auth->setCurrentIndex(auth->findData(int(ConnectionProfile::Auth::Login)));
        QVERIFY(child<QLineEdit>(&dialog, "username")->isVisible());
        QVERIFY(!child<QLineEdit>(&dialog, "token")->isVisible());
        connectButton(&dialog)->click();
        QVERIFY2(dialog.errorText().contains(QStringLiteral("user name")), qPrintable(dialog.errorText()));
        child<QLineEdit>(&dialog, "username")->setText(QStringLiteral("alice"));
        connectButton(&dialog)->click();
        QVERIFY2(dialog.errorText().contains(QStringLiteral("password")), qPrintable(dialog.errorText()));

        child<QLineEdit>(&dialog, "password")->setText(kPassword);
        child<QLineEdit>(&dialog, "caFile")->setText(m_dir.filePath(QStringLiteral("missing-ca.pem")));
        connectButton(&dialog)->click();
        QVERIFY2(dialog.errorText().contains(QStringLiteral("missing-ca.pem")),
                 qPrintable(dialog.errorText()));
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void deletesProfileAndItsSecret() {
        ConnectionProfile p;
        p.name = QStringLiteral("Old");
        p.address = QUrl(QStringLiteral("http://old.example.com"));
        m_profiles->save(p);
        QVERIFY(QCoro::waitFor(m_profiles->saveSecret(p.name, kToken)).ok());
        m_profiles->setLastUsed(p.name);

        ConnectDialog dialog(m_profiles.get());
        dialog.show();
        QSignalSpy keychain(&dialog, &ConnectDialog::keychainOperationFinished);
        // The last used profile is chosen already.
        QCOMPARE(child<QComboBox>(&dialog, "profiles")->currentText(), QStringLiteral("Old"));
        QVERIFY(waitForKeychain(keychain));
        child<QPushButton>(&dialog, "deleteProfile")->click();
        QVERIFY(waitForKeychain(keychain, 2));
        QVERIFY2(dialog.keychainNote().contains(QStringLiteral("deleted")),
                 qPrintable(dialog.keychainNote()));
        QVERIFY(m_profiles->names().isEmpty());
        QVERIFY(m_secrets->contents().isEmpty());
        QCOMPARE(child<QComboBox>(&dialog, "profiles")->count(), 1); // only "New profile"
        QVERIFY(!child<QPushButton>(&dialog, "deleteProfile")->isEnabled());
    }

    void demoButtonAsksForTheSandbox() {
        ConnectDialog dialog(m_profiles.get());
        dialog.show();
        child<QPushButton>(&dialog, "openDemo")->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.demoRequested());

        // What the main window does with it: the built-in sandbox.
        ConsoleSession session;
        session.connectToDemo();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), ConsoleSession::State::Connected, 15000);
        QVERIFY(session.isDemo());
    }

    void savedTokenProfileConnectsToSandbox() {
        Sandbox sandbox;
        QVERIFY(sandbox.start(kToken.toLatin1()));
        ConnectionProfile p;
        p.name = QStringLiteral("Sandbox");
        p.address = sandbox.url;
        m_profiles->save(p);
        QVERIFY(QCoro::waitFor(m_profiles->saveSecret(p.name, kToken)).ok());

        ConnectDialog dialog(m_profiles.get());
        dialog.show();
        QSignalSpy keychain(&dialog, &ConnectDialog::keychainOperationFinished);
        QComboBox *profiles = child<QComboBox>(&dialog, "profiles");
        profiles->setCurrentIndex(profiles->findText(QStringLiteral("Sandbox"))); // as a user picks it
        QVERIFY(waitForKeychain(keychain));
        connectButton(&dialog)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.config().apiToken, kToken);
        QCOMPARE(m_profiles->lastUsed(), QStringLiteral("Sandbox"));

        ConsoleSession session;
        MainWindow window(&session);
        // The window lists branches and counts the first kind once connected; waiting for both keeps
        // those requests from being cut off (and their coroutines left behind) when the test ends.
        QSignalSpy branches(&window, &MainWindow::branchesLoaded);
        QSignalSpy counted(&window, &MainWindow::kindCountLoaded);
        session.connectToServer(dialog.config());
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), ConsoleSession::State::Connected, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!branches.isEmpty() && !counted.isEmpty(), 15000);
        QVERIFY2(window.statusText().startsWith(QStringLiteral("Connected to")),
                 qPrintable(window.statusText()));
        QVERIFY(!window.statusText().contains(QStringLiteral("signed in")));

        // The control: the same profile with a wrong secret is refused, so the token really mattered.
        QVERIFY(QCoro::waitFor(m_profiles->saveSecret(p.name, QStringLiteral("wrong"))).ok());
        ConnectDialog wrong(m_profiles.get()); // the last used profile comes preselected
        QSignalSpy wrongRead(&wrong, &ConnectDialog::keychainOperationFinished);
        QCOMPARE(child<QComboBox>(&wrong, "profiles")->currentText(), QStringLiteral("Sandbox"));
        QVERIFY(waitForKeychain(wrongRead));
        connectButton(&wrong)->click();
        QCOMPARE(wrong.result(), int(QDialog::Accepted));
        session.connectToServer(wrong.config());
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), ConsoleSession::State::Failed, 15000);
    }

    void savedLoginProfileConnectsAndShowsTheUser() {
        Sandbox sandbox;
        QVERIFY(sandbox.start("unused-token", QStringLiteral("alice"), kPassword));
        ConnectionProfile p;
        p.name = QStringLiteral("Alice @ sandbox");
        p.address = sandbox.url;
        p.auth = ConnectionProfile::Auth::Login;
        p.username = QStringLiteral("alice");
        m_profiles->save(p);
        QVERIFY(QCoro::waitFor(m_profiles->saveSecret(p.name, kPassword)).ok());
        QVERIFY(!fileBytes(m_file).contains(kPassword.toUtf8()));

        ConnectDialog dialog(m_profiles.get());
        dialog.show();
        QSignalSpy keychain(&dialog, &ConnectDialog::keychainOperationFinished);
        QVERIFY(dialog.selectProfile(p.name));
        // Connect before the store answered: the dialog waits for the secret, then accepts.
        connectButton(&dialog)->click();
        QVERIFY(waitForKeychain(keychain));
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 5000);
        QCOMPARE(dialog.config().username, QStringLiteral("alice"));
        QCOMPARE(dialog.config().password, kPassword);

        ConsoleSession session;
        MainWindow window(&session);
        // The window lists branches and counts the first kind once connected; waiting for both keeps
        // those requests from being cut off (and their coroutines left behind) when the test ends.
        QSignalSpy branches(&window, &MainWindow::branchesLoaded);
        QSignalSpy counted(&window, &MainWindow::kindCountLoaded);
        session.connectToServer(dialog.config());
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), ConsoleSession::State::Connected, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!branches.isEmpty() && !counted.isEmpty(), 15000);
        QCOMPARE(session.userName(), QStringLiteral("alice"));
        QVERIFY2(window.statusText().contains(QStringLiteral("signed in as alice")),
                 qPrintable(window.statusText()));
    }
};

QTEST_MAIN(TestConnectDialog)
#include "tst_connectdialog.moc"
