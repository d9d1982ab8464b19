// What a reachability sweep probes, from what people type: single addresses, CIDR blocks, ranges
// ("10.0.0.1-10.0.0.20" or "10.0.0.1-20"), IPv4 and IPv6, several at once (lines, commas or spaces).
// Blocks expand to their host addresses: an IPv4 network's network and broadcast addresses are left out
// (not for /31 and /32, which have none, RFC 3021), as is an IPv6 subnet's all-zeros subnet-router
// anycast address. Duplicates are dropped, the first order kept. Bad input is an error that names the
// item and says what would be accepted; a sweep larger than a limit is refused before anything is sent.
#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

#include <optional>

namespace infrahub {

class SweepTargets {
public:
    // The most hosts one sweep expands to (a /12 of IPv4); larger input is refused, not truncated.
    static constexpr qsizetype kMaxHosts = 1 << 20;

    // Parses `text`; nothing with *error set when an item cannot be read or the total is over `maxHosts`.
    static std::optional<SweepTargets> parse(const QString &text, QString *error,
                                             qsizetype maxHosts = kMaxHosts);
    // A prefix as Infrahub stores it ("10.1.0.0/24"), e.g. from a selected IpamIPPrefix.
    static std::optional<SweepTargets> fromPrefix(const QString &prefix, QString *error);

    const QList<QHostAddress> &hosts() const { return m_hosts; }
    qsizetype size() const { return m_hosts.size(); }
    // True when the sweep is big enough that the user should confirm it first (the console asks above
    // `threshold`, 4,096 by default).
    bool needsConfirmation(qsizetype threshold = 4096) const { return m_hosts.size() > threshold; }

private:
    QList<QHostAddress> m_hosts;
};

} // namespace infrahub
