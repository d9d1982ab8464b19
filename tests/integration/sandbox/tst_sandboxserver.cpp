// End-to-end tests of the sandbox server over real HTTP on loopback: REST endpoints, GraphQL queries
// (filters, pagination, nested relationships, fragments on generics), mutations with Infrahub's
// validation errors, branches, auth, fault injection, request log and persistence.
#include "httptestclient.h"
#include "sandbox/sandboxserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace infrahub::sandbox;

namespace {

const QByteArray kToken = "test-token-3f1c";

QList<QPair<QByteArray, QByteArray>> authHeaders() {
    return {{"X-INFRAHUB-KEY", kToken}};
}

// The first node of a kind list in a GraphQL answer.
QJsonObject firstNode(const QJsonObject &body, const QString &kind) {
    const QJsonArray edges = body.value(u"data").toObject().value(kind).toObject().value(u"edges").toArray();
    return edges.first().toObject().value(u"node").toObject();
}

QString errorMessage(const QJsonObject &body) {
    return body.value(u"errors").toArray().first().toObject().value(u"message").toString();
}

} // namespace

class TestSandboxServer : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<SandboxServer> startServer(SandboxOptions options = {}) {
        if (options.tokens.isEmpty())
            options.tokens = {kToken};
        auto server = std::make_unique<SandboxServer>(options);
        QString error;
        if (!server->start(&error))
            qFatal("sandbox did not start: %s", qPrintable(error));
        return server;
    }

    QJsonObject query(const QString &q, const QJsonObject &variables = {}, const QString &branch = {}) {
        const HttpResult r = graphqlRequest(m_nam, m_server->url(), q, variables, branch, authHeaders());
        if (r.status != 200)
            qWarning("HTTP %d: %s", r.status, r.body.constData());
        return r.json();
    }

    QNetworkAccessManager m_nam;
    std::unique_ptr<SandboxServer> m_server;

private Q_SLOTS:
    void init() { m_server = startServer(); }
    void cleanup() { m_server.reset(); }

    void restEndpoints() {
        const QUrl base = m_server->url();
        HttpResult info = httpRequest(m_nam, "GET", base.resolved(QUrl(QStringLiteral("/api/info"))));
        QCOMPARE(info.status, 200);
        QCOMPARE(info.json().value(u"version").toString(), QStringLiteral("1.2.0"));
        QVERIFY(!info.json().value(u"deployment_id").toString().isEmpty());

        const HttpResult schema =
            httpRequest(m_nam, "GET", base.resolved(QUrl(QStringLiteral("/api/schema?branch=main"))));
        QCOMPARE(schema.status, 200);
        const QJsonObject s = schema.json();
        QVERIFY(!s.value(u"main").toString().isEmpty());
        QStringList kinds;
        for (const QJsonValue &n : s.value(u"nodes").toArray())
            kinds.append(n.toObject().value(u"kind").toString());
        for (const char *k :
             {"InfraDevice", "InfraVLAN", "LocationSite", "IpamIPAddress", "IpamIPPrefix", "BuiltinTag"})
            QVERIFY2(kinds.contains(QLatin1String(k)), k);

        const HttpResult summary =
            httpRequest(m_nam, "GET", base.resolved(QUrl(QStringLiteral("/api/schema/summary"))));
        QCOMPARE(summary.json().value(u"main").toString(), s.value(u"main").toString());
        QVERIFY(summary.json().value(u"nodes").toObject().contains(u"InfraDevice"));

        const HttpResult device =
            httpRequest(m_nam, "GET", base.resolved(QUrl(QStringLiteral("/api/schema/InfraDevice"))));
        QCOMPARE(device.status, 200);
        QCOMPARE(device.json().value(u"kind").toString(), QStringLiteral("InfraDevice"));

        QCOMPARE(
            httpRequest(m_nam, "GET", base.resolved(QUrl(QStringLiteral("/api/schema/NoSuchKind")))).status,
            422);
        const HttpResult badBranch =
            httpRequest(m_nam, "GET", base.resolved(QUrl(QStringLiteral("/api/schema?branch=nope"))));
        QCOMPARE(badBranch.status, 400);
        QCOMPARE(errorMessage(badBranch.json()), QStringLiteral("Branch: nope not found."));

        const HttpResult unknown = httpRequest(m_nam, "GET", base.resolved(QUrl(QStringLiteral("/api/x"))));
        QCOMPARE(unknown.status, 404);
        QCOMPARE(errorMessage(unknown.json()),
                 QStringLiteral("The requested endpoint /api/x does not exist"));
        QCOMPARE(unknown.json()
                     .value(u"errors")
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"extensions")
                     .toObject()
                     .value(u"code")
                     .toInt(),
                 404);

        const HttpResult config =
            httpRequest(m_nam, "GET", base.resolved(QUrl(QStringLiteral("/api/config"))));
        QVERIFY(config.json().value(u"main").toObject().value(u"allow_anonymous_access").toBool());

        QCOMPARE(httpRequest(m_nam, "GET", base.resolved(QUrl(QStringLiteral("/graphql")))).status, 405);
        const HttpResult sdl =
            httpRequest(m_nam, "GET", base.resolved(QUrl(QStringLiteral("/schema.graphql"))));
        QCOMPARE(sdl.status, 200);
        QVERIFY(sdl.body.contains("type InfraDevice implements"));
    }

    void storedRecordsCacheTheirLabelsWithoutGoingStale() {
        // Every page writes each node's and each related node's display label and hfid, so stored records
        // (immutable) keep them once computed. They did not: the record was moved into the store after
        // being marked sealed, and a moved cache is a copy, which is unsealed on purpose.
        const BranchState *main = m_server->store().branch(QStringLiteral("main"));
        QVERIFY(main);
        QVERIFY(!main->nodes.isEmpty());
        for (const NodeRef &n : main->nodes)
            QVERIFY2(n->cache.sealed, qPrintable(n->kind + QLatin1Char(' ') + n->id));

        const QString list = QStringLiteral(
            "{ InfraDevice(limit: 1) { edges { node { id display_label hfid name { value } } } } }");
        QJsonObject node = firstNode(query(list), QStringLiteral("InfraDevice"));
        const QString id = node.value(u"id").toString();
        const QString name = node.value(u"name").toObject().value(u"value").toString();
        QCOMPARE(node.value(u"display_label").toString(), name);
        NodeRef stored = m_server->store().node(*main, id);
        QVERIFY(stored);
        QCOMPARE(stored->cache.displayLabel, std::optional<QString>(name));
        QCOMPARE(stored->cache.hfid, std::optional<QStringList>(QStringList{name}));
        QVERIFY(stored->cache.displayLabelJson);

        // A change stores a new record: the next answer shows the new name, not the cached one.
        const QString renamed = QStringLiteral("aaa-renamed");
        const QJsonObject r = query(
            QStringLiteral("mutation($id: String!, $name: String!) { InfraDeviceUpdate(data: {id: $id, name: "
                           "{value: $name}}) { ok } }"),
            {{QStringLiteral("id"), id}, {QStringLiteral("name"), renamed}});
        QVERIFY2(!r.contains(u"errors"), qPrintable(QJsonDocument(r).toJson()));
        node = firstNode(query(list), QStringLiteral("InfraDevice"));
        QCOMPARE(node.value(u"id").toString(), id); // still first by name
        QCOMPARE(node.value(u"display_label").toString(), renamed);
        QCOMPARE(node.value(u"hfid").toArray(), QJsonArray{renamed});
    }

    void storedRecordsAnswerFieldsByPositionWithoutGoingStale() {
        // Sealed records find their attributes and relationships by position in the kind's schema and keep
        // each attribute value's JSON text once written. A change stores a new record, so every answer
        // after it shows the new values: attribute, dropdown label, and relationship alike.
        const BranchState *main = m_server->store().branch(QStringLiteral("main"));
        QVERIFY(main);
        const QString list = QStringLiteral(
            "{ InfraDevice(limit: 1) { edges { node { id status { value label } description { value } "
            "site { node { id } } tags { count } } } } }");
        QJsonObject node = firstNode(query(list), QStringLiteral("InfraDevice"));
        const QString id = node.value(u"id").toString();
        const QString oldSite =
            node.value(u"site").toObject().value(u"node").toObject().value(u"id").toString();
        QVERIFY(!oldSite.isEmpty());
        const QJsonValue oldStatus = node.value(u"status").toObject().value(u"value");
        QVERIFY(oldStatus.isString());

        const NodeRef stored = m_server->store().node(*main, id);
        QVERIFY(stored);
        const infrahub::KindSchema *device = m_server->store().schema().kind(QStringLiteral("InfraDevice"));
        QVERIFY(device);
        QCOMPARE(stored->cache.slotsKind, device);
        const qsizetype statusIndex =
            device->attribute(QStringLiteral("status")) - device->attributes.constData();
        const NodeRecordCache::AttributeSlot *slot = stored->attributeSlotAt(*device, statusIndex);
        QVERIFY(slot && slot->value);
        QCOMPARE(slot->valueJson,
                 QJsonDocument(QJsonArray{oldStatus}).toJson(QJsonDocument::Compact).mid(1).chopped(1));
        const qsizetype siteIndex =
            device->relationship(QStringLiteral("site")) - device->relationships.constData();
        const QList<RelationshipEdge> *siteEdges = stored->edgesAt(*device, siteIndex);
        QVERIFY(siteEdges && siteEdges->size() == 1);
        QCOMPARE(siteEdges->constFirst().peerId, oldSite);

        // An unsealed copy (how every change starts) has no slots and still answers, by name.
        NodeRecord copy = *stored;
        QVERIFY(!copy.cache.sealed);
        QVERIFY(!copy.attributeSlotAt(*device, statusIndex));
        QCOMPARE(copy.edgesAt(*device, siteIndex)->constFirst().peerId, oldSite);

        QString newSite;
        const QJsonArray sites = query(QStringLiteral("{ LocationSite(limit: 5) { edges { node { id } } } }"))
                                     .value(u"data")
                                     .toObject()
                                     .value(u"LocationSite")
                                     .toObject()
                                     .value(u"edges")
                                     .toArray();
        for (const QJsonValue &e : sites)
            if (const QString s = e.toObject().value(u"node").toObject().value(u"id").toString();
                s != oldSite)
                newSite = s;
        QVERIFY(!newSite.isEmpty());
        const QString newStatus = oldStatus.toString() == u"maintenance" ? QStringLiteral("drained")
                                                                         : QStringLiteral("maintenance");
        const QJsonObject r =
            query(QStringLiteral(
                      "mutation($id: String!, $status: String!, $site: String!) { InfraDeviceUpdate(data: "
                      "{id: $id, status: {value: $status}, description: {value: \"changed \\\"here\\\"\"}, "
                      "site: {id: $site}}) { ok } }"),
                  {{QStringLiteral("id"), id},
                   {QStringLiteral("status"), newStatus},
                   {QStringLiteral("site"), newSite}});
        QVERIFY2(!r.contains(u"errors"), qPrintable(QJsonDocument(r).toJson()));

        node = firstNode(query(list), QStringLiteral("InfraDevice"));
        QCOMPARE(node.value(u"id").toString(), id);
        QCOMPARE(node.value(u"status").toObject().value(u"value").toString(), newStatus);
        QCOMPARE(node.value(u"status").toObject().value(u"label").toString(),
                 device->attribute(QStringLiteral("status"))->choice(newStatus)->label);
        QCOMPARE(node.value(u"description").toObject().value(u"value").toString(),
                 QStringLiteral("changed \"here\""));
        QCOMPARE(node.value(u"site").toObject().value(u"node").toObject().value(u"id").toString(), newSite);
        // The old record, still referenced here, kept its own values.
        QCOMPARE(slot->valueJson,
                 QJsonDocument(QJsonArray{oldStatus}).toJson(QJsonDocument::Compact).mid(1).chopped(1));
    }

    void listWithDefaultSelection() {
        // The SDK's default selection for InfraDevice, as `infrahubctl`/the SDK >= 1.4 sends it.
        const QJsonObject r = query(QStringLiteral(
            "query Filters_InfraDevice { InfraDevice(limit: 5, offset: 10) { count edges { node { id hfid "
            "display_label __typename "
            "name { value } description { value } type { value } status { value } role { value } "
            "site { node { id hfid display_label __typename } } platform { node { id hfid display_label "
            "__typename } } "
            "tags { count edges { node { id display_label __typename } } } } } } }"));
        QVERIFY2(!r.contains(u"errors"), qPrintable(QJsonDocument(r).toJson()));
        const QJsonObject list = r.value(u"data").toObject().value(u"InfraDevice").toObject();
        QCOMPARE(list.value(u"count").toInt(), 40);
        const QJsonArray edges = list.value(u"edges").toArray();
        QCOMPARE(edges.size(), 5);
        const QJsonObject node = edges.first().toObject().value(u"node").toObject();
        QCOMPARE(node.value(u"__typename").toString(), QStringLiteral("InfraDevice"));
        QCOMPARE(node.value(u"hfid").toArray().first().toString(),
                 node.value(u"name").toObject().value(u"value").toString());
        QCOMPARE(node.value(u"display_label").toString(),
                 node.value(u"name").toObject().value(u"value").toString());
        QCOMPARE(node.value(u"site").toObject().value(u"node").toObject().value(u"__typename").toString(),
                 QStringLiteral("LocationSite"));
        QCOMPARE(node.value(u"tags").toObject().value(u"count").toInt(), 1);

        // Ordered by name (order_by name__value): the page after offset 10 continues the sorted list.
        QStringList names;
        const QJsonObject all =
            query(QStringLiteral("{ InfraDevice { edges { node { name { value } } } } }"));
        for (const QJsonValue &e :
             all.value(u"data").toObject().value(u"InfraDevice").toObject().value(u"edges").toArray())
            names.append(
                e.toObject().value(u"node").toObject().value(u"name").toObject().value(u"value").toString());
        QCOMPARE(names.size(), 40);
        QStringList sorted = names;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(names, sorted);
        QCOMPARE(node.value(u"name").toObject().value(u"value").toString(), names.at(10));
    }

    void filters_data() {
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<int>("count");
        QTest::newRow("site name") << "site__name__value: \"atl1\"" << 8;
        QTest::newRow("site names") << "site__name__values: [\"atl1\", \"fra1\"]" << 16;
        QTest::newRow("role") << "role__value: \"spine\"" << 10;
        QTest::newRow("roles") << "role__values: [\"spine\", \"edge\"]" << 20;
        QTest::newRow("status maintenance") << "status__value: \"maintenance\"" << 1;
        QTest::newRow("name exact") << "name__value: \"atl1-leaf1\"" << 1;
        QTest::newRow("name partial") << "name__value: \"LEAF\", partial_match: true" << 20;
        QTest::newRow("any partial") << "any__value: \"jfk1-sp\", partial_match: true" << 2;
        QTest::newRow("hfid") << "hfid: [\"ord1-edge2\"]" << 1;
        QTest::newRow("tag") << "tags__name__value: \"red\"" << 10;
        QTest::newRow("platform") << "platform__name__value: \"Juniper JunOS\"" << 10;
        QTest::newRow("null filter ignored") << "name__value: null" << 40;
        QTest::newRow("isnull") << "description__isnull: true" << 0;
        QTest::newRow("is_managed") << "is_managed__value: false" << 2;
        QTest::newRow("no match") << "name__value: \"nope\"" << 0;
    }

    void filters() {
        QFETCH(QString, arguments);
        QFETCH(int, count);
        const QJsonObject r =
            query(QStringLiteral("{ InfraDevice(%1) { count edges { node { id } } } }").arg(arguments));
        QVERIFY2(!r.contains(u"errors"), qPrintable(QJsonDocument(r).toJson()));
        const QJsonObject list = r.value(u"data").toObject().value(u"InfraDevice").toObject();
        QCOMPARE(list.value(u"count").toInt(), count);
        QCOMPARE(list.value(u"edges").toArray().size(), count);
    }

    void variablesAliasesFragmentsAndGenerics() {
        const QJsonObject r = query(QStringLiteral(R"(
            query Devices($site: String, $limit: Int = 2) {
              first: InfraDevice(site__name__value: $site, limit: $limit) { count edges { node { ...DeviceBits } } }
              interfaces: InfraInterface(device__name__value: "atl1-leaf1") {
                count
                edges { node { __typename name { value } ... on InfraInterfaceL3 { ip_addresses { count } } ... on InfraInterfaceL2 { l2_mode { value } untagged_vlan { node { display_label } } } } }
              }
            }
            fragment DeviceBits on InfraDevice { n: name { value } site { node { display_label } } })"),
                                    {{QStringLiteral("site"), QStringLiteral("fra1")}});
        QVERIFY2(!r.contains(u"errors"), qPrintable(QJsonDocument(r).toJson()));
        const QJsonObject data = r.value(u"data").toObject();
        const QJsonObject first = data.value(u"first").toObject();
        QCOMPARE(first.value(u"count").toInt(), 8);
        QCOMPARE(first.value(u"edges").toArray().size(), 2);
        const QJsonObject node = first.value(u"edges").toArray().first().toObject().value(u"node").toObject();
        QVERIFY(node.value(u"n").toObject().value(u"value").toString().startsWith(u"fra1-"));
        QCOMPARE(node.value(u"site").toObject().value(u"node").toObject().value(u"display_label").toString(),
                 QStringLiteral("fra1"));

        const QJsonObject interfaces = data.value(u"interfaces").toObject();
        QCOMPARE(interfaces.value(u"count").toInt(), 8); // Management0, Loopback0, 2 uplinks, 4 server ports
        int l2 = 0, l3 = 0;
        for (const QJsonValue &e : interfaces.value(u"edges").toArray()) {
            const QJsonObject n = e.toObject().value(u"node").toObject();
            if (n.value(u"__typename").toString() == u"InfraInterfaceL2") {
                ++l2;
                QCOMPARE(n.value(u"l2_mode").toObject().value(u"value").toString(), QStringLiteral("Access"));
                QCOMPARE(n.value(u"untagged_vlan")
                             .toObject()
                             .value(u"node")
                             .toObject()
                             .value(u"display_label")
                             .toString(),
                         QStringLiteral("atl1-server"));
                QVERIFY(!n.contains(u"ip_addresses"));
            } else {
                ++l3;
                QCOMPARE(n.value(u"__typename").toString(), QStringLiteral("InfraInterfaceL3"));
                QVERIFY(n.contains(u"ip_addresses"));
            }
        }
        QCOMPARE(l2, 4);
        QCOMPARE(l3, 4);
    }

    void nestedRelationshipsAndAttributes() {
        const QJsonObject r = query(QStringLiteral(R"({
            LocationSite(name__value: "jfk1") { edges { node {
              name { value is_protected is_default updated_at source { id } }
              parent { node { __typename display_label } properties { is_protected } }
              devices(limit: 3, offset: 1) { count edges { node { name { value } } } }
              vlans(role__value: "server") { count edges { node { vlan_id { value } role { value label color } status { label } } } }
            } } }
            IpamIPAddress(address__value: "127.1.3.11/24") { edges { node { address { value ip prefixlen netmask version with_hostmask } } } }
            IpamIPPrefix(limit: 1) { edges { node { prefix { value broadcast_address num_addresses netmask } } } }
        })"));
        QVERIFY2(!r.contains(u"errors"), qPrintable(QJsonDocument(r).toJson()));
        const QJsonObject data = r.value(u"data").toObject();
        const QJsonObject site = data.value(u"LocationSite")
                                     .toObject()
                                     .value(u"edges")
                                     .toArray()
                                     .first()
                                     .toObject()
                                     .value(u"node")
                                     .toObject();
        QCOMPARE(site.value(u"name").toObject().value(u"is_protected").toBool(), false);
        QVERIFY(site.value(u"name").toObject().value(u"source").isNull());
        QCOMPARE(site.value(u"parent").toObject().value(u"node").toObject().value(u"__typename").toString(),
                 QStringLiteral("LocationCountry"));
        QCOMPARE(
            site.value(u"parent").toObject().value(u"node").toObject().value(u"display_label").toString(),
            QStringLiteral("United States"));
        const QJsonObject devices = site.value(u"devices").toObject();
        QCOMPARE(devices.value(u"count").toInt(), 8);
        QCOMPARE(devices.value(u"edges").toArray().size(), 3);
        const QJsonObject vlans = site.value(u"vlans").toObject();
        QCOMPARE(vlans.value(u"count").toInt(), 1);
        const QJsonObject vlan = vlans.value(u"edges").toArray().first().toObject().value(u"node").toObject();
        QCOMPARE(vlan.value(u"vlan_id").toObject().value(u"value").toInt(), 100);
        QCOMPARE(vlan.value(u"role").toObject().value(u"label").toString(), QStringLiteral("Server"));
        QCOMPARE(vlan.value(u"role").toObject().value(u"color").toString(), QStringLiteral("#c4bed7"));
        QCOMPARE(vlan.value(u"status").toObject().value(u"label").toString(), QStringLiteral("Active"));

        const QJsonObject address = data.value(u"IpamIPAddress")
                                        .toObject()
                                        .value(u"edges")
                                        .toArray()
                                        .first()
                                        .toObject()
                                        .value(u"node")
                                        .toObject()
                                        .value(u"address")
                                        .toObject();
        QCOMPARE(address.value(u"ip").toString(), QStringLiteral("127.1.3.11"));
        QCOMPARE(address.value(u"prefixlen").toInt(), 24);
        QCOMPARE(address.value(u"netmask").toString(), QStringLiteral("255.255.255.0"));
        QCOMPARE(address.value(u"version").toInt(), 4);
        QCOMPARE(address.value(u"with_hostmask").toString(), QStringLiteral("127.1.3.11/0.0.0.255"));
        const QJsonObject prefix = data.value(u"IpamIPPrefix")
                                       .toObject()
                                       .value(u"edges")
                                       .toArray()
                                       .first()
                                       .toObject()
                                       .value(u"node")
                                       .toObject()
                                       .value(u"prefix")
                                       .toObject();
        QCOMPARE(prefix.value(u"num_addresses").toInt(), 256);
        QVERIFY(prefix.value(u"broadcast_address").toString().endsWith(u".255"));
    }

    // Every operation of the real SDL subset's example file runs against the sandbox without errors.
    void exampleQueriesExecute() {
        QFile file(QStringLiteral(INFRAHUB_REFERENCE_DIR "/sdl/example-queries.graphql"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString document = QString::fromUtf8(file.readAll());
        auto run = [&](const QString &operation, const QJsonObject &variables) {
            const HttpResult r =
                graphqlRequest(m_nam, m_server->url(), document, variables, {}, authHeaders(), operation);
            if (r.status != 200 || r.json().contains(u"errors"))
                qWarning("%s: HTTP %d %s", qPrintable(operation), r.status, r.body.constData());
            return r.json();
        };
        QJsonObject r = run(QStringLiteral("ListDevices"),
                            {{QStringLiteral("siteName"), QStringLiteral("atl1")},
                             {QStringLiteral("statuses"), QJsonArray{QStringLiteral("active")}},
                             {QStringLiteral("limit"), 5}});
        QVERIFY(!r.contains(u"errors"));
        const QJsonObject devices = r.value(u"data").toObject().value(u"InfraDevice").toObject();
        QCOMPARE(devices.value(u"count").toInt(), 8);
        QCOMPARE(devices.value(u"edges").toArray().size(), 5);
        QCOMPARE(devices.value(u"permissions")
                     .toObject()
                     .value(u"edges")
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"node")
                     .toObject()
                     .value(u"kind")
                     .toString(),
                 QStringLiteral("InfraDevice"));
        const QJsonObject device =
            devices.value(u"edges").toArray().first().toObject().value(u"node").toObject();
        QVERIFY(device.value(u"primary_address")
                    .toObject()
                    .value(u"node")
                    .toObject()
                    .value(u"address")
                    .toObject()
                    .value(u"ip")
                    .toString()
                    .startsWith(u"127."));
        QVERIFY(device.value(u"interfaces").toObject().value(u"count").toInt() >= 4);

        r = run(QStringLiteral("GetSiteByName"), {{QStringLiteral("name"), QStringLiteral("atl1")}});
        QVERIFY(!r.contains(u"errors"));
        const QJsonObject site = r.value(u"data")
                                     .toObject()
                                     .value(u"LocationSite")
                                     .toObject()
                                     .value(u"edges")
                                     .toArray()
                                     .first()
                                     .toObject()
                                     .value(u"node")
                                     .toObject();
        QCOMPARE(site.value(u"city").toObject().value(u"value").toString(), QStringLiteral("Atlanta"));
        QCOMPARE(site.value(u"devices").toObject().value(u"count").toInt(), 8);

        r = run(QStringLiteral("CreateVlan"), {{QStringLiteral("name"), QStringLiteral("example-vlan")},
                                               {QStringLiteral("vlanId"), 42},
                                               {QStringLiteral("siteId"), site.value(u"id").toString()}});
        QVERIFY(!r.contains(u"errors"));
        QCOMPARE(r.value(u"data")
                     .toObject()
                     .value(u"InfraVLANCreate")
                     .toObject()
                     .value(u"object")
                     .toObject()
                     .value(u"vlan_id")
                     .toObject()
                     .value(u"value")
                     .toInt(),
                 42);

        const QJsonObject lookup =
            query(QStringLiteral("{ InfraPlatform(name__value: \"Cisco NX-OS\") { edges { node { id } } } "
                                 "BuiltinTag(name__value: \"gold\") { edges { node { id } } } }"))
                .value(u"data")
                .toObject();
        const QString platformId = lookup.value(u"InfraPlatform")
                                       .toObject()
                                       .value(u"edges")
                                       .toArray()
                                       .first()
                                       .toObject()
                                       .value(u"node")
                                       .toObject()
                                       .value(u"id")
                                       .toString();
        const QString tagId = lookup.value(u"BuiltinTag")
                                  .toObject()
                                  .value(u"edges")
                                  .toArray()
                                  .first()
                                  .toObject()
                                  .value(u"node")
                                  .toObject()
                                  .value(u"id")
                                  .toString();
        r = run(QStringLiteral("UpdateDevice"),
                {{QStringLiteral("id"), device.value(u"id").toString()},
                 {QStringLiteral("description"), QStringLiteral("updated by example")},
                 {QStringLiteral("platformId"), platformId},
                 {QStringLiteral("tags"), QJsonArray{QJsonObject{{QStringLiteral("id"), tagId}}}}});
        QVERIFY(!r.contains(u"errors"));
        const QJsonObject updated =
            r.value(u"data").toObject().value(u"InfraDeviceUpdate").toObject().value(u"object").toObject();
        QCOMPARE(updated.value(u"status").toObject().value(u"value").toString(),
                 QStringLiteral("maintenance"));
        QCOMPARE(updated.value(u"platform").toObject().value(u"node").toObject().value(u"id").toString(),
                 platformId);
        QCOMPARE(updated.value(u"tags").toObject().value(u"edges").toArray().size(), 1);

        r = run(QStringLiteral("CreateBranch"),
                {{QStringLiteral("name"), QStringLiteral("example-branch")},
                 {QStringLiteral("description"), QStringLiteral("from the example")}});
        QVERIFY(!r.contains(u"errors"));
        QCOMPARE(r.value(u"data")
                     .toObject()
                     .value(u"BranchCreate")
                     .toObject()
                     .value(u"object")
                     .toObject()
                     .value(u"is_default")
                     .toBool(),
                 false);

        r = run(QStringLiteral("DeleteDevice"), {{QStringLiteral("id"), device.value(u"id").toString()}});
        QVERIFY(!r.contains(u"errors"));
        QCOMPARE(query(QStringLiteral("{ InfraDevice { count } }"))
                     .value(u"data")
                     .toObject()
                     .value(u"InfraDevice")
                     .toObject()
                     .value(u"count")
                     .toInt(),
                 39);
    }

    void validationErrors_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown field") << "{ InfraDevice { edges { node { nope } } } }"
                                       << "Cannot query field 'nope' on type 'InfraDevice'.";
        QTest::newRow("unknown root") << "{ NoSuchKind { count } }"
                                      << "Cannot query field 'NoSuchKind' on type 'Query'.";
        QTest::newRow("syntax") << "{ InfraDevice { count }"
                                << "Syntax Error: Expected Name, found <EOF>.";
    }

    void validationErrors() {
        QFETCH(QString, query);
        QFETCH(QString, message);
        const HttpResult r = graphqlRequest(m_nam, m_server->url(), query, {}, {}, authHeaders());
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().value(u"data").isNull());
        QVERIFY2(errorMessage(r.json()).startsWith(message), qPrintable(errorMessage(r.json())));
    }

    void unknownBranchAndBatching() {
        const HttpResult r = graphqlRequest(
            m_nam, m_server->url(), QStringLiteral("{ InfraDevice { count } }"), {}, QStringLiteral("nope"));
        QCOMPARE(r.status, 404);
        QCOMPARE(r.json().value(u"errors").toArray().first().toString(),
                 QStringLiteral("Branch: nope not found."));
        QUrl url = m_server->url();
        url.setPath(QStringLiteral("/graphql"));
        const HttpResult batch =
            httpRequest(m_nam, "POST", url, "[{\"query\": \"{ InfraDevice { count } }\"}]");
        QCOMPARE(batch.status, 400);
        QCOMPARE(batch.json().value(u"errors").toArray().first().toString(),
                 QStringLiteral("This server does not support batching"));
        const HttpResult noQuery = httpRequest(m_nam, "POST", url, "{\"variables\": {}}");
        QCOMPARE(noQuery.status, 400);
        QCOMPARE(noQuery.json().value(u"errors").toArray().first().toString(),
                 QStringLiteral("Must provide query string."));
        const HttpResult badVariables =
            httpRequest(m_nam, "POST", url, "{\"query\": \"{ BuiltinTag { count } }\", \"variables\": 3}");
        QCOMPARE(badVariables.status, 400);
    }

    void createUpdateDelete() {
        const QJsonObject site =
            query(QStringLiteral("{ LocationSite(name__value: \"atl1\") { edges { node { id } } } }"));
        const QString siteId = site.value(u"data")
                                   .toObject()
                                   .value(u"LocationSite")
                                   .toObject()
                                   .value(u"edges")
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value(u"node")
                                   .toObject()
                                   .value(u"id")
                                   .toString();
        QVERIFY(!siteId.isEmpty());

        const QString create = QStringLiteral(
            "mutation CreateVlan($name: String!, $vlanId: BigInt!, $siteId: String!) { InfraVLANCreate(data: "
            "{name: {value: $name}, "
            "vlan_id: {value: $vlanId}, role: {value: \"server\"}, status: {value: \"active\"}, site: {id: "
            "$siteId}}) "
            "{ ok object { id display_label vlan_id { value } site { node { id display_label } } } } }");
        QJsonObject r = query(create, {{QStringLiteral("name"), QStringLiteral("atl1-new")},
                                       {QStringLiteral("vlanId"), 300},
                                       {QStringLiteral("siteId"), siteId}});
        QVERIFY2(!r.contains(u"errors"), qPrintable(QJsonDocument(r).toJson()));
        const QJsonObject payload = r.value(u"data").toObject().value(u"InfraVLANCreate").toObject();
        QVERIFY(payload.value(u"ok").toBool());
        const QJsonObject vlan = payload.value(u"object").toObject();
        const QString vlanId = vlan.value(u"id").toString();
        QCOMPARE(vlan.value(u"vlan_id").toObject().value(u"value").toInt(), 300);
        QCOMPARE(vlan.value(u"site").toObject().value(u"node").toObject().value(u"display_label").toString(),
                 QStringLiteral("atl1"));
        // The other side of the relationship follows.
        r = query(
            QStringLiteral("{ LocationSite(name__value: \"atl1\") { edges { node { vlans { count } } } } }"));
        QCOMPARE(r.value(u"data")
                     .toObject()
                     .value(u"LocationSite")
                     .toObject()
                     .value(u"edges")
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"node")
                     .toObject()
                     .value(u"vlans")
                     .toObject()
                     .value(u"count")
                     .toInt(),
                 4);

        // Uniqueness: the same name again.
        r = query(create, {{QStringLiteral("name"), QStringLiteral("atl1-new")},
                           {QStringLiteral("vlanId"), 301},
                           {QStringLiteral("siteId"), siteId}});
        QVERIFY(r.value(u"data").isNull() || r.value(u"data").toObject().value(u"InfraVLANCreate").isNull());
        const QJsonObject error = r.value(u"errors").toArray().first().toObject();
        QCOMPARE(error.value(u"message").toString(),
                 QStringLiteral("Node of kind InfraVLAN already has name 'atl1-new'"));
        QCOMPARE(error.value(u"extensions").toObject().value(u"code").toString(),
                 QStringLiteral("UNIQUENESS_VIOLATION"));
        QCOMPARE(error.value(u"extensions")
                     .toObject()
                     .value(u"data")
                     .toObject()
                     .value(u"fields")
                     .toArray()
                     .first()
                     .toString(),
                 QStringLiteral("name"));
        QCOMPARE(error.value(u"path").toArray().first().toString(), QStringLiteral("InfraVLANCreate"));

        // Missing required attribute (role) and a bad dropdown choice.
        r = query(QStringLiteral("mutation { InfraVLANCreate(data: {name: {value: \"x1\"}, vlan_id: {value: "
                                 "5}, status: {value: \"active\"}}) { ok } }"));
        QCOMPARE(r.value(u"errors")
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"extensions")
                     .toObject()
                     .value(u"code")
                     .toString(),
                 QStringLiteral("ATTRIBUTE_REQUIRED"));
        QCOMPARE(errorMessage(r), QStringLiteral("A value is required for InfraVLAN.role"));
        r = query(QStringLiteral("mutation { InfraVLANCreate(data: {name: {value: \"x1\"}, vlan_id: {value: "
                                 "5}, status: {value: \"active\"}, role: {value: \"bogus\"}}) { ok } }"));
        QCOMPARE(r.value(u"errors")
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"extensions")
                     .toObject()
                     .value(u"code")
                     .toString(),
                 QStringLiteral("ATTRIBUTE_CONSTRAINT_VIOLATION"));

        // Update only the description; a failed update leaves the node as it was.
        r = query(
            QStringLiteral("mutation($id: String!) { InfraVLANUpdate(data: {id: $id, description: {value: "
                           "\"edited\"}}) { ok object { description { value } name { value } } } }"),
            {{QStringLiteral("id"), vlanId}});
        QCOMPARE(r.value(u"data")
                     .toObject()
                     .value(u"InfraVLANUpdate")
                     .toObject()
                     .value(u"object")
                     .toObject()
                     .value(u"description")
                     .toObject()
                     .value(u"value")
                     .toString(),
                 QStringLiteral("edited"));
        r = query(QStringLiteral("mutation($id: String!) { InfraVLANUpdate(data: {id: $id, description: "
                                 "{value: \"lost\"}, name: {value: \"atl1-server\"}}) { ok } }"),
                  {{QStringLiteral("id"), vlanId}});
        QCOMPARE(r.value(u"errors")
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"extensions")
                     .toObject()
                     .value(u"code")
                     .toString(),
                 QStringLiteral("UNIQUENESS_VIOLATION"));
        r = query(
            QStringLiteral(
                "query($id: ID) { InfraVLAN(ids: [$id]) { edges { node { description { value } } } } }"),
            {{QStringLiteral("id"), vlanId}});
        QCOMPARE(r.value(u"data")
                     .toObject()
                     .value(u"InfraVLAN")
                     .toObject()
                     .value(u"edges")
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"node")
                     .toObject()
                     .value(u"description")
                     .toObject()
                     .value(u"value")
                     .toString(),
                 QStringLiteral("edited"));

        // Delete, then deleting again is NODE_NOT_FOUND.
        r = query(QStringLiteral("mutation($id: String) { InfraVLANDelete(data: {id: $id}) { ok } }"),
                  {{QStringLiteral("id"), vlanId}});
        QVERIFY(r.value(u"data").toObject().value(u"InfraVLANDelete").toObject().value(u"ok").toBool());
        r = query(QStringLiteral("mutation($id: String) { InfraVLANDelete(data: {id: $id}) { ok } }"),
                  {{QStringLiteral("id"), vlanId}});
        QCOMPARE(r.value(u"errors")
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"extensions")
                     .toObject()
                     .value(u"code")
                     .toString(),
                 QStringLiteral("NODE_NOT_FOUND"));
        QCOMPARE(errorMessage(r),
                 QStringLiteral("Unable to find the node %1 / InfraVLAN in the database.").arg(vlanId));
        r = query(
            QStringLiteral("{ LocationSite(name__value: \"atl1\") { edges { node { vlans { count } } } } }"));
        QCOMPARE(r.value(u"data")
                     .toObject()
                     .value(u"LocationSite")
                     .toObject()
                     .value(u"edges")
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"node")
                     .toObject()
                     .value(u"vlans")
                     .toObject()
                     .value(u"count")
                     .toInt(),
                 3);
    }

    void labelsFollowChanges() {
        // Display labels and hfids are cached per stored record; every change must still show at once,
        // on the branch that changed only, and through related nodes too.
        auto firstNode = [](const QJsonObject &data, const QString &kind) {
            return data.value(kind)
                .toObject()
                .value(u"edges")
                .toArray()
                .first()
                .toObject()
                .value(u"node")
                .toObject();
        };
        // The device's display label and hfid, read from the device and through one of its interfaces.
        auto deviceLabels = [&](const QString &name, const QString &branch) {
            const QJsonObject data =
                query(
                    QStringLiteral("query($name: String) { InfraDevice(name__value: $name) { edges { node { "
                                   "display_label hfid } } } InfraInterface(limit: 1, device__name__value: "
                                   "$name) { edges { node { device { node { display_label hfid } } } } } }"),
                    {{QStringLiteral("name"), name}}, branch)
                    .value(u"data")
                    .toObject();
            const QJsonObject own = firstNode(data, QStringLiteral("InfraDevice"));
            const QJsonObject peer = firstNode(data, QStringLiteral("InfraInterface"))
                                         .value(u"device")
                                         .toObject()
                                         .value(u"node")
                                         .toObject();
            return QStringList{
                own.value(u"display_label").toString(), own.value(u"hfid").toArray().first().toString(),
                peer.value(u"display_label").toString(), peer.value(u"hfid").toArray().first().toString()};
        };
        const QStringList before = deviceLabels(QStringLiteral("atl1-edge1"), {});
        QCOMPARE(before, QStringList(4, QStringLiteral("atl1-edge1")));
        QJsonObject r = query(QStringLiteral("mutation { BranchCreate(data: {name: \"rename\"}) { ok } }"));
        QVERIFY(r.value(u"data").toObject().value(u"BranchCreate").toObject().value(u"ok").toBool());
        r = query(QStringLiteral("mutation { InfraDeviceUpdate(data: {hfid: [\"atl1-edge1\"], name: {value: "
                                 "\"atl1-edge1-renamed\"}}) { ok } }"),
                  {}, QStringLiteral("rename"));
        QVERIFY2(r.value(u"data").toObject().value(u"InfraDeviceUpdate").toObject().value(u"ok").toBool(),
                 QJsonDocument(r).toJson().constData());
        QCOMPARE(deviceLabels(QStringLiteral("atl1-edge1-renamed"), QStringLiteral("rename")),
                 QStringList(4, QStringLiteral("atl1-edge1-renamed")));
        QCOMPARE(deviceLabels(QStringLiteral("atl1-edge1"), {}), before); // main is untouched
    }

    void upsertAndRelationshipAddRemove() {
        const QString upsert =
            QStringLiteral("mutation { BuiltinTagUpsert(data: {name: {value: \"blue\"}, description: {value: "
                           "\"d%1\"}}) { ok object { id description { value } } } }");
        QJsonObject r = query(upsert.arg(1));
        const QString blueId = r.value(u"data")
                                   .toObject()
                                   .value(u"BuiltinTagUpsert")
                                   .toObject()
                                   .value(u"object")
                                   .toObject()
                                   .value(u"id")
                                   .toString();
        r = query(QStringLiteral(
            "{ BuiltinTag(name__value: \"blue\") { count edges { node { id description { value } } } } }"));
        QCOMPARE(r.value(u"data").toObject().value(u"BuiltinTag").toObject().value(u"count").toInt(), 1);
        QCOMPARE(r.value(u"data")
                     .toObject()
                     .value(u"BuiltinTag")
                     .toObject()
                     .value(u"edges")
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"node")
                     .toObject()
                     .value(u"id")
                     .toString(),
                 blueId);
        r = query(QStringLiteral("mutation { BuiltinTagUpsert(data: {name: {value: \"violet\"}}) { ok } }"));
        QVERIFY(r.value(u"data").toObject().value(u"BuiltinTagUpsert").toObject().value(u"ok").toBool());
        QCOMPARE(query(QStringLiteral("{ BuiltinTag { count } }"))
                     .value(u"data")
                     .toObject()
                     .value(u"BuiltinTag")
                     .toObject()
                     .value(u"count")
                     .toInt(),
                 7);

        r = query(QStringLiteral(
            "{ InfraDevice(name__value: \"atl1-spine1\") { edges { node { id tags { count } } } } }"));
        const QJsonObject device = r.value(u"data")
                                       .toObject()
                                       .value(u"InfraDevice")
                                       .toObject()
                                       .value(u"edges")
                                       .toArray()
                                       .first()
                                       .toObject()
                                       .value(u"node")
                                       .toObject();
        const int before = device.value(u"tags").toObject().value(u"count").toInt();
        r = query(QStringLiteral("mutation($id: String!) { RelationshipAdd(data: {id: $id, name: \"tags\", "
                                 "nodes: [{hfid: [\"violet\"]}]}) { ok } }"),
                  {{QStringLiteral("id"), device.value(u"id").toString()}});
        QVERIFY2(r.value(u"data").toObject().value(u"RelationshipAdd").toObject().value(u"ok").toBool(),
                 qPrintable(QJsonDocument(r).toJson()));
        r = query(QStringLiteral("{ InfraDevice(tags__name__value: \"violet\") { count } }"));
        QCOMPARE(r.value(u"data").toObject().value(u"InfraDevice").toObject().value(u"count").toInt(), 1);
        r = query(QStringLiteral("mutation($id: String!) { RelationshipRemove(data: {id: $id, name: "
                                 "\"tags\", nodes: [{hfid: [\"violet\"]}]}) { ok } }"),
                  {{QStringLiteral("id"), device.value(u"id").toString()}});
        r = query(QStringLiteral(
            "{ InfraDevice(name__value: \"atl1-spine1\") { edges { node { tags { count } } } } }"));
        QCOMPARE(r.value(u"data")
                     .toObject()
                     .value(u"InfraDevice")
                     .toObject()
                     .value(u"edges")
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"node")
                     .toObject()
                     .value(u"tags")
                     .toObject()
                     .value(u"count")
                     .toInt(),
                 before);
        r = query(QStringLiteral("mutation($id: String!) { RelationshipAdd(data: {id: $id, name: \"site\", "
                                 "nodes: []}) { ok } }"),
                  {{QStringLiteral("id"), device.value(u"id").toString()}});
        QVERIFY(r.contains(u"errors"));
    }

    void branchesIsolateAndMerge() {
        QJsonObject r = query(
            QStringLiteral("mutation { BranchCreate(data: {name: \"feature-1\", description: \"test\", "
                           "sync_with_git: false}) { ok object { id name origin_branch is_default } } }"));
        QVERIFY2(r.value(u"data").toObject().value(u"BranchCreate").toObject().value(u"ok").toBool(),
                 qPrintable(QJsonDocument(r).toJson()));
        QCOMPARE(r.value(u"data")
                     .toObject()
                     .value(u"BranchCreate")
                     .toObject()
                     .value(u"object")
                     .toObject()
                     .value(u"origin_branch")
                     .toString(),
                 QStringLiteral("main"));

        r = query(
            QStringLiteral("mutation { BuiltinTagCreate(data: {name: {value: \"branch-only\"}}) { ok } }"),
            {}, QStringLiteral("feature-1"));
        QVERIFY(r.value(u"data").toObject().value(u"BuiltinTagCreate").toObject().value(u"ok").toBool());
        r = query(QStringLiteral("mutation { InfraDeviceUpdate(data: {hfid: [\"atl1-leaf1\"], status: "
                                 "{value: \"drained\"}}) { ok } }"),
                  {}, QStringLiteral("feature-1"));
        QVERIFY2(r.value(u"data").toObject().value(u"InfraDeviceUpdate").toObject().value(u"ok").toBool(),
                 qPrintable(QJsonDocument(r).toJson()));

        auto count = [this](const QString &q, const QString &kind, const QString &branch) {
            return query(q, {}, branch)
                .value(u"data")
                .toObject()
                .value(kind)
                .toObject()
                .value(u"count")
                .toInt();
        };
        const QString tagQuery = QStringLiteral("{ BuiltinTag(name__value: \"branch-only\") { count } }");
        const QString drained = QStringLiteral("{ InfraDevice(status__value: \"drained\") { count } }");
        QCOMPARE(count(tagQuery, QStringLiteral("BuiltinTag"), QStringLiteral("feature-1")), 1);
        QCOMPARE(count(tagQuery, QStringLiteral("BuiltinTag"), QString()), 0);
        QCOMPARE(count(drained, QStringLiteral("InfraDevice"), QStringLiteral("feature-1")), 1);
        QCOMPARE(count(drained, QStringLiteral("InfraDevice"), QString()), 0);

        r = query(QStringLiteral("{ Branch { name is_default } }"));
        QCOMPARE(r.value(u"data").toObject().value(u"Branch").toArray().size(), 2);

        r = query(
            QStringLiteral("mutation { BranchMerge(data: {name: \"feature-1\"}) { ok object { name } } }"));
        QVERIFY2(r.value(u"data").toObject().value(u"BranchMerge").toObject().value(u"ok").toBool(),
                 qPrintable(QJsonDocument(r).toJson()));
        QCOMPARE(count(tagQuery, QStringLiteral("BuiltinTag"), QString()), 1);
        QCOMPARE(count(drained, QStringLiteral("InfraDevice"), QString()), 1);

        r = query(QStringLiteral("mutation { BranchCreate(data: {name: \"feature-1\"}) { ok } }"));
        QVERIFY(r.contains(u"errors"));
        r = query(QStringLiteral("mutation { BranchCreate(data: {name: \"bad name\"}) { ok } }"));
        QVERIFY(r.contains(u"errors"));
        r = query(QStringLiteral("mutation { BranchDelete(data: {name: \"feature-1\"}) { ok } }"));
        QVERIFY(r.value(u"data").toObject().value(u"BranchDelete").toObject().value(u"ok").toBool());
        r = query(QStringLiteral("mutation { BranchDelete(data: {name: \"feature-1\"}) { ok } }"));
        QCOMPARE(r.value(u"errors")
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"extensions")
                     .toObject()
                     .value(u"code")
                     .toString(),
                 QStringLiteral("BRANCH_NOT_FOUND"));
    }

    void rebaseBringsMainChanges() {
        query(QStringLiteral("mutation { BranchCreate(data: {name: \"rebase-me\"}) { ok } }"));
        query(QStringLiteral("mutation { BuiltinTagCreate(data: {name: {value: \"on-main\"}}) { ok } }"));
        const QString q = QStringLiteral("{ BuiltinTag(name__value: \"on-main\") { count } }");
        QCOMPARE(query(q, {}, QStringLiteral("rebase-me"))
                     .value(u"data")
                     .toObject()
                     .value(u"BuiltinTag")
                     .toObject()
                     .value(u"count")
                     .toInt(),
                 0);
        const QJsonObject r =
            query(QStringLiteral("mutation { BranchRebase(data: {name: \"rebase-me\"}) { ok } }"));
        QVERIFY(r.value(u"data").toObject().value(u"BranchRebase").toObject().value(u"ok").toBool());
        QCOMPARE(query(q, {}, QStringLiteral("rebase-me"))
                     .value(u"data")
                     .toObject()
                     .value(u"BuiltinTag")
                     .toObject()
                     .value(u"count")
                     .toInt(),
                 1);
    }

    void authentication() {
        // Anonymous reads work, anonymous mutations get a real 401.
        HttpResult r = graphqlRequest(m_nam, m_server->url(), QStringLiteral("{ BuiltinTag { count } }"));
        QCOMPARE(r.status, 200);
        r = graphqlRequest(
            m_nam, m_server->url(),
            QStringLiteral("mutation { BuiltinTagCreate(data: {name: {value: \"anon\"}}) { ok } }"));
        QCOMPARE(r.status, 401);
        QCOMPARE(errorMessage(r.json()),
                 QStringLiteral("Authentication is required to perform this operation"));
        r = graphqlRequest(m_nam, m_server->url(), QStringLiteral("{ BuiltinTag { count } }"), {}, {},
                           {{"X-INFRAHUB-KEY", "wrong"}});
        QCOMPARE(r.status, 401);

        SandboxOptions options;
        options.allowAnonymous = false;
        options.users = {{QStringLiteral("alice"), QStringLiteral("s3cret")}};
        auto closed = startServer(options);
        // Its own manager: login sets cookies, which QNAM would send to every later server on 127.0.0.1.
        QNetworkAccessManager nam;
        r = graphqlRequest(nam, closed->url(), QStringLiteral("{ BuiltinTag { count } }"));
        QCOMPARE(r.status, 401);
        const QUrl login = closed->url().resolved(QUrl(QStringLiteral("/api/auth/login")));
        r = httpRequest(nam, "POST", login, R"({"username": "alice", "password": "nope"})");
        QCOMPARE(r.status, 401);
        QCOMPARE(errorMessage(r.json()), QStringLiteral("Incorrect password"));
        r = httpRequest(nam, "POST", login, R"({"username": "alice", "password": "s3cret"})");
        QCOMPARE(r.status, 200);
        const QByteArray access = r.json().value(u"access_token").toString().toUtf8();
        const QByteArray refresh = r.json().value(u"refresh_token").toString().toUtf8();
        r = graphqlRequest(nam, closed->url(), QStringLiteral("{ BuiltinTag { count } }"), {}, {},
                           {{"Authorization", "Bearer " + access}});
        QCOMPARE(r.status, 200);
        closed->auth().expireAllAccessTokens();
        r = graphqlRequest(nam, closed->url(), QStringLiteral("{ BuiltinTag { count } }"), {}, {},
                           {{"Authorization", "Bearer " + access}});
        QCOMPARE(r.status, 401);
        QCOMPARE(errorMessage(r.json()), QStringLiteral("Expired Signature"));
        r = httpRequest(nam, "POST", closed->url().resolved(QUrl(QStringLiteral("/api/auth/refresh"))), {},
                        {{"Authorization", "Bearer " + refresh}});
        QCOMPARE(r.status, 200);
        const QByteArray fresh = r.json().value(u"access_token").toString().toUtf8();
        r = graphqlRequest(
            nam, closed->url(),
            QStringLiteral("mutation { BuiltinTagCreate(data: {name: {value: \"jwt\"}}) { ok } }"), {}, {},
            {{"Authorization", "Bearer " + fresh}});
        QCOMPARE(r.status, 200);
        QVERIFY(
            r.json().value(u"data").toObject().value(u"BuiltinTagCreate").toObject().value(u"ok").toBool());
    }

    void latencyDoesNotSerialize() {
        m_server->faults().setSettings(FaultSettings{.latencyMs = 50});
        QElapsedTimer timer;
        timer.start();
        QList<QNetworkReply *> replies;
        QUrl url = m_server->url();
        url.setPath(QStringLiteral("/graphql"));
        // Several managers: one QNetworkAccessManager opens at most 6 connections per host.
        std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
        for (int i = 0; i < 17; ++i)
            managers.push_back(std::make_unique<QNetworkAccessManager>());
        int finished = 0;
        for (int i = 0; i < 100; ++i) {
            QNetworkRequest request(url);
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            QNetworkReply *reply = managers[size_t(i % 17)]->post(
                request, QByteArrayLiteral("{\"query\": \"{ BuiltinTag { count } }\"}"));
            connect(reply, &QNetworkReply::finished, this, [&finished] { ++finished; });
            replies.append(reply);
        }
        QTRY_COMPARE_WITH_TIMEOUT(finished, 100, 10000);
        const qint64 elapsed = timer.elapsed();
        for (QNetworkReply *reply : std::as_const(replies)) {
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            reply->deleteLater();
        }
        qInfo("100 requests with 50 ms latency over 17 managers: %lld ms, peak in flight %d", elapsed,
              m_server->http().stats().peakInFlight);
        QVERIFY2(elapsed < 2000, "latency serialised the requests");
        QVERIFY(m_server->http().stats().peakInFlight >= 50);
    }

    void injectedFailures() {
        m_server->faults().setSettings(
            FaultSettings{.failRate = 1.0, .failStatuses = {503}, .retryAfterSeconds = 7, .seed = 42});
        const HttpResult r =
            graphqlRequest(m_nam, m_server->url(), QStringLiteral("{ BuiltinTag { count } }"));
        QCOMPARE(r.status, 503);
        QCOMPARE(r.header("Retry-After"), QByteArray("7"));
    }

    void requestLogAndPersistence() {
        QTemporaryDir dir;
        const QString log = dir.filePath(QStringLiteral("requests.jsonl"));
        const QString data = dir.filePath(QStringLiteral("data.json"));
        SandboxOptions options;
        options.requestLogFile = log;
        options.dataFile = data;
        options.persist = true;
        {
            auto server = startServer(options);
            const HttpResult r = graphqlRequest(
                m_nam, server->url(),
                QStringLiteral("mutation Make($name: String!, $password: String) { BuiltinTagCreate(data: "
                               "{name: {value: $name}, description: {value: $password}}) { ok } }"),
                {{QStringLiteral("name"), QStringLiteral("persisted")},
                 {QStringLiteral("password"), QStringLiteral("hunter2")}},
                {}, authHeaders(), QStringLiteral("Make"));
            QCOMPARE(r.status, 200);
            QVERIFY2(r.json()
                         .value(u"data")
                         .toObject()
                         .value(u"BuiltinTagCreate")
                         .toObject()
                         .value(u"ok")
                         .toBool(),
                     r.body.constData());
        } // destruction flushes the pending save
        QFile logFile(log);
        QVERIFY(logFile.open(QIODevice::ReadOnly));
        const QByteArray logText = logFile.readAll();
        QVERIFY(!logText.contains("hunter2"));
        const QJsonObject line = QJsonDocument::fromJson(logText.split('\n').first()).object();
        QCOMPARE(line.value(u"operationName").toString(), QStringLiteral("Make"));
        QCOMPARE(line.value(u"branch").toString(), QStringLiteral("main"));
        QCOMPARE(line.value(u"variables").toObject().value(u"name").toString(), QStringLiteral("persisted"));
        QVERIFY(line.value(u"query").toString().startsWith(u"mutation Make"));

        options.requestLogFile.clear();
        auto reloaded = startServer(options);
        const HttpResult r = graphqlRequest(
            m_nam, reloaded->url(),
            QStringLiteral("{ BuiltinTag(name__value: \"persisted\") { count } InfraDevice { count } }"));
        QCOMPARE(r.json().value(u"data").toObject().value(u"BuiltinTag").toObject().value(u"count").toInt(),
                 1);
        QCOMPARE(r.json().value(u"data").toObject().value(u"InfraDevice").toObject().value(u"count").toInt(),
                 40);
    }

    void generatedDataset() {
        SandboxOptions options;
        options.devices = 1000;
        auto server = startServer(options);
        const HttpResult r =
            graphqlRequest(m_nam, server->url(),
                           QStringLiteral("{ InfraDevice { count } LocationSite { count } "
                                          "IpamIPAddress(address__value: \"127.0.3.232/32\") { count } }"));
        const QJsonObject data = r.json().value(u"data").toObject();
        QCOMPARE(data.value(u"InfraDevice").toObject().value(u"count").toInt(), 1000);
        QCOMPARE(data.value(u"LocationSite").toObject().value(u"count").toInt(), 50);
        QCOMPARE(data.value(u"IpamIPAddress").toObject().value(u"count").toInt(), 1);
    }

    void commandLine() {
        const QString exe = QStringLiteral(INFRAHUB_BINARY_DIR "/src/sandbox/infrahub-sandbox");
        QProcess help;
        help.start(exe, {QStringLiteral("--help")});
        QVERIFY(help.waitForFinished(10000));
        QCOMPARE(help.exitCode(), 0);
        const QByteArray text = help.readAllStandardOutput();
        for (const char *option :
             {"--listen", "--schema", "--data", "--devices", "--token", "--user", "--no-anonymous",
              "--latency", "--fail-rate", "--log-requests", "INFRAHUB_SANDBOX_REQUEST_LOG"})
            QVERIFY2(text.contains(option), option);

        QProcess bad;
        bad.start(exe, {QStringLiteral("--fail-rate"), QStringLiteral("2")});
        QVERIFY(bad.waitForFinished(10000));
        QCOMPARE(bad.exitCode(), 2);
        QVERIFY(bad.readAllStandardError().contains("--fail-rate"));

        QProcess server;
        server.start(exe, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                           QStringLiteral("--token"), QStringLiteral("abc")});
        QVERIFY(server.waitForReadyRead(10000));
        const QByteArray first = server.readLine();
        QVERIFY2(first.startsWith("listening on http://127.0.0.1:"), first.constData());
        const QUrl url(QString::fromUtf8(first.mid(13).trimmed()));
        const HttpResult r = graphqlRequest(
            m_nam, url,
            QStringLiteral("mutation { BuiltinTagCreate(data: {name: {value: \"cli\"}}) { ok } }"), {}, {},
            {{"X-INFRAHUB-KEY", "abc"}});
        QCOMPARE(r.status, 200);
        server.terminate();
        QVERIFY(server.waitForFinished(10000));
    }
};

QTEST_GUILESS_MAIN(TestSandboxServer)
#include "tst_sandboxserver.moc"
