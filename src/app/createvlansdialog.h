// Actions ▸ Create VLAN at Selected Sites (the seeds' example): one VLAN per selected site, named from a
// pattern ("{site}-mgmt"), with a VLAN id, status and role from the VLAN kind's schema, as a job —
// optionally on a new branch. The dialog lists the names it will create before anything runs.
#pragma once

#include "core/schema/schemamodel.h"

#include <QDialog>

class BatchPreview;
class BranchTransactionBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

class CreateVlansDialog : public QDialog {
    Q_OBJECT

public:
    struct Request {
        QStringList names; // one per site, in the sites' order
        int vlanId = 0;
        QString status; // choice names ("active"), empty when the kind has no such attribute
        QString role;
        int concurrency = 5;
        QString newBranch;
        bool mergeWhenAllSucceed = false;
    };

    // `vlanKind` is the VLAN kind's schema; `sites` the selected sites' labels.
    CreateVlansDialog(const infrahub::KindSchema &vlanKind, QStringList sites, const QString &branch,
                      int concurrency, QWidget *parent = nullptr);

    // Fills the form (tests); returns the preview, or the error that keeps Run disabled.
    QString fill(const QString &pattern, int vlanId, const QString &newBranch = {}, bool merge = false);
    Request request() const;
    // The VLAN name for `site` from `pattern` ({site} and {vlan_id} are replaced).
    static QString nameFor(const QString &pattern, const QString &site, int vlanId);

private:
    void update();
    static QComboBox *choiceBox(const infrahub::AttributeSchema *attribute);

    QStringList m_sites;
    QLineEdit *m_pattern;
    QSpinBox *m_vlanId;
    QComboBox *m_status;
    QComboBox *m_role;
    QSpinBox *m_concurrency;
    BranchTransactionBox *m_transaction;
    BatchPreview *m_preview;
};
