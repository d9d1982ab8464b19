// One way of asking "is this host there?". Implementations: TCP connect (works everywhere without
// privileges), ICMP echo (datagram sockets where the OS allows, raw when privileged), the system ping.
// A probe never blocks the event loop and stops early when its token is cancelled.
#pragma once

#include "concurrency/cancellationtoken.h"

#include <QCoroTask>
#include <QHostAddress>
#include <QString>

namespace infrahub {

struct ProbeOptions {
    int timeoutMs = 1000; // per try
    int tries = 1;
};

struct ProbeResult {
    enum class State { Up, Down, Error };
    State state = State::Down;
    double latencyMs = -1; // of the answering try; -1 when down
    QString method;        // "tcp-connect 22", "icmp-echo", ...
    QString detail; // why it counts as up ("port 22 refused the connection: the host answered") or the error

    bool isUp() const { return state == State::Up; }
};

class Prober {
public:
    virtual ~Prober() = default;
    // What it is, for the UI and reports ("TCP connect to ports 22, 443").
    virtual QString description() const = 0;
    virtual QCoro::Task<ProbeResult> probe(QHostAddress host, ProbeOptions options,
                                           CancellationToken token) = 0;
};

} // namespace infrahub
