#include "icmpechopacket.h"

#include <cstring>

namespace infrahub::icmp {

namespace {

constexpr unsigned char kEchoRequestV4 = 8;
constexpr unsigned char kEchoReplyV4 = 0;
constexpr unsigned char kEchoRequestV6 = 128;
constexpr unsigned char kEchoReplyV6 = 129;
constexpr unsigned char kProtocolIcmp = 1;
constexpr char kMagic[8] = {'i', 'n', 'f', 'r', 'a', 'h', 'u', 'b'};

quint16 internetChecksum(const unsigned char *data, std::size_t length) {
    quint32 sum = 0;
    for (std::size_t i = 0; i + 1 < length; i += 2)
        sum += quint32(data[i] << 8 | data[i + 1]);
    if (length % 2)
        sum += quint32(data[length - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return quint16(~sum);
}

} // namespace

void writeEchoRequest(unsigned char *out, bool v6, quint16 identifier, quint16 sequence,
                      const Cookie &cookie) {
    std::memset(out, 0, kEchoRequestSize);
    out[0] = v6 ? kEchoRequestV6 : kEchoRequestV4;
    out[4] = identifier >> 8;
    out[5] = identifier & 0xff;
    out[6] = sequence >> 8;
    out[7] = sequence & 0xff;
    std::memcpy(out + 8, kMagic, sizeof kMagic);
    std::memcpy(out + 16, cookie.data(), cookie.size());
    if (!v6) {
        const quint16 sum = internetChecksum(out, kEchoRequestSize);
        out[2] = sum >> 8;
        out[3] = sum & 0xff;
    }
}

void writeIpv4Header(unsigned char *out, quint32 destination, quint16 id) {
    std::memset(out, 0, kIpv4HeaderSize);
    out[0] = 0x45; // version 4, 5 words
    out[4] = id >> 8;
    out[5] = id & 0xff;
    out[6] = 0x40; // don't fragment (24 bytes never need it)
    out[8] = 64;   // TTL
    out[9] = kProtocolIcmp;
    out[16] = destination >> 24;
    out[17] = (destination >> 16) & 0xff;
    out[18] = (destination >> 8) & 0xff;
    out[19] = destination & 0xff;
}

std::optional<EchoReply> readEchoReply(const unsigned char *data, std::size_t length, bool v6,
                                       bool withIpHeader, const Cookie &cookie) {
    if (withIpHeader) {
        // IPv4 header: version 4, header length in 32-bit words (at least 5), protocol ICMP.
        if (length < 20 || (data[0] >> 4) != 4 || data[9] != kProtocolIcmp)
            return std::nullopt;
        const std::size_t headerLength = std::size_t(data[0] & 0x0f) * 4;
        if (headerLength < 20 || headerLength > length)
            return std::nullopt;
        data += headerLength;
        length -= headerLength;
    }
    if (length < kEchoRequestSize || data[0] != (v6 ? kEchoReplyV6 : kEchoReplyV4) || data[1] != 0)
        return std::nullopt;
    if (std::memcmp(data + 8, kMagic, sizeof kMagic) != 0 ||
        std::memcmp(data + 16, cookie.data(), cookie.size()) != 0)
        return std::nullopt;
    EchoReply reply;
    reply.identifier = quint16(data[4] << 8 | data[5]);
    reply.sequence = quint16(data[6] << 8 | data[7]);
    return reply;
}

} // namespace infrahub::icmp
