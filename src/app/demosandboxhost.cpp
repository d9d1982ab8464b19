#include "demosandboxhost.h"

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
        const bool started = server->start(&error);
        const QUrl url = started ? server->url() : QUrl();
        if (started)
            m_server = server;
        else
            delete server;
        // Back to the host's thread; `self` guards against a host destroyed meanwhile (its destructor
        // waits for this lambda, so `this` is still valid here, but the signal must not outlive it).
        QMetaObject::invokeMethod(
            this,
            [self, started, url, error] {
                if (!self)
                    return;
                if (started)
                    Q_EMIT self->ready(url);
                else
                    Q_EMIT self->failed(error);
            },
            Qt::QueuedConnection);
    });
}
