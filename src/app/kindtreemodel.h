// The server's kinds for a tree view: first an "Inventory" group with the kinds engineers open most (sites,
// devices, VLANs, prefixes, IP addresses — those of them the schema has), then every namespace with its
// node and generic kinds, all taken from the schema the server sent (a schema without the usual kinds
// simply has no Inventory group).
#pragma once

#include "core/schema/schemamodel.h"

#include <QAbstractItemModel>

class KindTreeModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Role { KindNameRole = Qt::UserRole + 1 };

    explicit KindTreeModel(QObject *parent = nullptr);

    void setSchema(const infrahub::SchemaSet *schema);
    int kindCount() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Group {
        QString name;
        bool shortcuts = false; // Inventory: kinds that also appear under their namespace
        QList<const infrahub::KindSchema *> kinds;
    };
    QList<Group> m_groups;
};
