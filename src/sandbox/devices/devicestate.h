// One emulated device while the emulator runs: its description and faults (both replaceable at any time
// from any thread), the clock its uptime counts from, the change-config counter, and what clients did
// with it (for tests to assert on). Connections hold a shared pointer, so a device removed while a client
// is logged in stays consistent until that client leaves.
#pragma once

#include "devicedescription.h"
#include "devicefaults.h"

#include <QDateTime>
#include <QMutex>
#include <QStringList>

namespace infrahub::sandbox {

struct DeviceStats {
    quint64 connections = 0;    // TCP connections accepted
    quint64 logins = 0;         // successful authentications
    quint64 authFailures = 0;   // refused authentication attempts (key probes included)
    quint64 commands = 0;       // command lines run (shell and exec)
    quint64 configFetches = 0;  // show running-config / show configuration
    QStringList recentCommands; // the last 100 command lines, oldest first
};

class DeviceState {
public:
    explicit DeviceState(DeviceDescription description);

    DeviceDescription description() const;
    void setDescription(DeviceDescription description);
    DeviceFaults faults() const;
    void setFaults(const DeviceFaults &faults);
    // When the device "booted": a few days to weeks before the emulator started (different per device,
    // stable per hostname), so `show version` uptimes look real and keep counting.
    QDateTime bootTime() const { return m_bootTime; }
    // The next value of the change-config fault's counter (1, 2, ...), one per config fetch.
    quint64 nextConfigRevision();

    void noteConnection();
    void noteLogin();
    void noteAuthFailure();
    void noteCommand(const QString &line);
    void noteConfigFetch();
    DeviceStats stats() const;

private:
    mutable QMutex m_mutex;
    DeviceDescription m_description;
    DeviceFaults m_faults;
    QDateTime m_bootTime;
    quint64 m_configRevision = 0;
    DeviceStats m_stats;
};

} // namespace infrahub::sandbox
