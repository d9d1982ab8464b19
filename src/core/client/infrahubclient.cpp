#include "infrahubclient.h"

#include "errorenvelope.h"

#include "core/concurrency/asyncevent.h"
#include "core/concurrency/runonpool.h"
#include "core/nodes/nodepagereader.h"
#include "core/query/pagination.h"
#include "core/query/queryrenderer.h"

#include <QJsonDocument>
#include <QPointer>
#include <QScopeGuard>
#include <QUrl>
#include <QUrlQuery>

#include <QCoroFuture>

namespace infrahub {

namespace {

// How long a page stream waits for its next request to be written before reading the current page
// anyway: normally well under a millisecond, longer only while a new connection opens.
constexpr int kDispatchWaitMs = 5;

HttpCall getCall(const QString &path, const QString &branch = {}) {
    HttpCall call;
    call.method = "GET";
    call.path = path;
    if (!branch.isEmpty())
        call.query = QUrlQuery{{QStringLiteral("branch"), branch}};
    return call;
}

InfrahubError notJson(const QString &what, const QJsonParseError &error) {
    return InfrahubError::make(
        InfrahubError::Kind::Protocol,
        QStringLiteral("The server's %1 is not valid JSON (%2): is this an Infrahub server?")
            .arg(what, error.errorString()));
}

// Cancels its source when destroyed: a stream's requests still running when its consumer stops early.
class CancelOnExit {
public:
    explicit CancelOnExit(const CancellationToken &parent)
        : m_source(parent) {}
    ~CancelOnExit() { m_source.cancel(); }
    CancelOnExit(const CancelOnExit &) = delete;
    CancelOnExit &operator=(const CancelOnExit &) = delete;
    CancellationToken token() const { return m_source.token(); }

private:
    CancellationSource m_source;
};

} // namespace

InfrahubClient::InfrahubClient(ClientConfig config, QObject *parent)
    : QObject(parent)
    , m_transport(std::move(config)) {
    // One reader: a page reads in a fraction of its round trip, and more readers only took the CPU from the
    // threads that keep requests going (concurrent listing of 10,000 devices: 175-177 ms with two, 162-172
    // ms with one, on 2 cores).
    m_pageReaders.setMaxThreadCount(1);
}

QCoro::Task<Result<ServerInfo>> InfrahubClient::serverInfo(CancellationToken token) {
    const HttpCall call = getCall(QStringLiteral("/api/info"));
    const Result<HttpAnswer> answer = co_await m_transport.send(call, token);
    if (!answer)
        co_return answer.error();
    QJsonParseError parseError;
    const QJsonObject o = QJsonDocument::fromJson(answer->body, &parseError).object();
    if (parseError.error != QJsonParseError::NoError)
        co_return notJson(QStringLiteral("/api/info"), parseError);
    if (!o.value(u"version").isString())
        co_return InfrahubError::make(
            InfrahubError::Kind::Protocol,
            QStringLiteral("The server's /api/info has no version: is this an Infrahub server?"));
    co_return ServerInfo{o.value(u"version").toString(), o.value(u"deployment_id").toString()};
}

QCoro::Task<Result<std::shared_ptr<const SchemaSet>>> InfrahubClient::fetchSchema(QString branch,
                                                                                  CancellationToken token) {
    const HttpCall call = getCall(QStringLiteral("/api/schema"), branch);
    const Result<HttpAnswer> answer = co_await m_transport.send(call, token);
    if (!answer)
        co_return answer.error();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(answer->body, &parseError);
    if (!doc.isObject())
        co_return notJson(QStringLiteral("/api/schema"), parseError);
    QString error;
    std::optional<SchemaSet> set = SchemaSet::fromApiJson(doc.object(), &error);
    if (!set)
        co_return InfrahubError::make(
            InfrahubError::Kind::Protocol,
            QStringLiteral("The schema from the server cannot be read: %1").arg(error));
    auto shared = std::make_shared<const SchemaSet>(std::move(*set));
    m_schemas.insert(branch, shared);
    co_return shared;
}

QCoro::Task<Result<std::shared_ptr<const SchemaSet>>> InfrahubClient::schema(QString branch,
                                                                             CancellationToken token) {
    const QString target = branchOrDefault(branch);
    if (const auto cached = m_schemas.value(target))
        co_return cached;
    co_return co_await fetchSchema(target, token);
}

QCoro::Task<Result<bool>> InfrahubClient::refreshSchemaIfChanged(QString branch, CancellationToken token) {
    const QString target = branchOrDefault(branch);
    const std::shared_ptr<const SchemaSet> cached = m_schemas.value(target);
    if (!cached) {
        const Result<std::shared_ptr<const SchemaSet>> fetched = co_await fetchSchema(target, token);
        if (!fetched)
            co_return fetched.error();
        co_return true;
    }
    const HttpCall call = getCall(QStringLiteral("/api/schema/summary"), target);
    const Result<HttpAnswer> answer = co_await m_transport.send(call, token);
    if (!answer)
        co_return answer.error();
    const QString main = QJsonDocument::fromJson(answer->body).object().value(u"main").toString();
    if (!main.isEmpty() && main == cached->mainHash())
        co_return false;
    const Result<std::shared_ptr<const SchemaSet>> fetched = co_await fetchSchema(target, token);
    if (!fetched)
        co_return fetched.error();
    co_return true;
}

QCoro::Task<Result<QJsonObject>> InfrahubClient::graphql(QString query, QJsonObject variables, QString branch,
                                                         QString operationName, RetrySafety safety,
                                                         CancellationToken token) {
    const Result<HttpAnswer> answer =
        co_await postGraphQL(std::move(query), std::move(variables), std::move(branch),
                             std::move(operationName), safety, std::move(token));
    if (!answer)
        co_return answer.error();
    co_return dataOf(answer.value());
}

QCoro::Task<Result<HttpAnswer>> InfrahubClient::postGraphQL(QString query, QJsonObject variables,
                                                            QString branch, QString operationName,
                                                            RetrySafety safety, CancellationToken token,
                                                            std::optional<AsyncEvent> sent) {
    QJsonObject payload{{QStringLiteral("query"), query}};
    if (!variables.isEmpty())
        payload.insert(QStringLiteral("variables"), variables);
    if (!operationName.isEmpty())
        payload.insert(QStringLiteral("operationName"), operationName);
    HttpCall call;
    // The branch is a path segment; newer SDKs percent-encode it whole, so names with '/' work.
    call.path =
        QStringLiteral("/graphql/") + QString::fromLatin1(QUrl::toPercentEncoding(branchOrDefault(branch)));
    call.body = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    call.safety = safety;
    call.sent = std::move(sent);
    co_return co_await m_transport.send(call, token);
}

Result<QJsonObject> InfrahubClient::dataOf(const HttpAnswer &answer) {
    QJsonParseError parseError;
    const QJsonObject body = QJsonDocument::fromJson(answer.body, &parseError).object();
    if (parseError.error != QJsonParseError::NoError)
        return notJson(QStringLiteral("GraphQL answer"), parseError);
    if (body.contains(u"errors"))
        return errorFromResponse(answer.status, answer.body);
    if (!body.value(u"data").isObject())
        return InfrahubError::make(InfrahubError::Kind::Protocol,
                                   QStringLiteral("The GraphQL answer has no data."));
    return body.value(u"data").toObject();
}

QCoro::Task<Result<QJsonObject>> InfrahubClient::execute(GraphQLRequest request, QString branch,
                                                         RetrySafety safety, CancellationToken token) {
    co_return co_await graphql(request.query, request.variables, branch, request.operationName, safety,
                               token);
}

QCoro::Task<Result<NodePage>> InfrahubClient::list(QString kind, QueryOptions options, QString branch,
                                                   CancellationToken token) {
    QCoro::Task<Result<PageAnswer>> fetching =
        fetchPage(kind, std::move(options), std::move(branch), std::move(token));
    const Result<PageAnswer> answer = co_await fetching;
    if (!answer)
        co_return answer.error();
    QCoro::Task<Result<NodePage>> reading = readPageOnWorker(answer.value(), kind);
    co_return co_await reading;
}

QCoro::Task<Result<NodePage>> InfrahubClient::readPageOnWorker(PageAnswer answer, QString kind) {
    const QPointer<InfrahubClient> alive(this);
    QFuture<Result<NodePage>> reading =
        runOnPool<Result<NodePage>>(m_pageReaders, [answer = std::move(answer), kind = std::move(kind)] {
            return readPage(answer, kind);
        });
    Result<NodePage> page = co_await reading;
    // The client may have been destroyed meanwhile (its pool waited for the read): as for a request the
    // transport aborts then, the caller must not carry on with it.
    if (!alive)
        co_return InfrahubError::make(InfrahubError::Kind::Cancelled,
                                      QStringLiteral("The request was cancelled."));
    co_return page;
}

QCoro::Task<Result<InfrahubClient::PageAnswer>> InfrahubClient::fetchPage(QString kind, QueryOptions options,
                                                                          QString branch,
                                                                          CancellationToken token,
                                                                          std::optional<AsyncEvent> sent) {
    // However this ends (no schema, a query that cannot be rendered), nobody waits for the request after.
    const auto released = qScopeGuard([sent]() mutable {
        if (sent)
            sent->set();
    });
    const Result<std::shared_ptr<const SchemaSet>> schemaSet = co_await schema(branch, token);
    if (!schemaSet)
        co_return schemaSet.error();
    const Result<GraphQLRequest> request = QueryRenderer(*schemaSet.value()).list(kind, options);
    if (!request)
        co_return request.error();
    const Result<HttpAnswer> answer = co_await postGraphQL(
        request->query, request->variables, branch, request->operationName, RetrySafety::Safe, token, sent);
    if (!answer)
        co_return answer.error();
    co_return PageAnswer{schemaSet.value(), answer.value()};
}

Result<NodePage> InfrahubClient::readPage(const PageAnswer &answer, const QString &kind) {
    // The common case straight from the bytes; anything unusual through the general path, which words
    // every problem the same way for all queries.
    if (std::optional<Result<NodePage>> page = NodePageReader::read(answer.http.body, kind, answer.schema))
        return std::move(*page);
    const Result<QJsonObject> data = dataOf(answer.http);
    if (!data)
        return data.error();
    return NodePage::fromData(data.value(), kind, answer.schema);
}

QCoro::Task<Result<Node>> InfrahubClient::get(QString kind, NodeLookup lookup, QueryOptions options,
                                              QString branch, CancellationToken token) {
    const Result<std::shared_ptr<const SchemaSet>> schemaSet = co_await schema(branch, token);
    if (!schemaSet)
        co_return schemaSet.error();
    const std::shared_ptr<const SchemaSet> set = schemaSet.value();
    const Result<GraphQLRequest> request = QueryRenderer(*set).get(kind, lookup, options);
    if (!request)
        co_return request.error();
    const Result<QJsonObject> data = co_await execute(request.value(), branch, RetrySafety::Safe, token);
    if (!data)
        co_return data.error();
    const Result<NodePage> page = NodePage::fromData(data.value(), kind, set);
    if (!page)
        co_return page.error();
    const KindSchema *k = set->kind(kind);
    co_return page->single(kind, lookup.describe(k ? k->defaultFilter : QString()));
}

QCoro::Task<Result<int>> InfrahubClient::count(QString kind, QJsonObject filters, QString branch,
                                               CancellationToken token) {
    const Result<std::shared_ptr<const SchemaSet>> schemaSet = co_await schema(branch, token);
    if (!schemaSet)
        co_return schemaSet.error();
    const Result<GraphQLRequest> request = QueryRenderer(*schemaSet.value()).count(kind, filters);
    if (!request)
        co_return request.error();
    const Result<QJsonObject> data = co_await execute(request.value(), branch, RetrySafety::Safe, token);
    if (!data)
        co_return data.error();
    const QJsonValue value = data->value(kind).toObject().value(u"count");
    if (!value.isDouble())
        co_return InfrahubError::make(
            InfrahubError::Kind::Protocol,
            QStringLiteral("The count of %1 is missing from the answer.").arg(kind));
    co_return value.toInt();
}

QCoro::Task<Result<QList<Node>>> InfrahubClient::all(QString kind, QueryOptions options, Paging paging,
                                                     QString branch, CancellationToken token) {
    QList<Node> nodes;
    if (options.offset || options.limit) {
        const Result<NodePage> page = co_await list(kind, options, branch, token);
        if (!page)
            co_return page.error();
        co_return page->nodes;
    }
    const int pageSize = std::max(1, config().paginationSize);
    if (paging == Paging::Sequential) {
        std::optional<int> offset = 0;
        while (offset) {
            QueryOptions pageOptions = options;
            pageOptions.offset = *offset;
            pageOptions.limit = pageSize;
            Result<NodePage> page = co_await list(kind, pageOptions, branch, token);
            if (!page)
                co_return page.error();
            if (nodes.isEmpty())
                nodes.reserve(page->count); // one allocation for all rows, not a doubling per few pages
            nodes.append(std::move(page->nodes));
            offset = Pagination::nextOffset(page->count, *offset, pageSize);
        }
        co_return nodes;
    }
    const Result<int> total = co_await count(kind, options.filters, branch, token);
    if (!total)
        co_return total.error();
    // All pages at once: the transport's semaphore keeps at most maxConcurrentRequests on the wire. A
    // failed page cancels the others; every task is still awaited so none outlives this call.
    CancellationSource stop(token);
    std::vector<QCoro::Task<Result<NodePage>>> tasks;
    for (const int offset : Pagination::pageOffsets(total.value(), pageSize)) {
        QueryOptions pageOptions = options;
        pageOptions.offset = offset;
        pageOptions.limit = pageSize;
        tasks.push_back(list(kind, pageOptions, branch, stop.token()));
    }
    std::optional<InfrahubError> firstError;
    // One allocation for all rows: growing a list of 10,000 nodes by doubling moved them eight times, the
    // larger steps into freshly mapped memory. The pages' nodes are moved in, not copied.
    nodes.reserve(total.value());
    for (auto &task : tasks) {
        Result<NodePage> page = co_await task;
        if (!page) {
            if (!firstError)
                firstError = page.error();
            stop.cancel();
            continue;
        }
        if (!firstError)
            nodes.append(std::move(page->nodes));
    }
    if (firstError)
        co_return *firstError;
    co_return nodes;
}

QCoro::AsyncGenerator<Result<NodePage>> InfrahubClient::pages(QString kind, QueryOptions options,
                                                              QString branch, CancellationToken token,
                                                              Paging paging) {
    const int pageSize = std::max(1, config().paginationSize);
    const int firstOffset = options.offset.value_or(0);
    CancelOnExit stop(token); // destroyed with the generator's frame, also when the consumer stops early
    auto optionsAt = [&](int offset) {
        QueryOptions pageOptions = options;
        pageOptions.offset = offset;
        pageOptions.limit = options.limit.value_or(pageSize);
        return pageOptions;
    };
    auto fetchAt = [&](int offset, std::optional<AsyncEvent> sent = {}) {
        return fetchPage(kind, optionsAt(offset), branch, stop.token(), std::move(sent));
    };

    QCoro::Task<Result<PageAnswer>> firstTask = fetchAt(firstOffset);
    const Result<PageAnswer> firstAnswer = co_await firstTask;
    Result<NodePage> page =
        firstAnswer ? readPage(firstAnswer.value(), kind) : Result<NodePage>(firstAnswer.error());
    if (!page || options.limit) { // a caller-chosen page is exactly one request
        co_yield std::move(page);
        co_return;
    }
    if (paging == Paging::Sequential) {
        // One request on the wire at a time, but never a gap: as soon as a page's bytes are in, the next
        // page is asked for (by the count known so far), and only then is the page read and handed over.
        int offset = firstOffset;
        std::optional<int> next = Pagination::nextOffset(page->count, offset, pageSize);
        std::optional<QCoro::Task<Result<PageAnswer>>> ahead;
        std::optional<Result<PageAnswer>> unread; // the answer for `offset`, when not read yet
        while (true) {
            if (next && !ahead) {
                // The next request must be on the wire before this page is read or handed over, or the
                // server would wait for that: QNetworkAccessManager passes a request (and its body) to
                // its network thread through this thread's event loop. The wait is short (two thread
                // hand-overs) and bounded, for a connection that takes long to open.
                const AsyncEvent sent;
                ahead.emplace(fetchAt(*next, sent));
                QCoro::Task<WaitOutcome> dispatched = sent.wait(kDispatchWaitMs);
                co_await dispatched;
            }
            if (unread) {
                page = readPage(unread->value(), kind);
                unread.reset();
                if (!page) {
                    co_yield std::move(page);
                    co_return;
                }
                // The count changed while paging: follow the new one.
                const std::optional<int> expected = Pagination::nextOffset(page->count, offset, pageSize);
                if (expected && !next) {
                    next = expected;
                    continue; // asked for at the top, before this page is handed over
                }
                if (!expected && next) {
                    ahead.reset(); // aborted when the stream ends, right after this page
                    next.reset();
                }
            }
            const int knownCount = page->count;
            co_yield std::move(page);
            if (!ahead)
                co_return;
            Result<PageAnswer> answer = co_await *ahead;
            ahead.reset();
            offset = *next;
            if (!answer) {
                Result<NodePage> failed = answer.error();
                co_yield std::move(failed);
                co_return;
            }
            next = Pagination::nextOffset(knownCount, offset, pageSize);
            unread = std::move(answer);
        }
    }
    // Concurrent: the first page told the count; the transport's semaphore bounds the rest.
    std::vector<QCoro::Task<Result<NodePage>>> rest;
    for (std::optional<int> next = Pagination::nextOffset(page->count, firstOffset, pageSize); next;
         next = Pagination::nextOffset(page->count, *next, pageSize))
        rest.push_back(list(kind, optionsAt(*next), branch, stop.token()));
    co_yield std::move(page);
    for (QCoro::Task<Result<NodePage>> &task : rest) {
        Result<NodePage> later = co_await task;
        const bool failed = !later;
        co_yield std::move(later);
        if (failed)
            co_return;
    }
}

QCoro::Task<Result<MutationResult>> InfrahubClient::mutate(Result<GraphQLRequest> request, QString field,
                                                           QString branch, RetrySafety safety,
                                                           CancellationToken token) {
    if (!request)
        co_return request.error();
    const Result<QJsonObject> data = co_await execute(request.value(), branch, safety, token);
    if (!data)
        co_return data.error();
    co_return MutationResult::fromData(data.value(), field);
}

QCoro::Task<Result<MutationResult>> InfrahubClient::mutateWithSchema(MutationRenderer::Render render,
                                                                     QString field, QString branch,
                                                                     RetrySafety safety,
                                                                     CancellationToken token) {
    const Result<std::shared_ptr<const SchemaSet>> schemaSet = co_await schema(branch, token);
    if (!schemaSet)
        co_return schemaSet.error();
    // `render` is an ordinary function called synchronously here, never a coroutine: safe to capture.
    co_return co_await mutate(render(MutationRenderer(*schemaSet.value())), field, branch, safety, token);
}

QCoro::Task<Result<MutationResult>> InfrahubClient::create(QString kind, NodeData data,
                                                           MutationOptions options, QString branch,
                                                           CancellationToken token) {
    const MutationRenderer::Render render = [=](const MutationRenderer &r) {
        return r.create(kind, data, options);
    };
    // A create that may have reached the server is not repeated: it could make a duplicate.
    co_return co_await mutateWithSchema(render, kind + QStringLiteral("Create"), branch,
                                        RetrySafety::UnsafeCheckFirst, token);
}

QCoro::Task<Result<MutationResult>> InfrahubClient::update(QString kind, NodeData data,
                                                           MutationOptions options, QString branch,
                                                           CancellationToken token) {
    const MutationRenderer::Render render = [=](const MutationRenderer &r) {
        return r.update(kind, data, options);
    };
    co_return co_await mutateWithSchema(render, kind + QStringLiteral("Update"), branch, RetrySafety::Safe,
                                        token);
}

QCoro::Task<Result<MutationResult>> InfrahubClient::upsert(QString kind, NodeData data,
                                                           MutationOptions options, QString branch,
                                                           CancellationToken token) {
    const MutationRenderer::Render render = [=](const MutationRenderer &r) {
        return r.upsert(kind, data, options);
    };
    co_return co_await mutateWithSchema(render, kind + QStringLiteral("Upsert"), branch, RetrySafety::Safe,
                                        token);
}

QCoro::Task<Result<MutationResult>> InfrahubClient::remove(QString kind, NodeLookup target, QString branch,
                                                           CancellationToken token) {
    const MutationRenderer::Render render = [=](const MutationRenderer &r) {
        return r.remove(kind, target);
    };
    co_return co_await mutateWithSchema(render, kind + QStringLiteral("Delete"), branch, RetrySafety::Safe,
                                        token);
}

QCoro::Task<Result<MutationResult>>
InfrahubClient::addRelationshipPeers(QString kind, QString nodeId, QString relationship,
                                     QList<RelatedNode> peers, QString branch, CancellationToken token) {
    const MutationRenderer::Render render = [=](const MutationRenderer &r) {
        return r.relationshipAdd(kind, nodeId, relationship, peers);
    };
    co_return co_await mutateWithSchema(render, QStringLiteral("RelationshipAdd"), branch, RetrySafety::Safe,
                                        token);
}

QCoro::Task<Result<MutationResult>>
InfrahubClient::removeRelationshipPeers(QString kind, QString nodeId, QString relationship,
                                        QList<RelatedNode> peers, QString branch, CancellationToken token) {
    const MutationRenderer::Render render = [=](const MutationRenderer &r) {
        return r.relationshipRemove(kind, nodeId, relationship, peers);
    };
    co_return co_await mutateWithSchema(render, QStringLiteral("RelationshipRemove"), branch,
                                        RetrySafety::Safe, token);
}

QCoro::Task<Result<QList<BranchInfo>>> InfrahubClient::branches(CancellationToken token) {
    const Result<QJsonObject> data = co_await execute(BranchRequests::list(), {}, RetrySafety::Safe, token);
    if (!data)
        co_return data.error();
    co_return BranchInfo::listFromData(data.value());
}

QCoro::Task<Result<BranchInfo>> InfrahubClient::branchMutation(Result<GraphQLRequest> request, QString field,
                                                               RetrySafety safety, CancellationToken token) {
    const Result<MutationResult> result = co_await mutate(std::move(request), field, {}, safety, token);
    if (!result)
        co_return result.error();
    co_return BranchInfo::fromJson(result->object);
}

QCoro::Task<Result<BranchInfo>> InfrahubClient::createBranch(BranchCreateOptions options,
                                                             CancellationToken token) {
    co_return co_await branchMutation(BranchRequests::create(options), QStringLiteral("BranchCreate"),
                                      RetrySafety::UnsafeCheckFirst, token);
}

QCoro::Task<Result<bool>> InfrahubClient::deleteBranch(QString name, CancellationToken token) {
    const Result<MutationResult> result = co_await mutate(
        BranchRequests::remove(name), QStringLiteral("BranchDelete"), {}, RetrySafety::Safe, token);
    if (!result)
        co_return result.error();
    co_return result->ok;
}

QCoro::Task<Result<BranchInfo>> InfrahubClient::mergeBranch(QString name, CancellationToken token) {
    // Merging twice is not harmless on a real server: never repeated after an ambiguous failure.
    co_return co_await branchMutation(BranchRequests::merge(name), QStringLiteral("BranchMerge"),
                                      RetrySafety::UnsafeCheckFirst, token);
}

QCoro::Task<Result<BranchInfo>> InfrahubClient::rebaseBranch(QString name, CancellationToken token) {
    co_return co_await branchMutation(BranchRequests::rebase(name), QStringLiteral("BranchRebase"),
                                      RetrySafety::Safe, token);
}

QCoro::Task<Result<BranchDiff>> InfrahubClient::branchDiff(QString branch, CancellationToken token) {
    // Recomputing a diff is idempotent, so both requests may be retried.
    const Result<MutationResult> updated = co_await mutate(
        BranchDiffRequests::update(branch), QStringLiteral("DiffUpdate"), {}, RetrySafety::Safe, token);
    if (!updated)
        co_return updated.error();
    const Result<GraphQLRequest> request = BranchDiffRequests::tree(branch);
    if (!request)
        co_return request.error();
    const Result<QJsonObject> data = co_await execute(request.value(), {}, RetrySafety::Safe, token);
    if (!data)
        co_return data.error();
    co_return BranchDiff::fromData(data.value(), branch);
}

} // namespace infrahub
