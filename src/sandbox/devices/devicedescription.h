// What an emulated device is: the few facts its CLI is generated from (hostname, platform, interfaces,
// VLANs, serial, version) and the management address it answers SSH on. The sandbox fills these from its
// store; tests write them by hand.
#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

namespace infrahub::sandbox {

struct DeviceInterface {
    QString name;        // as the device calls it: Ethernet1, Loopback0, Management0...
    QString description; // empty = none configured
    QString role;        // Infrahub's interface role (management, loopback, uplink, server...); may be empty
    QStringList addresses; // CIDR notation, e.g. 127.1.1.11/24
    bool enabled = true;
    int speedMbps = 0;     // 0 = not configured
    bool switched = false; // a layer-2 port (switchport) rather than a routed one
    QString l2Mode;        // Access or Trunk (switched ports)
    int accessVlan = 0;    // untagged VLAN id, 0 = none
    QList<int> trunkVlans; // tagged VLAN ids
};

struct DeviceVlan {
    int id = 0;
    QString name;
};

struct DeviceDescription {
    QHostAddress address; // the management address: the device answers SSH here (loopback only)
    QString hostname;
    // Netmiko's device type, which picks the CLI family: cisco_ios/cisco_xe (IOS), arista_eos, cisco_nxos,
    // juniper_junos. Anything else gets the IOS CLI.
    QString platform;
    QString model;   // empty = a typical model of the platform
    QString serial;  // empty = derived from the hostname
    QString version; // empty = a typical software version of the platform
    QString site;    // used in the SNMP location line
    QList<DeviceInterface> interfaces;
    QList<DeviceVlan> vlans;
};

} // namespace infrahub::sandbox
