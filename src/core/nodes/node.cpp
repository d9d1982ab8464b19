#include "node.h"

#include "attributevalidator.h"
#include "core/query/apiexposure.h"
#include "core/query/namesuggestions.h"
#include "core/query/requesterrors.h"
#include "nodeparser.h"

#include <algorithm>

namespace infrahub {

namespace {

bool fail(QString *error, const QString &message) {
    if (error)
        *error = message;
    return false;
}

} // namespace

Result<Node> Node::fromJson(const QJsonObject &node, std::shared_ptr<const SchemaSet> schema,
                            const QString &queriedKind) {
    return NodeParser::parse(node, std::move(schema), queriedKind);
}

Result<Node> Node::create(std::shared_ptr<const SchemaSet> schema, const QString &kindName) {
    if (!schema)
        return invalidRequestError(QStringLiteral("No schema to create a %1 with.").arg(kindName));
    const KindSchema *kind = exposedKind(*schema, kindName);
    if (!kind)
        return unknownKindError(kindName);
    if (kind->isGeneric())
        return invalidRequestError(
            QStringLiteral("%1 is a generic; create one of the kinds that implement it (%2).")
                .arg(kind->kind, kind->usedBy.join(QStringLiteral(", "))));
    Node node;
    node.m_schema = std::move(schema);
    node.m_kind = kind;
    return node;
}

QString Node::kind() const {
    return m_kind ? m_kind->kind : QString();
}

QStringList Node::attributeNames() const {
    QStringList out;
    out.reserve(m_attributes.size());
    for (const AttributeEntry &e : m_attributes)
        out.append(m_kind->attributes.at(e.index).name);
    return out;
}

const Node::AttributeEntry *Node::attributeEntry(const QString &name) const {
    for (const AttributeEntry &e : m_attributes)
        if (m_kind->attributes.at(e.index).name == name)
            return &e;
    return nullptr;
}

const Node::RelationshipEntry *Node::relationshipEntry(const QString &name) const {
    for (const RelationshipEntry &e : m_relationships)
        if (m_kind->relationships.at(e.index).name == name)
            return &e;
    return nullptr;
}

namespace {

// The entry of schema field `index` in a list kept in schema order, inserted when missing. Parsers add
// fields in schema order, so this is an append almost always.
template <typename Entry> auto &slotIn(QList<Entry> &entries, qsizetype index) {
    auto at = entries.end();
    while (at != entries.begin() && (at - 1)->index >= index)
        --at;
    if (at != entries.end() && at->index == index)
        return at->current;
    Entry entry;
    entry.index = index;
    return entries.insert(at, std::move(entry))->current;
}

} // namespace

AttributeValue &Node::attributeSlot(qsizetype index) {
    return slotIn(m_attributes, index);
}

RelationshipValue &Node::relationshipSlot(qsizetype index) {
    return slotIn(m_relationships, index);
}

void Node::removeAttributeSlot(qsizetype index) {
    m_attributes.removeIf([index](const AttributeEntry &e) { return e.index == index; });
}

void Node::removeRelationshipSlot(qsizetype index) {
    m_relationships.removeIf([index](const RelationshipEntry &e) { return e.index == index; });
}

const AttributeValue *Node::attribute(const QString &name) const {
    const AttributeEntry *e = attributeEntry(name);
    return e ? &e->current : nullptr;
}

QJsonValue Node::value(const QString &name) const {
    const AttributeValue *a = attribute(name);
    return a ? a->value : QJsonValue(QJsonValue::Undefined);
}

QStringList Node::relationshipNames() const {
    QStringList out;
    out.reserve(m_relationships.size());
    for (const RelationshipEntry &e : m_relationships)
        out.append(m_kind->relationships.at(e.index).name);
    return out;
}

const RelationshipValue *Node::relationship(const QString &name) const {
    const RelationshipEntry *e = relationshipEntry(name);
    return e ? &e->current : nullptr;
}

QList<RelatedNode> Node::peers(const QString &name) const {
    const RelationshipValue *r = relationship(name);
    return r ? r->peers : QList<RelatedNode>();
}

bool Node::setAttribute(const QString &name, const QJsonValue &value, QString *error) {
    if (!m_kind)
        return fail(error, QStringLiteral("The node is not valid."));
    const AttributeSchema *a = m_kind->attribute(name);
    if (!a || !isExposedAttribute(*a)) {
        QStringList names;
        for (const AttributeSchema &candidate : m_kind->attributes)
            names.append(candidate.name);
        QString message = QStringLiteral("%1 has no attribute '%2'.").arg(m_kind->kind, name);
        if (const QStringList close = suggestNames(name, names); !close.isEmpty())
            message += QStringLiteral(" Did you mean %1?").arg(quotedList(close));
        return fail(error, message);
    }
    if (a->readOnly)
        return fail(error,
                    QStringLiteral("%1.%2 is read-only; the server computes it.").arg(m_kind->kind, name));
    AttributeValue &current = attributeSlot(a - m_kind->attributes.constData());
    current.value = value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
    // Keep what a UI shows for a Dropdown in step with the new choice.
    if (a->kind == u"Dropdown") {
        const DropdownChoice *choice = value.isString() ? a->choice(value.toString()) : nullptr;
        current.label = choice ? choice->label : QString();
        current.color = choice ? choice->color : QString();
        current.description = choice ? choice->description : QString();
    }
    return true;
}

bool Node::setRelationship(const QString &name, const QList<RelatedNode> &peers, QString *error) {
    if (!m_kind)
        return fail(error, QStringLiteral("The node is not valid."));
    const RelationshipSchema *r = m_kind->relationship(name);
    if (!r) {
        QStringList names;
        for (const RelationshipSchema &candidate : m_kind->relationships)
            names.append(candidate.name);
        QString message = QStringLiteral("%1 has no relationship '%2'.").arg(m_kind->kind, name);
        if (const QStringList close = suggestNames(name, names); !close.isEmpty())
            message += QStringLiteral(" Did you mean %1?").arg(quotedList(close));
        return fail(error, message);
    }
    if (!exposedPeer(*m_schema, *r))
        return fail(error,
                    QStringLiteral("%1.%2 cannot be set: its peer kind '%3' is not exposed by the API.")
                        .arg(m_kind->kind, name, r->peer));
    if (r->readOnly)
        return fail(error, QStringLiteral("%1.%2 is read-only.").arg(m_kind->kind, name));
    if (!r->isMany() && peers.size() > 1)
        return fail(
            error, QStringLiteral("%1.%2 takes one peer; got %3.").arg(m_kind->kind, name).arg(peers.size()));
    for (const RelatedNode &peer : peers) {
        if (peer.isEmpty())
            return fail(error,
                        QStringLiteral("%1.%2: a peer needs an id or an hfid.").arg(m_kind->kind, name));
        if (!peer.kind.isEmpty() && m_schema->kind(peer.kind) && !m_schema->isKindOf(peer.kind, r->peer))
            return fail(error, QStringLiteral("%1.%2: a %3 cannot be a peer; the relationship points to %4.")
                                   .arg(m_kind->kind, name, peer.kind, r->peer));
    }
    RelationshipValue value;
    value.many = r->isMany();
    value.peers = peers;
    if (value.many)
        value.count = int(peers.size());
    relationshipSlot(r - m_kind->relationships.constData()) = std::move(value);
    return true;
}

QStringList Node::identities(const QList<RelatedNode> &peers, bool many) {
    QStringList out;
    for (const RelatedNode &p : peers)
        out.append(p.identity());
    if (many)
        std::sort(out.begin(), out.end());
    return out;
}

QStringList Node::changedAttributes() const {
    QStringList out;
    for (const AttributeEntry &e : m_attributes)
        if (!e.clean || *e.clean != e.current.value)
            out.append(m_kind->attributes.at(e.index).name);
    return out;
}

QStringList Node::changedRelationships() const {
    QStringList out;
    for (const RelationshipEntry &e : m_relationships)
        if (!e.cleanPeers ||
            identities(*e.cleanPeers, e.cleanMany) != identities(e.current.peers, e.current.many))
            out.append(m_kind->relationships.at(e.index).name);
    return out;
}

void Node::markClean() {
    // Copies share their data with the current values (implicit sharing): no per-field allocation.
    for (AttributeEntry &e : m_attributes)
        e.clean = e.current.value;
    for (RelationshipEntry &e : m_relationships) {
        e.cleanPeers = e.current.peers;
        e.cleanMany = e.current.many;
    }
}

QList<FieldError> Node::validateAttributes(const QStringList &names) const {
    QList<FieldError> errors;
    for (const QString &name : names) {
        const AttributeSchema *a = m_kind->attribute(name);
        if (!a)
            continue;
        if (const QString problem = validateAttributeValue(*a, value(name)); !problem.isEmpty())
            errors.append({name, problem});
    }
    return errors;
}

QList<FieldError> Node::validate() const {
    if (!m_kind)
        return {{QString(), QStringLiteral("The node is not valid.")}};
    QList<FieldError> errors = validateAttributes(attributeNames());
    for (const RelationshipSchema &r : m_kind->relationships) {
        if (r.readOnly || r.optional || !exposedPeer(*m_schema, r))
            continue;
        const RelationshipValue *value = relationship(r.name);
        // An existing node's unloaded relationship is unknown, not missing.
        if ((value && value->peers.isEmpty()) || (!value && isNew()))
            errors.append({r.name, QStringLiteral("a peer is required")});
    }
    if (isNew()) {
        for (const AttributeSchema &a : m_kind->attributes)
            if (a.isRequiredOnCreate() && !a.readOnly && !attributeEntry(a.name))
                errors.append({a.name, QStringLiteral("a value is required")});
    }
    return errors;
}

QList<FieldError> Node::validateChanges() const {
    if (!m_kind)
        return {{QString(), QStringLiteral("The node is not valid.")}};
    QList<FieldError> errors = validateAttributes(changedAttributes());
    for (const QString &name : changedRelationships()) {
        const RelationshipSchema *r = m_kind->relationship(name);
        if (r && !r->optional && peers(name).isEmpty())
            errors.append({name, QStringLiteral("a peer is required")});
    }
    return errors;
}

NodeData Node::changes() const {
    NodeData data;
    data.id = m_id;
    if (m_id.isEmpty())
        data.hfid = m_hfid;
    for (const QString &name : changedAttributes())
        data.attributes.insert(name, value(name));
    for (const QString &name : changedRelationships())
        data.relationships.insert(name, peers(name));
    return data;
}

Result<GraphQLRequest> Node::toUpdateRequest(const MutationOptions &options) const {
    if (!m_kind)
        return invalidRequestError(QStringLiteral("The node is not valid."));
    if (isNew())
        return invalidRequestError(
            QStringLiteral("This %1 has not been created yet; use toCreateRequest().").arg(m_kind->kind));
    if (!isDirty())
        return invalidRequestError(QStringLiteral("%1 %2: nothing changed.").arg(m_kind->kind, m_id));
    if (const QList<FieldError> errors = validateChanges(); !errors.isEmpty())
        return invalidRequestError(
            QStringLiteral("%1 %2: %3").arg(m_kind->kind, m_id, FieldError::describe(errors)));
    return MutationRenderer(*m_schema).update(m_kind->kind, changes(), options);
}

Result<GraphQLRequest> Node::toCreateRequest(const MutationOptions &options) const {
    if (!m_kind)
        return invalidRequestError(QStringLiteral("The node is not valid."));
    if (!isNew())
        return invalidRequestError(
            QStringLiteral("%1 %2 exists already; use toUpdateRequest().").arg(m_kind->kind, m_id));
    if (const QList<FieldError> errors = validate(); !errors.isEmpty())
        return invalidRequestError(
            QStringLiteral("Cannot create %1: %2").arg(m_kind->kind, FieldError::describe(errors)));
    NodeData data;
    for (const QString &name : attributeNames())
        data.attributes.insert(name, value(name));
    for (const QString &name : relationshipNames())
        data.relationships.insert(name, peers(name));
    return MutationRenderer(*m_schema).create(m_kind->kind, data, options);
}

} // namespace infrahub
