// The SSH device emulator against the real OpenSSH client (ssh via QProcess) on loopback addresses:
// the device that answers is the one whose address was dialled; exec and interactive shells with a pty;
// paging; every fault; public key and password auth; host keys kept or changed; 20 concurrent clients;
// devices added and removed while running; a prompt stop; and the sandbox's demo devices answering on their
// management addresses (from the store, following its changes) while its HTTP keeps serving.
#include "httptestclient.h"
#include "sandbox/devices/deviceemulator.h"
#include "sandbox/devices/devicefaults.h"
#include "sandbox/devices/sshkey.h"
#include "sandbox/sandboxserver.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
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

// Where the client connects and with what.
struct SshTarget {
    quint16 port = 0;
    QString key;        // private key file; empty = no key (password tests)
    QString knownHosts; // UserKnownHostsFile
    QString hostChecking = QStringLiteral("accept-new");
    QString user = QStringLiteral("admin");
};

QStringList sshArgs(const SshTarget &t, const QString &host, const QStringList &extra = {}) {
    QStringList args{QStringLiteral("-F"), QStringLiteral("/dev/null"),
                     QStringLiteral("-o"), QStringLiteral("UserKnownHostsFile=") + t.knownHosts,
                     QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=") + t.hostChecking,
                     QStringLiteral("-o"), QStringLiteral("IdentitiesOnly=yes"),
                     QStringLiteral("-o"), QStringLiteral("IdentityAgent=none"),
                     QStringLiteral("-o"), QStringLiteral("ConnectTimeout=10"),
                     QStringLiteral("-o"), QStringLiteral("LogLevel=ERROR"),
                     QStringLiteral("-p"), QString::number(t.port)};
    if (!t.key.isEmpty())
        args << QStringLiteral("-o") << QStringLiteral("BatchMode=yes") << QStringLiteral("-i") << t.key;
    return args + extra + QStringList{t.user + QLatin1Char('@') + host};
}

// Runs ssh to the end (or kills it after timeoutMs), keeping this thread's event loop running (the
// sandbox's HTTP server lives on it).
SshResult runSsh(const QStringList &args, const QByteArray &input, int timeoutMs,
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

SshResult exec(const SshTarget &t, const QString &host, const QString &command, int timeoutMs = 20000) {
    return runSsh(sshArgs(t, host) + QStringList{command}, {}, timeoutMs);
}

// An interactive session with a pty (`ssh -tt`), typing `input` (then EOF).
SshResult shell(const SshTarget &t, const QString &host, const QByteArray &input, int timeoutMs = 20000) {
    return runSsh(sshArgs(t, host, {QStringLiteral("-tt")}), input, timeoutMs);
}

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

QString lineStartingWith(const QString &text, const QString &start) {
    for (const QString &line : text.split(QLatin1Char('\n')))
        if (line.startsWith(start))
            return line;
    return {};
}

bool looksBinary(const QByteArray &bytes) {
    int controls = 0;
    for (char c : bytes)
        if (quint8(c) < 0x20 && c != '\n' && c != '\r' && c != '\t')
            ++controls;
    return controls > 10;
}

DeviceFaults faultsOf(const QString &text) {
    QString error;
    const auto faults = DeviceFaults::parse(text, &error);
    if (!faults)
        qFatal("bad faults in test: %s", qPrintable(error));
    return *faults;
}

// What OpenSSH insists on for a private key file: nobody but the owner may read it.
bool onlyOwnerMayRead(const QString &path) {
    const QFileDevice::Permissions p = QFile::permissions(path);
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                            QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                            QFileDevice::WriteOther | QFileDevice::ExeOther;
    return (p & QFileDevice::ReadOwner) && !(p & others);
}

QString publicKeyOf(const QString &privateKeyFile) {
    QFile pub(privateKeyFile + QStringLiteral(".pub"));
    pub.open(QIODevice::ReadOnly);
    return QString::fromLatin1(pub.readAll()).trimmed();
}

} // namespace

class TestDeviceEmulator : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_key; // the client's private key (authorized)
    std::unique_ptr<DeviceEmulator> m_emulator;
    QList<DeviceDescription> m_devices;
    SshTarget m_target;

    DeviceEmulatorOptions options() const {
        DeviceEmulatorOptions o;
        o.port = 0;
        o.hostKeyFile = m_dir.filePath(QStringLiteral("host_ed25519"));
        o.authorizedKeysFile = m_dir.filePath(QStringLiteral("authorized_keys"));
        o.password = kPassword;
        return o;
    }

    void setFaults(const QString &address, const QString &faults) {
        QVERIFY(m_emulator->setFaults(QHostAddress(address), faultsOf(faults)));
    }

private Q_SLOTS:
    void initTestCase() {
        if (QStandardPaths::findExecutable(QStringLiteral("ssh")).isEmpty())
            QSKIP("the OpenSSH client (ssh) is not installed");
        QVERIFY(m_dir.isValid());
        m_key = m_dir.filePath(QStringLiteral("id_ed25519"));
        QString error;
        const SshKey key = SshKey::generateEd25519(&error);
        QVERIFY2(!key.isNull() && key.writePrivateKeyFile(m_key, QStringLiteral("test"), &error),
                 qPrintable(error));
        QVERIFY(onlyOwnerMayRead(m_key));
        QFile authorized(m_dir.filePath(QStringLiteral("authorized_keys")));
        QVERIFY(authorized.open(QIODevice::WriteOnly));
        // An authorized_keys file as sshd reads it: comments, blank lines, key options (skipped here).
        authorized.write("# the test's key\nno-port-forwarding " + publicKeyOf(m_key).toLatin1() + "\n\n");
        authorized.close();

        m_devices = {
            device(QStringLiteral("127.0.0.1"), QStringLiteral("tst-r1"), QStringLiteral("cisco_xe")),
            device(QStringLiteral("127.0.0.2"), QStringLiteral("tst-sw2"), QStringLiteral("arista_eos")),
            device(QStringLiteral("127.0.0.3"), QStringLiteral("tst-mx3"), QStringLiteral("juniper_junos")),
            device(QStringLiteral("127.0.0.4"), QStringLiteral("tst-nx4"), QStringLiteral("cisco_nxos"))};
        m_emulator = std::make_unique<DeviceEmulator>(options());
        QVERIFY2(m_emulator->start(m_devices, &error), qPrintable(error));
        QVERIFY(m_emulator->port() > 0);
        m_target.port = m_emulator->port();
        m_target.key = m_key;
        m_target.knownHosts = m_dir.filePath(QStringLiteral("known_hosts"));
    }

    void cleanup() {
        for (const DeviceDescription &d : std::as_const(m_devices))
            m_emulator->setFaults(d.address, {});
    }

    void cleanupTestCase() { m_emulator.reset(); }

    void faultsParse() {
        QString error;
        const auto faults = DeviceFaults::parse(QStringLiteral("truncate, slow:200,change-config"), &error);
        QVERIFY2(faults, qPrintable(error));
        QCOMPARE(faults->output, DeviceFaults::Output::Truncate);
        QCOMPARE(faults->lineDelayMs, 200);
        QVERIFY(faults->changeConfig && !faults->rejectAuth);
        QCOMPARE(faults->toString(), QStringLiteral("truncate,slow:200,change-config"));
        QVERIFY(!DeviceFaults::parse(QStringLiteral("hang,garbage"), &error));
        QVERIFY(!DeviceFaults::parse(QStringLiteral("explode"), &error));
        QVERIFY(error.contains(u"explode"));
        const auto rule = DeviceFaultRule::parse(QStringLiteral("atl1-*=hang"), &error);
        QVERIFY(rule && rule->matches(QStringLiteral("ATL1-edge1"), {}) &&
                !rule->matches(QStringLiteral("ord1-edge1"), {}));
        QVERIFY(DeviceFaultRule::parse(QStringLiteral("127.1.1.11=reject-auth"), &error)
                    ->matches(QStringLiteral("x"), QHostAddress(QStringLiteral("127.1.1.11"))));
    }

    void keyFilesAsSshKeygenWritesThem() {
        // The client key written in initTestCase: OpenSSH derives the same public key (with the comment
        // stored inside), the base64 is wrapped like ssh-keygen's, and libssh reads it back.
        QProcess keygen;
        keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-y"), QStringLiteral("-f"), m_key});
        QVERIFY(keygen.waitForFinished(10000));
        QCOMPARE(keygen.exitCode(), 0);
        QCOMPARE(QString::fromLatin1(keygen.readAllStandardOutput()).trimmed(), publicKeyOf(m_key));
        QFile file(m_key);
        QVERIFY(file.open(QIODevice::ReadOnly));
        for (const QByteArray &line : file.readAll().split('\n'))
            QVERIFY(line.size() <= 70 || line.startsWith("-----"));
        QString error;
        const SshKey back = SshKey::fromPrivateKeyFile(m_key, &error);
        QVERIFY2(!back.isNull(), qPrintable(error));
        QCOMPARE(back.publicKeyLine(QStringLiteral("test")), publicKeyOf(m_key));
    }

    void onlyLoopbackAddresses() {
        DeviceEmulator emulator(options());
        QString error;
        QVERIFY(!emulator.start(
            {device(QStringLiteral("192.0.2.1"), QStringLiteral("x"), QStringLiteral("cisco_ios"))}, &error));
        QVERIFY2(error.contains(u"loopback"), qPrintable(error));
        QVERIFY(!emulator.isRunning());
    }

    void eachAddressIsItsOwnDevice() {
        const SshResult r1 =
            exec(m_target, QStringLiteral("127.0.0.1"), QStringLiteral("show running-config"));
        QVERIFY2(r1.exitCode == 0, r1.err.constData());
        QVERIFY(r1.text().contains(QStringLiteral("hostname tst-r1\n")));
        QCOMPARE(lastLine(r1.text()), QStringLiteral("end"));
        QVERIFY(r1.text().contains(QStringLiteral("! Last configuration change at ")));
        QVERIFY(r1.text().contains(QStringLiteral("ntp clock-period ")));
        QVERIFY(r1.text().contains(QStringLiteral("username admin privilege 15 secret 5 $1$")));
        QVERIFY(r1.text().contains(QStringLiteral("interface Ethernet3\n switchport access vlan 100\n")));

        const SshResult r2 =
            exec(m_target, QStringLiteral("127.0.0.2"), QStringLiteral("show running-config"));
        QVERIFY2(r2.exitCode == 0, r2.err.constData());
        QVERIFY(r2.text().contains(QStringLiteral("hostname tst-sw2\n")));
        QVERIFY(!r2.text().contains(QStringLiteral("tst-r1")));
        QCOMPARE(lastLine(r2.text()), QStringLiteral("end"));

        // Both addresses presented the emulator's host key, which known_hosts now holds for each.
        QFile known(m_target.knownHosts);
        QVERIFY(known.open(QIODevice::ReadOnly));
        const QString hosts = QString::fromLatin1(known.readAll());
        const QString key = m_emulator->hostPublicKey();
        QVERIFY(hosts.contains(QStringLiteral("[127.0.0.1]:%1 %2").arg(m_target.port).arg(key)));
        QVERIFY(hosts.contains(QStringLiteral("[127.0.0.2]:%1 %2").arg(m_target.port).arg(key)));
        const DeviceStats stats = m_emulator->stats(QHostAddress(QStringLiteral("127.0.0.1")));
        QCOMPARE(stats.configFetches, quint64(1));
        QCOMPARE(stats.recentCommands, QStringList{QStringLiteral("show running-config")});
    }

    void platforms_data() {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<QString>("last");
        QTest::newRow("IOS-XE show version")
            << "127.0.0.1"
            << "show version"
            << QStringList{"Cisco IOS XE Software, Version 17.09.04a", "tst-r1 uptime is ", "SN-tst-r1"}
            << "";
        QTest::newRow("EOS abbreviated") << "127.0.0.2"
                                         << "sh run" << QStringList{"hostname tst-sw2"} << "end";
        QTest::newRow("EOS show version")
            << "127.0.0.2"
            << "show version" << QStringList{"Serial number: SN-tst-sw2", "Uptime: "} << "";
        QTest::newRow("Junos display set")
            << "127.0.0.3"
            << "show configuration | display set"
            << QStringList{"set system host-name tst-mx3",
                           "set interfaces Ethernet3 unit 0 family ethernet-switching vlan members "
                           "tst1-server",
                           "set system login user admin authentication encrypted-password \"$6$"}
            << "set vlans tst1-server vlan-id 100";
        QTest::newRow("Junos braces")
            << "127.0.0.3"
            << "show configuration"
            << QStringList{"## Last commit: ", "    host-name tst-mx3;", "## SECRET-DATA"} << "}";
        QTest::newRow("Junos show version")
            << "127.0.0.3"
            << "show version" << QStringList{"Hostname: tst-mx3", "Junos: 23.2R1.13"} << "";
        QTest::newRow("NX-OS") << "127.0.0.4"
                               << "show running-config"
                               << QStringList{"!Time: ", "hostname tst-nx4", "localizedkey"}
                               << "boot nxos bootflash:/nxos64-cs.10.3.4a.M.bin";
        QTest::newRow("NX-OS show version")
            << "127.0.0.4"
            << "show version" << QStringList{"Device name: tst-nx4", "Kernel uptime is "} << "";
        QTest::newRow("include filter") << "127.0.0.1"
                                        << "show running-config | include hostname"
                                        << QStringList{"hostname tst-r1"} << "hostname tst-r1";
    }

    void platforms() {
        QFETCH(QString, address);
        QFETCH(QString, command);
        QFETCH(QStringList, expected);
        QFETCH(QString, last);
        const SshResult r = exec(m_target, address, command);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        for (const QString &e : expected)
            QVERIFY2(r.text().contains(e), qPrintable(e + QStringLiteral(" not in:\n") + r.text()));
        if (!last.isEmpty())
            QCOMPARE(lastLine(r.text()), last);
    }

    void unknownCommands() {
        const SshResult ios = exec(m_target, QStringLiteral("127.0.0.1"), QStringLiteral("show bogus"));
        QCOMPARE(ios.exitCode, 1);
        QVERIFY(ios.text().contains(QStringLiteral("% Invalid input detected at '^' marker.")));
        const SshResult junos =
            exec(m_target, QStringLiteral("127.0.0.3"), QStringLiteral("show running-config"));
        QCOMPARE(junos.exitCode, 1);
        QVERIFY(junos.text().contains(QStringLiteral("unknown command.")));
    }

    void onlyVolatileLinesChangeBetweenFetches() {
        const SshResult a =
            exec(m_target, QStringLiteral("127.0.0.1"), QStringLiteral("show running-config"));
        QTest::qWait(1100);
        const SshResult b =
            exec(m_target, QStringLiteral("127.0.0.1"), QStringLiteral("show running-config"));
        const QStringList linesA = a.text().split(QLatin1Char('\n'));
        const QStringList linesB = b.text().split(QLatin1Char('\n'));
        QCOMPARE(linesA.size(), linesB.size());
        int differing = 0;
        for (qsizetype i = 0; i < linesA.size(); ++i) {
            if (linesA.at(i) == linesB.at(i))
                continue;
            ++differing;
            // ("Current configuration : N bytes" too, the day a date gets a digit longer.)
            QVERIFY2(linesA.at(i).startsWith(u"! Last configuration change at ") ||
                         linesA.at(i).startsWith(u"ntp clock-period ") ||
                         linesA.at(i).startsWith(u"Current configuration : "),
                     qPrintable(linesA.at(i)));
        }
        QVERIFY(differing >= 1); // the timestamp moved by a second at least
    }

    void interactiveShell() {
        const SshResult r =
            shell(m_target, QStringLiteral("127.0.0.1"), "terminal length 0\nshow running-config\nexit\n");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString text = r.text();
        QVERIFY(text.contains(QStringLiteral("tst-r1#terminal length 0\r\n")));
        QVERIFY(text.contains(QStringLiteral("hostname tst-r1\r\n")));
        QVERIFY(text.contains(QStringLiteral("\r\nend\r\ntst-r1#exit")));
        QVERIFY(!text.contains(QStringLiteral("--More--")));
    }

    void junosShell() {
        const QHostAddress mx3(QStringLiteral("127.0.0.3"));
        const quint64 fetchesBefore = m_emulator->stats(mx3).configFetches;
        const SshResult r = shell(m_target, QStringLiteral("127.0.0.3"),
                                  "set cli screen-length 0\nshow configuration | display set\nquit\n");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString text = r.text();
        QVERIFY(text.contains(
            QStringLiteral("admin@tst-mx3> set cli screen-length 0\r\nScreen length set to 0\r\n")));
        QVERIFY(text.contains(QStringLiteral("\r\nset system host-name tst-mx3\r\n")));
        QVERIFY(!text.contains(QStringLiteral("---(more)---")));
        QCOMPARE(m_emulator->stats(mx3).configFetches, fetchesBefore + 1);
    }

    void pagingStopsWithoutTerminalLength() {
        // The client never answers the pager (its input ends): the listing stops at the first screen.
        const SshResult r = shell(m_target, QStringLiteral("127.0.0.1"), "show running-config\n");
        QVERIFY2(!r.timedOut, r.out.constData());
        QVERIFY(r.text().contains(QStringLiteral(" --More-- ")));
        QVERIFY(!r.text().contains(QStringLiteral("\r\nend\r\n")));
        // A pty's terminal of 24 lines: 23 lines, then the pager.
        const QString beforePager = r.text().section(QStringLiteral(" --More-- "), 0, 0);
        QCOMPARE(
            beforePager.section(QStringLiteral("show running-config\r\n"), 1).count(QStringLiteral("\r\n")),
            23);

        const SshResult junos = shell(m_target, QStringLiteral("127.0.0.3"), "show configuration\n");
        QVERIFY(junos.text().contains(QStringLiteral("---(more)---")));
    }

    void pagingContinuesOnSpace() {
        const SshResult r = shell(m_target, QStringLiteral("127.0.0.1"),
                                  "show running-config\n" + QByteArray(8, ' ') + "\nexit\n");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.text().contains(QStringLiteral(" --More-- ")));
        QVERIFY(r.text().contains(QStringLiteral("\r\nend\r\n")));
        // `| no-more` (EOS, NX-OS, Junos) lists everything without disabling paging for the session.
        const SshResult eos =
            shell(m_target, QStringLiteral("127.0.0.2"), "show running-config | no-more\nexit\n");
        QVERIFY(!eos.text().contains(QStringLiteral("--More--")));
        QVERIFY(eos.text().contains(QStringLiteral("\r\nend\r\n")));
    }

    void faultHang() {
        setFaults(QStringLiteral("127.0.0.1"), QStringLiteral("hang"));
        const SshResult r =
            exec(m_target, QStringLiteral("127.0.0.1"), QStringLiteral("show running-config"), 2500);
        QVERIFY(r.timedOut);
        QVERIFY(r.out.isEmpty());
        QCOMPARE(m_emulator->stats(QHostAddress(QStringLiteral("127.0.0.1"))).recentCommands.constLast(),
                 QStringLiteral("show running-config"));
        // In a shell the command is echoed, then nothing: no output, no prompt.
        const SshResult s =
            shell(m_target, QStringLiteral("127.0.0.1"), "terminal length 0\nshow version\n", 2500);
        QVERIFY(s.timedOut);
        QVERIFY(s.text().endsWith(QStringLiteral("tst-r1#show version\r\n")));
    }

    void faultDisconnect() {
        setFaults(QStringLiteral("127.0.0.1"), QStringLiteral("disconnect"));
        const SshResult r =
            exec(m_target, QStringLiteral("127.0.0.1"), QStringLiteral("show running-config"));
        QVERIFY(!r.timedOut);
        QCOMPARE(r.exitCode, 255); // the connection broke: no exit status
        QVERIFY(r.text().startsWith(QStringLiteral("Building configuration...")));
        QVERIFY(!r.text().contains(QStringLiteral("\nend")));
    }

    void faultGarbage() {
        setFaults(QStringLiteral("127.0.0.2"), QStringLiteral("garbage"));
        const SshResult r =
            exec(m_target, QStringLiteral("127.0.0.2"), QStringLiteral("show running-config"));
        QCOMPARE(r.exitCode, 0);
        QVERIFY(looksBinary(r.out));
        QVERIFY(!r.text().contains(QStringLiteral("hostname")));
        // In a shell no prompt ever comes back.
        const SshResult s = shell(m_target, QStringLiteral("127.0.0.2"),
                                  "terminal length 0\nshow running-config\nexit\n", 2500);
        QVERIFY(s.timedOut);
        QVERIFY(looksBinary(s.out));
        QCOMPARE(s.text().count(QStringLiteral("tst-sw2#")), 2); // before each of the two commands only
    }

    void faultTruncate() {
        setFaults(QStringLiteral("127.0.0.1"), QStringLiteral("truncate"));
        const SshResult r =
            exec(m_target, QStringLiteral("127.0.0.1"), QStringLiteral("show running-config"));
        QCOMPARE(r.exitCode, 0); // a normal end: exit status 0, EOF, close
        QVERIFY(r.text().startsWith(QStringLiteral("Building configuration...")));
        QVERIFY(!r.text().contains(QStringLiteral("\nend")));
        QVERIFY(r.text().count(QLatin1Char('\n')) > 10);
        // The same in a shell: half the answer, then the session ends without a prompt.
        const SshResult s =
            shell(m_target, QStringLiteral("127.0.0.1"), "terminal length 0\nshow version\nexit\n");
        QCOMPARE(s.exitCode, 0);
        QVERIFY(s.text().contains(QStringLiteral("Cisco IOS XE Software")));
        QVERIFY(!s.text().contains(QStringLiteral("Configuration register")));
        QVERIFY(!s.text().contains(QStringLiteral("tst-r1#exit")));
    }

    void faultSlow() {
        setFaults(QStringLiteral("127.0.0.1"), QStringLiteral("slow:40"));
        const SshResult r = exec(m_target, QStringLiteral("127.0.0.1"), QStringLiteral("show version"));
        QCOMPARE(r.exitCode, 0);
        const int lines = int(r.text().count(QLatin1Char('\n')));
        QVERIFY(lines > 15);
        QVERIFY2(r.elapsedMs >= lines * 40, qPrintable(QString::number(r.elapsedMs)));
        QVERIFY(r.text().contains(QStringLiteral("Configuration register is 0x102")));
    }

    void faultRejectAuth() {
        setFaults(QStringLiteral("127.0.0.4"), QStringLiteral("reject-auth"));
        const quint64 before = m_emulator->stats(QHostAddress(QStringLiteral("127.0.0.4"))).authFailures;
        const SshResult r =
            exec(m_target, QStringLiteral("127.0.0.4"), QStringLiteral("show running-config"));
        QCOMPARE(r.exitCode, 255);
        QVERIFY2(r.err.contains("Permission denied"), r.err.constData());
        QVERIFY(m_emulator->stats(QHostAddress(QStringLiteral("127.0.0.4"))).authFailures > before);
    }

    void faultChangeConfig() {
        setFaults(QStringLiteral("127.0.0.2"), QStringLiteral("change-config"));
        const QString first = lineStartingWith(
            exec(m_target, QStringLiteral("127.0.0.2"), QStringLiteral("show running-config")).text(),
            QStringLiteral("snmp-server contact "));
        const QString second = lineStartingWith(
            exec(m_target, QStringLiteral("127.0.0.2"), QStringLiteral("show running-config")).text(),
            QStringLiteral("snmp-server contact "));
        QVERIFY(first.contains(u"change-") && second.contains(u"change-"));
        QVERIFY(first != second);
    }

    void wrongKeyIsRefused() {
        const QString other = m_dir.filePath(QStringLiteral("other_ed25519"));
        QString error;
        QVERIFY(SshKey::loadOrCreatePrivateKeyFile(other, QStringLiteral("other"), &error).isNull() == false);
        SshTarget t = m_target;
        t.key = other;
        const SshResult r = exec(t, QStringLiteral("127.0.0.1"), QStringLiteral("show running-config"));
        QCOMPARE(r.exitCode, 255);
        QVERIFY2(r.err.contains("Permission denied (publickey,password)"), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void passwordAuth() {
        // OpenSSH reads passwords from a terminal only; SSH_ASKPASS_REQUIRE=force (OpenSSH >= 8.4) makes it
        // ask a program instead, which needs neither a tty nor sshpass.
        const QString askpass = m_dir.filePath(QStringLiteral("askpass.sh"));
        const QString passwordFile = m_dir.filePath(QStringLiteral("password"));
        QFile script(askpass);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\ncat \"$(dirname \"$0\")/password\"\n");
        script.close();
        QVERIFY(
            script.setPermissions(QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::WriteOwner));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SSH_ASKPASS"), askpass);
        env.insert(QStringLiteral("SSH_ASKPASS_REQUIRE"), QStringLiteral("force"));
        env.insert(QStringLiteral("DISPLAY"), QStringLiteral(":0"));
        SshTarget t = m_target;
        t.key.clear();
        const QStringList passwordOnly{
            QStringLiteral("-o"), QStringLiteral("PubkeyAuthentication=no"),
            QStringLiteral("-o"), QStringLiteral("PreferredAuthentications=password"),
            QStringLiteral("-o"), QStringLiteral("NumberOfPasswordPrompts=1")};
        auto login = [&](const QByteArray &password) {
            QFile file(passwordFile);
            file.open(QIODevice::WriteOnly | QIODevice::Truncate);
            file.write(password + '\n');
            file.close();
            return runSsh(sshArgs(t, QStringLiteral("127.0.0.2"), passwordOnly) +
                              QStringList{QStringLiteral("show running-config")},
                          {}, 20000, env);
        };
        const SshResult good = login(kPassword.toUtf8());
        QVERIFY2(good.exitCode == 0, good.err.constData());
        QVERIFY(good.text().contains(QStringLiteral("hostname tst-sw2")));
        const SshResult bad = login("not-the-password");
        QCOMPARE(bad.exitCode, 255);
        QVERIFY2(bad.err.contains("Permission denied"), bad.err.constData());
    }

    void onlyTheConfiguredUser() {
        DeviceEmulatorOptions o = options();
        o.username = QStringLiteral("netops");
        DeviceEmulator emulator(o);
        QString error;
        QVERIFY2(emulator.start({device(QStringLiteral("127.0.0.10"), QStringLiteral("tst-user"),
                                        QStringLiteral("juniper_junos"))},
                                &error),
                 qPrintable(error));
        SshTarget t = m_target;
        t.port = emulator.port();
        QCOMPARE(exec(t, QStringLiteral("127.0.0.10"), QStringLiteral("show version")).exitCode, 255);
        t.user = QStringLiteral("netops");
        const SshResult r = shell(t, QStringLiteral("127.0.0.10"), "show system uptime\nexit\n");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.text().contains(QStringLiteral("netops@tst-user> show system uptime\r\nCurrent time: ")));
    }

    void hostKeyKeptOrChanged() {
        const QList<DeviceDescription> one{
            device(QStringLiteral("127.0.0.11"), QStringLiteral("tst-hk"), QStringLiteral("cisco_ios"))};
        DeviceEmulatorOptions o = options();
        o.hostKeyFile = m_dir.filePath(QStringLiteral("stable_host_key"));
        SshTarget t = m_target;
        t.knownHosts = m_dir.filePath(QStringLiteral("known_hosts_hk"));
        QString error;
        QString firstKey;
        {
            DeviceEmulator first(o);
            QVERIFY2(first.start(one, &error), qPrintable(error));
            t.port = first.port();
            firstKey = first.hostPublicKey();
            QCOMPARE(exec(t, QStringLiteral("127.0.0.11"), QStringLiteral("show version")).exitCode, 0);
        }
        QVERIFY(QFile::exists(o.hostKeyFile) && QFile::exists(o.hostKeyFile + QStringLiteral(".pub")));
        o.port = t.port; // same port: known_hosts entries are per [address]:port
        t.hostChecking = QStringLiteral("yes");
        {
            DeviceEmulator again(o); // same key file: the client's known_hosts entry still holds
            QVERIFY2(again.start(one, &error), qPrintable(error));
            QCOMPARE(again.hostPublicKey(), firstKey);
            const SshResult r = exec(t, QStringLiteral("127.0.0.11"), QStringLiteral("show version"));
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
        o.hostKeyFile = m_dir.filePath(QStringLiteral("other_host_key"));
        {
            DeviceEmulator changed(o); // another key: a strict client refuses
            QVERIFY2(changed.start(one, &error), qPrintable(error));
            QVERIFY(changed.hostPublicKey() != firstKey);
            const SshResult r = exec(t, QStringLiteral("127.0.0.11"), QStringLiteral("show version"));
            QCOMPARE(r.exitCode, 255);
            QVERIFY2(r.err.contains("REMOTE HOST IDENTIFICATION HAS CHANGED") ||
                         r.err.contains("Host key verification failed"),
                     r.err.constData());
        }
    }

    void twentyConcurrentClients() {
        std::vector<std::unique_ptr<QProcess>> clients;
        QEventLoop loop;
        int running = 20;
        for (int i = 0; i < 20; ++i) {
            auto p = std::make_unique<QProcess>();
            const QString host = i % 2 ? QStringLiteral("127.0.0.2") : QStringLiteral("127.0.0.1");
            connect(p.get(), &QProcess::finished, &loop, [&] {
                if (--running == 0)
                    loop.quit();
            });
            p->start(QStringLiteral("ssh"),
                     sshArgs(m_target, host) + QStringList{QStringLiteral("show running-config")});
            clients.push_back(std::move(p));
        }
        QTimer::singleShot(45000, &loop, &QEventLoop::quit);
        QElapsedTimer clock;
        clock.start();
        loop.exec();
        QCOMPARE(running, 0);
        qInfo("20 concurrent clients took %lld ms", clock.elapsed());
        for (int i = 0; i < 20; ++i) {
            const QString out = QString::fromUtf8(clients[size_t(i)]->readAllStandardOutput());
            QCOMPARE(clients[size_t(i)]->exitCode(), 0);
            QVERIFY(out.contains(i % 2 ? QStringLiteral("hostname tst-sw2\n")
                                       : QStringLiteral("hostname tst-r1\n")));
            QCOMPARE(lastLine(out), QStringLiteral("end"));
        }
    }

    void devicesChangeWhileRunning() {
        QList<DeviceDescription> more = m_devices;
        more.append(
            device(QStringLiteral("127.0.0.5"), QStringLiteral("tst-new5"), QStringLiteral("cisco_nxos")));
        more[0].hostname = QStringLiteral("tst-r1-renamed");
        QString error;
        QVERIFY2(m_emulator->setDevices(more, &error), qPrintable(error));
        QVERIFY(exec(m_target, QStringLiteral("127.0.0.5"), QStringLiteral("show running-config"))
                    .text()
                    .contains(QStringLiteral("hostname tst-new5")));
        QVERIFY(exec(m_target, QStringLiteral("127.0.0.1"), QStringLiteral("show running-config"))
                    .text()
                    .contains(QStringLiteral("hostname tst-r1-renamed")));
        QVERIFY2(m_emulator->setDevices(m_devices, &error), qPrintable(error));
        const SshResult gone =
            exec(m_target, QStringLiteral("127.0.0.5"), QStringLiteral("show running-config"));
        QCOMPARE(gone.exitCode, 255);
        QVERIFY2(gone.err.contains("Connection refused"), gone.err.constData());
        QCOMPARE(m_emulator->addresses().size(), m_devices.size());
    }

    void stopIsPromptWithClientsConnected() {
        DeviceEmulator emulator(options());
        QString error;
        QVERIFY2(emulator.start({device(QStringLiteral("127.0.0.9"), QStringLiteral("tst-stop"),
                                        QStringLiteral("cisco_ios"))},
                                &error),
                 qPrintable(error));
        emulator.setFaults(QHostAddress(QStringLiteral("127.0.0.9")), faultsOf(QStringLiteral("hang")));
        SshTarget t = m_target;
        t.port = emulator.port();
        QProcess hanging;
        QProcess idleShell;
        hanging.start(QStringLiteral("ssh"),
                      sshArgs(t, QStringLiteral("127.0.0.9")) + QStringList{QStringLiteral("show run")});
        idleShell.start(QStringLiteral("ssh"),
                        sshArgs(t, QStringLiteral("127.0.0.9"), {QStringLiteral("-tt")}));
        QTRY_COMPARE_WITH_TIMEOUT(emulator.stats(QHostAddress(QStringLiteral("127.0.0.9"))).logins,
                                  quint64(2), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(emulator.stats(QHostAddress(QStringLiteral("127.0.0.9"))).commands,
                                  quint64(1), 10000);
        QCOMPARE(emulator.activeConnections(), 2);
        QElapsedTimer clock;
        clock.start();
        emulator.stop();
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(!emulator.isRunning());
        QVERIFY(hanging.waitForFinished(5000));
        QVERIFY(idleShell.waitForFinished(5000));
    }

    // The sandbox with device SSH on: the demo's devices answer on their primary addresses, as the
    // platform the data gives them, while the HTTP API keeps serving (even with a device hanging).
    void sandboxDemoDevices() {
        SandboxOptions options;
        options.deviceSsh.enabled = true;
        options.deviceSsh.port = 0;
        options.deviceSsh.clientKeyFile = m_dir.filePath(QStringLiteral("demo/client_key"));
        QString error;
        options.deviceSsh.faultRules = {*DeviceFaultRule::parse(QStringLiteral("jfk1-edge2=hang"), &error)};
        SandboxServer server(options);
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(server.devices());
        QCOMPARE(server.devices()->deviceCount(), 40);
        QCOMPARE(server.devices()->clientKeyFile(), options.deviceSsh.clientKeyFile);
        QVERIFY(onlyOwnerMayRead(options.deviceSsh.clientKeyFile));
        SshTarget t = m_target;
        t.port = server.devices()->port();
        t.key = options.deviceSsh.clientKeyFile;

        struct Expectation {
            const char *address;
            const char *command;
            const char *expected;
        };
        const Expectation checks[] = {
            {"127.1.1.11", "show running-config", "hostname atl1-spine1\n"}, // Arista EOS
            {"127.1.1.17", "show configuration | display set", "set system host-name atl1-edge1\n"}, // Junos
            {"127.1.2.13", "show running-config", "hostname ord1-leaf1\n"},                          // NX-OS
            {"127.1.5.14", "show running-config", "interface Ethernet3\n   switchport access vlan 100\n"},
            {"127.1.4.12", "show version", "Serial number: SN00100025"},
        };
        for (const Expectation &c : checks) {
            const SshResult r = exec(t, QLatin1String(c.address), QLatin1String(c.command));
            QVERIFY2(r.exitCode == 0,
                     qPrintable(QLatin1String(c.address) + QLatin1Char(' ') + QString::fromUtf8(r.err)));
            QVERIFY2(r.text().contains(QLatin1String(c.expected)),
                     qPrintable(QLatin1String(c.address) + QLatin1Char('\n') + r.text()));
        }

        QProcess hanging; // jfk1-edge2 (127.1.3.18) takes the command and never answers
        hanging.start(QStringLiteral("ssh"),
                      sshArgs(t, QStringLiteral("127.1.3.18")) +
                          QStringList{QStringLiteral("show configuration | display set")});
        QTRY_VERIFY_WITH_TIMEOUT(
            server.devices()->emulator().stats(QHostAddress(QStringLiteral("127.1.3.18"))).commands > 0,
            10000);
        QNetworkAccessManager nam;
        QUrl info = server.url();
        info.setPath(QStringLiteral("/api/info"));
        const HttpResult http = httpRequest(nam, "GET", info);
        QCOMPARE(http.status, 200);
        QCOMPARE(hanging.state(), QProcess::Running);
        hanging.kill();
        hanging.waitForFinished(5000);
    }

    // A change on main (here an interface description) reaches the device's config shortly after.
    void sandboxFollowsDataChanges() {
        SandboxOptions options;
        options.deviceSsh.enabled = true;
        options.deviceSsh.port = 0;
        SandboxServer server(options);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        SshTarget t = m_target;
        t.port = server.devices()->port();
        t.key = server.devices()->clientKeyFile();
        QVERIFY(QFile::exists(t.key)); // generated into a temporary directory
        t.knownHosts = m_dir.filePath(QStringLiteral("known_hosts_follow")); // a new host key

        const HttpResponse found = server.executeGraphQL(
            QStringLiteral("main"),
            QJsonObject{
                {QStringLiteral("query"),
                 QStringLiteral("{ InfraInterfaceL3(device__name__value: \"atl1-spine1\", name__value: "
                                "\"Ethernet2\") { edges { node { id } } } }")}},
            true);
        const QString id = QJsonDocument::fromJson(found.body)
                               .object()[u"data"][u"InfraInterfaceL3"][u"edges"][0][u"node"][u"id"]
                               .toString();
        QVERIFY2(!id.isEmpty(), found.body.constData());
        const HttpResponse updated = server.executeGraphQL(
            QStringLiteral("main"),
            QJsonObject{
                {QStringLiteral("query"),
                 QStringLiteral("mutation { InfraInterfaceL3Update(data: {id: \"%1\", description: {value: "
                                "\"to leaf4 via patch 7\"}}) { ok } }")
                     .arg(id)}},
            true);
        QVERIFY2(updated.body.contains("\"ok\":true"), updated.body.constData());
        QTRY_VERIFY_WITH_TIMEOUT(
            exec(t, QStringLiteral("127.1.1.11"), QStringLiteral("show running-config"))
                .text()
                .contains(QStringLiteral("interface Ethernet2\n   description to leaf4 via patch 7\n")),
            5000);
    }

    void sandboxCommandLine() {
        QString error, exitText;
        QVERIFY(!parseSandboxCommandLine({QStringLiteral("--device-ssh-key"), QStringLiteral("k")}, &error,
                                         &exitText));
        QVERIFY2(error.contains(u"needs --device-ssh"), qPrintable(error));
        QVERIFY(!parseSandboxCommandLine({QStringLiteral("--device-ssh"), QStringLiteral("0"),
                                          QStringLiteral("--device-ssh-fault"), QStringLiteral("x=boom")},
                                         &error, &exitText));
        const auto parsed = parseSandboxCommandLine(
            {QStringLiteral("--device-ssh"), QStringLiteral("2222"), QStringLiteral("--device-ssh-fault"),
             QStringLiteral("atl1-*=slow:100,change-config"), QStringLiteral("--device-ssh-demo-faults")},
            &error, &exitText);
        QVERIFY2(parsed, qPrintable(error));
        QVERIFY(parsed->options.deviceSsh.enabled && parsed->options.deviceSsh.demoFaults);
        QCOMPARE(parsed->options.deviceSsh.port, quint16(2222));
        QCOMPARE(parsed->options.deviceSsh.faultRules.size(), 1);
        QCOMPARE(parsed->options.deviceSsh.faultRules[0].faults.lineDelayMs, 100);
        QVERIFY(!parseSandboxCommandLine({}, &error, &exitText)->options.deviceSsh.enabled);

#ifdef INFRAHUB_SANDBOX_EXE
        // The executable: prints the devices' port and client key, and applies fault rules.
        const QString key = m_dir.filePath(QStringLiteral("cli/key"));
        QProcess sandbox;
        sandbox.start(QStringLiteral(INFRAHUB_SANDBOX_EXE),
                      {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                       QStringLiteral("--device-ssh"), QStringLiteral("0"),
                       QStringLiteral("--device-ssh-key"), key, QStringLiteral("--device-ssh-fault"),
                       QStringLiteral("atl1-spine2=reject-auth")});
        QString banner;
        QTRY_VERIFY_WITH_TIMEOUT(
            (banner += QString::fromUtf8(sandbox.readAllStandardOutput())).contains(u"device ssh:"), 20000);
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("device ssh: 40 devices on port (\\d+) .*client key (\\S+)"))
                .match(banner);
        QVERIFY2(m.hasMatch(), qPrintable(banner));
        QCOMPARE(m.captured(2), key);
        SshTarget t = m_target;
        t.port = quint16(m.captured(1).toUInt());
        t.key = key;
        t.knownHosts = m_dir.filePath(QStringLiteral("known_hosts_cli"));
        const SshResult spine1 = exec(t, QStringLiteral("127.1.1.11"), QStringLiteral("show running-config"));
        QVERIFY2(spine1.exitCode == 0 && spine1.text().contains(u"hostname atl1-spine1\n"),
                 spine1.err.constData());
        QCOMPARE(exec(t, QStringLiteral("127.1.1.12"), QStringLiteral("show running-config")).exitCode, 255);
        sandbox.terminate();
        QVERIFY(sandbox.waitForFinished(5000));
        QCOMPARE(sandbox.exitCode(), 0);
#endif
    }
};

QTEST_GUILESS_MAIN(TestDeviceEmulator)
#include "tst_deviceemulator.moc"
