#include "demosandboxhost.h"

#include "sandbox/sandboxdevices.h"
#include "sandbox/sandboxserver.h"

#include <QPointer>

DemoSandboxHost::DemoSandboxHost(infrahub::sandbox::SandboxOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options)) {
    m_thread.setObjectName(QStringLiteral("demo-sandbox"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
}

DemoSandboxHost::~DemoSandboxHost() {
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(
            m_context,
            [this] {
                delete m_server; // closes its sockets in the thread that owns them
                m_server = nullptr;
                m_context->deleteLater(); // destroyed when the thread finishes
            },
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_context;
    }
}

void DemoSandboxHost::start() {
    m_thread.start();
    QPointer<DemoSandboxHost> self(this);
    QMetaObject::invokeMethod(m_context, [this, self] {
        auto *server = new infrahub::sandbox::SandboxServer(m_options);
        QString error;
        bool started = server->start(&error);
        DemoDeviceSsh ssh;
        if (!started && m_options.deviceSsh.enabled) {
            // The devices' SSH could not start (on macOS only 127.0.0.1 of 127/8 exists unless aliases are
            // added): the demo runs without it, and the backup window says why.
            ssh.error = error;
            delete server;
            infrahub::sandbox::SandboxOptions withoutSsh = m_options;
            withoutSsh.deviceSsh.enabled = false;
            server = new infrahub::sandbox::SandboxServer(withoutSsh);
            error.clear();
            started = server->start(&error);
        }
        const QUrl url = started ? server->url() : QUrl();
        if (started && ssh.error.isEmpty() && m_options.deviceSsh.enabled) {
            if (infrahub::sandbox::SandboxDevices *devices = server->devices(); devices && devices->port()) {
                ssh.port = devices->port();
                ssh.user = m_options.deviceSsh.username;
                ssh.password = m_options.deviceSsh.password;
                ssh.hostPublicKey = devices->emulator().hostPublicKey();
                ssh.devices = devices->deviceCount();
            } else {
                ssh.error = tr("the demo devices' SSH did not start");
            }
        }
        if (started)
            m_server = server;
        else
            delete server;
        // Back to the host's thread; `self` guards against a host destroyed meanwhile (its destructor
        // waits for this lambda, so `this` is still valid here, but the signal must not outlive it).
        QMetaObject::invokeMethod(
            this,
            [self, started, url, error, ssh] {
                if (!self)
                    return;
                self->m_deviceSsh = ssh;
                if (started)
                    Q_EMIT self->ready(url);
                else
                    Q_EMIT self->failed(error);
            },
            Qt::QueuedConnection);
    });
}
