// The terminal side of one SSH channel as DeviceShell sees it: bytes from the client, bytes to it, time
// passing, and the ways a channel can end. DeviceConnection implements it over libssh; every wait keeps
// the SSH session serviced (keepalives, window adjusts) and returns early when the emulator stops.
#pragma once

#include <QByteArray>

#include <optional>

namespace infrahub::sandbox {

class ChannelIo {
public:
    virtual ~ChannelIo() = default;

    // The next byte the client typed, waiting up to `timeoutMs` (-1 = until something happens). Nullopt on
    // timeout, or when no more input can come (client EOF with nothing buffered, channel closed, stopping).
    virtual std::optional<char> readByte(int timeoutMs) = 0;
    // False once nothing more can be read or written: the client closed the channel or went away, or the
    // emulator is stopping.
    virtual bool isOpen() const = 0;
    virtual bool write(const QByteArray &bytes) = 0;
    virtual void pause(int ms) = 0;
    // Normal end: exit status, EOF, close.
    virtual void finish(int exitStatus) = 0;
    // Abnormal end: the TCP connection is cut after what was written so far reached the client.
    virtual void dropConnection() = 0;
};

} // namespace infrahub::sandbox
