// Actions ▸ Add or Remove Related Object: one peer (a tag, a group, ...) added to or removed from a
// cardinality-many relationship of every selected object, as a job (RelationshipAdd / RelationshipRemove,
// so the other peers stay). The peer is picked by searching the server; optionally on a new branch.
#pragma once

#include "core/client/infrahubclient.h"

#include <QDialog>

class BatchPreview;
class BranchTransactionBox;
class QComboBox;
class QLabel;
class QRadioButton;
class QVBoxLayout;
class RelationshipPicker;

class RelatePeersDialog : public QDialog {
    Q_OBJECT

public:
    struct Request {
        QString relationship;
        infrahub::RelatedNode peer;
        bool add = true;
        int concurrency = 5;
        QString newBranch;
        bool mergeWhenAllSucceed = false;
    };

    // `client` searches the peers (on `branch`); `kind` is the selected objects' kind.
    RelatePeersDialog(infrahub::InfrahubClient *client, const infrahub::SchemaSet &schema,
                      const infrahub::KindSchema &kind, int objectCount, const QString &branch,
                      int concurrency, QWidget *parent = nullptr);

    QStringList relationshipNames() const;
    // Tests: chooses the relationship and whether to add or remove; the picker is then picker().
    void choose(const QString &relationship, bool add);
    RelationshipPicker *picker() const { return m_picker; }
    QString preview() const;
    Request request() const;

private:
    void relationshipChosen();
    void update();

    infrahub::InfrahubClient *m_client;
    const infrahub::SchemaSet &m_schema;
    infrahub::KindSchema m_kind;
    int m_count;
    QString m_branch;
    int m_concurrency;
    QComboBox *m_relationship;
    QRadioButton *m_add;
    QRadioButton *m_remove;
    QVBoxLayout *m_pickerHost;
    RelationshipPicker *m_picker = nullptr;
    BranchTransactionBox *m_transaction;
    BatchPreview *m_preview;
};
