// The conversation on one SSH channel of an emulated device, written as plain sequential code (each
// connection has a thread of its own): the interactive shell (banner, prompt, echo when the client asked
// for a pty, line editing, paging with the family's pager prompt) or one exec request (commands run
// without prompt or paging, then exit status and close). The device's faults are applied here, to the
// output of show commands.
#pragma once

#include "channelio.h"
#include "devicecli.h"

#include <memory>
#include <optional>

namespace infrahub::sandbox {

class DeviceShell {
public:
    DeviceShell(ChannelIo &io, std::shared_ptr<DeviceState> device, QString user);

    // What the client's pty request said; without one there is no echo (rows 0 = keep 24 lines).
    void setTerminal(bool pty, int rows);

    // Until the client logs out, closes the channel or goes away, or a fault ends the channel.
    void runInteractive();
    // An exec request: each line of `command` in turn (so "terminal length 0\nshow run" works too).
    // Exit status 0, or 1 if the device refused a command.
    void runExec(const QString &command);

private:
    std::optional<char> nextByte(int timeoutMs);
    std::optional<QString> readLine();
    // Writes an answer. False when the channel is over (a fault ended it, or the client went away).
    bool deliver(const CliAnswer &answer);
    bool writeLines(const QStringList &lines, int lineDelayMs, bool paged);
    void waitUntilClosed();
    QByteArray eol() const;

    ChannelIo &m_io;
    std::shared_ptr<DeviceState> m_device;
    DeviceCli m_cli;
    bool m_pty = false;
    bool m_interactive = false; // a shell (prompt, paging) rather than an exec request
    bool m_lastWasCr = false;   // a CR LF pair from the client is one Enter
};

} // namespace infrahub::sandbox
