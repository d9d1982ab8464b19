#include "sshcredentials.h"

#include <QCoreApplication>
#include <QStringList>

namespace infrahub {

QString SshCredentials::describe() const {
    QStringList parts;
    for (const SshKeyFile &key : keyFiles)
        parts << QCoreApplication::translate("SshCredentials", "key file %1").arg(key.path);
    if (useAgent)
        parts << QCoreApplication::translate("SshCredentials", "agent");
    if (useDefaultKeys)
        parts << QCoreApplication::translate("SshCredentials", "default keys");
    if (password)
        parts << QCoreApplication::translate("SshCredentials", "password");
    if (parts.isEmpty())
        return QCoreApplication::translate("SshCredentials", "no authentication method");
    return parts.join(QStringLiteral(", "));
}

} // namespace infrahub
