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

class DemoSandboxHost : public QObject {
    Q_OBJECT

public:
    explicit DemoSandboxHost(infrahub::sandbox::SandboxOptions options, QObject *parent = nullptr);
    // Stops the server in its thread, then the thread.
    ~DemoSandboxHost() override;

    // Starts the sandbox; ready() or failed() follows, delivered on this object's thread.
    void start();

Q_SIGNALS:
    void ready(const QUrl &url);
    void failed(const QString &message);

private:
    infrahub::sandbox::SandboxOptions m_options;
    QThread m_thread;
    QObject *m_context = nullptr;                         // lives in m_thread
    infrahub::sandbox::SandboxServer *m_server = nullptr; // created, used and deleted in m_thread
};
