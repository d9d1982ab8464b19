// ICMP echo on Windows through the system's ICMP API (IcmpSendEcho2 / Icmp6SendEcho2 from iphlpapi):
// no privileges, no child process, IPv4 and IPv6. Windows has neither datagram ICMP sockets nor raw
// sockets for ordinary users, which is why IcmpEchoProber is Unix-only and this exists.
//
// Asynchronous without a thread: each echo is sent with an event handle that Windows signals when the
// reply (or the timeout, or an ICMP error) arrives; a QWinEventNotifier turns that into a Qt signal the
// coroutine awaits, so any number of echoes can be in flight at once while the event loop keeps running.
//
// Windows only: the whole class is inside `#ifdef Q_OS_WIN`, so on other systems both files compile to
// nothing (the core library globs its sources; iphlpapi and ws2_32 are linked on WIN32 only). This repo's
// CI builds and tests on Linux, so this code is NOT compiled or run there: it was written from
// Microsoft's documentation of the ICMP API and needs a build and a loopback test on Windows before it
// is relied on.
#pragma once

#include <QtGlobal>

#ifdef Q_OS_WIN

#include "prober.h"

#include <QAbstractSocket>

namespace infrahub {

class WindowsIcmpProber : public Prober {
public:
    struct Availability {
        bool available = false;
        QString reason; // what is used and why, or why it cannot be
    };
    // Whether the ICMP API works for `protocol` here; checked by opening (and closing) an ICMP handle.
    static Availability availability(QAbstractSocket::NetworkLayerProtocol protocol);

    QString description() const override;
    QCoro::Task<ProbeResult> probe(QHostAddress host, ProbeOptions options, CancellationToken token) override;

private:
    static QCoro::Task<ProbeResult> echoOnce(QHostAddress host, int timeoutMs, CancellationToken token);
};

} // namespace infrahub

#endif // Q_OS_WIN
