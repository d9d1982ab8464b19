#include "schemavalidator.h"

#include "schemaerror.h"
#include "schemapath.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

namespace infrahub::sandbox {

namespace {

constexpr const char16_t *kReservedNames[] = {u"any",   u"attribute",    u"attributes",    u"attr",
                                              u"attrs", u"relationship", u"relationships", u"rel",
                                              u"rels",  u"save",         u"hfid"};

bool isReservedName(const QString &name, bool generic) {
    for (const char16_t *reserved : kReservedNames)
        if (name == QStringView(reserved))
            return true;
    // Generic queries expose `type`-like fields of their own, so generics cannot use the name.
    return generic && name == u"type";
}

QString jsonText(const QJsonValue &v) {
    if (v.isString())
        return v.toString();
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return QString::number(v.toDouble());
    return QStringLiteral("null");
}

template <typename F> void forNodesAndGenerics(SchemaBranch &branch, F &&f) {
    // The server validates generics before nodes for most checks; the first error found is reported.
    for (KindDefinition &k : branch.generics())
        f(k);
    for (KindDefinition &k : branch.nodes())
        f(k);
}

} // namespace

void SchemaValidator::validate() {
    validateNames();
    validateAttributes();
    validateCountAgainstCardinality();
    validateIdentifiers();
    syncUniquenessConstraints();
    validatePaths();
    validateParentComponent();
    validateRequiredRelationships();
}

void SchemaValidator::validateNames() {
    forNodesAndGenerics(m_branch, [](KindDefinition &kind) {
        QHash<QString, int> counts;
        QStringList duplicates;
        for (const AttributeDefinition &a : kind.attributes)
            if (++counts[a.name] == 2)
                duplicates.append(a.name);
        for (const RelationshipDefinition &r : kind.relationships)
            if (++counts[r.name] == 2)
                duplicates.append(r.name);
        if (!duplicates.isEmpty())
            throwSchemaError(
                kind.location,
                QStringLiteral("%1: Names of attributes and relationships must be unique : ['%2']")
                    .arg(kind.kind, duplicates.join(QStringLiteral("', '"))));
        for (const AttributeDefinition &a : kind.attributes)
            if (isReservedName(a.name, kind.isGeneric()))
                throwSchemaError(
                    a.location,
                    QStringLiteral("%1: %2 isn't allowed as an attribute name.").arg(kind.kind, a.name));
        for (const RelationshipDefinition &r : kind.relationships)
            if (isReservedName(r.name, kind.isGeneric()))
                throwSchemaError(
                    r.location,
                    QStringLiteral("%1: %2 isn't allowed as a relationship name.").arg(kind.kind, r.name));
    });
}

void SchemaValidator::validateAttributes() {
    forNodesAndGenerics(m_branch, [](KindDefinition &kind) {
        for (const AttributeDefinition &a : kind.attributes) {
            if (a.inherited)
                continue;
            const QString where = kind.kind + u'.' + a.name;
            if (a.kind == u"Dropdown" && (!a.choices || a.choices->isEmpty()))
                throwSchemaError(a.location,
                                 QStringLiteral("%1: a Dropdown attribute must define 'choices'").arg(where));
            const QJsonValue &d = a.defaultValue;
            if (d.isNull() || d.isUndefined())
                continue;
            const auto badDefault = [&](const QString &why) {
                throwSchemaError(a.location,
                                 QStringLiteral("%1: default value %2 %3").arg(where, jsonText(d), why));
            };
            if (a.kind == u"Dropdown") {
                const bool known =
                    std::any_of(a.choices->cbegin(), a.choices->cend(),
                                [&d](const ChoiceDefinition &c) { return c.name == d.toString(); });
                if (!d.isString() || !known)
                    badDefault(QStringLiteral("is not one of the dropdown choices"));
            } else if (a.kind == u"Number") {
                if (!d.isDouble() || d.toDouble() != std::floor(d.toDouble()))
                    badDefault(QStringLiteral("is not a valid integer"));
            } else if (a.kind == u"Boolean" || a.kind == u"Checkbox") {
                if (!d.isBool())
                    badDefault(QStringLiteral("is not a valid boolean"));
            }
            if (a.enumValues.isArray() && !a.enumValues.toArray().contains(d))
                badDefault(QStringLiteral("must be one of the enum values"));
        }
    });
}

void SchemaValidator::validateCountAgainstCardinality() {
    forNodesAndGenerics(m_branch, [](KindDefinition &kind) {
        for (const RelationshipDefinition &r : kind.relationships) {
            if (r.cardinality == u"one") {
                if (!r.optional && (r.minCount != 1 || r.maxCount != 1))
                    throwSchemaError(r.location,
                                     QStringLiteral("%1: Relationship '%2' is defined as cardinality.ONE "
                                                    "but min_count or max_count are not 1")
                                         .arg(kind.kind, r.name));
            } else {
                if (r.maxCount && r.minCount > r.maxCount)
                    throwSchemaError(r.location,
                                     QStringLiteral("%1: Relationship '%2' min_count must be lower than "
                                                    "max_count")
                                         .arg(kind.kind, r.name));
                if (r.maxCount == 1)
                    throwSchemaError(r.location,
                                     QStringLiteral("%1: Relationship '%2' max_count must be 0 or greater "
                                                    "than 1 when cardinality is MANY")
                                         .arg(kind.kind, r.name));
            }
        }
    });
}

void SchemaValidator::validateIdentifiers() {
    // identifier -> kind -> relationships using it. A kind may use an identifier once, or twice as the
    // inbound/outbound pair of a hierarchy; the two ends of a relationship must have compatible directions.
    std::map<QString, std::map<QString, QList<const RelationshipDefinition *>>> byIdentifier;
    QHash<QString, const KindDefinition *> kinds;
    forNodesAndGenerics(m_branch, [&](KindDefinition &kind) {
        kinds.insert(kind.kind, &kind);
        for (const RelationshipDefinition &r : kind.relationships)
            byIdentifier[r.identifier][kind.kind].append(&r);
    });
    for (const auto &[identifier, perKind] : byIdentifier) {
        for (const auto &[kindName, rels] : perKind) {
            const KindDefinition &kind = *kinds.value(kindName);
            QStringList directions;
            for (const RelationshipDefinition *r : rels)
                directions.append(r->direction);
            std::sort(directions.begin(), directions.end());
            const bool pair = rels.size() == 2 && directions == QStringList{QStringLiteral("inbound"),
                                                                            QStringLiteral("outbound")};
            if (rels.size() != 1 && !pair) {
                QStringList described;
                for (const RelationshipDefinition *r : rels)
                    described.append(QStringLiteral("('%1', '%2')").arg(r->name, r->direction));
                throwSchemaError(
                    rels.last()->location,
                    QStringLiteral("%1: Identifier of relationships must be unique for a given direction > "
                                   "'%2' : [%3]")
                        .arg(kindName, identifier, described.join(QStringLiteral(", "))));
            }
            if (perKind.size() == 1)
                continue;
            for (const RelationshipDefinition *r : rels) {
                const auto peer = perKind.find(r->peer);
                if (peer == perKind.end() || peer->second.size() != 1)
                    continue;
                const QString peerDirection = peer->second.first()->direction;
                QStringList both{peerDirection, r->direction};
                std::sort(both.begin(), both.end());
                const bool compatible =
                    rels.size() == 2
                        ? peerDirection != u"bidirectional"
                        : (both == QStringList{QStringLiteral("bidirectional"),
                                               QStringLiteral("bidirectional")} ||
                           both == QStringList{QStringLiteral("inbound"), QStringLiteral("outbound")});
                if (!compatible)
                    throwSchemaError(
                        r->location.source.isEmpty() ? kind.location : r->location,
                        QStringLiteral("%1: Incompatible direction detected on Reverse Relationship for "
                                       "'%2' ('%3') %4 <> %5")
                            .arg(kindName, r->name, identifier, r->direction, peerDirection));
            }
        }
    }
}

void SchemaValidator::syncUniquenessConstraints() {
    forNodesAndGenerics(m_branch, [this](KindDefinition &kind) {
        const bool anyUnique = std::any_of(kind.attributes.cbegin(), kind.attributes.cend(),
                                           [](const AttributeDefinition &a) { return a.unique; });
        const bool anyConstraint = kind.uniquenessConstraints && !kind.uniquenessConstraints->isEmpty();
        if (!anyUnique && !anyConstraint)
            return;
        std::set<QString> inConstraints;
        for (const QStringList &constraint : kind.uniquenessConstraints.value_or(QList<QStringList>())) {
            if (constraint.size() != 1)
                continue;
            const auto path = parseSchemaPath(kind, constraint.first(), &m_branch, nullptr);
            if (!path)
                throwSchemaError(
                    kind.location,
                    QStringLiteral("%1: Requested unique constraint not found within node. (`%2`)")
                        .arg(kind.kind, constraint.first()));
            if (path->isAttribute() && path->property == u"value")
                inConstraints.insert(path->attribute->name);
        }
        std::set<QString> inAttributes;
        for (const AttributeDefinition &a : kind.attributes)
            if (a.unique && !a.inherited)
                inAttributes.insert(a.name);
        if (inAttributes == inConstraints)
            return;
        for (const QString &name : inConstraints)
            if (!inAttributes.count(name))
                kind.attribute(name)->unique = true;
        QList<QStringList> added;
        for (const QString &name : inAttributes) // std::set: already sorted, as the server sorts them
            if (!inConstraints.count(name))
                added.append(QStringList{name + u"__value"});
        if (!added.isEmpty())
            kind.uniquenessConstraints = kind.uniquenessConstraints.value_or(QList<QStringList>()) + added;
    });
}

void SchemaValidator::validatePaths() {
    using namespace SchemaPathType;
    forNodesAndGenerics(m_branch, [this](KindDefinition &kind) {
        for (const QStringList &constraint : kind.uniquenessConstraints.value_or(QList<QStringList>()))
            for (const QString &path : constraint)
                validateSchemaPath(kind, path, AttrWithProp | RelOneMandatoryNoAttr,
                                   QStringLiteral("uniqueness_constraints"), m_branch);

        if (kind.displayLabels && !kind.displayLabels->isEmpty()) {
            for (const QString &path : *kind.displayLabels)
                validateSchemaPath(kind, path, Attr, QStringLiteral("display_labels"), m_branch);
        } else if (kind.isNode()) {
            // Only take a generic's display labels when exactly one of the generics defines some.
            QList<QStringList> fromGenerics;
            for (const QString &genericKind : kind.inheritFrom) {
                const KindDefinition *generic = m_branch.find(genericKind);
                if (generic && generic->displayLabels && !generic->displayLabels->isEmpty())
                    fromGenerics.append(*generic->displayLabels);
            }
            if (fromGenerics.size() == 1)
                kind.displayLabels = fromGenerics.first();
        }

        for (const QString &path : kind.orderBy.value_or(QStringList()))
            validateSchemaPath(kind, path, AttrWithProp | RelOneAttrWithProp, QStringLiteral("order_by"),
                               m_branch);
        if (!kind.defaultFilter.isEmpty())
            validateSchemaPath(kind, kind.defaultFilter, Attr, QStringLiteral("default_filter"), m_branch);
        for (const QString &path : kind.humanFriendlyId.value_or(QStringList()))
            validateSchemaPath(kind, path, AttrWithProp | RelOneMandatoryAttr,
                               QStringLiteral("human_friendly_id"), m_branch);
    });
}

void SchemaValidator::validateParentComponent() {
    // parent kind -> kinds that are its components; deleting a parent deletes its components, so this must
    // be a DAG.
    std::map<QString, std::set<QString>> dependencies;
    forNodesAndGenerics(m_branch, [&](KindDefinition &kind) {
        QList<const RelationshipDefinition *> parents;
        bool hasComponent = false;
        for (const RelationshipDefinition &r : kind.relationships) {
            if (r.kind == u"Parent" && !r.inherited) {
                parents.append(&r);
                dependencies[r.peer].insert(kind.kind);
            } else if (r.kind == u"Component") {
                hasComponent = true;
                dependencies[kind.kind].insert(r.peer);
            }
        }
        if (kind.isNode()) {
            for (const QString &genericKind : kind.inheritFrom) {
                const KindDefinition *generic = m_branch.find(genericKind);
                if (!generic)
                    continue;
                for (const RelationshipDefinition &r : generic->relationships) {
                    if (r.kind == u"Parent") {
                        dependencies[r.peer].insert(kind.kind);
                        parents.append(&r);
                    } else if (r.kind == u"Component") {
                        dependencies[kind.kind].insert(r.peer);
                    }
                }
            }
        }
        if (parents.isEmpty() && !hasComponent)
            return;
        if (parents.size() > 1) {
            QStringList names;
            for (const RelationshipDefinition *r : parents)
                names.append(QStringLiteral("'%1'").arg(r->name));
            throwSchemaError(kind.location,
                             QStringLiteral("%1: Only one relationship of type parent is allowed, but "
                                            "all the following are of type parent: [%2]")
                                 .arg(kind.kind, names.join(QStringLiteral(", "))));
        }
        if (!parents.isEmpty()) {
            const RelationshipDefinition &parent = *parents.first();
            if (parent.cardinality != u"one")
                throwSchemaError(parent.location, QStringLiteral("%1.%2: Relationship of type parent must be "
                                                                 "cardinality=one")
                                                      .arg(kind.kind, parent.name));
            if (parent.optional)
                throwSchemaError(parent.location,
                                 QStringLiteral("%1.%2: Relationship of type parent must not be "
                                                "optional")
                                     .arg(kind.kind, parent.name));
        }
    });

    // Depth-first search for a cycle; report it as "A -> B -> A".
    std::map<QString, int> state; // 0 new, 1 on the current path, 2 done
    QStringList path;
    std::function<void(const QString &)> visit = [&](const QString &kind) {
        state[kind] = 1;
        path.append(kind);
        const auto it = dependencies.find(kind);
        if (it != dependencies.end()) {
            for (const QString &next : it->second) {
                if (state[next] == 1) {
                    const QStringList cycle = path.mid(path.indexOf(next)) + QStringList{next};
                    const KindDefinition *where = m_branch.find(next);
                    throwSchemaError(
                        where ? where->location : SchemaLocation(),
                        QStringLiteral("Cycles exist among parents and components in schema: [%1]")
                            .arg(cycle.join(QStringLiteral(" -> "))));
                }
                if (state[next] == 0)
                    visit(next);
            }
        }
        path.removeLast();
        state[kind] = 2;
    };
    for (const auto &[kind, unused] : dependencies)
        if (state[kind] == 0)
            visit(kind);
}

void SchemaValidator::validateRequiredRelationships() {
    // Two kinds that each require the other could never be created.
    QHash<QString, QSet<QString>> requiredBy;
    const auto check = [&](KindDefinition &kind) {
        for (const RelationshipDefinition &r : kind.relationships) {
            if (r.optional)
                continue;
            if (requiredBy.value(kind.kind).contains(r.peer))
                throwSchemaError(
                    r.location.source.isEmpty() ? kind.location : r.location,
                    QStringLiteral("'%1' and '%2' cannot both have required relationships to one another.")
                        .arg(kind.kind, r.peer));
            requiredBy[r.peer].insert(kind.kind);
        }
    };
    for (KindDefinition &k : m_branch.nodes())
        check(k);
    for (KindDefinition &k : m_branch.generics())
        check(k);
}

} // namespace infrahub::sandbox
