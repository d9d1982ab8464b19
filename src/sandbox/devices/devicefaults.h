// Faults an emulated device can be given, for tests and for showing what a backup does with a bad device:
// the output of its show commands can hang, break off, turn to garbage or stop early, it can be slow,
// refuse every login, or change its configuration on every fetch. Set per device through DeviceEmulator
// (tests) or by name/address rules (the sandbox's --device-ssh-fault).
#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>

namespace infrahub::sandbox {

struct DeviceFaults {
    // What happens to the output of a show command (the commands that set up the terminal, like
    // `terminal length 0`, always answer normally, so a client gets as far as the real fetch).
    enum class Output {
        Normal,
        Hang,       // the command is taken, nothing is ever answered; the connection stays up
        Disconnect, // half the output, then the TCP connection is cut (no SSH goodbye, no exit status)
        Garbage,    // binary junk instead of the output; a shell then never shows a prompt again
        Truncate,   // half the output, then exit status 0 and a normal channel close
    };
    Output output = Output::Normal;
    int lineDelayMs = 0;       // slow: pause this long before each output line
    bool rejectAuth = false;   // every authentication attempt is refused
    bool changeConfig = false; // one real config line changes on every fetch (so backups show diffs)

    bool isNone() const {
        return output == Output::Normal && lineDelayMs == 0 && !rejectAuth && !changeConfig;
    }
    // "hang", "slow:200,change-config", ... ("none" when there is nothing); parse() reads the same form.
    QString toString() const;
    // Comma-separated: hang, disconnect, garbage, truncate (at most one of these), slow:MS, reject-auth,
    // change-config, none. Nullopt with *error naming the bad word.
    static std::optional<DeviceFaults> parse(const QString &text, QString *error);

    friend bool operator==(const DeviceFaults &, const DeviceFaults &) = default;
};

// "PATTERN=FAULTS": the faults for every device whose hostname matches PATTERN (a wildcard such as
// `atl1-*`, case-insensitive) or whose management address is PATTERN.
struct DeviceFaultRule {
    QString pattern;
    DeviceFaults faults;

    bool matches(const QString &hostname, const QHostAddress &address) const;
    static std::optional<DeviceFaultRule> parse(const QString &text, QString *error);
};

} // namespace infrahub::sandbox
