#include "devicestate.h"

#include <QCryptographicHash>
#include <QMutexLocker>
#include <QtEndian>

namespace infrahub::sandbox {

DeviceState::DeviceState(DeviceDescription description)
    : m_description(std::move(description)) {
    // 3 to 60 days of uptime, the same for a hostname in every run (qHash is seeded per process).
    const QByteArray digest =
        QCryptographicHash::hash(m_description.hostname.toUtf8(), QCryptographicHash::Sha256);
    const quint32 spread = qFromBigEndian<quint32>(digest.constData()) % (57u * 86400u);
    const qint64 seconds = 3 * 86400 + qint64(spread);
    m_bootTime = QDateTime::currentDateTimeUtc().addSecs(-seconds);
}

DeviceDescription DeviceState::description() const {
    QMutexLocker lock(&m_mutex);
    return m_description;
}

void DeviceState::setDescription(DeviceDescription description) {
    QMutexLocker lock(&m_mutex);
    m_description = std::move(description);
}

DeviceFaults DeviceState::faults() const {
    QMutexLocker lock(&m_mutex);
    return m_faults;
}

void DeviceState::setFaults(const DeviceFaults &faults) {
    QMutexLocker lock(&m_mutex);
    m_faults = faults;
}

quint64 DeviceState::nextConfigRevision() {
    QMutexLocker lock(&m_mutex);
    return ++m_configRevision;
}

void DeviceState::noteConnection() {
    QMutexLocker lock(&m_mutex);
    ++m_stats.connections;
}

void DeviceState::noteLogin() {
    QMutexLocker lock(&m_mutex);
    ++m_stats.logins;
}

void DeviceState::noteAuthFailure() {
    QMutexLocker lock(&m_mutex);
    ++m_stats.authFailures;
}

void DeviceState::noteCommand(const QString &line) {
    QMutexLocker lock(&m_mutex);
    ++m_stats.commands;
    m_stats.recentCommands.append(line);
    if (m_stats.recentCommands.size() > 100)
        m_stats.recentCommands.removeFirst();
}

void DeviceState::noteConfigFetch() {
    QMutexLocker lock(&m_mutex);
    ++m_stats.configFetches;
}

DeviceStats DeviceState::stats() const {
    QMutexLocker lock(&m_mutex);
    return m_stats;
}

} // namespace infrahub::sandbox
