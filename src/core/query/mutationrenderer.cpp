#include "mutationrenderer.h"

#include "apiexposure.h"
#include "attributegraphqltypes.h"
#include "inputvalue.h"
#include "namesuggestions.h"
#include "operationrequest.h"
#include "requesterrors.h"
#include "variableset.h"

#include <QJsonArray>

namespace infrahub {

namespace {

// The peer is the IP generic itself or a node kind built on it (Infrahub picks the pool-aware inputs so).
bool isBuiltOn(const KindSchema &peer, const QString &generic) {
    return peer.kind == generic || (peer.isNode() && peer.inheritFrom.contains(generic));
}

SelectionSet minimalObject() {
    SelectionSet s;
    for (const char *f : {"id", "hfid", "display_label", "__typename"})
        s.addField(QString::fromLatin1(f));
    return s;
}

QString unknownFieldMessage(const KindSchema &kind, const QString &name, bool attribute) {
    QStringList candidates;
    if (attribute) {
        for (const AttributeSchema &a : kind.attributes)
            candidates.append(a.name);
    } else {
        for (const RelationshipSchema &r : kind.relationships)
            candidates.append(r.name);
    }
    QString message =
        QStringLiteral("%1 has no %2 '%3'.")
            .arg(kind.kind, attribute ? QStringLiteral("attribute") : QStringLiteral("relationship"), name);
    if (attribute ? kind.relationship(name) != nullptr : kind.attribute(name) != nullptr)
        message +=
            attribute ? QStringLiteral(" It is a relationship.") : QStringLiteral(" It is an attribute.");
    else if (const QStringList close = suggestNames(name, candidates); !close.isEmpty())
        message += QStringLiteral(" Did you mean %1?").arg(quotedList(close));
    return message;
}

} // namespace

QString MutationRenderer::relatedInputType(const SchemaSet &schema, const RelationshipSchema &relationship) {
    if (const KindSchema *peer = schema.kind(relationship.peer)) {
        if (isBuiltOn(*peer, QStringLiteral("BuiltinIPPrefix")))
            return QStringLiteral("RelatedPrefixNodeInput");
        if (isBuiltOn(*peer, QStringLiteral("BuiltinIPAddress")))
            return QStringLiteral("RelatedIPAddressNodeInput");
    }
    return QStringLiteral("RelatedNodeInput");
}

Result<QString> MutationRenderer::renderPeer(const KindSchema &kind, const RelationshipSchema &rel,
                                             const QString &inputType, const RelatedNode &peer,
                                             VariableSet &variables) const {
    const QString where = kind.kind + QLatin1Char('.') + rel.name;
    if (peer.isEmpty())
        return invalidRequestError(QStringLiteral("%1: a peer needs an id or an hfid.").arg(where));
    if (!peer.kind.isEmpty() && m_schema.kind(peer.kind) && !m_schema.isKindOf(peer.kind, rel.peer))
        return invalidRequestError(QStringLiteral("%1: a %2 cannot be a peer; the relationship points to %3.")
                                       .arg(where, peer.kind, rel.peer));

    QStringList fields;
    if (!peer.id.isEmpty()) {
        Result<QString> id =
            renderInputValue(peer.id, GraphQLInputType::named(QStringLiteral("String")), variables);
        if (!id)
            return invalidRequestError(where + QStringLiteral(": ") + id.error().message);
        fields.append(QStringLiteral("id: ") + id.value());
    } else {
        // Peers by hfid: the IP address input has no hfid field (those are found by id or from a pool).
        if (inputType == u"RelatedIPAddressNodeInput")
            return invalidRequestError(
                QStringLiteral("%1: IP address peers can only be given by id, not by hfid.").arg(where));
        Result<QString> hfid =
            renderInputValue(QJsonArray::fromStringList(peer.hfid),
                             GraphQLInputType::listOf(QStringLiteral("String")), variables);
        if (!hfid)
            return invalidRequestError(where + QStringLiteral(": ") + hfid.error().message);
        fields.append(QStringLiteral("hfid: ") + hfid.value());
        // An hfid is only unique within a kind: say which one when the peer is a generic.
        if (!peer.kind.isEmpty() && inputType == u"RelatedNodeInput") {
            Result<QString> k =
                renderInputValue(peer.kind, GraphQLInputType::named(QStringLiteral("String")), variables);
            if (!k)
                return invalidRequestError(where + QStringLiteral(": ") + k.error().message);
            fields.append(QStringLiteral("kind: ") + k.value());
        }
    }
    return QString(QLatin1Char('{') + fields.join(QStringLiteral(", ")) + QLatin1Char('}'));
}

Result<GraphQLRequest> MutationRenderer::renderNodeMutation(Action action, const QString &kindName,
                                                            const NodeData &data,
                                                            const MutationOptions &options) const {
    const KindSchema *kind = exposedKind(m_schema, kindName);
    if (!kind)
        return unknownKindError(kindName);
    const QString verb = action == Action::Create   ? QStringLiteral("Create")
                         : action == Action::Update ? QStringLiteral("Update")
                                                    : QStringLiteral("Upsert");
    if (kind->isGeneric()) {
        if (action != Action::Update)
            return invalidRequestError(
                QStringLiteral("%1 is a generic; %2 one of the kinds that implement it (%3).")
                    .arg(kind->kind, verb.toLower(), kind->usedBy.join(QStringLiteral(", "))));
        if (kind->attributes.isEmpty() && kind->relationships.isEmpty())
            return invalidRequestError(QStringLiteral("%1 has nothing to update.").arg(kind->kind));
    }

    // Names first, so a typo is reported as such rather than as a missing required field.
    for (auto it = data.attributes.constBegin(); it != data.attributes.constEnd(); ++it) {
        const AttributeSchema *a = kind->attribute(it.key());
        if (!a || !isExposedAttribute(*a))
            return invalidRequestError(unknownFieldMessage(*kind, it.key(), true));
        if (a->readOnly)
            return invalidRequestError(
                QStringLiteral("%1.%2 is read-only; the server computes it.").arg(kind->kind, a->name));
    }
    for (auto it = data.relationships.constBegin(); it != data.relationships.constEnd(); ++it) {
        const RelationshipSchema *r = kind->relationship(it.key());
        if (!r)
            return invalidRequestError(unknownFieldMessage(*kind, it.key(), false));
        if (!exposedPeer(m_schema, *r))
            return invalidRequestError(
                QStringLiteral("%1.%2 cannot be set: its peer kind '%3' is not exposed by the API.")
                    .arg(kind->kind, r->name, r->peer));
        if (r->readOnly)
            return invalidRequestError(QStringLiteral("%1.%2 is read-only.").arg(kind->kind, r->name));
        if (!r->isMany() && it.value().size() > 1)
            return invalidRequestError(QStringLiteral("%1.%2 takes one peer; got %3.")
                                           .arg(kind->kind, r->name)
                                           .arg(it.value().size()));
    }

    // Identification.
    if (action == Action::Create && !data.hfid.isEmpty())
        return invalidRequestError(
            QStringLiteral("%1: a new node cannot be given an hfid; the server derives it.").arg(kind->kind));
    if (action == Action::Update && data.id.isEmpty() && data.hfid.isEmpty())
        return invalidRequestError(
            QStringLiteral("%1: an update needs the node's id or hfid.").arg(kind->kind));
    if (!data.hfid.isEmpty() && kind->humanFriendlyId.isEmpty())
        return invalidRequestError(
            QStringLiteral("%1 has no human-friendly id; use the id.").arg(kind->kind));
    if (action == Action::Update && data.isEmpty())
        return invalidRequestError(QStringLiteral("%1 %2: nothing to update.")
                                       .arg(kind->kind, data.id.isEmpty() ? data.hfid.join(u'/') : data.id));

    // Required values: missing on Create/Upsert, or cleared on any of them.
    QStringList missing;
    for (const AttributeSchema &a : kind->attributes) {
        if (a.readOnly || !isExposedAttribute(a))
            continue;
        const bool given = data.attributes.contains(a.name);
        const bool cleared = given && data.attributes.value(a.name).isNull();
        const bool required = action == Action::Upsert ? a.isRequiredOnUpsert() : a.isRequiredOnCreate();
        if (cleared && !a.optional)
            return invalidRequestError(
                QStringLiteral("%1.%2 is required and cannot be cleared.").arg(kind->kind, a.name));
        if (action != Action::Update && required && (!given || cleared))
            missing.append(a.name);
    }
    for (const RelationshipSchema &r : kind->relationships) {
        if (r.readOnly || !exposedPeer(m_schema, r))
            continue;
        const auto it = data.relationships.constFind(r.name);
        const bool given = it != data.relationships.cend();
        const bool emptied = given && it->isEmpty();
        if (emptied && !r.optional)
            return invalidRequestError(
                QStringLiteral("%1.%2 is required and cannot be emptied.").arg(kind->kind, r.name));
        if (action != Action::Update && !r.optional && (!given || emptied))
            missing.append(r.name);
    }
    if (!missing.isEmpty())
        return invalidRequestError(
            QStringLiteral("Cannot %1 %2: %3 %4 required.")
                .arg(verb.toLower(), kind->kind, quotedList(missing, QStringLiteral(" and ")),
                     missing.size() == 1 ? QStringLiteral("is") : QStringLiteral("are")));

    // The data object, in schema order.
    VariableSet variables;
    QStringList fields;
    const GraphQLInputType string = GraphQLInputType::named(QStringLiteral("String"));
    if (!data.id.isEmpty()) {
        Result<QString> id = renderInputValue(data.id, string, variables);
        if (!id)
            return invalidRequestError(kind->kind + QStringLiteral(" id: ") + id.error().message);
        fields.append(QStringLiteral("id: ") + id.value());
    }
    if (!data.hfid.isEmpty()) {
        Result<QString> hfid =
            renderInputValue(QJsonArray::fromStringList(data.hfid),
                             GraphQLInputType::listOf(QStringLiteral("String")), variables);
        if (!hfid)
            return invalidRequestError(kind->kind + QStringLiteral(" hfid: ") + hfid.error().message);
        fields.append(QStringLiteral("hfid: ") + hfid.value());
    }
    for (const AttributeSchema &a : kind->attributes) {
        const auto it = data.attributes.constFind(a.name);
        if (it == data.attributes.constEnd())
            continue;
        const QString &scalar = AttributeGraphQLTypes::forKind(a.kind).valueScalar;
        Result<QString> value = renderInputValue(it.value(), GraphQLInputType::named(scalar), variables);
        if (!value)
            return invalidRequestError(
                QStringLiteral("%1.%2 (%3): %4").arg(kind->kind, a.name, a.kind, value.error().message));
        fields.append(a.name + QStringLiteral(": {value: ") + value.value() + QLatin1Char('}'));
    }
    for (const RelationshipSchema &r : kind->relationships) {
        const auto it = data.relationships.constFind(r.name);
        if (it == data.relationships.cend())
            continue;
        // A Create has nothing to clear: an empty relationship is simply not sent.
        if (action == Action::Create && it->isEmpty())
            continue;
        const QString inputType = relatedInputType(m_schema, r);
        QStringList peers;
        for (const RelatedNode &peer : *it) {
            Result<QString> p = renderPeer(*kind, r, inputType, peer, variables);
            if (!p)
                return p.error();
            peers.append(p.value());
        }
        if (r.isMany())
            fields.append(r.name + QStringLiteral(": [") + peers.join(QStringLiteral(", ")) +
                          QLatin1Char(']'));
        else
            fields.append(r.name + QStringLiteral(": ") +
                          (peers.isEmpty() ? QStringLiteral("null") : peers.first()));
    }

    SelectionSet payload;
    payload.addField(QStringLiteral("ok"));
    if (options.returnFullObject) {
        Result<SelectionSet> object = buildNodeSelection(m_schema, *kind, options.selection);
        if (!object)
            return object.error();
        payload.addObject(QStringLiteral("object"), std::move(object.value()));
    } else {
        payload.addObject(QStringLiteral("object"), minimalObject());
    }
    SelectionSet root;
    root.addObject(kind->kind + verb + QStringLiteral("(data: {") + fields.join(QStringLiteral(", ")) +
                       QStringLiteral("})"),
                   std::move(payload));
    return operationRequest(QStringLiteral("mutation"), verb + QLatin1Char('_') + kind->kind, root,
                            variables);
}

Result<GraphQLRequest> MutationRenderer::create(const QString &kind, const NodeData &data,
                                                const MutationOptions &options) const {
    return renderNodeMutation(Action::Create, kind, data, options);
}

Result<GraphQLRequest> MutationRenderer::update(const QString &kind, const NodeData &data,
                                                const MutationOptions &options) const {
    return renderNodeMutation(Action::Update, kind, data, options);
}

Result<GraphQLRequest> MutationRenderer::upsert(const QString &kind, const NodeData &data,
                                                const MutationOptions &options) const {
    return renderNodeMutation(Action::Upsert, kind, data, options);
}

Result<GraphQLRequest> MutationRenderer::remove(const QString &kindName, const NodeLookup &target) const {
    const KindSchema *kind = exposedKind(m_schema, kindName);
    if (!kind)
        return unknownKindError(kindName);
    if (kind->isGeneric())
        return invalidRequestError(
            QStringLiteral("%1 is a generic; delete the node through its own kind.").arg(kind->kind));
    VariableSet variables;
    QString field;
    if (target.by == NodeLookup::By::Id && !target.id.isEmpty()) {
        Result<QString> id =
            renderInputValue(target.id, GraphQLInputType::named(QStringLiteral("String")), variables);
        if (!id)
            return invalidRequestError(kind->kind + QStringLiteral(" id: ") + id.error().message);
        field = QStringLiteral("id: ") + id.value();
    } else if (target.by == NodeLookup::By::Hfid && !target.hfid.isEmpty()) {
        if (kind->humanFriendlyId.isEmpty())
            return invalidRequestError(
                QStringLiteral("%1 has no human-friendly id; use the id.").arg(kind->kind));
        Result<QString> hfid =
            renderInputValue(QJsonArray::fromStringList(target.hfid),
                             GraphQLInputType::listOf(QStringLiteral("String")), variables);
        if (!hfid)
            return invalidRequestError(kind->kind + QStringLiteral(" hfid: ") + hfid.error().message);
        field = QStringLiteral("hfid: ") + hfid.value();
    } else {
        return invalidRequestError(
            QStringLiteral("%1: a delete needs the node's id or hfid.").arg(kind->kind));
    }
    SelectionSet payload;
    payload.addField(QStringLiteral("ok"));
    SelectionSet root;
    root.addObject(kind->kind + QStringLiteral("Delete(data: {") + field + QStringLiteral("})"),
                   std::move(payload));
    return operationRequest(QStringLiteral("mutation"), QStringLiteral("Delete_") + kind->kind, root,
                            variables);
}

Result<GraphQLRequest> MutationRenderer::renderRelationshipEdit(const QString &mutation,
                                                                const QString &kindName,
                                                                const QString &nodeId,
                                                                const QString &relationship,
                                                                const QList<RelatedNode> &peers) const {
    const KindSchema *kind = exposedKind(m_schema, kindName);
    if (!kind)
        return unknownKindError(kindName);
    const RelationshipSchema *r = kind->relationship(relationship);
    if (!r)
        return invalidRequestError(unknownFieldMessage(*kind, relationship, false));
    if (!exposedPeer(m_schema, *r))
        return invalidRequestError(
            QStringLiteral("%1.%2 cannot be edited: its peer kind '%3' is not exposed by the API.")
                .arg(kind->kind, r->name, r->peer));
    if (!r->isMany())
        return invalidRequestError(QStringLiteral("%1.%2 has cardinality one; set it with an update instead.")
                                       .arg(kind->kind, r->name));
    if (r->readOnly)
        return invalidRequestError(QStringLiteral("%1.%2 is read-only.").arg(kind->kind, r->name));
    if (nodeId.isEmpty())
        return invalidRequestError(
            QStringLiteral("%1.%2: the node's id is required.").arg(kind->kind, r->name));
    if (peers.isEmpty())
        return invalidRequestError(QStringLiteral("%1.%2: no peers given.").arg(kind->kind, r->name));

    VariableSet variables;
    const GraphQLInputType string = GraphQLInputType::named(QStringLiteral("String"));
    Result<QString> id = renderInputValue(nodeId, string, variables);
    if (!id)
        return invalidRequestError(kind->kind + QStringLiteral(" id: ") + id.error().message);
    QStringList nodes;
    // RelationshipNodesInput.nodes is [RelatedNodeInput] whatever the peer kind.
    for (const RelatedNode &peer : peers) {
        Result<QString> p = renderPeer(*kind, *r, QStringLiteral("RelatedNodeInput"), peer, variables);
        if (!p)
            return p.error();
        nodes.append(p.value());
    }
    SelectionSet payload;
    payload.addField(QStringLiteral("ok"));
    SelectionSet root;
    // The relationship name passed the schema and the GraphQL name check, so it is a safe string literal.
    root.addObject(mutation + QStringLiteral("(data: {id: ") + id.value() + QStringLiteral(", name: \"") +
                       r->name + QStringLiteral("\", nodes: [") + nodes.join(QStringLiteral(", ")) +
                       QStringLiteral("]})"),
                   std::move(payload));
    return operationRequest(QStringLiteral("mutation"), mutation + QLatin1Char('_') + kind->kind, root,
                            variables);
}

Result<GraphQLRequest> MutationRenderer::relationshipAdd(const QString &kind, const QString &nodeId,
                                                         const QString &relationship,
                                                         const QList<RelatedNode> &peers) const {
    return renderRelationshipEdit(QStringLiteral("RelationshipAdd"), kind, nodeId, relationship, peers);
}

Result<GraphQLRequest> MutationRenderer::relationshipRemove(const QString &kind, const QString &nodeId,
                                                            const QString &relationship,
                                                            const QList<RelatedNode> &peers) const {
    return renderRelationshipEdit(QStringLiteral("RelationshipRemove"), kind, nodeId, relationship, peers);
}

} // namespace infrahub
