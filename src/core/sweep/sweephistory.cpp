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

QString SweepHistory::keyOf(const QList<SweepRunner::HostResult> &results) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    // The addresses' bytes, not their text: a /16 is 65,534 of them, hashed while the user waits.
    for (const SweepRunner::HostResult &h : results) {
        const Q_IPV6ADDR bytes = h.address.toIPv6Address(); // IPv4 as ::ffff:a.b.c.d
        hash.addData(QByteArrayView(reinterpret_cast<const char *>(bytes.c), 16));
    }
    return QString::fromLatin1(hash.result().toHex().left(32));
}

QString SweepHistory::pathOf(const QString &key) const {
    return QDir(m_directory).filePath(key + QStringLiteral(".json"));
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
    for (const QJsonValue v : root.value(u"up").toArray())
        s.up.insert(v.toString(), true);
    for (const QJsonValue v : root.value(u"down").toArray())
        s.up.insert(v.toString(), false);
    return s;
}

bool SweepHistory::save(const QString &key, const QList<SweepRunner::HostResult> &results,
                        QString *error) const {
    Snapshot merged = previous(key).value_or(Snapshot{});
    merged.when = QDateTime::currentDateTimeUtc();
    for (const SweepRunner::HostResult &h : results)
        if (h.probed && h.result.state != ProbeResult::State::Error)
            merged.up.insert(h.address.toString(), h.result.isUp());
    QJsonArray up;
    QJsonArray down;
    for (auto it = merged.up.cbegin(); it != merged.up.cend(); ++it)
        (it.value() ? up : down).append(it.key());
    const QJsonObject root{{QStringLiteral("when"), merged.when.toString(Qt::ISODateWithMs)},
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

SweepHistory::Change SweepHistory::compare(const std::optional<Snapshot> &before,
                                           const SweepRunner::HostResult &host) {
    if (!before || !host.probed || host.result.state == ProbeResult::State::Error)
        return Change::NotSweptBefore;
    const auto it = before->up.constFind(host.address.toString());
    if (it == before->up.cend())
        return Change::NotSweptBefore;
    if (*it == host.result.isUp())
        return Change::Unchanged;
    return host.result.isUp() ? Change::NewUp : Change::NewDown;
}

} // namespace infrahub
