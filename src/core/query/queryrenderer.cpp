#include "queryrenderer.h"

#include "apiexposure.h"
#include "filtercatalog.h"
#include "inputvalue.h"
#include "requesterrors.h"

#include <QJsonArray>

namespace infrahub {

Result<QString> QueryRenderer::renderArguments(const KindSchema &kind, const QueryOptions &options,
                                               VariableSet &variables) const {
    QStringList args;
    if (options.offset) {
        if (*options.offset < 0)
            return invalidRequestError(QStringLiteral("%1: offset must not be negative.").arg(kind.kind));
        if (*options.offset > 0) // the SDK leaves offset 0 out
            args.append(QStringLiteral("offset: %1").arg(*options.offset));
    }
    if (options.limit) {
        if (*options.limit < 0)
            return invalidRequestError(QStringLiteral("%1: limit must not be negative.").arg(kind.kind));
        args.append(QStringLiteral("limit: %1").arg(*options.limit));
    }
    if (options.orderDisabled)
        args.append(QStringLiteral("order: {disable: true}"));

    if (!options.filters.isEmpty()) {
        const FilterCatalog catalog = FilterCatalog::forKind(m_schema, kind);
        for (auto it = options.filters.constBegin(); it != options.filters.constEnd(); ++it) {
            const GraphQLInputType *type = catalog.type(it.key());
            if (!type)
                return invalidRequestError(catalog.unknownFilterMessage(it.key()));
            Result<QString> value = renderInputValue(it.value(), *type, variables);
            if (!value)
                return invalidRequestError(
                    QStringLiteral("%1 filter '%2': %3").arg(kind.kind, it.key(), value.error().message));
            // The name passed the catalog, which only holds names built from checked schema names.
            args.append(it.key() + QStringLiteral(": ") + value.value());
        }
    }
    if (args.isEmpty())
        return QString();
    return QString(QLatin1Char('(') + args.join(QStringLiteral(", ")) + QLatin1Char(')'));
}

Result<GraphQLRequest> QueryRenderer::render(const QString &operationPrefix, const QString &kindName,
                                             const QueryOptions &options, bool countOnly) const {
    const KindSchema *kind = exposedKind(m_schema, kindName);
    if (!kind)
        return unknownKindError(kindName);

    VariableSet variables;
    Result<QString> arguments = renderArguments(*kind, options, variables);
    if (!arguments)
        return arguments.error();

    SelectionSet page;
    page.addField(QStringLiteral("count"));
    if (!countOnly) {
        Result<SelectionSet> node = buildNodeSelection(m_schema, *kind, options.selection);
        if (!node)
            return node.error();
        SelectionSet edge;
        edge.addObject(QStringLiteral("node"), std::move(node.value()));
        page.addObject(QStringLiteral("edges"), std::move(edge));
    }
    SelectionSet root;
    root.addObject(kind->kind + arguments.value(), std::move(page));

    GraphQLRequest request;
    request.operationName = operationPrefix + kind->kind;
    request.query = QStringLiteral("query ") + request.operationName + variables.definitions() +
                    QLatin1Char(' ') + root.print() + QLatin1Char('\n');
    request.variables = variables.values();
    return request;
}

Result<GraphQLRequest> QueryRenderer::list(const QString &kind, const QueryOptions &options) const {
    return render(options.filters.isEmpty() ? QStringLiteral("All_") : QStringLiteral("Filters_"), kind,
                  options, false);
}

Result<QJsonObject> QueryRenderer::lookupFilter(const KindSchema &kind, const NodeLookup &lookup) const {
    switch (lookup.by) {
    case NodeLookup::By::Id:
        if (lookup.id.isEmpty())
            return invalidRequestError(
                QStringLiteral("%1: cannot look up a node by an empty id.").arg(kind.kind));
        return QJsonObject{{QStringLiteral("ids"), QJsonArray{lookup.id}}};
    case NodeLookup::By::Hfid: {
        if (kind.humanFriendlyId.isEmpty())
            return invalidRequestError(
                QStringLiteral("%1 has no human-friendly id; look it up by id or by its default filter.")
                    .arg(kind.kind));
        if (lookup.hfid.size() != kind.humanFriendlyId.size())
            return invalidRequestError(QStringLiteral("%1's hfid has %2 part(s) (%3); got %4.")
                                           .arg(kind.kind)
                                           .arg(kind.humanFriendlyId.size())
                                           .arg(kind.humanFriendlyId.join(QStringLiteral(", ")))
                                           .arg(lookup.hfid.size()));
        return QJsonObject{{QStringLiteral("hfid"), QJsonArray::fromStringList(lookup.hfid)}};
    }
    case NodeLookup::By::DefaultFilter:
        if (kind.defaultFilter.isEmpty())
            return invalidRequestError(
                QStringLiteral("%1 has no default filter; look it up by id or hfid.").arg(kind.kind));
        return QJsonObject{{kind.defaultFilter, lookup.value}};
    }
    return QJsonObject();
}

Result<GraphQLRequest> QueryRenderer::get(const QString &kindName, const NodeLookup &lookup,
                                          QueryOptions options) const {
    const KindSchema *kind = exposedKind(m_schema, kindName);
    if (!kind)
        return unknownKindError(kindName);
    Result<QJsonObject> filter = lookupFilter(*kind, lookup);
    if (!filter)
        return filter.error();
    for (auto it = filter->constBegin(); it != filter->constEnd(); ++it) {
        if (options.filters.contains(it.key()))
            return invalidRequestError(
                QStringLiteral("%1: filter '%2' is given twice (by the lookup and by the filters).")
                    .arg(kind->kind, it.key()));
        options.filters.insert(it.key(), it.value());
    }
    if (!options.limit)
        options.limit = 2;
    return render(QStringLiteral("Get_"), kindName, options, false);
}

Result<GraphQLRequest> QueryRenderer::count(const QString &kind, const QJsonObject &filters) const {
    QueryOptions options;
    options.filters = filters;
    return render(QStringLiteral("Count_"), kind, options, true);
}

} // namespace infrahub
