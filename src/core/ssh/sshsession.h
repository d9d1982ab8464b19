// An SSH session driven by the Qt event loop: libssh in non-blocking mode, its socket watched by
// QSocketNotifiers, every step a QCoro task. Nothing blocks the thread, so many sessions (a backup job
// runs 20 at once) share one thread with the UI. Typical use:
//
//     SshSession session(target, credentials);
//     session.setHostKeyDecider(hostkeypolicy::acceptNew());
//     QCoro::Task<Result<SshAuthResult>> opening = session.open(token);
//     const Result<SshAuthResult> opened = co_await opening;
//     QCoro::Task<Result<SshCommandResult>> running = session.exec(QStringLiteral("show version"));
//     const Result<SshCommandResult> output = co_await running;
//
// Calls may overlap (they queue: one conversation with the server at a time). Every call takes a
// CancellationToken and ends promptly when it is cancelled; the session itself can be deleted at any
// time, running calls then end with a "closed" error. While idle and authenticated, keep-alives detect a
// server that went away (SshTimeouts). Errors are InfrahubErrors with ssherrors codes; no message ever
// contains a passphrase or password.
//
// libssh 0.10 notes: the ssh config is read with libssh's parser (Host/Match blocks, HostName, Port,
// User, IdentityFile, ProxyJump, ProxyCommand, UserKnownHostsFile, ConnectTimeout is ignored in favour
// of SshTimeouts); ProxyJump runs OpenSSH's ssh as a ProxyCommand (see sshproxyjump.h).
#pragma once

#include "hostkeypolicy.h"
#include "sshauthentication.h"
#include "sshcommand.h"
#include "sshcredentials.h"
#include "sshshell.h"
#include "sshtarget.h"
#include "sshtimeouts.h"

#include <QObject>

#include <memory>

namespace infrahub {

class SshSession : public QObject {
    Q_OBJECT
public:
    enum class State { NotConnected, Connecting, Connected, Authenticated, Closed };
    Q_ENUM(State)

    explicit SshSession(SshTarget target, SshCredentials credentials = {}, SshTimeouts timeouts = {},
                        QObject *parent = nullptr);
    ~SshSession() override; // disconnects; running calls end with a "closed" error

    // Asked about first-seen and changed host keys; without one both are rejected.
    void setHostKeyDecider(HostKeyDecider decider);

    // TCP (or the ProxyJump), key exchange and host key check, within SshTimeouts::connectMs. Once per
    // session. The result says whether the key was known, first seen or changed (and accepted).
    QCoro::Task<Result<HostKeyCheck>> connectToHost(CancellationToken token = {});
    // Within SshTimeouts::authMs; see SshCredentials for the order of attempts.
    QCoro::Task<Result<SshAuthResult>> authenticate(CancellationToken token = {});
    // connectToHost() and authenticate().
    QCoro::Task<Result<SshAuthResult>> open(CancellationToken token = {});

    // Runs `command` on an exec channel. A non-zero exit status is a result, not an error.
    QCoro::Task<Result<SshCommandResult>> exec(QString command, SshExecOptions options = {},
                                               CancellationToken token = {});
    // A shell on a pty (see SshShell).
    QCoro::Task<Result<std::shared_ptr<SshShell>>> openShell(SshShellOptions options = {},
                                                             CancellationToken token = {});

    // Closes the connection (idempotent). Running calls end with a "closed" error.
    void disconnectFromHost();

    State state() const;
    bool isAuthenticated() const { return state() == State::Authenticated; }
    // After connectToHost() started: where the session really goes once the ssh config was applied.
    QString host() const;
    int port() const;
    QString user() const;
    QString proxyCommand() const;
    QString knownHostsFile() const;
    // "user@host:port" (the configured target before connecting).
    QString describe() const;

Q_SIGNALS:
    void stateChanged(infrahub::SshSession::State state);
    // The connection broke (server gone, keep-alives unanswered, socket error). Emitted from the event
    // loop, never from inside a call.
    void connectionLost(const infrahub::InfrahubError &error);

private:
    std::shared_ptr<detail::SshConnection> m_connection;
    HostKeyDecider m_decider;
};

} // namespace infrahub
