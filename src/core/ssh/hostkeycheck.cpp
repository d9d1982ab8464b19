#include "hostkeycheck.h"

#include <QCoreApplication>
#include <QStringList>

namespace infrahub {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("HostKeyCheck", text);
}

} // namespace

QString HostKeyCheck::statusName(Status status) {
    switch (status) {
    case Status::Known:
        return QStringLiteral("known");
    case Status::FirstSeen:
        return QStringLiteral("first-seen");
    case Status::Changed:
        return QStringLiteral("changed");
    case Status::Error:
        break;
    }
    return QStringLiteral("error");
}

QString HostKeyCheck::describe() const {
    switch (status) {
    case Status::Known:
        return tr("The host key of %1 (%2) matches %3.").arg(host, presented.describe(), knownHostsFile);
    case Status::FirstSeen:
        return tr("The authenticity of %1 can't be established: it is not in %2. Its key is %3. Compare "
                  "the fingerprint with the one the device shows (for OpenSSH: ssh-keygen -lf on the host "
                  "key) before trusting it.")
            .arg(host, knownHostsFile, presented.describe());
    case Status::Changed: {
        QStringList previous;
        for (const HostKeyFingerprint &key : known)
            previous << key.describe();
        return tr("The host key of %1 has changed: it is now %2, but %3 has %4. Someone could be "
                  "intercepting the connection, or the device was reinstalled or got a new key. Accept "
                  "the new key only if you know why it changed.")
            .arg(host, presented.describe(), knownHostsFile, previous.join(QStringLiteral(", ")));
    }
    case Status::Error:
        break;
    }
    return tr("The host key of %1 could not be checked: %2").arg(host, error);
}

} // namespace infrahub
