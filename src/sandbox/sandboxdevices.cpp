#include "sandboxdevices.h"

#include "devicesfromstore.h"
#include "sandbox/devices/sshkey.h"

#include <QSet>

namespace infrahub::sandbox {

SandboxDevices::SandboxDevices(const SandboxStore &store, DeviceSshOptions options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(std::move(options)) {
    // Debounced: a batch of mutations re-reads the devices once.
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(300);
    connect(&m_refreshTimer, &QTimer::timeout, this, &SandboxDevices::refresh);
}

SandboxDevices::~SandboxDevices() {
    stop();
}

QList<DeviceFaultRule> SandboxDevices::demoFaultRules() {
    // One device per fault, spread over the sites and platforms; jfk1-edge2 is the demo's device in
    // maintenance, so it is the one that hangs.
    const QList<std::pair<const char *, const char *>> rules{
        {"atl1-leaf1", "change-config"}, {"ord1-leaf2", "slow:200"},    {"jfk1-edge2", "hang"},
        {"fra1-leaf3", "garbage"},       {"fra1-spine2", "disconnect"}, {"cdg1-edge1", "truncate"},
        {"cdg1-leaf4", "reject-auth"},
    };
    QList<DeviceFaultRule> out;
    for (const auto &[name, faults] : rules) {
        QString error;
        out.append(DeviceFaultRule{QLatin1String(name), *DeviceFaults::parse(QLatin1String(faults), &error)});
    }
    return out;
}

bool SandboxDevices::start(QString *error) {
    // The client key: the console's identity for every demo device.
    m_clientKeyFile = m_options.clientKeyFile;
    if (m_clientKeyFile.isEmpty()) {
        m_keyDir = std::make_unique<QTemporaryDir>();
        if (!m_keyDir->isValid()) {
            *error = QStringLiteral("device SSH: cannot create a directory for the client key");
            return false;
        }
        m_clientKeyFile = m_keyDir->filePath(QStringLiteral("id_ed25519"));
    }
    const SshKey clientKey =
        SshKey::loadOrCreatePrivateKeyFile(m_clientKeyFile, QStringLiteral("infrahub-console-demo"), error);
    if (clientKey.isNull()) {
        *error = QStringLiteral("device SSH client key: ") + *error;
        return false;
    }
    m_clientPublicKey = clientKey.publicKeyLine(QStringLiteral("infrahub-console-demo"));

    DeviceEmulatorOptions emulatorOptions;
    emulatorOptions.port = m_options.port;
    emulatorOptions.hostKeyFile = m_options.hostKeyFile;
    emulatorOptions.username = m_options.username;
    emulatorOptions.password = m_options.password;
    emulatorOptions.authorizedKeys = QStringList{m_clientPublicKey} + m_options.authorizedKeys;
    emulatorOptions.authorizedKeysFile = m_options.authorizedKeysFile;

    m_rules = m_options.demoFaults ? demoFaultRules() : QList<DeviceFaultRule>();
    m_rules += m_options.faultRules;

    const StoreDevices found = readStoreDevices(m_store, QStringLiteral("main"), m_options.maxDevices);
    m_emulator = std::make_unique<DeviceEmulator>(emulatorOptions);
    if (!m_emulator->start(found.devices, error)) {
        *error = QStringLiteral("device SSH: ") + *error;
        m_emulator.reset();
        return false;
    }
    m_deviceCount = int(found.devices.size());
    m_skipped = found.overLimit;
    applyFaultRules(found.devices);
    return true;
}

void SandboxDevices::stop() {
    m_refreshTimer.stop();
    if (m_emulator)
        m_emulator->stop();
}

void SandboxDevices::onDataChanged(const QString &branch) {
    if (branch == u"main" && m_emulator && m_emulator->isRunning())
        m_refreshTimer.start();
}

void SandboxDevices::refresh() {
    if (!m_emulator || !m_emulator->isRunning())
        return;
    const StoreDevices found = readStoreDevices(m_store, QStringLiteral("main"), m_options.maxDevices);
    QString error;
    if (!m_emulator->setDevices(found.devices, &error))
        qWarning("infrahub-sandbox: device SSH: %s", qPrintable(error));
    m_deviceCount = int(m_emulator->addresses().size());
    m_skipped = found.overLimit;
    applyFaultRules(found.devices);
}

void SandboxDevices::applyFaultRules(const QList<DeviceDescription> &devices) {
    // Only devices seen for the first time: faults set at runtime (tests, setFaults) are kept.
    const QSet<QHostAddress> known(m_known.cbegin(), m_known.cend());
    for (const DeviceDescription &d : devices) {
        if (known.contains(d.address))
            continue;
        m_known.append(d.address);
        for (const DeviceFaultRule &rule : std::as_const(m_rules))
            if (rule.matches(d.hostname, d.address))
                m_emulator->setFaults(d.address, rule.faults);
    }
}

} // namespace infrahub::sandbox
