#include "filterbar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

using infrahub::ObjectFilter;
using Op = infrahub::ObjectFilter::Operator;

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent) {
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(2);
    auto *top = new QHBoxLayout;
    m_add = new QToolButton;
    m_add->setText(tr("+ Filter"));
    m_add->setToolTip(tr("Show only objects whose field matches (filtered on the server)"));
    m_add->setAutoRaise(true);
    connect(m_add, &QToolButton::clicked, this, &FilterBar::showFieldMenu);
    m_error = new QLabel;
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->setWordWrap(true);
    m_error->hide();
    top->addWidget(m_add);
    top->addWidget(m_error, 1);
    top->addStretch(); // the button stays at the left when there is no error to show
    outer->addLayout(top);
    m_rows = new QVBoxLayout;
    m_rows->setSpacing(2);
    outer->addLayout(m_rows);
    setEnabled(false);
}

void FilterBar::setKind(const infrahub::SchemaSet *schema, const QString &kind) {
    clearFilters();
    m_schema = schema;
    m_kind = kind;
    setEnabled(schema && schema->kind(kind));
}

void FilterBar::showFieldMenu() {
    const infrahub::KindSchema *kind = m_schema ? m_schema->kind(m_kind) : nullptr;
    if (!kind)
        return;
    QMenu menu(this);
    bool relationships = false;
    for (const infrahub::FilterField &f : infrahub::ObjectFilters::fieldsFor(*kind, *m_schema)) {
        if (f.isRelationship() && !relationships) {
            menu.addSection(tr("Related"));
            relationships = true;
        }
        QAction *a = menu.addAction(f.label);
        a->setData(f.name);
    }
    QAction *chosen = menu.exec(m_add->mapToGlobal(QPoint(0, m_add->height())));
    if (chosen && addFilter({chosen->data().toString(), Op::Is, {}})) {
        Row &row = m_rowList.last();
        row.value->setFocus();
        // An empty "is" filter is not sent until there is a value: nothing changes yet.
    }
}

bool FilterBar::addFilter(const ObjectFilter &filter) {
    const infrahub::KindSchema *kind = m_schema ? m_schema->kind(m_kind) : nullptr;
    const std::optional<infrahub::FilterField> field =
        kind ? infrahub::ObjectFilters::field(*kind, *m_schema, filter.field) : std::nullopt;
    if (!field)
        return false;
    Row row;
    row.field = field->name;
    row.widget = new QWidget;
    auto *layout = new QHBoxLayout(row.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(field->label);
    label->setMinimumWidth(110);
    row.op = new QComboBox;
    row.op->addItem(tr("is"), ObjectFilter::operatorKey(Op::Is));
    row.op->addItem(tr("is one of"), ObjectFilter::operatorKey(Op::IsOneOf));
    row.op->addItem(tr("is empty"), ObjectFilter::operatorKey(Op::IsEmpty));
    row.op->addItem(tr("is not empty"), ObjectFilter::operatorKey(Op::IsNotEmpty));
    row.op->setCurrentIndex(row.op->findData(ObjectFilter::operatorKey(filter.op)));
    row.value = new QComboBox;
    row.value->setEditable(true);
    row.value->setInsertPolicy(QComboBox::NoInsert);
    row.value->setMinimumContentsLength(16);
    for (const infrahub::DropdownChoice &c : field->choices)
        row.value->addItem(c.label.isEmpty() ? c.name : c.label);
    if (field->valueKind == u"Boolean" || field->valueKind == u"Checkbox")
        row.value->addItems({QStringLiteral("true"), QStringLiteral("false")});
    row.value->setCurrentText(filter.value);
    row.value->lineEdit()->setPlaceholderText(
        field->isRelationship() ? tr("%1 of the related object").arg(field->peerAttribute) : tr("value"));
    auto *remove = new QToolButton;
    remove->setText(QStringLiteral("×"));
    remove->setToolTip(tr("Remove this filter"));
    remove->setAutoRaise(true);
    layout->addWidget(label);
    layout->addWidget(row.op);
    layout->addWidget(row.value, 1);
    layout->addWidget(remove);
    QWidget *widget = row.widget;
    connect(remove, &QToolButton::clicked, this, [this, widget] { removeRow(widget); });
    connect(row.op, &QComboBox::currentIndexChanged, this, [this, widget] {
        for (const Row &r : std::as_const(m_rowList))
            if (r.widget == widget)
                updateValueEnabled(r);
        Q_EMIT changed();
    });
    connect(row.value, &QComboBox::currentTextChanged, this, &FilterBar::changed);
    m_rows->addWidget(row.widget);
    m_rowList.append(row);
    updateValueEnabled(row);
    Q_EMIT changed();
    return true;
}

void FilterBar::updateValueEnabled(const Row &row) {
    const auto op = ObjectFilter::operatorFromKey(row.op->currentData().toString());
    row.value->setEnabled(op == Op::Is || op == Op::IsOneOf);
    row.value->setToolTip(op == Op::IsOneOf ? tr("Several values, separated by commas") : QString());
}

void FilterBar::removeRow(QWidget *widget) {
    for (qsizetype i = 0; i < m_rowList.size(); ++i) {
        if (m_rowList.at(i).widget != widget)
            continue;
        m_rowList.removeAt(i);
        widget->deleteLater();
        Q_EMIT changed();
        return;
    }
}

void FilterBar::clearFilters() {
    const bool had = !m_rowList.isEmpty();
    for (const Row &row : std::as_const(m_rowList))
        delete row.widget;
    m_rowList.clear();
    m_error->hide();
    if (had)
        Q_EMIT changed();
}

QList<ObjectFilter> FilterBar::filters() const {
    QList<ObjectFilter> out;
    for (const Row &row : m_rowList) {
        const std::optional<Op> op = ObjectFilter::operatorFromKey(row.op->currentData().toString());
        out.append({row.field, op.value_or(Op::Is), row.value->currentText()});
    }
    return out;
}

void FilterBar::setFilters(const QList<ObjectFilter> &filters) {
    QSignalBlocker blocker(this); // one changed() for the whole set
    clearFilters();
    for (const ObjectFilter &f : filters)
        addFilter(f);
    blocker.unblock();
    Q_EMIT changed();
}

std::optional<QJsonObject> FilterBar::arguments(QString *error) const {
    const infrahub::KindSchema *kind = m_schema ? m_schema->kind(m_kind) : nullptr;
    if (!kind)
        return QJsonObject();
    // Filters still waiting for their value are not applied yet (they are not an error either).
    QList<ObjectFilter> ready;
    for (const ObjectFilter &f : filters())
        if (f.op == Op::IsEmpty || f.op == Op::IsNotEmpty || !f.value.trimmed().isEmpty())
            ready.append(f);
    std::optional<QJsonObject> args = infrahub::ObjectFilters::toArguments(ready, *kind, *m_schema, error);
    m_error->setVisible(!args);
    m_error->setText(args ? QString() : *error);
    for (const Row &row : m_rowList) {
        const bool bad = !args && error->contains(row.value->currentText().trimmed()) &&
                         !row.value->currentText().trimmed().isEmpty();
        row.value->setStyleSheet(bad ? QStringLiteral("QComboBox { border: 1px solid #c0392b; }")
                                     : QString());
    }
    return args;
}
