// The last resort: the operating system's own `ping`, one child process per try. It works wherever ping
// does (ping is setuid, has file capabilities or uses the OS's unprivileged ICMP sockets), which is why
// it is offered when ICMP sockets are refused and TCP connect is not wanted (a host with a firewall that
// drops every port but answers echo requests).
//
// Cost: every try starts a process (fork/exec, pipes and a child notifier: about 4 file descriptors
// while it runs, and about 1 ms of CPU with ping's own share; measured here: 254 loopback hosts in
// 0.4 s, 0.27 s CPU in all), so it is by far the heaviest prober. The prober therefore never runs more
// than `maxProcesses` pings at once (32 by default), however many probes the sweep runs concurrently:
// the others wait for a slot, and their timeout only starts with their own ping. Nothing blocks the
// event loop: the process is awaited through signals.
//
// Reading the answer: the exit code first (iputils: 0 reply, 1 no reply, 2 error; macOS/BSD: 0 reply,
// 2 no reply, other error; Windows: 0 reply, 1 none), then the output for the latency
// ("time=0.045 ms", Windows "time<1ms"). Windows localises its output, so there only "TTL=" (not
// translated) and the exit code decide, and the latency is read from "<number>ms" in any language.
// A ping that does not end by itself within the timeout plus a grace period is killed and reaped; a
// cancelled probe kills its ping at once. No child process outlives its probe.
#pragma once

#include "prober.h"

#include <QAbstractSocket>
#include <QStringList>

#include <memory>
#include <optional>

namespace infrahub {

class AsyncSemaphore;

class SystemPingProber : public Prober {
public:
    // Whose ping the arguments and the exit codes are meant for. The default is this OS's; tests pass
    // another to check the argument lists and the reading of answers of other systems with a fake ping.
    enum class Dialect {
        Iputils, // Linux: ping -n -c 1 -W <seconds> [-6]
        Bsd,     // macOS: ping -n -c 1 -W <ms>; IPv6 through ping6 -n -c 1 (which has no wait option)
        Windows, // ping -n 1 -w <ms> -4|-6
    };
    static Dialect nativeDialect();

    struct Availability {
        bool found = false;
        QString program; // the path that will run, when found
        QString reason;  // what it is and why it is used, or why it cannot be
    };
    // Whether this machine has a ping for `protocol` (looked up on PATH, then in the usual system
    // folders). Whether ping may then actually send is the system's business (setuid, capabilities,
    // net.ipv4.ping_group_range): a refusal shows up per host as an Error with ping's own words.
    static Availability availability(QAbstractSocket::NetworkLayerProtocol protocol);

    // `executable`: the ping to run for every address family (empty: found as availability() says).
    // `maxProcesses`: pings running at once, at least 1.
    explicit SystemPingProber(QString executable = {}, Dialect dialect = nativeDialect(),
                              int maxProcesses = kDefaultMaxProcesses);
    ~SystemPingProber() override;

    QString description() const override;
    QCoro::Task<ProbeResult> probe(QHostAddress host, ProbeOptions options, CancellationToken token) override;

    int maxProcesses() const;
    int runningProcesses() const; // pings started by this prober that have not been reaped yet

    static constexpr int kDefaultMaxProcesses = 32;
    // How long past the timeout a ping that should have ended by itself may take before it is killed
    // (process start-up on a busy machine, ping's own rounding).
    static constexpr int kExitGraceMs = 1000;

    // One try, as a command line.
    struct Command {
        QString program;
        QStringList arguments;
        bool endsByItself = true; // false: nothing bounds ping's wait, the timeout kills it (macOS ping6)
    };
    // `program` empty: the one availability() finds (the Command's program is then empty if none is).
    static Command command(Dialect dialect, const QString &program, const QHostAddress &host, int timeoutMs);

    // The round-trip time in a ping's output. "<1ms" (Windows) gives 1 with `upperBound` set.
    struct Latency {
        double ms = 0;
        bool upperBound = false;
    };
    static std::optional<Latency> parseLatency(const QString &output);

    // What a finished ping's exit code and output mean (latency -1 when the output has none).
    static ProbeResult interpret(Dialect dialect, const QHostAddress &host, int exitCode,
                                 const QString &output, const QString &errorOutput, int timeoutMs);

private:
    static QCoro::Task<ProbeResult> pingOnce(Command command, Dialect dialect, QHostAddress host,
                                             int timeoutMs, std::shared_ptr<AsyncSemaphore> slots,
                                             std::shared_ptr<int> running, CancellationToken token);

    QString m_program4; // the ping for IPv4 / IPv6 targets (empty: none found)
    QString m_program6;
    Dialect m_dialect;
    std::shared_ptr<AsyncSemaphore> m_slots; // shared with running probes, which may outlive the prober
    std::shared_ptr<int> m_running;
};

} // namespace infrahub
