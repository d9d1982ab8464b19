#include "queryresolver.h"

#include "diffresolver.h"
#include "ipattributevalue.h"

#include <QCryptographicHash>
#include <QUuid>

namespace infrahub::sandbox {

namespace {

const QString kTypename = QStringLiteral("__typename");
const QJsonValue kNullValue(QJsonValue::Null);
const QStringList kAttributeInterfaces{QStringLiteral("AttributeInterface")};

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
void appendHfidText(JsonBuffer &out, const QStringList &hfid) {
    if (hfid.isEmpty()) {
        out += kJsonNull;
        return;
    }
    JsonArrayStream list(out);
    for (const QString &part : hfid)
        appendJsonString(list.next(), part);
    list.close();
}

// The edge to `peerId` (the last one, should a peer be listed twice). Relationships hold a handful of
// edges, so a scan beats building a hash per node.
const RelationshipEdge *edgeTo(const QList<RelationshipEdge> &edges, const QString &peerId) {
    for (auto it = edges.crbegin(); it != edges.crend(); ++it)
        if (it->peerId == peerId)
            return &*it;
    return nullptr;
}

// Writes what `write` writes, or the copy of it `cached` holds; keeps a copy when `keep()`, asked after
// writing, says the text depends on the (sealed, immutable) record alone.
template <typename Write, typename Keep>
void appendCachedJson(JsonBuffer &out, std::optional<QByteArray> &cached, Write write, Keep keep) {
    if (cached) {
        out += *cached;
        return;
    }
    const qsizetype start = out.size();
    write();
    if (keep())
        cached = out.sliced(start);
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

const QueryResolver::FieldTarget &QueryResolver::fieldTarget(const KindSchema &kind,
                                                             const FieldGroup &field) {
    // A field group belongs to one kind's collected fields, so its address identifies (kind, name).
    auto it = m_targets.find(&field);
    if (it == m_targets.end()) {
        FieldTarget target;
        target.kind = &kind;
        target.attribute = kind.attribute(field.name);
        if (const AttributeSchema *a = target.attribute) {
            target.index = a - kind.attributes.constData();
            target.valueType = attributeTypeName(a->kind);
            target.valueFields = &m_context.subFields(field, target.valueType, kAttributeInterfaces);
            target.dropdown = a->kind == u"Dropdown";
            target.ipHost = a->kind == u"IPHost";
            target.ipNetwork = a->kind == u"IPNetwork";
        } else {
            target.relationship = kind.relationship(field.name);
            if (target.relationship)
                target.index = target.relationship - kind.relationships.constData();
            if (target.relationship && !target.relationship->isMany()) {
                target.valueType = QStringLiteral("NestedEdged") + target.relationship->peer;
                target.valueFields = &m_context.subFields(field, target.valueType, {});
            }
        }
        it = m_targets.emplace(&field, std::move(target)).first;
    }
    return it->second;
}

void QueryResolver::appendId(JsonBuffer &out, const NodeRecord &node) {
    appendCachedJson(
        out, node.cache.idJson, [&] { appendJsonString(out, node.id); }, [&] { return node.cache.sealed; });
}

// The store keeps a display label or hfid only when it depends on the record alone; so does this.
void QueryResolver::appendDisplayLabel(JsonBuffer &out, const NodeRecord &node) {
    appendCachedJson(
        out, node.cache.displayLabelJson,
        [&] { appendJsonString(out, m_context.store().displayLabel(m_context.branch(), node)); },
        [&] { return node.cache.displayLabel.has_value(); });
}

void QueryResolver::appendHfid(JsonBuffer &out, const NodeRecord &node) {
    appendCachedJson(
        out, node.cache.hfidJson,
        [&] { appendHfidText(out, m_context.store().hfid(m_context.branch(), node)); },
        [&] { return node.cache.hfid.has_value(); });
}

const QStringList &QueryResolver::nodeInterfaces(const QString &kind) {
    auto it = m_interfaces.find(kind);
    if (it == m_interfaces.end()) {
        QStringList out;
        if (const KindSchema *k = m_context.schema().kind(kind))
            out = k->inheritFrom;
        out.append(QStringLiteral("CoreNode"));
        it = m_interfaces.insert(kind, out);
    }
    return *it;
}

QByteArray QueryResolver::resolveNode(const NodeRecord &node,
                                      const QList<const gql::SelectionSet *> &selections) {
    JsonBuffer out;
    writeNode(node, m_context.schema().kind(node.kind),
              m_context.collectFields(selections, node.kind, nodeInterfaces(node.kind)), out);
    return out.take();
}

void QueryResolver::writeNode(const NodeRecord &node, const FieldGroup &field, JsonBuffer &out) {
    NodeFields &last = m_nodeFields[&field];
    if (!last.fields || last.kind != node.kind) {
        last.kind = node.kind;
        last.schema = m_context.schema().kind(node.kind);
        last.fields = &m_context.subFields(field, node.kind, nodeInterfaces(node.kind));
    }
    writeNode(node, last.schema, *last.fields, out);
}

QByteArray QueryResolver::resolveBranch(const BranchState &branch,
                                        const QList<const gql::SelectionSet *> &selections) {
    JsonBuffer out;
    writeBranch(branch, selections, out);
    return out.take();
}

void QueryResolver::writeQueryField(const FieldGroup &field, JsonBuffer &out) {
    if (field.name == kTypename) {
        appendJsonString(out, u"Query");
        return;
    }
    if (field.name == u"InfrahubInfo") {
        writeInfo(field, out);
        return;
    }
    if (field.name == u"DiffTree" || field.name == u"DiffTreeSummary") {
        DiffResolver diff(m_context);
        if (field.name == u"DiffTree")
            diff.writeDiffTree(field, out);
        else
            diff.writeDiffTreeSummary(field, out);
        return;
    }
    if (field.name == u"Branch") {
        const QJsonValue idsArg = m_context.argument(field.first(), QStringLiteral("ids"));
        const QJsonValue nameArg = m_context.argument(field.first(), QStringLiteral("name"));
        JsonArrayStream list(out);
        for (const BranchState *b : m_context.store().branches()) {
            if (idsArg.isArray() && !idsArg.toArray().contains(b->info.id))
                continue;
            if (nameArg.isString() && nameArg.toString() != b->info.name)
                continue;
            writeBranch(*b, subOf(field), list.next());
        }
        list.close();
        return;
    }
    const KindSchema *kind = m_context.schema().kind(field.name);
    // Profile kinds are listed like any other (the sandbox stores no profile objects, so they are empty).
    if (!kind || kind->type == SchemaKindType::Template)
        throw FieldFailure{
            {QStringLiteral("The sandbox does not implement the query field '%1'.").arg(field.name),
             QStringLiteral("UNDEFINED_ERROR"), 501}};
    writeKindList(*kind, field, out);
}

void QueryResolver::writeKindList(const KindSchema &kind, const FieldGroup &field, JsonBuffer &out) {
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

    JsonObjectStream object(out);
    const QString wrapper = QStringLiteral("Paginated") + kind.kind;
    for (const FieldGroup &f : m_context.subFields(field, wrapper, {})) {
        if (f.code == FieldName::Typename) {
            object.insertString(f.key(), wrapper);
        } else if (f.code == FieldName::Count) {
            object.insert(f.key(), total);
        } else if (f.code == FieldName::Permissions) {
            writePermissions(kind.kind, f, object.key(f.key()));
        } else if (f.code == FieldName::Edges) {
            JsonArrayStream edges(object.key(f.key()));
            const QString edgeType = QStringLiteral("Edged") + kind.kind;
            const QList<FieldGroup> edgeFields = m_context.subFields(f, edgeType, {});
            for (qint64 i = offset; i < end; ++i) {
                const NodeRef n = branch.nodes.value(candidates->at(i));
                JsonObjectStream edge(edges.next());
                for (const FieldGroup &ef : edgeFields) {
                    if (ef.code == FieldName::Typename)
                        edge.insertString(ef.key(), edgeType);
                    else if (ef.code == FieldName::Node)
                        writeNode(*n, ef, edge.key(ef.key()));
                }
                edge.close();
            }
            edges.close();
        }
    }
    object.close();
}

void QueryResolver::writeNode(const NodeRecord &node, const KindSchema *kind, const QList<FieldGroup> &fields,
                              JsonBuffer &out) {
    JsonObjectStream object(out);
    if (!kind) {
        object.close();
        return;
    }
    for (const FieldGroup &f : fields) {
        const QString &name = f.name;
        if (f.code == FieldName::Id) {
            appendId(object.key(f.key()), node);
        } else if (f.code == FieldName::Typename) {
            object.insertString(f.key(), node.kind);
        } else if (f.code == FieldName::DisplayLabel) {
            appendDisplayLabel(object.key(f.key()), node);
        } else if (f.code == FieldName::Hfid) {
            appendHfid(object.key(f.key()), node);
        } else if (const FieldTarget &target = fieldTarget(*kind, f); target.attribute) {
            writeAttribute(node, target, f, object.key(f.key()));
        } else if (const RelationshipSchema *r = target.relationship) {
            if (r->isMany()) {
                static const QList<RelationshipEdge> kNone;
                const QList<RelationshipEdge> *stored = node.edgesAt(*target.kind, target.index);
                const QList<RelationshipEdge> &edges = stored ? *stored : kNone;
                QStringList ids;
                ids.reserve(edges.size());
                for (const RelationshipEdge &e : edges)
                    ids.append(e.peerId);
                writePeerList(ids, edges, r->peer, f, object.key(f.key()));
            } else {
                writeRelationshipOne(node, target, f, object.key(f.key()));
            }
        } else if (name == u"ancestors" || name == u"descendants") {
            writeHierarchy(node, name, f, object.key(f.key()));
        } else {
            object.insert(f.key(), QJsonValue::Null);
        }
    }
    object.close();
}

void QueryResolver::writeAttribute(const NodeRecord &node, const FieldTarget &target, const FieldGroup &field,
                                   JsonBuffer &out) {
    static const AttributeValue kUnset;
    const AttributeSchema &attribute = *target.attribute;
    const NodeRecordCache::AttributeSlot *slot = node.attributeSlotAt(*target.kind, target.index);
    const AttributeValue *found = slot ? slot->value : node.attributeNamed(attribute.name);
    const AttributeValue &stored = found ? *found : kUnset;
    const QJsonValue &value = stored.value.isUndefined() ? kNullValue : stored.value;
    // Worked out only for the sub-fields that need them: most selections ask for `value` alone.
    std::optional<const DropdownChoice *> choice;
    auto dropdownChoice = [&]() {
        if (!choice)
            choice = target.dropdown && value.isString() ? attribute.choice(value.toString()) : nullptr;
        return *choice;
    };
    std::optional<std::optional<IpAttributeValue>> ip;
    auto ipValue = [&]() -> const std::optional<IpAttributeValue> & {
        if (!ip)
            ip.emplace((target.ipHost || target.ipNetwork) && value.isString()
                           ? IpAttributeValue::parse(value.toString(), target.ipNetwork)
                           : std::nullopt);
        return *ip;
    };

    JsonObjectStream object(out);
    for (const FieldGroup &f : *target.valueFields) {
        const QString &name = f.name;
        switch (f.code) {
        case FieldName::Value:
            // A sealed record's value never changes: its JSON text is kept with the slot, which spares
            // converting the string out of QJsonValue (an allocation) on every page.
            if (slot) {
                if (slot->valueJson.isNull())
                    appendJsonValue(slot->valueJson, value);
                object.insertRaw(f.key(), slot->valueJson);
            } else {
                object.insert(f.key(), value);
            }
            continue;
        case FieldName::Typename:
            object.insertString(f.key(), target.valueType);
            continue;
        case FieldName::Id:
            object.insertString(f.key(), attributeId(node.id, attribute.name));
            continue;
        case FieldName::Label:
        case FieldName::Color:
        case FieldName::Description:
            if (const DropdownChoice *c = dropdownChoice())
                object.insertString(f.key(), f.code == FieldName::Label   ? c->label
                                             : f.code == FieldName::Color ? c->color
                                                                          : c->description);
            else
                object.insertRaw(f.key(), kJsonNull);
            continue;
        case FieldName::IsDefault:
            object.insert(f.key(), stored.isDefault);
            continue;
        case FieldName::IsProtected:
            object.insert(f.key(), stored.isProtected);
            continue;
        case FieldName::IsVisible:
            object.insert(f.key(), true);
            continue;
        case FieldName::IsFromProfile:
        case FieldName::IsInherited:
            object.insert(f.key(), false);
            continue;
        case FieldName::UpdatedAt:
            object.insertString(f.key(), stored.updatedAt.isEmpty() ? node.updatedAt : stored.updatedAt);
            continue;
        case FieldName::Source:
        case FieldName::Owner:
            writeLineage(f.code == FieldName::Source ? stored.sourceId : stored.ownerId, f,
                         object.key(f.key()));
            continue;
        case FieldName::Permissions:
            object.insert(f.key(), QJsonObject{{QStringLiteral("update_value"), QStringLiteral("ALLOW")}});
            continue;
        default:
            break;
        }
        if (const std::optional<IpAttributeValue> &v = ipValue())
            object.insert(f.key(),
                          v->field(name).isUndefined() ? QJsonValue(QJsonValue::Null) : v->field(name));
        else
            object.insert(f.key(), QJsonValue::Null);
    }
    object.close();
}

void QueryResolver::writeLineage(const QString &id, const FieldGroup &field, JsonBuffer &out) {
    const NodeRef n = id.isEmpty() ? NodeRef() : m_context.store().node(m_context.branch(), id);
    if (n)
        writeNode(*n, field, out);
    else
        out += kJsonNull;
}

void QueryResolver::writeEdgeProperties(const RelationshipEdge *edge, const FieldGroup &field,
                                        JsonBuffer &out) {
    JsonObjectStream object(out);
    for (const FieldGroup &f : m_context.subFields(field, QStringLiteral("RelationshipProperty"), {})) {
        if (f.code == FieldName::Typename)
            object.insertString(f.key(), u"RelationshipProperty");
        else if (f.code == FieldName::IsVisible)
            object.insert(f.key(), true);
        else if (f.code == FieldName::IsProtected)
            object.insert(f.key(), edge && edge->isProtected);
        else if (f.code == FieldName::UpdatedAt)
            object.insert(f.key(), edge ? QJsonValue(edge->updatedAt) : QJsonValue(QJsonValue::Null));
        else if (f.code == FieldName::Source)
            writeLineage(edge ? edge->sourceId : QString(), f, object.key(f.key()));
        else if (f.code == FieldName::Owner)
            writeLineage(edge ? edge->ownerId : QString(), f, object.key(f.key()));
        else
            object.insert(f.key(), QJsonValue::Null);
    }
    object.close();
}

void QueryResolver::writeRelationshipOne(const NodeRecord &node, const FieldTarget &target,
                                         const FieldGroup &field, JsonBuffer &out) {
    const QList<RelationshipEdge> *stored = node.edgesAt(*target.kind, target.index);
    const NodeRef peer = !stored || stored->isEmpty()
                             ? NodeRef()
                             : m_context.store().node(m_context.branch(), stored->constFirst().peerId);
    if (!peer) {
        out += kJsonNull; // an unset cardinality-one relationship is null, as on Infrahub
        return;
    }
    const QString &edgeType = target.valueType;
    JsonObjectStream object(out);
    for (const FieldGroup &f : *target.valueFields) {
        if (f.code == FieldName::Typename)
            object.insertString(f.key(), edgeType);
        else if (f.code == FieldName::Node)
            writeNode(*peer, f, object.key(f.key()));
        else if (f.code == FieldName::Properties)
            writeEdgeProperties(&stored->constFirst(), f, object.key(f.key()));
        else if (f.code == FieldName::EdgeUpdatedAt)
            object.insert(f.key(), stored->constFirst().updatedAt);
    }
    object.close();
}

const QueryResolver::PeerListPlan &QueryResolver::peerListPlan(const QString &peerKind,
                                                               const FieldGroup &field) {
    if (const auto it = m_peerLists.find(&field); it != m_peerLists.end() && it->second.peerKind == peerKind)
        return it->second;
    PeerListPlan plan;
    plan.peerKind = peerKind;
    plan.peerSchema = m_context.schema().kind(peerKind);
    // The arguments depend only on the field and the variables, fixed for the execution. A bad argument
    // throws here, before anything is kept.
    if (plan.peerSchema) {
        plan.filter = NodeFilter::fromField(m_context, field.first(), *plan.peerSchema);
        plan.orderBy = plan.peerSchema->orderBy;
    }
    plan.wrapper = QStringLiteral("NestedPaginated") + peerKind;
    plan.edgeType = QStringLiteral("NestedEdged") + peerKind;
    plan.wrapperFields = &m_context.subFields(field, plan.wrapper, {});
    return m_peerLists.insert_or_assign(&field, std::move(plan)).first->second;
}

void QueryResolver::writePeerList(const QStringList &peerIds, const QList<RelationshipEdge> &edges,
                                  const QString &peerKind, const FieldGroup &field, JsonBuffer &out) {
    const BranchState &branch = m_context.branch();
    const PeerListPlan &plan = peerListPlan(peerKind, field);
    const NodeFilter &filter = plan.filter;
    // Peers are listed in the peer kind's order, like a top-level list of that kind.
    std::vector<std::pair<QList<QJsonValue>, NodeRef>> peers;
    peers.reserve(size_t(peerIds.size()));
    const QStringList &orderBy = plan.orderBy;
    const bool sorted = peerIds.size() > 1; // one peer (the common case) needs no sort keys
    for (const QString &id : peerIds) {
        const NodeRef n = branch.nodes.value(id);
        if (!n || (filter.hasConditions() && !filter.matches(m_context.store(), branch, *n)))
            continue;
        QList<QJsonValue> keys;
        if (sorted)
            for (const QString &path : orderBy)
                keys.append(m_context.store().pathValue(branch, *n, path));
        peers.emplace_back(std::move(keys), n);
    }
    if (sorted)
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

    const QString &wrapper = plan.wrapper;
    JsonObjectStream object(out);
    for (const FieldGroup &f : *plan.wrapperFields) {
        if (f.code == FieldName::Typename) {
            object.insertString(f.key(), wrapper);
        } else if (f.code == FieldName::Count) {
            object.insert(f.key(), total);
        } else if (f.code == FieldName::Permissions) {
            writePermissions(peerKind, f, object.key(f.key()));
        } else if (f.code == FieldName::Edges) {
            const QString &edgeType = plan.edgeType;
            JsonArrayStream list(object.key(f.key()));
            const QList<FieldGroup> &edgeFields = m_context.subFields(f, edgeType, {});
            for (qint64 i = offset; i < end; ++i) {
                const NodeRef &n = peers.at(size_t(i)).second;
                const RelationshipEdge *edge = edgeTo(edges, n->id);
                JsonObjectStream e(list.next());
                for (const FieldGroup &ef : edgeFields) {
                    if (ef.code == FieldName::Typename)
                        e.insertString(ef.key(), edgeType);
                    else if (ef.code == FieldName::Node)
                        writeNode(*n, ef, e.key(ef.key()));
                    else if (ef.code == FieldName::Properties)
                        writeEdgeProperties(edge, ef, e.key(ef.key()));
                    else if (ef.code == FieldName::EdgeUpdatedAt)
                        e.insert(ef.key(), edge ? QJsonValue(edge->updatedAt) : QJsonValue(QJsonValue::Null));
                }
                e.close();
            }
            list.close();
        }
    }
    object.close();
}

void QueryResolver::writeHierarchy(const NodeRecord &node, const QString &fieldName, const FieldGroup &field,
                                   JsonBuffer &out) {
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
    writePeerList(ids, {}, hierarchy, field, out);
}

void QueryResolver::writePermissions(const QString &kind, const FieldGroup &field, JsonBuffer &out) {
    // The sandbox has no permission model: every account may do everything, reported as Infrahub would
    // for an administrator.
    QJsonObject permission{{QStringLiteral("kind"), kind},
                           {QStringLiteral("view"), QStringLiteral("ALLOW")},
                           {QStringLiteral("create"), QStringLiteral("ALLOW")},
                           {QStringLiteral("update"), QStringLiteral("ALLOW")},
                           {QStringLiteral("delete"), QStringLiteral("ALLOW")},
                           {kTypename, QStringLiteral("ObjectPermission")}};
    JsonObjectStream object(out);
    for (const FieldGroup &f : m_context.subFields(field, QStringLiteral("PaginatedObjectPermission"), {})) {
        if (f.name == u"count") {
            object.insert(f.key(), 1);
        } else if (f.name == kTypename) {
            object.insertString(f.key(), u"PaginatedObjectPermission");
        } else if (f.name == u"edges") {
            JsonArrayStream list(object.key(f.key()));
            JsonObjectStream edge(list.next());
            for (const FieldGroup &ef : m_context.subFields(f, QStringLiteral("ObjectPermissionNode"), {})) {
                if (ef.name == kTypename) {
                    edge.insertString(ef.key(), u"ObjectPermissionNode");
                } else if (ef.name == u"node") {
                    JsonObjectStream node(edge.key(ef.key()));
                    for (const FieldGroup &nf :
                         m_context.subFields(ef, QStringLiteral("ObjectPermission"), {}))
                        node.insert(nf.key(), permission.value(nf.name));
                    node.close();
                }
            }
            edge.close();
            list.close();
        }
    }
    object.close();
}

void QueryResolver::writeBranch(const BranchState &branch, const QList<const gql::SelectionSet *> &selections,
                                JsonBuffer &out) {
    const BranchInfo &b = branch.info;
    JsonObjectStream object(out);
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
        object.insert(f.key(), v);
    }
    object.close();
}

void QueryResolver::writeInfo(const FieldGroup &field, JsonBuffer &out) {
    JsonObjectStream object(out);
    for (const FieldGroup &f : m_context.subFields(field, QStringLiteral("Info"), {})) {
        if (f.name == u"version")
            object.insertString(f.key(), QString::fromLatin1(kImitatedInfrahubVersion));
        else if (f.name == u"deployment_id")
            object.insertString(f.key(), m_context.store().deploymentId());
        else if (f.name == kTypename)
            object.insertString(f.key(), u"Info");
    }
    object.close();
}

} // namespace infrahub::sandbox
