#include "setattributedialog.h"

#include "batchpreview.h"

#include "branchtransactionbox.h"

#include "core/nodes/attributetext.h"
#include "core/nodes/attributevalue.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

using infrahub::AttributeSchema;

bool SetAttributeDialog::isSettable(const AttributeSchema &a) {
    static const QStringList kinds{
        QStringLiteral("Text"),      QStringLiteral("TextArea"),   QStringLiteral("Number"),
        QStringLiteral("Boolean"),   QStringLiteral("Checkbox"),   QStringLiteral("Dropdown"),
        QStringLiteral("URL"),       QStringLiteral("Email"),      QStringLiteral("IPHost"),
        QStringLiteral("IPNetwork"), QStringLiteral("MacAddress"), QStringLiteral("Color")};
    return !a.readOnly && kinds.contains(a.kind);
}

SetAttributeDialog::SetAttributeDialog(const infrahub::KindSchema &kind, int objectCount,
                                       const QString &branch, int concurrency, QWidget *parent)
    : QDialog(parent)
    , m_kind(kind)
    , m_count(objectCount) {
    setWindowTitle(tr("Set attribute on %n object(s)", nullptr, objectCount));
    m_attribute = new QComboBox;
    for (const AttributeSchema &a : kind.attributes)
        if (isSettable(a))
            m_attribute->addItem(a.label.isEmpty() ? a.name : a.label, a.name);
    m_value = new QComboBox;
    m_value->setEditable(true);
    m_value->setInsertPolicy(QComboBox::NoInsert);
    m_value->setMinimumContentsLength(24);
    m_clear = new QCheckBox(tr("Clear the value instead"));
    m_concurrency = new QSpinBox;
    m_concurrency->setRange(1, 50);
    m_concurrency->setValue(concurrency);
    m_concurrency->setToolTip(tr("How many objects are changed at the same time"));
    m_transaction = new BranchTransactionBox(branch);
    m_preview = new BatchPreview(this);
    auto *form = new QFormLayout(this);
    form->addRow(tr("&Attribute:"), m_attribute);
    form->addRow(tr("&Value:"), m_value);
    form->addRow(QString(), m_clear);
    m_extraRows = new QVBoxLayout;
    m_extraRows->setContentsMargins(0, 0, 0, 0);
    form->addRow(m_extraRows);
    auto *another = new QToolButton;
    another->setText(tr("+ Another Attribute"));
    another->setAutoRaise(true);
    connect(another, &QToolButton::clicked, this, &SetAttributeDialog::addRow);
    form->addRow(QString(), another);
    form->addRow(tr("&Concurrency:"), m_concurrency);
    form->addRow(m_transaction);
    form->addRow(m_preview);
    connect(m_attribute, &QComboBox::currentIndexChanged, this, &SetAttributeDialog::attributeChosen);
    connect(m_value, &QComboBox::currentTextChanged, this, &SetAttributeDialog::update);
    connect(m_clear, &QCheckBox::toggled, this, &SetAttributeDialog::update);
    connect(m_transaction, &BranchTransactionBox::changed, this, &SetAttributeDialog::update);
    attributeChosen();
}

QStringList SetAttributeDialog::attributeNames() const {
    QStringList out;
    for (int i = 0; i < m_attribute->count(); ++i)
        out.append(m_attribute->itemData(i).toString());
    return out;
}

const AttributeSchema *SetAttributeDialog::currentAttribute() const {
    return m_kind.attribute(m_attribute->currentData().toString());
}

void SetAttributeDialog::fillValues(QComboBox *values, const AttributeSchema *a) {
    // The choices on offer for Dropdowns and booleans; free text otherwise.
    const QSignalBlocker blocker(values);
    values->clear();
    if (!a)
        return;
    for (const infrahub::DropdownChoice &c : a->choices)
        values->addItem(c.label.isEmpty() ? c.name : c.label);
    if (a->kind == u"Boolean" || a->kind == u"Checkbox")
        values->addItems({QStringLiteral("true"), QStringLiteral("false")});
    values->setCurrentText(QString());
}

void SetAttributeDialog::addRow() {
    ExtraRow row;
    row.widget = new QWidget;
    auto *layout = new QHBoxLayout(row.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    row.attribute = new QComboBox;
    for (int i = 0; i < m_attribute->count(); ++i)
        row.attribute->addItem(m_attribute->itemText(i), m_attribute->itemData(i));
    row.value = new QComboBox;
    row.value->setEditable(true);
    row.value->setInsertPolicy(QComboBox::NoInsert);
    row.value->setMinimumContentsLength(16);
    auto *remove = new QToolButton;
    remove->setText(QStringLiteral("×"));
    remove->setAutoRaise(true);
    layout->addWidget(row.attribute);
    layout->addWidget(row.value, 1);
    layout->addWidget(remove);
    QComboBox *attribute = row.attribute;
    QComboBox *value = row.value;
    QWidget *widget = row.widget;
    connect(attribute, &QComboBox::currentIndexChanged, this, [this, attribute, value] {
        fillValues(value, m_kind.attribute(attribute->currentData().toString()));
        update();
    });
    connect(value, &QComboBox::currentTextChanged, this, &SetAttributeDialog::update);
    connect(remove, &QToolButton::clicked, this, [this, widget] {
        m_extra.removeIf([widget](const ExtraRow &r) { return r.widget == widget; });
        widget->deleteLater();
        update();
    });
    fillValues(value, m_kind.attribute(attribute->currentData().toString()));
    m_extraRows->addWidget(row.widget);
    m_extra.append(row);
    update();
}

QString SetAttributeDialog::addAttribute(const QString &attribute, const QString &value) {
    addRow();
    ExtraRow &row = m_extra.last();
    row.attribute->setCurrentIndex(row.attribute->findData(attribute));
    row.value->setCurrentText(value);
    update();
    return m_preview->text();
}

std::optional<QList<QPair<const AttributeSchema *, QJsonValue>>>
SetAttributeDialog::values(QString *error) const {
    QList<QPair<const AttributeSchema *, QJsonValue>> out;
    const AttributeSchema *first = currentAttribute();
    if (!first) {
        *error = tr("%1 has no attribute a batch can set.").arg(m_kind.kind);
        return std::nullopt;
    }
    const std::optional<QJsonValue> v =
        parseValue(*first, m_value->currentText(), m_clear->isChecked(), error);
    if (!v)
        return std::nullopt;
    out.append({first, *v});
    for (const ExtraRow &row : m_extra) {
        const AttributeSchema *a = m_kind.attribute(row.attribute->currentData().toString());
        if (!a)
            continue;
        for (const auto &[seen, value] : std::as_const(out))
            if (seen == a) {
                *error = tr("%1 is set twice.").arg(a->label.isEmpty() ? a->name : a->label);
                return std::nullopt;
            }
        const std::optional<QJsonValue> extra = parseValue(*a, row.value->currentText(), false, error);
        if (!extra)
            return std::nullopt;
        out.append({a, *extra});
    }
    return out;
}

void SetAttributeDialog::attributeChosen() {
    const AttributeSchema *a = currentAttribute();
    fillValues(m_value, a);
    m_clear->setEnabled(a && a->optional);
    m_clear->setChecked(false);
    update();
}

std::optional<QJsonValue> SetAttributeDialog::parseValue(const AttributeSchema &a, const QString &text,
                                                         bool clear, QString *error) {
    const QString label = a.label.isEmpty() ? a.name : a.label;
    if (clear) {
        if (!a.optional) {
            *error = tr("%1 is required: it cannot be cleared.").arg(label);
            return std::nullopt;
        }
        return QJsonValue(QJsonValue::Null);
    }
    if (text.trimmed().isEmpty()) {
        *error = tr("Type the value to set.");
        return std::nullopt;
    }
    return infrahub::attributeValueFromText(a, text, label, error);
}

void SetAttributeDialog::update() {
    m_value->setEnabled(!m_clear->isChecked());
    QString error;
    const auto chosen = values(&error);
    const bool ok = chosen && m_transaction->problem().isEmpty();
    if (chosen && !ok)
        error = m_transaction->problem();
    if (!ok) {
        m_preview->showProblem(error);
        return;
    }
    QStringList parts;
    for (const auto &[a, value] : *chosen) {
        const QString label = a->label.isEmpty() ? a->name : a->label;
        parts.append(value.isNull()
                         ? tr("clear %1").arg(label)
                         : tr("%1 to “%2”")
                               .arg(label, value.isString() ? value.toString() : infrahub::valueText(value)));
    }
    m_preview->showPlan(
        tr("Set %1 on %n %2 object(s)", nullptr, m_count).arg(parts.join(QStringLiteral(", ")), m_kind.kind) +
        QLatin1Char(' ') + m_transaction->describe());
}

QString SetAttributeDialog::fill(const QString &attribute, const QString &value, const QString &newBranch,
                                 bool merge) {
    m_attribute->setCurrentIndex(m_attribute->findData(attribute));
    m_value->setCurrentText(value);
    m_transaction->setPlan(newBranch, merge);
    update();
    return m_preview->text();
}

SetAttributeDialog::Request SetAttributeDialog::request() const {
    Request r;
    QString error;
    if (const auto chosen = values(&error))
        for (const auto &[a, value] : *chosen)
            r.values.insert(a->name, value);
    r.concurrency = m_concurrency->value();
    r.newBranch = m_transaction->newBranch();
    r.mergeWhenAllSucceed = m_transaction->mergeWhenAllSucceed();
    return r;
}
