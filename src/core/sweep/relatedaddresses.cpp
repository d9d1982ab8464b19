#include "relatedaddresses.h"

#include "client/infrahubclient.h"
#include "concurrency/cancellationtoken.h"

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

    QStringList addressKinds;
    for (const KindSchema *k : schema->nodes())
        for (const AttributeSchema &a : k->attributes)
            if (a.kind == u"IPHost") {
                addressKinds.append(k->kind);
                break;
            }
    auto pointsAtAddress = [&](const RelationshipSchema &r) {
        return std::any_of(addressKinds.cbegin(), addressKinds.cend(),
                           [&](const QString &a) { return schema->isKindOf(a, r.peer); });
    };

    RelatedAddresses out;
    QSet<QString> seen;
    QJsonArray idList;
    for (const QString &id : std::as_const(ids))
        idList.append(id);
    for (const KindSchema *member : schema->nodes()) {
        const RelationshipSchema *owner = nullptr;
        const RelationshipSchema *address = nullptr;
        for (const RelationshipSchema &r : member->relationships) {
            if (r.isMany())
                continue;
            if (!owner && schema->isKindOf(kind, r.peer))
                owner = &r;
            else if (!address && pointsAtAddress(r))
                address = &r;
        }
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
                const QString host = peer.displayLabel.section(u'/', 0, 0).trimmed();
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
