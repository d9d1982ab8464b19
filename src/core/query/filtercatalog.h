// Every filter argument the root query field of a kind accepts, with its GraphQL type, derived from the
// schema the way Infrahub generates them:
//   ids: [ID], hfid: [String] (kinds with a human-friendly id), partial_match: Boolean,
//   <attr>__value / __values / __isnull / __source__id / __owner__id / __is_visible / __is_protected,
//   any__value / any__values / any__source__id / ...,
//   <rel>__ids, <rel>__isnull, <rel>__<peer attr>__value / __values (/ properties, except for groups).
// The value scalar follows the attribute's kind (String, BigInt, Int, Boolean, DateTime, GenericScalar).
// `offset`, `limit` and `order` are arguments too, but not filters: QueryOptions has them.
#pragma once

#include "core/schema/schemamodel.h"
#include "graphqlinputtype.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace infrahub {

class FilterCatalog {
public:
    static FilterCatalog forKind(const SchemaSet &schema, const KindSchema &kind);

    // The filter's type, or null when the kind has no such filter.
    const GraphQLInputType *type(const QString &filterName) const;
    bool contains(const QString &filterName) const { return m_index.contains(filterName); }
    QStringList names() const;
    qsizetype size() const { return m_filters.size(); }

    // A message for an unknown filter that names the kind and the filter and lists close valid ones (or,
    // when none is close, what filters look like for this kind).
    QString unknownFilterMessage(const QString &filterName) const;

private:
    void add(const QString &name, GraphQLInputType type);

    QString m_kind;
    QStringList m_attributes;
    QStringList m_relationships;
    QList<std::pair<QString, GraphQLInputType>> m_filters;
    QHash<QString, qsizetype> m_index;
};

} // namespace infrahub
