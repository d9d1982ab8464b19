#include "branchtransactionbox.h"

#include <QCheckBox>
#include <QDateTime>
#include <QFormLayout>
#include <QLineEdit>

BranchTransactionBox::BranchTransactionBox(const QString &base, QWidget *parent)
    : QWidget(parent)
    , m_base(base) {
    m_onBranch = new QCheckBox(tr("Run on a new branch"));
    m_name =
        new QLineEdit(QStringLiteral("batch-%1")
                          .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    m_merge = new QCheckBox(tr("Merge it into %1 when every object succeeded").arg(base));
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(QString(), m_onBranch);
    form->addRow(tr("&Branch name:"), m_name);
    form->addRow(QString(), m_merge);
    auto update = [this] {
        m_name->setEnabled(m_onBranch->isChecked());
        m_merge->setEnabled(m_onBranch->isChecked());
        Q_EMIT changed();
    };
    connect(m_onBranch, &QCheckBox::toggled, this, update);
    connect(m_name, &QLineEdit::textChanged, this, &BranchTransactionBox::changed);
    connect(m_merge, &QCheckBox::toggled, this, &BranchTransactionBox::changed);
    m_name->setEnabled(false);
    m_merge->setEnabled(false);
}

void BranchTransactionBox::setPlan(const QString &newBranch, bool merge) {
    m_onBranch->setChecked(!newBranch.isEmpty());
    if (!newBranch.isEmpty())
        m_name->setText(newBranch);
    m_merge->setChecked(merge);
}

QString BranchTransactionBox::newBranch() const {
    return m_onBranch->isChecked() ? m_name->text().trimmed() : QString();
}

bool BranchTransactionBox::mergeWhenAllSucceed() const {
    return m_onBranch->isChecked() && m_merge->isChecked();
}

QString BranchTransactionBox::problem() const {
    return m_onBranch->isChecked() && m_name->text().trimmed().isEmpty() ? tr("Name the new branch.")
                                                                         : QString();
}

QString BranchTransactionBox::describe() const {
    if (!m_onBranch->isChecked())
        return tr("on branch %1.").arg(m_base);
    return m_merge->isChecked()
               ? tr("on a new branch %1, merged into %2 if every object succeeds (kept for review if not).")
                     .arg(newBranch(), m_base)
               : tr("on a new branch %1, kept for review.").arg(newBranch());
}
