// InfrahubClient::branchDiff against the sandbox over HTTP: objects added, updated (old -> new values) and
// removed on a branch show up with the right action; peers touched by a relationship change count as
// updated; an untouched branch has an empty diff; an unknown branch is a clear NotFound; the raw DiffTree
// is null before any DiffUpdate, as on Infrahub.
#include "core/client/infrahubclient.h"
#include "sandbox/sandboxserver.h"

#include <QTest>

using namespace infrahub;

namespace {

const DiffNodeChange *findNode(const BranchDiff &diff, const QString &id) {
    for (const DiffNodeChange &n : diff.nodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

const DiffAttributeChange *findAttribute(const DiffNodeChange &node, const QString &name) {
    for (const DiffAttributeChange &a : node.attributes)
        if (a.name == name)
            return &a;
    return nullptr;
}

const DiffRelationshipChange *findRelationship(const DiffNodeChange &node, const QString &name) {
    for (const DiffRelationshipChange &r : node.relationships)
        if (r.name == name)
            return &r;
    return nullptr;
}

} // namespace

class TestBranchDiff : public QObject {
    Q_OBJECT

    std::unique_ptr<sandbox::SandboxServer> m_server;
    std::unique_ptr<InfrahubClient> m_client;

    QString createBranch(const QString &name) {
        BranchCreateOptions options;
        options.name = name;
        const Result<BranchInfo> b = QCoro::waitFor(m_client->createBranch(options));
        return b ? b->name : b.error().message;
    }
    Node get(const QString &kind, const NodeLookup &lookup, const QString &branch = {}) {
        const Result<Node> n = QCoro::waitFor(m_client->get(kind, lookup, {}, branch));
        return n ? n.value() : Node();
    }

private Q_SLOTS:
    void init() {
        sandbox::SandboxOptions options;
        options.tokens = {"diff-token"};
        m_server = std::make_unique<sandbox::SandboxServer>(options);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        ClientConfig config;
        config.address = m_server->url();
        config.apiToken = QStringLiteral("diff-token");
        m_client = std::make_unique<InfrahubClient>(config);
    }
    void cleanup() {
        m_client.reset();
        m_server.reset();
    }

    void addedUpdatedRemoved() {
        const QString branch = QStringLiteral("diff-changes");
        QCOMPARE(createBranch(branch), branch);

        // Added: a VLAN linked to a site (so the site's side changes too).
        const Node site =
            get(QStringLiteral("LocationSite"), NodeLookup::byDefaultFilter(QStringLiteral("ord1")));
        QVERIFY(!site.id().isEmpty());
        NodeData vlan;
        vlan.attributes = QJsonObject{{QStringLiteral("name"), QStringLiteral("ord1-diff")},
                                      {QStringLiteral("vlan_id"), 901},
                                      {QStringLiteral("status"), QStringLiteral("active")},
                                      {QStringLiteral("role"), QStringLiteral("server")}};
        vlan.relationships[QStringLiteral("site")] = {RelatedNode::fromId(site.id())};
        const Result<MutationResult> created =
            QCoro::waitFor(m_client->create(QStringLiteral("InfraVLAN"), vlan, {}, branch));
        QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
        const QString addedId = created->object.value(u"id").toString();

        // Updated: another VLAN's description and vlan_id.
        const Result<NodePage> vlans =
            QCoro::waitFor(m_client->list(QStringLiteral("InfraVLAN"), {}, branch));
        QVERIFY(vlans && vlans->nodes.size() >= 3);
        const Node &updatedVlan = vlans->nodes.at(0);
        const QString oldDescription = updatedVlan.value(QStringLiteral("description")).toString();
        const qint64 oldVlanId = updatedVlan.value(QStringLiteral("vlan_id")).toInteger();
        NodeData change;
        change.id = updatedVlan.id();
        change.attributes =
            QJsonObject{{QStringLiteral("description"), QStringLiteral("changed on the branch")},
                        {QStringLiteral("vlan_id"), 3999}};
        QVERIFY(QCoro::waitFor(m_client->update(QStringLiteral("InfraVLAN"), change, {}, branch)));

        // Removed: a tag.
        const Result<NodePage> tags =
            QCoro::waitFor(m_client->list(QStringLiteral("BuiltinTag"), {}, branch));
        QVERIFY(tags && !tags->nodes.isEmpty());
        const QString removedId = tags->nodes.at(0).id();
        QVERIFY(QCoro::waitFor(
            m_client->remove(QStringLiteral("BuiltinTag"), NodeLookup::byId(removedId), branch)));

        const Result<BranchDiff> diff = QCoro::waitFor(m_client->branchDiff(branch));
        QVERIFY2(diff, qPrintable(diff ? QString() : diff.error().message));
        QCOMPARE(diff->branch, branch);
        QCOMPARE(diff->baseBranch, QStringLiteral("main"));
        QVERIFY(!diff->toTime.isEmpty());
        QCOMPARE(diff->added, 1);
        QCOMPARE(diff->removed, 1);
        QVERIFY2(diff->updated >= 2, qPrintable(QString::number(diff->updated))); // the VLAN and the site

        const DiffNodeChange *added = findNode(diff.value(), addedId);
        QVERIFY(added);
        QCOMPARE(added->kind, QStringLiteral("InfraVLAN"));
        QCOMPARE(added->action, DiffAction::Added);
        const DiffAttributeChange *name = findAttribute(*added, QStringLiteral("name"));
        QVERIFY(name);
        QCOMPARE(name->action, DiffAction::Added);
        QVERIFY(!name->previousValue);
        QCOMPARE(name->newValue.value_or(QString()), QStringLiteral("ord1-diff"));
        const DiffRelationshipChange *siteRel = findRelationship(*added, QStringLiteral("site"));
        QVERIFY(siteRel);
        QVERIFY(!siteRel->many);
        QCOMPARE(siteRel->peers.size(), 1);
        QCOMPARE(siteRel->peers.at(0).peerId, site.id());
        QCOMPARE(siteRel->peers.at(0).action, DiffAction::Added);

        const DiffNodeChange *updated = findNode(diff.value(), updatedVlan.id());
        QVERIFY(updated);
        QCOMPARE(updated->action, DiffAction::Updated);
        QCOMPARE(updated->attributes.size(), 2); // only what changed
        const DiffAttributeChange *description = findAttribute(*updated, QStringLiteral("description"));
        QVERIFY(description);
        QCOMPARE(description->action, DiffAction::Updated);
        if (oldDescription.isEmpty())
            QVERIFY(!description->previousValue);
        else
            QCOMPARE(description->previousValue.value_or(QString()), oldDescription);
        QCOMPARE(description->newValue.value_or(QString()), QStringLiteral("changed on the branch"));
        const DiffAttributeChange *vlanId = findAttribute(*updated, QStringLiteral("vlan_id"));
        QVERIFY(vlanId);
        QCOMPARE(vlanId->previousValue.value_or(QString()), QString::number(oldVlanId));
        QCOMPARE(vlanId->newValue.value_or(QString()), QStringLiteral("3999"));

        // The site lists the new VLAN among its peers: updated, with one added peer.
        const DiffNodeChange *siteNode = findNode(diff.value(), site.id());
        QVERIFY(siteNode);
        QCOMPARE(siteNode->action, DiffAction::Updated);
        QVERIFY(siteNode->attributes.isEmpty());
        const DiffRelationshipChange *siteVlans = findRelationship(*siteNode, QStringLiteral("vlans"));
        QVERIFY(siteVlans);
        QVERIFY(siteVlans->many);
        QCOMPARE(siteVlans->peers.size(), 1);
        QCOMPARE(siteVlans->peers.at(0).action, DiffAction::Added);
        QCOMPARE(siteVlans->peers.at(0).peerId, addedId);

        const DiffNodeChange *removed = findNode(diff.value(), removedId);
        QVERIFY(removed);
        QCOMPARE(removed->kind, QStringLiteral("BuiltinTag"));
        QCOMPARE(removed->action, DiffAction::Removed);
        const DiffAttributeChange *tagName = findAttribute(*removed, QStringLiteral("name"));
        QVERIFY(tagName && tagName->previousValue && !tagName->newValue);

        // Main is untouched, and a second diff of the same branch gives the same answer.
        const Result<BranchDiff> again = QCoro::waitFor(m_client->branchDiff(branch));
        QVERIFY(again);
        QCOMPARE(again->nodes.size(), diff->nodes.size());
    }

    void unchangedBranchIsEmpty() {
        const QString branch = QStringLiteral("diff-nothing");
        QCOMPARE(createBranch(branch), branch);
        // Saving a value it already has is no change either.
        const Result<NodePage> vlans =
            QCoro::waitFor(m_client->list(QStringLiteral("InfraVLAN"), {}, branch));
        QVERIFY(vlans && !vlans->nodes.isEmpty());
        NodeData same;
        same.id = vlans->nodes.at(0).id();
        same.attributes = QJsonObject{
            {QStringLiteral("name"), vlans->nodes.at(0).value(QStringLiteral("name")).toString()}};
        QVERIFY(QCoro::waitFor(m_client->update(QStringLiteral("InfraVLAN"), same, {}, branch)));

        const Result<BranchDiff> diff = QCoro::waitFor(m_client->branchDiff(branch));
        QVERIFY2(diff, qPrintable(diff ? QString() : diff.error().message));
        QVERIFY(diff->isEmpty());
        QCOMPARE(diff->added + diff->updated + diff->removed, 0);
        QCOMPARE(diff->branch, branch);
    }

    void unknownBranchIsNotFound() {
        const Result<BranchDiff> diff =
            QCoro::waitFor(m_client->branchDiff(QStringLiteral("no-such-branch")));
        QVERIFY(!diff);
        QCOMPARE(diff.error().kind, InfrahubError::Kind::NotFound);
        QVERIFY2(diff.error().message.contains(QStringLiteral("no-such-branch")),
                 qPrintable(diff.error().message));
        QVERIFY(!QCoro::waitFor(m_client->branchDiff(QString())));
    }

    void treeIsNullUntilComputed() {
        // Infrahub serves stored diffs: DiffTree is null before DiffUpdate ran for the branch.
        const QString branch = QStringLiteral("diff-raw");
        QCOMPARE(createBranch(branch), branch);
        const Result<GraphQLRequest> tree = BranchDiffRequests::tree(branch);
        QVERIFY(tree);
        Result<QJsonObject> data = QCoro::waitFor(m_client->execute(tree.value()));
        QVERIFY(data);
        QVERIFY(data->value(u"DiffTree").isNull());

        const Result<GraphQLRequest> update = BranchDiffRequests::update(branch);
        QVERIFY(update);
        data = QCoro::waitFor(m_client->execute(update.value(), {}, RetrySafety::Safe));
        QVERIFY2(data, qPrintable(data ? QString() : data.error().message));
        QCOMPARE(data->value(u"DiffUpdate").toObject().value(u"ok").toBool(), true);
        data = QCoro::waitFor(m_client->execute(tree.value()));
        QVERIFY(data);
        const QJsonObject diffTree = data->value(u"DiffTree").toObject();
        QCOMPARE(diffTree.value(u"base_branch").toString(), QStringLiteral("main"));
        QCOMPARE(diffTree.value(u"diff_branch").toString(), branch);
        QCOMPARE(diffTree.value(u"nodes").toArray().size(), 0);

        // A change after the diff was computed is not in it until the next DiffUpdate.
        NodeData tag;
        tag.attributes = QJsonObject{{QStringLiteral("name"), QStringLiteral("late-tag")}};
        QVERIFY(QCoro::waitFor(m_client->create(QStringLiteral("BuiltinTag"), tag, {}, branch)));
        data = QCoro::waitFor(m_client->execute(tree.value()));
        QVERIFY(data);
        QCOMPARE(data->value(u"DiffTree").toObject().value(u"nodes").toArray().size(), 0);
        const Result<BranchDiff> fresh = QCoro::waitFor(m_client->branchDiff(branch));
        QVERIFY(fresh);
        QCOMPARE(fresh->added, 1);
    }
};

QTEST_GUILESS_MAIN(TestBranchDiff)
#include "tst_branchdiff.moc"
