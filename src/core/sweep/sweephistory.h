// The last sweep of each set of targets, kept on disk, so the next sweep of the same targets can say
// what changed: hosts newly up, hosts newly down. One small JSON file per target set (named by a hash of
// its addresses) in a folder of the app's data; written atomically. A cancelled sweep only updates the
// hosts it probed, so stopping early never forgets what an earlier sweep saw.
#pragma once

#include "sweeprunner.h"

#include <QDateTime>
#include <QHash>

#include <optional>

namespace infrahub {

class SweepHistory {
public:
    // An address as two numbers (IPv4 as ::ffff:a.b.c.d): cheap to hash, 65,534 times per /16.
    using AddressKey = QPair<quint64, quint64>;
    static AddressKey addressKey(const QHostAddress &address);
    static QHostAddress addressOf(AddressKey key);

    struct Snapshot {
        QDateTime when;
        QHash<AddressKey, bool> up; // address -> answered
        std::optional<bool> wasUp(const QHostAddress &address) const;
    };
    enum class Change { Unchanged, NewUp, NewDown, NotSweptBefore };

    explicit SweepHistory(QString directory);

    // The name a set of targets is kept under (order-sensitive, as the targets are).
    static QString keyOf(const QList<SweepRunner::HostResult> &results);
    static QString keyOf(const QList<QHostAddress> &hosts);
    // The snapshot last saved under `key`; nothing when there is none (or it cannot be read).
    std::optional<Snapshot> previous(const QString &key) const;
    // `before` with the probed hosts of `results` over it (hosts not probed keep their earlier state).
    static Snapshot merged(std::optional<Snapshot> before, const QList<SweepRunner::HostResult> &results);
    // Writes `snapshot` under `key`, atomically; false with *error set when the file cannot be written (the
    // previous file then stays as it was). Only touches the file: may run on a worker thread.
    bool write(const QString &key, const Snapshot &snapshot, QString *error) const;
    // merged(previous(key), results), written.
    bool save(const QString &key, const QList<SweepRunner::HostResult> &results, QString *error) const;

    // How `host`'s state differs from `before`.
    static Change compare(const std::optional<Snapshot> &before, const SweepRunner::HostResult &host);

private:
    QString pathOf(const QString &key) const;
    QString m_directory;
};

} // namespace infrahub
