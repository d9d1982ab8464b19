#include "sshsession.h"

#include "sshconnection.h"
#include "sshhandshake.h"

#include <QPointer>

namespace infrahub {

namespace {

SshSession::State publicState(detail::SshConnection::State state) {
    switch (state) {
    case detail::SshConnection::State::New:
        return SshSession::State::NotConnected;
    case detail::SshConnection::State::Connecting:
        return SshSession::State::Connecting;
    case detail::SshConnection::State::Connected:
        return SshSession::State::Connected;
    case detail::SshConnection::State::Authenticated:
        return SshSession::State::Authenticated;
    case detail::SshConnection::State::Closed:
        break;
    }
    return SshSession::State::Closed;
}

QCoro::Task<Result<SshAuthResult>> connectAndAuthenticate(std::shared_ptr<detail::SshConnection> connection,
                                                          HostKeyDecider decider, CancellationToken token) {
    QCoro::Task<Result<HostKeyCheck>> connecting = detail::establishConnection(connection, decider, token);
    const Result<HostKeyCheck> connected = co_await connecting;
    if (!connected)
        co_return connected.error();
    QCoro::Task<Result<SshAuthResult>> authenticating = detail::authenticateConnection(connection, token);
    Result<SshAuthResult> authenticated = co_await authenticating;
    co_return authenticated;
}

} // namespace

SshSession::SshSession(SshTarget target, SshCredentials credentials, SshTimeouts timeouts, QObject *parent)
    : QObject(parent)
    , m_connection(
          std::make_shared<detail::SshConnection>(std::move(target), std::move(credentials), timeouts)) {
    QPointer<SshSession> self(this);
    // Queued: whoever listens runs from the event loop, never inside the connection's own code.
    m_connection->onStateChanged = [self](detail::SshConnection::State state) {
        if (self)
            QMetaObject::invokeMethod(
                self,
                [self, state] {
                    if (self)
                        Q_EMIT self->stateChanged(publicState(state));
                },
                Qt::QueuedConnection);
    };
    m_connection->onLost = [self](const InfrahubError &error) {
        if (self)
            QMetaObject::invokeMethod(
                self,
                [self, error] {
                    if (self)
                        Q_EMIT self->connectionLost(error);
                },
                Qt::QueuedConnection);
    };
}

SshSession::~SshSession() {
    m_connection->onStateChanged = nullptr;
    m_connection->onLost = nullptr;
    m_connection->close();
}

void SshSession::setHostKeyDecider(HostKeyDecider decider) {
    m_decider = std::move(decider);
}

QCoro::Task<Result<HostKeyCheck>> SshSession::connectToHost(CancellationToken token) {
    return detail::establishConnection(m_connection, m_decider, std::move(token));
}

QCoro::Task<Result<SshAuthResult>> SshSession::authenticate(CancellationToken token) {
    return detail::authenticateConnection(m_connection, std::move(token));
}

QCoro::Task<Result<SshAuthResult>> SshSession::open(CancellationToken token) {
    return connectAndAuthenticate(m_connection, m_decider, std::move(token));
}

QCoro::Task<Result<SshCommandResult>> SshSession::exec(QString command, SshExecOptions options,
                                                       CancellationToken token) {
    return detail::runCommand(m_connection, std::move(command), std::move(options), std::move(token));
}

QCoro::Task<Result<std::shared_ptr<SshShell>>> SshSession::openShell(SshShellOptions options,
                                                                     CancellationToken token) {
    return openShellOn(m_connection, std::move(options), std::move(token));
}

void SshSession::disconnectFromHost() {
    m_connection->close();
}

SshSession::State SshSession::state() const {
    return publicState(m_connection->state());
}

QString SshSession::host() const {
    return m_connection->endpoint().host;
}

int SshSession::port() const {
    return m_connection->endpoint().port;
}

QString SshSession::user() const {
    return m_connection->endpoint().user;
}

QString SshSession::proxyCommand() const {
    return m_connection->endpoint().proxyCommand;
}

QString SshSession::knownHostsFile() const {
    return m_connection->endpoint().knownHostsFile;
}

QString SshSession::describe() const {
    const detail::SshEndpoint &endpoint = m_connection->endpoint();
    return endpoint.host.isEmpty() ? m_connection->target().describe() : endpoint.describe();
}

} // namespace infrahub
