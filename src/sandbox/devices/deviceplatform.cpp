#include "deviceplatform.h"

namespace infrahub::sandbox {

PlatformFamily DevicePlatform::familyOf(const QString &netmikoType) {
    const QString type = netmikoType.trimmed().toLower();
    if (type.startsWith(u"arista"))
        return PlatformFamily::AristaEos;
    if (type.startsWith(u"cisco_nxos"))
        return PlatformFamily::CiscoNxos;
    if (type.startsWith(u"juniper"))
        return PlatformFamily::JuniperJunos;
    return PlatformFamily::CiscoIos;
}

QString DevicePlatform::prompt(const QString &hostname, const QString &user) const {
    if (isJunos())
        return QStringLiteral("%1@%2> ").arg(user.isEmpty() ? QStringLiteral("admin") : user, hostname);
    return hostname + QLatin1Char('#');
}

QByteArray DevicePlatform::pagerPrompt() const {
    return isJunos() ? QByteArrayLiteral("---(more)---") : QByteArrayLiteral(" --More-- ");
}

QStringList DevicePlatform::unknownCommandLines(const QString &command, int promptLength) const {
    // The caret sits under the first character of the offending word (the first word here: the emulator
    // knows whole commands only).
    int leadingSpaces = 0;
    while (leadingSpaces < command.size() && command.at(leadingSpaces).isSpace())
        ++leadingSpaces;
    const QString caret = QString(promptLength + leadingSpaces, QLatin1Char(' ')) + QLatin1Char('^');
    switch (m_family) {
    case PlatformFamily::CiscoIos:
        return {caret, QStringLiteral("% Invalid input detected at '^' marker."), QString()};
    case PlatformFamily::AristaEos:
        return {QStringLiteral("% Invalid input")};
    case PlatformFamily::CiscoNxos:
        return {caret, QStringLiteral("% Invalid command at '^' marker.")};
    case PlatformFamily::JuniperJunos:
        return {caret, QStringLiteral("unknown command.")};
    }
    return {};
}

QStringList DevicePlatform::loginBanner(const QString &version) const {
    switch (m_family) {
    case PlatformFamily::CiscoIos:
    case PlatformFamily::AristaEos:
        return {QString()};
    case PlatformFamily::CiscoNxos:
        return {QStringLiteral("Cisco Nexus Operating System (NX-OS) Software"),
                QStringLiteral("TAC support: http://www.cisco.com/tac"),
                QStringLiteral("Copyright (C) 2002-2024, Cisco and/or its affiliates."), QString()};
    case PlatformFamily::JuniperJunos:
        return {QStringLiteral("--- JUNOS %1 Kernel 64-bit  JNPR-12.1-20230614.2b7ea8c_buil").arg(version)};
    }
    return {};
}

QString DevicePlatform::defaultModel() const {
    switch (m_family) {
    case PlatformFamily::CiscoIos:
        return QStringLiteral("C9300-48P");
    case PlatformFamily::AristaEos:
        return QStringLiteral("DCS-7280CR3-32P4");
    case PlatformFamily::CiscoNxos:
        return QStringLiteral("N9K-C93180YC-FX");
    case PlatformFamily::JuniperJunos:
        return QStringLiteral("MX204");
    }
    return {};
}

QString DevicePlatform::defaultVersion() const {
    switch (m_family) {
    case PlatformFamily::CiscoIos:
        return QStringLiteral("17.09.04a");
    case PlatformFamily::AristaEos:
        return QStringLiteral("4.31.2F");
    case PlatformFamily::CiscoNxos:
        return QStringLiteral("10.3(4a)");
    case PlatformFamily::JuniperJunos:
        return QStringLiteral("23.2R1.13");
    }
    return {};
}

QString DevicePlatform::vendorName() const {
    switch (m_family) {
    case PlatformFamily::CiscoIos:
        return QStringLiteral("Cisco IOS-XE");
    case PlatformFamily::AristaEos:
        return QStringLiteral("Arista EOS");
    case PlatformFamily::CiscoNxos:
        return QStringLiteral("Cisco NX-OS");
    case PlatformFamily::JuniperJunos:
        return QStringLiteral("Juniper Junos");
    }
    return {};
}

} // namespace infrahub::sandbox
