#include "confirmbatchdialog.h"

#include "batchpreview.h"

#include "branchtransactionbox.h"

#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

ConfirmBatchDialog::ConfirmBatchDialog(const QString &title, const QString &what, const QStringList &items,
                                       const QString &base, int concurrency, QWidget *parent)
    : QDialog(parent)
    , m_what(what) {
    setWindowTitle(title);
    auto *list = new QLabel;
    QStringList shown = items.mid(0, 10);
    if (items.size() > 10)
        shown.append(tr("… and %n more", nullptr, int(items.size() - 10)));
    list->setText(shown.join(u'\n'));
    list->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_concurrency = new QSpinBox;
    m_concurrency->setRange(1, 50);
    m_concurrency->setValue(concurrency);
    m_transaction = new BranchTransactionBox(base);
    m_preview = new BatchPreview(this, true /* nothing destructive on Enter */);
    auto *form = new QFormLayout(this);
    form->addRow(list);
    form->addRow(tr("&Concurrency:"), m_concurrency);
    form->addRow(m_transaction);
    form->addRow(m_preview);
    connect(m_transaction, &BranchTransactionBox::changed, this, &ConfirmBatchDialog::update);
    update();
}

void ConfirmBatchDialog::update() {
    const QString problem = m_transaction->problem();
    if (problem.isEmpty())
        m_preview->showPlan(m_what + QLatin1Char(' ') + m_transaction->describe());
    else
        m_preview->showProblem(problem);
}

int ConfirmBatchDialog::concurrency() const {
    return m_concurrency->value();
}

QString ConfirmBatchDialog::newBranch() const {
    return m_transaction->newBranch();
}

bool ConfirmBatchDialog::mergeWhenAllSucceed() const {
    return m_transaction->mergeWhenAllSucceed();
}

void ConfirmBatchDialog::setPlan(const QString &newBranch, bool merge) {
    m_transaction->setPlan(newBranch, merge);
    update();
}

QString ConfirmBatchDialog::preview() const {
    return m_preview->text();
}
