// What the benchmarks share: infrahub-sandbox as a child process (so no client shares a thread or a CPU
// clock with it), and fail(), which never leaves that child running (std::exit skips destructors, and an
// orphaned sandbox would keep the caller's output pipe open). Header-only: each benchmark is one file.
#pragma once

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <cstdio>
#include <cstdlib>

namespace bench {

inline QProcess *&sandboxProcess() {
    static QProcess *process = nullptr;
    return process;
}

inline QString &benchName() {
    static QString name = QStringLiteral("bench");
    return name;
}

[[noreturn]] inline void fail(const QString &message) {
    std::fprintf(stderr, "%s: %s\n", qPrintable(benchName()), qPrintable(message));
    if (QProcess *p = sandboxProcess(); p && p->state() != QProcess::NotRunning) {
        p->kill();
        p->waitForFinished(5000);
    }
    std::exit(1);
}

class SandboxChild {
public:
    ~SandboxChild() {
        sandboxProcess() = nullptr;
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000))
                m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    // Starts `exe` on a free loopback port with `devices` generated devices, API token `token` and
    // `latencyMs` added to every request; returns the port.
    int start(const QString &exe, int devices, const QString &token, int latencyMs) {
        QStringList args{QStringLiteral("--listen"),    QStringLiteral("127.0.0.1:0"),
                         QStringLiteral("--devices"),   QString::number(devices),
                         QStringLiteral("--token"),     token,
                         QStringLiteral("--print-port")};
        if (latencyMs > 0)
            args << QStringLiteral("--latency") << QString::number(latencyMs);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        sandboxProcess() = &m_process;
        m_process.start(exe, args);
        if (!m_process.waitForStarted(10'000))
            fail(QStringLiteral("cannot start %1: %2").arg(exe, m_process.errorString()));
        // Generating a large dataset takes a while before the port is printed.
        while (!m_process.canReadLine() && m_process.state() == QProcess::Running)
            m_process.waitForReadyRead(1000);
        bool ok = false;
        const int port = QString::fromUtf8(m_process.readLine()).trimmed().toInt(&ok);
        if (!ok || port <= 0)
            fail(QStringLiteral("the sandbox did not print its port"));
        return port;
    }

    // CPU time the sandbox process has used so far (all its threads, from the scheduler's own account in
    // /proc/<pid>/task/*/schedstat, in nanoseconds); -1 where that is not available.
    qint64 cpuNs() const {
        const qint64 pid = m_process.processId();
        if (pid <= 0)
            return -1;
        const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
        qint64 total = 0;
        bool any = false;
        for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile stat(tasks.filePath(tid + QStringLiteral("/schedstat")));
            if (!stat.open(QIODevice::ReadOnly))
                continue;
            bool ok = false;
            const qint64 ns = stat.readAll().split(' ').value(0).toLongLong(&ok);
            if (ok) {
                total += ns;
                any = true;
            }
        }
        return any ? total : -1;
    }

private:
    QProcess m_process;
};

} // namespace bench
