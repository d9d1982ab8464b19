// Connection profiles: settings round trip over an isolated settings file, secrets only in the secret
// store (the file's bytes never contain them), the in-memory store, an unavailable keychain, and the real
// QtKeychain store never falling back to plain text.
#include "connectionprofiles.h"
#include "secretstore.h"

#include <QCoroTask>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

namespace {

const QString kToken = QStringLiteral("tok-7f3a9c1e-very-secret");
const QString kPassword = QStringLiteral("pw-Zq8!unguessable");

QByteArray fileBytes(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

ConnectionProfile tokenProfile() {
    ConnectionProfile p;
    p.name = QStringLiteral("Production / EU"); // a slash: must survive, not become a settings group
    p.address = QUrl(QStringLiteral("https://infrahub.example.com:8443"));
    p.auth = ConnectionProfile::Auth::ApiToken;
    p.defaultBranch = QStringLiteral("release");
    p.timeoutSeconds = 15;
    p.caCertificateFile = QStringLiteral("/etc/ssl/private-ca.pem");
    return p;
}

ConnectionProfile loginProfile() {
    ConnectionProfile p;
    p.name = QStringLiteral("Lab");
    p.address = QUrl(QStringLiteral("http://lab.example.com:8000"));
    p.auth = ConnectionProfile::Auth::Login;
    p.username = QStringLiteral("alice");
    p.insecureSkipTlsVerify = true;
    return p;
}

} // namespace

class TestConnectionProfiles : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_file;

    std::unique_ptr<QSettings> settings() const {
        return std::make_unique<QSettings>(m_file, QSettings::IniFormat);
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("InfrahubConsoleTests"));
        QVERIFY(m_dir.isValid());
    }

    void init() {
        m_file = m_dir.filePath(QStringLiteral("%1.conf").arg(QTest::currentTestFunction()));
        QFile::remove(m_file);
    }

    void memorySecretStoreRoundTrip() {
        MemorySecretStore store;
        QCOMPARE(QCoro::waitFor(store.read(QStringLiteral("k"))).status, SecretOutcome::Status::NotFound);
        QVERIFY(QCoro::waitFor(store.write(QStringLiteral("k"), kToken)).ok());
        const SecretOutcome read = QCoro::waitFor(store.read(QStringLiteral("k")));
        QVERIFY(read.ok());
        QCOMPARE(read.secret, kToken);
        QVERIFY(QCoro::waitFor(store.write(QStringLiteral("k"), kPassword)).ok()); // overwrite
        QCOMPARE(QCoro::waitFor(store.read(QStringLiteral("k"))).secret, kPassword);
        QVERIFY(QCoro::waitFor(store.remove(QStringLiteral("k"))).ok());
        QCOMPARE(QCoro::waitFor(store.read(QStringLiteral("k"))).status, SecretOutcome::Status::NotFound);
        QCOMPARE(QCoro::waitFor(store.remove(QStringLiteral("k"))).status, SecretOutcome::Status::NotFound);

        store.setUnavailable(QStringLiteral("no Secret Service"));
        const SecretOutcome failed = QCoro::waitFor(store.write(QStringLiteral("k"), kToken));
        QCOMPARE(failed.status, SecretOutcome::Status::Unavailable);
        QCOMPARE(failed.error, QStringLiteral("no Secret Service"));
        QVERIFY(store.contents().isEmpty());
        QCOMPARE(QCoro::waitFor(store.read(QStringLiteral("k"))).status, SecretOutcome::Status::Unavailable);
    }

    void saveLoadDeleteRoundTrip() {
        MemorySecretStore secrets;
        {
            ConnectionProfileStore store(&secrets, settings());
            QVERIFY(store.profiles().isEmpty());
            store.save(tokenProfile());
            store.save(loginProfile());
            QVERIFY(QCoro::waitFor(store.saveSecret(tokenProfile().name, kToken)).ok());
            QVERIFY(QCoro::waitFor(store.saveSecret(loginProfile().name, kPassword)).ok());
            store.setLastUsed(loginProfile().name);
        }
        // A fresh store over the same file sees exactly what was saved.
        ConnectionProfileStore store(&secrets, settings());
        QCOMPARE(store.names(), (QStringList{QStringLiteral("Lab"), QStringLiteral("Production / EU")}));
        QCOMPARE(store.profile(tokenProfile().name), std::optional(tokenProfile()));
        QCOMPARE(store.profile(loginProfile().name), std::optional(loginProfile()));
        QCOMPARE(store.lastUsed(), QStringLiteral("Lab"));
        QCOMPARE(QCoro::waitFor(store.readSecret(tokenProfile().name)).secret, kToken);
        QCOMPARE(QCoro::waitFor(store.readSecret(loginProfile().name)).secret, kPassword);

        // The settings file holds the profiles, and no secret at all.
        const QByteArray bytes = fileBytes(m_file);
        QVERIFY(bytes.contains("infrahub.example.com"));
        QVERIFY(bytes.contains("alice"));
        QVERIFY2(!bytes.contains(kToken.toUtf8()), bytes.constData());
        QVERIFY2(!bytes.contains(kPassword.toUtf8()), bytes.constData());

        // Saving under an existing name replaces that profile.
        ConnectionProfile changed = tokenProfile();
        changed.timeoutSeconds = 99;
        store.save(changed);
        QCOMPARE(store.names().size(), 2);
        QCOMPARE(store.profile(changed.name)->timeoutSeconds, 99);

        // Deleting removes the profile and forgets it as the last used one; the secret goes separately.
        store.remove(loginProfile().name);
        QVERIFY(QCoro::waitFor(store.removeSecret(loginProfile().name)).ok());
        QCOMPARE(store.names(), QStringList{changed.name});
        QVERIFY(!store.profile(loginProfile().name));
        QCOMPARE(store.lastUsed(), QString());
        QVERIFY(!secrets.contents().contains(ConnectionProfileStore::secretKey(loginProfile().name)));
        QVERIFY(!fileBytes(m_file).contains("alice"));
    }

    void addressUserInfoIsNotStored() {
        // A URL typed as https://user:password@host would otherwise carry the password into the file.
        MemorySecretStore secrets;
        ConnectionProfileStore store(&secrets, settings());
        ConnectionProfile p = tokenProfile();
        p.address = QUrl(QStringLiteral("https://bob:%1@infrahub.example.com").arg(kPassword));
        store.save(p);
        QVERIFY(!fileBytes(m_file).contains(kPassword.toUtf8()));
        QCOMPARE(store.profile(p.name)->address, QUrl(QStringLiteral("https://infrahub.example.com")));
    }

    void unavailableKeychainKeepsProfileWithoutSecret() {
        MemorySecretStore secrets;
        secrets.setUnavailable(QStringLiteral("Cannot autolaunch D-Bus without X11 $DISPLAY"));
        ConnectionProfileStore store(&secrets, settings());
        store.save(tokenProfile());
        const SecretOutcome saved = QCoro::waitFor(store.saveSecret(tokenProfile().name, kToken));
        QCOMPARE(saved.status, SecretOutcome::Status::Unavailable);
        QVERIFY(saved.error.contains(QStringLiteral("D-Bus")));
        QCOMPARE(store.names(), QStringList{tokenProfile().name});
        QCOMPARE(QCoro::waitFor(store.readSecret(tokenProfile().name)).status,
                 SecretOutcome::Status::Unavailable);
        QVERIFY(!fileBytes(m_file).contains(kToken.toUtf8()));
    }

    void validationAndConfig() {
        ConnectionProfile p = loginProfile();
        QVERIFY(!p.validate());
        p.name = QStringLiteral("  ");
        QVERIFY(p.validate()->contains(QStringLiteral("name")));
        p = loginProfile();
        p.username.clear();
        QVERIFY(p.validate()->contains(QStringLiteral("user name")));
        p = loginProfile();
        p.address = QUrl(QStringLiteral("ftp://example.com"));
        QVERIFY(p.validate()->contains(QStringLiteral("http")));

        const infrahub::ClientConfig login = loginProfile().toConfig(kPassword);
        QCOMPARE(login.username, QStringLiteral("alice"));
        QCOMPARE(login.password, kPassword);
        QVERIFY(login.apiToken.isEmpty());
        QVERIFY(login.usesLogin());
        QVERIFY(login.insecureSkipTlsVerify);
        const infrahub::ClientConfig token = tokenProfile().toConfig(kToken);
        QCOMPARE(token.apiToken, kToken);
        QVERIFY(token.username.isEmpty() && token.password.isEmpty());
        QCOMPARE(token.defaultBranch, QStringLiteral("release"));
        QCOMPARE(token.timeoutMs, 15'000);
        QCOMPARE(token.caCertificateFile, QStringLiteral("/etc/ssl/private-ca.pem"));
        ConnectionProfile anonymous = tokenProfile();
        anonymous.auth = ConnectionProfile::Auth::None;
        QVERIFY(!anonymous.needsSecret());
        QVERIFY(anonymous.toConfig(kToken).apiToken.isEmpty());
    }

    void realKeychainNeverFallsBackToPlainText() {
        // Whatever this machine has (usually no Secret Service at all), the QtKeychain store must answer
        // within its timeout and must not have put the secret into any settings file. A unique service
        // name keeps a developer's real keychain clean; the entry is removed again if it was stored.
        const QString service =
            QStringLiteral("InfrahubConsoleTest-") + QUuid::createUuid().toString(QUuid::Id128);
        KeychainSecretStore store(service, 10'000);
        QElapsedTimer timer;
        timer.start();
        const SecretOutcome written = QCoro::waitFor(store.write(QStringLiteral("probe"), kToken));
        QVERIFY(timer.elapsed() < 12'000);
        if (written.ok()) {
            QCOMPARE(QCoro::waitFor(store.read(QStringLiteral("probe"))).secret, kToken);
            QVERIFY(QCoro::waitFor(store.remove(QStringLiteral("probe"))).ok());
        } else {
            QCOMPARE(written.status, SecretOutcome::Status::Unavailable);
            QVERIFY(!written.error.isEmpty());
            qInfo("keychain unavailable here: %s", qPrintable(written.error));
        }
        // QtKeychain's insecure fallback would write to QSettings(service) under the config location.
        const QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        QDirIterator it(config, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QVERIFY2(!fileBytes(path).contains(kToken.toUtf8()), qPrintable(path));
        }
        QVERIFY(!QFile::exists(config + QStringLiteral("/") + service + QStringLiteral(".conf")));
    }
};

QTEST_GUILESS_MAIN(TestConnectionProfiles)
#include "tst_connectionprofiles.moc"
