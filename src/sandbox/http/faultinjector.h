// Fault injection for the sandbox server: latency, error statuses, dropped and stalled connections,
// decided per request before the handler runs. Lets client code be tested against a slow, flaky or
// overloaded Infrahub without a real one. Deterministic when seeded, adjustable while the server runs.
#pragma once

#include "httpresponse.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMutex>
#include <QStringList>

#include <random>

namespace infrahub::sandbox {

struct FaultSettings {
    int latencyMs = 0;
    // Each delay is latencyMs plus a uniform offset in [-latencyJitterMs, +latencyJitterMs], never < 0.
    int latencyJitterMs = 0;
    // The three rates are probabilities of exclusive outcomes, drawn with one random number per request:
    // [0, drop) drops, [drop, drop+stall) stalls, [drop+stall, drop+stall+fail) fails.
    double failRate = 0;
    QList<int> failStatuses = defaultFailStatuses(); // picked uniformly for each failure
    int retryAfterSeconds = 1;                       // Retry-After on injected 503/429 (omitted when <= 0)
    double dropRate = 0;                             // close the connection without answering
    double stallRate = 0;                            // never answer; the client has to give up
    quint64 seed = 0;                                // 0 = random seed
    QStringList pathPrefixes; // only requests whose decoded path starts with one; empty = all

    // {502, 503, 429}. Out of line: GCC 12 warns falsely about an initializer list in the member
    // initializer once it is inlined.
    static QList<int> defaultFailStatuses();
};

// What was injected since the last reset, for tests to assert on.
struct FaultCounters {
    quint64 seen = 0;     // every request that reached the injector
    quint64 eligible = 0; // requests matching pathPrefixes
    quint64 delayed = 0;
    quint64 failed = 0;
    quint64 dropped = 0;
    quint64 stalled = 0;
    qint64 totalDelayMs = 0;
    QMap<int, quint64> failedByStatus;
};

class FaultInjector {
public:
    enum class Action { Pass, Fail, Drop, Stall };
    struct Decision {
        Action action = Action::Pass;
        int delayMs = 0; // applied before the action (so a failure or drop is delayed too)
        int status = 0;  // for Fail
        int retryAfterSeconds = 0;
    };

    FaultInjector();

    // Replaces all settings and restarts the random sequence from the seed, so two runs with the same
    // seed and the same request order inject the same faults. Counters are kept.
    void setSettings(const FaultSettings &settings);
    FaultSettings settings() const;
    // No faults at all (settings back to defaults).
    void clear() { setSettings(FaultSettings()); }

    FaultCounters counters() const;
    void resetCounters();

    // Decides the fate of one request. Called by HttpServer for every request in arrival order; public
    // so tests can check the sequence of decisions without a network.
    Decision decide(QByteArrayView path);

    // The answer for a Fail decision: the status, Retry-After for 503/429, Infrahub's legacy envelope.
    static HttpResponse failureResponse(const Decision &decision);

private:
    double nextUnit();

    mutable QMutex m_mutex; // settings may be changed from a test thread while the server thread decides
    FaultSettings m_settings;
    QList<QByteArray> m_prefixes; // UTF-8 pathPrefixes, so matching needs no conversion per request
    std::mt19937_64 m_random;
    FaultCounters m_counters;
};

} // namespace infrahub::sandbox
