#include "filtercatalog.h"

#include "apiexposure.h"
#include "attributegraphqltypes.h"
#include "namesuggestions.h"

namespace infrahub {

namespace {

const QString kString = QStringLiteral("String");
const QString kBoolean = QStringLiteral("Boolean");
const QString kId = QStringLiteral("ID");

} // namespace

void FilterCatalog::add(const QString &name, GraphQLInputType type) {
    if (m_index.contains(name))
        return;
    m_index.insert(name, m_filters.size());
    m_filters.append({name, std::move(type)});
}

FilterCatalog FilterCatalog::forKind(const SchemaSet &schema, const KindSchema &kind) {
    FilterCatalog c;
    c.m_kind = kind.kind;
    c.add(QStringLiteral("ids"), GraphQLInputType::listOf(kId));
    if (!kind.humanFriendlyId.isEmpty())
        c.add(QStringLiteral("hfid"), GraphQLInputType::listOf(kString));

    // value/values typed by the attribute kind; the property filters are the same for every kind.
    auto addAttributeFilters = [&c](const QString &prefix, const AttributeSchema &a, bool isNull,
                                    bool properties) {
        const QString &scalar = AttributeGraphQLTypes::forKind(a.kind).filterScalar;
        c.add(prefix + QStringLiteral("value"), GraphQLInputType::named(scalar));
        c.add(prefix + QStringLiteral("values"), GraphQLInputType::listOf(scalar));
        if (isNull)
            c.add(prefix + QStringLiteral("isnull"), GraphQLInputType::named(kBoolean));
        if (!properties)
            return;
        c.add(prefix + QStringLiteral("source__id"), GraphQLInputType::named(kId));
        c.add(prefix + QStringLiteral("owner__id"), GraphQLInputType::named(kId));
        c.add(prefix + QStringLiteral("is_visible"), GraphQLInputType::named(kBoolean));
        c.add(prefix + QStringLiteral("is_protected"), GraphQLInputType::named(kBoolean));
    };

    for (const AttributeSchema &a : kind.attributes) {
        if (!isExposedAttribute(a))
            continue;
        c.m_attributes.append(a.name);
        addAttributeFilters(a.name + QStringLiteral("__"), a, true, true);
    }
    // any__* searches every attribute and is typed like a text attribute, without __isnull.
    AttributeSchema any;
    any.kind = QStringLiteral("Text");
    addAttributeFilters(QStringLiteral("any__"), any, false, true);
    c.add(QStringLiteral("partial_match"), GraphQLInputType::named(kBoolean));

    for (const RelationshipSchema &rel : kind.relationships) {
        const KindSchema *peer = exposedPeer(schema, rel);
        if (!peer)
            continue;
        c.m_relationships.append(rel.name);
        const QString prefix = rel.name + QStringLiteral("__");
        c.add(prefix + QStringLiteral("ids"), GraphQLInputType::listOf(kId));
        c.add(prefix + QStringLiteral("isnull"), GraphQLInputType::named(kBoolean));
        // Group memberships are only filtered by value (Infrahub generates no property filters there).
        const bool properties = rel.kind != u"Group";
        for (const AttributeSchema &a : peer->attributes)
            if (isExposedAttribute(a))
                addAttributeFilters(prefix + a.name + QStringLiteral("__"), a, false, properties);
    }
    return c;
}

const GraphQLInputType *FilterCatalog::type(const QString &filterName) const {
    const auto it = m_index.constFind(filterName);
    return it == m_index.cend() ? nullptr : &m_filters.at(*it).second;
}

QStringList FilterCatalog::names() const {
    QStringList out;
    out.reserve(m_filters.size());
    for (const auto &f : m_filters)
        out.append(f.first);
    return out;
}

QString FilterCatalog::unknownFilterMessage(const QString &filterName) const {
    QString message = QStringLiteral("%1 has no filter '%2'.").arg(m_kind, filterName);
    const QStringList close = suggestNames(filterName, names());
    if (!close.isEmpty())
        return message + QStringLiteral(" Did you mean %1?").arg(quotedList(close));
    message += QStringLiteral(" Its filters are ids%1, partial_match, any__value(s), <attribute>__value, "
                              "<attribute>__values, <attribute>__isnull")
                   .arg(m_index.contains(QStringLiteral("hfid")) ? QStringLiteral(", hfid") : QString());
    if (!m_relationships.isEmpty())
        message += QStringLiteral(", <relationship>__ids, <relationship>__<peer attribute>__value(s)");
    message +=
        QStringLiteral("; attributes: %1")
            .arg(m_attributes.isEmpty() ? QStringLiteral("none") : m_attributes.join(QStringLiteral(", ")));
    if (!m_relationships.isEmpty())
        message += QStringLiteral("; relationships: %1").arg(m_relationships.join(QStringLiteral(", ")));
    return message + QLatin1Char('.');
}

} // namespace infrahub
