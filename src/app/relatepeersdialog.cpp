#include "relatepeersdialog.h"

#include "batchpreview.h"

#include "branchtransactionbox.h"
#include "relationshippicker.h"

#include "core/query/apiexposure.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QRadioButton>
#include <QVBoxLayout>

RelatePeersDialog::RelatePeersDialog(infrahub::InfrahubClient *client, const infrahub::SchemaSet &schema,
                                     const infrahub::KindSchema &kind, int objectCount, const QString &branch,
                                     int concurrency, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_schema(schema)
    , m_kind(kind)
    , m_count(objectCount)
    , m_branch(branch)
    , m_concurrency(concurrency) {
    setWindowTitle(tr("Add or remove a related object on %n object(s)", nullptr, objectCount));
    m_relationship = new QComboBox;
    for (const infrahub::RelationshipSchema &r : kind.relationships)
        if (r.isMany() && !r.readOnly && r.kind != u"Profile" && infrahub::exposedPeer(schema, r))
            m_relationship->addItem(
                QStringLiteral("%1 (%2)").arg(r.label.isEmpty() ? r.name : r.label, r.peer), r.name);
    m_add = new QRadioButton(tr("&Add to every object"));
    m_remove = new QRadioButton(tr("&Remove from every object"));
    m_add->setChecked(true);
    auto *host = new QWidget;
    m_pickerHost = new QVBoxLayout(host);
    m_pickerHost->setContentsMargins(0, 0, 0, 0);
    m_transaction = new BranchTransactionBox(branch);
    m_preview = new BatchPreview(this);
    auto *form = new QFormLayout(this);
    form->addRow(tr("R&elationship:"), m_relationship);
    form->addRow(QString(), m_add);
    form->addRow(QString(), m_remove);
    form->addRow(tr("&Object:"), host);
    form->addRow(m_transaction);
    form->addRow(m_preview);
    connect(m_relationship, &QComboBox::currentIndexChanged, this, &RelatePeersDialog::relationshipChosen);
    connect(m_add, &QRadioButton::toggled, this, &RelatePeersDialog::update);
    connect(m_transaction, &BranchTransactionBox::changed, this, &RelatePeersDialog::update);
    relationshipChosen();
}

QStringList RelatePeersDialog::relationshipNames() const {
    QStringList out;
    for (int i = 0; i < m_relationship->count(); ++i)
        out.append(m_relationship->itemData(i).toString());
    return out;
}

void RelatePeersDialog::relationshipChosen() {
    delete m_picker;
    m_picker = nullptr;
    const infrahub::RelationshipSchema *r = m_kind.relationship(m_relationship->currentData().toString());
    if (r) {
        m_picker = new RelationshipPicker(
            m_client, r->peer, m_branch == m_client->config().defaultBranch ? QString() : m_branch, false);
        m_pickerHost->addWidget(m_picker);
        connect(m_picker, &RelationshipPicker::changed, this, &RelatePeersDialog::update);
    }
    update();
}

void RelatePeersDialog::choose(const QString &relationship, bool add) {
    m_relationship->setCurrentIndex(m_relationship->findData(relationship));
    (add ? m_add : m_remove)->setChecked(true);
    update();
}

void RelatePeersDialog::update() {
    QString error;
    const infrahub::RelationshipSchema *r = m_kind.relationship(m_relationship->currentData().toString());
    if (!r)
        error = tr("%1 has no relationship to add objects to.").arg(m_kind.kind);
    else if (!m_picker || m_picker->peer().isEmpty())
        error = tr("Search for the %1 to %2.").arg(r->peer, m_add->isChecked() ? tr("add") : tr("remove"));
    else if (!m_transaction->problem().isEmpty())
        error = m_transaction->problem();
    if (!error.isEmpty()) {
        m_preview->showProblem(error);
        return;
    }
    const QString label = r->label.isEmpty() ? r->name : r->label;
    m_preview->showPlan((m_add->isChecked() ? tr("Add %1 to %2 of %n %3 object(s)", nullptr, m_count)
                                            : tr("Remove %1 from %2 of %n %3 object(s)", nullptr, m_count))
                            .arg(m_picker->peer().displayLabel, label, m_kind.kind) +
                        QLatin1Char(' ') + m_transaction->describe());
}

QString RelatePeersDialog::preview() const {
    return m_preview->text();
}

RelatePeersDialog::Request RelatePeersDialog::request() const {
    Request r;
    r.relationship = m_relationship->currentData().toString();
    if (m_picker)
        r.peer = m_picker->peer();
    r.add = m_add->isChecked();
    r.concurrency = m_concurrency;
    r.newBranch = m_transaction->newBranch();
    r.mergeWhenAllSucceed = m_transaction->mergeWhenAllSucceed();
    return r;
}
