// Tells the user a long job ended while they were elsewhere: a desktop notification through the
// freedesktop notification service on D-Bus (Linux desktops), else the system tray's message (Windows,
// macOS, trays that support messages). Without either, notify() says so and the caller falls back to
// asking for the window's attention.
#pragma once

#include <QObject>
#include <QString>

#ifdef INFRAHUB_HAVE_DBUS
#include <QDBusConnection>
#endif

class QSystemTrayIcon;

class DesktopNotifier : public QObject {
    Q_OBJECT

public:
    explicit DesktopNotifier(QObject *parent = nullptr);
#ifdef INFRAHUB_HAVE_DBUS
    // Uses `bus` instead of the session bus (tests run their own bus).
    DesktopNotifier(const QDBusConnection &bus, QObject *parent = nullptr);
#endif

    // Shows `summary` / `body`; false when there is no way to (no notification service, no tray).
    bool notify(const QString &summary, const QString &body);
    // How the last notify() went out: "dbus", "tray", or "none".
    QString lastMethod() const {
        return m_lastMethod;
    }

private:
    QString m_lastMethod = QStringLiteral("none");
    QSystemTrayIcon *m_tray = nullptr;
#ifdef INFRAHUB_HAVE_DBUS
    QDBusConnection m_bus;
#endif
};
