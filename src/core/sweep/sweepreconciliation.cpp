#include "sweepreconciliation.h"

namespace infrahub {

SweepReconciliation SweepReconciliation::compute(const QList<SweepRunner::HostResult> &results,
                                                 const IpamInventory &inventory) {
    SweepReconciliation r;
    for (const SweepRunner::HostResult &h : results) {
        if (!h.probed)
            continue;
        const IpamInventory::Address *known = inventory.find(h.address);
        if (h.result.isUp() && !known) {
            const IpamInventory::Prefix *prefix = inventory.containingPrefix(h.address);
            r.aliveNotInIpam.append(
                Missing{h.address, inventory.addressValueFor(h.address), prefix ? prefix->value : QString()});
        } else if (h.result.state == ProbeResult::State::Down && known) {
            r.silentInIpam.append(*known);
        }
    }
    return r;
}

} // namespace infrahub
