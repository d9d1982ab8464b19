#include "sshproxyjump.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

namespace infrahub {

Result<QString> proxyCommandForJump(const QString &jumpHosts) {
    const QString spec = jumpHosts.trimmed();
    if (spec.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("none");
    static const QRegularExpression entry(
        QStringLiteral(R"(^(?:([A-Za-z0-9._-]+)@)?([A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::([0-9]{1,5}))?$)"));
    const QStringList hops = spec.split(QLatin1Char(','));
    for (const QString &hop : hops) {
        if (!entry.match(hop).hasMatch()) {
            return InfrahubError::make(
                InfrahubError::Kind::Validation,
                QCoreApplication::translate("SshSession",
                                            "The jump host \"%1\" is not of the form [user@]host[:port].")
                    .arg(hop));
        }
    }
    const QRegularExpressionMatch first = entry.match(hops.first());
    QString host = first.captured(2);
    if (host.startsWith(QLatin1Char('[')))
        host = host.mid(1, host.size() - 2);
    QString command = QStringLiteral("ssh");
    if (!first.captured(1).isEmpty())
        command += QStringLiteral(" -l ") + first.captured(1);
    if (!first.captured(3).isEmpty())
        command += QStringLiteral(" -p ") + first.captured(3);
    if (hops.size() > 1)
        command += QStringLiteral(" -J ") + hops.mid(1).join(QLatin1Char(','));
    command += QStringLiteral(" -W '[%h]:%p' ") + host;
    return command;
}

} // namespace infrahub
