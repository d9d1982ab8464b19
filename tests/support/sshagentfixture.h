// Test-only: a private ssh-agent (a child process in the foreground, -D) on a socket in a temporary
// directory, for agent authentication tests. The test hands agentSocket() to the session instead of
// changing the process' SSH_AUTH_SOCK. Killed with its directory when the fixture goes away.
#pragma once

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QThread>

#include <memory>

class SshAgentFixture {
public:
    ~SshAgentFixture() {
        if (m_agent) {
            m_agent->kill();
            m_agent->waitForFinished(5000);
        }
    }

    bool start() {
        if (!m_dir.isValid())
            return false;
        m_agent = std::make_unique<QProcess>();
        m_agent->start(QStringLiteral("ssh-agent"),
                       {QStringLiteral("-D"), QStringLiteral("-a"), agentSocket()});
        if (!m_agent->waitForStarted(5000))
            return false;
        // The socket file appears when ssh-agent binds it, a moment before it listens: until then a
        // client is refused (ssh-add then failed now and again under the sanitizers). Ready means
        // `ssh-add -l` reaches it: exit 1 (no keys) or 0, where 2 is "cannot connect".
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 5000) {
            if (QFile::exists(agentSocket()) && listExitCode() != 2)
                return true;
            QThread::msleep(10);
        }
        return false;
    }

    // ssh-add `keyFile` (unencrypted) to this agent.
    bool add(const QString &keyFile) const {
        QProcess add;
        add.setProcessEnvironment(agentEnvironment());
        add.start(QStringLiteral("ssh-add"), {QStringLiteral("-q"), keyFile});
        return add.waitForFinished(10000) && add.exitCode() == 0;
    }

    QString agentSocket() const { return m_dir.filePath(QStringLiteral("agent.sock")); }

private:
    QProcessEnvironment agentEnvironment() const {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("SSH_AUTH_SOCK"), agentSocket());
        return environment;
    }

    // `ssh-add -l` against this agent: 0 keys listed, 1 none, 2 the agent cannot be reached.
    int listExitCode() const {
        QProcess list;
        list.setProcessEnvironment(agentEnvironment());
        list.start(QStringLiteral("ssh-add"), {QStringLiteral("-l")});
        return list.waitForFinished(10000) && list.exitStatus() == QProcess::NormalExit ? list.exitCode() : 2;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_agent;
};
