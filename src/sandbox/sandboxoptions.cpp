#include "sandboxoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace infrahub::sandbox {

namespace {

bool parseListen(const QString &text, SandboxOptions &options, QString *error) {
    // HOST:PORT, [IPv6]:PORT or just PORT.
    QString host = QStringLiteral("127.0.0.1");
    QString port = text;
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QLatin1Char(']'));
        if (close < 0 || text.mid(close + 1, 1) != u":") {
            *error = QStringLiteral("--listen: expected [IPv6]:PORT, got '%1'").arg(text);
            return false;
        }
        host = text.mid(1, close - 1);
        port = text.mid(close + 2);
    } else if (const qsizetype colon = text.lastIndexOf(QLatin1Char(':')); colon >= 0) {
        host = text.left(colon);
        port = text.mid(colon + 1);
    }
    bool ok = false;
    const uint portNumber = port.toUInt(&ok);
    if (!ok || portNumber > 65535) {
        *error = QStringLiteral("--listen: '%1' is not a port number (0-65535)").arg(port);
        return false;
    }
    if (host == u"localhost")
        host = QStringLiteral("127.0.0.1");
    if (!options.address.setAddress(host)) {
        *error = QStringLiteral("--listen: '%1' is not an IP address").arg(host);
        return false;
    }
    options.port = quint16(portNumber);
    return true;
}

bool parseRate(const QCommandLineParser &p, const QString &name, double &out, QString *error) {
    if (!p.isSet(name))
        return true;
    bool ok = false;
    out = p.value(name).toDouble(&ok);
    if (!ok || out < 0 || out > 1) {
        *error =
            QStringLiteral("--%1: expected a fraction between 0 and 1, got '%2'").arg(name, p.value(name));
        return false;
    }
    return true;
}

bool parseInt(const QCommandLineParser &p, const QString &name, qint64 minimum, qint64 &out, QString *error) {
    if (!p.isSet(name))
        return true;
    bool ok = false;
    out = p.value(name).toLongLong(&ok);
    if (!ok || out < minimum) {
        *error = QStringLiteral("--%1: expected a whole number >= %2, got '%3'")
                     .arg(name)
                     .arg(minimum)
                     .arg(p.value(name));
        return false;
    }
    return true;
}

bool parseDeviceSsh(const QCommandLineParser &p, DeviceSshOptions &o, QString *error) {
    static const char *dependent[] = {
        "device-ssh-key",      "device-ssh-authorized-keys", "device-ssh-host-key",   "device-ssh-user",
        "device-ssh-password", "device-ssh-fault",           "device-ssh-demo-faults"};
    if (!p.isSet(QStringLiteral("device-ssh"))) {
        for (const char *name : dependent) {
            if (p.isSet(QLatin1String(name))) {
                *error = QStringLiteral("--%1 needs --device-ssh PORT").arg(QLatin1String(name));
                return false;
            }
        }
        return true;
    }
    bool ok = false;
    const uint port = p.value(QStringLiteral("device-ssh")).toUInt(&ok);
    if (!ok || port > 65535) {
        *error = QStringLiteral("--device-ssh: '%1' is not a port number (0-65535)")
                     .arg(p.value(QStringLiteral("device-ssh")));
        return false;
    }
    o.enabled = true;
    o.port = quint16(port);
    o.clientKeyFile = p.value(QStringLiteral("device-ssh-key"));
    o.authorizedKeysFile = p.value(QStringLiteral("device-ssh-authorized-keys"));
    o.hostKeyFile = p.value(QStringLiteral("device-ssh-host-key"));
    o.username = p.value(QStringLiteral("device-ssh-user"));
    o.password = p.isSet(QStringLiteral("device-ssh-password"))
                     ? p.value(QStringLiteral("device-ssh-password"))
                     : qEnvironmentVariable("INFRAHUB_DEVICE_SSH_PASSWORD");
    o.demoFaults = p.isSet(QStringLiteral("device-ssh-demo-faults"));
    for (const QString &text : p.values(QStringLiteral("device-ssh-fault"))) {
        QString ruleError;
        const auto rule = DeviceFaultRule::parse(text, &ruleError);
        if (!rule) {
            *error = QStringLiteral("--device-ssh-fault: ") + ruleError;
            return false;
        }
        o.faultRules.append(*rule);
    }
    return true;
}

} // namespace

std::optional<ParsedSandboxCommandLine> parseSandboxCommandLine(const QStringList &arguments, QString *error,
                                                                QString *exitText) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Infrahub-compatible sandbox server: serves Infrahub's REST "
                                               "and GraphQL API (schema, queries, mutations,\n"
                                               "branches, auth) from memory, with a demo network or a "
                                               "generated dataset, and optional fault injection.\n"
                                               "Port 0 picks a free port; the chosen address is printed on "
                                               "stdout as 'listening on http://HOST:PORT'."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    const QList<QCommandLineOption> options{
        help,
        version,
        {QStringLiteral("listen"),
         QStringLiteral("Address to listen on (default 127.0.0.1:8000). Port 0 = any free port."),
         QStringLiteral("HOST:PORT")},
        {QStringLiteral("schema"),
         QStringLiteral("Infrahub schema YAML file; repeatable. Replaces the built-in demo "
                        "schema (the core kinds are always loaded)."),
         QStringLiteral("FILE")},
        {QStringLiteral("data"),
         QStringLiteral("Load objects from this JSON data file (written by --persist)."),
         QStringLiteral("FILE")},
        {QStringLiteral("persist"),
         QStringLiteral("Save every change back to the --data file (atomically).")},
        {QStringLiteral("devices"),
         QStringLiteral("Generate a dataset of N devices (sites of 20) instead of the demo."),
         QStringLiteral("N")},
        {QStringLiteral("empty"), QStringLiteral("Start without any objects.")},
        {QStringLiteral("token"),
         QStringLiteral("An API token (X-INFRAHUB-KEY) accepted for the admin account; repeatable."),
         QStringLiteral("TOKEN")},
        {QStringLiteral("user"),
         QStringLiteral("An account that can log in (JWT); repeatable. Default: admin:infrahub "
                        "when neither --user nor --token is given."),
         QStringLiteral("NAME:PASSWORD")},
        {QStringLiteral("no-anonymous"),
         QStringLiteral("Refuse anonymous reads (mutations always need auth).")},
        {QStringLiteral("token-lifetime"),
         QStringLiteral("Lifetime of JWT access tokens in seconds (default 3600)."),
         QStringLiteral("SECONDS")},
        {QStringLiteral("latency"),
         QStringLiteral("Delay every answer by MS milliseconds (requests still run concurrently)."),
         QStringLiteral("MS")},
        {QStringLiteral("latency-jitter"), QStringLiteral("Random +/- jitter added to --latency."),
         QStringLiteral("MS")},
        {QStringLiteral("fail-rate"),
         QStringLiteral("Fraction of requests answered with 502/503/429 (503/429 carry Retry-After)."),
         QStringLiteral("R")},
        {QStringLiteral("fail-statuses"),
         QStringLiteral("Statuses used by --fail-rate (default 502,503,429)."), QStringLiteral("LIST")},
        {QStringLiteral("retry-after"),
         QStringLiteral("Retry-After seconds on injected 503/429 (default 1)."), QStringLiteral("SECONDS")},
        {QStringLiteral("drop-rate"),
         QStringLiteral("Fraction of requests whose connection is closed without an answer."),
         QStringLiteral("R")},
        {QStringLiteral("stall-rate"), QStringLiteral("Fraction of requests that are never answered."),
         QStringLiteral("R")},
        {QStringLiteral("fault-paths"),
         QStringLiteral("Comma-separated path prefixes faults apply to (default all)."),
         QStringLiteral("LIST")},
        {QStringLiteral("seed"), QStringLiteral("Seed for fault injection (default random)."),
         QStringLiteral("N")},
        {QStringLiteral("log-requests"),
         QStringLiteral("Append one JSON line per GraphQL request (branch, operationName, "
                        "query, variables) to FILE. The environment variable "
                        "INFRAHUB_SANDBOX_REQUEST_LOG does the same."),
         QStringLiteral("FILE")},
        {QStringLiteral("print-port"),
         QStringLiteral("Print only the port number on stdout once listening.")},
        {QStringLiteral("device-ssh"),
         QStringLiteral("Every device with a loopback primary address answers SSH on it, on PORT, as an "
                        "emulated device of its platform (0 = a free port, the same on every address)."),
         QStringLiteral("PORT")},
        {QStringLiteral("device-ssh-key"),
         QStringLiteral("The client private key that may log in to the devices: read if FILE exists, else "
                        "generated there (with FILE.pub). Default: a temporary file, printed at start."),
         QStringLiteral("FILE")},
        {QStringLiteral("device-ssh-authorized-keys"),
         QStringLiteral("An authorized_keys file with more public keys that may log in."),
         QStringLiteral("FILE")},
        {QStringLiteral("device-ssh-host-key"),
         QStringLiteral("The devices' host key: read if FILE exists, else generated there. Default: a new "
                        "key on every start."),
         QStringLiteral("FILE")},
        {QStringLiteral("device-ssh-user"),
         QStringLiteral("The only user name the devices accept (default: any)."), QStringLiteral("NAME")},
        {QStringLiteral("device-ssh-password"),
         QStringLiteral("Also accept this password (default: keys only). The environment variable "
                        "INFRAHUB_DEVICE_SSH_PASSWORD does the same without showing it in the process list."),
         QStringLiteral("PASSWORD")},
        {QStringLiteral("device-ssh-fault"),
         QStringLiteral("Faults for the devices whose name matches PATTERN (wildcards) or whose address is "
                        "PATTERN: hang, disconnect, garbage, truncate, slow:MS, reject-auth, change-config "
                        "(comma-separated); repeatable, the last match wins."),
         QStringLiteral("PATTERN=FAULTS")},
        {QStringLiteral("device-ssh-demo-faults"),
         QStringLiteral("Give a few demo devices one fault each (see docs/sandbox.md).")},
    };
    p.addOptions(options);
    QStringList args = arguments;
    if (args.isEmpty() || args.constFirst().startsWith(u"-"))
        args.prepend(QStringLiteral("infrahub-sandbox"));
    if (!p.parse(args)) {
        *error = p.errorText();
        return std::nullopt;
    }
    if (p.isSet(help)) {
        *exitText = p.helpText();
        return std::nullopt;
    }
    if (p.isSet(version)) {
        *exitText = QStringLiteral("infrahub-sandbox %1 (imitates Infrahub %2)\n")
                        .arg(QStringLiteral(INFRAHUB_CONSOLE_VERSION), QStringLiteral("1.2.0"));
        return std::nullopt;
    }
    if (!p.positionalArguments().isEmpty()) {
        *error =
            QStringLiteral("unexpected argument '%1' (see --help)").arg(p.positionalArguments().constFirst());
        return std::nullopt;
    }
    ParsedSandboxCommandLine parsed;
    SandboxOptions &o = parsed.options;
    o.port = 8000;
    if (p.isSet(QStringLiteral("listen")) && !parseListen(p.value(QStringLiteral("listen")), o, error))
        return std::nullopt;
    o.schemaFiles = p.values(QStringLiteral("schema"));
    o.dataFile = p.value(QStringLiteral("data"));
    o.persist = p.isSet(QStringLiteral("persist"));
    if (o.persist && o.dataFile.isEmpty()) {
        *error = QStringLiteral("--persist needs --data FILE (the file to save to)");
        return std::nullopt;
    }
    qint64 devices = 0, lifetime = o.accessTokenLifetime, latency = 0, jitter = 0, retryAfter = 1, seed = 0;
    if (!parseInt(p, QStringLiteral("devices"), 0, devices, error) ||
        !parseInt(p, QStringLiteral("token-lifetime"), 1, lifetime, error) ||
        !parseInt(p, QStringLiteral("latency"), 0, latency, error) ||
        !parseInt(p, QStringLiteral("latency-jitter"), 0, jitter, error) ||
        !parseInt(p, QStringLiteral("retry-after"), 0, retryAfter, error) ||
        !parseInt(p, QStringLiteral("seed"), 0, seed, error))
        return std::nullopt;
    if (devices > 5'000'000) {
        *error = QStringLiteral("--devices: at most 5000000");
        return std::nullopt;
    }
    o.devices = int(devices);
    o.emptyDataset = p.isSet(QStringLiteral("empty"));
    o.accessTokenLifetime = lifetime;
    o.faults.latencyMs = int(latency);
    o.faults.latencyJitterMs = int(jitter);
    o.faults.retryAfterSeconds = int(retryAfter);
    o.faults.seed = quint64(seed);
    if (!parseRate(p, QStringLiteral("fail-rate"), o.faults.failRate, error) ||
        !parseRate(p, QStringLiteral("drop-rate"), o.faults.dropRate, error) ||
        !parseRate(p, QStringLiteral("stall-rate"), o.faults.stallRate, error))
        return std::nullopt;
    if (o.faults.failRate + o.faults.dropRate + o.faults.stallRate > 1.0) {
        *error = QStringLiteral("--fail-rate + --drop-rate + --stall-rate must not exceed 1");
        return std::nullopt;
    }
    if (p.isSet(QStringLiteral("fail-statuses"))) {
        o.faults.failStatuses.clear();
        for (const QString &s :
             p.value(QStringLiteral("fail-statuses")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            bool ok = false;
            const int status = s.trimmed().toInt(&ok);
            if (!ok || status < 400 || status > 599) {
                *error = QStringLiteral("--fail-statuses: '%1' is not an HTTP error status (400-599)").arg(s);
                return std::nullopt;
            }
            o.faults.failStatuses.append(status);
        }
    }
    if (p.isSet(QStringLiteral("fault-paths")))
        o.faults.pathPrefixes =
            p.value(QStringLiteral("fault-paths")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &t : p.values(QStringLiteral("token"))) {
        if (t.trimmed().isEmpty()) {
            *error = QStringLiteral("--token: the token must not be empty");
            return std::nullopt;
        }
        o.tokens.append(t.toUtf8());
    }
    for (const QString &u : p.values(QStringLiteral("user"))) {
        const qsizetype colon = u.indexOf(QLatin1Char(':'));
        if (colon <= 0 || colon == u.size() - 1) {
            *error = QStringLiteral("--user: expected NAME:PASSWORD");
            return std::nullopt;
        }
        o.users.append({u.left(colon), u.mid(colon + 1)});
    }
    if (o.users.isEmpty() && o.tokens.isEmpty())
        o.users.append({QStringLiteral("admin"), QStringLiteral("infrahub")});
    o.allowAnonymous = !p.isSet(QStringLiteral("no-anonymous"));
    o.requestLogFile = p.value(QStringLiteral("log-requests"));
    parsed.printPortOnly = p.isSet(QStringLiteral("print-port"));
    if (!parseDeviceSsh(p, o.deviceSsh, error))
        return std::nullopt;
    return parsed;
}

} // namespace infrahub::sandbox
