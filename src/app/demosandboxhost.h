// The built-in demo sandbox in a thread of its own. The window talks to it over loopback HTTP like to any
// server; if it ran in the GUI thread, every page it serves (and, for a large generated dataset, seconds
// of start-up) would freeze the window the console promises never to freeze.
#pragma once

#include "sandbox/sandboxoptions.h"

#include <QObject>
#include <QThread>
#include <QUrl>

namespace infrahub::sandbox {
class SandboxServer;
}

// How the demo's devices answer SSH (the sandbox's device emulator, docs/sandbox.md "Device SSH"): every
// device on its own loopback address, all on one port. The login is a password made for this run and held
// in memory only (like the demo's API token: nothing secret is written anywhere); the host key is the
// emulator's, pinned by the console instead of being accepted blindly or added to the user's known_hosts.
struct DemoDeviceSsh {
    quint16 port = 0; // 0: the emulator did not start (`error` says why)
    QString user;
    QString password;
    QString hostPublicKey; // "ssh-ed25519 AAAA..."
    int devices = 0;       // devices that answer SSH
    QString error;
};

class DemoSandboxHost : public QObject {
    Q_OBJECT

public:
    explicit DemoSandboxHost(infrahub::sandbox::SandboxOptions options, QObject *parent = nullptr);
    // Stops the server in its thread, then the thread.
    ~DemoSandboxHost() override;

    // Starts the sandbox; ready() or failed() follows, delivered on this object's thread.
    void start();
    // Set before ready(): the demo devices' SSH, when the options enabled it.
    const DemoDeviceSsh &deviceSsh() const { return m_deviceSsh; }

Q_SIGNALS:
    void ready(const QUrl &url);
    void failed(const QString &message);

private:
    infrahub::sandbox::SandboxOptions m_options;
    DemoDeviceSsh m_deviceSsh;
    QThread m_thread;
    QObject *m_context = nullptr;                         // lives in m_thread
    infrahub::sandbox::SandboxServer *m_server = nullptr; // created, used and deleted in m_thread
};
