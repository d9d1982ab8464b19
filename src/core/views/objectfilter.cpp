#include "objectfilter.h"

#include "core/nodes/attributetext.h"
#include "core/query/apiexposure.h"
#include "core/query/attributegraphqltypes.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace infrahub {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("ObjectFilters", text);
}

// Values people can type: structured kinds (JSON, lists) and secrets are not offered.
bool filterableAttribute(const AttributeSchema &a) {
    if (!isExposedAttribute(a) || a.kind == u"Password" || a.kind == u"HashedPassword")
        return false;
    return AttributeGraphQLTypes::forKind(a.kind).filterScalar != u"GenericScalar";
}

// The peer attribute a relationship is filtered by: what names a peer for people.
const AttributeSchema *namingAttribute(const KindSchema &peer) {
    auto usable = [&](const QString &path) -> const AttributeSchema * {
        const QString name = path.section(QStringLiteral("__"), 0, 0);
        if (path.count(QStringLiteral("__")) != 1 || !path.endsWith(QStringLiteral("__value")))
            return nullptr; // a path through another relationship (device__name__value)
        const AttributeSchema *a = peer.attribute(name);
        return a && filterableAttribute(*a) ? a : nullptr;
    };
    for (const QString &path : peer.humanFriendlyId)
        if (const AttributeSchema *a = usable(path))
            return a;
    if (const AttributeSchema *a = usable(peer.defaultFilter))
        return a;
    const AttributeSchema *name = peer.attribute(QStringLiteral("name"));
    return name && filterableAttribute(*name) ? name : nullptr;
}

QString labelOf(const QString &label, const QString &name) {
    return label.isEmpty() ? name : label;
}

// One typed value for the field, or an error.
std::optional<QJsonValue> typedValue(const FilterField &field, const QString &text, QString *error) {
    const QString &scalar = AttributeGraphQLTypes::forKind(field.valueKind).filterScalar;
    const bool typed = scalar == u"BigInt" || scalar == u"Int" || scalar == u"Boolean";
    if (!typed && text.trimmed().isEmpty()) {
        *error = tr("%1: type a value to filter on (or choose “is empty”).").arg(field.label);
        return std::nullopt;
    }
    AttributeSchema attribute; // what the filter's value is typed as
    attribute.kind = field.valueKind;
    attribute.choices = field.choices;
    std::optional<QJsonValue> value = attributeValueFromText(attribute, text, field.label, error);
    // Int filters (Bandwidth) are 32-bit on the server.
    if (value && scalar == u"Int" && (value->toDouble() < INT_MIN || value->toDouble() > INT_MAX)) {
        *error = tr("%1 needs a whole number, not “%2”.").arg(field.label, text.trimmed());
        return std::nullopt;
    }
    return value;
}

} // namespace

QString ObjectFilter::operatorKey(Operator op) {
    switch (op) {
    case Operator::Is:
        return QStringLiteral("is");
    case Operator::IsOneOf:
        return QStringLiteral("one-of");
    case Operator::IsEmpty:
        return QStringLiteral("empty");
    case Operator::IsNotEmpty:
        return QStringLiteral("not-empty");
    }
    return {};
}

std::optional<ObjectFilter::Operator> ObjectFilter::operatorFromKey(const QString &key) {
    for (const Operator op : {Operator::Is, Operator::IsOneOf, Operator::IsEmpty, Operator::IsNotEmpty})
        if (operatorKey(op) == key)
            return op;
    return std::nullopt;
}

QJsonObject ObjectFilter::toJson() const {
    return {{QStringLiteral("field"), field},
            {QStringLiteral("op"), operatorKey(op)},
            {QStringLiteral("value"), value}};
}

std::optional<ObjectFilter> ObjectFilter::fromJson(const QJsonObject &object) {
    const std::optional<Operator> op = operatorFromKey(object.value(u"op").toString());
    const QString field = object.value(u"field").toString();
    if (!op || field.isEmpty())
        return std::nullopt;
    return ObjectFilter{field, *op, object.value(u"value").toString()};
}

QList<FilterField> ObjectFilters::fieldsFor(const KindSchema &kind, const SchemaSet &schema) {
    QList<FilterField> out;
    for (const AttributeSchema &a : kind.attributes) {
        if (!filterableAttribute(a))
            continue;
        FilterField f;
        f.name = a.name;
        f.label = labelOf(a.label, a.name);
        f.valueKind = a.kind;
        f.choices = a.choices;
        out.append(f);
    }
    for (const RelationshipSchema &r : kind.relationships) {
        const KindSchema *peer = exposedPeer(schema, r);
        const AttributeSchema *naming =
            peer && r.kind != u"Group" && r.kind != u"Profile" ? namingAttribute(*peer) : nullptr;
        if (!naming)
            continue;
        FilterField f;
        f.source = FilterField::Source::Relationship;
        f.name = r.name;
        f.label = labelOf(r.label, r.name);
        f.valueKind = naming->kind;
        f.peerAttribute = naming->name;
        f.choices = naming->choices;
        out.append(f);
    }
    return out;
}

std::optional<FilterField> ObjectFilters::field(const KindSchema &kind, const SchemaSet &schema,
                                                const QString &name) {
    for (const FilterField &f : fieldsFor(kind, schema))
        if (f.name == name)
            return f;
    return std::nullopt;
}

std::optional<QJsonObject> ObjectFilters::toArguments(const QList<ObjectFilter> &filters,
                                                      const KindSchema &kind, const SchemaSet &schema,
                                                      QString *error) {
    const QList<FilterField> fields = fieldsFor(kind, schema);
    QJsonObject out;
    for (const ObjectFilter &filter : filters) {
        const auto found = std::find_if(fields.cbegin(), fields.cend(),
                                        [&](const FilterField &f) { return f.name == filter.field; });
        if (found == fields.cend()) {
            *error = tr("%1 cannot be filtered on “%2”.").arg(kind.kind, filter.field);
            return std::nullopt;
        }
        const FilterField &field = *found;
        // site__name__value for a relationship, status__value for an attribute; emptiness is asked of the
        // relationship itself (site__isnull) or of the attribute.
        QString prefix = field.name + QStringLiteral("__");
        if (field.isRelationship())
            prefix += field.peerAttribute + QStringLiteral("__");
        switch (filter.op) {
        case ObjectFilter::Operator::IsEmpty:
        case ObjectFilter::Operator::IsNotEmpty:
            out.insert(field.name + QStringLiteral("__isnull"), filter.op == ObjectFilter::Operator::IsEmpty);
            break;
        case ObjectFilter::Operator::Is: {
            const std::optional<QJsonValue> v = typedValue(field, filter.value, error);
            if (!v)
                return std::nullopt;
            out.insert(prefix + QStringLiteral("value"), *v);
            break;
        }
        case ObjectFilter::Operator::IsOneOf: {
            QJsonArray values;
            for (const QString &part : filter.value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                if (part.trimmed().isEmpty())
                    continue;
                const std::optional<QJsonValue> v = typedValue(field, part, error);
                if (!v)
                    return std::nullopt;
                values.append(*v);
            }
            if (values.isEmpty()) {
                *error = tr("%1: list the values, separated by commas.").arg(field.label);
                return std::nullopt;
            }
            out.insert(prefix + QStringLiteral("values"), values);
            break;
        }
        }
    }
    return out;
}

QString ObjectFilters::describe(const ObjectFilter &filter, const KindSchema &kind, const SchemaSet &schema) {
    const std::optional<FilterField> f = field(kind, schema, filter.field);
    const QString label = f ? f->label : filter.field;
    switch (filter.op) {
    case ObjectFilter::Operator::Is:
        return tr("%1 is %2").arg(label, filter.value.trimmed());
    case ObjectFilter::Operator::IsOneOf:
        return tr("%1 is one of %2").arg(label, filter.value.trimmed());
    case ObjectFilter::Operator::IsEmpty:
        return tr("%1 is empty").arg(label);
    case ObjectFilter::Operator::IsNotEmpty:
        return tr("%1 is not empty").arg(label);
    }
    return label;
}

} // namespace infrahub
