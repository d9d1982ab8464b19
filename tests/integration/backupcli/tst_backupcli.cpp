// infrahub-backup, the command, against the infrahub-sandbox process with device SSH (--device-ssh 0
// --device-ssh-key FILE): a site backed up (exit 0, the table, one commit), again (unchanged), JSON, a device
// that refuses the login (exit 1), bad arguments and bad input (exit 2, with a message that says what is
// wrong), SIGINT midway (exit 3, what did not run listed), and an SSH password that never shows up in what
// the command prints.
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

namespace {

const QString kDevicePassword = QStringLiteral("Pw-for-the-devices-7f3c9a");

struct Output {
    int exitCode = -1;
    bool crashed = false;
    QString out;
    QString err;
    QString all() const { return out + err; }
};

// A running infrahub-sandbox: its HTTP address and its devices' SSH port.
struct Sandbox {
    std::unique_ptr<QProcess> process;
    QString url;
    int sshPort = 0;

    bool start(const QStringList &extra, const QString &keyFile, QString *error) {
        process = std::make_unique<QProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("INFRAHUB_DEVICE_SSH_PASSWORD"), kDevicePassword);
        process->setProcessEnvironment(env);
        process->start(QStringLiteral(INFRAHUB_SANDBOX_EXE),
                       QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                   QStringLiteral("--device-ssh"), QStringLiteral("0"),
                                   QStringLiteral("--device-ssh-key"), keyFile} +
                           extra);
        QString banner;
        QElapsedTimer clock;
        clock.start();
        const QRegularExpression listening(QStringLiteral("listening on (\\S+)"));
        const QRegularExpression devices(QStringLiteral("device ssh: \\d+ devices on port (\\d+)"));
        while (clock.elapsed() < 30000) {
            process->waitForReadyRead(200);
            banner += QString::fromUtf8(process->readAllStandardOutput());
            const QRegularExpressionMatch l = listening.match(banner);
            const QRegularExpressionMatch d = devices.match(banner);
            if (l.hasMatch() && d.hasMatch()) {
                url = l.captured(1);
                sshPort = d.captured(1).toInt();
                return true;
            }
            if (process->state() == QProcess::NotRunning)
                break;
        }
        *error = QStringLiteral("the sandbox did not start: ") + banner +
                 QString::fromUtf8(process->readAllStandardError());
        return false;
    }

    ~Sandbox() {
        if (process && process->state() != QProcess::NotRunning) {
            process->terminate();
            if (!process->waitForFinished(5000))
                process->kill();
            process->waitForFinished(5000);
        }
    }
};

} // namespace

class TestBackupCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    Sandbox m_sandbox;
    QString m_key;
    int m_folders = 0;

    QString newFolder() { return m_dir.filePath(QStringLiteral("backups%1").arg(++m_folders)); }

    // The options every run needs to reach the sandbox's devices.
    QStringList reach(const QString &folder, bool withKey = true) const {
        QStringList args{QStringLiteral("--server"),
                         m_sandbox.url,
                         QStringLiteral("--folder"),
                         folder,
                         QStringLiteral("--port"),
                         QString::number(m_sandbox.sshPort),
                         QStringLiteral("--user"),
                         QStringLiteral("admin"),
                         QStringLiteral("--known-hosts"),
                         m_dir.filePath(QStringLiteral("known_hosts")),
                         QStringLiteral("--accept-new-host-keys"),
                         QStringLiteral("--timeout"),
                         QStringLiteral("10")};
        if (withKey)
            args << QStringLiteral("--identity") << m_key;
        return args;
    }

    static QProcessEnvironment cleanEnvironment() {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name :
             {"SSH_AUTH_SOCK", "INFRAHUB_ADDRESS", "INFRAHUB_API_TOKEN", "INFRAHUB_USERNAME",
              "INFRAHUB_PASSWORD", "INFRAHUB_SSH_PASSWORD", "INFRAHUB_SSH_KEY_PASSPHRASE"})
            env.remove(QLatin1String(name));
        // Not the user's ~/.ssh (config, default keys): only what the test gives.
        env.insert(QStringLiteral("HOME"), QDir::tempPath() + QStringLiteral("/tst_backupcli-no-home"));
        return env;
    }

    static Output runBackup(const QStringList &args, const QProcessEnvironment &env = cleanEnvironment(),
                            int timeoutMs = 120000) {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(INFRAHUB_BACKUP_EXE), args);
        Output o;
        if (!p.waitForStarted(10000))
            return o;
        // The sandbox answers from its own process, so waiting here blocks nothing it needs.
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished(5000);
        }
        o.crashed = p.exitStatus() != QProcess::NormalExit;
        o.exitCode = o.crashed ? -1 : p.exitCode();
        o.out = QString::fromUtf8(p.readAllStandardOutput());
        o.err = QString::fromUtf8(p.readAllStandardError());
        return o;
    }

    static QString describe(const Output &o) {
        return QStringLiteral("exit %1\n--- stdout\n%2--- stderr\n%3").arg(o.exitCode).arg(o.out, o.err);
    }

    static QStringList tableLines(const Output &o) {
        QStringList lines = o.out.split(u'\n', Qt::SkipEmptyParts);
        if (!lines.isEmpty())
            lines.removeFirst(); // the header
        if (!lines.isEmpty())
            lines.removeLast(); // the summary
        return lines;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::exists(QStringLiteral(INFRAHUB_BACKUP_EXE)));
        m_key = m_dir.filePath(QStringLiteral("client_key"));
        QString error;
        QVERIFY2(
            m_sandbox.start({QStringLiteral("--device-ssh-fault"), QStringLiteral("atl1-leaf3=reject-auth")},
                            m_key, &error),
            qPrintable(error));
        QVERIFY(QFile::exists(m_key));
        QVERIFY(m_sandbox.sshPort > 0);
    }

    void siteBackedUpThenUnchanged() {
        const QString folder = newFolder();
        QStringList args = reach(folder);
        args << QStringLiteral("--site") << QStringLiteral("ord1");
        const Output first = runBackup(args);
        QVERIFY2(first.exitCode == 0, qPrintable(describe(first)));
        QVERIFY2(first.out.startsWith(u"device "), qPrintable(first.out));
        const QStringList rows = tableLines(first);
        QCOMPARE(rows.size(), 8);
        for (const QString &row : rows) {
            QVERIFY2(row.startsWith(u"ord1-"), qPrintable(row));
            QVERIFY2(
                QRegularExpression(QStringLiteral("^ord1-\\S+\\s+new\\s+(arista_eos|cisco_nxos|juniper_junos)"
                                                  "\\s+\\d+$"))
                    .match(row)
                    .hasMatch(),
                qPrintable(row));
        }
        QVERIFY2(first.out.contains(QRegularExpression(
                     QStringLiteral("\\n8 new of 8 in [0-9.]+ s, commit [0-9a-f]{12}\\n$"))),
                 qPrintable(first.out));
        QVERIFY2(first.err.contains(u"read InfraDevice.site (8)"), qPrintable(first.err));
        QVERIFY2(first.err.contains(u"committed "), qPrintable(first.err));
        QCOMPARE(QDir(folder).entryList({QStringLiteral("*.cfg")}, QDir::Files).size(), 8);

        const Output second = runBackup(args);
        QVERIFY2(second.exitCode == 0, qPrintable(describe(second)));
        QVERIFY2(second.out.contains(u"\n8 unchanged of 8 in "), qPrintable(second.out));
        QVERIFY2(second.err.contains(u"nothing changed"), qPrintable(second.err));
    }

    void jsonFormat() {
        QStringList args = reach(newFolder());
        args << QStringLiteral("--device") << QStringLiteral("atl1-spine1,atl1-edge1")
             << QStringLiteral("--format") << QStringLiteral("json");
        const Output o = runBackup(args);
        QVERIFY2(o.exitCode == 0, qPrintable(describe(o)));
        QJsonParseError parseError;
        const QJsonObject doc = QJsonDocument::fromJson(o.out.toUtf8(), &parseError).object();
        QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(o.out));
        const QJsonArray devices = doc[u"devices"].toArray();
        QCOMPARE(devices.size(), 2);
        for (const QJsonValue &d : devices) {
            QCOMPARE(d[u"outcome"].toString(), QStringLiteral("new"));
            QVERIFY(d[u"bytes"].toInt() > 0);
            QVERIFY(d[u"host"].toString().startsWith(u"127.1.1."));
            QCOMPARE(d[u"commit"].toString(), doc[u"summary"][u"commit"].toString());
        }
        QCOMPARE(doc[u"summary"][u"counts"][u"new"].toInt(), 2);
        QCOMPARE(doc[u"summary"][u"cancelled"].toBool(), false);
    }

    void aFailedDeviceExitsOne() {
        QStringList args = reach(newFolder());
        args << QStringLiteral("--device") << QStringLiteral("atl1-leaf3") << QStringLiteral("--device")
             << QStringLiteral("atl1-leaf1") << QStringLiteral("--retries") << QStringLiteral("2");
        const Output o = runBackup(args);
        QCOMPARE(o.exitCode, 1);
        const QStringList rows = tableLines(o);
        QCOMPARE(rows.size(), 2);
        QVERIFY2(rows.at(0).startsWith(u"atl1-leaf1") && rows.at(0).contains(u" new "), qPrintable(o.out));
        QVERIFY2(rows.at(1).startsWith(u"atl1-leaf3") && rows.at(1).contains(u" failed ") &&
                     rows.at(1).contains(u"Authentication"),
                 qPrintable(o.out));
        QVERIFY2(o.out.contains(u"1 new, 1 failed of 2"), qPrintable(o.out));
    }

    void badArgumentsExitTwo() {
        struct Case {
            QStringList args;
            QString message;
        };
        const QString folder = newFolder();
        QFile notAFolder(m_dir.filePath(QStringLiteral("a-file")));
        QVERIFY(notAFolder.open(QIODevice::WriteOnly));
        notAFolder.close();
        const QList<Case> cases = {
            {reach(folder), QStringLiteral("choose the devices")},
            {reach(folder) +
                 QStringList{QStringLiteral("--all"), QStringLiteral("--tag"), QStringLiteral("red")},
             QStringLiteral("give only one")},
            {QStringList{QStringLiteral("--server"), m_sandbox.url, QStringLiteral("--all")},
             QStringLiteral("--folder DIR is needed")},
            {QStringList{QStringLiteral("--folder"), folder, QStringLiteral("--all")},
             QStringLiteral("--server URL is needed")},
            {reach(folder) +
                 QStringList{QStringLiteral("--all"), QStringLiteral("--concurrency"), QStringLiteral("0")},
             QStringLiteral("--concurrency must be a number from 1")},
            {reach(folder) +
                 QStringList{QStringLiteral("--all"), QStringLiteral("--format"), QStringLiteral("xml")},
             QStringLiteral("--format is table or json")},
            {reach(folder) + QStringList{QStringLiteral("--all"), QStringLiteral("--platforms"),
                                         m_dir.filePath(QStringLiteral("missing.yaml"))},
             QStringLiteral("--platforms:")},
            {reach(folder) + QStringList{QStringLiteral("--site"), QStringLiteral("atl1,nowhere9")},
             QStringLiteral("no site named \"nowhere9\"")},
            {reach(folder) + QStringList{QStringLiteral("--device"), QStringLiteral("atl1-spine77")},
             QStringLiteral("no device named \"atl1-spine77\"")},
            {reach(folder) + QStringList{QStringLiteral("--tag"), QStringLiteral("no-such-tag")},
             QStringLiteral("no tag named \"no-such-tag\"")},
            {reach(folder) + QStringList{QStringLiteral("--tag"), QStringLiteral("production")},
             QStringLiteral("the selection has no devices")},
            {reach(notAFolder.fileName()) + QStringList{QStringLiteral("--all")},
             QStringLiteral("is a file")},
            {QStringList{QStringLiteral("--server"), QStringLiteral("http://127.0.0.1:1"),
                         QStringLiteral("--folder"), folder, QStringLiteral("--all")},
             QStringLiteral("cannot read the devices from http://127.0.0.1:1")},
            {reach(folder) + QStringList{QStringLiteral("--all"), QStringLiteral("--identity"),
                                         m_dir.filePath(QStringLiteral("no-key"))},
             QStringLiteral("--identity:")},
            {reach(folder) + QStringList{QStringLiteral("--all"), QStringLiteral("stray")},
             QStringLiteral("unexpected argument")},
        };
        for (const Case &c : cases) {
            const Output o = runBackup(c.args);
            QVERIFY2(o.exitCode == 2, qPrintable(c.args.join(u' ') + u'\n' + describe(o)));
            QVERIFY2(o.err.contains(c.message), qPrintable(c.message + u'\n' + describe(o)));
            QVERIFY2(o.out.isEmpty(), qPrintable(describe(o))); // stdout holds only results
        }
        QVERIFY(!QFile::exists(QDir(folder).filePath(QStringLiteral(".git")))); // nothing was created

        // A git repository that is not a backup folder is not touched.
        if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty())
            return;
        const QString foreign = newFolder();
        QDir().mkpath(foreign);
        QProcess git;
        git.setWorkingDirectory(foreign);
        git.start(QStringLiteral("git"), {QStringLiteral("init"), QStringLiteral("-q")});
        QVERIFY(git.waitForFinished(10000) && git.exitCode() == 0);
        const Output o = runBackup(reach(foreign) +
                                   QStringList{QStringLiteral("--device"), QStringLiteral("atl1-spine1")});
        QVERIFY2(o.exitCode == 2 && o.err.contains(u"did not create"), qPrintable(describe(o)));
        QCOMPARE(QDir(foreign).entryList({QStringLiteral("*.cfg")}, QDir::Files).size(), 0);
    }

    // The SSH password comes from the environment and is never printed: not on success, not when it is wrong.
    void passwordNeverShows() {
        QProcessEnvironment env = cleanEnvironment();
        env.insert(QStringLiteral("INFRAHUB_SSH_PASSWORD"), kDevicePassword);
        const QString folder = newFolder();
        QStringList args = reach(folder, false);
        args << QStringLiteral("--device") << QStringLiteral("jfk1-spine1,jfk1-edge1");
        const Output good = runBackup(args, env);
        QVERIFY2(good.exitCode == 0, qPrintable(describe(good)));
        QVERIFY2(!good.all().contains(kDevicePassword), qPrintable(describe(good)));

        const QString wrong = QStringLiteral("Wrong-password-5e81d2");
        env.insert(QStringLiteral("INFRAHUB_SSH_PASSWORD"), wrong);
        const Output bad = runBackup(
            reach(newFolder(), false) + QStringList{QStringLiteral("--device"), QStringLiteral("jfk1-spine1"),
                                                    QStringLiteral("--format"), QStringLiteral("json")},
            env);
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.all().contains(u"password"), qPrintable(describe(bad))); // it says what was tried
        QVERIFY2(!bad.all().contains(wrong) && !bad.all().contains(kDevicePassword),
                 qPrintable(describe(bad)));
        // Nor in what the folder keeps (the failure's reason goes into the state file).
        QDirIterator files(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile f(files.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(kDevicePassword.toUtf8()), qPrintable(f.fileName()));
        }
    }

#ifdef Q_OS_UNIX
    // SIGINT midway: what finished is committed, the rest is listed as not run, exit status 3.
    void interruptedExitsThree() {
        Sandbox slow;
        QString error;
        const QString key = m_dir.filePath(QStringLiteral("slow_key"));
        QVERIFY2(slow.start({QStringLiteral("--device-ssh-fault"), QStringLiteral("*=slow:25")}, key, &error),
                 qPrintable(error));
        const QString folder = newFolder();
        QProcess p;
        p.setProcessEnvironment(cleanEnvironment());
        p.start(QStringLiteral(INFRAHUB_BACKUP_EXE),
                {QStringLiteral("--server"), slow.url, QStringLiteral("--folder"), folder,
                 QStringLiteral("--port"), QString::number(slow.sshPort), QStringLiteral("--user"),
                 QStringLiteral("admin"), QStringLiteral("--identity"), key, QStringLiteral("--known-hosts"),
                 m_dir.filePath(QStringLiteral("known_hosts_slow")), QStringLiteral("--accept-new-host-keys"),
                 QStringLiteral("--all"), QStringLiteral("--concurrency"), QStringLiteral("4")});
        QVERIFY(p.waitForStarted(10000));
        QTest::qWait(2500); // some devices finish (about 1.5 s each), most have not started
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(30000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        const QString err = QString::fromUtf8(p.readAllStandardError());
        const QString all = QStringLiteral("exit %1\n%2\n%3").arg(p.exitCode()).arg(out, err);
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 3);
        QVERIFY2(
            err.contains(QRegularExpression(QStringLiteral("interrupted: \\d+ device\\(s\\) did not run: "))),
            qPrintable(all));
        int notStarted = 0;
        int fresh = 0;
        Output o;
        o.out = out;
        for (const QString &row : tableLines(o)) {
            notStarted += row.contains(u" not started ") ? 1 : 0;
            fresh += row.contains(QRegularExpression(QStringLiteral("^\\S+\\s+new\\s"))) ? 1 : 0;
        }
        QVERIFY2(notStarted > 0 && notStarted + fresh == 40, qPrintable(all));
        QCOMPARE(QDir(folder).entryList({QStringLiteral("*.cfg")}, QDir::Files).size(), fresh);
        if (fresh > 0)
            QVERIFY2(err.contains(u"committed "), qPrintable(all));
    }
#endif
};

QTEST_GUILESS_MAIN(TestBackupCli)
#include "tst_backupcli.moc"
