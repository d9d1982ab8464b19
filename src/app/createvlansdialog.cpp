#include "createvlansdialog.h"

#include "batchpreview.h"

#include "branchtransactionbox.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

CreateVlansDialog::CreateVlansDialog(const infrahub::KindSchema &vlanKind, QStringList sites,
                                     const QString &branch, int concurrency, QWidget *parent)
    : QDialog(parent)
    , m_sites(std::move(sites)) {
    setWindowTitle(tr("Create a VLAN at %n site(s)", nullptr, int(m_sites.size())));
    m_pattern = new QLineEdit(QStringLiteral("{site}-vlan{vlan_id}"));
    m_pattern->setToolTip(tr("{site} is replaced by each site's name, {vlan_id} by the VLAN id"));
    m_vlanId = new QSpinBox;
    m_vlanId->setRange(1, 4094);
    m_vlanId->setValue(100);
    m_status = choiceBox(vlanKind.attribute(QStringLiteral("status")));
    m_role = choiceBox(vlanKind.attribute(QStringLiteral("role")));
    m_concurrency = new QSpinBox;
    m_concurrency->setRange(1, 50);
    m_concurrency->setValue(concurrency);
    m_transaction = new BranchTransactionBox(branch);
    m_preview = new BatchPreview(this);
    auto *form = new QFormLayout(this);
    form->addRow(tr("&Name pattern:"), m_pattern);
    form->addRow(tr("&VLAN id:"), m_vlanId);
    form->addRow(tr("&Status:"), m_status);
    form->addRow(tr("R&ole:"), m_role);
    form->addRow(tr("&Concurrency:"), m_concurrency);
    form->addRow(m_transaction);
    form->addRow(m_preview);
    connect(m_pattern, &QLineEdit::textChanged, this, &CreateVlansDialog::update);
    connect(m_vlanId, &QSpinBox::valueChanged, this, &CreateVlansDialog::update);
    connect(m_transaction, &BranchTransactionBox::changed, this, &CreateVlansDialog::update);
    update();
}

QComboBox *CreateVlansDialog::choiceBox(const infrahub::AttributeSchema *attribute) {
    auto *box = new QComboBox;
    if (attribute)
        for (const infrahub::DropdownChoice &c : attribute->choices)
            box->addItem(c.label.isEmpty() ? c.name : c.label, c.name);
    box->setEnabled(box->count() > 0);
    return box;
}

QString CreateVlansDialog::nameFor(const QString &pattern, const QString &site, int vlanId) {
    QString name = pattern;
    name.replace(QStringLiteral("{site}"), site);
    name.replace(QStringLiteral("{vlan_id}"), QString::number(vlanId));
    return name.trimmed();
}

void CreateVlansDialog::update() {
    QString error;
    const QString pattern = m_pattern->text();
    QStringList names;
    for (const QString &site : m_sites)
        names.append(nameFor(pattern, site, m_vlanId->value()));
    if (names.contains(QString()))
        error = tr("The pattern gives an empty name.");
    else if (m_sites.size() > 1 && !pattern.contains(QStringLiteral("{site}")))
        error = tr("Every site would get the same name: put {site} in the pattern.");
    else if (!m_transaction->problem().isEmpty())
        error = m_transaction->problem();
    if (!error.isEmpty()) {
        m_preview->showProblem(error);
        return;
    }
    QStringList shown = names.mid(0, 5);
    if (names.size() > 5)
        shown.append(tr("… %n more", nullptr, int(names.size() - 5)));
    m_preview->showPlan(tr("Create %n VLAN(s) %1\n%2", nullptr, int(names.size()))
                            .arg(m_transaction->describe(), shown.join(QStringLiteral(", "))));
}

QString CreateVlansDialog::fill(const QString &pattern, int vlanId, const QString &newBranch, bool merge) {
    m_pattern->setText(pattern);
    m_vlanId->setValue(vlanId);
    m_transaction->setPlan(newBranch, merge);
    update();
    return m_preview->text();
}

CreateVlansDialog::Request CreateVlansDialog::request() const {
    Request r;
    for (const QString &site : m_sites)
        r.names.append(nameFor(m_pattern->text(), site, m_vlanId->value()));
    r.vlanId = m_vlanId->value();
    r.status = m_status->currentData().toString();
    r.role = m_role->currentData().toString();
    r.concurrency = m_concurrency->value();
    r.newBranch = m_transaction->newBranch();
    r.mergeWhenAllSucceed = m_transaction->mergeWhenAllSucceed();
    return r;
}
