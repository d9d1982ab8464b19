#include "queryresolver.h"

#include "ipattributevalue.h"

#include <QCryptographicHash>
#include <QUuid>

namespace infrahub::sandbox {

namespace {

const QString kTypename = QStringLiteral("__typename");

QList<const gql::SelectionSet *> subOf(const FieldGroup &field) {
    return field.subSelections();
}

// Attributes carry their own ids in Infrahub; the sandbox derives a stable one from node id + name.
QString attributeId(const QString &nodeId, const QString &attributeName) {
    const QByteArray digest = QCryptographicHash::hash(
        QString(nodeId + QLatin1Char('.') + attributeName).toUtf8(), QCryptographicHash::Md5);
    return QUuid::fromRfc4122(digest).toString(QUuid::WithoutBraces);
}

// A node's hfid as JSON text (null when the kind has none), written directly: going through
// QJsonArray and QJsonDocument cost more than the rest of a related node's fields.
QByteArray hfidJson(const QStringList &hfid) {
    if (hfid.isEmpty())
        return kJsonNull;
    QByteArray out;
    for (const QString &part : hfid) {
        out += out.isEmpty() ? '[' : ',';
        appendJsonString(out, part);
    }
    out += ']';
    return out;
}

} // namespace

QString attributeTypeName(const QString &kind) {
    static const QHash<QString, QString> names{
        {QStringLiteral("Text"), QStringLiteral("TextAttribute")},
        {QStringLiteral("TextArea"), QStringLiteral("TextAttribute")},
        {QStringLiteral("DateTime"), QStringLiteral("TextAttribute")},
        {QStringLiteral("Email"), QStringLiteral("TextAttribute")},
        {QStringLiteral("Password"), QStringLiteral("TextAttribute")},
        {QStringLiteral("HashedPassword"), QStringLiteral("TextAttribute")},
        {QStringLiteral("URL"), QStringLiteral("TextAttribute")},
        {QStringLiteral("File"), QStringLiteral("TextAttribute")},
        {QStringLiteral("Color"), QStringLiteral("TextAttribute")},
        {QStringLiteral("ID"), QStringLiteral("TextAttribute")},
        {QStringLiteral("MacAddress"), QStringLiteral("MacAddress")},
        {QStringLiteral("Number"), QStringLiteral("NumberAttribute")},
        {QStringLiteral("Bandwidth"), QStringLiteral("NumberAttribute")},
        {QStringLiteral("NumberPool"), QStringLiteral("NumberAttribute")},
        {QStringLiteral("Boolean"), QStringLiteral("CheckboxAttribute")},
        {QStringLiteral("Checkbox"), QStringLiteral("CheckboxAttribute")},
        {QStringLiteral("Dropdown"), QStringLiteral("Dropdown")},
        {QStringLiteral("IPHost"), QStringLiteral("IPHost")},
        {QStringLiteral("IPNetwork"), QStringLiteral("IPNetwork")},
        {QStringLiteral("JSON"), QStringLiteral("JSONAttribute")},
        {QStringLiteral("List"), QStringLiteral("ListAttribute")},
        {QStringLiteral("Any"), QStringLiteral("AnyAttribute")},
    };
    return names.value(kind, QStringLiteral("TextAttribute"));
}

QueryResolver::QueryResolver(ExecutionContext &context)
    : m_context(context) {}

QStringList QueryResolver::nodeInterfaces(const QString &kind) const {
    QStringList out;
    if (const KindSchema *k = m_context.schema().kind(kind))
        out = k->inheritFrom;
    out.append(QStringLiteral("CoreNode"));
    return out;
}

QByteArray QueryResolver::resolveQueryField(const FieldGroup &field) {
    if (field.name == kTypename)
        return jsonText(QStringLiteral("Query"));
    if (field.name == u"InfrahubInfo")
        return resolveInfo(field);
    if (field.name == u"Branch") {
        const QJsonValue idsArg = m_context.argument(field.first(), QStringLiteral("ids"));
        const QJsonValue nameArg = m_context.argument(field.first(), QStringLiteral("name"));
        JsonArrayWriter out;
        for (const BranchState *b : m_context.store().branches()) {
            if (idsArg.isArray() && !idsArg.toArray().contains(b->info.id))
                continue;
            if (nameArg.isString() && nameArg.toString() != b->info.name)
                continue;
            out.appendRaw(resolveBranch(*b, subOf(field)));
        }
        return out.finish();
    }
    const KindSchema *kind = m_context.schema().kind(field.name);
    // Profile kinds are listed like any other (the sandbox stores no profile objects, so they are empty).
    if (!kind || kind->type == SchemaKindType::Template)
        throw FieldFailure{
            {QStringLiteral("The sandbox does not implement the query field '%1'.").arg(field.name),
             QStringLiteral("UNDEFINED_ERROR"), 501}};
    return resolveKindList(*kind, field);
}

QByteArray QueryResolver::resolveKindList(const KindSchema &kind, const FieldGroup &field) {
    const NodeFilter filter = NodeFilter::fromField(m_context, field.first(), kind);
    const BranchState &branch = m_context.branch();
    const std::shared_ptr<const QStringList> ordered = m_context.store().orderedIds(branch, kind.kind);

    // Without conditions the count and the page come straight from the ordered id list; with them, one
    // pass finds the matches (count needs all of them anyway).
    const QStringList *candidates = ordered.get();
    QStringList matching;
    if (filter.hasConditions()) {
        const QStringList &source = *ordered;
        if (filter.ids && filter.ids->size() < 64) {
            for (const QString &id : source)
                if (filter.ids->contains(id)) {
                    const NodeRef n = branch.nodes.value(id);
                    if (n && filter.matches(m_context.store(), branch, *n))
                        matching.append(id);
                }
        } else {
            for (const QString &id : source) {
                const NodeRef n = branch.nodes.value(id);
                if (n && filter.matches(m_context.store(), branch, *n))
                    matching.append(id);
            }
        }
        candidates = &matching;
    }
    const qint64 total = candidates->size();
    const qint64 offset = qBound<qint64>(0, filter.offset.value_or(0), total);
    const qint64 limit = filter.limit && *filter.limit >= 0 ? *filter.limit : total;
    const qint64 end = std::min(total, offset + limit);

    JsonObjectWriter out;
    const QString wrapper = QStringLiteral("Paginated") + kind.kind;
    for (const FieldGroup &f : m_context.collectFields(subOf(field), wrapper, {})) {
        if (f.name == kTypename) {
            out.insertString(f.responseKey, wrapper);
        } else if (f.name == u"count") {
            out.insert(f.responseKey, total);
        } else if (f.name == u"permissions") {
            out.insert(f.responseKey, resolvePermissions(kind.kind, f));
        } else if (f.name == u"edges") {
            JsonArrayWriter edges;
            const QString edgeType = QStringLiteral("Edged") + kind.kind;
            const QList<FieldGroup> edgeFields = m_context.collectFields(subOf(f), edgeType, {});
            for (qint64 i = offset; i < end; ++i) {
                const NodeRef n = branch.nodes.value(candidates->at(i));
                JsonObjectWriter edge;
                for (const FieldGroup &ef : edgeFields) {
                    if (ef.name == kTypename)
                        edge.insertString(ef.responseKey, edgeType);
                    else if (ef.name == u"node")
                        edge.insert(ef.responseKey, resolveNode(*n, subOf(ef)));
                }
                edges.appendRaw(edge.finish());
            }
            out.insert(f.responseKey, edges.finish());
        }
    }
    return out.finish();
}

QByteArray QueryResolver::resolveNode(const NodeRecord &node,
                                      const QList<const gql::SelectionSet *> &selections) {
    const KindSchema *kind = m_context.schema().kind(node.kind);
    JsonObjectWriter out;
    if (!kind)
        return out.finish();
    const BranchState &branch = m_context.branch();
    for (const FieldGroup &f : m_context.collectFields(selections, node.kind, nodeInterfaces(node.kind))) {
        const QString &name = f.name;
        if (name == u"id") {
            out.insertString(f.responseKey, node.id);
        } else if (name == kTypename) {
            out.insertString(f.responseKey, node.kind);
        } else if (name == u"display_label") {
            out.insertString(f.responseKey, m_context.store().displayLabel(branch, node));
        } else if (name == u"hfid") {
            out.insertRaw(f.responseKey, hfidJson(m_context.store().hfid(branch, node)));
        } else if (const AttributeSchema *a = kind->attribute(name)) {
            out.insert(f.responseKey, resolveAttribute(node, *a, f));
        } else if (const RelationshipSchema *r = kind->relationship(name)) {
            out.insert(f.responseKey, r->isMany() ? resolveRelationshipMany(node, *r, f)
                                                  : resolveRelationshipOne(node, *r, f));
        } else if (name == u"ancestors" || name == u"descendants") {
            out.insert(f.responseKey, resolveHierarchy(node, name, f));
        } else {
            out.insert(f.responseKey, QJsonValue::Null);
        }
    }
    return out.finish();
}

QByteArray QueryResolver::resolveAttribute(const NodeRecord &node, const AttributeSchema &attribute,
                                           const FieldGroup &field) {
    const AttributeValue stored = node.attributes.value(attribute.name);
    const QJsonValue value = stored.value.isUndefined() ? QJsonValue(QJsonValue::Null) : stored.value;
    const QString typeName = attributeTypeName(attribute.kind);
    const DropdownChoice *choice =
        attribute.kind == u"Dropdown" && value.isString() ? attribute.choice(value.toString()) : nullptr;
    std::optional<IpAttributeValue> ip;
    if ((attribute.kind == u"IPHost" || attribute.kind == u"IPNetwork") && value.isString())
        ip = IpAttributeValue::parse(value.toString(), attribute.kind == u"IPNetwork");

    JsonObjectWriter out;
    for (const FieldGroup &f :
         m_context.collectFields(subOf(field), typeName, {QStringLiteral("AttributeInterface")})) {
        const QString &name = f.name;
        QJsonValue v = QJsonValue::Null;
        if (name == u"value")
            v = value;
        else if (name == kTypename)
            v = typeName;
        else if (name == u"id")
            v = attributeId(node.id, attribute.name);
        else if (name == u"label")
            v = choice ? QJsonValue(choice->label) : QJsonValue(QJsonValue::Null);
        else if (name == u"color")
            v = choice ? QJsonValue(choice->color) : QJsonValue(QJsonValue::Null);
        else if (name == u"description")
            v = choice ? QJsonValue(choice->description) : QJsonValue(QJsonValue::Null);
        else if (name == u"is_default")
            v = stored.isDefault;
        else if (name == u"is_protected")
            v = stored.isProtected;
        else if (name == u"is_visible")
            v = true;
        else if (name == u"is_from_profile" || name == u"is_inherited")
            v = false;
        else if (name == u"updated_at")
            v = stored.updatedAt.isEmpty() ? QJsonValue(node.updatedAt) : QJsonValue(stored.updatedAt);
        else if (name == u"source" || name == u"owner") {
            out.insert(f.responseKey,
                       resolveLineage(name == u"source" ? stored.sourceId : stored.ownerId, f));
            continue;
        } else if (name == u"permissions")
            v = QJsonObject{{QStringLiteral("update_value"), QStringLiteral("ALLOW")}};
        else if (ip)
            v = ip->field(name).isUndefined() ? QJsonValue(QJsonValue::Null) : ip->field(name);
        out.insert(f.responseKey, v);
    }
    return out.finish();
}

QByteArray QueryResolver::resolveLineage(const QString &id, const FieldGroup &field) {
    if (id.isEmpty())
        return kJsonNull;
    const NodeRef n = m_context.store().node(m_context.branch(), id);
    return n ? resolveNode(*n, subOf(field)) : kJsonNull;
}

QByteArray QueryResolver::resolveEdgeProperties(const RelationshipEdge *edge, const FieldGroup &field) {
    JsonObjectWriter out;
    for (const FieldGroup &f :
         m_context.collectFields(subOf(field), QStringLiteral("RelationshipProperty"), {})) {
        const QString &name = f.name;
        if (name == kTypename)
            out.insert(f.responseKey, QStringLiteral("RelationshipProperty"));
        else if (name == u"is_visible")
            out.insert(f.responseKey, true);
        else if (name == u"is_protected")
            out.insert(f.responseKey, edge && edge->isProtected);
        else if (name == u"updated_at")
            out.insert(f.responseKey, edge ? QJsonValue(edge->updatedAt) : QJsonValue(QJsonValue::Null));
        else if (name == u"source")
            out.insert(f.responseKey, resolveLineage(edge ? edge->sourceId : QString(), f));
        else if (name == u"owner")
            out.insert(f.responseKey, resolveLineage(edge ? edge->ownerId : QString(), f));
        else
            out.insert(f.responseKey, QJsonValue::Null);
    }
    return out.finish();
}

QByteArray QueryResolver::resolveRelationshipOne(const NodeRecord &node, const RelationshipSchema &rel,
                                                 const FieldGroup &field) {
    const QList<RelationshipEdge> edges = node.relationships.value(rel.name);
    const NodeRef peer =
        edges.isEmpty() ? NodeRef() : m_context.store().node(m_context.branch(), edges.constFirst().peerId);
    if (!peer)
        return kJsonNull; // an unset cardinality-one relationship is null, as on Infrahub
    const QString edgeType = QStringLiteral("NestedEdged") + rel.peer;
    JsonObjectWriter out;
    for (const FieldGroup &f : m_context.collectFields(subOf(field), edgeType, {})) {
        if (f.name == kTypename)
            out.insertString(f.responseKey, edgeType);
        else if (f.name == u"node")
            out.insert(f.responseKey, resolveNode(*peer, subOf(f)));
        else if (f.name == u"properties")
            out.insert(f.responseKey, resolveEdgeProperties(&edges.constFirst(), f));
        else if (f.name == u"_updated_at")
            out.insert(f.responseKey, edges.constFirst().updatedAt);
    }
    return out.finish();
}

QByteArray QueryResolver::resolveRelationshipMany(const NodeRecord &node, const RelationshipSchema &rel,
                                                  const FieldGroup &field) {
    QStringList ids;
    QHash<QString, RelationshipEdge> edges;
    for (const RelationshipEdge &e : node.relationships.value(rel.name)) {
        ids.append(e.peerId);
        edges.insert(e.peerId, e);
    }
    return resolvePeerList(ids, edges, rel.peer, field);
}

QByteArray QueryResolver::resolvePeerList(const QStringList &peerIds,
                                          const QHash<QString, RelationshipEdge> &edges,
                                          const QString &peerKind, const FieldGroup &field) {
    const BranchState &branch = m_context.branch();
    const KindSchema *peerSchema = m_context.schema().kind(peerKind);
    const NodeFilter filter =
        peerSchema ? NodeFilter::fromField(m_context, field.first(), *peerSchema) : NodeFilter();
    // Peers are listed in the peer kind's order, like a top-level list of that kind.
    std::vector<std::pair<QList<QJsonValue>, NodeRef>> peers;
    const QStringList orderBy = peerSchema ? peerSchema->orderBy : QStringList();
    for (const QString &id : peerIds) {
        const NodeRef n = branch.nodes.value(id);
        if (!n || (filter.hasConditions() && !filter.matches(m_context.store(), branch, *n)))
            continue;
        QList<QJsonValue> keys;
        for (const QString &path : orderBy)
            keys.append(m_context.store().pathValue(branch, *n, path));
        peers.emplace_back(std::move(keys), n);
    }
    std::stable_sort(peers.begin(), peers.end(), [](const auto &a, const auto &b) {
        for (qsizetype i = 0; i < a.first.size(); ++i) {
            const QString x = a.first.at(i).toVariant().toString();
            const QString y = b.first.at(i).toVariant().toString();
            if (x != y)
                return x < y;
        }
        return a.second->id < b.second->id;
    });
    const qint64 total = qint64(peers.size());
    const qint64 offset = qBound<qint64>(0, filter.offset.value_or(0), total);
    const qint64 limit = filter.limit && *filter.limit >= 0 ? *filter.limit : total;
    const qint64 end = std::min(total, offset + limit);

    const QString wrapper = QStringLiteral("NestedPaginated") + peerKind;
    const QString edgeType = QStringLiteral("NestedEdged") + peerKind;
    JsonObjectWriter out;
    for (const FieldGroup &f : m_context.collectFields(subOf(field), wrapper, {})) {
        if (f.name == kTypename) {
            out.insertString(f.responseKey, wrapper);
        } else if (f.name == u"count") {
            out.insert(f.responseKey, total);
        } else if (f.name == u"permissions") {
            out.insert(f.responseKey, resolvePermissions(peerKind, f));
        } else if (f.name == u"edges") {
            JsonArrayWriter list;
            const QList<FieldGroup> edgeFields = m_context.collectFields(subOf(f), edgeType, {});
            for (qint64 i = offset; i < end; ++i) {
                const NodeRef &n = peers.at(size_t(i)).second;
                const auto edgeIt = edges.constFind(n->id);
                const RelationshipEdge *edge = edgeIt == edges.cend() ? nullptr : &edgeIt.value();
                JsonObjectWriter e;
                for (const FieldGroup &ef : edgeFields) {
                    if (ef.name == kTypename)
                        e.insertString(ef.responseKey, edgeType);
                    else if (ef.name == u"node")
                        e.insert(ef.responseKey, resolveNode(*n, subOf(ef)));
                    else if (ef.name == u"properties")
                        e.insert(ef.responseKey, resolveEdgeProperties(edge, ef));
                    else if (ef.name == u"_updated_at")
                        e.insert(ef.responseKey,
                                 edge ? QJsonValue(edge->updatedAt) : QJsonValue(QJsonValue::Null));
                }
                list.appendRaw(e.finish());
            }
            out.insert(f.responseKey, list.finish());
        }
    }
    return out.finish();
}

QByteArray QueryResolver::resolveHierarchy(const NodeRecord &node, const QString &fieldName,
                                           const FieldGroup &field) {
    const BranchState &branch = m_context.branch();
    QStringList ids;
    if (fieldName == u"ancestors") {
        NodeRef current = m_context.store().node(branch, node.id);
        QStringList seen;
        while (current) {
            const QStringList parents = current->peerIds(QStringLiteral("parent"));
            if (parents.isEmpty() || seen.contains(parents.constFirst()))
                break;
            seen.append(parents.constFirst());
            ids.append(parents.constFirst());
            current = m_context.store().node(branch, parents.constFirst());
        }
    } else {
        QStringList queue = node.peerIds(QStringLiteral("children"));
        while (!queue.isEmpty()) {
            const QString id = queue.takeFirst();
            if (ids.contains(id))
                continue;
            ids.append(id);
            if (const NodeRef child = m_context.store().node(branch, id))
                queue.append(child->peerIds(QStringLiteral("children")));
        }
    }
    const KindSchema *kind = m_context.schema().kind(node.kind);
    const QString hierarchy = kind && !kind->hierarchy.isEmpty() ? kind->hierarchy : node.kind;
    return resolvePeerList(ids, {}, hierarchy, field);
}

QByteArray QueryResolver::resolvePermissions(const QString &kind, const FieldGroup &field) {
    // The sandbox has no permission model: every account may do everything, reported as Infrahub would
    // for an administrator.
    QJsonObject permission{{QStringLiteral("kind"), kind},
                           {QStringLiteral("view"), QStringLiteral("ALLOW")},
                           {QStringLiteral("create"), QStringLiteral("ALLOW")},
                           {QStringLiteral("update"), QStringLiteral("ALLOW")},
                           {QStringLiteral("delete"), QStringLiteral("ALLOW")},
                           {kTypename, QStringLiteral("ObjectPermission")}};
    JsonObjectWriter out;
    for (const FieldGroup &f :
         m_context.collectFields(subOf(field), QStringLiteral("PaginatedObjectPermission"), {})) {
        if (f.name == u"count") {
            out.insert(f.responseKey, 1);
        } else if (f.name == kTypename) {
            out.insert(f.responseKey, QStringLiteral("PaginatedObjectPermission"));
        } else if (f.name == u"edges") {
            JsonObjectWriter edge;
            for (const FieldGroup &ef :
                 m_context.collectFields(subOf(f), QStringLiteral("ObjectPermissionNode"), {})) {
                if (ef.name == kTypename) {
                    edge.insert(ef.responseKey, QStringLiteral("ObjectPermissionNode"));
                } else if (ef.name == u"node") {
                    JsonObjectWriter node;
                    for (const FieldGroup &nf :
                         m_context.collectFields(subOf(ef), QStringLiteral("ObjectPermission"), {}))
                        node.insert(nf.responseKey, permission.value(nf.name));
                    edge.insert(ef.responseKey, node.finish());
                }
            }
            out.insert(f.responseKey, QByteArray('[' + edge.finish() + ']'));
        }
    }
    return out.finish();
}

QByteArray QueryResolver::resolveBranch(const BranchState &branch,
                                        const QList<const gql::SelectionSet *> &selections) {
    const BranchInfo &b = branch.info;
    JsonObjectWriter out;
    for (const FieldGroup &f : m_context.collectFields(selections, QStringLiteral("Branch"), {})) {
        const QString &name = f.name;
        QJsonValue v = QJsonValue::Null;
        if (name == u"id")
            v = b.id;
        else if (name == u"name")
            v = b.name;
        else if (name == u"description")
            v = b.description.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(b.description);
        else if (name == u"origin_branch")
            v = b.originBranch;
        else if (name == u"branched_from")
            v = b.branchedFrom;
        else if (name == u"created_at")
            v = b.createdAt;
        else if (name == u"sync_with_git")
            v = b.syncWithGit;
        else if (name == u"is_default")
            v = b.isDefault;
        else if (name == u"is_isolated")
            v = true;
        else if (name == u"has_schema_changes")
            v = b.hasSchemaChanges;
        else if (name == u"status")
            v = b.status;
        else if (name == kTypename)
            v = QStringLiteral("Branch");
        out.insert(f.responseKey, v);
    }
    return out.finish();
}

QByteArray QueryResolver::resolveInfo(const FieldGroup &field) {
    JsonObjectWriter out;
    for (const FieldGroup &f : m_context.collectFields(subOf(field), QStringLiteral("Info"), {})) {
        if (f.name == u"version")
            out.insert(f.responseKey, QString::fromLatin1(kImitatedInfrahubVersion));
        else if (f.name == u"deployment_id")
            out.insert(f.responseKey, m_context.store().deploymentId());
        else if (f.name == kTypename)
            out.insert(f.responseKey, QStringLiteral("Info"));
    }
    return out.finish();
}

} // namespace infrahub::sandbox
