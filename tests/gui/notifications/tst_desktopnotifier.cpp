// The desktop notification a long job ends with: sent to the freedesktop notification service on the
// bus (here a private dbus-daemon started by the test, with a stand-in service that records calls), and
// reported as impossible when no service (and no tray) is there.
#include "desktopnotifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

// Implements Notify() of org.freedesktop.Notifications and remembers what it was asked to show.
class FakeNotifications : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    QStringList shown; // "summary|body"

public Q_SLOTS:
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints,
                int expireTimeout) {
        Q_UNUSED(appName);
        Q_UNUSED(replacesId);
        Q_UNUSED(appIcon);
        Q_UNUSED(actions);
        Q_UNUSED(hints);
        Q_UNUSED(expireTimeout);
        shown.append(summary + u'|' + body);
        return uint(shown.size());
    }
};

class TestDesktopNotifier : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_daemon;
    QString m_address;

private Q_SLOTS:
    void initTestCase() {
        const QString daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
        if (daemon.isEmpty()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("dbus-daemon is missing (setup.sh installs dbus)");
            QSKIP("dbus-daemon is not installed");
        }
        // Our own bus configuration: no dependency on the system's session.conf, nothing outside the test.
        QVERIFY(m_dir.isValid());
        QFile config(m_dir.filePath(QStringLiteral("bus.conf")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral(
                         "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
                         "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                         "<busconfig><type>session</type><listen>unix:tmpdir=%1</listen><auth>EXTERNAL</auth>"
                         "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                         "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n")
                         .arg(m_dir.path())
                         .toUtf8());
        config.close();
        m_daemon.start(daemon, {QStringLiteral("--config-file=") + config.fileName(),
                                QStringLiteral("--nofork"), QStringLiteral("--print-address")});
        QVERIFY(m_daemon.waitForStarted(10'000));
        QVERIFY(m_daemon.waitForReadyRead(10'000));
        m_address = QString::fromUtf8(m_daemon.readLine()).trimmed();
        QVERIFY2(m_address.startsWith(QStringLiteral("unix:")), qPrintable(m_address));
    }

    void cleanupTestCase() {
        m_daemon.terminate();
        m_daemon.waitForFinished(5000);
    }

    void notifiesThroughTheNotificationService() {
        // Private connections must be closed whatever happens, or libdbus aborts the test when they go.
        const auto closeConnections = qScopeGuard([] {
            QDBusConnection::disconnectFromBus(QStringLiteral("app"));
            QDBusConnection::disconnectFromBus(QStringLiteral("service"));
        });
        QDBusConnection service = QDBusConnection::connectToBus(m_address, QStringLiteral("service"));
        QVERIFY2(service.isConnected(), qPrintable(service.lastError().message()));
        FakeNotifications fake;
        QVERIFY(service.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &fake,
                                       QDBusConnection::ExportAllSlots));
        QVERIFY(service.registerService(QStringLiteral("org.freedesktop.Notifications")));

        const QDBusConnection app = QDBusConnection::connectToBus(m_address, QStringLiteral("app"));
        DesktopNotifier notifier(app);
        QVERIFY(notifier.notify(QStringLiteral("Delete 40 objects on main"),
                                QStringLiteral("40 succeeded of 40")));
        QCOMPARE(notifier.lastMethod(), QStringLiteral("dbus"));
        QTRY_COMPARE_WITH_TIMEOUT(
            fake.shown, QStringList{QStringLiteral("Delete 40 objects on main|40 succeeded of 40")}, 5000);

        // No service on the bus (and no tray offscreen): nothing pretends to have notified.
        QVERIFY(service.unregisterService(QStringLiteral("org.freedesktop.Notifications")));
        QTRY_VERIFY_WITH_TIMEOUT(
            !app.interface()->isServiceRegistered(QStringLiteral("org.freedesktop.Notifications")), 5000);
        QVERIFY(!notifier.notify(QStringLiteral("again"), QStringLiteral("body")));
        QCOMPARE(notifier.lastMethod(), QStringLiteral("none"));
        QCOMPARE(fake.shown.size(), 1);
    }
};

QTEST_MAIN(TestDesktopNotifier)
#include "tst_desktopnotifier.moc"
