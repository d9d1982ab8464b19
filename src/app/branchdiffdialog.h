// What a branch changed against the branch it came from (InfrahubClient::branchDiff): a summary line
// ("3 added, 2 updated, 1 removed") and the changed objects grouped by kind, each with its changed
// attributes (before -> after) and relationships (peers added, removed or replaced), coloured by action.
// Double-clicking an object that still exists on the branch asks to open it (objectActivated).
#pragma once

#include "core/query/branchdiff.h"

#include <QDialog>
#include <QPointer>

#include <QCoroTask>

namespace infrahub {
class InfrahubClient;
}

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

class BranchDiffDialog : public QDialog {
    Q_OBJECT

public:
    // Loads the diff at once; `baseBranch` only names the other side in the title until the server says.
    BranchDiffDialog(infrahub::InfrahubClient *client, const QString &branch, const QString &baseBranch,
                     QWidget *parent = nullptr);

    QString branch() const { return m_branch; }
    // The summary line (or the error, or "Loading…"), and the tree, for tests.
    QString summaryText() const;
    QTreeWidget *tree() const { return m_tree; }
    const infrahub::BranchDiff &diff() const { return m_diff; }

    // Recomputes the diff on the server and shows it again.
    void reload();

    static QString actionText(infrahub::DiffAction action);

Q_SIGNALS:
    // The diff arrived (ok) or failed; summaryText() then says which.
    void loaded(bool ok);
    void objectActivated(const QString &kind, const QString &id);

private:
    QCoro::Task<> load();
    void showDiff(const infrahub::BranchDiff &diff);
    void onItemActivated(QTreeWidgetItem *item);

    QPointer<infrahub::InfrahubClient> m_client;
    QString m_branch;
    infrahub::BranchDiff m_diff;
    QLabel *m_summary;
    QTreeWidget *m_tree;
    QPushButton *m_refresh;
    bool m_loading = false;
};
