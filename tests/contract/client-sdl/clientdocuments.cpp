#include "clientdocuments.h"

#include "core/backup/backuptargets.h"
#include "core/query/apiexposure.h"
#include "core/query/branchdiff.h"
#include "core/query/branchrequests.h"
#include "core/query/filtercatalog.h"
#include "core/query/mutationrenderer.h"
#include "core/query/queryrenderer.h"
#include "core/query/serverinforequest.h"

#include <QJsonArray>
#include <QJsonObject>

namespace infrahub::contract {

namespace {

const QString kSampleId = QStringLiteral("1799f647-203c-cd41-3409-c51d55097213");
const QString kPeerId = QStringLiteral("1799f646-fa2c-29d0-3406-c5101365ec3a");
// Unsafe text: quotes, a brace, a backslash, a newline, a comment and non-ASCII characters.
const QString kUnsafe = QStringLiteral("it's \"x\") { y } # \\ \n Zürich ✓");

// A value for a filter of `type`; `unsafe` strings must become variables.
QJsonValue sampleFilterValue(const GraphQLInputType &type, bool unsafe) {
    QJsonValue item;
    const QString &n = type.name;
    if (n == u"Boolean")
        item = true;
    else if (n == u"BigInt" || n == u"Int")
        item = 42;
    else if (n == u"ID")
        item = kSampleId;
    else if (n == u"DateTime")
        item = QStringLiteral("2024-05-01T10:00:00+00:00");
    else if (n == u"GenericScalar")
        item = unsafe ? QJsonValue(QJsonObject{{QStringLiteral("key"), QJsonArray{1, QStringLiteral("two")}}})
                      : QJsonValue(QStringLiteral("plain"));
    else
        item = unsafe ? kUnsafe : QStringLiteral("atl1");
    if (type.list)
        return QJsonArray{item, n == u"Boolean" ? QJsonValue(false) : item};
    return item;
}

QStringList sampleHfid(const KindSchema &kind) {
    QStringList out;
    for (qsizetype i = 0; i < kind.humanFriendlyId.size(); ++i)
        out.append(i % 2 ? kUnsafe : QStringLiteral("part-%1").arg(i));
    return out;
}

// Peers for a relationship: by id, and (where the input allows it) by hfid with the kind.
QList<RelatedNode> samplePeers(const SchemaSet &schema, const RelationshipSchema &r) {
    QList<RelatedNode> peers{RelatedNode::fromId(kPeerId)};
    if (r.isMany() && MutationRenderer::relatedInputType(schema, r) != u"RelatedIPAddressNodeInput")
        peers.append(RelatedNode::fromHfid({QStringLiteral("peer"), kUnsafe}, r.peer));
    return peers;
}

NodeData fullData(const SchemaSet &schema, const KindSchema &kind, bool unsafe) {
    NodeData data;
    for (const AttributeSchema &a : kind.attributes)
        if (!a.readOnly && isExposedAttribute(a))
            data.attributes.insert(a.name, sampleAttributeValue(a, unsafe));
    for (const RelationshipSchema &r : kind.relationships)
        if (!r.readOnly && exposedPeer(schema, r))
            data.relationships.insert(r.name, samplePeers(schema, r));
    return data;
}

} // namespace

QJsonValue sampleAttributeValue(const AttributeSchema &a, bool unsafe) {
    const QString &k = a.kind;
    if (k == u"Number" || k == u"NumberPool")
        return 1500;
    if (k == u"Bandwidth")
        return 1000;
    if (k == u"Boolean" || k == u"Checkbox")
        return true;
    if (k == u"JSON")
        return QJsonObject{{QStringLiteral("key"), QJsonArray{QStringLiteral("v"), 1}}};
    if (k == u"List")
        return QJsonArray{QStringLiteral("a"), QStringLiteral("b")};
    if (k == u"Dropdown" && !a.choices.isEmpty())
        return a.choices.first().name;
    if (!a.enumValues.isEmpty())
        return a.enumValues.first();
    if (k == u"IPHost")
        return QStringLiteral("192.0.2.10/24");
    if (k == u"IPNetwork")
        return QStringLiteral("192.0.2.0/24");
    if (k == u"MacAddress")
        return QStringLiteral("00:11:22:33:44:55");
    if (k == u"DateTime")
        return QStringLiteral("2024-05-01T10:00:00+00:00");
    return unsafe ? kUnsafe : QStringLiteral("sample-%1").arg(a.name);
}

ClientDocumentCorpus renderClientDocuments(const SchemaSet &schema) {
    ClientDocumentCorpus corpus;
    const QueryRenderer queries(schema);
    const MutationRenderer mutations(schema);
    auto add = [&corpus](const QString &kind, const QString &what, const Result<GraphQLRequest> &r) {
        const QString name = kind.isEmpty() ? what : kind + QLatin1Char('/') + what;
        if (r)
            corpus.documents.append({name, kind, r.value()});
        else
            corpus.failures.append(name + QStringLiteral(": ") + r.error().message);
    };

    for (const KindSchema &kind : schema.kinds()) {
        if (!exposedKind(schema, kind.kind))
            continue;
        const QString &k = kind.kind;
        add(k, QStringLiteral("list-default"), queries.list(k));

        QueryOptions metadata;
        metadata.selection.withMetadata = true;
        metadata.offset = 100;
        metadata.limit = 50;
        add(k, QStringLiteral("list-metadata"), queries.list(k, metadata));

        QueryOptions everything;
        everything.selection.dropdownDetails = false;
        everything.selection.concreteFragments = true;
        for (const RelationshipSchema &r : kind.relationships)
            if (exposedPeer(schema, r))
                everything.selection.include.append(r.name);
        add(k, QStringLiteral("list-all-relationships"), queries.list(k, everything));

        // Every filter of the kind at once, alternating safe and unsafe values.
        const FilterCatalog catalog = FilterCatalog::forKind(schema, kind);
        QueryOptions filtered;
        filtered.limit = 50;
        filtered.offset = 50;
        filtered.orderDisabled = true;
        const QStringList filterNames = catalog.names();
        for (qsizetype i = 0; i < filterNames.size(); ++i)
            filtered.filters.insert(filterNames.at(i),
                                    sampleFilterValue(*catalog.type(filterNames.at(i)), i % 2));
        add(k, QStringLiteral("list-filters"), queries.list(k, filtered));

        // What Ctrl+K sends (GlobalSearch): any__value, partial match, a few hits, only the first attribute.
        if (!kind.attributes.isEmpty()) {
            QueryOptions search;
            search.filters =
                QJsonObject{{QStringLiteral("any__value"), kUnsafe}, {QStringLiteral("partial_match"), true}};
            search.limit = 8;
            search.selection.fields = {kind.attributes.constFirst().name};
            search.selection.dropdownDetails = false;
            add(k, QStringLiteral("global-search"), queries.list(k, search));
        }

        add(k, QStringLiteral("count"), queries.count(k));
        QJsonObject countFilter{{QStringLiteral("partial_match"), true},
                                {QStringLiteral("any__value"), kUnsafe}};
        add(k, QStringLiteral("count-filters"), queries.count(k, countFilter));

        add(k, QStringLiteral("get-id"), queries.get(k, NodeLookup::byId(kSampleId)));
        if (!kind.humanFriendlyId.isEmpty())
            add(k, QStringLiteral("get-hfid"), queries.get(k, NodeLookup::byHfid(sampleHfid(kind))));
        if (!kind.defaultFilter.isEmpty() && catalog.contains(kind.defaultFilter))
            add(k, QStringLiteral("get-default-filter"),
                queries.get(k, NodeLookup::byDefaultFilter(
                                   sampleFilterValue(*catalog.type(kind.defaultFilter), true))));

        const NodeData safe = fullData(schema, kind, false);
        const NodeData unsafe = fullData(schema, kind, true);
        const bool updatable = !kind.attributes.isEmpty() || !kind.relationships.isEmpty();
        if (kind.isGeneric()) {
            if (updatable) {
                NodeData update = unsafe;
                update.id = kSampleId;
                add(k, QStringLiteral("update"), mutations.update(k, update));
            }
            continue;
        }
        MutationOptions full;
        full.returnFullObject = true;
        full.selection.withMetadata = true;
        add(k, QStringLiteral("create"), mutations.create(k, safe));
        add(k, QStringLiteral("create-unsafe-full-object"), mutations.create(k, unsafe, full));
        if (updatable) {
            NodeData update = unsafe;
            update.id = kSampleId;
            add(k, QStringLiteral("update"), mutations.update(k, update));
            if (!kind.humanFriendlyId.isEmpty()) {
                NodeData byHfid;
                byHfid.hfid = sampleHfid(kind);
                if (!kind.attributes.isEmpty()) {
                    const AttributeSchema &a = kind.attributes.first();
                    if (!a.readOnly)
                        byHfid.attributes.insert(a.name, sampleAttributeValue(a, true));
                }
                for (const RelationshipSchema &r : kind.relationships)
                    if (!r.readOnly && exposedPeer(schema, r) && r.optional) {
                        byHfid.relationships.insert(r.name, {}); // clears it
                        break;
                    }
                if (!byHfid.isEmpty())
                    add(k, QStringLiteral("update-hfid"), mutations.update(k, byHfid, full));
            }
        }
        add(k, QStringLiteral("upsert"), mutations.upsert(k, unsafe));
        add(k, QStringLiteral("delete-id"), mutations.remove(k, NodeLookup::byId(kSampleId)));
        if (!kind.humanFriendlyId.isEmpty())
            add(k, QStringLiteral("delete-hfid"), mutations.remove(k, NodeLookup::byHfid(sampleHfid(kind))));
        for (const RelationshipSchema &r : kind.relationships) {
            if (!r.isMany() || r.readOnly || !exposedPeer(schema, r))
                continue;
            const QList<RelatedNode> peers{RelatedNode::fromId(kPeerId),
                                           RelatedNode::fromHfid({kUnsafe}, r.peer)};
            add(k, QStringLiteral("relationship-add-") + r.name,
                mutations.relationshipAdd(k, kSampleId, r.name, peers));
            add(k, QStringLiteral("relationship-remove-") + r.name,
                mutations.relationshipRemove(k, kSampleId, r.name, peers));
        }
    }

    add({}, QStringLiteral("branch-list"), BranchRequests::list());
    add({}, QStringLiteral("branch-get"), BranchRequests::get(QStringLiteral("feature/new-site")));
    BranchCreateOptions branch;
    branch.name = QStringLiteral("feature/new-site");
    add({}, QStringLiteral("branch-create"), BranchRequests::create(branch));
    branch.description = kUnsafe;
    branch.originBranch = QStringLiteral("main");
    branch.syncWithGit = true;
    branch.waitUntilCompletion = false;
    add({}, QStringLiteral("branch-create-full"), BranchRequests::create(branch));
    add({}, QStringLiteral("branch-delete"), BranchRequests::remove(branch.name));
    add({}, QStringLiteral("branch-merge"), BranchRequests::merge(branch.name));
    add({}, QStringLiteral("branch-rebase"), BranchRequests::rebase(branch.name));
    add({}, QStringLiteral("branch-validate"), BranchRequests::validate(branch.name));
    add({}, QStringLiteral("server-info"), serverInfoRequest());
    add({}, QStringLiteral("diff-update"), BranchDiffRequests::update(branch.name));
    add({}, QStringLiteral("diff-tree"), BranchDiffRequests::tree(branch.name));

    // What the backup targets read (BackupTargets::load): devices by id, name, site and tag, the selected
    // sites, tags, platforms and addresses.
    const QList<QPair<QString, QueryOptions>> backupQueries = BackupTargets::queryShapes(schema);
    for (qsizetype i = 0; i < backupQueries.size(); ++i)
        add(backupQueries.at(i).first, QStringLiteral("backup-targets-%1").arg(i),
            queries.list(backupQueries.at(i).first, backupQueries.at(i).second));
    add({}, QStringLiteral("diff-tree-unsafe-name"), BranchDiffRequests::tree(kUnsafe));
    return corpus;
}

} // namespace infrahub::contract
