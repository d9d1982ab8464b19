#include "devicecli.h"

#include "deviceconfigtext.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <initializer_list>

namespace infrahub::sandbox {

namespace {

// True when `typed` abbreviates `words` word by word, as IOS and Junos accept (`sh run` for
// `show running-config`): each typed word starts the command's word and has at least two letters (or is
// the whole word). "<n>" stands for a whole number, stored in *number.
bool matches(const QStringList &typed, std::initializer_list<const char *> words, int *number = nullptr) {
    if (typed.size() != qsizetype(words.size()))
        return false;
    qsizetype i = 0;
    for (const char *w : words) {
        const QString &t = typed.at(i++);
        const QLatin1String word(w);
        if (word == QLatin1String("<n>")) {
            bool ok = false;
            const int n = t.toInt(&ok);
            if (!ok || n < 0)
                return false;
            if (number)
                *number = n;
            continue;
        }
        if (t.size() > word.size() || (t.size() < 2 && t.size() < word.size()) ||
            !word.startsWith(t, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

// "3 weeks, 2 days, 4 hours, 5 minutes" (IOS) and its EOS/NX-OS variants.
struct Span {
    qint64 weeks, days, hours, minutes, seconds;
    explicit Span(qint64 total) {
        weeks = total / (7 * 86400);
        days = total / 86400 % 7;
        hours = total / 3600 % 24;
        minutes = total / 60 % 60;
        seconds = total % 60;
    }
};

QString plural(qint64 n, const char *unit) {
    return QStringLiteral("%1 %2%3").arg(n).arg(QLatin1String(unit)).arg(n == 1 ? "" : "s");
}

} // namespace

DeviceCli::DeviceCli(std::shared_ptr<DeviceState> device, QString user)
    : m_device(std::move(device))
    , m_user(std::move(user))
    , m_platform(DevicePlatform::familyOf(m_device->description().platform)) {}

QString DeviceCli::prompt() const {
    return m_platform.prompt(m_device->description().hostname, m_user);
}

void DeviceCli::setTerminalHeight(int rows) {
    if (rows > 0 && !m_pageLengthSetBySession)
        m_pageLength = rows;
}

CliAnswer DeviceCli::run(const QString &line, int promptLength) {
    const QString trimmed = line.trimmed();
    if (trimmed.isEmpty())
        return {};
    m_device->noteCommand(trimmed);

    // Pipes: the command, then filters applied to its output in order.
    QStringList parts = trimmed.split(QLatin1Char('|'));
    const QStringList words = parts.takeFirst().simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    bool noMore = false;
    bool displaySet = false;
    QList<std::pair<bool, QString>> filters; // (keep matching lines, pattern)
    auto unknown = [&] {
        CliAnswer a;
        a.lines = m_platform.unknownCommandLines(line, promptLength);
        a.isError = true;
        return a;
    };
    for (const QString &rawPipe : std::as_const(parts)) {
        const QStringList pipe = rawPipe.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (pipe.isEmpty())
            return unknown();
        const QString argument = pipe.mid(1).join(QLatin1Char(' '));
        const bool cisco = !m_platform.isJunos();
        if (matches(pipe, {"no-more"}) && m_platform.family() != PlatformFamily::CiscoIos)
            noMore = true;
        else if (m_platform.isJunos() && matches(pipe, {"display", "set"}))
            displaySet = true;
        else if (pipe.size() >= 2 && matches(pipe.mid(0, 1), {cisco ? "include" : "match"}))
            filters.append({true, argument});
        else if (pipe.size() >= 2 && matches(pipe.mid(0, 1), {cisco ? "exclude" : "except"}))
            filters.append({false, argument});
        else
            return unknown();
    }
    if (displaySet && !matches(words, {"show", "configuration"}))
        return unknown();

    CliAnswer answer;
    if (displaySet) {
        answer.lines = configLines(true, false);
        answer.isShow = true;
    } else {
        answer =
            m_platform.isJunos() ? runJunos(words, line, promptLength) : runCisco(words, line, promptLength);
    }
    if (answer.isError)
        return answer;
    answer.noMore = noMore;
    for (const auto &[keep, pattern] : std::as_const(filters)) {
        const QRegularExpression re(pattern);
        QStringList kept;
        for (const QString &l : std::as_const(answer.lines)) {
            const bool hit = re.isValid() ? re.match(l).hasMatch() : l.contains(pattern);
            if (hit == keep)
                kept.append(l);
        }
        answer.lines = kept;
    }
    return answer;
}

CliAnswer DeviceCli::runCisco(const QStringList &words, const QString &line, int promptLength) {
    CliAnswer a;
    int n = 0;
    if (matches(words, {"show", "running-config"})) {
        a.lines = configLines(false, false);
        a.isShow = true;
    } else if (matches(words, {"show", "version"})) {
        a.lines = showVersion();
        a.isShow = true;
    } else if (matches(words, {"show", "clock"})) {
        a.lines = {QLocale::c().toString(QDateTime::currentDateTimeUtc(),
                                         QStringLiteral("'*'HH:mm:ss.zzz 'UTC' ddd MMM d yyyy"))};
        a.isShow = true;
    } else if (matches(words, {"terminal", "length", "<n>"}, &n)) {
        m_pageLength = n;
        m_pageLengthSetBySession = true;
    } else if (matches(words, {"terminal", "width", "<n>"}) ||
               matches(words, {"terminal", "no", "monitor"}) || matches(words, {"enable"})) {
        // Accepted silently: netmiko's session preparation sends these. The login is privileged already.
    } else if (matches(words, {"exit"}) || matches(words, {"logout"}) || matches(words, {"quit"})) {
        a.endsSession = true;
    } else {
        return CliAnswer{m_platform.unknownCommandLines(line, promptLength), true};
    }
    return a;
}

CliAnswer DeviceCli::runJunos(const QStringList &words, const QString &line, int promptLength) {
    CliAnswer a;
    int n = 0;
    if (matches(words, {"show", "configuration"})) {
        a.lines = configLines(false, true);
        a.isShow = true;
    } else if (matches(words, {"show", "version"})) {
        a.lines = showVersion();
        a.isShow = true;
    } else if (matches(words, {"show", "system", "uptime"})) {
        a.lines = junosUptime();
        a.isShow = true;
    } else if (matches(words, {"set", "cli", "screen-length", "<n>"}, &n)) {
        m_pageLength = n;
        m_pageLengthSetBySession = true;
        a.lines = {QStringLiteral("Screen length set to %1").arg(n)};
    } else if (matches(words, {"set", "cli", "screen-width", "<n>"}, &n)) {
        a.lines = {QStringLiteral("Screen width set to %1").arg(n)};
    } else if (matches(words, {"set", "cli", "complete-on-space", "off"})) {
        a.lines = {QStringLiteral("Disabling complete-on-space")};
    } else if (matches(words, {"exit"}) || matches(words, {"quit"}) || matches(words, {"logout"})) {
        a.endsSession = true;
    } else {
        return CliAnswer{m_platform.unknownCommandLines(line, promptLength), true};
    }
    return a;
}

QStringList DeviceCli::configLines(bool junosSetForm, bool junosBraces) {
    const DeviceDescription d = m_device->description();
    const DeviceFaults faults = m_device->faults();
    m_device->noteConfigFetch();
    ConfigMoment moment;
    moment.now = QDateTime::currentDateTimeUtc();
    moment.clockPeriod = 17179000 + QRandomGenerator::global()->bounded(2000u);
    moment.revision = faults.changeConfig ? m_device->nextConfigRevision() : 0;
    moment.user = m_user.isEmpty() ? QStringLiteral("admin") : m_user;
    if (junosSetForm)
        return DeviceConfigText::junosSetConfiguration(d, moment);
    if (junosBraces)
        return DeviceConfigText::junosConfiguration(d, moment);
    return DeviceConfigText::runningConfig(d, moment);
}

QStringList DeviceCli::showVersion() const {
    const DeviceDescription d = m_device->description();
    const QString version = d.version.isEmpty() ? m_platform.defaultVersion() : d.version;
    const QString model = d.model.isEmpty() ? m_platform.defaultModel() : d.model;
    const QString serial = d.serial.isEmpty() ? QStringLiteral("SN-%1").arg(d.hostname) : d.serial;
    const qint64 up = m_device->bootTime().secsTo(QDateTime::currentDateTimeUtc());
    const Span s(up);
    switch (m_platform.family()) {
    case PlatformFamily::CiscoIos: {
        const QString uptime = QStringLiteral("%1, %2, %3, %4")
                                   .arg(plural(s.weeks, "week"), plural(s.days, "day"),
                                        plural(s.hours, "hour"), plural(s.minutes, "minute"));
        return {QStringLiteral("Cisco IOS XE Software, Version %1").arg(version),
                QStringLiteral("Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), "
                               "Version %1, RELEASE SOFTWARE (fc3)")
                    .arg(version),
                QStringLiteral("Technical Support: http://www.cisco.com/techsupport"),
                QStringLiteral("Copyright (c) 1986-2024 by Cisco Systems, Inc."),
                QString(),
                QStringLiteral("ROM: IOS-XE ROMMON"),
                QString(),
                QStringLiteral("%1 uptime is %2").arg(d.hostname, uptime),
                QStringLiteral("System returned to ROM by Reload Command"),
                QStringLiteral("System image file is \"flash:packages.conf\""),
                QString(),
                QStringLiteral("cisco %1 (X86) processor with 1338934K/6147K bytes of memory.").arg(model),
                QStringLiteral("Processor board ID %1").arg(serial),
                QStringLiteral("%1 Ethernet interfaces").arg(d.interfaces.size()),
                QString(),
                QStringLiteral("Model Number                       : %1").arg(model),
                QStringLiteral("System Serial Number               : %1").arg(serial),
                QString(),
                QStringLiteral("Configuration register is 0x102")};
    }
    case PlatformFamily::AristaEos:
        return {QStringLiteral("Arista %1").arg(model),
                QStringLiteral("Hardware version: 11.00"),
                QStringLiteral("Serial number: %1").arg(serial),
                QStringLiteral("System MAC address: 001c.7300.%1")
                    .arg(qChecksum(d.hostname.toUtf8()), 4, 16, QLatin1Char('0')),
                QString(),
                QStringLiteral("Software image version: %1").arg(version),
                QStringLiteral("Architecture: x86_64"),
                QStringLiteral("Internal build version: %1-35536530.4312F").arg(version),
                QString(),
                QStringLiteral("Uptime: %1, %2, %3 and %4")
                    .arg(plural(s.weeks, "week"), plural(s.days, "day"), plural(s.hours, "hour"),
                         plural(s.minutes, "minute")),
                QStringLiteral("Total memory: 32498268 kB"),
                QStringLiteral("Free memory: %1 kB").arg(25000000 + up % 100000)};
    case PlatformFamily::CiscoNxos:
        return {
            QStringLiteral("Cisco Nexus Operating System (NX-OS) Software"),
            QStringLiteral("TAC support: http://www.cisco.com/tac"),
            QStringLiteral("Copyright (C) 2002-2024, Cisco and/or its affiliates."),
            QString(),
            QStringLiteral("Software"),
            QStringLiteral("  BIOS: version 05.47"),
            QStringLiteral("  NXOS: version %1").arg(version),
            QStringLiteral("  NXOS image file is: bootflash:///nxos64-cs.%1.M.bin")
                .arg(QString(version).replace(QLatin1Char('('), QLatin1Char('.')).remove(QLatin1Char(')'))),
            QString(),
            QStringLiteral("Hardware"),
            QStringLiteral("  cisco Nexus9000 %1 Chassis").arg(model),
            QStringLiteral("  Processor Board ID %1").arg(serial),
            QString(),
            QStringLiteral("  Device name: %1").arg(d.hostname),
            QStringLiteral("  bootflash:   53298520 kB"),
            QStringLiteral("Kernel uptime is %1 day(s), %2 hour(s), %3 minute(s), %4 second(s)")
                .arg(up / 86400)
                .arg(s.hours)
                .arg(s.minutes)
                .arg(s.seconds)};
    case PlatformFamily::JuniperJunos:
        return {
            QStringLiteral("Hostname: %1").arg(d.hostname),
            QStringLiteral("Model: %1").arg(model.toLower()),
            QStringLiteral("Junos: %1").arg(version),
            QStringLiteral("JUNOS OS Kernel 64-bit  [20230614.2b7ea8c_builder_stable_12]"),
            QStringLiteral("JUNOS OS runtime [20230614.2b7ea8c_builder_stable_12]"),
            QStringLiteral("JUNOS Packet Forwarding Engine Support (MX/EX92XX Common) [%1]").arg(version)};
    }
    return {};
}

QStringList DeviceCli::junosUptime() const {
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime boot = m_device->bootTime();
    const Span s(boot.secsTo(now));
    const QString format = QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'");
    return {QStringLiteral("Current time: %1").arg(QLocale::c().toString(now, format)),
            QStringLiteral("System booted: %1 (%2w%3d %4:%5 ago)")
                .arg(QLocale::c().toString(boot, format))
                .arg(s.weeks)
                .arg(s.days)
                .arg(s.hours, 2, 10, QLatin1Char('0'))
                .arg(s.minutes, 2, 10, QLatin1Char('0'))};
}

} // namespace infrahub::sandbox
