// The TCP connection under an SSH session, made without blocking: the name is looked up with QHostInfo
// (libssh would call getaddrinfo() on the event loop's thread, which can hang for seconds on a slow
// resolver) and every address is tried with a non-blocking connect() and a socket notifier. The socket
// is then handed to libssh (SSH_OPTIONS_FD), which keeps using the host name for known_hosts.
#pragma once

#include "client/infrahuberror.h"
#include "concurrency/cancellationtoken.h"

#include <QDeadlineTimer>
#include <QString>

namespace infrahub {

// Whether connectTcp() works on this platform. Where it does not, libssh makes the connection itself.
bool tcpConnectorAvailable();

// A connected, non-blocking socket the caller owns (close it), or NotReachable / Timeout / Cancelled.
// Several addresses share the time: each gets an equal part of what is left, at least 2 s, so one
// unresponsive address cannot use up the whole budget. `target` is used in messages.
QCoro::Task<Result<int>> connectTcp(QString host, int port, QDeadlineTimer deadline, CancellationToken token,
                                    QString target);

} // namespace infrahub
