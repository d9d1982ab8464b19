// The objects related to the one in the detail pane, one tab per cardinality-many relationship: a site's
// devices, VLANs and circuit endpoints side by side, a device's interfaces, an interface's IP addresses.
// Each tab is a live listing of the peer kind on the server, filtered by the relationship's other side
// (`site__ids: [<site>]`), so it needs nothing but the schema: a different schema gets its own tabs.
// Activating a row opens that object, which shows its own related objects in turn (device -> site ->
// other devices).
#pragma once

#include "core/client/infrahubclient.h"

#include <QPointer>
#include <QWidget>

namespace infrahub {
class NodeTableModel;
}

class QLabel;
class QTabWidget;
class QTableView;

class RelatedObjectsPane : public QWidget {
    Q_OBJECT

public:
    explicit RelatedObjectsPane(QWidget *parent = nullptr);

    // Lists what node `id` of `kind` is related to on `branch`; `client` and `schema` must outlive the
    // listings (a new call or clear() cancels them). An empty id clears the pane.
    void showRelated(infrahub::InfrahubClient *client, const infrahub::SchemaSet *schema, const QString &kind,
                     const QString &id, const QString &branch);
    void clear();

    QString nodeId() const { return m_id; }
    // The relationships shown as tabs, in schema order (tests).
    QStringList relationships() const;
    infrahub::NodeTableModel *model(const QString &relationship) const;
    // Opens row `row` of a relationship's tab, as a double-click does; false when there is no such row.
    bool activateRow(const QString &relationship, int row);

    // How the peers of `relationship` (on a node of `kind`) are listed: the filter on the peer kind
    // that selects the peers of node `id`, or an empty object when the peer side has no relationship
    // with the same identifier to filter on.
    static QJsonObject peerFilter(const infrahub::SchemaSet &schema, const QString &kind,
                                  const infrahub::RelationshipSchema &relationship, const QString &id);

Q_SIGNALS:
    void openRequested(const QString &kind, const QString &id);
    // Every tab's listing has ended (loaded or failed).
    void allLoaded();

private:
    struct Tab {
        QString relationship;
        QString label;
        infrahub::NodeTableModel *model = nullptr;
        QTableView *view = nullptr;
    };
    void updateTabText(int index);
    void checkAllLoaded();

    QString m_id;
    QLabel *m_empty;
    QTabWidget *m_tabs;
    QList<Tab> m_tabList;
};
