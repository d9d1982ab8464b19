#include "consolesession.h"

#include <QUuid>

ConsoleSession::ConsoleSession(QObject *parent)
    : QObject(parent) {}

ConsoleSession::~ConsoleSession() = default;

void ConsoleSession::replaceClient(std::unique_ptr<infrahub::InfrahubClient> client) {
    // Views stop what they run on the old client first: its requests are aborted while it still exists.
    if (m_client)
        Q_EMIT clientAboutToChange();
    m_client = std::move(client);
}

void ConsoleSession::setState(State state) {
    m_state = state;
    Q_EMIT stateChanged(state);
}

void ConsoleSession::connectToServer(const infrahub::ClientConfig &config) {
    m_sandbox.reset();
    connectAsync(config);
}

void ConsoleSession::connectToDemo(int devices) {
    // A fresh random token per run: the demo needs write access, and nothing secret is stored anywhere.
    const QByteArray token = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    infrahub::sandbox::SandboxOptions options;
    options.tokens = {token};
    options.users.clear();
    options.devices = std::max(0, devices);
    // The demo devices answer SSH on their loopback addresses, so config backups can be tried too. A free
    // port; a password for this run only, kept in memory (the emulator takes it in-process).
    options.deviceSsh.enabled = true;
    options.deviceSsh.port = 0;
    options.deviceSsh.username = QStringLiteral("admin");
    options.deviceSsh.password = QUuid::createUuid().toString(QUuid::WithoutBraces);
    options.deviceSsh.maxDevices = 256; // a generated dataset's first 256: a listening socket each
    // A few demo devices misbehave as real ones do (a changing config, a hang, garbage, a refused login...),
    // so a demo backup shows how each failure is reported and that the last good copy is kept.
    options.deviceSsh.demoFaults = true;
    ++m_attempt;                        // a connect still running is superseded
    replaceClient(nullptr);
    m_schema.reset();
    m_lastError.clear();
    m_sandbox = std::make_unique<DemoSandboxHost>(options);
    DemoSandboxHost *host = m_sandbox.get();
    connect(host, &DemoSandboxHost::ready, this, [this, token](const QUrl &url) {
        infrahub::ClientConfig config;
        config.address = url;
        config.apiToken = QString::fromLatin1(token);
        connectAsync(config);
    });
    connect(host, &DemoSandboxHost::failed, this, [this](const QString &error) {
        m_lastError = tr("The demo sandbox could not start: %1").arg(error);
        setState(State::Failed);
    });
    setState(State::Connecting);
    host->start();
}

QCoro::Task<> ConsoleSession::connectAsync(infrahub::ClientConfig config) {
    QPointer<ConsoleSession> self(this);
    const quint64 attempt = ++m_attempt;
    replaceClient(std::make_unique<infrahub::InfrahubClient>(config));
    m_schema.reset();
    m_lastError.clear();
    setState(State::Connecting);
    infrahub::InfrahubClient *client = m_client.get();

    const infrahub::Result<infrahub::ServerInfo> info = co_await client->serverInfo();
    // A newer connect() may have replaced the client while we waited, or the window may be gone.
    if (!self || attempt != m_attempt)
        co_return;
    if (!info) {
        m_lastError = info.error().message;
        setState(State::Failed);
        co_return;
    }
    m_info = info.value();
    const infrahub::Result<std::shared_ptr<const infrahub::SchemaSet>> schema = co_await client->schema();
    if (!self || attempt != m_attempt)
        co_return;
    if (!schema) {
        m_lastError = schema.error().message;
        setState(State::Failed);
        co_return;
    }
    m_schema = schema.value();
    setState(State::Connected);
}
