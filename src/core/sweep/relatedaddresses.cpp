#include "relatedaddresses.h"

#include "client/infrahubclient.h"
#include "concurrency/cancellationtoken.h"
#include "schema/addressrelationships.h"

#include <QJsonArray>
#include <QSet>

namespace infrahub {

QCoro::Task<Result<RelatedAddresses>> RelatedAddresses::load(InfrahubClient *client, QString kind,
                                                             QStringList ids, QString branch,
                                                             CancellationToken token) {
    QCoro::Task<Result<std::shared_ptr<const SchemaSet>>> fetchingSchema = client->schema(branch, token);
    const Result<std::shared_ptr<const SchemaSet>> schemaResult = co_await fetchingSchema;
    if (!schemaResult)
        co_return schemaResult.error();
    const std::shared_ptr<const SchemaSet> schema = schemaResult.value();

    const QStringList addressKinds = addressrelationships::addressKinds(*schema);
    RelatedAddresses out;
    QSet<QString> seen;
    QJsonArray idList;
    for (const QString &id : std::as_const(ids))
        idList.append(id);
    for (const KindSchema *member : schema->nodes()) {
        const RelationshipSchema *owner = addressrelationships::relationshipTo(*schema, *member, kind);
        const RelationshipSchema *address =
            addressrelationships::addressRelationship(*schema, *member, addressKinds, owner);
        if (!owner || !address)
            continue;
        QueryOptions options;
        options.selection.fields = {address->name};
        options.filters.insert(owner->name + QStringLiteral("__ids"), idList);
        QCoro::Task<Result<QList<Node>>> listing =
            client->all(member->kind, options, InfrahubClient::Paging::Concurrent, branch, token);
        const Result<QList<Node>> members = co_await listing;
        if (!members)
            co_return members.error();
        int found = 0;
        for (const Node &n : members.value())
            for (const RelatedNode &peer : n.peers(address->name)) {
                // The peer's display label is its address value ("10.0.0.5/24"); the host is before the /.
                const QString host = addressrelationships::hostOf(peer.displayLabel);
                if (host.isEmpty() || seen.contains(host))
                    continue;
                seen.insert(host);
                out.hosts.append(host);
                ++found;
            }
        if (found)
            out.sources.append(QStringLiteral("%1.%2 (%3)").arg(member->kind, address->name).arg(found));
    }
    co_return out;
}

} // namespace infrahub
