// ICMP echo ("ping") without a child process: a datagram ICMP socket where the OS lets unprivileged users
// have one (Linux's net.ipv4.ping_group_range, macOS), else a raw ICMP socket when the process is
// privileged. Which one it uses, or why it cannot, is said by availability() — the sweep then falls back
// to TCP connect and tells the user why. IPv4 and IPv6. Unix only; Windows has its own ICMP API.
//
// All probes of a thread share one socket per family (IcmpEchoChannel), so thousands of probes in flight
// cost one socket's receive work, and any number of prober instances can run side by side.
#pragma once

#include "prober.h"

namespace infrahub {

class IcmpEchoProber : public Prober {
public:
    enum class Mode { Unavailable, Datagram, Raw };
    struct Availability {
        Mode mode = Mode::Unavailable;
        QString reason; // why not, or which socket kind and why
    };
    // What this machine allows, for `protocol` (IPv4 or IPv6); checked by opening (and closing) a socket.
    static Availability availability(QAbstractSocket::NetworkLayerProtocol protocol);

    QString description() const override;
    QCoro::Task<ProbeResult> probe(QHostAddress host, ProbeOptions options, CancellationToken token) override;
};

} // namespace infrahub
