// The CLI family an emulated device belongs to, picked from its netmiko device type, and the bits of
// terminal behaviour that differ between families: prompt, pager prompt, error text, software defaults.
// Everything else (commands, config text) is written per family on top of this.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace infrahub::sandbox {

enum class PlatformFamily { CiscoIos, AristaEos, CiscoNxos, JuniperJunos };

class DevicePlatform {
public:
    // cisco_ios, cisco_xe (and anything unknown) -> CiscoIos; arista_eos; cisco_nxos(_ssh); juniper(_junos).
    static PlatformFamily familyOf(const QString &netmikoType);

    explicit DevicePlatform(PlatformFamily family)
        : m_family(family) {}
    PlatformFamily family() const { return m_family; }
    bool isJunos() const { return m_family == PlatformFamily::JuniperJunos; }

    // `atl1-edge1#` for the Cisco-like families (the login lands in privileged mode, as netmiko expects
    // after `enable`), `admin@atl1-edge1> ` for Junos (operational mode, with the login name).
    QString prompt(const QString &hostname, const QString &user) const;
    // What the pager shows when a screen is full: ` --More-- ` (IOS, EOS, NX-OS) or `---(more)---` (Junos,
    // as the real one prints it, so clients that only know the Cisco pager are caught).
    QByteArray pagerPrompt() const;
    // The lines a device prints for a command it does not know. `promptLength` places the caret under the
    // start of the unknown word, as IOS and Junos do.
    QStringList unknownCommandLines(const QString &command, int promptLength) const;

    // What the device prints after login, before the first prompt.
    QStringList loginBanner(const QString &version) const;

    QString defaultModel() const;
    QString defaultVersion() const;
    QString vendorName() const; // for logs and docs: "Cisco IOS-XE", "Arista EOS", ...

private:
    PlatformFamily m_family;
};

} // namespace infrahub::sandbox
