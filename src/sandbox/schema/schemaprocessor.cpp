#include "schemaprocessor.h"

#include "schemaerror.h"
#include "schemanaming.h"
#include "schemapath.h"
#include "schemavalidator.h"

#include <QHash>

#include <algorithm>

namespace infrahub::sandbox {

namespace {

const QString kCoreNode = QStringLiteral("CoreNode");
const QString kCoreGroup = QStringLiteral("CoreGroup");
const QString kCoreProfile = QStringLiteral("CoreProfile");
const QString kIpPrefix = QStringLiteral("BuiltinIPPrefix");
const QString kIpAddress = QStringLiteral("BuiltinIPAddress");

// Python truthiness of an optional list: unset and empty both count as "not given".
template <typename T> bool given(const std::optional<T> &list) {
    return list && !list->isEmpty();
}

bool given(const std::optional<QString> &value) {
    return value && !value->isEmpty();
}

RelationshipDefinition automaticRelationship(const QString &name, const QString &identifier,
                                             const QString &peer, const QString &kind) {
    RelationshipDefinition r;
    r.name = name;
    r.identifier = identifier;
    r.peer = peer;
    r.kind = kind;
    r.cardinality = QStringLiteral("many");
    r.branch = QStringLiteral("aware");
    return r;
}

RelationshipDefinition hierarchyRelationship(bool parent, const QString &peer, const QString &hierarchical,
                                             bool readOnly, bool optional) {
    RelationshipDefinition r;
    r.name = parent ? QStringLiteral("parent") : QStringLiteral("children");
    r.identifier = QStringLiteral("parent__child");
    r.peer = peer;
    r.kind = QStringLiteral("Hierarchy");
    r.cardinality = parent ? QStringLiteral("one") : QStringLiteral("many");
    r.minCount = parent && !optional ? 1 : 0;
    r.maxCount = parent ? 1 : 0;
    r.optional = parent ? optional : true;
    r.branch = QStringLiteral("aware");
    r.direction = parent ? QStringLiteral("outbound") : QStringLiteral("inbound");
    r.hierarchical = hierarchical;
    r.readOnly = readOnly;
    return r;
}

// For the inherited elements of a node: the generic element each one comes from (the last generic in
// inherit_from that has it wins, as in the server's _get_generic_fields_map).
struct GenericFields {
    QHash<QString, std::pair<const KindDefinition *, const AttributeDefinition *>> attributeOwners;
    QHash<QString, std::pair<const KindDefinition *, const RelationshipDefinition *>> relationships;
};

GenericFields genericFieldsOf(const KindDefinition &node, const SchemaBranch &branch) {
    GenericFields map;
    if (!node.isNode())
        return map;
    for (const QString &genericKind : node.inheritFrom) {
        const KindDefinition *generic = branch.find(genericKind);
        if (!generic)
            continue;
        for (const AttributeDefinition &a : generic->attributes)
            if (node.attribute(a.name))
                map.attributeOwners.insert(a.name, {generic, &a});
        for (const RelationshipDefinition &r : generic->relationships)
            if (node.relationship(r.name))
                map.relationships.insert(r.name, {generic, &r});
    }
    return map;
}

} // namespace

void SchemaProcessor::process() {
    generateIdentifiers();
    processDefaultValues();
    processCardinalityCounts();
    checkReferences();
    processInheritance();
    processHierarchy();
    processBranchSupport();
    manageProfileRelationships();
    addHierarchyGeneric();
    addHierarchyNode();

    SchemaValidator(m_branch).validate();

    addGroups(m_branch.nodes());
    addGroups(m_branch.generics());
    generateWeight();
    processLabels(m_branch.nodes());
    processLabels(m_branch.generics());
    processDropdowns(m_branch.nodes());
    processDropdowns(m_branch.generics());
    processRelationships(m_branch.nodes());
    processRelationships(m_branch.generics());
    processHumanFriendlyId();
    manageProfileSchemas();
}

void SchemaProcessor::generateIdentifiers() {
    m_branch.forEachNodeAndGeneric([](KindDefinition &kind) {
        for (RelationshipDefinition &r : kind.relationships)
            if (r.identifier.isEmpty())
                r.identifier = generatedRelationshipIdentifier(kind.kind, r.peer);
    });
}

void SchemaProcessor::processDefaultValues() {
    // An attribute with a default can always be left out, so the server flags it optional.
    m_branch.forEachNodeAndGeneric([](KindDefinition &kind) {
        for (AttributeDefinition &a : kind.attributes)
            if (!a.defaultValue.isNull() && !a.defaultValue.isUndefined())
                a.optional = true;
    });
}

void SchemaProcessor::processCardinalityCounts() {
    m_branch.forEachNodeAndGeneric([](KindDefinition &kind) {
        for (RelationshipDefinition &r : kind.relationships) {
            if (r.cardinality != u"one")
                continue;
            if (r.optional) {
                r.minCount = 0;
                r.maxCount = 1;
            } else {
                if (r.minCount == 0)
                    r.minCount = 1;
                if (r.maxCount == 0)
                    r.maxCount = 1;
            }
        }
    });
}

void SchemaProcessor::checkReferences() {
    // Done before inheritance and branch support, which both need the referenced kinds.
    const SchemaBranch &branch = m_branch;
    m_branch.forEachNodeAndGeneric([&branch](KindDefinition &kind) {
        if (kind.isNode()) {
            for (const QString &generic : kind.inheritFrom) {
                const KindDefinition *target = branch.find(generic);
                if (!target)
                    throwSchemaError(kind.location,
                                     QStringLiteral("%1: '%2' is not a valid Generic to inherit from "
                                                    "(unknown kind)")
                                         .arg(kind.kind, generic));
                if (!target->isGeneric())
                    throwSchemaError(kind.location,
                                     QStringLiteral("%1: Only generic model can be used as part of "
                                                    "inherit_from, '%2' is not a valid entry.")
                                         .arg(kind.kind, generic));
            }
        }
        for (const RelationshipDefinition &r : kind.relationships)
            if (!branch.isNodeOrGeneric(r.peer))
                throwSchemaError(r.location.source.isEmpty() ? kind.location : r.location,
                                 QStringLiteral("%1: Relationship '%2' is referring an invalid peer '%3'")
                                     .arg(kind.kind, r.name, r.peer));
    });
}

void SchemaProcessor::inheritFromGeneric(KindDefinition &node, const KindDefinition &generic) {
    // Kind-level properties a node takes from its generics when it has none of its own.
    if (!given(node.humanFriendlyId) && given(generic.humanFriendlyId))
        node.humanFriendlyId = generic.humanFriendlyId;
    if (!given(node.displayLabels) && given(generic.displayLabels))
        node.displayLabels = generic.displayLabels;
    if (node.defaultFilter.isEmpty() && !generic.defaultFilter.isEmpty())
        node.defaultFilter = generic.defaultFilter;
    if (node.menuPlacement.isEmpty() && !generic.menuPlacement.isEmpty())
        node.menuPlacement = generic.menuPlacement;
    if (!given(node.uniquenessConstraints) && given(generic.uniquenessConstraints))
        node.uniquenessConstraints = generic.uniquenessConstraints;
    if (node.icon.isEmpty() && !generic.icon.isEmpty())
        node.icon = generic.icon;
    if (!given(node.orderBy) && given(generic.orderBy))
        node.orderBy = generic.orderBy;

    // Elements the node defines itself win; inherited copies from an earlier pass are refreshed in place.
    auto isLocal = [&node](const QString &name) {
        const AttributeDefinition *a = node.attribute(name);
        const RelationshipDefinition *r = node.relationship(name);
        return (a && !a->inherited) || (r && !r->inherited);
    };
    for (const AttributeDefinition &a : generic.attributes) {
        if (isLocal(a.name))
            continue;
        AttributeDefinition copy = a;
        copy.inherited = true;
        if (AttributeDefinition *existing = node.attribute(a.name))
            *existing = copy;
        else
            node.attributes.append(copy);
    }
    for (const RelationshipDefinition &r : generic.relationships) {
        if (isLocal(r.name))
            continue;
        RelationshipDefinition copy = r;
        copy.inherited = true;
        if (RelationshipDefinition *existing = node.relationship(r.name))
            *existing = copy;
        else
            node.relationships.append(copy);
    }
}

void SchemaProcessor::processInheritance() {
    QHash<QString, QStringList> usedBy;
    for (KindDefinition &node : m_branch.nodes()) {
        if (!node.inheritFrom.isEmpty() || !isRestrictedNamespace(node.ns))
            usedBy[kCoreNode].append(node.kind);
        if (node.inheritFrom.isEmpty())
            continue;
        if (node.inheritFrom.contains(kIpPrefix) && node.inheritFrom.contains(kIpAddress))
            throwSchemaError(node.location, QStringLiteral("%1 cannot inherit from both %2 and %3")
                                                .arg(node.kind, kIpPrefix, kIpAddress));
        QStringList hierarchical;
        for (const QString &genericKind : node.inheritFrom) {
            const KindDefinition &generic = *m_branch.find(genericKind);
            if (generic.hierarchical)
                hierarchical.append(genericKind);
            // The node may redefine an inherited element only if the generic allows it, and with the same
            // kind.
            for (const AttributeDefinition &a : node.attributes) {
                const AttributeDefinition *inherited = generic.attribute(a.name);
                if (!inherited)
                    continue;
                if (!a.inherited && inherited->allowOverride == u"none")
                    throwSchemaError(a.location,
                                     QStringLiteral("%1's attribute %2 inherited from %3 cannot be overriden")
                                         .arg(node.kind, a.name, generic.kind));
                if (a.kind != inherited->kind)
                    throwSchemaError(a.location,
                                     QStringLiteral("%1.%2 inherited from %3 must be the same kind "
                                                    "[\"%4\", \"%5\"]")
                                         .arg(node.kind, a.name, generic.kind, inherited->kind, a.kind));
            }
            for (const RelationshipDefinition &r : node.relationships) {
                const RelationshipDefinition *inherited = generic.relationship(r.name);
                if (inherited && !r.inherited && inherited->allowOverride == u"none")
                    throwSchemaError(r.location,
                                     QStringLiteral("%1's relationship %2 inherited from %3 cannot be "
                                                    "overriden")
                                         .arg(node.kind, r.name, generic.kind));
            }
            usedBy[genericKind].append(node.kind);
            inheritFromGeneric(node, generic);
        }
        if (hierarchical.size() > 1)
            throwSchemaError(
                node.location,
                QStringLiteral("%1 Only one generic with hierarchical support is allowed per node [%2]")
                    .arg(node.kind, hierarchical.join(QStringLiteral(", "))));
        if (hierarchical.size() == 1 && !node.hierarchy)
            node.hierarchy = hierarchical.first();
    }
    for (KindDefinition &generic : m_branch.generics()) {
        QStringList users = usedBy.value(generic.kind);
        users.removeDuplicates();
        std::sort(users.begin(), users.end());
        generic.usedBy = users;
    }
}

void SchemaProcessor::processHierarchy() {
    for (KindDefinition &node : m_branch.nodes()) {
        if (!given(node.hierarchy) && !given(node.parent) && !given(node.children))
            continue;
        if (!given(node.hierarchy))
            throwSchemaError(
                node.location,
                QStringLiteral("%1 Hierarchy must be provided if either parent or children is defined.")
                    .arg(node.kind));
        const QString hierarchy = *node.hierarchy;
        if (!m_branch.isGeneric(hierarchy))
            throwSchemaError(node.location,
                             QStringLiteral("%1 Unable to find the generic '%2' provided in 'hierarchy'.")
                                 .arg(node.kind, hierarchy));
        if (!node.inheritFrom.contains(hierarchy)) {
            // The server appends it and inherits on its next pass; the sandbox inherits right away.
            node.inheritFrom.append(hierarchy);
            inheritFromGeneric(node, *m_branch.find(hierarchy));
            QStringList &usedBy = m_branch.find(hierarchy)->usedBy;
            usedBy.append(node.kind);
            std::sort(usedBy.begin(), usedBy.end());
        }
        const auto checkTarget = [&](std::optional<QString> &target, const char *what) {
            if (!target)
                target = hierarchy;
            else if (!target->isEmpty() && !m_branch.isNodeOrGeneric(*target))
                throwSchemaError(node.location,
                                 QStringLiteral("%1 Unable to find the node '%2' provided in '%3'.")
                                     .arg(node.kind, *target, QLatin1String(what)));
        };
        checkTarget(node.parent, "parent");
        checkTarget(node.children, "children");
    }
}

void SchemaProcessor::processBranchSupport() {
    const SchemaBranch &branch = m_branch;
    m_branch.forEachNodeAndGeneric([&branch](KindDefinition &kind) {
        const GenericFields generics = genericFieldsOf(kind, branch);
        for (AttributeDefinition &a : kind.attributes) {
            if (a.inherited) {
                // An inherited element that only had its generic's branch follows the node's branch instead.
                const auto owner = generics.attributeOwners.constFind(a.name);
                if (owner != generics.attributeOwners.cend() && a.branch == owner->first->branch &&
                    owner->second->branch == a.branch && a.branch != kind.branch)
                    a.branch = kind.branch;
            }
            if (a.branch.isEmpty())
                a.branch = kind.branch;
        }
        for (RelationshipDefinition &r : kind.relationships) {
            if (!r.inherited && !r.branch.isEmpty())
                continue;
            bool update = r.branch.isEmpty();
            if (!update && r.inherited) {
                const auto owner = generics.relationships.constFind(r.name);
                if (owner != generics.relationships.cend() && r.branch == owner->first->branch &&
                    owner->second->branch == r.branch && r.branch != kind.branch)
                    update = true;
            }
            if (!update)
                continue;
            const KindDefinition *peer = branch.find(r.peer);
            const QString peerBranch = peer ? peer->branch : kind.branch;
            if (kind.branch == peerBranch)
                r.branch = kind.branch;
            else if (kind.branch == u"local" || peerBranch == u"local")
                r.branch = QStringLiteral("local");
            else
                r.branch = QStringLiteral("aware");
        }
    });
}

void SchemaProcessor::manageProfileRelationships() {
    if (!m_branch.find(kCoreProfile))
        return;
    m_branch.forEachNodeAndGeneric([](KindDefinition &kind) {
        if (isRestrictedNamespace(kind.ns))
            return;
        const RelationshipDefinition wanted =
            automaticRelationship(QStringLiteral("profiles"), QStringLiteral("node__profile"), kCoreProfile,
                                  QStringLiteral("Profile"));
        if (RelationshipDefinition *existing = kind.relationship(wanted.name)) {
            existing->identifier = wanted.identifier;
            existing->peer = wanted.peer;
            existing->kind = wanted.kind;
            existing->cardinality = wanted.cardinality;
            existing->branch = wanted.branch;
        } else {
            kind.relationships.append(wanted);
        }
    });
}

void SchemaProcessor::addHierarchyGeneric() {
    for (KindDefinition &generic : m_branch.generics()) {
        if (!generic.hierarchical)
            continue;
        // IP prefixes are placed in their hierarchy by the server, never by the user.
        const bool readOnly = generic.kind == kIpPrefix;
        if (!generic.relationship(QStringLiteral("parent")))
            generic.relationships.append(
                hierarchyRelationship(true, generic.kind, generic.kind, readOnly, true));
        if (!generic.relationship(QStringLiteral("children")))
            generic.relationships.append(
                hierarchyRelationship(false, generic.kind, generic.kind, readOnly, true));
    }
}

void SchemaProcessor::addHierarchyNode() {
    for (KindDefinition &node : m_branch.nodes()) {
        if (!node.parent && !node.children)
            continue;
        const bool readOnly = node.inheritFrom.contains(kIpPrefix);
        const QString hierarchy = node.hierarchy.value_or(QString());
        if (given(node.parent)) {
            if (RelationshipDefinition *existing = node.relationship(QStringLiteral("parent"))) {
                existing->peer = *node.parent;
            } else {
                // A parent of the node's own kind or a generic may be absent (a root); a specific kind is
                // required.
                const bool optional = *node.parent == node.kind || m_branch.isGeneric(*node.parent);
                node.relationships.append(
                    hierarchyRelationship(true, *node.parent, hierarchy, readOnly, optional));
            }
        }
        if (given(node.children)) {
            if (RelationshipDefinition *existing = node.relationship(QStringLiteral("children")))
                existing->peer = *node.children;
            else
                node.relationships.append(
                    hierarchyRelationship(false, *node.children, hierarchy, readOnly, true));
        }
    }
}

void SchemaProcessor::addGroups(QList<KindDefinition> &kinds) {
    if (!m_branch.find(kCoreGroup))
        return;
    for (KindDefinition &kind : kinds) {
        if (kind.isNode() && kind.inheritFrom.contains(kCoreGroup))
            continue;
        if (kind.kind == kCoreGroup || kind.kind == u"LineageOwner" || kind.kind == u"LineageSource")
            continue;
        if (!kind.relationship(QStringLiteral("member_of_groups")))
            kind.relationships.append(automaticRelationship(QStringLiteral("member_of_groups"),
                                                            QStringLiteral("group_member"), kCoreGroup,
                                                            QStringLiteral("Group")));
        if (!kind.relationship(QStringLiteral("subscriber_of_groups")))
            kind.relationships.append(automaticRelationship(QStringLiteral("subscriber_of_groups"),
                                                            QStringLiteral("group_subscriber"), kCoreGroup,
                                                            QStringLiteral("Group")));
    }
}

void SchemaProcessor::generateWeight() {
    // Unset weights follow the position among attributes then relationships, in steps of 1000; inherited
    // elements keep their generic's weight, which is why generics are weighted first.
    for (KindDefinition &generic : m_branch.generics()) {
        int weight = 0;
        for (AttributeDefinition &a : generic.attributes) {
            weight += 1000;
            if (!a.orderWeight)
                a.orderWeight = weight;
        }
        for (RelationshipDefinition &r : generic.relationships) {
            weight += 1000;
            if (!r.orderWeight)
                r.orderWeight = weight;
        }
    }
    for (KindDefinition &node : m_branch.nodes()) {
        const GenericFields generics = genericFieldsOf(node, m_branch);
        int weight = 0;
        for (AttributeDefinition &a : node.attributes) {
            weight += 1000;
            if (a.orderWeight)
                continue;
            if (a.inherited) {
                const auto owner = generics.attributeOwners.constFind(a.name);
                if (owner != generics.attributeOwners.cend())
                    a.orderWeight = owner->second->orderWeight;
            }
            if (!a.orderWeight)
                a.orderWeight = weight;
        }
        for (RelationshipDefinition &r : node.relationships) {
            weight += 1000;
            if (r.orderWeight)
                continue;
            if (r.inherited) {
                const auto owner = generics.relationships.constFind(r.name);
                if (owner != generics.relationships.cend())
                    r.orderWeight = owner->second->orderWeight;
            }
            if (!r.orderWeight)
                r.orderWeight = weight;
        }
    }
}

void SchemaProcessor::processLabels(QList<KindDefinition> &kinds) {
    for (KindDefinition &kind : kinds) {
        if (kind.label.isEmpty())
            kind.label = formatLabel(kind.name);
        for (AttributeDefinition &a : kind.attributes)
            if (a.label.isEmpty())
                a.label = formatLabel(a.name);
        for (RelationshipDefinition &r : kind.relationships)
            if (r.label.isEmpty())
                r.label = formatLabel(r.name);
    }
}

void SchemaProcessor::processDropdowns(QList<KindDefinition> &kinds) {
    for (KindDefinition &kind : kinds) {
        for (AttributeDefinition &a : kind.attributes) {
            if (a.kind != u"Dropdown" || !a.choices || a.choices->isEmpty())
                continue;
            // The server lists choices by name in reverse order and fills in colour, label and description.
            QList<ChoiceDefinition> &choices = *a.choices;
            std::stable_sort(
                choices.begin(), choices.end(),
                [](const ChoiceDefinition &x, const ChoiceDefinition &y) { return x.name > y.name; });
            QStringList colors;
            for (const ChoiceDefinition &c : choices)
                if (!c.color.isEmpty())
                    colors.append(c.color);
            for (ChoiceDefinition &c : choices) {
                if (c.color.isEmpty())
                    c.color = selectChoiceColor(colors);
                if (c.label.isEmpty())
                    c.label = formatLabel(c.name);
            }
        }
    }
}

void SchemaProcessor::processRelationships(QList<KindDefinition> &kinds) {
    for (KindDefinition &kind : kinds)
        for (RelationshipDefinition &r : kind.relationships)
            if (r.onDelete.isEmpty())
                r.onDelete = r.kind == u"Component" ? QStringLiteral("cascade") : QStringLiteral("no-action");
}

void SchemaProcessor::processHumanFriendlyId() {
    m_branch.forEachNodeAndGeneric([this](KindDefinition &kind) {
        if (!given(kind.humanFriendlyId)) {
            // Without an explicit HFID the first unique attribute, or a single-attribute constraint, is used.
            const auto unique = std::find_if(kind.attributes.cbegin(), kind.attributes.cend(),
                                             [](const AttributeDefinition &a) { return a.unique; });
            if (unique != kind.attributes.cend()) {
                kind.humanFriendlyId = QStringList{unique->name + u"__value"};
            } else if (kind.uniquenessConstraints) {
                for (const QStringList &constraint : *kind.uniquenessConstraints) {
                    if (constraint.size() != 1)
                        continue;
                    const auto path = parseSchemaPath(kind, constraint.first(), &m_branch, nullptr);
                    if (path && path->isAttribute() && path->property == u"value") {
                        kind.humanFriendlyId = QStringList{path->attribute->name + u"__value"};
                        break;
                    }
                }
            }
        }
        if (!kind.humanFriendlyId)
            return;
        // The HFID must identify an object, so it is also a uniqueness constraint.
        QStringList constraint;
        for (const QString &item : *kind.humanFriendlyId) {
            const auto path = parseSchemaPath(kind, item, &m_branch, nullptr);
            if (path && path->isAttribute())
                constraint.append(item);
            else if (path && path->isRelationship())
                constraint.append(path->relationship->name);
        }
        if (constraint.isEmpty())
            return;
        if (given(kind.uniquenessConstraints)) {
            if (!kind.uniquenessConstraints->contains(constraint))
                kind.uniquenessConstraints->append(constraint);
        } else {
            kind.uniquenessConstraints = QList<QStringList>{constraint};
        }
    });
}

void SchemaProcessor::manageProfileSchemas() {
    const KindDefinition *coreProfile = m_branch.find(kCoreProfile);
    if (!coreProfile) {
        m_branch.replaceProfiles({});
        return;
    }
    const AttributeDefinition *profileName = coreProfile->attribute(QStringLiteral("profile_name"));
    const AttributeDefinition *profilePriority = coreProfile->attribute(QStringLiteral("profile_priority"));

    // Profiles are built from the processed kinds (so they copy final weights and labels, as a server that
    // has processed its schema more than once does) and then get the post-processing of their own.
    QList<KindDefinition> profiles;
    const auto generate = [&](const KindDefinition &kind) {
        if (isRestrictedNamespace(kind.ns) || !kind.generateProfile || kind.state == u"absent")
            return;
        KindDefinition p;
        p.type = KindType::Profile;
        p.name = kind.kind;
        p.ns = QStringLiteral("Profile");
        p.kind = p.ns + p.name;
        p.label = QStringLiteral("Profile ") + kind.label;
        p.description = QString(QStringLiteral("Profile for ") + kind.kind);
        p.branch = kind.branch;
        p.includeInMenu = false;
        p.displayLabels = QStringList{QStringLiteral("profile_name__value")};
        p.humanFriendlyId = QStringList{QStringLiteral("profile_name__value")};
        p.defaultFilter = QStringLiteral("profile_name__value");
        p.inheritFrom = {QStringLiteral("LineageSource"), kCoreProfile, kCoreNode};
        p.fromCore = kind.fromCore;
        p.location = kind.location;
        for (const AttributeDefinition *source : {profileName, profilePriority}) {
            if (!source)
                continue;
            AttributeDefinition a = *source;
            a.inherited = false;
            a.branch = kind.branch;
            p.attributes.append(a);
        }
        RelationshipDefinition related =
            automaticRelationship(QStringLiteral("related_nodes"), QStringLiteral("node__profile"), kind.kind,
                                  QStringLiteral("Profile"));
        p.relationships.append(related);
        for (const AttributeDefinition &source : kind.attributes) {
            if (source.readOnly || !source.optional)
                continue;
            AttributeDefinition a = source;
            a.optional = true;
            a.unique = false;
            a.readOnly = false;
            a.defaultValue = QJsonValue();
            a.inherited = false;
            p.attributes.append(a);
        }
        profiles.append(p);
    };
    for (const KindDefinition &node : m_branch.nodes())
        generate(node);
    for (const KindDefinition &generic : m_branch.generics())
        generate(generic);

    addGroups(profiles);
    for (KindDefinition &p : profiles) {
        int weight = 0;
        for (AttributeDefinition &a : p.attributes) {
            weight += 1000;
            if (!a.orderWeight)
                a.orderWeight = weight;
        }
        for (RelationshipDefinition &r : p.relationships) {
            weight += 1000;
            if (!r.orderWeight)
                r.orderWeight = weight;
        }
    }
    processLabels(profiles);
    processDropdowns(profiles);
    processRelationships(profiles);

    QStringList profileKinds;
    for (const KindDefinition &p : profiles)
        profileKinds.append(p.kind);
    std::sort(profileKinds.begin(), profileKinds.end());
    m_branch.replaceProfiles(std::move(profiles));
    if (profileKinds.isEmpty())
        return;
    m_branch.find(kCoreProfile)->usedBy = profileKinds;
    if (KindDefinition *coreNode = m_branch.find(kCoreNode)) {
        QStringList all = coreNode->usedBy + profileKinds;
        all.removeDuplicates();
        std::sort(all.begin(), all.end());
        coreNode->usedBy = all;
    }
}

} // namespace infrahub::sandbox
