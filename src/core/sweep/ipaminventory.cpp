#include "ipaminventory.h"

#include "client/infrahubclient.h"
#include "concurrency/cancellationtoken.h"

#include <QCoreApplication>

namespace infrahub {

QString IpamInventory::hostKey(const QHostAddress &host) {
    // One key for an IPv4 address however it was written (10.0.0.5, ::ffff:10.0.0.5).
    bool isV4 = false;
    const quint32 v4 = host.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : host.toString();
}

void IpamInventory::addAddress(const QString &kind, const QString &id, const QString &value) {
    const QHostAddress host(value.section(u'/', 0, 0).trimmed());
    if (host.isNull())
        return;
    m_byId.insert(id, m_addresses.size());
    const QString key = hostKey(host);
    if (!m_byHost.contains(key)) // the same host in two namespaces: the first object answers for it
        m_byHost.insert(key, m_addresses.size());
    m_addresses.append(Address{kind, id, value.trimmed(), host, {}});
    if (m_addressKind.isEmpty())
        m_addressKind = kind;
}

void IpamInventory::addPrefix(const QString &kind, const QString &id, const QString &value) {
    const QPair<QHostAddress, int> network = QHostAddress::parseSubnet(value.trimmed());
    if (network.first.isNull())
        return;
    m_prefixes.append(Prefix{kind, id, value.trimmed(), network});
}

void IpamInventory::addReferrer(const QString &addressId, const Referrer &referrer) {
    const auto it = m_byId.constFind(addressId);
    if (it != m_byId.cend())
        m_addresses[*it].referrers.append(referrer);
}

const IpamInventory::Address *IpamInventory::find(const QHostAddress &host) const {
    const auto it = m_byHost.constFind(hostKey(host));
    return it == m_byHost.cend() ? nullptr : &m_addresses.at(*it);
}

const IpamInventory::Prefix *IpamInventory::containingPrefix(const QHostAddress &host) const {
    const Prefix *best = nullptr;
    for (const Prefix &p : m_prefixes)
        if (host.isInSubnet(p.network) && (!best || p.network.second > best->network.second))
            best = &p;
    return best;
}

QString IpamInventory::addressValueFor(const QHostAddress &host) const {
    const bool v6 = host.protocol() == QAbstractSocket::IPv6Protocol;
    const Prefix *prefix = containingPrefix(host);
    const int length = prefix ? prefix->network.second : (v6 ? 128 : 32);
    return QStringLiteral("%1/%2").arg(host.toString()).arg(length);
}

QString IpamInventory::describe(const Address &address) {
    QString text = address.value;
    for (const Referrer &r : address.referrers)
        text += QCoreApplication::translate("IpamInventory", " · %1 (%2)").arg(r.label, r.relationship);
    return text;
}

QCoro::Task<Result<IpamInventory>> IpamInventory::load(InfrahubClient *client, QString branch,
                                                       CancellationToken token) {
    QCoro::Task<Result<std::shared_ptr<const SchemaSet>>> fetchingSchema = client->schema(branch, token);
    const Result<std::shared_ptr<const SchemaSet>> schemaResult = co_await fetchingSchema;
    if (!schemaResult)
        co_return schemaResult.error();
    const std::shared_ptr<const SchemaSet> schema = schemaResult.value();

    // Which kinds hold addresses and prefixes, and which point at addresses (kind, relationship).
    QList<QPair<QString, QString>> addressKinds; // kind, attribute
    QList<QPair<QString, QString>> prefixKinds;
    for (const KindSchema *kind : schema->nodes()) {
        for (const AttributeSchema &a : kind->attributes) {
            if (a.kind == u"IPHost") {
                addressKinds.append({kind->kind, a.name});
                break;
            }
            if (a.kind == u"IPNetwork") {
                prefixKinds.append({kind->kind, a.name});
                break;
            }
        }
    }
    QList<QPair<const KindSchema *, const RelationshipSchema *>> referring;
    for (const KindSchema *kind : schema->nodes())
        for (const RelationshipSchema &r : kind->relationships) {
            if (r.isMany())
                continue;
            for (const auto &[addressKind, attribute] : std::as_const(addressKinds))
                if (schema->isKindOf(addressKind, r.peer) && addressKind != kind->kind) {
                    referring.append({kind, &r});
                    break;
                }
        }

    IpamInventory inventory;
    auto listAll = [&](const QString &kind, const QStringList &fields) {
        QueryOptions options;
        options.selection.fields = fields;
        options.selection.dropdownDetails = false;
        options.orderDisabled = true;
        return client->all(kind, options, InfrahubClient::Paging::Concurrent, branch, token);
    };
    for (const auto &[kind, attribute] : std::as_const(addressKinds)) {
        QCoro::Task<Result<QList<Node>>> listing = listAll(kind, {attribute});
        const Result<QList<Node>> nodes = co_await listing;
        if (!nodes)
            co_return nodes.error();
        for (const Node &n : nodes.value())
            inventory.addAddress(n.kind(), n.id(), n.value(attribute).toString());
    }
    for (const auto &[kind, attribute] : std::as_const(prefixKinds)) {
        QCoro::Task<Result<QList<Node>>> listing = listAll(kind, {attribute});
        const Result<QList<Node>> nodes = co_await listing;
        if (!nodes)
            co_return nodes.error();
        for (const Node &n : nodes.value())
            inventory.addPrefix(n.kind(), n.id(), n.value(attribute).toString());
    }
    for (const auto &[kind, relationship] : std::as_const(referring)) {
        QCoro::Task<Result<QList<Node>>> listing = listAll(kind->kind, {relationship->name});
        const Result<QList<Node>> nodes = co_await listing;
        if (!nodes)
            co_return nodes.error();
        const QString relationshipLabel =
            relationship->label.isEmpty() ? relationship->name : relationship->label;
        for (const Node &n : nodes.value())
            for (const RelatedNode &peer : n.peers(relationship->name))
                inventory.addReferrer(peer.id,
                                      Referrer{n.kind(), n.id(),
                                               n.displayLabel().isEmpty() ? n.id() : n.displayLabel(),
                                               relationshipLabel});
    }
    co_return inventory;
}

} // namespace infrahub
