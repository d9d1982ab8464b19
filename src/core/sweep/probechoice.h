// Which prober a sweep uses, and why, in one place for the console and the CLI: what the user chose, or
// by default ICMP echo where this OS and user may send it (Windows' ICMP API, else datagram or raw ICMP
// sockets) and otherwise TCP connect. The system ping is only used when asked for: one process per try
// is the heaviest method. A method must work for every address family among the targets.
#pragma once

#include "prober.h"
#include "sweeptargets.h"

#include <memory>
#include <optional>

namespace infrahub {

enum class ProbeMethod { Auto, Icmp, Tcp, Ping };

struct ProbeChoice {
    std::shared_ptr<Prober> prober; // null when the chosen method cannot be used (see error)
    QString why;                    // for people: which method and why it is the one used
    QString error;

    static ProbeChoice choose(ProbeMethod method, const QList<quint16> &tcpPorts,
                              const SweepTargets &targets);
    // "22, 443" -> {22, 443}; nothing with *error set when a port is not 1-65535.
    static std::optional<QList<quint16>> parsePorts(const QString &text, QString *error);
};

} // namespace infrahub
