// The SSH device emulator: many network devices answering SSH at once, each on its own loopback
// management address (127.1.1.11, 127.1.1.12, ...) and all on one port, so a client reaches a device
// exactly as it would a real one, by its management address.
//
// Threads: one accept thread polls every listening socket (plus a wake-up pipe), and each accepted
// connection gets a thread of its own that runs blocking libssh calls (key exchange, auth, the device's
// shell). Nothing runs on the caller's thread, so the Qt thread that owns the sandbox's HTTP server is
// never blocked. stop() is prompt: every wait is sliced to 100 ms and open sockets are shut down.
//
// All public functions are thread-safe.
#pragma once

#include "devicedescription.h"
#include "devicefaults.h"
#include "devicestate.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <atomic>
#include <list>
#include <memory>
#include <thread>
#include <vector>

namespace infrahub::sandbox {

struct DeviceLoginPolicy;

struct DeviceEmulatorOptions {
    // One port for every address. 8022: unprivileged (no root needed), clear of a real sshd on 22, and
    // the usual "alternative SSH" port. 0 = a free port picked once and used on every address (the
    // first address gets a kernel-chosen port; if another address has it taken, all are retried).
    quint16 port = 8022;
    // Host key (ed25519, shared by all devices): empty = a new one on every start; otherwise loaded from
    // this file, or generated and saved there (with .pub) if it does not exist, so clients' known_hosts
    // entries stay valid across restarts. A test changes the key by pointing at another file.
    QString hostKeyFile;
    QStringList authorizedKeys; // OpenSSH public key lines allowed to log in
    QString authorizedKeysFile; // an authorized_keys file with more (read at start)
    QString username;           // empty = any user name is accepted
    QString password;           // empty = password authentication off; never logged
    int maxConnections = 256;   // further connections are closed at once
};

class DeviceEmulator {
public:
    explicit DeviceEmulator(DeviceEmulatorOptions options = {});
    ~DeviceEmulator(); // stop()
    DeviceEmulator(const DeviceEmulator &) = delete;
    DeviceEmulator &operator=(const DeviceEmulator &) = delete;

    // Listens on every device's address. Fails (nothing left listening) on a non-loopback or duplicate
    // address, an unusable key, or a port that cannot be bound.
    bool start(const QList<DeviceDescription> &devices, QString *error);
    // Closes the listeners and every connection; returns when all threads are gone.
    void stop();
    bool isRunning() const;

    quint16 port() const;
    QString hostPublicKey() const;      // "ssh-ed25519 AAAA..." (a known_hosts entry without the host part)
    QString hostKeyFingerprint() const; // SHA256:...
    QList<QHostAddress> addresses() const;

    // Replaces the device list while running: new addresses start listening, removed ones stop (their
    // open connections finish), the others get the new description and keep their faults and stats.
    // False with *error listing addresses that could not be bound (the rest is applied).
    bool setDevices(const QList<DeviceDescription> &devices, QString *error);
    // False if no device has that address.
    bool setFaults(const QHostAddress &address, const DeviceFaults &faults);
    DeviceFaults faults(const QHostAddress &address) const;
    DeviceStats stats(const QHostAddress &address) const;
    int activeConnections() const;

private:
    struct Listener;
    struct ConnectionSlot;

    std::unique_ptr<Listener> openListener(const QHostAddress &address, quint16 port, int *errorNumber,
                                           QString *error) const;
    bool openAll(const QList<QHostAddress> &addresses, std::vector<std::unique_ptr<Listener>> *out,
                 QString *error);
    void acceptLoop();
    void acceptFrom(Listener &listener);
    void reapFinishedConnections(); // with m_mutex held
    void wake();

    const DeviceEmulatorOptions m_options;
    QMutex m_lifecycle; // start(), stop() and setDevices() one at a time
    // Set by start() before the accept thread exists, read-only while running.
    QByteArray m_hostKeyText; // OpenSSH private key text: each listener imports its own copy
    std::shared_ptr<const DeviceLoginPolicy> m_login;
    int m_wakePipe[2] = {-1, -1};
    std::thread m_acceptThread;
    std::atomic<quint16> m_port{0};
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_running{false};

    mutable QMutex m_mutex; // guards the members below
    QString m_hostPublicKey;
    QString m_hostFingerprint;
    QHash<QHostAddress, std::shared_ptr<DeviceState>> m_devices;
    std::vector<std::unique_ptr<Listener>> m_listeners;
    std::vector<std::unique_ptr<Listener>> m_retired; // freed by the accept thread (it may be polling them)
    std::list<std::unique_ptr<ConnectionSlot>> m_connections;
};

} // namespace infrahub::sandbox
