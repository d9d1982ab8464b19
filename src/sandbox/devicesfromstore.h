// The sandbox's devices as the SSH emulator needs them: each InfraDevice of a branch with a loopback
// primary address, read from the store with its platform's netmiko type, model, serial, site, interfaces
// (addresses, L2 mode and VLANs, enabled, description) and its site's VLANs.
#pragma once

#include "sandbox/devices/devicedescription.h"

#include <QList>
#include <QString>

namespace infrahub::sandbox {

class SandboxStore;

struct StoreDevices {
    QList<DeviceDescription> devices; // in the kind's order
    int withoutAddress = 0;           // devices skipped: no primary address, or not a loopback one
    int overLimit = 0;                // devices skipped beyond the limit
};

// Devices of `branch` (empty result if the schema has no InfraDevice or the branch does not exist).
StoreDevices readStoreDevices(const SandboxStore &store, const QString &branch, int limit);

} // namespace infrahub::sandbox
