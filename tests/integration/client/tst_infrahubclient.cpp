// InfrahubClient against the sandbox: server info, schema fetched once and cached per branch, refreshed
// only when the summary hash changes, GraphQL data and GraphQL errors mapped to typed errors.
#include "core/client/infrahubclient.h"
#include "sandbox/sandboxserver.h"

#include <QScopeGuard>
#include <QTest>
#include <QThread>

#include <QCoroTimer>

using namespace infrahub;

class TestInfrahubClient : public QObject {
    Q_OBJECT

    std::unique_ptr<sandbox::SandboxServer> m_server;
    std::unique_ptr<InfrahubClient> m_client;

private Q_SLOTS:
    void init() {
        sandbox::SandboxOptions options;
        options.tokens = {"client-token"};
        m_server = std::make_unique<sandbox::SandboxServer>(options);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        ClientConfig config;
        config.address = m_server->url();
        config.apiToken = QStringLiteral("client-token");
        m_client = std::make_unique<InfrahubClient>(config);
    }

    void cleanup() {
        m_client.reset();
        m_server.reset();
    }

    void clientDeletedWhileListingConcurrently() {
        // A client closed while an all() is between its count and its pages: whatever is in flight ends
        // as cancelled (or complete), and nothing resumes into the deleted client. Deleted at different
        // moments, so some rounds catch replies that are finishing while the client goes. The server runs
        // in a thread of its own (as the console's demo sandbox does), so answers arrive independently of
        // this thread's event loop.
        QThread serverThread;
        auto *context = new QObject;
        context->moveToThread(&serverThread);
        serverThread.start();
        sandbox::SandboxServer *server = nullptr;
        QUrl url;
        QMetaObject::invokeMethod(
            context,
            [&] {
                sandbox::SandboxOptions options;
                options.tokens = {"client-token"};
                server = new sandbox::SandboxServer(options);
                QString error;
                if (server->start(&error))
                    url = server->url();
            },
            Qt::BlockingQueuedConnection);
        auto stopServer = qScopeGuard([&] {
            QMetaObject::invokeMethod(
                context,
                [&] {
                    delete server;
                    delete context;
                },
                Qt::BlockingQueuedConnection);
            serverThread.quit();
            serverThread.wait();
        });
        QVERIFY(url.isValid());
        for (int round = 0; round < 60; ++round) {
            const int delayMs = round % 20;
            ClientConfig config;
            config.address = url;
            config.apiToken = QStringLiteral("client-token");
            config.paginationSize = 5;
            auto client = std::make_unique<InfrahubClient>(config);
            auto outcome = std::make_shared<std::optional<Result<QList<Node>>>>();
            auto run = [](InfrahubClient *c,
                          std::shared_ptr<std::optional<Result<QList<Node>>>> into) -> QCoro::Task<> {
                QCoro::Task<Result<QList<Node>>> listing =
                    c->all(QStringLiteral("InfraDevice"), {}, InfrahubClient::Paging::Concurrent);
                *into = co_await listing;
            };
            run(client.get(), outcome);
            QTest::qWait(delayMs);
            client.reset();
            QTest::qWait(30);
            if (outcome->has_value() && !outcome->value())
                QCOMPARE(outcome->value().error().kind, InfrahubError::Kind::Cancelled);
        }
    }

    void serverInfo() {
        const Result<ServerInfo> info = QCoro::waitFor(m_client->serverInfo());
        QVERIFY(info);
        QCOMPARE(info->version, QStringLiteral("1.2.0"));
        QVERIFY(!info->deploymentId.isEmpty());
    }

    void schemaIsCachedAndRefreshedOnlyWhenChanged() {
        const quint64 before = m_server->http().stats().requests;
        const auto first = QCoro::waitFor(m_client->schema());
        QVERIFY(first);
        QVERIFY(first.value()->kind(QStringLiteral("InfraDevice")));
        QVERIFY(
            first.value()->kind(QStringLiteral("InfraDevice"))->attribute(QStringLiteral("serial_number")));
        const auto second = QCoro::waitFor(m_client->schema());
        QCOMPARE(second.value().get(), first.value().get());
        QCOMPARE(m_server->http().stats().requests, before + 1); // one fetch, then the cache

        const Result<bool> changed = QCoro::waitFor(m_client->refreshSchemaIfChanged());
        QVERIFY(changed);
        QCOMPARE(changed.value(), false); // same summary hash: nothing refetched
        QCOMPARE(m_server->http().stats().requests, before + 2);

        const auto unknownBranch = QCoro::waitFor(m_client->schema(QStringLiteral("nope")));
        QVERIFY(!unknownBranch);
        QVERIFY(unknownBranch.error().message.contains(QStringLiteral("nope")));
    }

    void graphqlDataAndErrors() {
        Result<QJsonObject> data =
            QCoro::waitFor(m_client->graphql(QStringLiteral("{ InfraDevice { count } }")));
        QVERIFY(data);
        QCOMPARE(data->value(u"InfraDevice").toObject().value(u"count").toInt(), 40);

        data =
            QCoro::waitFor(m_client->graphql(QStringLiteral("{ InfraDevice { edges { node { nope } } } }")));
        QVERIFY(!data);
        QCOMPARE(data.error().kind, InfrahubError::Kind::GraphQL);
        QVERIFY(data.error().message.startsWith(
            QStringLiteral("Cannot query field 'nope' on type 'InfraDevice'.")));

        data = QCoro::waitFor(m_client->graphql(
            QStringLiteral("mutation { BuiltinTagCreate(data: {name: {value: \"red\"}}) { ok } }"), {}, {},
            {}, RetrySafety::Never));
        QVERIFY(!data);
        QCOMPARE(data.error().kind, InfrahubError::Kind::Validation);
        QCOMPARE(data.error().code, QStringLiteral("UNIQUENESS_VIOLATION"));

        data = QCoro::waitFor(
            m_client->graphql(QStringLiteral("{ InfraDevice { count } }"), {}, QStringLiteral("no/such")));
        QVERIFY(!data);
        QCOMPARE(data.error().kind, InfrahubError::Kind::NotFound);
        QCOMPARE(data.error().message, QStringLiteral("Branch: no/such not found."));
    }

    void listGetCount() {
        QueryOptions options;
        options.filters = QJsonObject{{QStringLiteral("site__name__value"), QStringLiteral("atl1")}};
        options.limit = 3;
        const Result<NodePage> page = QCoro::waitFor(m_client->list(QStringLiteral("InfraDevice"), options));
        QVERIFY2(page, qPrintable(page ? QString() : page.error().message));
        QCOMPARE(page->count, 8);
        QCOMPARE(page->nodes.size(), 3);
        QCOMPARE(page->nodes.first().kind(), QStringLiteral("InfraDevice"));
        QVERIFY(page->nodes.first().attribute(QStringLiteral("name"))->value.toString().startsWith(u"atl1-"));
        QCOMPARE(page->nodes.first().peers(QStringLiteral("site")).first().displayLabel,
                 QStringLiteral("atl1"));

        const Result<Node> byName = QCoro::waitFor(m_client->get(
            QStringLiteral("InfraDevice"), NodeLookup::byDefaultFilter(QStringLiteral("jfk1-edge2"))));
        QVERIFY(byName);
        const Result<Node> byId =
            QCoro::waitFor(m_client->get(QStringLiteral("InfraDevice"), NodeLookup::byId(byName->id())));
        QVERIFY(byId);
        QCOMPARE(byId->displayLabel(), QStringLiteral("jfk1-edge2"));
        const Result<Node> byHfid = QCoro::waitFor(
            m_client->get(QStringLiteral("InfraDevice"), NodeLookup::byHfid({QStringLiteral("jfk1-edge2")})));
        QCOMPARE(byHfid->id(), byName->id());
        const Result<Node> missing = QCoro::waitFor(m_client->get(
            QStringLiteral("InfraDevice"), NodeLookup::byDefaultFilter(QStringLiteral("nope"))));
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, InfrahubError::Kind::NotFound);
        QueryOptions ambiguous;
        ambiguous.filters = QJsonObject{{QStringLiteral("role__value"), QStringLiteral("spine")}};
        const Result<Node> many =
            QCoro::waitFor(m_client->get(QStringLiteral("InfraDevice"), NodeLookup::byHfid({}), ambiguous));
        QVERIFY(!many);

        const Result<int> spines = QCoro::waitFor(
            m_client->count(QStringLiteral("InfraDevice"),
                            QJsonObject{{QStringLiteral("role__value"), QStringLiteral("spine")}}));
        QCOMPARE(spines.value(), 10);
        const Result<int> badFilter = QCoro::waitFor(
            m_client->count(QStringLiteral("InfraDevice"), QJsonObject{{QStringLiteral("nmae__value"), 1}}));
        QVERIFY(!badFilter);
        QVERIFY2(badFilter.error().message.contains(QStringLiteral("name__value")),
                 qPrintable(badFilter.error().message));
    }

    void allSequentialAndConcurrentAgree() {
        ClientConfig config = m_client->config();
        config.paginationSize = 7; // 40 devices: 6 pages, the last one short
        InfrahubClient client(config);
        const quint64 before = m_server->http().stats().requests;
        const Result<QList<Node>> sequential =
            QCoro::waitFor(client.all(QStringLiteral("InfraDevice"), {}, InfrahubClient::Paging::Sequential));
        QVERIFY(sequential);
        QCOMPARE(sequential->size(), 40);
        QCOMPARE(m_server->http().stats().requests - before,
                 quint64(1 + 6)); // schema + 6 pages, no extra page
        const Result<QList<Node>> concurrent =
            QCoro::waitFor(client.all(QStringLiteral("InfraDevice"), {}, InfrahubClient::Paging::Concurrent));
        QVERIFY(concurrent);
        QCOMPARE(concurrent->size(), 40);
        for (qsizetype i = 0; i < 40; ++i)
            QCOMPARE(concurrent->at(i).id(), sequential->at(i).id());
        QStringList names;
        for (const Node &n : concurrent.value())
            names.append(n.attribute(QStringLiteral("name"))->value.toString());
        QStringList sorted = names;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(names, sorted); // server order (order_by name) preserved across concurrent pages
    }

    void pagesStream() {
        ClientConfig config = m_client->config();
        config.paginationSize = 15;
        InfrahubClient client(config);
        auto collect = [](InfrahubClient *c) -> QCoro::Task<QList<int>> {
            QList<int> sizes;
            auto generator = c->pages(QStringLiteral("InfraDevice"));
            QCORO_FOREACH(const Result<NodePage> &page, generator) {
                if (!page)
                    co_return QList<int>{-1};
                sizes.append(int(page->nodes.size()));
            }
            co_return sizes;
        };
        const QList<int> sizes = QCoro::waitFor(collect(&client));
        QCOMPARE(sizes, (QList<int>{15, 15, 10}));
    }

    void pagesStreamFetchesAheadAndStopsEarly() {
        // While the consumer holds page 1, page 2 is already requested (one request on the wire at a
        // time); when the consumer stops, nothing more is asked for.
        ClientConfig config = m_client->config();
        config.paginationSize = 10; // 40 devices: 4 pages
        InfrahubClient client(config);
        QVERIFY(QCoro::waitFor(client.schema()));
        const quint64 before = m_server->http().stats().requests;
        auto firstPageThenStop = [this, before](InfrahubClient *c) -> QCoro::Task<QList<quint64>> {
            QList<quint64> seen; // requests the server had when the consumer got page 1, and after waiting
            auto generator = c->pages(QStringLiteral("InfraDevice"));
            QCORO_FOREACH(const Result<NodePage> &page, generator) {
                if (!page || page->nodes.size() != 10)
                    co_return QList<quint64>{};
                seen.append(m_server->http().stats().requests - before);
                for (int i = 0; i < 250 && m_server->http().stats().requests - before < 2; ++i)
                    co_await QCoro::sleepFor(std::chrono::milliseconds(20));
                seen.append(m_server->http().stats().requests - before);
                break;
            }
            co_return seen;
        };
        const QList<quint64> seen = QCoro::waitFor(firstPageThenStop(&client));
        QCOMPARE(seen.size(), 2);
        QCOMPARE(seen.at(1), quint64(2)); // page 1, and page 2 fetched ahead without being asked
        QTest::qWait(300);
        QCOMPARE(m_server->http().stats().requests - before, quint64(2)); // nothing after the stop
    }

    void pagesStreamHasTheNextRequestOutBeforeHandingOverAPage() {
        // Qt's network thread picks up a new request through this thread's event loop: a stream that
        // read the current page right after asking for the next one held that request back for the whole
        // read (and the server idle with it). So whenever a page is handed over and more are to come, the
        // next request has already been written to the connection.
        ClientConfig config = m_client->config();
        config.paginationSize = 10; // 40 devices: 4 pages
        InfrahubClient client(config);
        QVERIFY(QCoro::waitFor(client.schema()));
        const int before = client.transport().requestsWritten();
        auto consume = [before](InfrahubClient *c) -> QCoro::Task<QList<int>> {
            QList<int> written; // requests written when the consumer got each page
            auto generator = c->pages(QStringLiteral("InfraDevice"));
            QCORO_FOREACH(const Result<NodePage> &page, generator) {
                if (!page)
                    co_return QList<int>{};
                written.append(c->transport().requestsWritten() - before);
            }
            co_return written;
        };
        const QList<int> written = QCoro::waitFor(consume(&client));
        QCOMPARE(written, (QList<int>{2, 3, 4, 4}));
    }

    void pagesConcurrentStreamKeepsOrder() {
        ClientConfig config = m_client->config();
        config.paginationSize = 5; // 8 pages
        config.maxConcurrentRequests = 4;
        InfrahubClient client(config);
        const Result<QList<Node>> sequential =
            QCoro::waitFor(client.all(QStringLiteral("InfraDevice"), {}, InfrahubClient::Paging::Sequential));
        QVERIFY(sequential);
        m_server->faults().setSettings(sandbox::FaultSettings{.latencyMs = 50});
        const quint64 before = m_server->http().stats().requests;
        auto collect = [](InfrahubClient *c) -> QCoro::Task<QStringList> {
            QStringList ids;
            auto generator =
                c->pages(QStringLiteral("InfraDevice"), {}, {}, {}, InfrahubClient::Paging::Concurrent);
            QCORO_FOREACH(const Result<NodePage> &page, generator) {
                if (!page)
                    co_return QStringList{page.error().message};
                for (const Node &n : page->nodes)
                    ids.append(n.id());
            }
            co_return ids;
        };
        const QStringList ids = QCoro::waitFor(collect(&client));
        m_server->faults().clear();
        QCOMPARE(ids.size(), 40);
        for (qsizetype i = 0; i < 40; ++i)
            QCOMPARE(ids.at(i), sequential->at(i).id());
        QCOMPARE(m_server->http().stats().requests - before, quint64(8)); // no count query: page 1 has it
        QVERIFY2(m_server->http().stats().peakInFlight >= 2,
                 qPrintable(QString::number(m_server->http().stats().peakInFlight)));
        QVERIFY(m_server->http().stats().peakInFlight <= 4); // the limit holds
    }

    void mutationsAndBranches() {
        const Result<Node> site = QCoro::waitFor(m_client->get(
            QStringLiteral("LocationSite"), NodeLookup::byDefaultFilter(QStringLiteral("ord1"))));
        QVERIFY(site);
        NodeData vlan;
        vlan.attributes = QJsonObject{{QStringLiteral("name"), QStringLiteral("ord1-storage \"quoted\"")},
                                      {QStringLiteral("vlan_id"), 400},
                                      {QStringLiteral("status"), QStringLiteral("active")},
                                      {QStringLiteral("role"), QStringLiteral("server")}};
        vlan.relationships[QStringLiteral("site")] = {RelatedNode::fromId(site->id())};
        Result<MutationResult> created = QCoro::waitFor(m_client->create(QStringLiteral("InfraVLAN"), vlan));
        QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
        const QString vlanId = created->object.value(u"id").toString();
        QVERIFY(!vlanId.isEmpty());

        created = QCoro::waitFor(m_client->create(QStringLiteral("InfraVLAN"), vlan));
        QVERIFY(!created);
        QCOMPARE(created.error().kind, InfrahubError::Kind::Validation);
        QCOMPARE(created.error().code, QStringLiteral("UNIQUENESS_VIOLATION"));

        NodeData change;
        change.id = vlanId;
        change.attributes = QJsonObject{{QStringLiteral("description"), QStringLiteral("storage network")}};
        QVERIFY(QCoro::waitFor(m_client->update(QStringLiteral("InfraVLAN"), change)));

        // A branch: changes stay there until merged.
        BranchCreateOptions options;
        options.name = QStringLiteral("client-test");
        const Result<BranchInfo> branch = QCoro::waitFor(m_client->createBranch(options));
        QVERIFY2(branch, qPrintable(branch ? QString() : branch.error().message));
        QCOMPARE(branch->name, QStringLiteral("client-test"));
        QVERIFY(QCoro::waitFor(m_client->remove(QStringLiteral("InfraVLAN"), NodeLookup::byId(vlanId),
                                                QStringLiteral("client-test"))));
        QCOMPARE(
            QCoro::waitFor(m_client->count(QStringLiteral("InfraVLAN"), {}, QStringLiteral("client-test")))
                .value(),
            15);
        QCOMPARE(QCoro::waitFor(m_client->count(QStringLiteral("InfraVLAN"))).value(), 16);
        QVERIFY(QCoro::waitFor(m_client->mergeBranch(QStringLiteral("client-test"))));
        QCOMPARE(QCoro::waitFor(m_client->count(QStringLiteral("InfraVLAN"))).value(), 15);
        const Result<QList<BranchInfo>> list = QCoro::waitFor(m_client->branches());
        QCOMPARE(list->size(), 2);
        QVERIFY(QCoro::waitFor(m_client->deleteBranch(QStringLiteral("client-test"))).value());
        BranchCreateOptions badOptions;
        badOptions.name = QStringLiteral("a b");
        const Result<BranchInfo> badName = QCoro::waitFor(m_client->createBranch(badOptions));
        QVERIFY(!badName);
    }
};

QTEST_GUILESS_MAIN(TestInfrahubClient)
#include "tst_infrahubclient.moc"
