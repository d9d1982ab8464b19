// The errors of SSH sessions, as the core's InfrahubError so that SSH work runs on the same batch,
// retry and job machinery as everything else. The kind says what the caller can do (NotReachable and
// Timeout are worth retrying, Authentication is not, Cancelled is not an error at all); `code` names
// the exact SSH failure for callers that react to it (the ssherrors::code constants below). Messages
// name the target and say what to do next; they never contain a passphrase or a password.
#pragma once

#include "client/infrahuberror.h"

namespace infrahub::ssherrors {

namespace code {
inline constexpr char Configuration[] = "SSH_CONFIGURATION";        // the target or ssh config is unusable
inline constexpr char NotReachable[] = "SSH_NOT_REACHABLE";         // name lookup, TCP connect, proxy
inline constexpr char ConnectTimeout[] = "SSH_CONNECT_TIMEOUT";     // connect + key exchange too slow
inline constexpr char Handshake[] = "SSH_HANDSHAKE_FAILED";         // banner, key exchange, algorithms
inline constexpr char HostKeyUnknown[] = "SSH_HOST_KEY_UNKNOWN";    // first seen and not accepted
inline constexpr char HostKeyChanged[] = "SSH_HOST_KEY_CHANGED";    // differs from known_hosts, not accepted
inline constexpr char HostKeyCheck[] = "SSH_HOST_KEY_CHECK_FAILED"; // known_hosts unreadable/unwritable
inline constexpr char AuthFailed[] = "SSH_AUTH_FAILED";
inline constexpr char AuthTimeout[] = "SSH_AUTH_TIMEOUT";
inline constexpr char CommandTimeout[] = "SSH_COMMAND_TIMEOUT"; // exec or a shell read took too long
inline constexpr char OutputTooLarge[] = "SSH_OUTPUT_TOO_LARGE";
inline constexpr char ChannelFailed[] = "SSH_CHANNEL_FAILED"; // session channel, pty, exec or shell refused
inline constexpr char ChannelClosed[] = "SSH_CHANNEL_CLOSED"; // the shell ended (the device closed it)
inline constexpr char ConnectionLost[] = "SSH_CONNECTION_LOST";
inline constexpr char NotConnected[] = "SSH_NOT_CONNECTED"; // a call that needs an earlier step
inline constexpr char Cancelled[] = "SSH_CANCELLED";
} // namespace code

InfrahubError make(InfrahubError::Kind kind, const char *code, QString message);

// True when `error` carries the SSH code `code`.
bool is(const InfrahubError &error, const char *code);

// Shortens a command for messages (commands are not secrets, but can be long).
QString quoteCommand(const QString &command);

// What a device sent, made safe to put into a message: control characters (a terminal escape sequence in
// garbage output would otherwise reach the user's terminal or a log) become U+FFFD; tabs become spaces.
QString printable(QString text);

} // namespace infrahub::ssherrors
