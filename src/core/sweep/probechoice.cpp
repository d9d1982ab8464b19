#include "probechoice.h"

#include "icmpechoprober.h"
#include "systempingprober.h"
#include "tcpconnectprober.h"
#include "windowsicmpprober.h"

#include <QCoreApplication>

namespace infrahub {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("ProbeChoice", text);
}

QList<QAbstractSocket::NetworkLayerProtocol> protocolsOf(const SweepTargets &targets) {
    QList<QAbstractSocket::NetworkLayerProtocol> protocols;
    for (const QHostAddress &host : targets.hosts()) {
        if (!protocols.contains(host.protocol()))
            protocols.append(host.protocol());
        if (protocols.size() == 2)
            break;
    }
    return protocols;
}

// ICMP echo as this OS offers it. Null with the reason when one of `protocols` is not allowed.
std::shared_ptr<Prober> icmpProber(const QList<QAbstractSocket::NetworkLayerProtocol> &protocols,
                                   QString *why) {
    for (const QAbstractSocket::NetworkLayerProtocol protocol : protocols) {
#ifdef Q_OS_WIN
        const WindowsIcmpProber::Availability icmp = WindowsIcmpProber::availability(protocol);
        *why = icmp.reason;
        if (!icmp.available)
            return nullptr;
#else
        const IcmpEchoProber::Availability icmp = IcmpEchoProber::availability(protocol);
        *why = icmp.reason;
        if (icmp.mode == IcmpEchoProber::Mode::Unavailable)
            return nullptr;
#endif
    }
#ifdef Q_OS_WIN
    return std::make_shared<WindowsIcmpProber>();
#else
    return std::make_shared<IcmpEchoProber>();
#endif
}

} // namespace

ProbeChoice ProbeChoice::choose(ProbeMethod method, const QList<quint16> &tcpPorts,
                                const SweepTargets &targets) {
    ProbeChoice choice;
    const QList<QAbstractSocket::NetworkLayerProtocol> protocols = protocolsOf(targets);
    auto tcp = [&](const QString &why) {
        if (tcpPorts.isEmpty()) {
            choice.error = tr("Name the TCP ports to try.");
            return choice;
        }
        choice.prober = std::make_shared<TcpConnectProber>(tcpPorts);
        choice.why = why;
        return choice;
    };
    switch (method) {
    case ProbeMethod::Tcp:
        return tcp(tr("TCP connect, as chosen"));
    case ProbeMethod::Ping:
        for (const QAbstractSocket::NetworkLayerProtocol protocol : protocols) {
            const SystemPingProber::Availability ping = SystemPingProber::availability(protocol);
            if (!ping.found) {
                choice.error = ping.reason;
                return choice;
            }
        }
        choice.prober = std::make_shared<SystemPingProber>();
        choice.why = tr("the system's ping, as chosen: one process per try, the heaviest method (at most %1 "
                        "at once)")
                         .arg(SystemPingProber::kDefaultMaxProcesses);
        return choice;
    case ProbeMethod::Icmp:
    case ProbeMethod::Auto: {
        QString icmpWhy;
        choice.prober = icmpProber(protocols, &icmpWhy);
        if (choice.prober) {
            choice.why = icmpWhy;
            return choice;
        }
        if (method == ProbeMethod::Icmp) {
            choice.error = icmpWhy;
            return choice;
        }
        return tcp(
            tr("%1 — TCP connect is the fallback (the system's ping can be chosen instead)").arg(icmpWhy));
    }
    }
    return choice;
}

std::optional<QList<quint16>> ProbeChoice::parsePorts(const QString &text, QString *error) {
    QList<quint16> ports;
    for (const QString &p : text.split(u',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int port = p.trimmed().toInt(&ok);
        if (!ok || port < 1 || port > 65535) {
            *error =
                tr("Ports are numbers from 1 to 65535, separated by commas (not “%1”).").arg(p.trimmed());
            return std::nullopt;
        }
        ports.append(quint16(port));
    }
    return ports;
}

} // namespace infrahub
