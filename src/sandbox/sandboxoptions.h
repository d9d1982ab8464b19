// Everything an `infrahub-sandbox` instance can be started with. The command line (`infrahub-sandbox
// --listen ... --schema ... --latency ...`) and in-process users (the app's demo mode, tests, benchmarks)
// fill the same struct, so both behave identically.
#pragma once

#include "sandbox/devices/devicefaults.h"
#include "sandbox/http/faultinjector.h"

#include <QByteArrayList>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace infrahub::sandbox {

// SSH for the dataset's devices (docs/sandbox.md, "Device SSH"): each InfraDevice with a loopback primary
// address answers SSH there as an emulated device of its platform, so config backups work in the demo.
// Off by default; with it off the sandbox behaves exactly as before.
struct DeviceSshOptions {
    bool enabled = false;
    // One port on every device address. 8022: unprivileged and clear of a real sshd. 0 = a free port,
    // the same on every address (read it back from SandboxServer::devices()->port()).
    quint16 port = 8022;
    // The key pair the console logs in with: read from this file if it exists, else generated and written
    // there (mode 0600, plus FILE.pub). Empty = generated into a temporary directory that lives as long as
    // the sandbox; SandboxServer::devices()->clientKeyFile() says where.
    QString clientKeyFile;
    QStringList authorizedKeys; // further OpenSSH public key lines that may log in
    QString authorizedKeysFile; // an authorized_keys file with more
    QString username;           // empty = any user name
    QString password;           // empty = no password login; never logged or printed
    // Empty = a new host key on every start; otherwise read from this file or created there, so the
    // console's known_hosts entries survive a restart.
    QString hostKeyFile;
    QList<DeviceFaultRule> faultRules; // in order; the last rule matching a device sets its faults
    bool demoFaults = false;           // a few demo devices misbehave (listed in docs/sandbox.md)
    int maxDevices = 2000;             // each device needs a listening socket; the rest get no SSH
};

struct SandboxOptions {
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0;                     // 0 = pick a free port
    QStringList schemaFiles;              // empty = built-in demo schema; the core kinds are always present
    QString dataFile;                     // load from (and, with persist, save to) this JSON file
    bool persist = false;                 // write changes back to dataFile
    int devices = 0;                      // > 0: generated dataset of this many devices instead of the demo
    bool emptyDataset = false;            // start with no objects at all
    QByteArrayList tokens;                // API tokens accepted for the admin account
    QList<QPair<QString, QString>> users; // name, password
    bool allowAnonymous = true;
    qint64 accessTokenLifetime = 3600;
    FaultSettings faults;
    QString requestLogFile; // one JSON line per GraphQL request
    DeviceSshOptions deviceSsh;
};

// Parses the sandbox command line (argv without the program name is fine too). On a usage error returns
// nullopt and sets *error to a message that names the bad option; `--help` / `--version` set *exitText.
struct ParsedSandboxCommandLine {
    SandboxOptions options;
    bool printPortOnly = false;
};
std::optional<ParsedSandboxCommandLine> parseSandboxCommandLine(const QStringList &arguments, QString *error,
                                                                QString *exitText);

} // namespace infrahub::sandbox
