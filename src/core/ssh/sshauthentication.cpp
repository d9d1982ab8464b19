#include "sshauthentication.h"

#include "sshdeadline.h"
#include "ssherrors.h"
#include "sshkeyloader.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSet>

namespace infrahub::detail {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("SshSession", text);
}

QString methodNames(int methods) {
    QStringList names;
    if (methods & SSH_AUTH_METHOD_PUBLICKEY)
        names << QStringLiteral("publickey");
    if (methods & SSH_AUTH_METHOD_PASSWORD)
        names << QStringLiteral("password");
    if (methods & SSH_AUTH_METHOD_INTERACTIVE)
        names << QStringLiteral("keyboard-interactive");
    if (methods & SSH_AUTH_METHOD_HOSTBASED)
        names << QStringLiteral("hostbased");
    if (methods & SSH_AUTH_METHOD_GSSAPI_MIC)
        names << QStringLiteral("gssapi-with-mic");
    return names.isEmpty() ? tr("nothing") : names.join(QStringLiteral(", "));
}

bool agentConfigured(const SshCredentials &credentials) {
    return !credentials.agentSocket.isEmpty() || !qEnvironmentVariableIsEmpty("SSH_AUTH_SOCK");
}

// Holds the state of one authenticate() call, so the steps below stay small.
class Authentication {
public:
    Authentication(std::shared_ptr<SshConnection> connection, CancellationToken token)
        : m_connection(std::move(connection))
        , m_session(m_connection->session())
        , m_token(std::move(token))
        , m_deadline(deadlineAfter(m_connection->timeouts().authMs)) {}

    QCoro::Task<Result<SshAuthResult>> run();

private:
    // Drives `call` to completion. On a timeout, a cancellation or a broken connection it sets m_failure
    // (and closes the connection: libssh's half-finished authentication call cannot be resumed) and
    // returns SSH_AUTH_ERROR.
    QCoro::Task<int> step(std::function<int()> call);
    QCoro::Task<bool> tryKeyFile(SshKeyFile keyFile);
    // The private key, or null with the reason noted (or m_failure set when the connection went away).
    QCoro::Task<SshKey> loadKeyFile(SshKeyFile keyFile);
    QCoro::Task<bool> tryAgentAndDefaultKeys();
    QCoro::Task<bool> tryPassword();
    QCoro::Task<bool> tryKeyboardInteractive();

    // After each refusal the server says what it still accepts.
    void refreshMethods() { m_methods = ssh_userauth_list(m_session, nullptr); }
    bool accepts(int method) const { return (m_methods & method) != 0; }
    bool succeeded(int rc, const QString &method, const QString &keyFile = {});

    std::shared_ptr<SshConnection> m_connection;
    ssh_session m_session;
    CancellationToken m_token;
    QDeadlineTimer m_deadline;
    int m_methods = 0;
    SshAuthResult m_result;
    bool m_done = false;
    bool m_partial = false; // a method was accepted but the server wants another one too
    std::optional<InfrahubError> m_failure;
};

bool Authentication::succeeded(int rc, const QString &method, const QString &keyFile) {
    if (rc == SSH_AUTH_SUCCESS) {
        m_result.method = method;
        m_result.keyFile = keyFile;
        m_done = true;
        return true;
    }
    if (rc == SSH_AUTH_PARTIAL) {
        m_partial = true;
        m_result.tried << tr("%1: accepted, the server asks for another method as well").arg(method);
    }
    refreshMethods();
    return false;
}

QCoro::Task<int> Authentication::step(std::function<int()> call) {
    QCoro::Task<SshStep> driving = m_connection->drive(std::move(call), SSH_AUTH_AGAIN, m_deadline, m_token);
    const SshStep done = co_await driving;
    if (!done.finished()) {
        const InfrahubError tooSlow =
            ssherrors::make(InfrahubError::Kind::Timeout, ssherrors::code::AuthTimeout,
                            tr("Authentication on %1 did not finish within %2 s.")
                                .arg(m_connection->endpoint().describe())
                                .arg(m_connection->timeouts().authMs / 1000.0));
        m_failure = m_connection->stoppedError(done.stoppedBy, tooSlow);
        m_connection->close();
        co_return SSH_AUTH_ERROR;
    }
    if (done.rc == SSH_AUTH_ERROR) {
        m_failure = m_connection->lose(tr("authenticating"));
        co_return SSH_AUTH_ERROR;
    }
    co_return done.rc;
}

QCoro::Task<SshKey> Authentication::loadKeyFile(SshKeyFile keyFile) {
    QCoro::Task<LoadedSshKey> loading = loadPrivateKey(keyFile.path, keyFile.passphrase);
    const LoadedSshKey loaded = co_await loading;
    if (!m_connection->isOpen()) {
        m_failure = m_connection->closedError();
        co_return SshKey();
    }
    if (!loaded.key)
        m_result.tried << tr("key file %1: %2").arg(keyFile.path, loaded.error);
    co_return loaded.key;
}

QCoro::Task<bool> Authentication::tryKeyFile(SshKeyFile keyFile) {
    const QString name = keyFile.path;
    SshKey privateKey;
    SshKey publicKey = loadPublicKeyBeside(keyFile.path);
    if (!publicKey) { // no .pub beside it: the private key is needed to know what to offer
        QCoro::Task<SshKey> loading = loadKeyFile(keyFile);
        privateKey = co_await loading;
        if (!privateKey)
            co_return false;
        publicKey = publicKeyOf(privateKey);
    }
    std::function<int()> offer = [this, publicKey] {
        return ssh_userauth_try_publickey(m_session, nullptr, publicKey.get());
    };
    QCoro::Task<int> offering = step(std::move(offer));
    const int offered = co_await offering;
    if (m_failure)
        co_return false;
    if (offered != SSH_AUTH_SUCCESS) { // the server does not take this key for this user
        m_result.tried << tr("key file %1: refused").arg(name);
        refreshMethods();
        co_return false;
    }
    if (!privateKey) {
        QCoro::Task<SshKey> loading = loadKeyFile(keyFile);
        privateKey = co_await loading;
        if (!privateKey)
            co_return false;
    }
    std::function<int()> sign = [this, privateKey] {
        return ssh_userauth_publickey(m_session, nullptr, privateKey.get());
    };
    QCoro::Task<int> signing = step(std::move(sign));
    const int signedIn = co_await signing;
    if (m_failure)
        co_return false;
    if (succeeded(signedIn, QStringLiteral("publickey"), name))
        co_return true;
    if (signedIn == SSH_AUTH_DENIED)
        m_result.tried << tr("key file %1: accepted, but the signature was refused").arg(name);
    co_return false;
}

QCoro::Task<bool> Authentication::tryAgentAndDefaultKeys() {
    const SshCredentials &credentials = m_connection->credentials();
    const bool agent = credentials.useAgent && agentConfigured(credentials);
    if (credentials.useAgent && !agent)
        m_result.tried << tr("agent: none running (SSH_AUTH_SOCK is not set)");
    if (!agent && !credentials.useDefaultKeys)
        co_return false;

    QStringList identities; // the default key files libssh got to
    if (!credentials.useDefaultKeys) {
        std::function<int()> ask = [this] {
            return ssh_userauth_agent(m_session, nullptr);
        };
        QCoro::Task<int> asking = step(std::move(ask));
        const int rc = co_await asking;
        if (m_failure)
            co_return false;
        if (succeeded(rc, QStringLiteral("agent")))
            co_return true;
        m_result.tried << tr("agent: no key accepted");
        co_return false;
    }
    // libssh's "auto" method: the agent (kept away by configure() when not wanted), then ~/.ssh/id_* and
    // the ssh config's IdentityFile entries, each offered before its private key is read.
    std::function<int()> automatic = [this, &identities] {
        const int rc = ssh_userauth_publickey_auto(m_session, nullptr, nullptr);
        char *current = nullptr;
        if (ssh_userauth_publickey_auto_get_current_identity(m_session, &current) == SSH_OK && current) {
            const QString file = QString::fromUtf8(current);
            if (!identities.contains(file))
                identities << file;
            ssh_string_free_char(current);
        }
        return rc;
    };
    QCoro::Task<int> trying = step(std::move(automatic));
    const int rc = co_await trying;
    if (m_failure)
        co_return false;
    if (succeeded(rc, QStringLiteral("agent-or-default-key")))
        co_return true;
    if (agent)
        m_result.tried << tr("agent: no key accepted");
    QStringList names;
    for (const QString &file : std::as_const(identities))
        names << QFileInfo(file).fileName();
    m_result.tried << (names.isEmpty()
                           ? tr("default keys: none found")
                           : tr("default keys: none accepted (%1)").arg(names.join(QStringLiteral(", "))));
    co_return false;
}

QCoro::Task<bool> Authentication::tryPassword() {
    const QByteArray password = m_connection->credentials().password->toUtf8();
    std::function<int()> send = [this, password] {
        return ssh_userauth_password(m_session, nullptr, password.constData());
    };
    QCoro::Task<int> sending = step(std::move(send));
    const int rc = co_await sending;
    if (m_failure)
        co_return false;
    if (succeeded(rc, QStringLiteral("password")))
        co_return true;
    if (rc == SSH_AUTH_DENIED)
        m_result.tried << tr("password: refused");
    co_return false;
}

QCoro::Task<bool> Authentication::tryKeyboardInteractive() {
    // Devices that only speak keyboard-interactive ask for the password in a prompt without echo. We
    // answer such prompts with the password, once; anything else (a one-time code, a question with echo)
    // cannot be answered without a person.
    const QByteArray password = m_connection->credentials().password->toUtf8();
    bool answered = false;
    for (int round = 0; round < 8; ++round) {
        std::function<int()> exchange = [this] {
            return ssh_userauth_kbdint(m_session, nullptr, nullptr);
        };
        QCoro::Task<int> exchanging = step(std::move(exchange));
        const int rc = co_await exchanging;
        if (m_failure)
            co_return false;
        if (rc != SSH_AUTH_INFO) {
            if (succeeded(rc, QStringLiteral("keyboard-interactive")))
                co_return true;
            if (rc == SSH_AUTH_DENIED)
                m_result.tried << tr("keyboard-interactive: refused");
            co_return false;
        }
        const int prompts = ssh_userauth_kbdint_getnprompts(m_session);
        for (int i = 0; i < prompts; ++i) {
            char echo = 0;
            const char *prompt = ssh_userauth_kbdint_getprompt(m_session, unsigned(i), &echo);
            if (echo || answered) {
                m_result.tried << tr("keyboard-interactive: the server asks \"%1\", which needs a person")
                                      .arg(QString::fromUtf8(prompt).trimmed());
                m_connection->close(); // an unanswered round cannot be abandoned politely
                m_failure = std::nullopt;
                co_return false;
            }
            ssh_userauth_kbdint_setanswer(m_session, unsigned(i), password.constData());
        }
        answered = answered || prompts > 0;
    }
    m_result.tried << tr("keyboard-interactive: too many rounds");
    co_return false;
}

QCoro::Task<Result<SshAuthResult>> Authentication::run() {
    const SshEndpoint endpoint = m_connection->endpoint();
    const SshCredentials &credentials = m_connection->credentials();

    std::function<int()> none = [this] {
        return ssh_userauth_none(m_session, nullptr);
    };
    QCoro::Task<int> asking = step(std::move(none));
    const int first = co_await asking;
    if (m_failure)
        co_return *m_failure;
    if (succeeded(first, QStringLiteral("none")))
        co_return m_result;

    auto finished = [this]() {
        return m_done || m_failure || !m_connection->isOpen();
    };

    if (accepts(SSH_AUTH_METHOD_PUBLICKEY)) {
        for (const SshKeyFile &keyFile : credentials.keyFiles) {
            QCoro::Task<bool> trying = tryKeyFile(keyFile);
            co_await trying;
            if (finished() || m_partial || !accepts(SSH_AUTH_METHOD_PUBLICKEY))
                break;
        }
    } else if (!credentials.keyFiles.isEmpty()) {
        m_result.tried << tr("key files: the server does not accept public keys");
    }
    if (!finished() && accepts(SSH_AUTH_METHOD_PUBLICKEY)) {
        QCoro::Task<bool> trying = tryAgentAndDefaultKeys();
        co_await trying;
    }
    if (!finished() && credentials.password) {
        if (accepts(SSH_AUTH_METHOD_PASSWORD)) {
            QCoro::Task<bool> trying = tryPassword();
            co_await trying;
        } else if (accepts(SSH_AUTH_METHOD_INTERACTIVE)) {
            QCoro::Task<bool> trying = tryKeyboardInteractive();
            co_await trying;
        } else {
            m_result.tried << tr("password: the server does not accept passwords");
        }
    }
    if (m_done)
        co_return m_result;
    if (m_failure)
        co_return *m_failure;

    const QString tried = m_result.tried.isEmpty() ? tr("nothing (no usable credentials)")
                                                   : m_result.tried.join(QStringLiteral("; "));
    const InfrahubError error =
        ssherrors::make(InfrahubError::Kind::Authentication, ssherrors::code::AuthFailed,
                        tr("Authentication on %1 failed. Tried: %2. The server accepts: %3.")
                            .arg(endpoint.describe(), tried, methodNames(m_methods)));
    m_connection->close();
    co_return error;
}

} // namespace

QCoro::Task<Result<SshAuthResult>> authenticateConnection(std::shared_ptr<SshConnection> connection,
                                                          CancellationToken token) {
    OperationCancellation cancellation(token, connection->closingToken());
    QCoro::Task<Result<SemaphorePermit>> waiting = connection->waitTurn(cancellation.token());
    const Result<SemaphorePermit> permit = co_await waiting;
    if (!permit)
        co_return permit.error();
    if (!connection->isOpen())
        co_return connection->closedError();
    if (connection->state() != SshConnection::State::Connected) {
        co_return ssherrors::make(InfrahubError::Kind::Protocol, ssherrors::code::NotConnected,
                                  connection->state() == SshConnection::State::Authenticated
                                      ? tr("The SSH session with %1 is already authenticated.")
                                            .arg(connection->endpoint().describe())
                                      : tr("Connect the SSH session before authenticating."));
    }
    auto authentication = std::make_unique<Authentication>(connection, cancellation.token());
    QCoro::Task<Result<SshAuthResult>> running = authentication->run();
    Result<SshAuthResult> result = co_await running;
    if (result.ok()) {
        connection->setState(SshConnection::State::Authenticated);
        connection->startKeepAlive();
    }
    co_return result;
}

} // namespace infrahub::detail
