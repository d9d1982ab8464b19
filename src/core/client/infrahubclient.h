// The Infrahub client: every request the console makes goes through here, as QCoro coroutines over the
// Transport (concurrency limit, auth, retries, cancellation). It keeps the schema of each branch cached
// and refreshes it only when `/api/schema/summary` says it changed.
#pragma once

#include "clientconfig.h"
#include "core/concurrency/cancellationtoken.h"
#include "core/nodes/nodepage.h"
#include "core/query/branchdiff.h"
#include "core/query/branchinfo.h"
#include "core/query/branchrequests.h"
#include "core/query/graphqlrequest.h"
#include "core/query/mutationrenderer.h"
#include "core/query/mutationresult.h"
#include "core/query/nodedata.h"
#include "core/query/nodelookup.h"
#include "core/query/queryoptions.h"
#include "core/schema/schemamodel.h"
#include "infrahuberror.h"
#include "transport.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QThreadPool>

#include <QCoroAsyncGenerator>
#include <QCoroTask>

#include <memory>

namespace infrahub {

struct ServerInfo {
    QString version;
    QString deploymentId;
};

class InfrahubClient : public QObject {
    Q_OBJECT

public:
    explicit InfrahubClient(ClientConfig config, QObject *parent = nullptr);

    const ClientConfig &config() const { return m_transport.config(); }
    Transport &transport() { return m_transport; }

    // GET /api/info.
    QCoro::Task<Result<ServerInfo>> serverInfo(CancellationToken token = {});
    // The schema of `branch` (default branch if empty): from the cache, or fetched from /api/schema.
    QCoro::Task<Result<std::shared_ptr<const SchemaSet>>> schema(QString branch = {},
                                                                 CancellationToken token = {});
    // Asks /api/schema/summary whether the branch's schema changed and refetches it if so. Returns true
    // when the cached schema was replaced.
    QCoro::Task<Result<bool>> refreshSchemaIfChanged(QString branch = {}, CancellationToken token = {});
    // POST /graphql/{branch}; returns `data`, or the server's errors as an InfrahubError. Reads are safe to
    // retry; pass RetrySafety::Never (or UnsafeCheckFirst) for mutations that must not be repeated blindly.
    QCoro::Task<Result<QJsonObject>> graphql(QString query, QJsonObject variables = {}, QString branch = {},
                                             QString operationName = {},
                                             RetrySafety safety = RetrySafety::Safe,
                                             CancellationToken token = {});

    // Runs a rendered request (see core/query).
    QCoro::Task<Result<QJsonObject>> execute(GraphQLRequest request, QString branch = {},
                                             RetrySafety safety = RetrySafety::Safe,
                                             CancellationToken token = {});

    // --- Reading nodes. `branch` empty = the default branch. ---
    // One page (options.offset/limit; the server's default page size when unset).
    QCoro::Task<Result<NodePage>> list(QString kind, QueryOptions options = {}, QString branch = {},
                                       CancellationToken token = {});
    // Exactly one node: NotFound when none matches, an error naming the count when several do.
    QCoro::Task<Result<Node>> get(QString kind, NodeLookup lookup, QueryOptions options = {},
                                  QString branch = {}, CancellationToken token = {});
    QCoro::Task<Result<int>> count(QString kind, QJsonObject filters = {}, QString branch = {},
                                   CancellationToken token = {});
    enum class Paging {
        Sequential, // page after page, as the SDK does by default
        Concurrent, // count first, then every page at once under the concurrency limit (rows stay in order)
    };
    // Every node matching options.filters, in server order, in pages of config().paginationSize. If the
    // caller sets offset or limit, exactly one request is made (the SDK's rule).
    QCoro::Task<Result<QList<Node>>> all(QString kind, QueryOptions options = {},
                                         Paging paging = Paging::Concurrent, QString branch = {},
                                         CancellationToken token = {});
    // The same pages as a stream, in order, so a view can show the first rows at once. Stops after an
    // error page. Sequential: one request on the wire at a time, but the next page is already fetched
    // while the consumer handles the current one. Concurrent: the first page (which carries the count)
    // alone, then every other page at once under the concurrency limit. Requests still running when the
    // consumer stops early (destroys the generator) are aborted.
    QCoro::AsyncGenerator<Result<NodePage>> pages(QString kind, QueryOptions options = {},
                                                  QString branch = {}, CancellationToken token = {},
                                                  Paging paging = Paging::Sequential);

    // --- Changing nodes. Creates are never repeated blindly after an ambiguous failure. ---
    QCoro::Task<Result<MutationResult>> create(QString kind, NodeData data, MutationOptions options = {},
                                               QString branch = {}, CancellationToken token = {});
    QCoro::Task<Result<MutationResult>> update(QString kind, NodeData data, MutationOptions options = {},
                                               QString branch = {}, CancellationToken token = {});
    QCoro::Task<Result<MutationResult>> upsert(QString kind, NodeData data, MutationOptions options = {},
                                               QString branch = {}, CancellationToken token = {});
    QCoro::Task<Result<MutationResult>> remove(QString kind, NodeLookup target, QString branch = {},
                                               CancellationToken token = {});
    QCoro::Task<Result<MutationResult>> addRelationshipPeers(QString kind, QString nodeId,
                                                             QString relationship, QList<RelatedNode> peers,
                                                             QString branch = {},
                                                             CancellationToken token = {});
    QCoro::Task<Result<MutationResult>> removeRelationshipPeers(QString kind, QString nodeId,
                                                                QString relationship,
                                                                QList<RelatedNode> peers, QString branch = {},
                                                                CancellationToken token = {});

    // --- Branches (always sent to the default branch's endpoint, as Infrahub requires). ---
    QCoro::Task<Result<QList<BranchInfo>>> branches(CancellationToken token = {});
    QCoro::Task<Result<BranchInfo>> createBranch(BranchCreateOptions options, CancellationToken token = {});
    QCoro::Task<Result<bool>> deleteBranch(QString name, CancellationToken token = {});
    QCoro::Task<Result<BranchInfo>> mergeBranch(QString name, CancellationToken token = {});
    QCoro::Task<Result<BranchInfo>> rebaseBranch(QString name, CancellationToken token = {});
    // What `branch` changed against the branch it came from: recomputes the server's diff (DiffUpdate,
    // waiting for it), then reads it (DiffTree). NotFound for an unknown branch.
    QCoro::Task<Result<BranchDiff>> branchDiff(QString branch, CancellationToken token = {});

private:
    // POST /graphql/{branch}: the HTTP answer as it came (2xx, possibly with GraphQL `errors`). `sent`:
    // see HttpCall::sent.
    QCoro::Task<Result<HttpAnswer>> postGraphQL(QString query, QJsonObject variables, QString branch,
                                                QString operationName, RetrySafety safety,
                                                CancellationToken token, std::optional<AsyncEvent> sent = {});
    // The answer's `data`, or the error its body describes.
    static Result<QJsonObject> dataOf(const HttpAnswer &answer);
    // A list page in two steps, so that a stream can ask for the next page before reading this one.
    struct PageAnswer {
        std::shared_ptr<const SchemaSet> schema; // the one the query was rendered with
        HttpAnswer http;
    };
    QCoro::Task<Result<PageAnswer>> fetchPage(QString kind, QueryOptions options, QString branch,
                                              CancellationToken token, std::optional<AsyncEvent> sent = {});
    static Result<NodePage> readPage(const PageAnswer &answer, const QString &kind);
    // readPage() on a worker thread: this thread stays free to hand requests and answers to Qt's network
    // thread while pages are read (with several pages in flight, reading here held the next requests
    // back and left the server idle), and a UI thread never spends a page's reading time.
    QCoro::Task<Result<NodePage>> readPageOnWorker(PageAnswer answer, QString kind);
    QCoro::Task<Result<MutationResult>> mutate(Result<GraphQLRequest> request, QString field, QString branch,
                                               RetrySafety safety, CancellationToken token);
    // Fetches the branch's schema, renders the mutation with it and runs it.
    QCoro::Task<Result<MutationResult>> mutateWithSchema(MutationRenderer::Render render, QString field,
                                                         QString branch, RetrySafety safety,
                                                         CancellationToken token);
    QCoro::Task<Result<BranchInfo>> branchMutation(Result<GraphQLRequest> request, QString field,
                                                   RetrySafety safety, CancellationToken token);
    QString branchOrDefault(const QString &branch) const {
        return branch.isEmpty() ? m_transport.config().defaultBranch : branch;
    }
    QCoro::Task<Result<std::shared_ptr<const SchemaSet>>> fetchSchema(QString branch,
                                                                      CancellationToken token);

    Transport m_transport;
    QHash<QString, std::shared_ptr<const SchemaSet>> m_schemas;
    QThreadPool m_pageReaders; // readPageOnWorker(); its tasks own their inputs, so they outlive nothing
};

} // namespace infrahub
