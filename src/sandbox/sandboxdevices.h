// The sandbox's device SSH (DeviceSshOptions, docs/sandbox.md "Device SSH"): an SSH device emulator for
// the dataset's devices, started and stopped with the SandboxServer. It owns the client key pair the
// console logs in with, applies fault rules (and the demo's showcase faults), and follows the data: after
// a change on `main` (a renamed device, an edited interface description, a new device) the devices are
// read again, so the next backup shows the change.
#pragma once

#include "sandbox/devices/deviceemulator.h"
#include "sandboxoptions.h"

#include <QObject>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

namespace infrahub::sandbox {

class SandboxStore;

class SandboxDevices : public QObject {
    Q_OBJECT

public:
    SandboxDevices(const SandboxStore &store, DeviceSshOptions options, QObject *parent = nullptr);
    ~SandboxDevices() override;

    // Prepares the keys, reads the devices and starts listening. False with *error on failure.
    bool start(QString *error);
    void stop();

    DeviceEmulator &emulator() { return *m_emulator; }
    quint16 port() const { return m_emulator ? m_emulator->port() : 0; }
    int deviceCount() const { return m_deviceCount; }
    int skippedDevices() const { return m_skipped; } // beyond DeviceSshOptions::maxDevices
    QString clientKeyFile() const { return m_clientKeyFile; }
    QString clientPublicKey() const { return m_clientPublicKey; }

    // The faults DeviceSshOptions::demoFaults gives (one device per fault, on the demo's hostnames).
    static QList<DeviceFaultRule> demoFaultRules();

public Q_SLOTS:
    // Schedules a re-read of the devices after a change on `branch` (only `main` has SSH devices).
    void onDataChanged(const QString &branch);
    // Reads the devices again now and hands them to the running emulator.
    void refresh();

private:
    void applyFaultRules(const QList<DeviceDescription> &devices);

    const SandboxStore &m_store;
    DeviceSshOptions m_options;
    QList<DeviceFaultRule> m_rules;
    std::unique_ptr<QTemporaryDir> m_keyDir; // when no client key file was given
    QString m_clientKeyFile;
    QString m_clientPublicKey;
    std::unique_ptr<DeviceEmulator> m_emulator;
    QList<QHostAddress> m_known; // addresses that had their fault rules applied
    int m_deviceCount = 0;
    int m_skipped = 0;
    QTimer m_refreshTimer;
};

} // namespace infrahub::sandbox
