#include "relatedobjectspane.h"

#include "core/query/apiexposure.h"
#include "core/views/nodetablemodel.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace {

// Group memberships and profiles are bookkeeping every node has; they would add two empty tabs to each.
bool showsAsTab(const infrahub::RelationshipSchema &r) {
    return r.isMany() && r.kind != u"Group" && r.kind != u"Profile";
}

} // namespace

RelatedObjectsPane::RelatedObjectsPane(QWidget *parent)
    : QWidget(parent) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_empty = new QLabel(tr("Select an object to see what it is related to."));
    m_empty->setEnabled(false);
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    layout->addWidget(m_empty);
    layout->addWidget(m_tabs, 1);
    m_tabs->hide();
}

QJsonObject RelatedObjectsPane::peerFilter(const infrahub::SchemaSet &schema, const QString &kind,
                                           const infrahub::RelationshipSchema &relationship,
                                           const QString &id) {
    const infrahub::KindSchema *peer = schema.kind(relationship.peer);
    if (!peer || relationship.identifier.isEmpty())
        return {};
    for (const infrahub::RelationshipSchema &back : peer->relationships) {
        if (back.identifier != relationship.identifier || !schema.isKindOf(kind, back.peer))
            continue;
        if (peer->kind == kind && back.name == relationship.name)
            continue; // a kind related to itself: the other side is the other relationship
        return {{back.name + QStringLiteral("__ids"), QJsonArray{id}}};
    }
    return {};
}

void RelatedObjectsPane::showRelated(infrahub::InfrahubClient *client, const infrahub::SchemaSet *schema,
                                     const QString &kind, const QString &id, const QString &branch) {
    clear();
    const infrahub::KindSchema *kindSchema = schema && !id.isEmpty() ? schema->kind(kind) : nullptr;
    if (!client || !kindSchema)
        return;
    m_id = id;
    for (const infrahub::RelationshipSchema &r : kindSchema->relationships) {
        if (!showsAsTab(r) || !infrahub::exposedPeer(*schema, r))
            continue;
        const QJsonObject filter = peerFilter(*schema, kind, r, id);
        if (filter.isEmpty())
            continue; // nothing on the peer side to filter by (the detail pane lists such peers itself)
        Tab tab;
        tab.relationship = r.name;
        tab.label = r.label.isEmpty() ? r.name : r.label;
        tab.model = new infrahub::NodeTableModel(this);
        tab.view = new QTableView;
        tab.view->setModel(tab.model);
        tab.view->setSelectionBehavior(QAbstractItemView::SelectRows);
        tab.view->setEditTriggers(QAbstractItemView::NoEditTriggers);
        tab.view->setAlternatingRowColors(true);
        tab.view->setWordWrap(false);
        tab.view->verticalHeader()->hide();
        tab.view->verticalHeader()->setDefaultSectionSize(tab.view->fontMetrics().height() + 6);
        tab.view->horizontalHeader()->setDefaultSectionSize(130);
        tab.view->setToolTip(tr("Double-click (or Enter) opens the object"));
        const QString name = r.name;
        auto open = [this, name](const QModelIndex &index) {
            activateRow(name, index.row());
        };
        connect(tab.view, &QAbstractItemView::activated, this, open);
        const int index = m_tabs->addTab(tab.view, tab.label);
        m_tabList.append(tab);
        // Once the columns are known: an attribute column that repeats the label goes.
        const infrahub::KindSchema *peerSchema = schema->kind(r.peer);
        QTableView *view = tab.view;
        connect(tab.model, &QAbstractItemModel::modelReset, view, [view, peerSchema] {
            const auto *m = static_cast<const infrahub::NodeTableModel *>(view->model());
            if (const int repeated = peerSchema ? m->columnRepeatingLabel(*peerSchema) : -1; repeated > 0)
                view->horizontalHeader()->setSectionHidden(repeated, true);
        });
        connect(tab.model, &infrahub::NodeTableModel::progress, this,
                [this, index] { updateTabText(index); });
        connect(tab.model, &infrahub::NodeTableModel::loadingChanged, this, [this, index](bool loading) {
            updateTabText(index);
            if (!loading)
                checkAllLoaded();
        });
        infrahub::QueryOptions options;
        options.filters = filter;
        tab.model->load(client, r.peer, options, branch);
        updateTabText(index);
    }
    m_empty->setVisible(m_tabList.isEmpty());
    m_empty->setText(m_tabList.isEmpty() ? tr("%1 has no related objects to list.").arg(kindSchema->kind)
                                         : QString());
    m_tabs->setVisible(!m_tabList.isEmpty());
    if (m_tabList.isEmpty())
        Q_EMIT allLoaded();
}

void RelatedObjectsPane::clear() {
    m_id.clear();
    // Deleting a model cancels its load: its requests are aborted and nothing reaches the deleted view.
    for (const Tab &tab : std::as_const(m_tabList)) {
        tab.model->disconnect(this); // its last loadingChanged() must not reach the next tabs
        tab.model->cancel();
        tab.model->deleteLater();
    }
    m_tabList.clear();
    while (m_tabs->count() > 0) {
        QWidget *page = m_tabs->widget(0);
        m_tabs->removeTab(0);
        page->hide();
        page->deleteLater(); // it may be the view whose double-click opened another object just now
    }
    m_tabs->hide();
    m_empty->setText(tr("Select an object to see what it is related to."));
    m_empty->show();
}

void RelatedObjectsPane::updateTabText(int index) {
    if (index < 0 || index >= m_tabList.size())
        return;
    const Tab &tab = m_tabList.at(index);
    QString text;
    if (!tab.model->errorMessage().isEmpty()) {
        text = tr("%1 (error)").arg(tab.label);
        m_tabs->setTabToolTip(index, tab.model->errorMessage());
    } else if (tab.model->totalCount() < 0) {
        text = tr("%1 (…)").arg(tab.label);
    } else {
        text = tr("%1 (%2)").arg(tab.label).arg(tab.model->totalCount());
    }
    m_tabs->setTabText(index, text);
}

void RelatedObjectsPane::checkAllLoaded() {
    for (const Tab &tab : std::as_const(m_tabList))
        if (tab.model->isLoading())
            return;
    Q_EMIT allLoaded();
}

QStringList RelatedObjectsPane::relationships() const {
    QStringList out;
    for (const Tab &tab : m_tabList)
        out.append(tab.relationship);
    return out;
}

infrahub::NodeTableModel *RelatedObjectsPane::model(const QString &relationship) const {
    for (const Tab &tab : m_tabList)
        if (tab.relationship == relationship)
            return tab.model;
    return nullptr;
}

bool RelatedObjectsPane::activateRow(const QString &relationship, int row) {
    const infrahub::NodeTableModel *m = model(relationship);
    if (!m || row < 0 || row >= m->rowCount())
        return false;
    Q_EMIT openRequested(m->kindAt(row), m->idAt(row));
    return true;
}
