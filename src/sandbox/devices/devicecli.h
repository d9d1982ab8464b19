// What an emulated device answers to one command line: the per-family command set (show running-config,
// show configuration [| display set], show version, terminal length / set cli screen-length, exit...),
// pipes (| no-more, | include / | match / | exclude, | display set), abbreviations (`sh run`), and the
// family's error for anything else. Pure text in, lines out: the terminal side (echo, paging, faults)
// is DeviceShell's.
#pragma once

#include "deviceplatform.h"
#include "devicestate.h"

#include <QStringList>

#include <memory>

namespace infrahub::sandbox {

struct CliAnswer {
    QStringList lines;        // without line ends
    bool isError = false;     // the device refused the command
    bool isShow = false;      // output of a show command: the device's output faults apply to it
    bool noMore = false;      // `| no-more`: never paged
    bool endsSession = false; // exit / logout / quit
};

class DeviceCli {
public:
    DeviceCli(std::shared_ptr<DeviceState> device, QString user);

    QString prompt() const;
    const DevicePlatform &platform() const { return m_platform; }
    // Lines per screen (the pager line included); 0 = paging off. Starts at 24 like a vty.
    int pageLength() const { return m_pageLength; }
    // The client's terminal height from its pty request; used until the session sets its own length.
    void setTerminalHeight(int rows);

    // `promptLength`: where the command started on the screen (for the caret under an unknown word).
    CliAnswer run(const QString &line, int promptLength = 0);

private:
    CliAnswer runCisco(const QStringList &words, const QString &line, int promptLength);
    CliAnswer runJunos(const QStringList &words, const QString &line, int promptLength);
    QStringList showVersion() const;
    QStringList junosUptime() const;
    QStringList configLines(bool junosSetForm, bool junosBraces);

    std::shared_ptr<DeviceState> m_device;
    QString m_user;
    DevicePlatform m_platform;
    int m_pageLength = 24;
    bool m_pageLengthSetBySession = false;
};

} // namespace infrahub::sandbox
