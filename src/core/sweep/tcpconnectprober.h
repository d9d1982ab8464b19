// The universal prober: a TCP connection to each of a few ports (22, 443, ...). A host is up when any port
// completes the handshake or refuses it (a RST is an answer: the host is there); it is down when every
// try of every port times out or the network says it is unreachable. Works without privileges on every OS.
#pragma once

#include "prober.h"

#include <QList>

namespace infrahub {

class TcpConnectProber : public Prober {
public:
    explicit TcpConnectProber(QList<quint16> ports = {22, 443});

    QString description() const override;
    QCoro::Task<ProbeResult> probe(QHostAddress host, ProbeOptions options, CancellationToken token) override;

private:
    // One connection attempt to `port`: Up (connected or refused), Down (timed out / unreachable), with
    // latency.
    static QCoro::Task<ProbeResult> tryPort(QHostAddress host, quint16 port, int timeoutMs,
                                            CancellationToken token);
    // tryPort(), cancelling `stopOthers` when the port answered.
    static QCoro::Task<ProbeResult> tryPortThenStop(QHostAddress host, quint16 port, int timeoutMs,
                                                    CancellationSource stopOthers);

    QList<quint16> m_ports;
};

} // namespace infrahub
