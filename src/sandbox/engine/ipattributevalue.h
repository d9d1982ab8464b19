// Derived fields of IPHost and IPNetwork attributes (`ip`, `prefixlen`, `netmask`, ...), computed the way
// Python's `ipaddress` module (which Infrahub uses) prints them, plus the validation and normalisation
// applied when such a value is written.
#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>

namespace infrahub::sandbox {

struct IpAttributeValue {
    // Parses "10.0.0.1/24", "10.0.0.1" (host: /32 or /128) or "2001:db8::/32". For a network, host bits
    // must be zero (Python's strict `ip_network`). Returns nullopt for anything else.
    static std::optional<IpAttributeValue> parse(const QString &text, bool network);

    bool network = false;
    int version = 4;
    int prefixLength = 32;
    QString ip;    // the address part, normalised
    QString value; // canonical "address/prefixlen"

    // A derived field by its GraphQL name (ip, prefixlen, netmask, hostmask, version, with_netmask,
    // with_hostmask, broadcast_address, num_addresses); undefined for other names.
    QJsonValue field(const QString &name) const;
};

} // namespace infrahub::sandbox
