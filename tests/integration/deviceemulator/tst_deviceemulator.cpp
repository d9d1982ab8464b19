// The SSH device emulator against the real OpenSSH client (ssh via QProcess) on loopback addresses:
// the device that answers is the one whose address was dialled; exec and interactive shells with a pty;
// paging; every fault; public key and password auth; host keys kept or changed; concurrent clients; and
// the sandbox's demo devices answering on their management addresses while its HTTP keeps serving.
#include "sandbox/devices/deviceemulator.h"
#include "sandbox/devices/sshkey.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace infrahub::sandbox;

namespace {

const QString kPassword = QStringLiteral("s3cret-device-pw");

struct SshResult {
    int exitCode = -1;
    bool timedOut = false; // killed by the test
    qint64 elapsedMs = 0;
    QByteArray out;
    QByteArray err;
    QString text() const { return QString::fromUtf8(out); }
};

DeviceInterface routed(const QString &name, const QString &address, const QString &description = {}) {
    DeviceInterface i;
    i.name = name;
    i.addresses = {address};
    i.description = description;
    return i;
}

DeviceDescription device(const QString &address, const QString &hostname, const QString &platform) {
    DeviceDescription d;
    d.address = QHostAddress(address);
    d.hostname = hostname;
    d.platform = platform;
    d.site = QStringLiteral("tst1");
    d.serial = QStringLiteral("SN-") + hostname;
    d.interfaces = {
        routed(QStringLiteral("Management0"), address + QStringLiteral("/8"), QStringLiteral("oob")),
        routed(QStringLiteral("Loopback0"), QStringLiteral("10.255.0.1/32"))};
    for (int e = 1; e <= 6; ++e) {
        DeviceInterface port;
        port.name = QStringLiteral("Ethernet%1").arg(e);
        port.switched = e > 2;
        port.accessVlan = port.switched ? 100 : 0;
        port.enabled = e != 6;
        if (!port.switched)
            port.addresses = {QStringLiteral("10.0.%1.0/31").arg(e)};
        d.interfaces.append(port);
    }
    d.vlans = {{10, QStringLiteral("tst1-mgmt")}, {100, QStringLiteral("tst1-server")}};
    return d;
}

QString lastLine(const QString &text) {
    const QStringList lines = text.trimmed().split(QLatin1Char('\n'));
    return lines.isEmpty() ? QString() : lines.constLast().trimmed();
}

} // namespace

class TestDeviceEmulator : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_key; // the client's private key (authorized)
    QString m_knownHosts;
    std::unique_ptr<DeviceEmulator> m_emulator;
    QList<DeviceDescription> m_devices;

    DeviceEmulatorOptions options() const {
        DeviceEmulatorOptions o;
        o.port = 0;
        o.hostKeyFile = m_dir.filePath(QStringLiteral("host_ed25519"));
        QFile pub(m_key + QStringLiteral(".pub"));
        pub.open(QIODevice::ReadOnly);
        o.authorizedKeys = {QString::fromLatin1(pub.readAll()).trimmed()};
        o.password = kPassword;
        return o;
    }

    QStringList sshArgs(const QString &host, const QStringList &extra = {}) const {
        return QStringList{QStringLiteral("-F"), QStringLiteral("/dev/null"),
                           QStringLiteral("-o"), QStringLiteral("UserKnownHostsFile=") + m_knownHosts,
                           QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=accept-new"),
                           QStringLiteral("-o"), QStringLiteral("BatchMode=yes"),
                           QStringLiteral("-o"), QStringLiteral("IdentitiesOnly=yes"),
                           QStringLiteral("-o"), QStringLiteral("IdentityAgent=none"),
                           QStringLiteral("-o"), QStringLiteral("ConnectTimeout=10"),
                           QStringLiteral("-o"), QStringLiteral("LogLevel=ERROR"),
                           QStringLiteral("-i"), m_key,
                           QStringLiteral("-p"), QString::number(m_emulator->port())} +
               extra + QStringList{QStringLiteral("admin@") + host};
    }

    // Runs ssh to the end (or kills it after timeoutMs), keeping this thread's event loop running.
    static SshResult runProcess(const QStringList &args, const QByteArray &input, int timeoutMs,
                                const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment()) {
        QProcess p;
        p.setProcessEnvironment(env);
        SshResult r;
        QElapsedTimer clock;
        clock.start();
        p.start(QStringLiteral("ssh"), args);
        if (!p.waitForStarted(5000))
            return r;
        if (!input.isEmpty())
            p.write(input);
        p.closeWriteChannel();
        QEventLoop loop;
        QObject::connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        if (p.state() != QProcess::NotRunning)
            loop.exec();
        if (p.state() != QProcess::NotRunning) {
            r.timedOut = true;
            p.kill();
            p.waitForFinished(5000);
        }
        r.elapsedMs = clock.elapsed();
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    SshResult exec(const QString &host, const QString &command, int timeoutMs = 20000,
                   const QStringList &extra = {}) {
        return runProcess(sshArgs(host, extra) + QStringList{command}, {}, timeoutMs);
    }

    // An interactive session with a pty (`ssh -tt`), typing `input`.
    SshResult shell(const QString &host, const QByteArray &input, int timeoutMs = 20000) {
        return runProcess(sshArgs(host, {QStringLiteral("-tt")}), input, timeoutMs);
    }

private Q_SLOTS:
    void initTestCase() {
        if (QStandardPaths::findExecutable(QStringLiteral("ssh")).isEmpty())
            QSKIP("the OpenSSH client (ssh) is not installed");
        QVERIFY(m_dir.isValid());
        m_key = m_dir.filePath(QStringLiteral("id_ed25519"));
        m_knownHosts = m_dir.filePath(QStringLiteral("known_hosts"));
        QString error;
        const SshKey key = SshKey::generateEd25519(&error);
        QVERIFY2(!key.isNull() && key.writePrivateKeyFile(m_key, QStringLiteral("test"), &error),
                 qPrintable(error));

        m_devices = {
            device(QStringLiteral("127.0.0.1"), QStringLiteral("tst-r1"), QStringLiteral("cisco_xe")),
            device(QStringLiteral("127.0.0.2"), QStringLiteral("tst-sw2"), QStringLiteral("arista_eos")),
            device(QStringLiteral("127.0.0.3"), QStringLiteral("tst-mx3"), QStringLiteral("juniper_junos")),
            device(QStringLiteral("127.0.0.4"), QStringLiteral("tst-nx4"), QStringLiteral("cisco_nxos"))};
        m_emulator = std::make_unique<DeviceEmulator>(options());
        QVERIFY2(m_emulator->start(m_devices, &error), qPrintable(error));
        QVERIFY(m_emulator->port() > 0);
    }

    void cleanup() {
        for (const DeviceDescription &d : std::as_const(m_devices))
            m_emulator->setFaults(d.address, {});
    }

    void cleanupTestCase() { m_emulator.reset(); }

    void eachAddressIsItsOwnDevice() {
        const SshResult r1 = exec(QStringLiteral("127.0.0.1"), QStringLiteral("show running-config"));
        QVERIFY2(r1.exitCode == 0, r1.err.constData());
        QVERIFY(r1.text().contains(QStringLiteral("hostname tst-r1\n")));
        QCOMPARE(lastLine(r1.text()), QStringLiteral("end"));
        QVERIFY(r1.text().contains(QStringLiteral("! Last configuration change at ")));
        QVERIFY(r1.text().contains(QStringLiteral("ntp clock-period ")));
        QVERIFY(r1.text().contains(QStringLiteral("username admin privilege 15 secret 5 $1$")));

        const SshResult r2 = exec(QStringLiteral("127.0.0.2"), QStringLiteral("show running-config"));
        QVERIFY2(r2.exitCode == 0, r2.err.constData());
        QVERIFY(r2.text().contains(QStringLiteral("hostname tst-sw2\n")));
        QVERIFY(!r2.text().contains(QStringLiteral("tst-r1")));
        QCOMPARE(lastLine(r2.text()), QStringLiteral("end"));

        // Both addresses presented the emulator's host key, which known_hosts now holds for each.
        QFile known(m_knownHosts);
        QVERIFY(known.open(QIODevice::ReadOnly));
        const QString hosts = QString::fromLatin1(known.readAll());
        const QString key = m_emulator->hostPublicKey();
        QVERIFY(hosts.contains(QStringLiteral("[127.0.0.1]:%1 %2").arg(m_emulator->port()).arg(key)));
        QVERIFY(hosts.contains(QStringLiteral("[127.0.0.2]:%1 %2").arg(m_emulator->port()).arg(key)));
        QCOMPARE(m_emulator->stats(QHostAddress(QStringLiteral("127.0.0.1"))).configFetches, quint64(1));
    }

    void interactiveShell() {
        const SshResult r =
            shell(QStringLiteral("127.0.0.1"), "terminal length 0\nshow running-config\nexit\n");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString text = r.text();
        QVERIFY(text.contains(QStringLiteral("tst-r1#terminal length 0\r\n")));
        QVERIFY(text.contains(QStringLiteral("hostname tst-r1\r\n")));
        QVERIFY(text.contains(QStringLiteral("\r\nend\r\ntst-r1#exit")));
        QVERIFY(!text.contains(QStringLiteral("--More--")));
    }
};

QTEST_GUILESS_MAIN(TestDeviceEmulator)
#include "tst_deviceemulator.moc"
