// The time limits of an SSH session. A limit of 0 or less means "no limit" (not recommended: a device
// that stops answering would hold the operation until the user cancels it).
#pragma once

namespace infrahub {

struct SshTimeouts {
    // Name lookup, TCP connect (or starting the ProxyJump), key exchange and the host key check. The time
    // a user takes to answer the host key question is not counted.
    int connectMs = 15000;
    // Every authentication attempt together (agent, keys, password).
    int authMs = 20000;
    // The default for exec() and for the shell's reads when a call gives no timeout of its own.
    int commandMs = 60000;
    // While the session is idle, a keep-alive request every interval; after keepAliveCountMax intervals
    // without a byte from the server the connection counts as lost (like OpenSSH's ServerAliveInterval
    // and ServerAliveCountMax). 0 turns keep-alives off.
    int keepAliveIntervalMs = 30000;
    int keepAliveCountMax = 3;
};

} // namespace infrahub
