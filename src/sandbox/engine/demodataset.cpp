#include "demodataset.h"

#include <QVariantMap>

namespace infrahub::sandbox {

namespace {

// Builds records in memory, both sides of every relationship at once, and stores them in one go: far
// faster than mutation-by-mutation for 100,000-device datasets.
class DatasetBuilder {
public:
    explicit DatasetBuilder(SandboxStore &store)
        : m_store(store)
        , m_now(SandboxStore::now()) {}

    QString add(const QString &kind, const QVariantMap &values) {
        const KindSchema *schema = m_store.schema().kind(kind);
        NodeRecord r;
        r.id = m_store.newId();
        r.kind = kind;
        r.createdAt = m_now;
        r.updatedAt = m_now;
        for (const AttributeSchema &a : schema->attributes) {
            AttributeValue v;
            v.updatedAt = m_now;
            if (values.contains(a.name)) {
                v.value = QJsonValue::fromVariant(values.value(a.name));
            } else if (!a.defaultValue.isNull()) {
                v.value = a.defaultValue;
                v.isDefault = true;
            } else {
                continue;
            }
            r.attributes.insert(a.name, v);
        }
        const QString id = r.id;
        m_index.insert(id, m_records.size());
        m_records.append(std::move(r));
        return id;
    }

    void relate(const QString &id, const QString &relationship, const QString &peerId) {
        NodeRecord &node = m_records[m_index.value(id)];
        NodeRecord &peer = m_records[m_index.value(peerId)];
        const KindSchema *schema = m_store.schema().kind(node.kind);
        const RelationshipSchema *rel = schema ? schema->relationship(relationship) : nullptr;
        Q_ASSERT_X(rel, "DatasetBuilder::relate", qPrintable(node.kind + QLatin1Char('.') + relationship));
        if (!rel)
            return;
        node.relationships[relationship].append({peerId, false, {}, {}, m_now});
        if (const RelationshipSchema *mirror = m_store.counterpart(node.kind, *rel, peer.kind))
            peer.relationships[mirror->name].append({id, false, {}, {}, m_now});
    }

    void commit(BranchState &branch) {
        for (NodeRecord &r : m_records)
            m_store.put(branch, std::move(r));
        m_records.clear();
        m_index.clear();
    }

    qsizetype size() const { return m_records.size(); }

private:
    SandboxStore &m_store;
    QString m_now;
    QList<NodeRecord> m_records;
    QHash<QString, qsizetype> m_index;
};

struct SiteSpec {
    const char *name;
    const char *city;
    const char *country;
};

struct PlatformSpec {
    const char *name;
    const char *nornir;
    const char *napalm;
    const char *netmiko;
    const char *ansible;
    const char *deviceType;
};

const SiteSpec kSites[] = {
    {"atl1", "Atlanta", "United States"},  {"ord1", "Chicago", "United States"},
    {"jfk1", "New York", "United States"}, {"fra1", "Frankfurt", "Germany"},
    {"cdg1", "Paris", "France"},
};

const PlatformSpec kPlatforms[] = {
    {"Arista EOS", "eos", "eos", "arista_eos", "arista.eos.eos", "7280R3"},
    {"Cisco IOS-XE", "ios", "ios", "cisco_xe", "cisco.ios.ios", "C9300-48P"},
    {"Juniper JunOS", "junos", "junos", "juniper_junos", "junipernetworks.junos.junos", "MX204"},
    {"Cisco NX-OS", "nxos_ssh", "nxos_ssh", "cisco_nxos", "cisco.nxos.nxos", "N9K-C93180YC-FX"},
};

QString ipv4(quint32 address) {
    return QStringLiteral("%1.%2.%3.%4")
        .arg(address >> 24)
        .arg((address >> 16) & 0xff)
        .arg((address >> 8) & 0xff)
        .arg(address & 0xff);
}

} // namespace

std::optional<DemoDatasetSummary> DemoDataset::populate(SandboxStore &store, int deviceCount,
                                                        QString *error) {
    static const char *required[] = {"BuiltinTag",   "LocationContinent", "LocationCountry",
                                     "LocationSite", "LocationRack",      "InfraPlatform",
                                     "InfraDevice",  "InfraInterfaceL3",  "InfraInterfaceL2",
                                     "InfraVLAN",    "IpamIPPrefix",      "IpamIPAddress"};
    for (const char *kind : required) {
        if (!store.schema().kind(QLatin1String(kind))) {
            if (error)
                *error =
                    QStringLiteral("the loaded schema has no kind %1, so the demo dataset cannot be built; "
                                   "start with --data FILE or without --schema")
                        .arg(QLatin1String(kind));
            return std::nullopt;
        }
    }
    const bool hasNamespace = store.schema().kind(QStringLiteral("IpamNamespace")) != nullptr;
    const bool hasSerial =
        store.schema().kind(QStringLiteral("InfraDevice"))->attribute(QStringLiteral("serial_number"));

    DatasetBuilder b(store);
    DemoDatasetSummary summary;

    QStringList tags;
    for (const char *tag : {"red", "blue", "green", "gold", "production", "lab"})
        tags.append(b.add(QStringLiteral("BuiltinTag"), {{QStringLiteral("name"), QLatin1String(tag)}}));
    QString ipNamespace;
    if (hasNamespace)
        ipNamespace =
            b.add(QStringLiteral("IpamNamespace"),
                  {{QStringLiteral("name"), QStringLiteral("default")}, {QStringLiteral("default"), true}});
    QStringList platforms;
    for (const PlatformSpec &p : kPlatforms)
        platforms.append(b.add(QStringLiteral("InfraPlatform"),
                               {{QStringLiteral("name"), QLatin1String(p.name)},
                                {QStringLiteral("nornir_platform"), QLatin1String(p.nornir)},
                                {QStringLiteral("napalm_driver"), QLatin1String(p.napalm)},
                                {QStringLiteral("netmiko_device_type"), QLatin1String(p.netmiko)},
                                {QStringLiteral("ansible_network_os"), QLatin1String(p.ansible)}}));

    QHash<QString, QString> countries;
    const QString northAmerica = b.add(QStringLiteral("LocationContinent"),
                                       {{QStringLiteral("name"), QStringLiteral("North America")}});
    const QString europe =
        b.add(QStringLiteral("LocationContinent"), {{QStringLiteral("name"), QStringLiteral("Europe")}});
    auto countryId = [&](const QString &name) {
        if (!countries.contains(name)) {
            const QString id = b.add(QStringLiteral("LocationCountry"), {{QStringLiteral("name"), name}});
            b.relate(id, QStringLiteral("parent"), name == u"United States" ? northAmerica : europe);
            countries.insert(name, id);
        }
        return countries.value(name);
    };

    auto addAddress = [&](const QString &address, const QString &description) {
        QVariantMap values{{QStringLiteral("address"), address}};
        if (!description.isEmpty())
            values.insert(QStringLiteral("description"), description);
        const QString id = b.add(QStringLiteral("IpamIPAddress"), values);
        if (hasNamespace)
            b.relate(id, QStringLiteral("ip_namespace"), ipNamespace);
        ++summary.ipAddresses;
        return id;
    };
    auto addPrefix = [&](const QString &prefix, const QString &description) {
        const QString id =
            b.add(QStringLiteral("IpamIPPrefix"),
                  {{QStringLiteral("prefix"), prefix}, {QStringLiteral("description"), description}});
        if (hasNamespace)
            b.relate(id, QStringLiteral("ip_namespace"), ipNamespace);
        ++summary.prefixes;
        return id;
    };

    const bool generated = deviceCount > 0;
    const int perSite = generated ? 20 : 8;
    const int siteCount = generated ? (deviceCount + perSite - 1) / perSite : int(std::size(kSites));
    int deviceIndex = 0;
    for (int s = 0; s < siteCount; ++s) {
        const SiteSpec &spec = kSites[s % std::size(kSites)];
        const QString siteName = generated ? QStringLiteral("site%1").arg(s + 1, 4, 10, QLatin1Char('0'))
                                           : QLatin1String(spec.name);
        const QString site =
            b.add(QStringLiteral("LocationSite"),
                  {{QStringLiteral("name"), siteName},
                   {QStringLiteral("city"), QLatin1String(spec.city)},
                   {QStringLiteral("description"),
                    QStringLiteral("Data centre in %1").arg(QLatin1String(spec.city))},
                   {QStringLiteral("contact"), QStringLiteral("noc@%1.example.net").arg(siteName)}});
        b.relate(site, QStringLiteral("parent"), countryId(QLatin1String(spec.country)));
        b.relate(site, QStringLiteral("tags"), tags.at(s % 2 == 0 ? 4 : 5));
        ++summary.sites;

        QStringList racks;
        if (!generated) {
            for (int r = 1; r <= 2; ++r) {
                const QString rack =
                    b.add(QStringLiteral("LocationRack"),
                          {{QStringLiteral("name"), QStringLiteral("%1-r%2").arg(siteName).arg(r)},
                           {QStringLiteral("height"), QStringLiteral("47")}});
                b.relate(rack, QStringLiteral("site"), site);
                b.relate(rack, QStringLiteral("parent"), site);
                racks.append(rack);
            }
        }

        // VLANs of the site, named after it because VLAN names are unique across Infrahub.
        QStringList vlans;
        if (!generated || s < 50) {
            const struct {
                int id;
                const char *suffix;
                const char *role;
            } vlanSpecs[] = {{10, "mgmt", "management"}, {100, "server", "server"}, {200, "user", "user"}};
            for (const auto &v : vlanSpecs) {
                const QString vlan = b.add(
                    QStringLiteral("InfraVLAN"),
                    {{QStringLiteral("name"), QStringLiteral("%1-%2").arg(siteName, QLatin1String(v.suffix))},
                     {QStringLiteral("vlan_id"), v.id},
                     {QStringLiteral("status"), QStringLiteral("active")},
                     {QStringLiteral("role"), QLatin1String(v.role)}});
                b.relate(vlan, QStringLiteral("site"), site);
                vlans.append(vlan);
                ++summary.vlans;
            }
        }

        // Management /24 per site in 127.1.0.0/16 (demo) or per 256 devices (generated).
        const quint32 siteBase = (127u << 24) | (1u << 16) | (quint32(s + 1) << 8);
        if (!generated) {
            addPrefix(ipv4(siteBase) + QStringLiteral("/24"), QStringLiteral("%1 management").arg(siteName));
            addPrefix(ipv4((127u << 24) | (2u << 16) | (quint32(s + 1) << 8)) + QStringLiteral("/24"),
                      QStringLiteral("%1 loopbacks").arg(siteName));
        }

        const int devicesHere = generated ? std::min(perSite, deviceCount - deviceIndex) : perSite;
        for (int d = 0; d < devicesHere; ++d, ++deviceIndex) {
            // Roles: 2 spines, 4 leaves, 2 edge routers per demo site.
            const char *role = d < 2 ? "spine" : (d < 6 ? "leaf" : "edge");
            const int roleIndex = d < 2 ? d + 1 : (d < 6 ? d - 1 : d - 5);
            const PlatformSpec &platform = kPlatforms[d < 2 ? 0 : (d < 6 ? (s % 2 == 0 ? 0 : 3) : 2)];
            const QString name =
                generated ? QStringLiteral("%1-dev%2").arg(siteName).arg(d + 1, 2, 10, QLatin1Char('0'))
                          : QStringLiteral("%1-%2%3").arg(siteName, QLatin1String(role)).arg(roleIndex);
            QVariantMap values{
                {QStringLiteral("name"), name},
                {QStringLiteral("type"), QLatin1String(platform.deviceType)},
                {QStringLiteral("status"),
                 (!generated && s == 2 && d == 7) ? QStringLiteral("maintenance") : QStringLiteral("active")},
                {QStringLiteral("role"), QLatin1String(role)},
                {QStringLiteral("description"),
                 QStringLiteral("%1 %2 in %3")
                     .arg(QLatin1String(role), QLatin1String(platform.name), QLatin1String(spec.city))}};
            if (hasSerial) {
                values.insert(QStringLiteral("serial_number"),
                              QStringLiteral("SN%1").arg(100000 + deviceIndex, 8, 10, QLatin1Char('0')));
                values.insert(QStringLiteral("is_managed"), !(d == 7 && s % 2 == 1));
            }
            const QString device = b.add(QStringLiteral("InfraDevice"), values);
            b.relate(device, QStringLiteral("site"), site);
            b.relate(device, QStringLiteral("platform"), platforms.at(&platform - kPlatforms));
            b.relate(device, QStringLiteral("tags"), tags.at(deviceIndex % 4));
            ++summary.devices;

            // Management address: 127.1.<site>.<n> in the demo; a unique 127/8 address when generated.
            const quint32 mgmt =
                generated ? ((127u << 24) | quint32(deviceIndex + 1)) : siteBase + quint32(d + 11);
            const QString mgmtAddress =
                addAddress(ipv4(mgmt) + (generated ? QStringLiteral("/32") : QStringLiteral("/24")),
                           QStringLiteral("%1 management").arg(name));
            b.relate(device, QStringLiteral("primary_address"), mgmtAddress);

            const QString management = b.add(QStringLiteral("InfraInterfaceL3"),
                                             {{QStringLiteral("name"), QStringLiteral("Management0")},
                                              {QStringLiteral("speed"), 1000},
                                              {QStringLiteral("role"), QStringLiteral("management")},
                                              {QStringLiteral("status"), QStringLiteral("active")}});
            b.relate(management, QStringLiteral("device"), device);
            b.relate(management, QStringLiteral("ip_addresses"), mgmtAddress);
            ++summary.interfaces;

            const QString loopback = b.add(QStringLiteral("InfraInterfaceL3"),
                                           {{QStringLiteral("name"), QStringLiteral("Loopback0")},
                                            {QStringLiteral("speed"), 1000},
                                            {QStringLiteral("role"), QStringLiteral("loopback")},
                                            {QStringLiteral("status"), QStringLiteral("active")}});
            b.relate(loopback, QStringLiteral("device"), device);
            ++summary.interfaces;
            if (!generated) {
                b.relate(loopback, QStringLiteral("ip_addresses"),
                         addAddress(ipv4((127u << 24) | (2u << 16) | (quint32(s + 1) << 8) | quint32(d + 1)) +
                                        QStringLiteral("/32"),
                                    QStringLiteral("%1 loopback").arg(name)));
                // Uplinks on leaves and edges, server ports (L2, access in the server VLAN) on leaves.
                for (int e = 1; e <= (d < 2 ? 4 : 2); ++e) {
                    const QString eth = b.add(
                        QStringLiteral("InfraInterfaceL3"),
                        {{QStringLiteral("name"), QStringLiteral("Ethernet%1").arg(e)},
                         {QStringLiteral("speed"), 100000},
                         {QStringLiteral("role"), d < 2 ? QStringLiteral("leaf") : QStringLiteral("uplink")},
                         {QStringLiteral("status"), QStringLiteral("active")}});
                    b.relate(eth, QStringLiteral("device"), device);
                    ++summary.interfaces;
                }
                if (d >= 2 && d < 6) {
                    for (int e = 3; e <= 6; ++e) {
                        const QString port =
                            b.add(QStringLiteral("InfraInterfaceL2"),
                                  {{QStringLiteral("name"), QStringLiteral("Ethernet%1").arg(e)},
                                   {QStringLiteral("speed"), 10000},
                                   {QStringLiteral("l2_mode"), QStringLiteral("Access")},
                                   {QStringLiteral("role"), QStringLiteral("server")},
                                   {QStringLiteral("status"),
                                    e == 6 ? QStringLiteral("provisioning") : QStringLiteral("active")},
                                   {QStringLiteral("enabled"), e != 6}});
                        b.relate(port, QStringLiteral("device"), device);
                        b.relate(port, QStringLiteral("untagged_vlan"), vlans.at(1));
                        ++summary.interfaces;
                    }
                }
            }
        }
        Q_UNUSED(racks);
    }
    summary.total = int(b.size());
    BranchState *main = store.branch(QStringLiteral("main"));
    b.commit(*main);
    return summary;
}

} // namespace infrahub::sandbox
