// The configuration a device prints, generated from its description in each family's own syntax:
// IOS and EOS `show running-config` (ending with `end`), NX-OS `show running-config` (which, like the real
// one, has no `end`), Junos `show configuration` (braces) and `show configuration | display set`.
// Each carries what makes real backups hard: volatile lines (IOS `! Last configuration change at` and
// `ntp clock-period`, NX-OS `!Time:`, Junos `## Last commit:`) and secrets (hashed passwords, SNMP keys).
#pragma once

#include "devicedescription.h"

#include <QDateTime>
#include <QStringList>

namespace infrahub::sandbox {

// What differs between two fetches of an unchanged configuration.
struct ConfigMoment {
    QDateTime now;           // UTC
    quint32 clockPeriod = 0; // IOS `ntp clock-period` (the real one drifts)
    quint64 revision = 0;    // > 0: the change-config fault's counter, printed in a real config line
    QString user = QStringLiteral("admin"); // who "last changed" it
};

class DeviceConfigText {
public:
    // IOS / EOS / NX-OS flavour by the description's platform. Lines without line ends.
    static QStringList runningConfig(const DeviceDescription &device, const ConfigMoment &moment);
    static QStringList junosConfiguration(const DeviceDescription &device, const ConfigMoment &moment);
    static QStringList junosSetConfiguration(const DeviceDescription &device, const ConfigMoment &moment);
};

} // namespace infrahub::sandbox
