#include "batchpreview.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

BatchPreview::BatchPreview(QDialog *dialog, bool cancelByDefault)
    : QWidget(dialog) {
    m_text = new QLabel;
    m_text->setWordWrap(true);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Run"));
    if (cancelByDefault)
        m_buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
}

void BatchPreview::showPlan(const QString &text) {
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
    m_text->setStyleSheet({});
    m_text->setText(text);
}

void BatchPreview::showProblem(const QString &why) {
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_text->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_text->setText(why);
}

QString BatchPreview::text() const {
    return m_text->text();
}
