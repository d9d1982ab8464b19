// The sandbox's demo data: a small realistic network (sites in countries, racks, spine/leaf/edge devices
// on several platforms, interfaces, VLANs, prefixes, IP addresses, tags) or, for benchmarks, a generated
// dataset of N devices. Every IP address is inside 127.0.0.0/8, so sweeping or backing up demo devices
// only ever touches loopback.
#pragma once

#include "sandboxstore.h"

namespace infrahub::sandbox {

struct DemoDatasetSummary {
    int sites = 0;
    int devices = 0;
    int interfaces = 0;
    int vlans = 0;
    int prefixes = 0;
    int ipAddresses = 0;
    int total = 0;
};

class DemoDataset {
public:
    // Fills `main` of `store`. `devices == 0` builds the hand-made demo (5 sites, 40 devices); otherwise
    // `devices` devices spread over sites of 20, with two interfaces each. Returns nullopt with *error set
    // if the store's schema lacks the demo kinds (a custom schema was loaded).
    static std::optional<DemoDatasetSummary> populate(SandboxStore &store, int devices, QString *error);
};

} // namespace infrahub::sandbox
