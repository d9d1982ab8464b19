// NodeTableModel against the sandbox: schema-driven columns, rows streamed in page by page, server-side
// search, a new load cancelling the previous one, errors reported instead of rows.
#include "core/views/csvtext.h"
#include "core/views/nodetablemodel.h"
#include "core/views/objectfilter.h"
#include "sandbox/sandboxserver.h"

#include <QCoroTask>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace infrahub;

class TestNodeTableModel : public QObject {
    Q_OBJECT

    std::unique_ptr<sandbox::SandboxServer> m_server;
    std::unique_ptr<InfrahubClient> m_client;

    // Waits for the load to end; false on timeout.
    static bool waitLoaded(NodeTableModel &model) {
        if (!model.isLoading())
            return true;
        QSignalSpy finished(&model, &NodeTableModel::finished);
        return finished.wait(20'000);
    }

private Q_SLOTS:
    void init() {
        sandbox::SandboxOptions options;
        options.tokens = {"views-token"};
        m_server = std::make_unique<sandbox::SandboxServer>(options);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        ClientConfig config;
        config.address = m_server->url();
        config.apiToken = QStringLiteral("views-token");
        config.paginationSize = 7; // 40 devices arrive in 6 pages
        m_client = std::make_unique<InfrahubClient>(config);
    }

    void cleanup() {
        m_client.reset();
        m_server.reset();
    }

    void devicesStreamInWithSchemaColumns() {
        NodeTableModel model;
        QSignalSpy progress(&model, &NodeTableModel::progress);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.load(m_client.get(), QStringLiteral("InfraDevice"));
        QVERIFY(model.isLoading());
        QVERIFY(waitLoaded(model));
        QVERIFY2(model.errorMessage().isEmpty(), qPrintable(model.errorMessage()));
        QCOMPARE(model.rowCount(), 40);
        QCOMPARE(model.totalCount(), 40);
        QCOMPARE(inserted.count(), 6); // one insertion per page: the first rows showed before the rest
        QCOMPARE(progress.count(), 6);
        QCOMPARE(progress.first().at(0).toInt(), 7);
        QCOMPARE(progress.last().at(0).toInt(), 40);

        // Columns: the label, every attribute, the relationships the listing selects; none it does not.
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Label"));
        const int name = model.columnOf(QStringLiteral("name"));
        const int role = model.columnOf(QStringLiteral("role"));
        const int site = model.columnOf(QStringLiteral("site"));
        const int tags = model.columnOf(QStringLiteral("tags"));
        QVERIFY(name > 0 && role > 0 && site > 0 && tags > 0);
        QCOMPARE(model.columnOf(QStringLiteral("interfaces")), -1);          // a Component relationship
        QCOMPARE(model.columnOf(QStringLiteral("serial_number")) > 0, true); // the console's schema extension

        // Server order (by name), Dropdown labels, peers by display label, ids behind every row.
        QStringList names;
        for (int r = 0; r < model.rowCount(); ++r)
            names.append(model.index(r, name).data().toString());
        QStringList sorted = names;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(names, sorted);
        const int atl1Edge1 = int(names.indexOf(QStringLiteral("atl1-edge1")));
        QVERIFY(atl1Edge1 >= 0);
        QCOMPARE(model.index(atl1Edge1, site).data().toString(), QStringLiteral("atl1"));
        QCOMPARE(model.index(atl1Edge1, 0).data().toString(), QStringLiteral("atl1-edge1"));
        QVERIFY(!model.index(atl1Edge1, role).data().toString().isEmpty());
        QVERIFY(model.index(atl1Edge1, role).data().toString().at(0).isUpper()); // "Edge Router", not "edge"
        QVERIFY(!model.idAt(atl1Edge1).isEmpty());
        QCOMPARE(model.index(atl1Edge1, 0).data(NodeTableModel::IdRole).toString(), model.idAt(atl1Edge1));
    }

    void searchIsServerSide() {
        NodeTableModel model;
        QueryOptions search;
        search.filters = QJsonObject{{QStringLiteral("any__value"), QStringLiteral("atl1-")},
                                     {QStringLiteral("partial_match"), true}};
        const quint64 before = m_server->http().stats().requests;
        model.load(m_client.get(), QStringLiteral("InfraDevice"), search);
        QVERIFY(waitLoaded(model));
        QVERIFY2(model.errorMessage().isEmpty(), qPrintable(model.errorMessage()));
        QCOMPARE(model.rowCount(), 8);
        QCOMPARE(model.totalCount(), 8);
        const int name = model.columnOf(QStringLiteral("name"));
        for (int r = 0; r < model.rowCount(); ++r)
            QVERIFY(model.index(r, name).data().toString().startsWith(u"atl1-"));
        QVERIFY(m_server->http().stats().requests - before <=
                3); // schema + 2 pages, no client-side filtering
    }

    void newLoadCancelsTheRunningOne() {
        m_server->faults().setSettings(sandbox::FaultSettings{.latencyMs = 40});
        NodeTableModel model;
        QSignalSpy finished(&model, &NodeTableModel::finished);
        model.load(m_client.get(), QStringLiteral("InfraDevice"));
        QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() > 0, 10'000); // the first page is in, more to come
        model.load(m_client.get(), QStringLiteral("LocationSite"));
        QVERIFY(waitLoaded(model));
        m_server->faults().clear();
        QCOMPARE(model.kind(), QStringLiteral("LocationSite"));
        QCOMPARE(model.rowCount(), model.totalCount());
        QVERIFY(model.columnOf(QStringLiteral("devices")) < 0 || model.rowCount() > 0);
        const int name = model.columnOf(QStringLiteral("name"));
        for (int r = 0; r < model.rowCount(); ++r)
            QVERIFY(!model.index(r, name).data().toString().contains(u'-')); // sites, never devices
        QTest::qWait(200); // late pages of the cancelled load must not arrive
        QCOMPARE(model.rowCount(), model.totalCount());
        QCOMPARE(finished.count(), 1); // only the load that completed says so
    }

    void csvQuotesWhatNeedsIt() {
        QCOMPARE(
            csvLine({QStringLiteral("plain"), QString(), QStringLiteral("a,b"), QStringLiteral("say \"hi\""),
                     QStringLiteral("two\nlines"), QStringLiteral("caf\u00e9")}),
            QByteArray("plain,,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",caf\xc3\xa9\r\n"));
        QCOMPARE(csvText({{QStringLiteral("h")}, {QStringLiteral("1")}}), QByteArray("h\r\n1\r\n"));
    }

    // The table's filters, turned into server filters, give exactly the rows they describe.
    void objectFiltersSelectOnTheServer() {
        QCoro::Task<Result<std::shared_ptr<const SchemaSet>>> fetching = m_client->schema();
        const Result<std::shared_ptr<const SchemaSet>> schema = QCoro::waitFor(std::move(fetching));
        QVERIFY(schema);
        const SchemaSet &set = *schema.value();
        const KindSchema &device = *set.kind(QStringLiteral("InfraDevice"));
        const QList<FilterField> fields = ObjectFilters::fieldsFor(device, set);
        auto has = [&](const QString &name) {
            return std::any_of(fields.cbegin(), fields.cend(),
                               [&](const FilterField &f) { return f.name == name; });
        };
        QVERIFY(has(QStringLiteral("name")) && has(QStringLiteral("status")) && has(QStringLiteral("site")));
        QVERIFY(!has(QStringLiteral("member_of_groups"))); // bookkeeping, not offered
        // The Label column repeats the name column for devices (label = name__value); a label made of
        // several fields, or of a peer's field, repeats no column.
        {
            NodeTableModel model;
            model.load(m_client.get(), QStringLiteral("InfraDevice"));
            QVERIFY(waitLoaded(model));
            QCOMPARE(model.columnRepeatingLabel(device), model.columnOf(QStringLiteral("name")));
            KindSchema twoParts = device;
            twoParts.displayLabels = {QStringLiteral("name__value"), QStringLiteral("type__value")};
            QCOMPARE(model.columnRepeatingLabel(twoParts), -1);
            KindSchema throughPeer = device;
            throughPeer.displayLabels = {QStringLiteral("site__name__value")};
            QCOMPARE(model.columnRepeatingLabel(throughPeer), -1);
        }
        const FilterField site = *ObjectFilters::field(device, set, QStringLiteral("site"));
        QVERIFY(site.isRelationship());
        QCOMPARE(site.peerAttribute, QStringLiteral("name"));

        auto rowsFor = [&](const QList<ObjectFilter> &filters, QStringList *names) -> bool {
            QString error;
            const std::optional<QJsonObject> args = ObjectFilters::toArguments(filters, device, set, &error);
            if (!args) {
                qWarning("%s", qPrintable(error));
                return false;
            }
            NodeTableModel model;
            QueryOptions options;
            options.filters = *args;
            model.load(m_client.get(), QStringLiteral("InfraDevice"), options);
            if (!waitLoaded(model) || !model.errorMessage().isEmpty()) {
                qWarning("%s", qPrintable(model.errorMessage()));
                return false;
            }
            names->clear();
            for (int r = 0; r < model.rowCount(); ++r)
                names->append(model.index(r, 0).data().toString());
            return model.rowCount() == model.totalCount();
        };
        using Op = ObjectFilter::Operator;
        QStringList names;
        // A relationship by its peer's name.
        QVERIFY(rowsFor({{QStringLiteral("site"), Op::Is, QStringLiteral(" jfk1 ")}}, &names));
        QCOMPARE(names.size(), 8);
        for (const QString &n : names)
            QVERIFY2(n.startsWith(u"jfk1-"), qPrintable(n));
        QVERIFY(rowsFor({{QStringLiteral("site"), Op::IsOneOf, QStringLiteral("jfk1, atl1,")}}, &names));
        QCOMPARE(names.size(), 16);
        // A Dropdown by the label people see, combined with the site (all must hold).
        QVERIFY(rowsFor({{QStringLiteral("site"), Op::Is, QStringLiteral("jfk1")},
                         {QStringLiteral("role"), Op::Is, QStringLiteral("edge router")}},
                        &names));
        QCOMPARE(names, QStringList({QStringLiteral("jfk1-edge1"), QStringLiteral("jfk1-edge2")}));
        // Emptiness of an attribute and of a relationship.
        QVERIFY(rowsFor({{QStringLiteral("asn"), Op::IsEmpty, {}}}, &names));
        const int withoutAsn = int(names.size());
        QVERIFY(rowsFor({{QStringLiteral("asn"), Op::IsNotEmpty, {}}}, &names));
        QCOMPARE(withoutAsn + names.size(), 40);
        QVERIFY(rowsFor({{QStringLiteral("is_managed"), Op::Is, QStringLiteral("yes")}}, &names));
        QVERIFY(!names.isEmpty());

        // Bad values are errors that name the field; nothing is sent.
        const KindSchema &vlan = *set.kind(QStringLiteral("InfraVLAN"));
        QString error;
        QVERIFY(!ObjectFilters::toArguments({{QStringLiteral("vlan_id"), Op::Is, QStringLiteral("ten")}},
                                            vlan, set, &error));
        QVERIFY2(error.startsWith(vlan.attribute(QStringLiteral("vlan_id"))->label), qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("ten")));
        QVERIFY(!ObjectFilters::toArguments({{QStringLiteral("status"), Op::Is, QStringLiteral("nonsense")}},
                                            vlan, set, &error));
        QVERIFY2(error.contains(QStringLiteral("Active")), qPrintable(error)); // the choices are listed
        QVERIFY(!ObjectFilters::toArguments({{QStringLiteral("name"), Op::IsOneOf, QStringLiteral(" , ")}},
                                            vlan, set, &error));
        QVERIFY(!ObjectFilters::toArguments({{QStringLiteral("no_such_field"), Op::Is, QStringLiteral("x")}},
                                            vlan, set, &error));
        QVERIFY(error.contains(QStringLiteral("no_such_field")));
        const std::optional<QJsonObject> ids = ObjectFilters::toArguments(
            {{QStringLiteral("vlan_id"), Op::IsOneOf, QStringLiteral("10, 20")}}, vlan, set, &error);
        QVERIFY(ids);
        QCOMPARE(ids->value(u"vlan_id__values"), QJsonValue(QJsonArray{10, 20}));

        // Saved as JSON and back.
        const ObjectFilter f{QStringLiteral("site"), Op::IsOneOf, QStringLiteral("a,b")};
        QCOMPARE(ObjectFilter::fromJson(f.toJson()), f);
        QVERIFY(!ObjectFilter::fromJson(QJsonObject{{QStringLiteral("field"), QStringLiteral("x")},
                                                    {QStringLiteral("op"), QStringLiteral("bogus")}}));
    }

    void errorsInsteadOfRows() {
        NodeTableModel model;
        model.load(m_client.get(), QStringLiteral("NoSuchKind"));
        QVERIFY(waitLoaded(model));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY2(model.errorMessage().contains(QStringLiteral("NoSuchKind")),
                 qPrintable(model.errorMessage()));

        QueryOptions bad;
        bad.filters = QJsonObject{{QStringLiteral("nmae__value"), QStringLiteral("x")}};
        model.load(m_client.get(), QStringLiteral("InfraDevice"), bad);
        QVERIFY(waitLoaded(model));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY2(model.errorMessage().contains(QStringLiteral("name__value")),
                 qPrintable(model.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestNodeTableModel)
#include "tst_nodetablemodel.moc"
