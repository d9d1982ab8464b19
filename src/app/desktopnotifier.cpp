#include "desktopnotifier.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QIcon>
#include <QSystemTrayIcon>

#ifdef INFRAHUB_HAVE_DBUS
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#endif

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
} // namespace

#ifdef INFRAHUB_HAVE_DBUS
DesktopNotifier::DesktopNotifier(QObject *parent)
    : DesktopNotifier(QDBusConnection::sessionBus(), parent) {}

DesktopNotifier::DesktopNotifier(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus) {}
#else
DesktopNotifier::DesktopNotifier(QObject *parent)
    : QObject(parent) {}
#endif

bool DesktopNotifier::notify(const QString &summary, const QString &body) {
#ifdef INFRAHUB_HAVE_DBUS
    // The freedesktop.org Desktop Notifications Specification's Notify(app_name, replaces_id, app_icon,
    // summary, body, actions, hints, expire_timeout). Sent without waiting for the answer.
    if (m_bus.isConnected() && m_bus.interface() && m_bus.interface()->isServiceRegistered(kService)) {
        QDBusMessage call = QDBusMessage::createMethodCall(
            kService, QStringLiteral("/org/freedesktop/Notifications"), kService, QStringLiteral("Notify"));
        call << QCoreApplication::applicationName() << 0u << QStringLiteral("infrahub-console") << summary
             << body << QStringList() << QVariantMap() << -1;
        if (m_bus.send(call)) {
            m_lastMethod = QStringLiteral("dbus");
            return true;
        }
    }
#endif
    if (QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/infrahub-console.svg")), this);
            m_tray->show();
        }
        m_tray->showMessage(summary, body);
        m_lastMethod = QStringLiteral("tray");
        return true;
    }
    m_lastMethod = QStringLiteral("none");
    return false;
}
