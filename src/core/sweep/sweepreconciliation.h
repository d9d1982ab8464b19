// A sweep held against Infrahub: the hosts that answered but that IPAM does not have, and the addresses
// IPAM has (or that are some device's primary address) that stayed silent. Only hosts that were really
// probed count: a cancelled sweep's unprobed hosts are neither. Errors (a probe that could not be sent)
// are not silence either.
#pragma once

#include "ipaminventory.h"
#include "sweeprunner.h"

namespace infrahub {

struct SweepReconciliation {
    struct Missing {
        QHostAddress host;
        QString value;  // the address to create, with its prefix's length: "10.0.0.7/24"
        QString prefix; // the containing prefix, or empty
    };
    QList<Missing> aliveNotInIpam;
    QList<IpamInventory::Address> silentInIpam;

    static SweepReconciliation compute(const QList<SweepRunner::HostResult> &results,
                                       const IpamInventory &inventory);
    bool isEmpty() const { return aliveNotInIpam.isEmpty() && silentInIpam.isEmpty(); }
};

} // namespace infrahub
