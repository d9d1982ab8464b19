#include "mutationresolver.h"

#include "diffresolver.h"
#include "jsonvalues.h"

#include "ipattributevalue.h"

#include <QRegularExpression>

namespace infrahub::sandbox {

namespace {

const QString kTypename = QStringLiteral("__typename");

[[noreturn]] void fail(const QString &message, const QString &code, int httpStatus, QJsonObject data = {}) {
    throw FieldFailure{{message, code, httpStatus, std::move(data), {}, {}}};
}

// Infrahub's ValidationError has no error-catalogue code: its catalogue formatter reports it as
// UNDEFINED_ERROR with the exception's HTTP code (422) and the empty UndefinedErrorData payload.
[[noreturn]] void failValidation(const QString &message) {
    fail(message, QStringLiteral("UNDEFINED_ERROR"), 422);
}

[[noreturn]] void failNotFound(const QString &identifier, const QString &kind) {
    fail(QStringLiteral("Unable to find the node %1 / %2 in the database.").arg(identifier, kind),
         QStringLiteral("NODE_NOT_FOUND"), 404,
         {{QStringLiteral("node_kind"), kind}, {QStringLiteral("identifier"), identifier}});
}

QString jsonTypeName(const QJsonValue &v) {
    switch (v.type()) {
    case QJsonValue::Bool:
        return QStringLiteral("Boolean");
    case QJsonValue::Double:
        return v.toDouble() == double(qint64(v.toDouble())) ? QStringLiteral("Integer")
                                                            : QStringLiteral("Float");
    case QJsonValue::String:
        return QStringLiteral("String");
    case QJsonValue::Array:
        return QStringLiteral("List");
    case QJsonValue::Object:
        return QStringLiteral("Object");
    default:
        return QStringLiteral("Null");
    }
}

} // namespace

MutationResolver::MutationResolver(ExecutionContext &context, QueryResolver &queries)
    : m_context(context)
    , m_queries(queries) {}

QString MutationResolver::branchNameError(const QString &name) {
    // The rules of `git check-ref-format` that Infrahub applies to branch names, plus its length limits.
    if (name.size() < 3 || name.size() > 250)
        return QStringLiteral("Branch name must be between 3 and 250 characters long");
    static const QRegularExpression forbidden(
        QStringLiteral(R"([\s~^:?*\[\\]|\.\.|//|@\{|^/|/$|\.lock$|^\.|/\.|\.$)"));
    if (forbidden.match(name).hasMatch())
        return QStringLiteral("Branch name contains invalid patterns or characters");
    for (const QChar c : name)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return QStringLiteral("Branch name contains invalid patterns or characters");
    return {};
}

QByteArray MutationResolver::resolveMutationField(const FieldGroup &field) {
    const QString &name = field.name;
    m_currentField = name;
    if (name == kTypename)
        return jsonText(QStringLiteral("Mutation"));
    if (name == u"RelationshipAdd" || name == u"RelationshipRemove")
        return relationshipMutation(name == u"RelationshipAdd", field);
    if (name.startsWith(u"Branch"))
        return branchMutation(name, field);
    if (name == u"DiffUpdate")
        return DiffResolver(m_context).diffUpdate(field);
    static const std::pair<const char16_t *, Action> suffixes[] = {{u"Create", Action::Create},
                                                                   {u"Update", Action::Update},
                                                                   {u"Upsert", Action::Upsert},
                                                                   {u"Delete", Action::Delete}};
    for (const auto &[suffix, action] : suffixes) {
        const QStringView s(suffix);
        if (!name.endsWith(s))
            continue;
        const KindSchema *kind = m_context.schema().kind(name.left(name.size() - s.size()));
        if (kind && kind->isNode())
            return nodeMutation(*kind, action, field);
    }
    fail(QStringLiteral(
             "The sandbox does not implement the mutation '%1' (profiles, templates, resource pools and "
             "account tokens are not supported).")
             .arg(name),
         QStringLiteral("UNDEFINED_ERROR"), 501);
}

QByteArray MutationResolver::nodeMutation(const KindSchema &kind, Action action, const FieldGroup &field) {
    const QJsonObject data = m_context.argument(field.first(), QStringLiteral("data")).toObject();
    BranchState &branch = m_context.branch();
    // Copies of implicitly shared hashes: O(1) now, and the way back if any part of the mutation fails.
    const QHash<QString, NodeRef> savedNodes = branch.nodes;
    const QHash<QString, QSet<QString>> savedKinds = branch.idsByKind;
    try {
        NodeRef object;
        switch (action) {
        case Action::Create:
            object = m_context.store().node(branch, create(kind, data));
            break;
        case Action::Update: {
            const NodeRef target = findTarget(kind, data, field.name, true);
            update(kind, target, data);
            object = m_context.store().node(branch, target->id);
            break;
        }
        case Action::Upsert: {
            const NodeRef target = findTarget(kind, data, field.name, false);
            if (target) {
                update(kind, target, data);
                object = m_context.store().node(branch, target->id);
            } else {
                object = m_context.store().node(branch, create(kind, data));
            }
            break;
        }
        case Action::Delete: {
            const NodeRef target = findTarget(kind, data, field.name, true);
            object = target;
            // Components marked on_delete: cascade go with their parent, as on Infrahub.
            for (const RelationshipSchema &rel : kind.relationships)
                if (rel.onDelete == u"cascade")
                    for (const QString &peer : target->peerIds(rel.name))
                        m_context.store().remove(branch, peer);
            m_context.store().remove(branch, target->id);
            break;
        }
        }
        return payload(field, object);
    } catch (const FieldFailure &) {
        branch.nodes = savedNodes;
        branch.idsByKind = savedKinds;
        branch.orderCache.clear();
        throw;
    }
}

NodeRef MutationResolver::findTarget(const KindSchema &kind, const QJsonObject &data,
                                     const QString &mutationName, bool mustExist) {
    const BranchState &branch = m_context.branch();
    const QString id = data.value(u"id").toString();
    if (!id.isEmpty()) {
        const NodeRef n = m_context.store().node(branch, id);
        if (n && m_context.schema().isKindOf(n->kind, kind.kind))
            return n;
        if (mustExist)
            failNotFound(id, kind.kind);
        return {};
    }
    QStringList hfid = scalarTextList(data.value(u"hfid"));
    if (hfid.isEmpty() && !kind.humanFriendlyId.isEmpty()) {
        // Upserts may identify the node by the values that make up its hfid.
        bool complete = true;
        for (const QString &path : kind.humanFriendlyId) {
            const QStringList parts = path.split(QStringLiteral("__"));
            const QJsonValue v =
                parts.size() == 2 ? data.value(parts.at(0)).toObject().value(u"value") : QJsonValue();
            if (v.isUndefined() || v.isNull()) {
                complete = false;
                break;
            }
            hfid.append(scalarText(v));
        }
        if (!complete || mustExist)
            hfid.clear();
    }
    if (!hfid.isEmpty()) {
        if (const NodeRef n = m_context.store().findByHfid(branch, kind.kind, hfid))
            return n;
        if (mustExist)
            failNotFound(hfid.join(QStringLiteral(", ")), kind.kind);
        return {};
    }
    if (mustExist)
        failValidation(QStringLiteral("Either id or hfid must be provided to identify the node in %1")
                           .arg(mutationName));
    return {};
}

QString MutationResolver::create(const KindSchema &kind, const QJsonObject &data) {
    NodeRecord record;
    record.id = data.value(u"id").toString();
    if (record.id.isEmpty())
        record.id = m_context.store().newId();
    else if (m_context.store().node(m_context.branch(), record.id))
        failValidation(QStringLiteral("A node with the id %1 already exists").arg(record.id));
    record.kind = kind.kind;
    record.createdAt = SandboxStore::now();
    record.updatedAt = record.createdAt;
    applyAttributes(record, kind, data, true);
    const auto relationships = resolveRelationships(kind, data, true);
    checkUniqueness(kind, record, relationships);
    const QString id = record.id;
    m_context.store().put(m_context.branch(), std::move(record));
    for (auto it = relationships.cbegin(); it != relationships.cend(); ++it)
        for (const RelationshipEdge &edge : it.value())
            m_context.store().link(m_context.branch(), id, it.key(), edge.peerId, edge);
    return id;
}

void MutationResolver::update(const KindSchema &kind, const NodeRef &node, const QJsonObject &data) {
    NodeRecord record = *node;
    record.updatedAt = SandboxStore::now();
    applyAttributes(record, kind, data, false);
    const auto relationships = resolveRelationships(kind, data, false);
    // Uniqueness is judged on the node as it will be: changed values plus the relationships it keeps.
    RelationshipMap future = record.relationships;
    for (auto it = relationships.cbegin(); it != relationships.cend(); ++it)
        future.insert(it.key(), it.value());
    checkUniqueness(kind, record, future);
    const QString id = record.id;
    m_context.store().put(m_context.branch(), std::move(record));
    for (auto it = relationships.cbegin(); it != relationships.cend(); ++it) {
        // A list given in an update replaces the peer set (Infrahub semantics); null or [] clears it.
        const QStringList wanted = [&] {
            QStringList ids;
            for (const RelationshipEdge &e : it.value())
                ids.append(e.peerId);
            return ids;
        }();
        const NodeRef current = m_context.store().node(m_context.branch(), id);
        for (const QString &old : current->peerIds(it.key()))
            if (!wanted.contains(old))
                m_context.store().unlink(m_context.branch(), id, it.key(), old);
        for (const RelationshipEdge &edge : it.value())
            m_context.store().link(m_context.branch(), id, it.key(), edge.peerId, edge);
    }
}

void MutationResolver::applyAttributes(NodeRecord &record, const KindSchema &kind, const QJsonObject &data,
                                       bool creating) {
    const QString now = SandboxStore::now();
    for (const AttributeSchema &a : kind.attributes) {
        const QJsonValue input = data.value(a.name);
        if (input.isUndefined()) {
            if (!creating)
                continue;
            if (!a.defaultValue.isNull()) {
                AttributeValue v;
                v.value = a.defaultValue;
                v.isDefault = true;
                v.updatedAt = now;
                record.attributes.insert(a.name, v);
            } else if (!a.optional && !a.readOnly) {
                fail(QStringLiteral("A value is required for %1.%2").arg(kind.kind, a.name),
                     QStringLiteral("ATTRIBUTE_REQUIRED"), 422,
                     {{QStringLiteral("node_kind"), kind.kind}, {QStringLiteral("field_name"), a.name}});
            }
            continue;
        }
        if (a.readOnly)
            failValidation(QStringLiteral("%1.%2 is read-only").arg(kind.kind, a.name));
        AttributeValue v = checkedAttribute(kind, a, input.toObject(), record.attributes.value(a.name));
        v.updatedAt = now;
        record.attributes.insert(a.name, v);
    }
}

AttributeValue MutationResolver::checkedAttribute(const KindSchema &kind, const AttributeSchema &a,
                                                  const QJsonObject &input, const AttributeValue &previous) {
    AttributeValue v = previous;
    const QJsonObject fieldData{{QStringLiteral("node_kind"), kind.kind},
                                {QStringLiteral("field_name"), a.name}};
    if (input.contains(u"is_protected"))
        v.isProtected = input.value(u"is_protected").toBool();
    if (input.contains(u"source"))
        v.sourceId = input.value(u"source").toString();
    if (input.contains(u"owner"))
        v.ownerId = input.value(u"owner").toString();
    if (!input.contains(u"value")) {
        if (input.value(u"is_default").toBool() && !a.defaultValue.isNull()) {
            v.value = a.defaultValue;
            v.isDefault = true;
        }
        return v;
    }
    QJsonValue value = input.value(u"value");
    v.isDefault = false;
    if (value.isNull()) {
        if (!a.optional)
            fail(QStringLiteral("A value is required for %1.%2").arg(kind.kind, a.name),
                 QStringLiteral("ATTRIBUTE_REQUIRED"), 422, fieldData);
        v.value = QJsonValue::Null;
        return v;
    }
    auto invalidType = [&](const QString &expected) {
        QJsonObject d = fieldData;
        d.insert(QStringLiteral("expected_type"), expected);
        d.insert(QStringLiteral("received_type"), jsonTypeName(value));
        fail(QStringLiteral("Value for %1.%2 must be of type %3, received %4")
                 .arg(kind.kind, a.name, expected, jsonTypeName(value)),
             QStringLiteral("ATTRIBUTE_INVALID_TYPE"), 422, d);
    };
    auto constraint = [&](const QString &message, const QString &name, const QJsonValue &detail) {
        QJsonObject d = fieldData;
        d.insert(QStringLiteral("constraint"), name);
        // The catalogue payload's `detail` is text (`str | None`): a regex as is, a list of allowed values
        // comma-separated, a length limit as its number.
        QString text = scalarText(detail);
        if (detail.isArray())
            text = scalarTextList(detail).join(QStringLiteral(", "));
        d.insert(QStringLiteral("detail"), text);
        fail(message, QStringLiteral("ATTRIBUTE_CONSTRAINT_VIOLATION"), 422, d);
    };
    const QString &k = a.kind;
    if (k == u"Number" || k == u"Bandwidth" || k == u"NumberPool") {
        // BigInt variables may arrive as strings of digits.
        if (value.isString()) {
            bool ok = false;
            const qint64 n = value.toString().toLongLong(&ok);
            if (!ok)
                invalidType(QStringLiteral("Integer"));
            value = n;
        }
        if (!value.isDouble() || value.toDouble() != double(qint64(value.toDouble())))
            invalidType(QStringLiteral("Integer"));
        value = qint64(value.toDouble());
    } else if (k == u"Boolean" || k == u"Checkbox") {
        if (!value.isBool())
            invalidType(QStringLiteral("Boolean"));
    } else if (k == u"JSON" || k == u"Any") {
        // any JSON value
    } else if (k == u"List") {
        if (!value.isArray())
            invalidType(QStringLiteral("List"));
    } else {
        if (!value.isString())
            invalidType(QStringLiteral("String"));
        const QString text = value.toString();
        if (k == u"Dropdown") {
            if (!a.choice(text)) {
                QStringList names;
                for (const DropdownChoice &c : a.choices)
                    names.append(QLatin1Char('\'') + c.name + QLatin1Char('\''));
                constraint(QStringLiteral("Value for %1.%2 must be one of %3, received '%4'")
                               .arg(kind.kind, a.name, names.join(QStringLiteral(", ")), text),
                           QStringLiteral("choices"), QJsonArray::fromStringList(names));
            }
        } else if (k == u"IPHost" || k == u"IPNetwork") {
            const auto ip = IpAttributeValue::parse(text, k == u"IPNetwork");
            if (!ip)
                constraint(
                    QStringLiteral("Value for %1.%2 is not a valid %3: '%4'").arg(kind.kind, a.name, k, text),
                    k == u"IPHost" ? QStringLiteral("ip_address") : QStringLiteral("ip_network"), text);
            value = ip->value;
        }
        if (!a.enumValues.isEmpty() && !a.enumValues.contains(text))
            constraint(QStringLiteral("Value for %1.%2 must be one of %3, received '%4'")
                           .arg(kind.kind, a.name, a.enumValues.join(QStringLiteral(", ")), text),
                       QStringLiteral("enum"), QJsonArray::fromStringList(a.enumValues));
        if (!a.regex.isEmpty() && !QRegularExpression(a.regex).match(text).hasMatch())
            constraint(QStringLiteral("Value for %1.%2 does not conform to the regex '%3'")
                           .arg(kind.kind, a.name, a.regex),
                       QStringLiteral("regex"), a.regex);
        if (a.minLength && text.size() < *a.minLength)
            constraint(QStringLiteral("Value for %1.%2 must have a length of at least %3")
                           .arg(kind.kind, a.name)
                           .arg(*a.minLength),
                       QStringLiteral("min_length"), *a.minLength);
        if (a.maxLength && text.size() > *a.maxLength)
            constraint(QStringLiteral("Value for %1.%2 must have a length of at most %3")
                           .arg(kind.kind, a.name)
                           .arg(*a.maxLength),
                       QStringLiteral("max_length"), *a.maxLength);
    }
    v.value = value;
    return v;
}

NodeRef MutationResolver::resolvePeer(const QJsonObject &input, const QString &peerKind) {
    const BranchState &branch = m_context.branch();
    const QString id = input.value(u"id").toString();
    if (!id.isEmpty()) {
        const NodeRef n = m_context.store().node(branch, id);
        if (!n || !m_context.schema().isKindOf(n->kind, peerKind))
            failNotFound(id, peerKind);
        return n;
    }
    const QStringList hfid = scalarTextList(input.value(u"hfid"));
    if (!hfid.isEmpty()) {
        const QString kind = input.value(u"kind").toString(peerKind);
        const NodeRef n = m_context.store().findByHfid(branch, kind, hfid);
        if (!n)
            failNotFound(hfid.join(QStringLiteral(", ")), kind);
        return n;
    }
    failValidation(QStringLiteral("A related node needs an id or an hfid"));
}

RelationshipMap MutationResolver::resolveRelationships(const KindSchema &kind, const QJsonObject &data,
                                                       bool creating) {
    RelationshipMap out;
    auto edgeFor = [this](const QJsonObject &input, const QString &peerKind) {
        const NodeRef peer = resolvePeer(input, peerKind);
        RelationshipEdge edge;
        edge.peerId = peer->id;
        edge.isProtected = input.value(u"_relation__is_protected").toBool();
        edge.sourceId = input.value(u"_relation__source").toString();
        edge.ownerId = input.value(u"_relation__owner").toString();
        edge.updatedAt = SandboxStore::now();
        return edge;
    };
    for (const RelationshipSchema &rel : kind.relationships) {
        const QJsonValue input = data.value(rel.name);
        if (input.isUndefined()) {
            if (creating && !rel.optional && !rel.isMany() && rel.kind != u"Hierarchy")
                fail(QStringLiteral("A value is required for %1.%2").arg(kind.kind, rel.name),
                     QStringLiteral("ATTRIBUTE_REQUIRED"), 422,
                     {{QStringLiteral("node_kind"), kind.kind}, {QStringLiteral("field_name"), rel.name}});
            continue;
        }
        QList<RelationshipEdge> edges;
        if (input.isArray()) {
            for (const QJsonValue &item : input.toArray())
                edges.append(edgeFor(item.toObject(), rel.peer));
        } else if (input.isObject()) {
            edges.append(edgeFor(input.toObject(), rel.peer));
        } else if (!rel.optional && !rel.isMany()) {
            fail(QStringLiteral("A value is required for %1.%2").arg(kind.kind, rel.name),
                 QStringLiteral("ATTRIBUTE_REQUIRED"), 422,
                 {{QStringLiteral("node_kind"), kind.kind}, {QStringLiteral("field_name"), rel.name}});
        }
        if (!rel.isMany() && edges.size() > 1)
            failValidation(
                QStringLiteral("Too many peers for %1.%2: it accepts one").arg(kind.kind, rel.name));
        if (rel.isMany() && rel.maxCount > 0 && edges.size() > rel.maxCount)
            failValidation(QStringLiteral("Too many peers for %1.%2: at most %3")
                               .arg(kind.kind, rel.name)
                               .arg(rel.maxCount));
        out.insert(rel.name, edges);
    }
    return out;
}

void MutationResolver::checkUniqueness(const KindSchema &kind, const NodeRecord &candidate,
                                       const RelationshipMap &relationships) {
    // Constraints: every unique attribute on its own, plus the kind's uniqueness_constraints. Each
    // element is "attr__value" or a relationship name (compared by peer id).
    QList<QStringList> constraints;
    for (const AttributeSchema &a : kind.attributes)
        if (a.unique)
            constraints.append({a.name + QStringLiteral("__value")});
    for (const QStringList &c : kind.uniquenessConstraints)
        if (!constraints.contains(c))
            constraints.append(c);
    if (constraints.isEmpty())
        return;
    auto key = [](const NodeRecord &n, const RelationshipMap &rels, const QString &element) -> QString {
        if (element.endsWith(u"__value"))
            return scalarText(n.value(element.left(element.size() - 7)));
        const QList<RelationshipEdge> edges = rels.value(element.section(QStringLiteral("__"), 0, 0));
        return edges.isEmpty() ? QString() : edges.constFirst().peerId;
    };
    const BranchState &branch = m_context.branch();
    for (const QStringList &constraint : std::as_const(constraints)) {
        QStringList wanted;
        bool complete = true;
        for (const QString &element : constraint) {
            wanted.append(key(candidate, relationships, element));
            if (wanted.constLast().isEmpty())
                complete = false;
        }
        if (!complete)
            continue; // unset values never collide, as on Infrahub
        for (const QString &id : branch.idsByKind.value(kind.kind)) {
            if (id == candidate.id)
                continue;
            const NodeRef other = branch.nodes.value(id);
            bool same = true;
            for (qsizetype i = 0; i < constraint.size() && same; ++i)
                same = key(*other, other->relationships, constraint.at(i)) == wanted.at(i);
            if (!same)
                continue;
            QStringList fields;
            QStringList described;
            for (qsizetype i = 0; i < constraint.size(); ++i) {
                const QString field = constraint.at(i).section(QStringLiteral("__"), 0, 0);
                fields.append(field);
                QString shown = wanted.at(i);
                if (const NodeRef peer = m_context.store().node(branch, shown))
                    shown = m_context.store().displayLabel(branch, *peer);
                described.append(QStringLiteral("%1 '%2'").arg(field, shown));
            }
            fail(QStringLiteral("Node of kind %1 already has %2")
                     .arg(kind.kind, described.join(QStringLiteral(", "))),
                 QStringLiteral("UNIQUENESS_VIOLATION"), 422,
                 {{QStringLiteral("node_kind"), kind.kind},
                  {QStringLiteral("fields"), QJsonArray::fromStringList(fields)}});
        }
    }
}

QByteArray MutationResolver::payload(const FieldGroup &field, const NodeRef &object) {
    JsonObjectWriter out;
    for (const FieldGroup &f : m_context.collectFields(field.subSelections(), field.name, {})) {
        if (f.name == u"ok")
            out.insert(f.responseKey, true);
        else if (f.name == kTypename)
            out.insert(f.responseKey, field.name);
        else if (f.name == u"object")
            out.insert(f.responseKey, object ? m_queries.resolveNode(*object, f.subSelections()) : kJsonNull);
        else
            out.insert(f.responseKey, QJsonValue::Null);
    }
    return out.finish();
}

QByteArray MutationResolver::relationshipMutation(bool add, const FieldGroup &field) {
    const QJsonObject data = m_context.argument(field.first(), QStringLiteral("data")).toObject();
    BranchState &branch = m_context.branch();
    const QString id = data.value(u"id").toString();
    const NodeRef node = m_context.store().node(branch, id);
    if (!node)
        failNotFound(id, QStringLiteral("Node"));
    const KindSchema *kind = m_context.schema().kind(node->kind);
    const QString relName = data.value(u"name").toString();
    const RelationshipSchema *rel = kind->relationship(relName);
    if (!rel)
        failValidation(QStringLiteral("'%1' is not a valid relationship for '%2'").arg(relName, node->kind));
    if (!rel->isMany())
        failValidation(QStringLiteral("'%1' must be a relationship of cardinality Many").arg(relName));
    const QHash<QString, NodeRef> savedNodes = branch.nodes;
    const QHash<QString, QSet<QString>> savedKinds = branch.idsByKind;
    try {
        QList<NodeRef> peers;
        for (const QJsonValue &item : data.value(u"nodes").toArray())
            peers.append(resolvePeer(item.toObject(), rel->peer));
        for (const NodeRef &peer : std::as_const(peers)) {
            if (add)
                m_context.store().link(branch, id, relName, peer->id);
            else
                m_context.store().unlink(branch, id, relName, peer->id);
        }
    } catch (const FieldFailure &) {
        branch.nodes = savedNodes;
        branch.idsByKind = savedKinds;
        branch.orderCache.clear();
        throw;
    }
    return payload(field, {});
}

QByteArray MutationResolver::branchMutation(const QString &name, const FieldGroup &field) {
    SandboxStore &store = m_context.store();
    const QJsonObject data = m_context.argument(field.first(), QStringLiteral("data")).toObject();
    const QString branchName = data.value(u"name").toString();
    auto notFound = [&branchName]() {
        fail(QStringLiteral("Branch: %1 not found.").arg(branchName), QStringLiteral("BRANCH_NOT_FOUND"), 400,
             {{QStringLiteral("branch_name"), branchName}});
    };
    const BranchState *result = nullptr;
    if (name == u"BranchCreate") {
        if (const QString problem = branchNameError(branchName); !problem.isEmpty())
            failValidation(QStringLiteral("invalid field name: %1").arg(problem));
        if (store.branch(branchName))
            failValidation(QStringLiteral("The branch %1 already exists").arg(branchName));
        const QString origin = data.value(u"origin_branch").toString(QStringLiteral("main"));
        if (!store.branch(origin))
            fail(QStringLiteral("Branch: %1 not found.").arg(origin), QStringLiteral("BRANCH_NOT_FOUND"), 400,
                 {{QStringLiteral("branch_name"), origin}});
        result = &store.createBranch(branchName, data.value(u"description").toString(),
                                     data.value(u"sync_with_git").toBool(false), origin);
    } else if (name == u"BranchDelete") {
        if (branchName == u"main")
            failValidation(QStringLiteral("Unable to delete the default branch"));
        if (!store.deleteBranch(branchName))
            notFound();
    } else if (name == u"BranchMerge" || name == u"BranchRebase" || name == u"BranchValidate" ||
               name == u"BranchUpdate") {
        BranchState *b = store.branch(branchName);
        if (!b)
            notFound();
        if (b->info.isDefault && name != u"BranchValidate" && name != u"BranchUpdate")
            failValidation(
                QStringLiteral("Unable to %1 the default branch")
                    .arg(name == u"BranchMerge" ? QStringLiteral("merge") : QStringLiteral("rebase")));
        if (name == u"BranchMerge")
            store.merge(*b);
        else if (name == u"BranchRebase")
            store.rebase(*b);
        else if (name == u"BranchUpdate" && data.contains(u"description"))
            b->info.description = data.value(u"description").toString();
        result = b;
    } else {
        fail(QStringLiteral("Cannot query field '%1' on type 'Mutation'.").arg(name), {}, 0);
    }
    JsonObjectWriter out;
    for (const FieldGroup &f : m_context.collectFields(field.subSelections(), name, {})) {
        if (f.name == u"ok")
            out.insert(f.responseKey, true);
        else if (f.name == kTypename)
            out.insert(f.responseKey, name);
        else if (f.name == u"object")
            out.insert(f.responseKey,
                       result ? m_queries.resolveBranch(*result, f.subSelections()) : kJsonNull);
        else if (f.name == u"messages")
            out.insert(f.responseKey, QJsonArray());
        else if (f.name == u"task")
            out.insert(f.responseKey, QJsonValue::Null); // the sandbox completes branch work synchronously
        else
            out.insert(f.responseKey, QJsonValue::Null);
    }
    return out.finish();
}

} // namespace infrahub::sandbox
