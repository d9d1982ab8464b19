#include "sshhandshake.h"

#include "knownhostsfile.h"
#include "sshdeadline.h"
#include "ssherrors.h"
#include "sshfingerprint.h"
#include "tcpconnector.h"

#include <QCoreApplication>
#include <QStringList>

namespace infrahub::detail {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("SshSession", text);
}

InfrahubError rejected(const HostKeyCheck &check) {
    if (check.status == HostKeyCheck::Status::Changed) {
        QStringList previous;
        for (const HostKeyFingerprint &key : check.known)
            previous << key.describe();
        return ssherrors::make(
            InfrahubError::Kind::Authentication, ssherrors::code::HostKeyChanged,
            tr("The host key of %1 has changed and was not accepted: the server now shows %2, but %3 has %4. "
               "Someone could be intercepting the connection. If the device was reinstalled or given a new "
               "key, verify the new fingerprint on the device, then accept it (or remove the old entry with "
               "ssh-keygen -R \"%1\").")
                .arg(check.host, check.presented.describe(), check.knownHostsFile,
                     previous.join(QStringLiteral(", "))));
    }
    return ssherrors::make(InfrahubError::Kind::Authentication, ssherrors::code::HostKeyUnknown,
                           tr("The host key of %1 is not known (%2) and was not accepted. Compare the "
                              "fingerprint with the device's own, then accept it, or add the key to %3.")
                               .arg(check.host, check.presented.describe(), check.knownHostsFile));
}

InfrahubError checkFailed(const QString &host, const QString &why) {
    return ssherrors::make(InfrahubError::Kind::Protocol, ssherrors::code::HostKeyCheck,
                           tr("The host key of %1 could not be checked: %2").arg(host, why));
}

} // namespace

HostKeyCheck checkHostKey(SshConnection &connection) {
    const SshEndpoint &endpoint = connection.endpoint();
    HostKeyCheck check;
    check.host = knownhosts::hostEntryName(endpoint.host, endpoint.port);
    check.knownHostsFile = endpoint.knownHostsFile;
    ssh_key key = nullptr;
    if (ssh_get_server_publickey(connection.session(), &key) != SSH_OK || key == nullptr) {
        check.error = tr("the server did not present a host key.");
        return check;
    }
    check.presented = fingerprintOf(key);
    ssh_key_free(key);

    switch (ssh_session_is_known_server(connection.session())) {
    case SSH_KNOWN_HOSTS_OK:
        check.status = HostKeyCheck::Status::Known;
        break;
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER: { // a key of another type is known: treated as a change, like OpenSSH
        check.status = HostKeyCheck::Status::Changed;
        check.known = knownhosts::keysFor(endpoint.knownHostsFile, check.host);
        char *global = nullptr;
        if (ssh_options_get(connection.session(), SSH_OPTIONS_GLOBAL_KNOWNHOSTS, &global) == SSH_OK &&
            global) {
            check.known += knownhosts::keysFor(QString::fromUtf8(global), check.host);
            ssh_string_free_char(global);
        }
        break;
    }
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
        check.status = HostKeyCheck::Status::FirstSeen;
        break;
    case SSH_KNOWN_HOSTS_ERROR:
        check.status = HostKeyCheck::Status::Error;
        check.error = connection.lastError();
        break;
    }
    return check;
}

Result<bool> rememberHostKey(SshConnection &connection, const HostKeyCheck &check) {
    if (check.status == HostKeyCheck::Status::Changed) {
        const Result<int> removed = knownhosts::removeHost(check.knownHostsFile, check.host);
        if (!removed)
            return checkFailed(check.host, removed.error().message);
    }
    if (ssh_session_update_known_hosts(connection.session()) != SSH_OK) {
        return checkFailed(
            check.host,
            tr("the key could not be added to %1: %2").arg(check.knownHostsFile, connection.lastError()));
    }
    return true;
}

QCoro::Task<Result<HostKeyCheck>> establishConnection(std::shared_ptr<SshConnection> connection,
                                                      HostKeyDecider decider, CancellationToken token) {
    OperationCancellation cancellation(token, connection->closingToken());
    QCoro::Task<Result<SemaphorePermit>> waiting = connection->waitTurn(cancellation.token());
    const Result<SemaphorePermit> permit = co_await waiting;
    if (!permit)
        co_return permit.error();
    if (connection->state() != SshConnection::State::New) {
        co_return ssherrors::make(InfrahubError::Kind::Protocol, ssherrors::code::NotConnected,
                                  tr("This SSH session was already connected once; use a new one."));
    }
    connection->setState(SshConnection::State::Connecting);
    const QDeadlineTimer deadline = deadlineAfter(connection->timeouts().connectMs);
    const Result<bool> configured = connection->configure();
    if (!configured) {
        connection->close();
        co_return configured.error();
    }
    const SshEndpoint endpoint = connection->endpoint();
    const QString where = endpoint.describe();
    const InfrahubError tooSlow =
        ssherrors::make(InfrahubError::Kind::Timeout, ssherrors::code::ConnectTimeout,
                        tr("No SSH connection to %1 within %2 s. Check that the device is up and that SSH is "
                           "allowed from here.")
                            .arg(where)
                            .arg(connection->timeouts().connectMs / 1000.0));

    if (endpoint.proxyCommand.isEmpty() && tcpConnectorAvailable()) {
        QCoro::Task<Result<int>> connecting =
            connectTcp(endpoint.host, endpoint.port, deadline, cancellation.token(), where);
        const Result<int> socket = co_await connecting;
        if (!connection->isOpen())
            co_return connection->closedError();
        if (!socket) {
            const InfrahubError error =
                socket.error().kind == InfrahubError::Kind::Timeout ? tooSlow : socket.error();
            connection->close();
            co_return error;
        }
        connection->adoptSocket(socket.value());
    }

    std::function<int()> handshake = [session = connection->session()] {
        return ssh_connect(session);
    };
    QCoro::Task<SshStep> driving =
        connection->drive(std::move(handshake), SSH_AGAIN, deadline, cancellation.token());
    const SshStep connected = co_await driving;
    if (!connected.finished()) {
        const InfrahubError error = connection->stoppedError(connected.stoppedBy, tooSlow);
        connection->close();
        co_return error;
    }
    if (connected.rc != SSH_OK) {
        const QString why = connection->lastError();
        const InfrahubError error =
            endpoint.proxyCommand.isEmpty()
                ? ssherrors::make(InfrahubError::Kind::Protocol, ssherrors::code::Handshake,
                                  tr("The SSH handshake with %1 failed: %2").arg(where, why))
                : ssherrors::make(InfrahubError::Kind::NotReachable, ssherrors::code::NotReachable,
                                  tr("Could not reach %1 through the proxy command \"%2\": %3")
                                      .arg(where, endpoint.proxyCommand, why));
        connection->close();
        co_return error;
    }

    const HostKeyCheck check = checkHostKey(*connection);
    if (check.status == HostKeyCheck::Status::Error) {
        const InfrahubError error = checkFailed(check.host, check.error);
        connection->close();
        co_return error;
    }
    if (check.status != HostKeyCheck::Status::Known) {
        HostKeyDecision decision = HostKeyDecision::Reject;
        if (decider) {
            // Keep our own copy of the callable alive for the whole wait: a coroutine lambda refers to
            // its closure object.
            const HostKeyDecider decide = decider;
            QCoro::Task<HostKeyDecision> asking = decide(check);
            decision = co_await asking;
        }
        if (!connection->isOpen())
            co_return connection->closedError();
        if (cancellation.token().isCancelled()) {
            const InfrahubError error = connection->stoppedError(WaitOutcome::Cancelled, tooSlow);
            connection->close();
            co_return error;
        }
        if (decision == HostKeyDecision::Reject) {
            connection->close();
            co_return rejected(check);
        }
        if (decision == HostKeyDecision::AcceptAndRemember) {
            const Result<bool> remembered = rememberHostKey(*connection, check);
            if (!remembered) {
                connection->close();
                co_return remembered.error();
            }
        }
    }
    connection->setState(SshConnection::State::Connected);
    co_return check;
}

} // namespace infrahub::detail
