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
        QElapsedTimer clock;
        clock.start();
        while (!QFile::exists(agentSocket()) && clock.elapsed() < 5000)
            QThread::msleep(10);
        return QFile::exists(agentSocket());
    }

    // ssh-add `keyFile` (unencrypted) to this agent.
    bool add(const QString &keyFile) const {
        QProcess add;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("SSH_AUTH_SOCK"), agentSocket());
        add.setProcessEnvironment(environment);
        add.start(QStringLiteral("ssh-add"), {QStringLiteral("-q"), keyFile});
        return add.waitForFinished(10000) && add.exitCode() == 0;
    }

    QString agentSocket() const { return m_dir.filePath(QStringLiteral("agent.sock")); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_agent;
};
