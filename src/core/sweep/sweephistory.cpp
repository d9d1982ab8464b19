#include "sweephistory.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace infrahub {

SweepHistory::SweepHistory(QString directory)
    : m_directory(std::move(directory)) {}

namespace {
template <typename List, typename AddressOf> QString hashAddresses(const List &list, AddressOf addressOf) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    // The addresses' bytes, not their text: a /16 is 65,534 of them.
    for (const auto &entry : list) {
        const Q_IPV6ADDR bytes = addressOf(entry).toIPv6Address(); // IPv4 as ::ffff:a.b.c.d
        hash.addData(QByteArrayView(reinterpret_cast<const char *>(bytes.c), 16));
    }
    return QString::fromLatin1(hash.result().toHex().left(32));
}
} // namespace

QString SweepHistory::keyOf(const QList<SweepRunner::HostResult> &results) {
    return hashAddresses(results,
                         [](const SweepRunner::HostResult &h) -> const QHostAddress & { return h.address; });
}

QString SweepHistory::keyOf(const QList<QHostAddress> &hosts) {
    return hashAddresses(hosts, [](const QHostAddress &a) -> const QHostAddress & { return a; });
}

QString SweepHistory::pathOf(const QString &key) const {
    return QDir(m_directory).filePath(key + QStringLiteral(".json"));
}

SweepHistory::AddressKey SweepHistory::addressKey(const QHostAddress &address) {
    const Q_IPV6ADDR bytes = address.toIPv6Address();
    quint64 high = 0;
    quint64 low = 0;
    for (int i = 0; i < 8; ++i) {
        high = high << 8 | bytes.c[i];
        low = low << 8 | bytes.c[i + 8];
    }
    return {high, low};
}

QHostAddress SweepHistory::addressOf(AddressKey key) {
    Q_IPV6ADDR bytes;
    for (int i = 7; i >= 0; --i) {
        bytes.c[i] = quint8(key.first & 0xff);
        bytes.c[i + 8] = quint8(key.second & 0xff);
        key.first >>= 8;
        key.second >>= 8;
    }
    QHostAddress address(bytes);
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

std::optional<bool> SweepHistory::Snapshot::wasUp(const QHostAddress &address) const {
    const auto it = up.constFind(addressKey(address));
    if (it == up.cend())
        return std::nullopt;
    return *it;
}

std::optional<SweepHistory::Snapshot> SweepHistory::previous(const QString &key) const {
    QFile file(pathOf(key));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    if (root.isEmpty())
        return std::nullopt;
    Snapshot s;
    s.when = QDateTime::fromString(root.value(u"when").toString(), Qt::ISODateWithMs);
    for (const bool answered : {true, false})
        for (const QJsonValue v : root.value(answered ? u"up" : u"down").toArray())
            if (const QHostAddress address(v.toString()); !address.isNull())
                s.up.insert(addressKey(address), answered);
    return s;
}

SweepHistory::Snapshot SweepHistory::merged(std::optional<Snapshot> before,
                                            const QList<SweepRunner::HostResult> &results) {
    Snapshot s = std::move(before).value_or(Snapshot{});
    s.when = QDateTime::currentDateTimeUtc();
    s.up.reserve(results.size());
    for (const SweepRunner::HostResult &h : results)
        if (h.probed && h.result.state != ProbeResult::State::Error)
            s.up.insert(addressKey(h.address), h.result.isUp());
    return s;
}

bool SweepHistory::write(const QString &key, const Snapshot &snapshot, QString *error) const {
    QJsonArray up;
    QJsonArray down;
    for (auto it = snapshot.up.cbegin(); it != snapshot.up.cend(); ++it)
        (it.value() ? up : down).append(addressOf(it.key()).toString());
    const QJsonObject root{{QStringLiteral("when"), snapshot.when.toString(Qt::ISODateWithMs)},
                           {QStringLiteral("up"), up},
                           {QStringLiteral("down"), down}};
    if (!QDir().mkpath(m_directory)) {
        if (error)
            *error = QStringLiteral("cannot create %1").arg(m_directory);
        return false;
    }
    QSaveFile file(pathOf(key));
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(root).toJson(QJsonDocument::Compact)) < 0 || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

bool SweepHistory::save(const QString &key, const QList<SweepRunner::HostResult> &results,
                        QString *error) const {
    return write(key, merged(previous(key), results), error);
}

SweepHistory::Change SweepHistory::compare(const std::optional<Snapshot> &before,
                                           const SweepRunner::HostResult &host) {
    if (!before || !host.probed || host.result.state == ProbeResult::State::Error)
        return Change::NotSweptBefore;
    const std::optional<bool> wasUp = before->wasUp(host.address);
    if (!wasUp)
        return Change::NotSweptBefore;
    if (*wasUp == host.result.isUp())
        return Change::Unchanged;
    return host.result.isUp() ? Change::NewUp : Change::NewDown;
}

} // namespace infrahub
