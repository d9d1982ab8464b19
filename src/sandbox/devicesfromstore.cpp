#include "devicesfromstore.h"

#include "sandbox/engine/sandboxstore.h"

#include <QSet>

namespace infrahub::sandbox {

namespace {

QString text(const NodeRecord &r, const QString &attribute) {
    const QJsonValue v = r.value(attribute);
    return v.isString() ? v.toString() : (v.isDouble() ? QString::number(v.toDouble()) : QString());
}

// The peer of a cardinality-one relationship, or null.
NodeRef peer(const SandboxStore &store, const BranchState &branch, const NodeRecord &r,
             const QString &relationship) {
    const QStringList ids = r.peerIds(relationship);
    return ids.isEmpty() ? NodeRef() : store.node(branch, ids.constFirst());
}

QHostAddress hostOf(const QString &cidr) {
    return QHostAddress(cidr.section(QLatin1Char('/'), 0, 0));
}

} // namespace

StoreDevices readStoreDevices(const SandboxStore &store, const QString &branchName, int limit) {
    StoreDevices result;
    const BranchState *branch = store.branch(branchName);
    if (!branch || !store.schema().kind(QStringLiteral("InfraDevice")))
        return result;

    // VLANs by site, read once (a device shows its site's VLANs, like a switch that has them all).
    QHash<QString, QList<DeviceVlan>> vlansBySite;
    if (store.schema().kind(QStringLiteral("InfraVLAN"))) {
        for (const QString &id : *store.orderedIds(*branch, QStringLiteral("InfraVLAN"))) {
            const NodeRef vlan = store.node(*branch, id);
            if (!vlan)
                continue;
            const DeviceVlan v{vlan->value(QStringLiteral("vlan_id")).toInt(),
                               text(*vlan, QStringLiteral("name"))};
            for (const QString &site : vlan->peerIds(QStringLiteral("site")))
                vlansBySite[site].append(v);
        }
    }

    for (const QString &id : *store.orderedIds(*branch, QStringLiteral("InfraDevice"))) {
        const NodeRef record = store.node(*branch, id);
        if (!record)
            continue;
        const NodeRef primary = peer(store, *branch, *record, QStringLiteral("primary_address"));
        const QHostAddress address =
            primary ? hostOf(text(*primary, QStringLiteral("address"))) : QHostAddress();
        if (address.isNull() || !address.isLoopback()) {
            ++result.withoutAddress;
            continue;
        }
        if (result.devices.size() >= limit) {
            ++result.overLimit;
            continue;
        }
        DeviceDescription d;
        d.address = address;
        d.hostname = text(*record, QStringLiteral("name"));
        d.model = text(*record, QStringLiteral("type"));
        d.serial = text(*record, QStringLiteral("serial_number"));
        if (const NodeRef platform = peer(store, *branch, *record, QStringLiteral("platform"))) {
            d.platform = text(*platform, QStringLiteral("netmiko_device_type"));
            if (d.platform.isEmpty())
                d.platform = text(*platform, QStringLiteral("nornir_platform"));
        }
        QString siteId;
        if (const NodeRef site = peer(store, *branch, *record, QStringLiteral("site"))) {
            siteId = site->id;
            d.site = text(*site, QStringLiteral("name"));
        }
        QSet<int> vlanIds;
        for (const DeviceVlan &v : vlansBySite.value(siteId)) {
            d.vlans.append(v);
            vlanIds.insert(v.id);
        }
        for (const QString &interfaceId : record->peerIds(QStringLiteral("interfaces"))) {
            const NodeRef r = store.node(*branch, interfaceId);
            if (!r)
                continue;
            DeviceInterface i;
            i.name = text(*r, QStringLiteral("name"));
            i.description = text(*r, QStringLiteral("description"));
            i.role = text(*r, QStringLiteral("role"));
            const QJsonValue enabled = r->value(QStringLiteral("enabled"));
            i.enabled = enabled.isBool() ? enabled.toBool() : true;
            i.speedMbps = r->value(QStringLiteral("speed")).toInt();
            for (const QString &addressId : r->peerIds(QStringLiteral("ip_addresses")))
                if (const NodeRef a = store.node(*branch, addressId))
                    i.addresses.append(text(*a, QStringLiteral("address")));
            i.switched = r->kind.contains(QStringLiteral("InterfaceL2"));
            if (i.switched) {
                i.l2Mode = text(*r, QStringLiteral("l2_mode"));
                auto vlanOf = [&](const QString &vlanId) {
                    const NodeRef v = store.node(*branch, vlanId);
                    if (!v)
                        return 0;
                    const DeviceVlan vlan{v->value(QStringLiteral("vlan_id")).toInt(),
                                          text(*v, QStringLiteral("name"))};
                    if (!vlanIds.contains(vlan.id)) { // a VLAN of another site: the device has it too
                        vlanIds.insert(vlan.id);
                        d.vlans.append(vlan);
                    }
                    return vlan.id;
                };
                for (const QString &vlanId : r->peerIds(QStringLiteral("untagged_vlan")))
                    i.accessVlan = vlanOf(vlanId);
                for (const QString &vlanId : r->peerIds(QStringLiteral("tagged_vlan")))
                    i.trunkVlans.append(vlanOf(vlanId));
            }
            d.interfaces.append(i);
        }
        result.devices.append(d);
    }
    return result;
}

} // namespace infrahub::sandbox
