#include "nodetablemodel.h"

#include "core/query/nodeselection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace infrahub {

namespace {

bool isNumericKind(const QString &attributeKind) {
    return attributeKind == u"Number" || attributeKind == u"Bandwidth" || attributeKind == u"NumberPool";
}

} // namespace

NodeTableModel::NodeTableModel(QObject *parent)
    : QAbstractTableModel(parent) {}

NodeTableModel::~NodeTableModel() {
    if (m_cancel)
        m_cancel->cancel();
}

QList<NodeTableModel::Column> NodeTableModel::columnsFor(const KindSchema &kind, const SchemaSet &schema) {
    QList<Column> out;
    out.append({Column::Source::DisplayLabel, QString(), QObject::tr("Label"), false});
    for (const AttributeSchema &a : kind.attributes)
        out.append(
            {Column::Source::Attribute, a.name, a.label.isEmpty() ? a.name : a.label, isNumericKind(a.kind)});
    // Exactly the relationships the default listing selects (cardinality one, and many of kind Attribute
    // or Parent), so every column has data without extra queries.
    const Result<SelectionSet> selection = buildNodeSelection(schema, kind);
    for (const RelationshipSchema &r : kind.relationships) {
        if (!selection || !selection->contains(r.name))
            continue;
        out.append({Column::Source::Relationship, r.name, r.label.isEmpty() ? r.name : r.label, false});
    }
    return out;
}

QStringList NodeTableModel::cellsOf(const Node &node, const QList<Column> &columns) {
    QStringList cells;
    cells.reserve(columns.size());
    for (const Column &c : columns) {
        switch (c.source) {
        case Column::Source::DisplayLabel:
            cells.append(node.displayLabel());
            break;
        case Column::Source::Attribute: {
            const AttributeValue *a = node.attribute(c.name);
            cells.append(!a ? QString() : !a->label.isEmpty() ? a->label : valueText(a->value));
            break;
        }
        case Column::Source::Relationship: {
            QStringList labels;
            for (const RelatedNode &peer : node.peers(c.name))
                labels.append(!peer.displayLabel.isEmpty() ? peer.displayLabel : peer.hfid.join(u'/'));
            cells.append(labels.join(QStringLiteral(", ")));
            break;
        }
        }
    }
    return cells;
}

void NodeTableModel::load(InfrahubClient *client, const QString &kind, const QueryOptions &options,
                          const QString &branch) {
    cancel();
    beginResetModel();
    m_kind = kind;
    m_rows.clear();
    m_columns.clear();
    m_total = -1;
    m_error.clear();
    endResetModel();
    const quint64 generation = ++m_generation;
    m_cancel = std::make_unique<CancellationSource>();
    setLoading(true);
    run(generation, client, kind, options, branch, m_cancel->token());
}

void NodeTableModel::cancel() {
    ++m_generation; // whatever the running load still delivers is dropped
    if (m_cancel)
        m_cancel->cancel();
    m_cancel.reset();
    setLoading(false); // not finished(): nothing was completed
}

void NodeTableModel::clear() {
    cancel();
    beginResetModel();
    m_kind.clear();
    m_rows.clear();
    m_columns.clear();
    m_total = -1;
    m_error.clear();
    endResetModel();
}

QCoro::Task<> NodeTableModel::run(quint64 generation, QPointer<InfrahubClient> client, QString kind,
                                  QueryOptions options, QString branch, CancellationToken token) {
    QPointer<NodeTableModel> self(this);
    if (!client)
        co_return;
    // The columns need the schema of the branch (cached by the client after the first time).
    QCoro::Task<Result<std::shared_ptr<const SchemaSet>>> schemaTask = client->schema(branch, token);
    const Result<std::shared_ptr<const SchemaSet>> schema = co_await schemaTask;
    if (!self || generation != m_generation)
        co_return;
    const KindSchema *kindSchema = schema ? schema.value()->kind(kind) : nullptr;
    if (!kindSchema) {
        m_error = schema ? tr("The server's schema has no kind %1.").arg(kind) : schema.error().message;
        setLoading(false);
        Q_EMIT finished();
        co_return;
    }
    beginResetModel();
    m_columns = columnsFor(*kindSchema, *schema.value());
    endResetModel();

    auto stream = client->pages(kind, options, branch, token, InfrahubClient::Paging::Concurrent);
    QCORO_FOREACH(const Result<NodePage> &page, stream) {
        if (!self || generation != m_generation)
            co_return; // a newer load took over; leaving the loop aborts this one's requests
        if (!page) {
            m_error = page.error().message;
            break;
        }
        if (!page->nodes.isEmpty()) {
            const int first = int(m_rows.size());
            beginInsertRows({}, first, first + int(page->nodes.size()) - 1);
            for (const Node &node : page->nodes)
                m_rows.append(Row{node.id(), cellsOf(node, m_columns),
                                  node.kind() == m_kind ? QString() : node.kind()});
            endInsertRows();
        }
        m_total = page->count;
        Q_EMIT progress(int(m_rows.size()), m_total);
    }
    if (!self || generation != m_generation)
        co_return;
    if (m_total < 0 && m_error.isEmpty())
        m_total = int(m_rows.size());
    setLoading(false);
    Q_EMIT finished();
}

void NodeTableModel::setLoading(bool loading) {
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

int NodeTableModel::columnOf(const QString &name) const {
    for (qsizetype i = 0; i < m_columns.size(); ++i)
        if (m_columns.at(i).name == name)
            return int(i);
    return -1;
}

QString NodeTableModel::idAt(int row) const {
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QString();
}

int NodeTableModel::columnRepeatingLabel(const KindSchema &kind) const {
    if (kind.displayLabels.size() != 1 || m_columns.isEmpty() ||
        m_columns.first().source != Column::Source::DisplayLabel)
        return -1;
    const QString &path = kind.displayLabels.first();
    if (!path.endsWith(u"__value") || path.count(u"__") != 1)
        return -1;
    const int column = columnOf(path.chopped(7));
    return column > 0 ? column : -1;
}

QString NodeTableModel::kindAt(int row) const {
    if (row < 0 || row >= m_rows.size())
        return {};
    return m_rows.at(row).kind.isEmpty() ? m_kind : m_rows.at(row).kind;
}

bool NodeTableModel::updateNode(const Node &node) {
    for (qsizetype r = 0; r < m_rows.size(); ++r) {
        if (m_rows.at(r).id != node.id())
            continue;
        m_rows[r].cells = cellsOf(node, m_columns);
        Q_EMIT dataChanged(index(int(r), 0), index(int(r), int(m_columns.size()) - 1));
        return true;
    }
    return false;
}

bool NodeTableModel::removeNode(const QString &id) {
    for (qsizetype r = 0; r < m_rows.size(); ++r) {
        if (m_rows.at(r).id != id)
            continue;
        beginRemoveRows({}, int(r), int(r));
        m_rows.removeAt(r);
        if (m_total > 0)
            --m_total;
        endRemoveRows();
        return true;
    }
    return false;
}

int NodeTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int NodeTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant NodeTableModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= m_columns.size())
        return {};
    const Row &row = m_rows.at(index.row());
    const QString &text = row.cells.at(index.column());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return text;
    case IdRole:
        return row.id;
    case KindRole:
        return row.kind.isEmpty() ? m_kind : row.kind;
    case SortRole:
        if (m_columns.at(index.column()).numeric) {
            bool ok = false;
            const double number = text.toDouble(&ok);
            return ok ? QVariant(number) : QVariant(text);
        }
        return text;
    default:
        return {};
    }
}

QVariant NodeTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole)
        return m_columns.at(section).header;
    if (role == Qt::ToolTipRole)
        return m_columns.at(section).name.isEmpty() ? tr("The object's display label")
                                                    : m_columns.at(section).name;
    return {};
}

} // namespace infrahub
