// One line about the machine a benchmark ran on (OS, kernel, cores, CPU model, load average), printed next
// to the results: figures from a shared 2-core machine mean little without the load they were taken at.
#pragma once

#include <QFile>
#include <QString>
#include <QSysInfo>
#include <QThread>

namespace bench {

inline QString machine() {
    QString cpu;
    QFile info(QStringLiteral("/proc/cpuinfo"));
    if (info.open(QIODevice::ReadOnly))
        for (const QByteArray &line : info.readAll().split('\n'))
            if (line.startsWith("model name")) {
                cpu = QString::fromUtf8(line.mid(line.indexOf(':') + 1)).trimmed();
                break;
            }
    QFile load(QStringLiteral("/proc/loadavg"));
    const QString loadavg =
        load.open(QIODevice::ReadOnly) ? QString::fromUtf8(load.readAll()).section(u' ', 0, 2) : QString();
    return QStringLiteral("%1, kernel %2, %3 cores (%4), load average %5")
        .arg(QSysInfo::prettyProductName(), QSysInfo::kernelVersion())
        .arg(QThread::idealThreadCount())
        .arg(cpu, loadavg);
}

} // namespace bench
