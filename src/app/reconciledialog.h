// Sweep ▸ Reconcile with Infrahub: the sweep's findings as a reviewable batch. Hosts that answered but are
// not in IPAM can be created as IP addresses (with their prefix's length); addresses in IPAM that stayed
// silent, and the objects whose primary address they are (devices), can be marked by setting an attribute
// (a status, a description). By default it all runs on a new branch that is kept for review, not merged.
#pragma once

#include "core/schema/schemamodel.h"
#include "core/sweep/sweepreconciliation.h"

#include <QDialog>
#include <QJsonObject>

class BatchPreview;
class BranchTransactionBox;
class QCheckBox;
class QComboBox;
class QGroupBox;
class QLineEdit;
class QSpinBox;

class ReconcileDialog : public QDialog {
    Q_OBJECT

public:
    struct Item {
        enum class Action { Create, Update };
        Action action = Action::Create;
        QString kind;
        QString id; // Update only
        QJsonObject values;
        QString label; // for the job's item list: "create 10.0.0.7/24", "atl1-edge1: status"
    };
    struct Request {
        QList<Item> items;
        int concurrency = 5;
        QString newBranch;
        bool mergeWhenAllSucceed = false;
    };

    ReconcileDialog(const infrahub::SchemaSet &schema, infrahub::SweepReconciliation reconciliation,
                    const QString &addressKind, const QString &branch, int concurrency,
                    QWidget *parent = nullptr);

    // Tests: what to do; each returns the preview (or the problem that keeps Run disabled).
    QString setCreate(bool create, const QString &description = {});
    // Marks the silent objects of `kind` (the address kind, or a referrer kind such as InfraDevice) by
    // setting `attribute` to `value`; an empty attribute leaves them alone.
    QString setMark(const QString &kind, const QString &attribute, const QString &value);
    QString setPlan(const QString &newBranch, bool merge);
    // The kinds whose silent objects can be marked (address kind first).
    QStringList markKinds() const;
    QString preview() const;
    Request request() const;

private:
    struct MarkRow {
        QString kind;
        QList<QPair<QString, QString>> targets; // id, label
        QCheckBox *enabled = nullptr;
        QComboBox *attribute = nullptr;
        QComboBox *value = nullptr;
    };
    void update();
    // The batch as asked; nothing with *error set when a value does not hold.
    std::optional<QList<Item>> items(QString *error) const;

    const infrahub::SchemaSet &m_schema;
    infrahub::SweepReconciliation m_reconciliation;
    QString m_addressKind;
    QGroupBox *m_createBox;
    QLineEdit *m_description;
    QList<MarkRow> m_marks;
    QSpinBox *m_concurrency;
    BranchTransactionBox *m_transaction;
    BatchPreview *m_preview;
};
