#include "connectdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent) {
    setWindowTitle(tr("Connect to Infrahub"));
    auto *form = new QFormLayout(this);
    m_address = new QLineEdit(QSettings().value(QStringLiteral("connection/address")).toString());
    m_address->setPlaceholderText(QStringLiteral("http://infrahub.example.com:8000"));
    m_token = new QLineEdit;
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("optional; needed to make changes"));
    m_error = new QLabel;
    m_error->setStyleSheet(QStringLiteral("color: palette(highlight)"));
    m_error->setWordWrap(true);
    m_error->hide();
    form->addRow(tr("&Address:"), m_address);
    form->addRow(tr("API &token:"), m_token);
    form->addRow(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::validateAndAccept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void ConnectDialog::validateAndAccept() {
    QString error;
    const QUrl address = infrahub::ClientConfig::parseAddress(m_address->text(), &error);
    if (!address.isValid()) {
        m_error->setText(error);
        m_error->show();
        m_address->setFocus();
        return;
    }
    m_config.address = address;
    m_config.apiToken = m_token->text().trimmed();
    accept();
}
