// The bytes of an ICMP echo request, and reading an echo reply back out of what a socket received. Pure
// functions, kept apart from the socket so the parsing of raw and datagram, IPv4 and IPv6 input can be
// tested without a network.
//
// The payload carries a cookie: 8 bytes chosen per socket. A raw socket sees every ICMP packet of the host,
// including replies to other programs' pings (fping, ping, another sweep) that may happen to use the same
// identifier and sequence; the cookie tells ours apart without relying on the identifier alone.
#pragma once

#include <QtGlobal>

#include <array>
#include <cstddef>
#include <optional>

namespace infrahub::icmp {

constexpr std::size_t kEchoRequestSize = 24; // 8 bytes ICMP header, 16 bytes payload
using Cookie = std::array<unsigned char, 8>;

// Writes an echo request (ICMP type 8, or ICMPv6 type 128) into `out`. The IPv4 checksum is filled in;
// ICMPv6 checksums cover a pseudo header only the kernel knows, so it computes them itself.
// `out` has room for kEchoRequestSize bytes.
void writeEchoRequest(unsigned char *out, bool v6, quint16 identifier, quint16 sequence,
                      const Cookie &cookie);

// Writes the IPv4 header a raw socket with IP_HDRINCL sends in front of the request: the kernel fills in
// the source address, total length and checksum; `id` must not be 0 (0 asks the kernel to pick one, which
// costs more than the rest of the header).
constexpr std::size_t kIpv4HeaderSize = 20;
// `out` has room for kIpv4HeaderSize bytes.
void writeIpv4Header(unsigned char *out, quint32 destination, quint16 id);

struct EchoReply {
    quint16 identifier = 0;
    quint16 sequence = 0;
};

// Reads `data` as an echo reply carrying `cookie`. `withIpHeader`: the datagram starts with the IPv4
// header (raw IPv4 sockets hand it over; ICMPv6 raw sockets and datagram ICMP sockets do not). Anything
// else (another ICMP type, someone else's echo, a truncated packet) is nullopt.
std::optional<EchoReply> readEchoReply(const unsigned char *data, std::size_t length, bool v6,
                                       bool withIpHeader, const Cookie &cookie);

} // namespace infrahub::icmp
