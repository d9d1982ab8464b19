// The app's connection to one Infrahub server: the client, what the server told us about itself
// (version, schema), and, in demo mode, the in-process sandbox server it talks to. Widgets observe it
// through signals; it never blocks the event loop.
#pragma once

#include "core/client/infrahubclient.h"
#include "demosandboxhost.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class ConsoleSession : public QObject {
    Q_OBJECT

public:
    enum class State { Disconnected, Connecting, Connected, Failed };
    Q_ENUM(State)

    explicit ConsoleSession(QObject *parent = nullptr);
    ~ConsoleSession() override;

    // Connects to `config.address`. Runs asynchronously; watch stateChanged().
    void connectToServer(const infrahub::ClientConfig &config);
    // Starts the built-in sandbox (in a thread of its own) on a free loopback port and connects to it:
    // its demo data, or a generated dataset of `devices` devices when that is above 0.
    void connectToDemo(int devices = 0);

    State state() const { return m_state; }
    bool isDemo() const { return m_sandbox != nullptr; }
    // The demo devices' SSH (port 0 when not in demo mode or when it did not start).
    DemoDeviceSsh demoDeviceSsh() const { return m_sandbox ? m_sandbox->deviceSsh() : DemoDeviceSsh(); }
    QString lastError() const { return m_lastError; }
    QUrl address() const { return m_client ? m_client->config().address : QUrl(); }
    const infrahub::ServerInfo &serverInfo() const { return m_info; }
    const infrahub::SchemaSet *schema() const { return m_schema.get(); }
    infrahub::InfrahubClient *client() const { return m_client.get(); }
    // The user name the client logs in with (username + password); empty for a token or anonymous.
    QString userName() const {
        return m_client && m_client->config().usesLogin() ? m_client->config().username : QString();
    }

Q_SIGNALS:
    void stateChanged(ConsoleSession::State state);
    // The client is about to be replaced or dropped: stop using it (a reconnect, the demo, another server).
    void clientAboutToChange();

private:
    QCoro::Task<> connectAsync(infrahub::ClientConfig config);
    void setState(State state);
    void replaceClient(std::unique_ptr<infrahub::InfrahubClient> client);

    State m_state = State::Disconnected;
    std::unique_ptr<DemoSandboxHost> m_sandbox;
    std::unique_ptr<infrahub::InfrahubClient> m_client;
    infrahub::ServerInfo m_info;
    std::shared_ptr<const infrahub::SchemaSet> m_schema;
    QString m_lastError;
    quint64 m_attempt = 0;
};
