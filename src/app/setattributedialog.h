// Actions ▸ Set Attribute on Selected: one or more attributes, each to one value, for every selected
// object, as a job. The
// dialog previews exactly what will be done ("Set Status to Active on 12 devices on branch main"), checks
// the value against the attribute's kind before anything runs, and offers to run the whole batch on a new
// branch (merged when every item succeeded, if chosen; kept for review otherwise).
#pragma once

#include "core/schema/schemamodel.h"

#include <QDialog>
#include <QJsonObject>
#include <QJsonValue>

class BatchPreview;
class BranchTransactionBox;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

class SetAttributeDialog : public QDialog {
    Q_OBJECT

public:
    struct Request {
        QJsonObject values; // attribute name -> value (null clears it)
        int concurrency = 5;
        QString newBranch; // empty: run on the current branch
        bool mergeWhenAllSucceed = false;
    };

    SetAttributeDialog(const infrahub::KindSchema &kind, int objectCount, const QString &branch,
                       int concurrency, QWidget *parent = nullptr);

    // The attributes on offer (editable ones), for tests.
    QStringList attributeNames() const;
    // Fills the form (tests); returns the preview text, or the error that keeps OK disabled.
    QString fill(const QString &attribute, const QString &value, const QString &newBranch = {},
                 bool merge = false);
    // Adds a row for another attribute (as "+ Another Attribute" does) and fills it (tests); the preview.
    QString addAttribute(const QString &attribute, const QString &value);
    // What the user asked for; valid after accept().
    Request request() const;

    // The value typed for `attribute`, typed as the server wants it; nothing with *error set otherwise.
    static std::optional<QJsonValue> parseValue(const infrahub::AttributeSchema &attribute,
                                                const QString &text, bool clear, QString *error);

    // What a batch can set: plain values people type or pick (not JSON/lists, not secrets, not read-only).
    static bool isSettable(const infrahub::AttributeSchema &attribute);
    // Offers `attribute`'s choices (Dropdown labels, true/false) in `values`; free text otherwise.
    static void fillValues(QComboBox *values, const infrahub::AttributeSchema *attribute);

private:
    struct ExtraRow {
        QWidget *widget = nullptr;
        QComboBox *attribute = nullptr;
        QComboBox *value = nullptr;
    };
    void addRow();
    // Every row's attribute and value; nothing with *error set when one does not hold.
    std::optional<QList<QPair<const infrahub::AttributeSchema *, QJsonValue>>> values(QString *error) const;
    void attributeChosen();
    void update();
    const infrahub::AttributeSchema *currentAttribute() const;

    infrahub::KindSchema m_kind;
    int m_count;
    QComboBox *m_attribute;
    QComboBox *m_value;
    QList<ExtraRow> m_extra;
    class QVBoxLayout *m_extraRows;
    QCheckBox *m_clear;
    QSpinBox *m_concurrency;
    BranchTransactionBox *m_transaction;
    BatchPreview *m_preview;
};
