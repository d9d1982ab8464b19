#include "csvimport.h"

#include "nodes/attributetext.h"
#include "query/apiexposure.h"

#include <QCoreApplication>

namespace infrahub {

namespace {

QString text(const char *s, int n = -1) {
    return QCoreApplication::translate("CsvImport", s, nullptr, n);
}

} // namespace

CsvImportPlan CsvImportPlan::make(const QList<QStringList> &rows, const KindSchema &kind,
                                  const SchemaSet &schema) {
    CsvImportPlan plan;
    plan.m_kind = kind.kind;
    if (rows.isEmpty()) {
        plan.m_problem = text("The file is empty: the first line must name the columns.");
        return plan;
    }
    // The key: what finds an existing object (name__value -> name).
    QString keyPath = kind.defaultFilter;
    if (keyPath.isEmpty() && kind.humanFriendlyId.size() == 1)
        keyPath = kind.humanFriendlyId.first();
    if (keyPath.endsWith(u"__value") && keyPath.count(u"__") == 1)
        plan.m_keyAttribute = keyPath.chopped(7);

    for (const QString &cell : rows.first()) {
        Column column;
        column.header = cell.trimmed();
        for (const AttributeSchema &a : kind.attributes) {
            if (a.readOnly || !isExposedAttribute(a))
                continue;
            if (a.name.compare(column.header, Qt::CaseInsensitive) == 0 ||
                (!a.label.isEmpty() && a.label.compare(column.header, Qt::CaseInsensitive) == 0))
                column.field = a.name;
        }
        if (column.field.isEmpty()) {
            for (const RelationshipSchema &r : kind.relationships) {
                if (r.readOnly || !exposedPeer(schema, r))
                    continue;
                if (r.name.compare(column.header, Qt::CaseInsensitive) == 0 ||
                    (!r.label.isEmpty() && r.label.compare(column.header, Qt::CaseInsensitive) == 0)) {
                    column.field = r.name;
                    column.relationship = true;
                }
            }
        }
        plan.m_columns.append(column);
    }
    const qsizetype keyColumn =
        std::find_if(plan.m_columns.cbegin(), plan.m_columns.cend(),
                     [&](const Column &c) { return !c.relationship && c.field == plan.m_keyAttribute; }) -
        plan.m_columns.cbegin();
    if (!plan.m_keyAttribute.isEmpty() && keyColumn == plan.m_columns.size())
        plan.m_problem = text("No column for %1, which identifies each %2 (updated if it exists, created if "
                              "not).")
                             .arg(plan.m_keyAttribute, kind.kind);

    for (const AttributeSchema &a : kind.attributes)
        if (a.isRequiredOnCreate() && !a.readOnly)
            plan.m_required.append(a.name);
    for (const RelationshipSchema &r : kind.relationships)
        if (!r.isMany() && !r.optional && !r.readOnly && exposedPeer(schema, r))
            plan.m_requiredRelationships.append(r.name);

    for (qsizetype i = 1; i < rows.size(); ++i) {
        const QStringList &cells = rows.at(i);
        Row row;
        row.line = int(i + 1);
        if (cells.size() > plan.m_columns.size()) {
            row.error = text("%n more cell(s) than the header has columns",
                             int(cells.size() - plan.m_columns.size()));
            plan.m_rows.append(row);
            continue;
        }
        for (qsizetype c = 0; c < cells.size() && row.error.isEmpty(); ++c) {
            const Column &column = plan.m_columns.at(c);
            const QString cell = cells.at(c).trimmed();
            if (column.field.isEmpty() || cell.isEmpty())
                continue; // an empty cell leaves the field as it is (or unset on a new object)
            if (column.relationship) {
                const RelationshipSchema *r = kind.relationship(column.field);
                QList<RelatedNode> peers;
                const QStringList parts =
                    r->isMany() ? cell.split(u';', Qt::SkipEmptyParts) : QStringList{cell};
                for (const QString &part : parts)
                    peers.append(RelatedNode::fromHfid({part.trimmed()}));
                row.data.relationships.insert(column.field, peers);
                continue;
            }
            const std::optional<QJsonValue> v =
                attributeValueFromText(*kind.attribute(column.field), cell, column.header, &row.error);
            if (v)
                row.data.attributes.insert(column.field, *v);
        }
        if (row.error.isEmpty() && !plan.m_keyAttribute.isEmpty()) {
            row.key = row.data.attributes.value(plan.m_keyAttribute).toString();
            if (row.key.isEmpty())
                row.error = text("no %1: the row cannot be matched or created").arg(plan.m_keyAttribute);
        }
        plan.m_rows.append(row);
    }
    return plan;
}

QStringList CsvImportPlan::unknownColumns() const {
    QStringList out;
    for (const Column &c : m_columns)
        if (c.field.isEmpty())
            out.append(c.header);
    return out;
}

int CsvImportPlan::validRows() const {
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Row &r) { return r.isValid(); }));
}

QCoro::Task<Result<QString>> CsvImportPlan::dryRun(InfrahubClient *client, int index, QString branch,
                                                   CancellationToken token) const {
    const Row row = m_rows.at(index);
    const QString kind = m_kind;
    const QStringList required = m_required;
    const QStringList requiredRelationships = m_requiredRelationships;
    if (!row.isValid())
        co_return InfrahubError::make(InfrahubError::Kind::Validation, row.error);
    if (!row.key.isEmpty()) {
        QCoro::Task<Result<Node>> lookup =
            client->get(kind, NodeLookup::byDefaultFilter(row.key), {}, branch, token);
        const Result<Node> existing = co_await lookup;
        if (existing)
            co_return text("update %1").arg(existing->displayLabel());
        if (existing.error().kind != InfrahubError::Kind::NotFound)
            co_return existing.error();
    }
    // A new object: it needs every required field.
    QStringList missing;
    for (const QString &name : required)
        if (!row.data.attributes.contains(name))
            missing.append(name);
    for (const QString &name : requiredRelationships)
        if (!row.data.relationships.contains(name))
            missing.append(name);
    if (!missing.isEmpty())
        co_return InfrahubError::make(
            InfrahubError::Kind::Validation,
            text("would be created, but has no %1").arg(missing.join(QStringLiteral(", "))));
    co_return text("create");
}

QCoro::Task<Result<QString>> CsvImportPlan::importRow(InfrahubClient *client, int index, QString branch,
                                                      CancellationToken token) const {
    const Row row = m_rows.at(index);
    const QString kind = m_kind;
    if (!row.isValid())
        co_return InfrahubError::make(InfrahubError::Kind::Validation, row.error);
    QCoro::Task<Result<MutationResult>> upserting = client->upsert(kind, row.data, {}, branch, token);
    const Result<MutationResult> result = co_await upserting;
    if (!result)
        co_return result.error();
    const QJsonObject object = result->object;
    co_return text("imported %1")
        .arg(object.value(u"display_label").toString(object.value(u"id").toString()));
}

} // namespace infrahub
