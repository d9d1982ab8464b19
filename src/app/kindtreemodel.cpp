#include "kindtreemodel.h"

#include <QFont>

#include <algorithm>

namespace {
// Internal ids: 0 for a namespace row, group index + 1 for a kind row (its parent group).
constexpr quintptr kGroupRow = 0;
} // namespace

KindTreeModel::KindTreeModel(QObject *parent)
    : QAbstractItemModel(parent) {}

void KindTreeModel::setSchema(const infrahub::SchemaSet *schema) {
    beginResetModel();
    m_groups.clear();
    if (schema) {
        static const QStringList inventory{QStringLiteral("LocationSite"), QStringLiteral("InfraDevice"),
                                           QStringLiteral("InfraVLAN"), QStringLiteral("IpamIPPrefix"),
                                           QStringLiteral("IpamIPAddress")};
        Group up{tr("Inventory"), true, {}};
        for (const QString &name : inventory)
            if (const infrahub::KindSchema *k = schema->kind(name); k && (k->isNode() || k->isGeneric()))
                up.kinds.append(k);
        if (!up.kinds.isEmpty())
            m_groups.append(up);
        QMap<QString, QList<const infrahub::KindSchema *>> byNamespace;
        for (const infrahub::KindSchema &k : schema->kinds())
            if (k.isNode() || k.isGeneric())
                byNamespace[k.ns].append(&k);
        for (auto it = byNamespace.begin(); it != byNamespace.end(); ++it) {
            std::sort(it->begin(), it->end(), [](const auto *a, const auto *b) { return a->kind < b->kind; });
            m_groups.append({it.key(), false, it.value()});
        }
    }
    endResetModel();
}

int KindTreeModel::kindCount() const {
    int n = 0;
    for (const Group &g : m_groups)
        if (!g.shortcuts)
            n += int(g.kinds.size());
    return n;
}

QModelIndex KindTreeModel::index(int row, int column, const QModelIndex &parent) const {
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kGroupRow);
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex KindTreeModel::parent(const QModelIndex &child) const {
    if (!child.isValid() || child.internalId() == kGroupRow)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kGroupRow);
}

int KindTreeModel::rowCount(const QModelIndex &parent) const {
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.internalId() == kGroupRow && parent.column() == 0)
        return int(m_groups.at(parent.row()).kinds.size());
    return 0;
}

int KindTreeModel::columnCount(const QModelIndex &) const {
    return 2;
}

QVariant KindTreeModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid())
        return {};
    if (index.internalId() == kGroupRow) {
        const Group &g = m_groups.at(index.row());
        if (role == Qt::DisplayRole && index.column() == 0)
            return g.name;
        if (role == Qt::DisplayRole && index.column() == 1)
            return tr("%n kind(s)", nullptr, int(g.kinds.size()));
        return {};
    }
    const infrahub::KindSchema *k = m_groups.at(int(index.internalId() - 1)).kinds.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == 0)
            return k->label.isEmpty() ? k->name : k->label;
        return k->kind;
    case Qt::ToolTipRole:
        return k->description.isEmpty() ? k->kind : k->description;
    case KindNameRole:
        return k->kind;
    case Qt::FontRole:
        if (k->isGeneric()) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        return {};
    default:
        return {};
    }
}

QVariant KindTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == 0 ? tr("Name") : tr("Kind");
}
