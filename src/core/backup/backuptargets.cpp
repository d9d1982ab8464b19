#include "backuptargets.h"

#include "client/infrahubclient.h"
#include "schema/addressrelationships.h"

#include <QCoreApplication>
#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace infrahub {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("BackupTargets", text);
}

const QString kSampleId = QStringLiteral("1799f647-203c-cd41-3409-c51d55097213");

QJsonArray jsonList(const QStringList &values) {
    QJsonArray out;
    for (const QString &v : values)
        out.append(v);
    return out;
}

bool isPlatformKind(const KindSchema &kind) {
    return kind.attribute(QStringLiteral("netmiko_device_type")) ||
           kind.attribute(QStringLiteral("napalm_driver"));
}

// The attribute that names objects of `kind`: `name`, else the attribute of its default filter.
QString nameAttributeOf(const KindSchema &kind) {
    if (kind.attribute(QStringLiteral("name")))
        return QStringLiteral("name");
    if (kind.defaultFilter.endsWith(QLatin1String("__value"))) {
        const QString attribute = kind.defaultFilter.chopped(int(qstrlen("__value")));
        if (kind.attribute(attribute))
            return attribute;
    }
    return {};
}

QString ipHostAttributeOf(const KindSchema &kind) {
    for (const AttributeSchema &a : kind.attributes)
        if (a.kind == u"IPHost")
            return a.name;
    return {};
}

QString labelOf(const SchemaSet &schema, const QString &kind) {
    const KindSchema *k = schema.kind(kind);
    return k && !k->label.isEmpty() ? k->label.toLower() : kind;
}

QString nameOf(const Node &node, const QString &nameAttribute) {
    if (!nameAttribute.isEmpty()) {
        const QString name = node.value(nameAttribute).toString();
        if (!name.isEmpty())
            return name;
    }
    return node.displayLabel();
}

QString branchText(const QString &branch) {
    return branch.isEmpty() ? tr("the default branch") : tr("branch %1").arg(branch);
}

// --- the queries, shared by load() and queryShapes()
// ---------------------------------------------------------

QueryOptions deviceQuery(const BackupDeviceKind &d, QJsonObject filters) {
    QueryOptions options;
    options.selection.dropdownDetails = false;
    if (!d.nameAttribute.isEmpty())
        options.selection.fields.append(d.nameAttribute);
    options.selection.fields.append(d.address);
    if (!d.platform.isEmpty())
        options.selection.fields.append(d.platform);
    if (!d.site.isEmpty())
        options.selection.fields.append(d.site);
    options.filters = std::move(filters);
    return options;
}

// The selected objects of a kind that is not a device kind, to check they exist (and learn their ids).
QueryOptions objectQuery(const KindSchema &kind, const QStringList &ids, const QStringList &names) {
    QueryOptions options;
    options.selection.dropdownDetails = false;
    const QString nameAttribute = nameAttributeOf(kind);
    if (!nameAttribute.isEmpty())
        options.selection.fields = {nameAttribute};
    else if (!kind.attributes.isEmpty())
        options.selection.fields = {kind.attributes.constFirst().name};
    if (!ids.isEmpty())
        options.filters.insert(QStringLiteral("ids"), jsonList(ids));
    else if (!nameAttribute.isEmpty())
        options.filters.insert(nameAttribute + QStringLiteral("__values"), jsonList(names));
    return options;
}

QueryOptions platformQuery(const BackupDeviceKind &d, const KindSchema *platformKind,
                           const QStringList &ids) {
    QueryOptions options;
    options.selection.dropdownDetails = false;
    if (platformKind) {
        const QString nameAttribute = nameAttributeOf(*platformKind);
        if (!nameAttribute.isEmpty())
            options.selection.fields.append(nameAttribute);
    }
    if (!d.netmikoAttribute.isEmpty())
        options.selection.fields.append(d.netmikoAttribute);
    if (!d.napalmAttribute.isEmpty())
        options.selection.fields.append(d.napalmAttribute);
    options.filters.insert(QStringLiteral("ids"), jsonList(ids));
    return options;
}

QueryOptions tagQuery(const QString &tag) {
    QueryOptions options;
    options.selection.fields = {QStringLiteral("name")};
    options.filters.insert(QStringLiteral("name__value"), tag);
    return options;
}

QueryOptions addressQuery(const QString &ipHostAttribute, const QStringList &ids) {
    QueryOptions options;
    options.selection.fields = {ipHostAttribute};
    options.filters.insert(QStringLiteral("ids"), jsonList(ids));
    return options;
}

// The devices of `d` that `selection` means (the filters of one device query), or nullopt when this device
// kind has no way to the selection (it does not point to that kind).
struct DeviceFilter {
    QJsonObject filters;
    QString source; // "InfraDevice", "InfraDevice.site", "InfraDevice.tags"
};

} // namespace

QList<BackupDeviceKind> BackupTargets::deviceKinds(const SchemaSet &schema) {
    const QStringList addressKinds = addressrelationships::addressKinds(schema);
    QList<BackupDeviceKind> withPlatform;
    QList<BackupDeviceKind> withoutPlatform;
    for (const KindSchema *k : schema.nodes()) {
        if (addressKinds.contains(k->kind))
            continue; // an address pointing at another address is no device
        const RelationshipSchema *address = nullptr;
        // A relationship called primary_address (or management_address) wins over any other address.
        for (const RelationshipSchema &r : k->relationships)
            if (addressrelationships::pointsAtAddress(schema, r, addressKinds) &&
                (r.name.contains(u"primary") || r.name.contains(u"management"))) {
                address = &r;
                break;
            }
        if (!address)
            address = addressrelationships::addressRelationship(schema, *k, addressKinds);
        if (!address)
            continue;
        BackupDeviceKind d;
        d.kind = k->kind;
        d.nameAttribute = nameAttributeOf(*k);
        d.address = address->name;
        for (const RelationshipSchema &r : k->relationships) {
            if (r.isMany()) {
                const KindSchema *peer = schema.kind(r.peer);
                if (d.tags.isEmpty() && (r.name == u"tags" || (peer && peer->kind.endsWith(u"Tag")))) {
                    d.tags = r.name;
                    d.tagKind = r.peer;
                }
                continue;
            }
            const KindSchema *peer = schema.kind(r.peer);
            if (!peer)
                continue;
            if (d.platform.isEmpty() && isPlatformKind(*peer)) {
                d.platform = r.name;
                d.platformKind = r.peer;
                if (peer->attribute(QStringLiteral("netmiko_device_type")))
                    d.netmikoAttribute = QStringLiteral("netmiko_device_type");
                if (peer->attribute(QStringLiteral("napalm_driver")))
                    d.napalmAttribute = QStringLiteral("napalm_driver");
            }
            if (d.site.isEmpty() && (r.name == u"site" || r.name == u"location")) {
                d.site = r.name;
                d.siteKind = r.peer;
            }
        }
        (d.platform.isEmpty() ? withoutPlatform : withPlatform).append(d);
    }
    return withPlatform.isEmpty() ? withoutPlatform : withPlatform;
}

QString BackupTargets::siteKind(const SchemaSet &schema) {
    for (const BackupDeviceKind &d : deviceKinds(schema))
        if (!d.siteKind.isEmpty())
            return d.siteKind;
    return {};
}

QList<QPair<QString, QueryOptions>> BackupTargets::queryShapes(const SchemaSet &schema) {
    QList<QPair<QString, QueryOptions>> shapes;
    const QStringList ids{kSampleId};
    const QStringList names{QStringLiteral("atl1"), QStringLiteral("it's \"x\" { y }")};
    for (const BackupDeviceKind &d : deviceKinds(schema)) {
        shapes.append({d.kind, deviceQuery(d, {})});
        shapes.append({d.kind, deviceQuery(d, {{QStringLiteral("ids"), jsonList(ids)}})});
        if (!d.nameAttribute.isEmpty())
            shapes.append(
                {d.kind, deviceQuery(d, {{d.nameAttribute + QStringLiteral("__values"), jsonList(names)}})});
        if (!d.site.isEmpty()) {
            shapes.append({d.kind, deviceQuery(d, {{d.site + QStringLiteral("__ids"), jsonList(ids)}})});
            if (const KindSchema *site = schema.kind(d.siteKind)) {
                shapes.append({site->kind, objectQuery(*site, ids, {})});
                shapes.append({site->kind, objectQuery(*site, {}, names)});
            }
        }
        if (!d.tags.isEmpty()) {
            shapes.append({d.kind, deviceQuery(d, {{d.tags + QStringLiteral("__ids"), jsonList(ids)}})});
            shapes.append({d.tagKind, tagQuery(names.constLast())});
        }
        if (!d.platform.isEmpty())
            shapes.append({d.platformKind, platformQuery(d, schema.kind(d.platformKind), ids)});
        if (const KindSchema *device = schema.kind(d.kind))
            if (const RelationshipSchema *address = device->relationship(d.address))
                for (const QString &addressKind : addressrelationships::addressKinds(schema))
                    if (schema.isKindOf(addressKind, address->peer))
                        shapes.append(
                            {addressKind, addressQuery(ipHostAttributeOf(*schema.kind(addressKind)), ids)});
    }
    return shapes;
}

QCoro::Task<Result<BackupTargets>> BackupTargets::load(InfrahubClient *client, BackupSelection selection,
                                                       QString branch, CancellationToken token) {
    QCoro::Task<Result<std::shared_ptr<const SchemaSet>>> fetchingSchema = client->schema(branch, token);
    const Result<std::shared_ptr<const SchemaSet>> schemaResult = co_await fetchingSchema;
    if (!schemaResult)
        co_return schemaResult.error();
    const std::shared_ptr<const SchemaSet> schema = schemaResult.value();

    const QList<BackupDeviceKind> devices = deviceKinds(*schema);
    if (devices.isEmpty())
        co_return InfrahubError::make(
            InfrahubError::Kind::NotFound,
            tr("The schema on %1 has no device kind: no kind points at an IP address (a primary address), so "
               "there is nothing to back up.")
                .arg(branchText(branch)));

    // Which device kinds take part, and with which filters.
    QList<QPair<BackupDeviceKind, DeviceFilter>> plan;
    bool selectsDevices = false; // Objects of a device kind: unknown ids and names are checked on the devices
    switch (selection.by) {
    case BackupSelection::By::All:
        for (const BackupDeviceKind &d : devices)
            plan.append({d, DeviceFilter{{}, d.kind}});
        break;
    case BackupSelection::By::Tag: {
        const QString tag = selection.tag.trimmed();
        if (tag.isEmpty())
            co_return InfrahubError::make(InfrahubError::Kind::Validation, tr("No tag was given."));
        QHash<QString, QString> tagIds; // tag kind -> id
        for (const BackupDeviceKind &d : devices) {
            if (d.tags.isEmpty() || tagIds.contains(d.tagKind))
                continue;
            const KindSchema *tagKind = schema->kind(d.tagKind);
            if (!tagKind || !tagKind->attribute(QStringLiteral("name")))
                continue;
            QCoro::Task<Result<QList<Node>>> finding =
                client->all(d.tagKind, tagQuery(tag), InfrahubClient::Paging::Sequential, branch, token);
            const Result<QList<Node>> found = co_await finding;
            if (!found)
                co_return found.error();
            if (!found->isEmpty())
                tagIds.insert(d.tagKind, found->constFirst().id());
        }
        if (tagIds.isEmpty())
            co_return InfrahubError::make(
                InfrahubError::Kind::NotFound,
                tr("There is no tag named \"%1\" on %2.").arg(tag, branchText(branch)));
        for (const BackupDeviceKind &d : devices)
            if (tagIds.contains(d.tagKind))
                plan.append({d, DeviceFilter{
                                    {{d.tags + QStringLiteral("__ids"), jsonList({tagIds.value(d.tagKind)})}},
                                    d.kind + u'.' + d.tags}});
        break;
    }
    case BackupSelection::By::Objects: {
        const QString kind = selection.kind.isEmpty() ? devices.constFirst().kind : selection.kind;
        const KindSchema *selected = schema->kind(kind);
        if (!selected)
            co_return InfrahubError::make(
                InfrahubError::Kind::NotFound,
                tr("The schema on %1 has no kind %2.").arg(branchText(branch), kind));
        QStringList ids = selection.ids;
        QStringList names = selection.names;
        ids.removeAll(QString());
        names.removeAll(QString());
        if (ids.isEmpty() && names.isEmpty())
            co_return InfrahubError::make(
                InfrahubError::Kind::Validation,
                tr("Nothing was selected: choose devices, or objects devices belong to "
                   "(such as sites)."));
        for (const BackupDeviceKind &d : devices) {
            if (!schema->isKindOf(d.kind, kind))
                continue;
            selectsDevices = true;
            if (!ids.isEmpty())
                plan.append({d, DeviceFilter{{{QStringLiteral("ids"), jsonList(ids)}}, d.kind}});
            if (!names.isEmpty() && !d.nameAttribute.isEmpty())
                plan.append(
                    {d, DeviceFilter{{{d.nameAttribute + QStringLiteral("__values"), jsonList(names)}},
                                     d.kind}});
        }
        if (selectsDevices)
            break;

        // Objects devices point to: check they exist (unknown names are the usual typo), then ask each device
        // kind that points to this kind for its members.
        const QString nameAttribute = nameAttributeOf(*selected);
        if (!names.isEmpty() && nameAttribute.isEmpty())
            co_return InfrahubError::make(InfrahubError::Kind::Validation,
                                          tr("Objects of kind %1 have no name to select them by.").arg(kind));
        QStringList found;
        QSet<QString> seenIds;
        QSet<QString> seenNames;
        for (int pass = 0; pass < 2; ++pass) {
            const QStringList &wanted = pass == 0 ? ids : names;
            if (wanted.isEmpty())
                continue;
            QCoro::Task<Result<QList<Node>>> checking = client->all(
                kind, pass == 0 ? objectQuery(*selected, ids, {}) : objectQuery(*selected, {}, names),
                InfrahubClient::Paging::Concurrent, branch, token);
            const Result<QList<Node>> objects = co_await checking;
            if (!objects)
                co_return objects.error();
            for (const Node &n : objects.value()) {
                seenIds.insert(n.id());
                seenNames.insert(nameOf(n, nameAttribute));
                if (!found.contains(n.id()))
                    found.append(n.id());
            }
        }
        QStringList missing;
        for (const QString &id : std::as_const(ids))
            if (!seenIds.contains(id))
                missing.append(tr("no %1 with id %2").arg(labelOf(*schema, kind), id));
        for (const QString &name : std::as_const(names))
            if (!seenNames.contains(name))
                missing.append(tr("no %1 named \"%2\"").arg(labelOf(*schema, kind), name));
        if (!missing.isEmpty())
            co_return InfrahubError::make(
                InfrahubError::Kind::NotFound,
                tr("On %1 there is %2.").arg(branchText(branch), missing.join(tr(", "))));
        for (const BackupDeviceKind &d : devices) {
            const KindSchema *deviceKind = schema->kind(d.kind);
            const RelationshipSchema *owner =
                deviceKind ? addressrelationships::relationshipTo(*schema, *deviceKind, kind) : nullptr;
            if (owner)
                plan.append({d, DeviceFilter{{{owner->name + QStringLiteral("__ids"), jsonList(found)}},
                                             d.kind + u'.' + owner->name}});
        }
        if (plan.isEmpty())
            co_return InfrahubError::make(InfrahubError::Kind::Validation,
                                          tr("No device kind points to %1 objects, so they have no devices "
                                             "to back up. Choose devices, or "
                                             "objects devices belong to (such as sites).")
                                              .arg(kind));
        break;
    }
    }

    // The devices.
    struct Found {
        const BackupDeviceKind *kind;
        Node node;
    };
    QList<Found> nodes;
    QSet<QString> seen;
    QSet<QString> seenNames;
    BackupTargets out;
    QHash<QString, int> perSource;
    QStringList sourceOrder;
    for (const auto &[d, filter] : std::as_const(plan)) {
        QCoro::Task<Result<QList<Node>>> listing = client->all(
            d.kind, deviceQuery(d, filter.filters), InfrahubClient::Paging::Concurrent, branch, token);
        const Result<QList<Node>> listed = co_await listing;
        if (!listed)
            co_return listed.error();
        for (const Node &n : listed.value()) {
            seenNames.insert(nameOf(n, d.nameAttribute));
            if (seen.contains(n.id()))
                continue;
            seen.insert(n.id());
            const BackupDeviceKind *kindPtr = nullptr;
            for (const BackupDeviceKind &k : devices)
                if (k.kind == d.kind)
                    kindPtr = &k;
            nodes.append({kindPtr, n});
            if (!perSource.contains(filter.source))
                sourceOrder.append(filter.source);
            ++perSource[filter.source];
        }
    }
    for (const QString &source : std::as_const(sourceOrder))
        out.sources.append(QStringLiteral("%1 (%2)").arg(source).arg(perSource.value(source)));

    if (selectsDevices) {
        QStringList missing;
        for (const QString &id : std::as_const(selection.ids))
            if (!id.isEmpty() && !seen.contains(id))
                missing.append(tr("no device with id %1").arg(id));
        for (const QString &name : std::as_const(selection.names))
            if (!name.isEmpty() && !seenNames.contains(name))
                missing.append(tr("no device named \"%1\"").arg(name));
        if (!missing.isEmpty())
            co_return InfrahubError::make(
                InfrahubError::Kind::NotFound,
                tr("On %1 there is %2.").arg(branchText(branch), missing.join(tr(", "))));
    }

    // Platforms: read once each (a handful of objects), by kind.
    QHash<QString, QStringList> platformIds; // platform kind -> ids
    for (const Found &f : std::as_const(nodes)) {
        if (f.kind->platform.isEmpty())
            continue;
        for (const RelatedNode &p : f.node.peers(f.kind->platform))
            if (!p.id.isEmpty() && !platformIds[f.kind->platformKind].contains(p.id))
                platformIds[f.kind->platformKind].append(p.id);
    }
    struct PlatformInfo {
        QString name;
        QString netmiko;
        QString napalm;
    };
    QHash<QString, PlatformInfo> platforms; // by id
    for (auto it = platformIds.cbegin(); it != platformIds.cend(); ++it) {
        const BackupDeviceKind *d = nullptr;
        for (const Found &f : std::as_const(nodes))
            if (f.kind->platformKind == it.key()) {
                d = f.kind;
                break;
            }
        const KindSchema *platformKind = schema->kind(it.key());
        QCoro::Task<Result<QList<Node>>> reading =
            client->all(it.key(), platformQuery(*d, platformKind, it.value()),
                        InfrahubClient::Paging::Concurrent, branch, token);
        const Result<QList<Node>> read = co_await reading;
        if (!read)
            co_return read.error();
        for (const Node &p : read.value()) {
            PlatformInfo info;
            info.name = platformKind ? nameOf(p, nameAttributeOf(*platformKind)) : p.displayLabel();
            if (!d->netmikoAttribute.isEmpty())
                info.netmiko = p.value(d->netmikoAttribute).toString().trimmed();
            if (!d->napalmAttribute.isEmpty())
                info.napalm = p.value(d->napalmAttribute).toString().trimmed();
            platforms.insert(p.id(), info);
        }
    }

    // Addresses: the peer's display label is the address ("10.0.0.5/24") in Infrahub's schemas; a schema
    // that labels addresses otherwise gets them read from the address objects.
    QHash<QString, QString> hosts;          // address id -> host
    QHash<QString, QStringList> unlabelled; // address kind -> ids
    for (const Found &f : std::as_const(nodes))
        for (const RelatedNode &a : f.node.peers(f.kind->address)) {
            const QString host = addressrelationships::hostOf(a.displayLabel);
            if (!QHostAddress(host).isNull()) {
                hosts.insert(a.id, host);
            } else if (!a.id.isEmpty()) {
                QString addressKind = a.kind;
                if (addressKind.isEmpty() || !schema->kind(addressKind) ||
                    ipHostAttributeOf(*schema->kind(addressKind)).isEmpty()) {
                    const KindSchema *deviceKind = schema->kind(f.kind->kind);
                    const RelationshipSchema *r =
                        deviceKind ? deviceKind->relationship(f.kind->address) : nullptr;
                    addressKind.clear();
                    for (const QString &k : addressrelationships::addressKinds(*schema))
                        if (r && schema->isKindOf(k, r->peer)) {
                            addressKind = k;
                            break;
                        }
                }
                if (!addressKind.isEmpty() && !unlabelled[addressKind].contains(a.id))
                    unlabelled[addressKind].append(a.id);
            }
        }
    for (auto it = unlabelled.cbegin(); it != unlabelled.cend(); ++it) {
        const QString attribute = ipHostAttributeOf(*schema->kind(it.key()));
        QCoro::Task<Result<QList<Node>>> reading = client->all(
            it.key(), addressQuery(attribute, it.value()), InfrahubClient::Paging::Concurrent, branch, token);
        const Result<QList<Node>> read = co_await reading;
        if (!read)
            co_return read.error();
        for (const Node &a : read.value()) {
            const QString host = addressrelationships::hostOf(a.value(attribute).toString());
            if (!host.isEmpty())
                hosts.insert(a.id(), host);
        }
    }

    for (const Found &f : std::as_const(nodes)) {
        BackupTarget t;
        t.device.name = nameOf(f.node, f.kind->nameAttribute);
        t.device.id = f.node.id();
        const QList<RelatedNode> address = f.node.peers(f.kind->address);
        if (!address.isEmpty())
            t.host = hosts.value(address.constFirst().id);
        if (!f.kind->site.isEmpty()) {
            const QList<RelatedNode> site = f.node.peers(f.kind->site);
            if (!site.isEmpty())
                t.site = site.constFirst().displayLabel;
        }
        if (!f.kind->platform.isEmpty()) {
            const QList<RelatedNode> platform = f.node.peers(f.kind->platform);
            if (!platform.isEmpty()) {
                const PlatformInfo info = platforms.value(platform.constFirst().id);
                t.platform = !info.netmiko.isEmpty() ? info.netmiko
                             : !info.napalm.isEmpty()
                                 ? info.napalm
                                 : (info.name.isEmpty() ? platform.constFirst().displayLabel : info.name);
                t.napalmDriver = info.napalm;
            }
        }
        if (t.host.isEmpty()) {
            const KindSchema *deviceKind = schema->kind(f.kind->kind);
            const RelationshipSchema *r = deviceKind ? deviceKind->relationship(f.kind->address) : nullptr;
            const QString what = r && !r->label.isEmpty() ? r->label.toLower() : f.kind->address;
            out.skipped.append(tr("%1: no %2").arg(t.device.label(), what));
            continue;
        }
        out.targets.append(t);
    }
    co_return out;
}

} // namespace infrahub
