// The table of platforms the backups know: which commands print a platform's configuration, how to talk to
// it, what to filter and how to tell a complete copy. It ships as data/platforms.yaml (compiled in as
// :/backup/platforms.yaml) and the user can override it with a file of the same format, merged over it:
//   - a platform named in the override replaces the fields it gives; fields it leaves out keep the shipped
//     values (a list field such as drop_lines is replaced as a whole, not appended to);
//   - a new platform is added; `extends: <name>` starts it from another platform's fields (not its aliases);
//   - a later source wins over an earlier one.
// Loading validates everything: unknown fields (typos), bad regular expressions, a mask that refers to a
// group its pattern does not have, aliases claimed twice; each error names the file, line, platform and
// field.
//
// Platforms are keyed the way Infrahub's InfraPlatform names them: the key is a Netmiko device type
// (netmiko_device_type: cisco_ios, arista_eos...), aliases add the NAPALM drivers (napalm_driver: ios, eos,
// nxos_ssh...) and other spellings. Names are case-insensitive. A loaded table is immutable: share it freely
// between threads.
#pragma once

#include "backuperror.h"
#include "platformprofile.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace infrahub {

struct PlatformTableSource {
    QString name; // for error messages: a file name
    QByteArray yaml;
};

// The profile chosen for a device and why, so a UI or log can show "arista_eos (from NAPALM driver eos)".
struct PlatformMatch {
    enum class By { NetmikoDeviceType, NapalmDriver, Fallback };
    PlatformProfile profile;
    By by = By::Fallback;
    QString explanation;
};

class PlatformTable {
public:
    // The shipped table inside the binary.
    static QString builtInResource() { return QStringLiteral(":/backup/platforms.yaml"); }

    // Sources in order, later ones overriding earlier ones (see above).
    static BackupResult<PlatformTable> fromSources(const QList<PlatformTableSource> &sources);
    static BackupResult<PlatformTable> builtIn();
    // The shipped table with the user's file merged over it; a file that does not exist is no override.
    // The console and infrahub-backup both read defaultOverrideFile() unless told otherwise.
    static BackupResult<PlatformTable> builtInWithOverrides(const QString &overrideFile);
    // <config>/infrahub-console/platforms.yaml (~/.config on Linux): where the user's overrides live.
    static QString defaultOverrideFile();

    QStringList names() const { return m_profiles.keys(); }
    // By key or alias, case-insensitive; nullptr when unknown.
    const PlatformProfile *find(const QString &nameOrAlias) const;
    QString fallbackName() const { return m_fallback; }

    // The profile for a device whose InfraPlatform has these values (either may be empty). Tried in order:
    //   1. the Netmiko device type as a key or alias;
    //   2. the Netmiko device type without a transport suffix (cisco_ios_ssh, cisco_ios_telnet -> cisco_ios);
    //   3. the NAPALM driver as a key or alias;
    //   4. the table's fallback platform (`fallback:`, "generic" in the shipped table): an interactive shell,
    //      `terminal length 0`, `show running-config`, and only a "not empty" check.
    PlatformMatch lookup(const QString &netmikoDeviceType, const QString &napalmDriver) const;

private:
    QMap<QString, PlatformProfile> m_profiles; // by lower-case key
    QHash<QString, QString> m_aliases;         // lower-case alias -> key
    QString m_fallback;
};

} // namespace infrahub
