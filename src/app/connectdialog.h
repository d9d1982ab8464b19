// Asks for a server address and an optional API token. The token is used for this session only: it is
// not saved (keychain storage comes with connection profiles).
#pragma once

#include "core/client/clientconfig.h"

#include <QDialog>

class QLabel;
class QLineEdit;

class ConnectDialog : public QDialog {
    Q_OBJECT

public:
    explicit ConnectDialog(QWidget *parent = nullptr);
    infrahub::ClientConfig config() const { return m_config; }

private:
    void validateAndAccept();

    QLineEdit *m_address;
    QLineEdit *m_token;
    QLabel *m_error;
    infrahub::ClientConfig m_config;
};
