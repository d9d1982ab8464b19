// runInBranch against the sandbox: success merges into main; a failure leaves main untouched and keeps or
// deletes the branch as asked; cancellation never merges.
#include "core/client/branchtransaction.h"
#include "sandbox/sandboxserver.h"

#include <QTest>

using namespace infrahub;

namespace {

// Creates the tags named in `names` on `branch`, one after another; the first failure aborts.
QCoro::Task<Result<bool>> createTags(InfrahubClient *client, QStringList names, QString branch,
                                     CancellationToken token) {
    for (const QString &name : names) {
        if (token.isCancelled())
            co_return InfrahubError::make(InfrahubError::Kind::Cancelled, QStringLiteral("cancelled"));
        NodeData data;
        data.attributes = QJsonObject{{QStringLiteral("name"), name}};
        const Result<MutationResult> r =
            co_await client->create(QStringLiteral("BuiltinTag"), data, {}, branch, token);
        if (!r)
            co_return r.error();
    }
    co_return true;
}

} // namespace

class TestBranchTransaction : public QObject {
    Q_OBJECT

    std::unique_ptr<sandbox::SandboxServer> m_server;
    std::unique_ptr<InfrahubClient> m_client;

    int tags(const QString &branch = {}) {
        return QCoro::waitFor(m_client->count(QStringLiteral("BuiltinTag"), {}, branch)).value();
    }
    int branchCount() { return int(QCoro::waitFor(m_client->branches()).value().size()); }

private Q_SLOTS:
    void init() {
        sandbox::SandboxOptions options;
        options.tokens = {"tx-token"};
        m_server = std::make_unique<sandbox::SandboxServer>(options);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        ClientConfig config;
        config.address = m_server->url();
        config.apiToken = QStringLiteral("tx-token");
        m_client = std::make_unique<InfrahubClient>(config);
    }
    void cleanup() {
        m_client.reset();
        m_server.reset();
    }

    void successMerges() {
        InfrahubClient *client = m_client.get();
        const int before = tags();
        BranchTransactionOptions options;
        options.branchName = QStringLiteral("tx-ok");
        const BranchTransactionOutcome outcome = QCoro::waitFor(runInBranch(
            client,
            [client](QString branch, CancellationToken token) {
                return createTags(client, {QStringLiteral("tx-a"), QStringLiteral("tx-b")}, branch, token);
            },
            options));
        QVERIFY2(outcome.succeeded(), qPrintable(outcome.summary()));
        QVERIFY(outcome.created && outcome.merged && !outcome.deleted);
        QCOMPARE(tags(), before + 2);
        QVERIFY(outcome.summary().contains(QStringLiteral("merged")));
    }

    void failureKeepsMainUntouched_data() {
        QTest::addColumn<bool>("deleteOnFailure");
        QTest::newRow("keep branch") << false;
        QTest::newRow("delete branch") << true;
    }

    void failureKeepsMainUntouched() {
        QFETCH(bool, deleteOnFailure);
        InfrahubClient *client = m_client.get();
        const int before = tags();
        BranchTransactionOptions options;
        options.branchName = QStringLiteral("tx-fail");
        options.onFailure = deleteOnFailure ? BranchTransactionOptions::OnFailure::DeleteBranch
                                            : BranchTransactionOptions::OnFailure::KeepBranch;
        // The second tag already exists: the work fails half-way.
        const BranchTransactionOutcome outcome = QCoro::waitFor(runInBranch(
            client,
            [client](QString branch, CancellationToken token) {
                return createTags(client, {QStringLiteral("tx-c"), QStringLiteral("red")}, branch, token);
            },
            options));
        QVERIFY(!outcome.succeeded());
        QVERIFY(outcome.created && !outcome.merged);
        QCOMPARE(outcome.error->code, QStringLiteral("UNIQUENESS_VIOLATION"));
        QCOMPARE(tags(), before); // main never saw tx-c
        QCOMPARE(outcome.deleted, deleteOnFailure);
        QCOMPARE(branchCount(), deleteOnFailure ? 1 : 2);
        if (!deleteOnFailure)
            QCOMPARE(tags(QStringLiteral("tx-fail")), before + 1); // kept for review, with the partial work
        QVERIFY(outcome.summary().contains(QStringLiteral("not merged")));
    }

    void cancellationNeverMerges() {
        InfrahubClient *client = m_client.get();
        const int before = tags();
        CancellationSource source;
        const BranchTransactionOutcome outcome = QCoro::waitFor(runInBranch(
            client,
            [client, source](QString branch, CancellationToken token) mutable {
                source.cancel(); // the user pressed Cancel while the work ran
                return createTags(client, {QStringLiteral("tx-d")}, branch, token);
            },
            {}, source.token()));
        QVERIFY(!outcome.merged);
        QCOMPARE(outcome.error->kind, InfrahubError::Kind::Cancelled);
        QCOMPARE(tags(), before);
    }

    void branchCreationFailure() {
        InfrahubClient *client = m_client.get();
        BranchTransactionOptions options;
        options.branchName = QStringLiteral("bad name");
        bool ran = false;
        const BranchTransactionOutcome outcome = QCoro::waitFor(runInBranch(
            client,
            [&ran](QString, CancellationToken) -> QCoro::Task<Result<bool>> {
                ran = true;
                return []() -> QCoro::Task<Result<bool>> {
                    co_return true;
                }();
            },
            options));
        QVERIFY(!outcome.created);
        QVERIFY(!ran);
        QVERIFY(outcome.summary().startsWith(QStringLiteral("Nothing was changed")));
    }
};

QTEST_GUILESS_MAIN(TestBranchTransaction)
#include "tst_branchtransaction.moc"
