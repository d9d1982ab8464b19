// The filters above an object table: "+ Filter" offers the kind's fields (from its schema), each filter is
// a row "field, operator, value, ×". The table is filtered on the server (ObjectFilters turns the rows into
// filter arguments); a value that does not fit its field is flagged on that row instead of being sent.
#pragma once

#include "core/views/objectfilter.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QToolButton;
class QVBoxLayout;

class FilterBar : public QWidget {
    Q_OBJECT

public:
    explicit FilterBar(QWidget *parent = nullptr);

    // The kind whose fields are offered; clears the filters. `schema` must outlive the bar's use of it.
    void setKind(const infrahub::SchemaSet *schema, const QString &kind);
    QList<infrahub::ObjectFilter> filters() const;
    // Replaces the filters (a saved view); fields the kind does not have are dropped.
    void setFilters(const QList<infrahub::ObjectFilter> &filters);
    // Adds a filter row for `field` (as choosing it from "+ Filter" does); false when the kind has no such
    // field.
    bool addFilter(const infrahub::ObjectFilter &filter);
    void clearFilters();
    // The server filter arguments, or nothing with *error set (the offending row is flagged too).
    std::optional<QJsonObject> arguments(QString *error) const;

Q_SIGNALS:
    // A filter was added, removed or edited.
    void changed();

private:
    struct Row {
        QWidget *widget = nullptr;
        QString field;
        QComboBox *op = nullptr;
        QComboBox *value = nullptr; // editable: free text, or the field's choices
    };
    void showFieldMenu();
    void removeRow(QWidget *widget);
    void updateValueEnabled(const Row &row);

    const infrahub::SchemaSet *m_schema = nullptr;
    QString m_kind;
    QToolButton *m_add;
    QLabel *m_error;
    QVBoxLayout *m_rows;
    QList<Row> m_rowList;
};
