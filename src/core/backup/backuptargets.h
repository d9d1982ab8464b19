// Which devices a backup covers, read from Infrahub: the selected devices, the devices of the selected sites
// (racks, or any kind devices point to), the devices with a tag, or every device, each with its management
// address and platform.
//
// Everything is found from the schema, as the sweep's related addresses are (schema/addressrelationships.h):
//   - a device kind is a node kind with a cardinality-one relationship to an IP address kind (its primary
//     address); when some of those also have a cardinality-one relationship to a platform kind (a kind with
//     a netmiko_device_type or napalm_driver attribute), only those count, so an IP-bearing kind that is no
//     device (a VIP, a service) is not taken for one;
//   - objects of another kind mean the devices whose cardinality-one relationship points at them (a
//     device's `site`);
//   - the platform's netmiko_device_type and napalm_driver are read where the schema has them.
// Only fields and filters the schema has are ever queried (the queries are rendered by the client's
// QueryRenderer from the schema, and the contract check validates queryShapes() against Infrahub's SDL).
//
// Errors: an id or name that matches nothing, an unknown tag, a kind no device points at, no device kind in
// the schema, or the server's own errors. A selection that matches objects but no device (a site without
// devices, a tag no device has) is not an error: the result is empty and the caller says so.
#pragma once

#include "backuptarget.h"

#include "client/infrahuberror.h"
#include "concurrency/cancellationtoken.h"
#include "query/queryoptions.h"
#include "schema/schemamodel.h"

#include <QCoroTask>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace infrahub {

class InfrahubClient;

struct BackupSelection {
    enum class By { Objects, Tag, All };
    By by = By::Objects;
    // Objects: the objects' kind. A device kind (or a generic of one) selects those devices; any other kind
    // selects the devices that point to the objects. Empty: the (first) device kind.
    QString kind;
    QStringList ids;
    // Objects: also (or instead) by name, for the command line: matched exactly against the kind's `name`
    // attribute (its default filter when it has no `name`).
    QStringList names;
    QString tag; // Tag: the tag's name
};

// How devices look in a schema: the kinds and the relationships the loader reads.
struct BackupDeviceKind {
    QString kind;             // InfraDevice
    QString nameAttribute;    // "name"; empty: the display label is the name
    QString address;          // the relationship to its management address: "primary_address"
    QString platform;         // the relationship to its platform ("platform"); empty when none
    QString platformKind;     // the platform relationship's peer (InfraPlatform)
    QString netmikoAttribute; // on the platform kind: "netmiko_device_type" when it has it
    QString napalmAttribute;  // "napalm_driver" when it has it
    QString site;     // a cardinality-one relationship named site or location, for people; may be empty
    QString siteKind; // its peer (LocationSite)
    QString tags;     // the many-relationship to tags ("tags"); empty when none
    QString tagKind;  // its peer (BuiltinTag)
};

struct BackupTargets {
    QList<BackupTarget> targets;
    QStringList skipped; // "atl1-spine9: no primary address"
    QStringList sources; // what was read, for people: "InfraDevice (8)"

    static QCoro::Task<Result<BackupTargets>> load(InfrahubClient *client, BackupSelection selection,
                                                   QString branch, CancellationToken token);

    // The device kinds of `schema`, best first (see above); empty when the schema has none.
    static QList<BackupDeviceKind> deviceKinds(const SchemaSet &schema);
    // The kind that "site" means for the command line's --site: the peer of the first device kind's site
    // relationship; empty when devices have none.
    static QString siteKind(const SchemaSet &schema);
    // Every query load() can send for `schema`, with sample ids and names, as (kind, options) to render
    // with QueryRenderer: the GraphQL contract check validates them against Infrahub's SDL.
    static QList<QPair<QString, QueryOptions>> queryShapes(const SchemaSet &schema);
};

} // namespace infrahub
