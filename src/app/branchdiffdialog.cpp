#include "branchdiffdialog.h"

#include "core/client/infrahubclient.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QMap>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

using infrahub::BranchDiff;
using infrahub::DiffAction;

namespace {

enum Column { ObjectColumn, ChangeColumn, BeforeColumn, AfterColumn };

// Object rows carry what objectActivated needs; only they have a kind.
constexpr int KindRole = Qt::UserRole + 1;
constexpr int IdRole = Qt::UserRole + 2;

// Fixed, readable on light and dark palettes alike, and the same meaning everywhere in the dialog.
QColor actionColor(DiffAction action) {
    switch (action) {
    case DiffAction::Added:
        return QColor(0x2e, 0x7d, 0x32);
    case DiffAction::Removed:
        return QColor(0xc6, 0x28, 0x28);
    case DiffAction::Updated:
        return QColor(0xb2, 0x6a, 0x00);
    case DiffAction::Unchanged:
        break;
    }
    return {};
}

void colour(QTreeWidgetItem *item, DiffAction action) {
    const QColor c = actionColor(action);
    if (c.isValid())
        item->setForeground(ChangeColumn, c);
}

} // namespace

BranchDiffDialog::BranchDiffDialog(infrahub::InfrahubClient *client, const QString &branch,
                                   const QString &baseBranch, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_branch(branch) {
    setWindowTitle(tr("Changes of %1 against %2").arg(branch, baseBranch));
    setAttribute(Qt::WA_DeleteOnClose);
    resize(820, 520);

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("diffSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_tree = new QTreeWidget;
    m_tree->setObjectName(QStringLiteral("diffTree"));
    m_tree->setHeaderLabels({tr("Object"), tr("Change"), tr("Before"), tr("After")});
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setToolTip(tr("Double-click an object to open it on the branch"));
    connect(m_tree, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *item, int) { onItemActivated(item); });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_refresh = buttons->addButton(tr("&Refresh"), QDialogButtonBox::ActionRole);
    connect(m_refresh, &QPushButton::clicked, this, &BranchDiffDialog::reload);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);

    reload();
}

QString BranchDiffDialog::summaryText() const {
    return m_summary->text();
}

QString BranchDiffDialog::actionText(DiffAction action) {
    switch (action) {
    case DiffAction::Added:
        return tr("added");
    case DiffAction::Updated:
        return tr("updated");
    case DiffAction::Removed:
        return tr("removed");
    case DiffAction::Unchanged:
        break;
    }
    return tr("unchanged");
}

void BranchDiffDialog::reload() {
    if (m_loading)
        return;
    load();
}

QCoro::Task<> BranchDiffDialog::load() {
    QPointer<BranchDiffDialog> self(this);
    m_loading = true;
    m_refresh->setEnabled(false);
    m_summary->setText(tr("Computing the changes of %1…").arg(m_branch));
    if (!m_client) {
        m_summary->setText(tr("Not connected."));
        m_loading = false;
        Q_EMIT loaded(false);
        co_return;
    }
    const QString branch = m_branch;
    QCoro::Task<infrahub::Result<BranchDiff>> running = m_client->branchDiff(branch);
    const infrahub::Result<BranchDiff> result = co_await running;
    if (!self)
        co_return; // the dialog was closed meanwhile
    m_loading = false;
    m_refresh->setEnabled(true);
    if (!result) {
        m_tree->clear();
        m_summary->setText(tr("Could not load the changes of %1: %2").arg(branch, result.error().message));
        Q_EMIT loaded(false);
        co_return;
    }
    showDiff(result.value());
    Q_EMIT loaded(true);
}

void BranchDiffDialog::showDiff(const BranchDiff &diff) {
    m_diff = diff;
    if (!diff.baseBranch.isEmpty())
        setWindowTitle(tr("Changes of %1 against %2").arg(diff.branch, diff.baseBranch));
    if (diff.isEmpty()) {
        m_summary->setText(tr("%1 has no changes.").arg(diff.branch));
    } else {
        QString text =
            tr("%1 added, %2 updated, %3 removed").arg(diff.added).arg(diff.updated).arg(diff.removed);
        if (diff.conflicts > 0)
            text += tr(", %n conflict(s)", nullptr, diff.conflicts);
        m_summary->setText(text);
    }

    m_tree->clear();
    // Grouped by kind, kinds and objects in alphabetical order (the server's order is arbitrary).
    QMap<QString, QList<const infrahub::DiffNodeChange *>> byKind;
    for (const infrahub::DiffNodeChange &n : diff.nodes)
        byKind[n.kind].append(&n);
    for (auto it = byKind.begin(); it != byKind.end(); ++it) {
        auto *kindItem = new QTreeWidgetItem(m_tree, {tr("%1 (%2)").arg(it.key()).arg(it.value().size())});
        kindItem->setFirstColumnSpanned(true);
        std::sort(it.value().begin(), it.value().end(),
                  [](const auto *a, const auto *b) { return a->label.localeAwareCompare(b->label) < 0; });
        for (const infrahub::DiffNodeChange *n : std::as_const(it.value())) {
            auto *object =
                new QTreeWidgetItem(kindItem, {n->label.isEmpty() ? n->id : n->label, actionText(n->action)});
            object->setData(ObjectColumn, KindRole, n->kind);
            object->setData(ObjectColumn, IdRole, n->id);
            object->setToolTip(ObjectColumn, n->id);
            colour(object, n->action);
            for (const infrahub::DiffAttributeChange &a : n->attributes) {
                auto *attr = new QTreeWidgetItem(object, {a.name, actionText(a.action),
                                                          a.previousValue.value_or(QString()),
                                                          a.newValue.value_or(QString())});
                colour(attr, a.action);
            }
            for (const infrahub::DiffRelationshipChange &r : n->relationships) {
                QStringList before;
                QStringList after;
                for (const infrahub::DiffPeerChange &p : r.peers) {
                    const QString label = p.peerLabel.isEmpty() ? p.peerId : p.peerLabel;
                    if (p.action == DiffAction::Removed) {
                        before.append(label);
                    } else if (p.action == DiffAction::Added) {
                        after.append(label);
                    } else {
                        before.append(p.previousPeerLabel.isEmpty() ? p.previousPeerId : p.previousPeerLabel);
                        after.append(label);
                    }
                }
                const QString name = r.label.isEmpty() ? r.name : r.label;
                auto *rel = new QTreeWidgetItem(object, {name, actionText(r.action),
                                                         before.join(QStringLiteral(", ")),
                                                         after.join(QStringLiteral(", "))});
                colour(rel, r.action);
            }
        }
    }
    m_tree->expandAll();
    for (int c = ObjectColumn; c < AfterColumn; ++c)
        m_tree->resizeColumnToContents(c);
}

void BranchDiffDialog::onItemActivated(QTreeWidgetItem *item) {
    // Attribute rows open their object; a removed object no longer exists on the branch.
    while (item && item->data(ObjectColumn, KindRole).toString().isEmpty())
        item = item->parent();
    if (!item || item->text(ChangeColumn) == actionText(DiffAction::Removed))
        return;
    Q_EMIT objectActivated(item->data(ObjectColumn, KindRole).toString(),
                           item->data(ObjectColumn, IdRole).toString());
}
