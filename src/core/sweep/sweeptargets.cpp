#include "sweeptargets.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <unordered_set>
#include <utility>

namespace infrahub {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("SweepTargets", text);
}

const QString kAccepted =
    QStringLiteral("an address (10.0.0.1, 2001:db8::1), a CIDR block (10.0.0.0/24), or a "
                   "range (10.0.0.1-10.0.0.20, 10.0.0.1-20)");

// An address as a number, for finding duplicates: IPv4 as ::ffff:a.b.c.d, like QHostAddress does.
using AddressKey = std::pair<quint64, quint64>;

struct AddressKeyHash {
    std::size_t operator()(const AddressKey &k) const noexcept {
        return std::hash<quint64>()(k.first * 0x9e3779b97f4a7c15ULL ^ k.second);
    }
};

AddressKey keyOf(const Q_IPV6ADDR &bytes) {
    quint64 high = 0;
    quint64 low = 0;
    for (int i = 0; i < 8; ++i) {
        high = high << 8 | bytes[i];
        low = low << 8 | bytes[i + 8];
    }
    return {high, low};
}

AddressKey keyOf(quint32 v4) {
    return {0, 0xffff00000000ULL | v4};
}

// The addresses added so far, as numbers: a /16 is 65,534 of them, parsed while the user waits.
using Seen = std::unordered_set<AddressKey, AddressKeyHash>;

// Adds `address` + [0, count) in order, IPv4 or IPv6, stopping at the limit.
bool addRun(QList<QHostAddress> &out, Seen &seen, const QHostAddress &first, quint64 count,
            qsizetype maxHosts, QString *error) {
    if (quint64(out.size()) + count > quint64(maxHosts)) {
        *error = tr("More than %1 hosts: sweep smaller blocks.").arg(maxHosts);
        return false;
    }
    out.reserve(out.size() + qsizetype(count));
    seen.reserve(seen.size() + std::size_t(count));
    if (first.protocol() == QAbstractSocket::IPv4Protocol) {
        const quint32 base = first.toIPv4Address();
        for (quint64 i = 0; i < count; ++i)
            if (seen.insert(keyOf(quint32(base + i))).second)
                out.append(QHostAddress(quint32(base + i)));
        return true;
    }
    Q_IPV6ADDR bytes = first.toIPv6Address();
    for (quint64 i = 0; i < count; ++i) {
        if (seen.insert(keyOf(bytes)).second)
            out.append(QHostAddress(bytes));
        for (int b = 15; b >= 0; --b) // + 1, carrying
            if (++bytes[b] != 0)
                break;
    }
    return true;
}

// The number of addresses from `a` to `b` inclusive (same family, a <= b), or nothing.
std::optional<quint64> span(const QHostAddress &a, const QHostAddress &b) {
    if (a.protocol() != b.protocol())
        return std::nullopt;
    if (a.protocol() == QAbstractSocket::IPv4Protocol) {
        if (b.toIPv4Address() < a.toIPv4Address())
            return std::nullopt;
        return quint64(b.toIPv4Address()) - a.toIPv4Address() + 1;
    }
    const Q_IPV6ADDR x = a.toIPv6Address();
    const Q_IPV6ADDR y = b.toIPv6Address();
    for (int i = 0; i < 8; ++i) // the high 64 bits must match: such ranges are never swept
        if (x[i] != y[i])
            return std::nullopt;
    quint64 lo = 0;
    quint64 hi = 0;
    for (int i = 8; i < 16; ++i) {
        lo = (lo << 8) | x[i];
        hi = (hi << 8) | y[i];
    }
    if (hi < lo || hi - lo == ~quint64(0))
        return std::nullopt;
    return hi - lo + 1;
}

bool addItem(const QString &item, QList<QHostAddress> &out, Seen &seen, qsizetype maxHosts, QString *error) {
    const qsizetype slash = item.indexOf(u'/');
    if (slash > 0) {
        const std::pair<QHostAddress, int> subnet = QHostAddress::parseSubnet(item);
        if (subnet.first.isNull() || subnet.second < 0) {
            *error = tr("“%1” is not a valid CIDR block.").arg(item);
            return false;
        }
        const bool v4 = subnet.first.protocol() == QAbstractSocket::IPv4Protocol;
        const int bits = v4 ? 32 : 128;
        const int hostBits = bits - subnet.second;
        if (hostBits > 62) {
            *error = tr("“%1” is far too large to sweep.").arg(item);
            return false;
        }
        quint64 count = quint64(1) << hostBits;
        QHostAddress first = subnet.first; // parseSubnet() already cleared the host bits
        if (v4 && hostBits >= 2) {
            first = QHostAddress(first.toIPv4Address() + 1); // no network address
            count -= 2;                                      // ... and no broadcast
        } else if (!v4 && hostBits >= 2) {
            Q_IPV6ADDR b = first.toIPv6Address(); // no subnet-router anycast (all zeros)
            for (int i = 15; i >= 0; --i)
                if (++b[i] != 0)
                    break;
            first = QHostAddress(b);
            count -= 1;
        }
        return addRun(out, seen, first, count, maxHosts, error);
    }
    const qsizetype dash = item.indexOf(u'-');
    if (dash > 0) {
        const QString from = item.left(dash).trimmed();
        QString to = item.mid(dash + 1).trimmed();
        const QHostAddress first(from);
        if (first.isNull()) {
            *error = tr("“%1” is not an address (in the range “%2”).").arg(from, item);
            return false;
        }
        // "10.0.0.1-20": the end is the last octet.
        static const QRegularExpression lastOctet(QStringLiteral("^\\d{1,3}$"));
        if (first.protocol() == QAbstractSocket::IPv4Protocol && lastOctet.match(to).hasMatch())
            to = from.section(u'.', 0, 2) + u'.' + to;
        const QHostAddress last(to);
        const std::optional<quint64> count = last.isNull() ? std::nullopt : span(first, last);
        if (!count) {
            *error =
                tr("“%1” is not a range: the end must be an address of the same kind, not before the start.")
                    .arg(item);
            return false;
        }
        return addRun(out, seen, first, *count, maxHosts, error);
    }
    QHostAddress single;
    if (!single.setAddress(item) || single.protocol() == QAbstractSocket::UnknownNetworkLayerProtocol) {
        *error = tr("“%1” is not %2.").arg(item, kAccepted);
        return false;
    }
    single.setScopeId(QString());
    return addRun(out, seen, single, 1, maxHosts, error);
}

} // namespace

std::optional<SweepTargets> SweepTargets::parse(const QString &text, QString *error, qsizetype maxHosts) {
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    SweepTargets targets;
    Seen seen;
    const QStringList items = text.split(separators, Qt::SkipEmptyParts);
    if (items.isEmpty()) {
        *error = tr("Nothing to sweep: type %1.").arg(kAccepted);
        return std::nullopt;
    }
    for (const QString &item : items)
        if (!addItem(item, targets.m_hosts, seen, maxHosts, error))
            return std::nullopt;
    return targets;
}

std::optional<SweepTargets> SweepTargets::fromPrefix(const QString &prefix, QString *error) {
    if (!prefix.contains(u'/')) {
        *error = tr("“%1” is not a prefix (address/length).").arg(prefix);
        return std::nullopt;
    }
    return parse(prefix, error);
}

} // namespace infrahub
