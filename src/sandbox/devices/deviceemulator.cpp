#include "deviceemulator.h"

#include <QtGlobal>

#ifndef Q_OS_WIN // the emulator is built on POSIX sockets, poll() and a wake-up pipe; Windows: see the end

#include "deviceconnection.h"
#include "sshkey.h"

#include <QFile>
#include <QSet>

#include <algorithm>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace infrahub::sandbox {

namespace {

// Linux creates sockets and pipes non-blocking and close-on-exec in one call; macOS has no SOCK_NONBLOCK,
// SOCK_CLOEXEC, pipe2() or accept4(), so there the flags are set right after (the emulator never forks).
[[maybe_unused]] void setFlags(int fd, bool nonBlocking) { // unused where Linux sets the flags itself
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    const int flags = ::fcntl(fd, F_GETFL);
    ::fcntl(fd, F_SETFL, nonBlocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
}

int listeningSocket(int family) {
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
    return ::socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
#else
    const int fd = ::socket(family, SOCK_STREAM, 0);
    if (fd >= 0)
        setFlags(fd, true);
    return fd;
#endif
}

bool wakePipe(int fds[2]) {
#ifdef Q_OS_LINUX
    return ::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0;
#else
    if (::pipe(fds) != 0)
        return false;
    setFlags(fds[0], true);
    setFlags(fds[1], true);
    return true;
#endif
}

// A connection from a listening socket, blocking (each connection's thread makes blocking libssh calls).
int acceptBlocking(int listener) {
#ifdef Q_OS_LINUX
    return ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
#else
    const int fd = ::accept(listener, nullptr, nullptr);
    if (fd >= 0)
        setFlags(fd, false); // BSD sockets inherit the listener's O_NONBLOCK
    return fd;
#endif
}

} // namespace

// A listening socket on one device address, wrapped in the ssh_bind that holds the host key for the
// sessions accepted on it.
struct DeviceEmulator::Listener {
    QHostAddress address;
    ssh_bind bind = nullptr;
    int fd = -1;

    ~Listener() {
        // Once handed over with ssh_bind_set_fd, the bind owns (and closes) the socket.
        const bool bindOwnsSocket = bind && ssh_bind_get_fd(bind) == fd;
        if (bind)
            ssh_bind_free(bind);
        if (!bindOwnsSocket && fd >= 0)
            ::close(fd);
    }
};

// A connection's thread and its socket, which stop() shuts down to end blocking libssh calls at once.
struct DeviceEmulator::ConnectionSlot {
    std::thread thread;
    int fd = -1; // -1 once the connection is about to close it (m_mutex)
    std::atomic<bool> finished{false};
};

namespace {

bool checkAddresses(const QList<DeviceDescription> &devices, QList<QHostAddress> *addresses, QString *error) {
    QSet<QHostAddress> seen;
    for (const DeviceDescription &d : devices) {
        // Loopback only: the emulator exists for demos and tests, and must never answer on a real network.
        if (!d.address.isLoopback()) {
            *error = QStringLiteral("device %1: %2 is not a loopback address (the emulator listens on "
                                    "loopback addresses only)")
                         .arg(d.hostname, d.address.toString());
            return false;
        }
        if (seen.contains(d.address)) {
            *error = QStringLiteral("device %1: address %2 is used by two devices")
                         .arg(d.hostname, d.address.toString());
            return false;
        }
        seen.insert(d.address);
        addresses->append(d.address);
    }
    return true;
}

quint16 localPort(int fd) {
    sockaddr_storage ss{};
    socklen_t length = sizeof ss;
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&ss), &length) != 0)
        return 0;
    return ss.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6 *>(&ss)->sin6_port)
                                    : ntohs(reinterpret_cast<sockaddr_in *>(&ss)->sin_port);
}

} // namespace

DeviceEmulator::DeviceEmulator(DeviceEmulatorOptions options)
    : m_options(std::move(options)) {}

DeviceEmulator::~DeviceEmulator() {
    stop();
}

std::unique_ptr<DeviceEmulator::Listener> DeviceEmulator::openListener(const QHostAddress &address,
                                                                       quint16 port, int *errorNumber,
                                                                       QString *error) const {
    const QString where = QStringLiteral("%1:%2").arg(address.toString()).arg(port);
    sockaddr_storage ss{};
    socklen_t length = 0;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *sin6 = reinterpret_cast<sockaddr_in6 *>(&ss);
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&sin6->sin6_addr, bytes.c, sizeof bytes.c);
        length = sizeof *sin6;
    } else {
        auto *sin = reinterpret_cast<sockaddr_in *>(&ss);
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        sin->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof *sin;
    }
    auto listener = std::make_unique<Listener>();
    listener->address = address;
    // Non-blocking: the accept thread drains each socket until EAGAIN after poll() said it is ready.
    listener->fd = listeningSocket(ss.ss_family);
    const int one = 1;
    if (listener->fd < 0 || ::setsockopt(listener->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        ::bind(listener->fd, reinterpret_cast<sockaddr *>(&ss), length) != 0 ||
        // A backlog of 128 rather than libssh's 10: tests open dozens of connections to one device at once.
        ::listen(listener->fd, 128) != 0) {
        *errorNumber = errno;
        *error = QStringLiteral("cannot listen on %1: %2")
                     .arg(where, QString::fromLocal8Bit(std::strerror(errno)));
        return nullptr;
    }
    listener->bind = ssh_bind_new();
    bool processConfig = false; // no /etc/ssh/libssh config: the emulator behaves the same everywhere
    QString keyError;
    SshKey key = SshKey::fromPrivateKeyText(m_hostKeyText, &keyError);
    if (!listener->bind || key.isNull() ||
        ssh_bind_options_set(listener->bind, SSH_BIND_OPTIONS_PROCESS_CONFIG, &processConfig) != SSH_OK) {
        *errorNumber = 0;
        *error = QStringLiteral("cannot set up SSH on %1: %2").arg(where, keyError);
        return nullptr;
    }
    ssh_key raw = key.release(); // the bind takes ownership of an imported key
    if (ssh_bind_options_set(listener->bind, SSH_BIND_OPTIONS_IMPORT_KEY, raw) != SSH_OK) {
        ssh_key_free(raw);
        *errorNumber = 0;
        *error = QStringLiteral("cannot use the host key on %1: %2")
                     .arg(where, QString::fromUtf8(ssh_get_error(listener->bind)));
        return nullptr;
    }
    ssh_bind_set_fd(listener->bind, listener->fd);
    if (ssh_bind_listen(listener->bind) != SSH_OK) { // with our socket: only checks the keys
        *errorNumber = 0;
        *error = QStringLiteral("cannot listen on %1: %2")
                     .arg(where, QString::fromUtf8(ssh_get_error(listener->bind)));
        return nullptr;
    }
    return listener;
}

bool DeviceEmulator::openAll(const QList<QHostAddress> &addresses,
                             std::vector<std::unique_ptr<Listener>> *out, QString *error) {
    // With port 0 the first address gets a kernel-chosen port and the others must get the same one; if
    // another address has it taken already, everything is closed and tried again with a new port.
    const int attempts = m_options.port == 0 && m_port == 0 ? 50 : 1;
    for (int attempt = 0; attempt < attempts; ++attempt) {
        quint16 port = m_port != 0 ? quint16(m_port) : m_options.port;
        std::vector<std::unique_ptr<Listener>> listeners;
        bool retry = false;
        for (const QHostAddress &address : addresses) {
            int errorNumber = 0;
            std::unique_ptr<Listener> listener = openListener(address, port, &errorNumber, error);
            if (!listener) {
                retry = attempts > 1 && errorNumber == EADDRINUSE && !listeners.empty();
                if (!retry)
                    return false;
                break;
            }
            if (port == 0)
                port = localPort(listener->fd);
            listeners.push_back(std::move(listener));
        }
        if (retry)
            continue;
        if (!addresses.isEmpty())
            m_port = port;
        for (auto &l : listeners)
            out->push_back(std::move(l));
        return true;
    }
    *error = QStringLiteral("no port is free on all %1 device addresses").arg(addresses.size());
    return false;
}

bool DeviceEmulator::start(const QList<DeviceDescription> &devices, QString *error) {
    QMutexLocker lifecycle(&m_lifecycle);
    if (m_running) {
        *error = QStringLiteral("the device emulator is running already");
        return false;
    }
    QList<QHostAddress> addresses;
    if (!checkAddresses(devices, &addresses, error))
        return false;

    SshKey hostKey = m_options.hostKeyFile.isEmpty()
                         ? SshKey::generateEd25519(error)
                         : SshKey::loadOrCreatePrivateKeyFile(
                               m_options.hostKeyFile, QStringLiteral("infrahub-sandbox-devices"), error);
    if (hostKey.isNull())
        return false;
    m_hostKeyText = hostKey.privateKeyText();

    auto login = std::make_shared<DeviceLoginPolicy>();
    login->username = m_options.username;
    login->password = m_options.password;
    for (const QString &line : m_options.authorizedKeys) {
        SshKey key = SshKey::fromPublicKeyLine(line, error);
        if (key.isNull())
            return false;
        login->authorizedKeys.push_back(std::move(key));
    }
    if (!m_options.authorizedKeysFile.isEmpty()) {
        QFile file(m_options.authorizedKeysFile);
        if (!file.open(QIODevice::ReadOnly)) {
            *error =
                QStringLiteral("cannot read %1: %2").arg(m_options.authorizedKeysFile, file.errorString());
            return false;
        }
        QStringList problems;
        for (SshKey &key : parseAuthorizedKeys(QString::fromUtf8(file.readAll()), &problems))
            login->authorizedKeys.push_back(std::move(key));
        if (!problems.isEmpty()) {
            *error = QStringLiteral("%1: %2").arg(m_options.authorizedKeysFile,
                                                  problems.join(QStringLiteral("; ")));
            return false;
        }
    }
    m_login = login;

    if (!wakePipe(m_wakePipe)) {
        *error = QStringLiteral("cannot create a pipe: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_port = 0;
    std::vector<std::unique_ptr<Listener>> listeners;
    if (!openAll(addresses, &listeners, error)) {
        ::close(m_wakePipe[0]);
        ::close(m_wakePipe[1]);
        m_wakePipe[0] = m_wakePipe[1] = -1;
        return false;
    }
    {
        QMutexLocker lock(&m_mutex);
        m_hostPublicKey = hostKey.publicKeyLine();
        m_hostFingerprint = hostKey.fingerprint();
        m_devices.clear();
        for (const DeviceDescription &d : devices)
            m_devices.insert(d.address, std::make_shared<DeviceState>(d));
        m_listeners = std::move(listeners);
    }
    m_stopping = false;
    m_running = true;
    m_acceptThread = std::thread(&DeviceEmulator::acceptLoop, this);
    return true;
}

void DeviceEmulator::stop() {
    QMutexLocker lifecycle(&m_lifecycle);
    if (!m_running)
        return;
    m_stopping = true;
    wake();
    if (m_acceptThread.joinable())
        m_acceptThread.join();
    // No new connections from here on. Shut down every open socket: blocked libssh calls (key exchange,
    // a write to a client that does not read) return at once, and the polls notice m_stopping.
    {
        QMutexLocker lock(&m_mutex);
        for (const auto &slot : m_connections)
            if (slot->fd >= 0)
                ::shutdown(slot->fd, SHUT_RDWR);
    }
    // Joined without m_mutex: a finishing connection takes it to clear its descriptor.
    for (const auto &slot : m_connections)
        if (slot->thread.joinable())
            slot->thread.join();
    {
        QMutexLocker lock(&m_mutex);
        m_connections.clear();
        m_listeners.clear();
        m_retired.clear();
    }
    ::close(m_wakePipe[0]);
    ::close(m_wakePipe[1]);
    m_wakePipe[0] = m_wakePipe[1] = -1;
    m_running = false;
}

bool DeviceEmulator::isRunning() const {
    return m_running;
}

quint16 DeviceEmulator::port() const {
    return m_port;
}

QString DeviceEmulator::hostPublicKey() const {
    QMutexLocker lock(&m_mutex);
    return m_hostPublicKey;
}

QString DeviceEmulator::hostKeyFingerprint() const {
    QMutexLocker lock(&m_mutex);
    return m_hostFingerprint;
}

QList<QHostAddress> DeviceEmulator::addresses() const {
    QMutexLocker lock(&m_mutex);
    return m_devices.keys();
}

bool DeviceEmulator::setDevices(const QList<DeviceDescription> &devices, QString *error) {
    QMutexLocker lifecycle(&m_lifecycle);
    if (!m_running) {
        *error = QStringLiteral("the device emulator is not running");
        return false;
    }
    QList<QHostAddress> addresses;
    if (!checkAddresses(devices, &addresses, error))
        return false;
    QSet<QHostAddress> current;
    {
        QMutexLocker lock(&m_mutex);
        for (auto it = m_devices.cbegin(); it != m_devices.cend(); ++it)
            current.insert(it.key());
    }
    // Bind the new addresses first, without the lock (sockets and key imports take a moment).
    QStringList problems;
    std::vector<std::unique_ptr<Listener>> opened;
    for (const QHostAddress &address : std::as_const(addresses)) {
        QString problem;
        if (!current.contains(address) && !openAll({address}, &opened, &problem))
            problems.append(problem);
    }
    {
        QMutexLocker lock(&m_mutex);
        QSet<QHostAddress> wanted;
        for (const DeviceDescription &d : devices) {
            wanted.insert(d.address);
            if (const auto state = m_devices.value(d.address)) {
                state->setDescription(d);
            } else {
                const auto it = std::find_if(opened.begin(), opened.end(),
                                             [&](const auto &l) { return l && l->address == d.address; });
                if (it != opened.end()) {
                    m_devices.insert(d.address, std::make_shared<DeviceState>(d));
                    m_listeners.push_back(std::move(*it));
                }
            }
        }
        for (const QHostAddress &address : std::as_const(current)) {
            if (wanted.contains(address))
                continue;
            m_devices.remove(address);
            for (auto it = m_listeners.begin(); it != m_listeners.end(); ++it) {
                if ((*it)->address == address) {
                    m_retired.push_back(std::move(*it));
                    m_listeners.erase(it);
                    break;
                }
            }
        }
    }
    wake();
    if (!problems.isEmpty()) {
        *error = problems.join(QStringLiteral("; "));
        return false;
    }
    return true;
}

bool DeviceEmulator::setFaults(const QHostAddress &address, const DeviceFaults &faults) {
    QMutexLocker lock(&m_mutex);
    const auto state = m_devices.value(address);
    if (!state)
        return false;
    state->setFaults(faults);
    return true;
}

DeviceFaults DeviceEmulator::faults(const QHostAddress &address) const {
    QMutexLocker lock(&m_mutex);
    const auto state = m_devices.value(address);
    return state ? state->faults() : DeviceFaults{};
}

DeviceStats DeviceEmulator::stats(const QHostAddress &address) const {
    QMutexLocker lock(&m_mutex);
    const auto state = m_devices.value(address);
    return state ? state->stats() : DeviceStats{};
}

int DeviceEmulator::activeConnections() const {
    QMutexLocker lock(&m_mutex);
    int active = 0;
    for (const auto &slot : m_connections)
        active += slot->finished ? 0 : 1;
    return active;
}

void DeviceEmulator::wake() {
    const char byte = 1;
    if (m_wakePipe[1] >= 0) [[maybe_unused]]
        const auto written = ::write(m_wakePipe[1], &byte, 1);
}

void DeviceEmulator::reapFinishedConnections() {
    for (auto it = m_connections.begin(); it != m_connections.end();) {
        if ((*it)->finished) {
            if ((*it)->thread.joinable())
                (*it)->thread.join(); // returns at once: the thread is past its last statement
            it = m_connections.erase(it);
        } else {
            ++it;
        }
    }
}

void DeviceEmulator::acceptLoop() {
    std::vector<pollfd> fds;
    std::vector<Listener *> owners;
    while (!m_stopping) {
        fds.assign(1, pollfd{m_wakePipe[0], POLLIN, 0});
        owners.assign(1, nullptr);
        {
            QMutexLocker lock(&m_mutex);
            m_retired.clear(); // nobody polls them any more: this thread is the only one that does
            reapFinishedConnections();
            for (const auto &l : m_listeners) {
                fds.push_back(pollfd{l->fd, POLLIN, 0});
                owners.push_back(l.get());
            }
        }
        // The timeout only bounds how long finished connection threads wait to be joined.
        if (::poll(fds.data(), nfds_t(fds.size()), 1000) < 0 && errno != EINTR)
            break;
        if (fds[0].revents & POLLIN) {
            char drain[64];
            while (::read(m_wakePipe[0], drain, sizeof drain) > 0) {
            }
        }
        for (size_t i = 1; i < fds.size() && !m_stopping; ++i)
            if (fds[i].revents & POLLIN)
                acceptFrom(*owners[i]);
    }
}

void DeviceEmulator::acceptFrom(Listener &listener) {
    for (;;) {
        const int fd = acceptBlocking(listener.fd);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            return; // EAGAIN: drained (other errors: try again on the next poll)
        }
        // The device is the one whose address the client connected to.
        sockaddr_storage local{};
        socklen_t length = sizeof local;
        QHostAddress address;
        if (::getsockname(fd, reinterpret_cast<sockaddr *>(&local), &length) == 0)
            address = QHostAddress(reinterpret_cast<const sockaddr *>(&local));
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); // prompts and echo go out at once

        std::shared_ptr<DeviceState> device;
        int active = 0;
        {
            QMutexLocker lock(&m_mutex);
            device = m_devices.value(address);
            for (const auto &slot : m_connections)
                active += slot->finished ? 0 : 1;
        }
        if (!device || active >= m_options.maxConnections) {
            ::close(fd);
            continue;
        }
        ssh_session session = ssh_new();
        if (!session) {
            ::close(fd);
            continue;
        }
        if (ssh_bind_accept_fd(listener.bind, session, fd) != SSH_OK) {
            const bool sessionOwnsSocket = ssh_get_fd(session) == fd;
            ssh_free(session);
            if (!sessionOwnsSocket)
                ::close(fd);
            continue;
        }
        auto slot = std::make_unique<ConnectionSlot>();
        slot->fd = fd;
        ConnectionSlot *raw = slot.get();
        {
            QMutexLocker lock(&m_mutex);
            m_connections.push_back(std::move(slot));
        }
        try {
            raw->thread = std::thread([this, raw, session, device, login = m_login] {
                {
                    DeviceConnection connection(session, device, login, m_stopping, [this, raw] {
                        QMutexLocker lock(&m_mutex);
                        raw->fd = -1;
                    });
                    connection.run();
                }
                raw->finished = true;
            });
        } catch (const std::system_error &) {
            // No thread for it (resource limits): refuse this client, keep serving the others.
            {
                QMutexLocker lock(&m_mutex);
                raw->fd = -1;
                raw->finished = true;
            }
            ssh_free(session);
        }
    }
}

} // namespace infrahub::sandbox

#else // Q_OS_WIN

namespace infrahub::sandbox {

// Windows has no poll() on pipes, no per-thread blocking accept on many addresses in the way the POSIX
// version uses them, and its loopback is 127.0.0.1 only by default: the emulator says it is not available,
// and the sandbox and the console run without device SSH (as when it cannot start anywhere else).
struct DeviceEmulator::Listener {};
struct DeviceEmulator::ConnectionSlot {};

DeviceEmulator::DeviceEmulator(DeviceEmulatorOptions options)
    : m_options(std::move(options)) {}

DeviceEmulator::~DeviceEmulator() = default;

bool DeviceEmulator::start(const QList<DeviceDescription> &, QString *error) {
    if (error)
        *error = QStringLiteral("The device SSH emulator is not available on Windows.");
    return false;
}

void DeviceEmulator::stop() {}
bool DeviceEmulator::isRunning() const {
    return false;
}
quint16 DeviceEmulator::port() const {
    return 0;
}
QString DeviceEmulator::hostPublicKey() const {
    return {};
}
QString DeviceEmulator::hostKeyFingerprint() const {
    return {};
}
QList<QHostAddress> DeviceEmulator::addresses() const {
    return {};
}
bool DeviceEmulator::setDevices(const QList<DeviceDescription> &, QString *error) {
    return start({}, error);
}
bool DeviceEmulator::setFaults(const QHostAddress &, const DeviceFaults &) {
    return false;
}
DeviceFaults DeviceEmulator::faults(const QHostAddress &) const {
    return {};
}
DeviceStats DeviceEmulator::stats(const QHostAddress &) const {
    return {};
}
int DeviceEmulator::activeConnections() const {
    return 0;
}

} // namespace infrahub::sandbox

#endif // Q_OS_WIN
