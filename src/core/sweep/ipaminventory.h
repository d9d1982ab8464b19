// What Infrahub knows about the addresses a sweep touches: the IP address objects (any node kind with an
// IPHost attribute, IpamIPAddress in the demo), the prefixes that contain them (kinds with an IPNetwork
// attribute) and the objects that point at an address through a cardinality-one relationship, such as a
// device's primary_address. Looked up by host address, so a sweep's rows can name their object, and a
// reconciliation can tell which live hosts IPAM is missing and which known addresses are silent.
#pragma once

#include "client/infrahuberror.h"

#include <QCoroTask>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QString>

namespace infrahub {

class CancellationToken;
class InfrahubClient;

class IpamInventory {
public:
    struct Referrer { // an object whose relationship points at the address ("atl1-edge1", primary_address)
        QString kind;
        QString id;
        QString label;
        QString relationship;
    };
    struct Address {
        QString kind; // IpamIPAddress
        QString id;
        QString value; // as Infrahub stores it, with its prefix length: "10.0.0.5/24"
        QHostAddress host;
        QList<Referrer> referrers;
    };
    struct Prefix {
        QString kind;
        QString id;
        QString value; // "10.0.0.0/24"
        QPair<QHostAddress, int> network;
    };

    // Reads every address, prefix and referring object from `client` on `branch` (empty: the default).
    static QCoro::Task<Result<IpamInventory>> load(InfrahubClient *client, QString branch,
                                                   CancellationToken token);

    // Building blocks (load() uses them; tests may too). Values that are not addresses are skipped.
    void addAddress(const QString &kind, const QString &id, const QString &value);
    void addPrefix(const QString &kind, const QString &id, const QString &value);
    void addReferrer(const QString &addressId, const Referrer &referrer);

    const Address *find(const QHostAddress &host) const;
    const QList<Address> &addresses() const { return m_addresses; }
    const QList<Prefix> &prefixes() const { return m_prefixes; }
    // The most specific known prefix containing `host`, or nullptr.
    const Prefix *containingPrefix(const QHostAddress &host) const;
    // `host` written as Infrahub stores an address: with the prefix length of its containing prefix, or as
    // a host route (/32, /128) when no prefix contains it.
    QString addressValueFor(const QHostAddress &host) const;
    // What a sweep row shows: "10.0.0.5/24 · atl1-edge1 (Primary IP Address)".
    static QString describe(const Address &address);
    // The kind to create missing addresses as (the first address kind the schema has), for reconciliation.
    QString addressKind() const { return m_addressKind; }
    void setAddressKind(const QString &kind) { m_addressKind = kind; }

private:
    static QString hostKey(const QHostAddress &host);

    QList<Address> m_addresses;
    QList<Prefix> m_prefixes;
    QHash<QString, qsizetype> m_byHost; // hostKey -> index in m_addresses (the first object wins)
    QHash<QString, qsizetype> m_byId;
    QString m_addressKind;
};

} // namespace infrahub
