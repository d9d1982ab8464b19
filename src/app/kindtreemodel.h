// The server's kinds for a tree view: namespaces at the top level, their node and generic kinds below,
// all taken from the schema the server sent (nothing hard-wired, so any schema works).
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
        QList<const infrahub::KindSchema *> kinds;
    };
    QList<Group> m_groups;
};
