#include "nodefilter.h"

#include "jsonvalues.h"

namespace infrahub::sandbox {

namespace {

bool valueMatches(const QJsonValue &stored, const QJsonValue &wanted, bool partial) {
    if (stored.isNull() || stored.isUndefined())
        return false;
    if (stored.isArray() || stored.isObject())
        return false;
    const QString s = scalarText(stored);
    const QString w = scalarText(wanted);
    if (partial && stored.isString())
        return s.contains(w, Qt::CaseInsensitive);
    return s == w;
}

bool anyOf(const QJsonValue &stored, const QJsonValue &wanted, bool partial) {
    if (wanted.isArray()) {
        for (const QJsonValue &w : wanted.toArray())
            if (valueMatches(stored, w, partial))
                return true;
        return false;
    }
    return valueMatches(stored, wanted, partial);
}

} // namespace

NodeFilter NodeFilter::fromField(const ExecutionContext &context, const gql::Selection &field,
                                 const KindSchema &kind) {
    NodeFilter f;
    for (const gql::Argument &argument : field.arguments) {
        const QJsonValue v = context.evaluate(argument.value);
        // Infrahub skips filters whose value is null (e.g. an optional variable left unset).
        if (v.isUndefined() || v.isNull())
            continue;
        const QString &name = argument.name;
        if (name == u"offset") {
            f.offset = v.toInteger();
        } else if (name == u"limit") {
            f.limit = v.toInteger();
        } else if (name == u"ids") {
            f.ids = scalarTextList(v);
        } else if (name == u"hfid") {
            f.hfid = scalarTextList(v);
        } else if (name == u"partial_match") {
            f.partialMatch = v.toBool();
        } else if (name == u"any__value") {
            f.anyValues = QJsonArray{v};
        } else if (name == u"any__values") {
            f.anyValues = v.toArray();
        } else if (name == u"order") {
            continue; // ordering is always the kind's order_by; `disable` only affects speed on a real server
        } else {
            const QStringList parts = name.split(QStringLiteral("__"));
            if (parts.size() < 2)
                continue;
            const QString &head = parts.constFirst();
            if (kind.attribute(head)) {
                f.attributes.append({head, parts.mid(1).join(QStringLiteral("__")), v});
            } else if (kind.relationship(head)) {
                if (parts.size() == 2)
                    f.relationships.append({head, parts.at(1), {}, v});
                else if (parts.size() == 3)
                    f.relationships.append({head, parts.at(2), parts.at(1), v});
                else if (parts.size() == 4) // site__name__source__id and similar: metadata of the peer
                    f.relationships.append(
                        {head, parts.at(2) + QStringLiteral("__") + parts.at(3), parts.at(1), v});
            }
        }
    }
    return f;
}

bool NodeFilter::matches(const SandboxStore &store, const BranchState &branch, const NodeRecord &node) const {
    if (ids && !ids->contains(node.id))
        return false;
    if (hfid && store.hfid(branch, node) != *hfid)
        return false;
    for (const AttributeCondition &c : attributes) {
        const AttributeValue &a = node.attributes.value(c.attribute);
        if (c.op == u"value") {
            if (!valueMatches(a.value, c.value, partialMatch))
                return false;
        } else if (c.op == u"values") {
            if (!anyOf(a.value, c.value, partialMatch))
                return false;
        } else if (c.op == u"isnull") {
            if ((a.value.isNull() || a.value.isUndefined()) != c.value.toBool())
                return false;
        } else if (c.op == u"is_protected") {
            if (a.isProtected != c.value.toBool())
                return false;
        } else if (c.op == u"is_visible") {
            if (!c.value.toBool())
                return false; // every sandbox attribute is visible
        } else if (c.op == u"source__id") {
            if (a.sourceId != c.value.toString())
                return false;
        } else if (c.op == u"owner__id") {
            if (a.ownerId != c.value.toString())
                return false;
        }
    }
    if (anyValues) {
        bool found = false;
        for (auto it = node.attributes.cbegin(); it != node.attributes.cend() && !found; ++it)
            found = anyOf(it.value().value, *anyValues, partialMatch);
        if (!found)
            return false;
    }
    for (const RelationshipCondition &c : relationships) {
        const QList<RelationshipEdge> edges = node.relationships.value(c.relationship);
        if (c.op == u"isnull") {
            if (edges.isEmpty() != c.value.toBool())
                return false;
            continue;
        }
        if (c.op == u"ids") {
            const QStringList wanted = scalarTextList(c.value);
            if (std::none_of(edges.cbegin(), edges.cend(),
                             [&](const RelationshipEdge &e) { return wanted.contains(e.peerId); }))
                return false;
            continue;
        }
        bool found = false;
        for (const RelationshipEdge &e : edges) {
            const NodeRef peer = branch.nodes.value(e.peerId);
            if (!peer)
                continue;
            const AttributeValue &a = peer->attributes.value(c.peerAttribute);
            if (c.op == u"value")
                found = valueMatches(a.value, c.value, partialMatch);
            else if (c.op == u"values")
                found = anyOf(a.value, c.value, partialMatch);
            else if (c.op == u"is_protected")
                found = a.isProtected == c.value.toBool();
            else if (c.op == u"source__id")
                found = a.sourceId == c.value.toString();
            else if (c.op == u"owner__id")
                found = a.ownerId == c.value.toString();
            else if (c.op == u"is_visible")
                found = c.value.toBool();
            if (found)
                break;
        }
        if (!found)
            return false;
    }
    return true;
}

} // namespace infrahub::sandbox
