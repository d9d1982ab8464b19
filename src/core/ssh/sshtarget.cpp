#include "sshtarget.h"

namespace infrahub {

QString SshTarget::describe() const {
    QString text = user.isEmpty() ? host : user + QLatin1Char('@') + host;
    if (port > 0)
        text += QLatin1Char(':') + QString::number(port);
    return text;
}

} // namespace infrahub
