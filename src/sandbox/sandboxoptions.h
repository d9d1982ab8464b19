// Everything an `infrahub-sandbox` instance can be started with. The command line (`infrahub-sandbox
// --listen ... --schema ... --latency ...`) and in-process users (the app's demo mode, tests, benchmarks)
// fill the same struct, so both behave identically.
#pragma once

#include "sandbox/http/faultinjector.h"

#include <QByteArrayList>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace infrahub::sandbox {

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
