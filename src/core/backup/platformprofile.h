// How to back up one platform's configuration over SSH, as the platform table (data/platforms.yaml plus the
// user's overrides) describes it: how to talk to the device (an exec channel per command, or an interactive
// shell with prompt detection and paging disabled), which commands print the configuration, which lines are
// volatile noise (timestamps, uptime, counters) or secrets, and how to tell a complete configuration from a
// truncated one. A plain value: copy it to the thread that uses it.
#pragma once

#include "completenessrule.h"

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace infrahub {

// A secret to hide: every match of `pattern` on a line is replaced by `replacement`, where \1..\9 insert
// the pattern's captured groups (so `(secret \d) \S+` -> `\1 <removed>` keeps the keyword and hash type).
struct MaskRule {
    QRegularExpression pattern;
    QString replacement;
};

struct PlatformProfile {
    enum class Session {
        Exec,  // one SSH exec channel per command; the output is exactly the command's output
        Shell, // one interactive shell: send the paging commands, then each command, reading up to the prompt
    };

    QString name;        // the table's key, e.g. "cisco_ios" (a Netmiko device type where there is one)
    QString description; // for people: "Cisco IOS and IOS XE"
    QStringList aliases; // other names Infrahub may give the platform (NAPALM drivers, Netmiko variants)
    Session session = Session::Shell;
    QStringList pagingDisable;           // shell only: sent before the commands, e.g. "terminal length 0"
    QStringList commands;                // run in order; their outputs are joined in that order
    QRegularExpression prompt;           // shell only: matches the prompt line that ends a command's output
    int timeoutSeconds = 60;             // for the whole fetch
    QList<QRegularExpression> dropLines; // a line matching any of these is removed (volatile lines)
    QList<MaskRule> masks;               // applied to every line that is kept
    CompletenessRule complete;

    static QString sessionName(Session session) {
        return session == Session::Exec ? QStringLiteral("exec") : QStringLiteral("shell");
    }
};

} // namespace infrahub
