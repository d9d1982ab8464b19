// Test-only: a private OpenSSH server on 127.0.0.1 for SSH tests. It runs as a child process from a
// QTemporaryDir holding everything it needs (host key, a user key pair in authorized_keys, a second key
// pair that is not authorized, sshd_config, log), listens on a free port and is killed, with every
// connection process it started, when the fixture goes away. Nothing outside the temporary directory
// is changed, except that /run/sshd (sshd's privilege separation directory) is created if missing.
//
// Password authentication needs a known password for the login user, which a test must not give to a
// real account. With `passwordAuthentication` the server runs in a private mount namespace (unshare)
// where /etc/shadow is replaced by a file that holds only root's test password; the machine's own
// /etc/shadow is never touched. Where that is not possible start() fails and error() says why (tests
// QSKIP then).
//
// As root the server always runs in a private mount namespace, where the login user's ~/.bashrc is an empty
// file for its sessions (a developer's .bashrc can make every session slow, or hang one killed midway).
//
// `forceCommand` (a script, see writeScript()) makes every session run it, with the client's command in
// $SSH_ORIGINAL_COMMAND (empty for a shell), which is how tests emulate device CLIs, hangs and crashes.
// Blocking calls (QProcess::waitFor*) are fine here: this is test setup, not the code under test.
#pragma once

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/stat.h>
#include <unistd.h>
#endif

struct SshdOptions {
    bool passwordAuthentication = false;
    QString rootPassword; // with passwordAuthentication
    QString forceCommand; // absolute path of a script; empty: the client's command runs as usual
    QStringList extraConfig;
};

class SshdFixture {
public:
    using Options = SshdOptions;

    explicit SshdFixture(Options options = {})
        : m_options(std::move(options)) {}
    // Change before start() (a ForceCommand script lives in dir(), which exists from construction on).
    Options &options() { return m_options; }
    ~SshdFixture() { stop(); }
    SshdFixture(const SshdFixture &) = delete;
    SshdFixture &operator=(const SshdFixture &) = delete;

    static QString sshd() { return QStringLiteral("/usr/sbin/sshd"); }
    static bool installed() {
        return QFile::exists(sshd()) &&
               !QStandardPaths::findExecutable(QStringLiteral("ssh-keygen")).isEmpty();
    }

    // Generates the keys (first time only), writes the config and starts sshd; true once the port accepts.
    bool start() {
        if (!m_dir.isValid())
            return fail(QStringLiteral("no temporary directory"));
        if (!installed())
            return fail(QStringLiteral("OpenSSH server or ssh-keygen not installed"));
        QDir().mkpath(QStringLiteral("/run/sshd"));
        if (!QFile::exists(hostKeyPath()) && !generateKey(hostKeyPath(), QStringLiteral("ed25519")))
            return false;
        if (!QFile::exists(userKeyPath())) {
            if (!generateKey(userKeyPath(), QStringLiteral("ed25519")) ||
                !generateKey(otherKeyPath(), QStringLiteral("ed25519")) ||
                !generateKey(encryptedKeyPath(), QStringLiteral("ed25519"), encryptedKeyPassphrase()))
                return false;
            QFile authorized(path(QStringLiteral("authorized_keys")));
            if (!authorized.open(QIODevice::WriteOnly))
                return fail(QStringLiteral("cannot write authorized_keys"));
            authorized.write(readFile(userKeyPath() + QStringLiteral(".pub")));
            authorized.write(readFile(encryptedKeyPath() + QStringLiteral(".pub")));
        }
        if (m_port == 0)
            m_port = freePort();
        if (!writeConfig())
            return false;
        QString program = sshd();
        QStringList arguments{QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"), configPath()};
        // The login user's ~/.bashrc: sshd runs every command through the user's shell, and Debian's bash
        // reads ~/.bashrc for commands from sshd. A developer's .bashrc (pyenv, conda...) makes each session
        // slow and can hang one that is killed midway, so sessions get an empty one where possible.
        const QString bashrc = QDir::home().filePath(QStringLiteral(".bashrc"));
        const bool privateMounts = ::geteuid() == 0 && QFile::exists(QStringLiteral("/usr/bin/unshare"));
        if (m_options.passwordAuthentication && !privateMounts)
            return fail(
                QStringLiteral("password authentication needs root and unshare (a private /etc/shadow)"));
        if (m_options.passwordAuthentication && !writeShadow())
            return false;
        if (privateMounts) {
            // A private mount namespace: the bind mounts exist for this sshd and its sessions only.
            QString script = QStringLiteral("set -e; ");
            if (QFile::exists(bashrc))
                script += QStringLiteral("mount --bind /dev/null \"$3\"; ");
            if (m_options.passwordAuthentication)
                script += QStringLiteral("mount --bind \"$0\" /etc/shadow; ");
            script += QStringLiteral("exec \"$1\" -D -e -f \"$2\"");
            program = QStringLiteral("/usr/bin/unshare");
            arguments = QStringList{QStringLiteral("--mount"),
                                    QStringLiteral("--propagation"),
                                    QStringLiteral("private"),
                                    QStringLiteral("/bin/sh"),
                                    QStringLiteral("-c"),
                                    script,
                                    path(QStringLiteral("shadow")),
                                    sshd(),
                                    configPath(),
                                    bashrc};
        }
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::SeparateChannels);
        m_process->setStandardErrorFile(path(QStringLiteral("sshd.log")), QIODevice::Append);
        m_process->start(program, arguments);
        if (!m_process->waitForStarted(5000))
            return fail(QStringLiteral("sshd did not start: ") + m_process->errorString());
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 10000) {
            if (m_process->state() != QProcess::Running)
                return fail(QStringLiteral("sshd exited: ") +
                            QString::fromUtf8(readFile(path(QStringLiteral("sshd.log")))));
            QTcpSocket probe;
            probe.connectToHost(QStringLiteral("127.0.0.1"), quint16(m_port));
            if (probe.waitForConnected(200)) {
                probe.abort();
                return true;
            }
            QThread::msleep(20);
        }
        return fail(QStringLiteral("sshd did not listen on port %1").arg(m_port));
    }

    // Kills sshd and every connection process it started.
    void stop() {
        if (!m_process)
            return;
        const QList<qint64> children = connectionProcesses();
        m_process->kill();
        m_process->waitForFinished(5000);
#ifdef Q_OS_UNIX
        for (qint64 pid : children) {
            ::kill(pid_t(pid), SIGCONT);
            ::kill(pid_t(pid), SIGKILL);
        }
#endif
        m_process.reset();
    }

    // Same port, a newly generated host key: known_hosts entries for the old key now say "changed".
    bool restartWithNewHostKey() {
        stop();
        QFile::remove(hostKeyPath());
        QFile::remove(hostKeyPath() + QStringLiteral(".pub"));
        return generateKey(hostKeyPath(), QStringLiteral("ed25519")) && start();
    }

    // The processes serving connections (descendants of sshd), e.g. to stop them (SIGSTOP) and so make
    // the server unresponsive while its TCP connections stay up.
    QList<qint64> connectionProcesses() const {
        QList<qint64> found;
        if (!m_process || m_process->processId() <= 0)
            return found;
        QList<qint64> parents{m_process->processId()};
        const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
        bool grew = true;
        while (grew) {
            grew = false;
            for (const QString &entry : entries) {
                bool numeric = false;
                const qint64 pid = entry.toLongLong(&numeric);
                if (!numeric || parents.contains(pid))
                    continue;
                const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(entry));
                const qsizetype close = stat.lastIndexOf(')');
                if (close < 0)
                    continue;
                const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
                if (fields.size() > 1 && parents.contains(fields[1].toLongLong())) {
                    parents << pid;
                    found << pid;
                    grew = true;
                }
            }
        }
        return found;
    }

    void signalConnections(int signal) const {
#ifdef Q_OS_UNIX
        for (qint64 pid : connectionProcesses())
            ::kill(pid_t(pid), signal);
#else
        Q_UNUSED(signal);
#endif
    }

    // A script in the fixture's directory (made executable); returns its path.
    QString writeScript(const QString &name, const QByteArray &body) const {
        const QString file = path(name);
        QFile out(file);
        if (out.open(QIODevice::WriteOnly))
            out.write(body);
        out.close();
        out.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup |
                           QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
        return file;
    }

    // A known_hosts line for this server's current host key.
    QByteArray knownHostsLine() const {
        const QList<QByteArray> parts = readFile(hostKeyPath() + QStringLiteral(".pub")).trimmed().split(' ');
        return QStringLiteral("[127.0.0.1]:%1 ").arg(m_port).toUtf8() + parts.value(0) + ' ' +
               parts.value(1) + '\n';
    }
    // "SHA256:..." of a key file (private or public), as ssh-keygen -lf prints it.
    static QString fingerprintOf(const QString &keyFile) {
        QProcess keygen;
        keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-l"), QStringLiteral("-E"),
                                                    QStringLiteral("sha256"), QStringLiteral("-f"), keyFile});
        keygen.waitForFinished(10000);
        return QString::fromUtf8(keygen.readAllStandardOutput()).section(QLatin1Char(' '), 1, 1);
    }
    QString hostKeyFingerprint() const {
        return fingerprintOf(hostKeyPath() + QStringLiteral(".pub"));
    }

    // A fresh key pair at `file` ("<file>.pub" too).
    bool generateKey(const QString &file, const QString &type, const QString &passphrase = {}) {
        QProcess keygen;
        keygen.start(QStringLiteral("ssh-keygen"),
                     {QStringLiteral("-q"), QStringLiteral("-t"), type, QStringLiteral("-N"), passphrase,
                      QStringLiteral("-C"), QStringLiteral("infrahub-test"), QStringLiteral("-f"), file});
        if (!keygen.waitForFinished(20000) || keygen.exitCode() != 0)
            return fail(QStringLiteral("ssh-keygen failed: ") +
                        QString::fromUtf8(keygen.readAllStandardError()));
        return true;
    }

    int port() const {
        return m_port;
    }
    // The server process (0 when not running); its sessions are its children.
    qint64 processId() const {
        return m_process ? m_process->processId() : 0;
    }
    QString error() const {
        return m_error;
    }
    QString dir() const {
        return m_dir.path();
    }
    QString path(const QString &name) const {
        return m_dir.filePath(name);
    }
    QString configPath() const {
        return path(QStringLiteral("sshd_config"));
    }
    QString hostKeyPath() const {
        return path(QStringLiteral("host_ed25519"));
    }
    QString userKeyPath() const {
        return path(QStringLiteral("user_ed25519"));
    } // authorized
    QString otherKeyPath() const {
        return path(QStringLiteral("other_ed25519"));
    } // not authorized
    QString encryptedKeyPath() const {
        return path(QStringLiteral("encrypted_ed25519"));
    } // authorized
    static QString encryptedKeyPassphrase() {
        return QStringLiteral("correct horse battery staple");
    }
    QString log() const {
        return QString::fromUtf8(readFile(path(QStringLiteral("sshd.log"))));
    }

    static QByteArray readFile(const QString &file) {
        QFile in(file);
        return in.open(QIODevice::ReadOnly) ? in.readAll() : QByteArray();
    }

private:
    static int freePort() {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost, 0);
        return server.serverPort();
    }

    bool fail(const QString &why) {
        m_error = why;
        return false;
    }

    bool writeConfig() {
        QStringList lines{
            QStringLiteral("Port %1").arg(m_port),
            QStringLiteral("ListenAddress 127.0.0.1"),
            QStringLiteral("HostKey %1").arg(hostKeyPath()),
            QStringLiteral("PidFile %1").arg(path(QStringLiteral("sshd.pid"))),
            QStringLiteral("AuthorizedKeysFile %1").arg(path(QStringLiteral("authorized_keys"))),
            QStringLiteral("StrictModes no"), // the temporary directory is not root-only
            QStringLiteral("UsePAM no"),
            QStringLiteral("PubkeyAuthentication yes"),
            QStringLiteral("KbdInteractiveAuthentication no"),
            QStringLiteral("PasswordAuthentication %1").arg(m_options.passwordAuthentication ? "yes" : "no"),
            QStringLiteral("PermitRootLogin %1")
                .arg(m_options.passwordAuthentication ? "yes" : "prohibit-password"),
            QStringLiteral("MaxStartups 100"), // tests open 20 connections at once
            QStringLiteral("MaxAuthTries 10"),
            QStringLiteral("AllowTcpForwarding yes"), // ProxyJump (ssh -W) through this server
            QStringLiteral("LogLevel VERBOSE"),
        };
        if (!m_options.forceCommand.isEmpty())
            lines << QStringLiteral("ForceCommand %1").arg(m_options.forceCommand);
        lines << m_options.extraConfig;
        QFile out(configPath());
        if (!out.open(QIODevice::WriteOnly))
            return fail(QStringLiteral("cannot write sshd_config"));
        out.write(lines.join(QLatin1Char('\n')).toUtf8() + '\n');
        return true;
    }

    bool writeShadow() {
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("passwd"), QStringLiteral("-6"), QStringLiteral("-stdin")});
        openssl.write(m_options.rootPassword.toUtf8() + '\n');
        openssl.closeWriteChannel();
        if (!openssl.waitForFinished(10000) || openssl.exitCode() != 0)
            return fail(QStringLiteral("openssl passwd failed"));
        const QByteArray hash = openssl.readAllStandardOutput().trimmed();
        QFile out(path(QStringLiteral("shadow")));
        if (!out.open(QIODevice::WriteOnly))
            return fail(QStringLiteral("cannot write the test shadow file"));
        out.write("root:" + hash + ":19000:0:99999:7:::\n");
        return true;
    }

    Options m_options;
    QTemporaryDir m_dir;
    int m_port = 0;
    std::unique_ptr<QProcess> m_process;
    QString m_error;
};
