#include "ipattributevalue.h"

#include <QHostAddress>

#include <cmath>

namespace infrahub::sandbox {

namespace {

QHostAddress maskAddress(int version, int prefixLength, bool hostmask) {
    if (version == 4) {
        quint32 mask = prefixLength == 0 ? 0 : ~quint32(0) << (32 - prefixLength);
        return QHostAddress(hostmask ? ~mask : mask);
    }
    Q_IPV6ADDR bytes{};
    for (int i = 0; i < 16; ++i) {
        const int bits = qBound(0, prefixLength - i * 8, 8);
        const quint8 m = bits == 0 ? 0 : quint8(0xff << (8 - bits));
        bytes[i] = hostmask ? quint8(~m) : m;
    }
    return QHostAddress(bytes);
}

QString text(const QHostAddress &a) {
    return a.toString();
}

} // namespace

std::optional<IpAttributeValue> IpAttributeValue::parse(const QString &input, bool network) {
    const QString trimmed = input.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    const qsizetype slash = trimmed.indexOf(QLatin1Char('/'));
    QHostAddress address;
    if (!address.setAddress(slash < 0 ? trimmed : trimmed.left(slash)))
        return std::nullopt;
    IpAttributeValue v;
    v.network = network;
    v.version = address.protocol() == QAbstractSocket::IPv6Protocol ? 6 : 4;
    const int maxLength = v.version == 4 ? 32 : 128;
    v.prefixLength = maxLength;
    if (slash >= 0) {
        bool ok = false;
        const QString lengthText = trimmed.mid(slash + 1);
        v.prefixLength = lengthText.toInt(&ok);
        if (!ok || v.prefixLength < 0 || v.prefixLength > maxLength ||
            lengthText.startsWith(QLatin1Char('+')))
            return std::nullopt;
    }
    if (network) {
        // Reject host bits like Python's ip_network(strict=True), which Infrahub uses for prefixes.
        const QHostAddress mask = maskAddress(v.version, v.prefixLength, false);
        if (v.version == 4) {
            if ((address.toIPv4Address() & mask.toIPv4Address()) != address.toIPv4Address())
                return std::nullopt;
        } else {
            const Q_IPV6ADDR a = address.toIPv6Address();
            const Q_IPV6ADDR m = mask.toIPv6Address();
            for (int i = 0; i < 16; ++i)
                if ((a[i] & m[i]) != a[i])
                    return std::nullopt;
        }
    }
    v.ip = text(address);
    v.value = v.ip + QLatin1Char('/') + QString::number(v.prefixLength);
    return v;
}

QJsonValue IpAttributeValue::field(const QString &name) const {
    const QHostAddress netmask = maskAddress(version, prefixLength, false);
    const QHostAddress hostmask = maskAddress(version, prefixLength, true);
    if (name == u"ip")
        return ip;
    if (name == u"prefixlen")
        return prefixLength;
    if (name == u"version")
        return version;
    if (name == u"netmask")
        return text(netmask);
    if (name == u"hostmask")
        return text(hostmask);
    if (name == u"with_netmask")
        return QString(ip + QLatin1Char('/') + text(netmask));
    if (name == u"with_hostmask")
        return QString(ip + QLatin1Char('/') + text(hostmask));
    if (name == u"num_addresses") {
        const int hostBits = (version == 4 ? 32 : 128) - prefixLength;
        return hostBits >= 53 ? QJsonValue(double(std::pow(2.0, hostBits)))
                              : QJsonValue(qint64(1) << hostBits);
    }
    if (name == u"broadcast_address") {
        QHostAddress a(ip);
        if (version == 4)
            return text(QHostAddress(a.toIPv4Address() | hostmask.toIPv4Address()));
        Q_IPV6ADDR b = a.toIPv6Address();
        const Q_IPV6ADDR h = hostmask.toIPv6Address();
        for (int i = 0; i < 16; ++i)
            b[i] |= h[i];
        return text(QHostAddress(b));
    }
    return QJsonValue::Undefined;
}

} // namespace infrahub::sandbox
