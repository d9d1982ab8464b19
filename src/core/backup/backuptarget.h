// One device to back up, as Infrahub describes it: which device (for the store's file and records), where to
// reach it over SSH, and what Infrahub calls its platform (the platform table turns that into commands).
// BackupTargets::load() reads these from Infrahub; a caller may also build them by hand.
#pragma once

#include "deviceref.h"

#include <QString>

namespace infrahub {

struct BackupTarget {
    DeviceRef device;
    QString host; // address without /len, or a DNS name
    int port = 0; // 0: ssh config or 22
    // What Infrahub calls the platform: its netmiko_device_type, else its napalm_driver, else the platform's
    // name; empty when the device has none.
    QString platform;
    QString napalmDriver;
    QString site; // for people, may be empty
};

} // namespace infrahub
