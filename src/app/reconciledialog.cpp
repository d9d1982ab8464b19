#include "reconciledialog.h"

#include "batchpreview.h"
#include "branchtransactionbox.h"
#include "setattributedialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSpinBox>
#include <QVBoxLayout>

using infrahub::AttributeSchema;
using infrahub::IpamInventory;

namespace {
QListWidget *listOf(const QStringList &lines) {
    auto *list = new QListWidget;
    list->addItems(lines);
    list->setMaximumHeight(110);
    list->setSelectionMode(QAbstractItemView::NoSelection);
    return list;
}
} // namespace

ReconcileDialog::ReconcileDialog(const infrahub::SchemaSet &schema,
                                 infrahub::SweepReconciliation reconciliation, const QString &addressKind,
                                 const QString &branch, int concurrency, QWidget *parent)
    : QDialog(parent)
    , m_schema(schema)
    , m_reconciliation(std::move(reconciliation))
    , m_addressKind(addressKind) {
    setWindowTitle(tr("Reconcile the Sweep with Infrahub"));
    auto *layout = new QVBoxLayout(this);

    // Alive but not in IPAM: create them.
    QStringList missing;
    for (const infrahub::SweepReconciliation::Missing &m : std::as_const(m_reconciliation.aliveNotInIpam))
        missing.append(m.prefix.isEmpty() ? tr("%1 (in no known prefix)").arg(m.value)
                                          : tr("%1 (in %2)").arg(m.value, m.prefix));
    m_createBox = new QGroupBox(
        tr("Create the %n address(es) that answered but are not in IPAM, as %1", nullptr, int(missing.size()))
            .arg(addressKind));
    m_createBox->setCheckable(true);
    m_createBox->setChecked(!missing.isEmpty() && !addressKind.isEmpty());
    m_createBox->setEnabled(!missing.isEmpty() && !addressKind.isEmpty());
    auto *createLayout = new QFormLayout(m_createBox);
    createLayout->addRow(listOf(missing));
    m_description =
        new QLineEdit(tr("Answered a sweep on %1")
                          .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    const infrahub::KindSchema *addressSchema = schema.kind(addressKind);
    if (addressSchema && addressSchema->attribute(QStringLiteral("description")))
        createLayout->addRow(tr("Description:"), m_description);
    else
        m_description->hide();
    layout->addWidget(m_createBox);

    // In IPAM but silent: mark them, and the objects whose address they are.
    QList<QPair<QString, QString>> silentAddresses;
    QMap<QString, QList<QPair<QString, QString>>> referrers; // kind -> (id, label)
    QStringList silentLines;
    for (const IpamInventory::Address &a : std::as_const(m_reconciliation.silentInIpam)) {
        silentAddresses.append({a.id, a.value});
        silentLines.append(IpamInventory::describe(a));
        for (const IpamInventory::Referrer &r : a.referrers)
            referrers[r.kind].append({r.id, r.label});
    }
    auto *silentBox = new QGroupBox(
        tr("%n address(es) in IPAM that did not answer", nullptr, int(m_reconciliation.silentInIpam.size())));
    auto *silentLayout = new QVBoxLayout(silentBox);
    silentLayout->addWidget(listOf(silentLines));
    auto addMark = [&](const QString &kind, const QList<QPair<QString, QString>> &targets,
                       const QString &what) {
        const infrahub::KindSchema *k = schema.kind(kind);
        if (!k || targets.isEmpty())
            return;
        MarkRow row;
        row.kind = kind;
        row.targets = targets;
        row.enabled = new QCheckBox(what);
        row.attribute = new QComboBox;
        for (const AttributeSchema &a : k->attributes)
            if (SetAttributeDialog::isSettable(a) && !a.unique)
                row.attribute->addItem(a.label.isEmpty() ? a.name : a.label, a.name);
        row.value = new QComboBox;
        row.value->setEditable(true);
        row.value->setInsertPolicy(QComboBox::NoInsert);
        row.value->setMinimumContentsLength(18);
        auto *line = new QHBoxLayout;
        line->addWidget(row.enabled);
        line->addWidget(row.attribute);
        line->addWidget(new QLabel(tr("to")));
        line->addWidget(row.value, 1);
        silentLayout->addLayout(line);
        QComboBox *attribute = row.attribute;
        QComboBox *value = row.value;
        const infrahub::KindSchema *kindSchema = k;
        auto chosen = [attribute, value, kindSchema] {
            SetAttributeDialog::fillValues(value, kindSchema->attribute(attribute->currentData().toString()));
        };
        connect(row.attribute, &QComboBox::currentIndexChanged, this, chosen);
        chosen();
        connect(row.enabled, &QCheckBox::toggled, this, &ReconcileDialog::update);
        connect(row.attribute, &QComboBox::currentIndexChanged, this, &ReconcileDialog::update);
        connect(row.value, &QComboBox::currentTextChanged, this, &ReconcileDialog::update);
        m_marks.append(row);
    };
    addMark(addressKind, silentAddresses,
            tr("On the %n silent address(es), set", nullptr, int(silentAddresses.size())));
    for (auto it = referrers.cbegin(); it != referrers.cend(); ++it)
        addMark(
            it.key(), it.value(),
            tr("On the %n %1 whose address is silent, set", nullptr, int(it.value().size())).arg(it.key()));
    silentBox->setEnabled(!m_marks.isEmpty());
    layout->addWidget(silentBox);

    m_concurrency = new QSpinBox;
    m_concurrency->setRange(1, 50);
    m_concurrency->setValue(concurrency);
    auto *concurrencyRow = new QFormLayout;
    concurrencyRow->addRow(tr("Concurrency:"), m_concurrency);
    layout->addLayout(concurrencyRow);
    m_transaction = new BranchTransactionBox(branch);
    // Reviewable by default: a new branch, kept (not merged) so the changes can be looked at first.
    m_transaction->setPlan(QStringLiteral("sweep-reconcile-%1")
                               .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"))),
                           false);
    layout->addWidget(m_transaction);
    m_preview = new BatchPreview(this);
    layout->addWidget(m_preview);

    connect(m_createBox, &QGroupBox::toggled, this, &ReconcileDialog::update);
    connect(m_description, &QLineEdit::textChanged, this, &ReconcileDialog::update);
    connect(m_transaction, &BranchTransactionBox::changed, this, &ReconcileDialog::update);
    update();
}

QStringList ReconcileDialog::markKinds() const {
    QStringList out;
    for (const MarkRow &r : m_marks)
        out.append(r.kind);
    return out;
}

std::optional<QList<ReconcileDialog::Item>> ReconcileDialog::items(QString *error) const {
    QList<Item> out;
    if (m_createBox->isEnabled() && m_createBox->isChecked()) {
        for (const infrahub::SweepReconciliation::Missing &m : m_reconciliation.aliveNotInIpam) {
            Item item;
            item.action = Item::Action::Create;
            item.kind = m_addressKind;
            item.values.insert(QStringLiteral("address"), m.value);
            if (m_description->isVisibleTo(this) && !m_description->text().trimmed().isEmpty())
                item.values.insert(QStringLiteral("description"), m_description->text().trimmed());
            item.label = tr("create %1").arg(m.value);
            out.append(item);
        }
    }
    for (const MarkRow &row : m_marks) {
        if (!row.enabled->isChecked())
            continue;
        const infrahub::KindSchema *kind = m_schema.kind(row.kind);
        const AttributeSchema *attribute =
            kind ? kind->attribute(row.attribute->currentData().toString()) : nullptr;
        if (!attribute) {
            *error = tr("Choose the attribute to set on the %1 objects.").arg(row.kind);
            return std::nullopt;
        }
        QString why;
        const std::optional<QJsonValue> value =
            SetAttributeDialog::parseValue(*attribute, row.value->currentText(), false, &why);
        if (!value) {
            *error = why;
            return std::nullopt;
        }
        for (const auto &[id, label] : row.targets) {
            Item item;
            item.action = Item::Action::Update;
            item.kind = row.kind;
            item.id = id;
            item.values.insert(attribute->name, *value);
            item.label = tr("%1: %2 = %3").arg(label, attribute->name, row.value->currentText());
            out.append(item);
        }
    }
    return out;
}

void ReconcileDialog::update() {
    for (const MarkRow &row : std::as_const(m_marks)) {
        row.attribute->setEnabled(row.enabled->isChecked());
        row.value->setEnabled(row.enabled->isChecked());
    }
    QString error;
    const std::optional<QList<Item>> planned = items(&error);
    if (!planned)
        return m_preview->showProblem(error);
    if (planned->isEmpty())
        return m_preview->showProblem(tr("Choose what to change: create the missing addresses, or mark the "
                                         "silent ones."));
    if (const QString problem = m_transaction->problem(); !problem.isEmpty())
        return m_preview->showProblem(problem);
    int creates = 0;
    for (const Item &i : *planned)
        creates += i.action == Item::Action::Create ? 1 : 0;
    QStringList parts;
    if (creates)
        parts.append(tr("create %n %1", nullptr, creates).arg(m_addressKind));
    if (const int updates = int(planned->size()) - creates)
        parts.append(tr("update %n silent object(s)", nullptr, updates));
    m_preview->showPlan(tr("Will %1, %2").arg(parts.join(tr(" and ")), m_transaction->describe()));
}

QString ReconcileDialog::setCreate(bool create, const QString &description) {
    m_createBox->setChecked(create);
    if (!description.isEmpty())
        m_description->setText(description);
    return preview();
}

QString ReconcileDialog::setMark(const QString &kind, const QString &attribute, const QString &value) {
    for (MarkRow &row : m_marks) {
        if (row.kind != kind)
            continue;
        row.enabled->setChecked(!attribute.isEmpty());
        row.attribute->setCurrentIndex(std::max(0, row.attribute->findData(attribute)));
        row.value->setCurrentText(value);
    }
    return preview();
}

QString ReconcileDialog::setPlan(const QString &newBranch, bool merge) {
    m_transaction->setPlan(newBranch, merge);
    return preview();
}

QString ReconcileDialog::preview() const {
    return m_preview->text();
}

ReconcileDialog::Request ReconcileDialog::request() const {
    Request r;
    QString error;
    r.items = items(&error).value_or(QList<Item>{});
    r.concurrency = m_concurrency->value();
    r.newBranch = m_transaction->newBranch();
    r.mergeWhenAllSucceed = m_transaction->mergeWhenAllSucceed();
    return r;
}
