#include "schemamodel.h"

#include <QJsonArray>

namespace infrahub {

namespace {

QStringList stringList(const QJsonValue &value) {
    QStringList out;
    const QJsonArray array = value.toArray();
    out.reserve(array.size());
    for (const QJsonValue &item : array)
        out.append(item.toString());
    return out;
}

std::optional<int> optionalInt(const QJsonValue &value) {
    if (value.isDouble())
        return value.toInt();
    return std::nullopt;
}

AttributeSchema attributeFromJson(const QJsonObject &o) {
    AttributeSchema a;
    a.name = o.value(u"name").toString();
    a.kind = o.value(u"kind").toString();
    a.label = o.value(u"label").toString();
    a.description = o.value(u"description").toString();
    a.optional = o.value(u"optional").toBool(true);
    a.unique = o.value(u"unique").toBool(false);
    a.readOnly = o.value(u"read_only").toBool(false);
    a.inherited = o.value(u"inherited").toBool(false);
    a.branch = o.value(u"branch").toString();
    a.orderWeight = o.value(u"order_weight").toInt();
    a.defaultValue = o.value(u"default_value");
    if (a.defaultValue.isUndefined())
        a.defaultValue = QJsonValue::Null;
    for (const QJsonValue &c : o.value(u"choices").toArray()) {
        const QJsonObject co = c.toObject();
        a.choices.append({co.value(u"name").toString(), co.value(u"label").toString(),
                          co.value(u"description").toString(), co.value(u"color").toString()});
    }
    for (const QJsonValue &e : o.value(u"enum").toArray())
        a.enumValues.append(e.isString() ? e.toString() : QString::number(e.toDouble()));
    a.regex = o.value(u"regex").toString();
    a.minLength = optionalInt(o.value(u"min_length"));
    a.maxLength = optionalInt(o.value(u"max_length"));
    return a;
}

RelationshipSchema relationshipFromJson(const QJsonObject &o) {
    RelationshipSchema r;
    r.name = o.value(u"name").toString();
    r.peer = o.value(u"peer").toString();
    r.kind = o.value(u"kind").toString(QStringLiteral("Generic"));
    r.label = o.value(u"label").toString();
    r.description = o.value(u"description").toString();
    r.identifier = o.value(u"identifier").toString();
    r.cardinality = o.value(u"cardinality").toString() == u"one" ? Cardinality::One : Cardinality::Many;
    r.optional = o.value(u"optional").toBool(true);
    r.readOnly = o.value(u"read_only").toBool(false);
    r.inherited = o.value(u"inherited").toBool(false);
    r.direction = o.value(u"direction").toString(QStringLiteral("bidirectional"));
    r.hierarchical = o.value(u"hierarchical").toString();
    r.branch = o.value(u"branch").toString();
    r.minCount = o.value(u"min_count").toInt();
    r.maxCount = o.value(u"max_count").toInt();
    r.orderWeight = o.value(u"order_weight").toInt();
    r.onDelete = o.value(u"on_delete").toString();
    return r;
}

} // namespace

bool AttributeSchema::isRequiredOnUpsert() const {
    bool truthy = false;
    switch (defaultValue.type()) {
    case QJsonValue::Bool:
        truthy = defaultValue.toBool();
        break;
    case QJsonValue::Double:
        truthy = defaultValue.toDouble() != 0.0;
        break;
    case QJsonValue::String:
        truthy = !defaultValue.toString().isEmpty();
        break;
    case QJsonValue::Array:
        truthy = !defaultValue.toArray().isEmpty();
        break;
    case QJsonValue::Object:
        truthy = !defaultValue.toObject().isEmpty();
        break;
    default:
        break;
    }
    return !optional && !truthy;
}

const DropdownChoice *AttributeSchema::choice(const QString &choiceName) const {
    for (const DropdownChoice &c : choices)
        if (c.name == choiceName)
            return &c;
    return nullptr;
}

const AttributeSchema *KindSchema::attribute(const QString &attributeName) const {
    for (const AttributeSchema &a : attributes)
        if (a.name == attributeName)
            return &a;
    return nullptr;
}

const RelationshipSchema *KindSchema::relationship(const QString &relationshipName) const {
    for (const RelationshipSchema &r : relationships)
        if (r.name == relationshipName)
            return &r;
    return nullptr;
}

KindSchema SchemaSet::kindFromJson(const QJsonObject &o, SchemaKindType type) {
    KindSchema k;
    k.type = type;
    k.id = o.value(u"id").toString();
    k.name = o.value(u"name").toString();
    k.ns = o.value(u"namespace").toString();
    k.kind = o.value(u"kind").toString();
    if (k.kind.isEmpty())
        k.kind = k.ns + k.name;
    k.label = o.value(u"label").toString();
    k.description = o.value(u"description").toString();
    k.icon = o.value(u"icon").toString();
    k.hash = o.value(u"hash").toString();
    k.branch = o.value(u"branch").toString();
    k.defaultFilter = o.value(u"default_filter").toString();
    k.menuPlacement = o.value(u"menu_placement").toString();
    k.includeInMenu = o.value(u"include_in_menu").toBool(false);
    k.generateProfile = o.value(u"generate_profile").toBool(false);
    k.hierarchical = o.value(u"hierarchical").toBool(false);
    k.hierarchy = o.value(u"hierarchy").toString();
    k.parent = o.value(u"parent").toString();
    k.children = o.value(u"children").toString();
    k.humanFriendlyId = stringList(o.value(u"human_friendly_id"));
    k.displayLabels = stringList(o.value(u"display_labels"));
    k.orderBy = stringList(o.value(u"order_by"));
    k.inheritFrom = stringList(o.value(u"inherit_from"));
    k.usedBy = stringList(o.value(u"used_by"));
    for (const QJsonValue &c : o.value(u"uniqueness_constraints").toArray())
        k.uniquenessConstraints.append(stringList(c));
    for (const QJsonValue &a : o.value(u"attributes").toArray())
        k.attributes.append(attributeFromJson(a.toObject()));
    for (const QJsonValue &r : o.value(u"relationships").toArray())
        k.relationships.append(relationshipFromJson(r.toObject()));
    return k;
}

std::optional<SchemaSet> SchemaSet::fromApiJson(const QJsonObject &body, QString *error) {
    if (!body.value(u"nodes").isArray()) {
        if (error)
            *error = QStringLiteral("schema response has no 'nodes' list");
        return std::nullopt;
    }
    SchemaSet set;
    set.m_mainHash = body.value(u"main").toString();
    const std::pair<const char16_t *, SchemaKindType> sections[] = {{u"nodes", SchemaKindType::Node},
                                                                    {u"generics", SchemaKindType::Generic},
                                                                    {u"profiles", SchemaKindType::Profile},
                                                                    {u"templates", SchemaKindType::Template}};
    for (const auto &[section, type] : sections) {
        for (const QJsonValue &value : body.value(QStringView(section)).toArray()) {
            KindSchema k = kindFromJson(value.toObject(), type);
            if (k.kind.isEmpty() || k.name.isEmpty()) {
                if (error)
                    *error = QStringLiteral("schema object without kind or name in '%1'")
                                 .arg(QStringView(section).toString());
                return std::nullopt;
            }
            set.m_index.insert(k.kind, set.m_kinds.size());
            set.m_kinds.append(std::move(k));
        }
    }
    return set;
}

const KindSchema *SchemaSet::kind(const QString &kindName) const {
    const auto it = m_index.constFind(kindName);
    return it == m_index.cend() ? nullptr : &m_kinds.at(*it);
}

QList<const KindSchema *> SchemaSet::nodes() const {
    QList<const KindSchema *> out;
    for (const KindSchema &k : m_kinds)
        if (k.type == SchemaKindType::Node)
            out.append(&k);
    return out;
}

QList<const KindSchema *> SchemaSet::generics() const {
    QList<const KindSchema *> out;
    for (const KindSchema &k : m_kinds)
        if (k.type == SchemaKindType::Generic)
            out.append(&k);
    return out;
}

bool SchemaSet::isKindOf(const QString &candidate, const QString &kindName) const {
    if (candidate == kindName)
        return true;
    const KindSchema *k = kind(candidate);
    return k && k->inheritFrom.contains(kindName);
}

} // namespace infrahub
