#include "tcpconnector.h"

#include "concurrency/asyncevent.h"
#include "sshdeadline.h"
#include "ssherrors.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QHostInfo>
#include <QNetworkInterface>
#include <QSocketNotifier>
#include <QStringList>

#include <algorithm>
#include <memory>

#ifdef Q_OS_UNIX
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace infrahub {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("SshSession", text);
}

InfrahubError stopped(WaitOutcome outcome, const QString &target) {
    if (outcome == WaitOutcome::Cancelled) {
        return ssherrors::make(InfrahubError::Kind::Cancelled, ssherrors::code::Cancelled,
                               tr("Connecting to %1 was cancelled.").arg(target));
    }
    return ssherrors::make(InfrahubError::Kind::Timeout, ssherrors::code::ConnectTimeout,
                           tr("%1 did not accept a connection in time. Check that the device is up and "
                              "that SSH is allowed from here.")
                               .arg(target));
}

QCoro::Task<Result<QList<QHostAddress>>> resolve(QString host, QDeadlineTimer deadline,
                                                 CancellationToken token, QString target) {
    QHostAddress literal;
    // QHostInfo would do a reverse lookup for an address, which can take long without DNS.
    if (literal.setAddress(host))
        co_return QList<QHostAddress>{literal};

    struct Lookup {
        AsyncEvent done;
        QHostInfo info;
    };
    auto lookup = std::make_shared<Lookup>();
    // Destroying the context drops the callback, should the lookup outlive this coroutine.
    auto context = std::make_unique<QObject>();
    const int id = QHostInfo::lookupHost(host, context.get(), [lookup](const QHostInfo &info) {
        lookup->info = info;
        lookup->done.set();
    });
    QCoro::Task<WaitOutcome> waiting = lookup->done.wait(remainingMs(deadline), token);
    const WaitOutcome outcome = co_await waiting;
    if (outcome != WaitOutcome::Signalled) {
        QHostInfo::abortHostLookup(id);
        co_return stopped(outcome, target);
    }
    if (lookup->info.error() != QHostInfo::NoError || lookup->info.addresses().isEmpty()) {
        co_return ssherrors::make(
            InfrahubError::Kind::NotReachable, ssherrors::code::NotReachable,
            tr("The name %1 could not be resolved: %2").arg(host, lookup->info.errorString()));
    }
    co_return lookup->info.addresses();
}

#ifdef Q_OS_UNIX

socklen_t toSockaddr(const QHostAddress &address, int port, sockaddr_storage *storage) {
    std::memset(storage, 0, sizeof *storage);
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *a = reinterpret_cast<sockaddr_in6 *>(storage);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(quint16(port));
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&a->sin6_addr, bytes.c, 16);
        if (!address.scopeId().isEmpty())
            a->sin6_scope_id = quint32(QNetworkInterface::interfaceIndexFromName(address.scopeId()));
        return sizeof(sockaddr_in6);
    }
    auto *a = reinterpret_cast<sockaddr_in *>(storage);
    a->sin_family = AF_INET;
    a->sin_port = htons(quint16(port));
    a->sin_addr.s_addr = htonl(address.toIPv4Address());
    return sizeof(sockaddr_in);
}

QString errnoText(int error) {
    return QString::fromLocal8Bit(std::strerror(error));
}

struct Attempt {
    int fd = -1;
    QString failure; // why not, when fd < 0
    WaitOutcome stoppedBy = WaitOutcome::Signalled;
};

QCoro::Task<Attempt> connectOne(QHostAddress address, int port, int timeoutMs, CancellationToken token) {
    Attempt attempt;
    const int family = address.protocol() == QAbstractSocket::IPv6Protocol ? AF_INET6 : AF_INET;
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
    const int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
#else
    // macOS has neither flag: the same with fcntl (not atomic against a fork in another thread, which only
    // the system-ping prober's QProcess could do; a leaked descriptor there closes with the ping).
    const int fd = ::socket(family, SOCK_STREAM, 0);
    if (fd >= 0) {
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
#endif
    if (fd < 0) {
        attempt.failure = errnoText(errno);
        co_return attempt;
    }
    sockaddr_storage to;
    const socklen_t length = toSockaddr(address, port, &to);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&to), length) != 0 && errno != EINPROGRESS) {
        attempt.failure = errnoText(errno);
        ::close(fd);
        co_return attempt;
    }
    AsyncEvent writable;
    {
        QSocketNotifier notifier(fd, QSocketNotifier::Write);
        QObject::connect(&notifier, &QSocketNotifier::activated, &notifier, [&writable, &notifier] {
            notifier.setEnabled(false); // level-triggered: it would fire again until we resume
            writable.set();
        });
        QCoro::Task<WaitOutcome> waiting = writable.wait(timeoutMs, token);
        attempt.stoppedBy = co_await waiting;
    }
    if (attempt.stoppedBy != WaitOutcome::Signalled) {
        ::close(fd);
        co_return attempt;
    }
    int error = 0;
    socklen_t errorLength = sizeof error;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &errorLength) != 0)
        error = errno;
    if (error != 0) {
        attempt.failure = errnoText(error);
        ::close(fd);
        co_return attempt;
    }
    // SSH sends many small packets (keystrokes, channel requests); Nagle would delay them.
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    attempt.fd = fd;
    co_return attempt;
}

#endif

} // namespace

bool tcpConnectorAvailable() {
#ifdef Q_OS_UNIX
    return true;
#else
    return false;
#endif
}

QCoro::Task<Result<int>> connectTcp(QString host, int port, QDeadlineTimer deadline, CancellationToken token,
                                    QString target) {
#ifdef Q_OS_UNIX
    QCoro::Task<Result<QList<QHostAddress>>> resolving = resolve(host, deadline, token, target);
    const Result<QList<QHostAddress>> addresses = co_await resolving;
    if (!addresses)
        co_return addresses.error();

    QStringList failures;
    const qsizetype count = addresses->size();
    for (qsizetype i = 0; i < count; ++i) {
        const QHostAddress &address = addresses.value()[i];
        const int left = remainingMs(deadline);
        if (left == 0)
            co_return stopped(WaitOutcome::TimedOut, target);
        int budget = left;
        if (left > 0 && i + 1 < count)
            budget = std::min(left, std::max(int(left / (count - i)), 2000));
        QCoro::Task<Attempt> connecting = connectOne(address, port, budget, token);
        const Attempt attempt = co_await connecting;
        if (attempt.fd >= 0)
            co_return attempt.fd;
        if (attempt.stoppedBy == WaitOutcome::Cancelled)
            co_return stopped(WaitOutcome::Cancelled, target);
        failures << (attempt.stoppedBy == WaitOutcome::TimedOut
                         ? tr("%1: no answer").arg(address.toString())
                         : tr("%1: %2").arg(address.toString(), attempt.failure));
    }
    if (failures.size() == 1 && remainingMs(deadline) == 0)
        co_return stopped(WaitOutcome::TimedOut, target);
    co_return ssherrors::make(InfrahubError::Kind::NotReachable, ssherrors::code::NotReachable,
                              tr("Could not connect to %1 (%2). Check the address and port, and that an "
                                 "SSH server is running there.")
                                  .arg(target, failures.join(QStringLiteral("; "))));
#else
    Q_UNUSED(host);
    Q_UNUSED(port);
    Q_UNUSED(deadline);
    Q_UNUSED(token);
    co_return ssherrors::make(InfrahubError::Kind::NotReachable, ssherrors::code::NotReachable,
                              tr("Could not connect to %1: not supported on this system.").arg(target));
#endif
}

} // namespace infrahub
