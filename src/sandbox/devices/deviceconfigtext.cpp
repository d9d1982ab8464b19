#include "deviceconfigtext.h"

#include "deviceplatform.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QLocale>

#include <algorithm>
#include <optional>
#include <vector>

namespace infrahub::sandbox {

namespace {

// A hash-looking string that is the same for the same device in every run: secrets must not change between
// fetches (a backup would show a diff every time), but they must look like the real thing.
QString fakeCrypt(const QString &seed, int length) {
    static const char alphabet[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QByteArray digest;
    QByteArray input = seed.toUtf8();
    while (digest.size() < length) {
        input = QCryptographicHash::hash(input, QCryptographicHash::Sha256);
        digest += input;
    }
    QString out;
    for (int i = 0; i < length; ++i)
        out += QLatin1Char(alphabet[quint8(digest.at(i)) % 64]);
    return out;
}

QString fakeHex(const QString &seed, int bytes) {
    return QString::fromLatin1(
        QCryptographicHash::hash(seed.toUtf8(), QCryptographicHash::Sha256).left(bytes).toHex());
}

struct Cidr {
    QHostAddress address;
    int prefixLength = -1;

    bool isIpv4() const { return address.protocol() == QAbstractSocket::IPv4Protocol; }
    QString ip() const { return address.toString(); }
    QString netmask() const {
        const quint32 mask = prefixLength <= 0 ? 0 : ~quint32(0) << (32 - prefixLength);
        return QHostAddress(mask).toString();
    }
    QString text() const { return QStringLiteral("%1/%2").arg(ip()).arg(prefixLength); }
};

std::optional<Cidr> parseCidr(const QString &text) {
    const qsizetype slash = text.indexOf(QLatin1Char('/'));
    Cidr c;
    if (!c.address.setAddress(slash < 0 ? text : text.left(slash)))
        return std::nullopt;
    c.prefixLength = slash < 0 ? (c.isIpv4() ? 32 : 128) : text.mid(slash + 1).toInt();
    return c;
}

QString domainOf(const DeviceDescription &d) {
    return d.site.isEmpty() ? QStringLiteral("example.net")
                            : d.site.toLower() + QStringLiteral(".example.net");
}

// The SNMP contact carries the change-config fault's counter: a real, non-comment line, so config
// backups that drop volatile comments still see a change.
QString snmpContact(const DeviceDescription &d, const ConfigMoment &m) {
    QString contact = QStringLiteral("noc@") + domainOf(d);
    if (m.revision > 0)
        contact += QStringLiteral(" change-%1").arg(m.revision);
    return contact;
}

QString snmpLocation(const DeviceDescription &d) {
    return d.site.isEmpty() ? QStringLiteral("lab") : d.site;
}

QString serialOf(const DeviceDescription &d) {
    return d.serial.isEmpty() ? QStringLiteral("FDO") + fakeHex(d.hostname, 4).toUpper() : d.serial;
}

QList<DeviceVlan> sortedVlans(const DeviceDescription &d) {
    QList<DeviceVlan> vlans = d.vlans;
    std::sort(vlans.begin(), vlans.end(),
              [](const DeviceVlan &a, const DeviceVlan &b) { return a.id < b.id; });
    return vlans;
}

QString ciscoTime(const QDateTime &t) {
    // 14:03:12 UTC Sun Nov 22 2026, in English whatever the machine's locale.
    return QLocale::c().toString(t, QStringLiteral("HH:mm:ss 'UTC' ddd MMM d yyyy"));
}

QStringList iosConfig(const DeviceDescription &d, const ConfigMoment &m, const DevicePlatform &platform) {
    const QString version = d.version.isEmpty() ? platform.defaultVersion() : d.version;
    QStringList body;
    body << QStringLiteral("!")
         << QStringLiteral("! Last configuration change at %1 by %2").arg(ciscoTime(m.now), m.user)
         << QStringLiteral("!")
         << QStringLiteral("version %1.%2") // 17.09.04a -> "version 17.9", as IOS-XE prints it
                .arg(version.section(QLatin1Char('.'), 0, 0).toInt())
                .arg(version.section(QLatin1Char('.'), 1, 1).toInt())
         << QStringLiteral("service timestamps debug datetime msec")
         << QStringLiteral("service timestamps log datetime msec")
         << QStringLiteral("service password-encryption") << QStringLiteral("!")
         << QStringLiteral("hostname %1").arg(d.hostname) << QStringLiteral("!")
         << QStringLiteral("boot-start-marker") << QStringLiteral("boot-end-marker") << QStringLiteral("!")
         << QStringLiteral("logging buffered 16384") << QStringLiteral("no aaa new-model")
         << QStringLiteral("clock timezone UTC 0 0") << QStringLiteral("!")
         << QStringLiteral("ip domain name %1").arg(domainOf(d)) << QStringLiteral("!")
         << QStringLiteral("license udi pid %1 sn %2")
                .arg(d.model.isEmpty() ? platform.defaultModel() : d.model, serialOf(d))
         << QStringLiteral("!")
         << QStringLiteral("username admin privilege 15 secret 5 $1$%1$%2")
                .arg(fakeCrypt(d.hostname + QStringLiteral("salt"), 4), fakeCrypt(d.hostname, 22))
         << QStringLiteral("!");
    for (const DeviceVlan &v : sortedVlans(d))
        body << QStringLiteral("vlan %1").arg(v.id) << QStringLiteral(" name %1").arg(v.name)
             << QStringLiteral("!");
    for (const DeviceInterface &i : d.interfaces) {
        body << QStringLiteral("interface %1").arg(i.name);
        if (!i.description.isEmpty())
            body << QStringLiteral(" description %1").arg(i.description);
        if (i.switched) {
            if (i.l2Mode.compare(u"trunk", Qt::CaseInsensitive) == 0) {
                QStringList ids;
                for (int id : i.trunkVlans)
                    ids << QString::number(id);
                body << QStringLiteral(" switchport mode trunk");
                if (!ids.isEmpty())
                    body << QStringLiteral(" switchport trunk allowed vlan %1")
                                .arg(ids.join(QLatin1Char(',')));
            } else {
                if (i.accessVlan > 0)
                    body << QStringLiteral(" switchport access vlan %1").arg(i.accessVlan);
                body << QStringLiteral(" switchport mode access");
            }
        } else if (i.addresses.isEmpty()) {
            body << QStringLiteral(" no ip address");
        }
        for (const QString &a : i.addresses) {
            if (const auto c = parseCidr(a))
                body << (c->isIpv4() ? QStringLiteral(" ip address %1 %2").arg(c->ip(), c->netmask())
                                     : QStringLiteral(" ipv6 address %1").arg(c->text()));
        }
        if (i.speedMbps > 0 && i.speedMbps <= 10000)
            body << QStringLiteral(" speed %1").arg(i.speedMbps);
        if (!i.enabled)
            body << QStringLiteral(" shutdown");
        body << QStringLiteral("!");
    }
    body << QStringLiteral("ip ssh version 2") << QStringLiteral("!")
         << QStringLiteral("snmp-server community %1 RO")
                .arg(fakeCrypt(d.hostname + QStringLiteral("snmp"), 12))
         << QStringLiteral("snmp-server location %1").arg(snmpLocation(d))
         << QStringLiteral("snmp-server contact %1").arg(snmpContact(d, m)) << QStringLiteral("!")
         << QStringLiteral("ntp clock-period %1").arg(m.clockPeriod) << QStringLiteral("ntp server 127.0.0.1")
         << QStringLiteral("!") << QStringLiteral("line con 0") << QStringLiteral(" stopbits 1")
         << QStringLiteral("line vty 0 4") << QStringLiteral(" login local")
         << QStringLiteral(" transport input ssh") << QStringLiteral("!") << QStringLiteral("end");
    // "Current configuration : N bytes" counts what follows it, as IOS does (so it changes with the config).
    qsizetype bytes = 0;
    for (const QString &line : std::as_const(body))
        bytes += line.toUtf8().size() + 1;
    QStringList out{QStringLiteral("Building configuration..."), QString(),
                    QStringLiteral("Current configuration : %1 bytes").arg(bytes)};
    return out + body;
}

QStringList eosConfig(const DeviceDescription &d, const ConfigMoment &m, const DevicePlatform &platform) {
    const QString version = d.version.isEmpty() ? platform.defaultVersion() : d.version;
    const QString model = d.model.isEmpty() ? platform.defaultModel() : d.model;
    QStringList out;
    out << QStringLiteral("! Command: show running-config")
        << QStringLiteral("! device: %1 (%2, EOS-%3)").arg(d.hostname, model, version) << QStringLiteral("!")
        << QStringLiteral("! boot system flash:/EOS-%1.swi").arg(version) << QStringLiteral("!")
        << QStringLiteral("no aaa root") << QStringLiteral("!")
        << QStringLiteral("username admin privilege 15 role network-admin secret sha512 $6$%1$%2")
               .arg(fakeCrypt(d.hostname + QStringLiteral("salt"), 16), fakeCrypt(d.hostname, 86))
        << QStringLiteral("!") << QStringLiteral("service routing protocols model multi-agent")
        << QStringLiteral("!") << QStringLiteral("hostname %1").arg(d.hostname)
        << QStringLiteral("ip domain-name %1").arg(domainOf(d)) << QStringLiteral("!")
        << QStringLiteral("ntp server 127.0.0.1") << QStringLiteral("!")
        << QStringLiteral("snmp-server contact %1").arg(snmpContact(d, m))
        << QStringLiteral("snmp-server location %1").arg(snmpLocation(d))
        << QStringLiteral("snmp-server community %1 ro")
               .arg(fakeCrypt(d.hostname + QStringLiteral("snmp"), 12))
        << QStringLiteral("!") << QStringLiteral("spanning-tree mode mstp") << QStringLiteral("!");
    for (const DeviceVlan &v : sortedVlans(d))
        out << QStringLiteral("vlan %1").arg(v.id) << QStringLiteral("   name %1").arg(v.name)
            << QStringLiteral("!");
    for (const DeviceInterface &i : d.interfaces) {
        out << QStringLiteral("interface %1").arg(i.name);
        if (!i.description.isEmpty())
            out << QStringLiteral("   description %1").arg(i.description);
        if (!i.enabled)
            out << QStringLiteral("   shutdown");
        const bool isPort = i.name.startsWith(u"Ethernet", Qt::CaseInsensitive);
        if (i.switched) {
            if (i.l2Mode.compare(u"trunk", Qt::CaseInsensitive) == 0) {
                out << QStringLiteral("   switchport mode trunk");
            } else if (i.accessVlan > 0) {
                out << QStringLiteral("   switchport access vlan %1").arg(i.accessVlan);
            }
        } else if (isPort) {
            out << QStringLiteral("   no switchport");
        }
        for (const QString &a : i.addresses)
            if (const auto c = parseCidr(a))
                out << (c->isIpv4() ? QStringLiteral("   ip address %1")
                                    : QStringLiteral("   ipv6 address %1"))
                           .arg(c->text());
        out << QStringLiteral("!");
    }
    out << QStringLiteral("ip routing") << QStringLiteral("!")
        << QStringLiteral("management api http-commands") << QStringLiteral("   no shutdown")
        << QStringLiteral("!") << QStringLiteral("management ssh") << QStringLiteral("   idle-timeout 60")
        << QStringLiteral("!") << QStringLiteral("end");
    return out;
}

QStringList nxosConfig(const DeviceDescription &d, const ConfigMoment &m, const DevicePlatform &platform) {
    const QString version = d.version.isEmpty() ? platform.defaultVersion() : d.version;
    const QString nxTime = QLocale::c().toString(m.now, QStringLiteral("ddd MMM d HH:mm:ss yyyy"));
    QStringList out;
    out << QString() << QStringLiteral("!Command: show running-config")
        << QStringLiteral("!Running configuration last done at: %1").arg(nxTime)
        << QStringLiteral("!Time: %1").arg(nxTime) << QString()
        << QStringLiteral("version %1 Bios:version 05.47").arg(version)
        << QStringLiteral("hostname %1").arg(d.hostname) << QString() << QStringLiteral("feature ssh")
        << QStringLiteral("feature interface-vlan") << QStringLiteral("feature lldp") << QString()
        << QStringLiteral("username admin password 5 $5$%1$%2  role network-admin")
               .arg(fakeCrypt(d.hostname + QStringLiteral("salt"), 8), fakeCrypt(d.hostname, 43))
        << QStringLiteral("ip domain-lookup")
        << QStringLiteral("snmp-server contact %1").arg(snmpContact(d, m))
        << QStringLiteral("snmp-server location %1").arg(snmpLocation(d))
        << QStringLiteral("snmp-server user admin network-admin auth md5 0x%1 priv 0x%2 localizedkey")
               .arg(fakeHex(d.hostname + QStringLiteral("auth"), 16),
                    fakeHex(d.hostname + QStringLiteral("priv"), 16))
        << QStringLiteral("ntp server 127.0.0.1 use-vrf management") << QString();
    const QList<DeviceVlan> vlans = sortedVlans(d);
    if (!vlans.isEmpty()) {
        QStringList ids{QStringLiteral("1")};
        for (const DeviceVlan &v : vlans)
            ids << QString::number(v.id);
        out << QStringLiteral("vlan %1").arg(ids.join(QLatin1Char(',')));
        for (const DeviceVlan &v : vlans)
            out << QStringLiteral("vlan %1").arg(v.id) << QStringLiteral("  name %1").arg(v.name);
        out << QString();
    }
    out << QStringLiteral("vrf context management") << QString();
    for (const DeviceInterface &i : d.interfaces) {
        const bool isManagement = i.role == u"management" ||
                                  i.name.startsWith(u"mgmt", Qt::CaseInsensitive) ||
                                  i.name.startsWith(u"Management", Qt::CaseInsensitive);
        out << QStringLiteral("interface %1").arg(i.name);
        if (!i.description.isEmpty())
            out << QStringLiteral("  description %1").arg(i.description);
        if (i.switched) {
            if (i.l2Mode.compare(u"trunk", Qt::CaseInsensitive) == 0)
                out << QStringLiteral("  switchport mode trunk");
            else if (i.accessVlan > 0)
                out << QStringLiteral("  switchport access vlan %1").arg(i.accessVlan);
        } else if (i.name.startsWith(u"Ethernet", Qt::CaseInsensitive)) {
            out << QStringLiteral("  no switchport");
        }
        if (isManagement)
            out << QStringLiteral("  vrf member management");
        for (const QString &a : i.addresses)
            if (const auto c = parseCidr(a))
                out << (c->isIpv4() ? QStringLiteral("  ip address %1") : QStringLiteral("  ipv6 address %1"))
                           .arg(c->text());
        out << (i.enabled ? QStringLiteral("  no shutdown") : QStringLiteral("  shutdown")) << QString();
    }
    out << QStringLiteral("line console") << QStringLiteral("line vty")
        << QStringLiteral("boot nxos bootflash:/nxos64-cs.%1.M.bin")
               .arg(QString(version)
                        .replace(QLatin1Char('('), QLatin1Char('.'))
                        .remove(QLatin1Char(')'))
                        .toLower());
    return out;
}

// Junos keeps its configuration as a tree; both output forms are printed from the same tree, so
// `show configuration` and `| display set` always agree.
struct JunosNode {
    QString name; // "system", "unit 0", "host-name atl1-edge1" (a leaf statement)
    bool secret = false;
    std::vector<JunosNode> children; // std::vector: a member of the type being defined

    JunosNode &at(const QStringList &path) {
        JunosNode *node = this;
        for (const QString &part : path) {
            auto it = std::find_if(node->children.begin(), node->children.end(),
                                   [&](const JunosNode &c) { return c.name == part; });
            if (it == node->children.end()) {
                node->children.push_back(JunosNode{part, false, {}});
                it = node->children.end() - 1;
            }
            node = &*it;
        }
        return *node;
    }
    void leaf(const QStringList &path, const QString &statement, bool isSecret = false) {
        at(path).children.push_back(JunosNode{statement, isSecret, {}});
    }
};

QString junosQuoted(const QString &text) {
    return text.contains(QLatin1Char(' ')) || text.contains(QLatin1Char('$'))
               ? QLatin1Char('"') + text + QLatin1Char('"')
               : text;
}

JunosNode junosTree(const DeviceDescription &d, const ConfigMoment &m, const DevicePlatform &platform) {
    JunosNode root;
    root.leaf({},
              QStringLiteral("version %1").arg(d.version.isEmpty() ? platform.defaultVersion() : d.version));
    const QStringList system{QStringLiteral("system")};
    root.leaf(system, QStringLiteral("host-name %1").arg(d.hostname));
    root.leaf(system, QStringLiteral("domain-name %1").arg(domainOf(d)));
    root.leaf(system + QStringList{QStringLiteral("root-authentication")},
              QStringLiteral("encrypted-password %1")
                  .arg(junosQuoted(QStringLiteral("$6$%1$%2")
                                       .arg(fakeCrypt(d.hostname + QStringLiteral("root"), 8),
                                            fakeCrypt(d.hostname + QStringLiteral("r"), 86)))),
              true);
    const QStringList user = system + QStringList{QStringLiteral("login"), QStringLiteral("user admin")};
    root.leaf(user, QStringLiteral("uid 2000"));
    root.leaf(user, QStringLiteral("class super-user"));
    root.leaf(user + QStringList{QStringLiteral("authentication")},
              QStringLiteral("encrypted-password %1")
                  .arg(junosQuoted(QStringLiteral("$6$%1$%2")
                                       .arg(fakeCrypt(d.hostname + QStringLiteral("salt"), 8),
                                            fakeCrypt(d.hostname, 86)))),
              true);
    root.leaf(system + QStringList{QStringLiteral("services"), QStringLiteral("ssh")},
              QStringLiteral("root-login deny"));
    root.leaf(system + QStringList{QStringLiteral("syslog"), QStringLiteral("file messages")},
              QStringLiteral("any notice"));
    root.leaf(system + QStringList{QStringLiteral("ntp")}, QStringLiteral("server 127.0.0.1"));
    root.leaf({QStringLiteral("snmp")}, QStringLiteral("location %1").arg(junosQuoted(snmpLocation(d))));
    root.leaf({QStringLiteral("snmp")}, QStringLiteral("contact %1").arg(junosQuoted(snmpContact(d, m))));
    QHash<int, QString> vlanNames;
    for (const DeviceVlan &v : d.vlans)
        vlanNames.insert(v.id, v.name);
    for (const DeviceInterface &i : d.interfaces) {
        const QStringList ifPath{QStringLiteral("interfaces"), i.name};
        if (!i.description.isEmpty())
            root.leaf(ifPath, QStringLiteral("description %1").arg(junosQuoted(i.description)));
        if (!i.enabled)
            root.leaf(ifPath, QStringLiteral("disable"));
        const QStringList unit = ifPath + QStringList{QStringLiteral("unit 0")};
        if (i.switched) {
            const QStringList sw = unit + QStringList{QStringLiteral("family ethernet-switching")};
            const bool trunk = i.l2Mode.compare(u"trunk", Qt::CaseInsensitive) == 0;
            root.leaf(sw, QStringLiteral("interface-mode %1").arg(trunk ? u"trunk" : u"access"));
            QList<int> ids = trunk ? i.trunkVlans : QList<int>{i.accessVlan};
            for (int id : ids)
                if (id > 0)
                    root.leaf(sw + QStringList{QStringLiteral("vlan")},
                              QStringLiteral("members %1").arg(vlanNames.value(id, QString::number(id))));
        }
        if (!i.switched && i.addresses.isEmpty())
            root.leaf(unit, QStringLiteral("family inet")); // routed, no address yet
        for (const QString &a : i.addresses)
            if (const auto c = parseCidr(a))
                root.leaf(unit + QStringList{c->isIpv4() ? QStringLiteral("family inet")
                                                         : QStringLiteral("family inet6")},
                          QStringLiteral("address %1").arg(c->text()));
    }
    for (const DeviceVlan &v : sortedVlans(d))
        root.leaf({QStringLiteral("vlans"), v.name}, QStringLiteral("vlan-id %1").arg(v.id));
    return root;
}

void printSet(const JunosNode &node, const QString &prefix, QStringList &out) {
    for (const JunosNode &child : node.children) {
        const QString path = prefix.isEmpty() ? child.name : prefix + QLatin1Char(' ') + child.name;
        if (child.children.empty())
            out << QStringLiteral("set ") + path;
        else
            printSet(child, path, out);
    }
}

void printBraces(const JunosNode &node, int depth, QStringList &out) {
    const QString indent(depth * 4, QLatin1Char(' '));
    for (const JunosNode &child : node.children) {
        if (child.children.empty()) {
            out << indent + child.name + QLatin1Char(';') +
                       (child.secret ? QStringLiteral(" ## SECRET-DATA") : QString());
        } else {
            out << indent + child.name + QStringLiteral(" {");
            printBraces(child, depth + 1, out);
            out << indent + QLatin1Char('}');
        }
    }
}

} // namespace

QStringList DeviceConfigText::runningConfig(const DeviceDescription &device, const ConfigMoment &moment) {
    const DevicePlatform platform(DevicePlatform::familyOf(device.platform));
    switch (platform.family()) {
    case PlatformFamily::AristaEos:
        return eosConfig(device, moment, platform);
    case PlatformFamily::CiscoNxos:
        return nxosConfig(device, moment, platform);
    case PlatformFamily::CiscoIos:
    case PlatformFamily::JuniperJunos: // Junos has no running-config; DeviceCli never asks for it
        break;
    }
    return iosConfig(device, moment, platform);
}

QStringList DeviceConfigText::junosConfiguration(const DeviceDescription &device,
                                                 const ConfigMoment &moment) {
    const DevicePlatform platform(PlatformFamily::JuniperJunos);
    QStringList out{QStringLiteral("## Last commit: %1 by %2")
                        .arg(QLocale::c().toString(moment.now, QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")),
                             moment.user)};
    printBraces(junosTree(device, moment, platform), 0, out);
    return out;
}

QStringList DeviceConfigText::junosSetConfiguration(const DeviceDescription &device,
                                                    const ConfigMoment &moment) {
    const DevicePlatform platform(PlatformFamily::JuniperJunos);
    QStringList out;
    printSet(junosTree(device, moment, platform), QString(), out);
    return out;
}

} // namespace infrahub::sandbox
