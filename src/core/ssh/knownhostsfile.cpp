#include "knownhostsfile.h"

#include "sshfingerprint.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

#include <libssh/libssh.h>

namespace infrahub::knownhosts {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("KnownHostsFile", text);
}

// Lines libssh would not read as a key line: blank, comments and markers (@cert-authority, @revoked),
// which libssh 0.10 does not support either.
bool isKeyLine(const QByteArray &line) {
    const QByteArray trimmed = line.trimmed();
    return !trimmed.isEmpty() && !trimmed.startsWith('#') && !trimmed.startsWith('@');
}

// The entry when `line` is about `hostEntry`, else null. The caller frees it.
ssh_knownhosts_entry *matchingEntry(const QByteArray &hostEntry, const QByteArray &line) {
    ssh_knownhosts_entry *entry = nullptr;
    const QByteArray trimmed = line.trimmed();
    if (ssh_known_hosts_parse_line(hostEntry.constData(), trimmed.constData(), &entry) != SSH_OK) {
        ssh_knownhosts_entry_free(entry);
        return nullptr;
    }
    return entry;
}

} // namespace

QString hostEntryName(const QString &host, int port) {
    const QString name = host.toLower();
    if (port == 0 || port == 22)
        return name;
    return QStringLiteral("[%1]:%2").arg(name).arg(port);
}

QList<HostKeyFingerprint> keysFor(const QString &file, const QString &hostEntry) {
    QList<HostKeyFingerprint> keys;
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return keys;
    const QByteArray host = hostEntry.toUtf8();
    const QList<QByteArray> lines = in.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (!isKeyLine(line))
            continue;
        if (ssh_knownhosts_entry *entry = matchingEntry(host, line)) {
            keys << fingerprintOf(entry->publickey);
            ssh_knownhosts_entry_free(entry);
        }
    }
    return keys;
}

Result<int> removeHost(const QString &file, const QString &hostEntry) {
    QFile in(file);
    if (!in.exists())
        return 0;
    if (!in.open(QIODevice::ReadOnly)) {
        return InfrahubError::make(InfrahubError::Kind::Protocol,
                                   tr("%1 could not be read: %2").arg(file, in.errorString()));
    }
    const QByteArray host = hostEntry.toUtf8();
    const QList<QByteArray> lines = in.readAll().split('\n');
    in.close();
    QByteArray kept;
    int removed = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        if (isKeyLine(line)) {
            if (ssh_knownhosts_entry *entry = matchingEntry(host, line)) {
                ssh_knownhosts_entry_free(entry);
                ++removed;
                continue;
            }
        }
        kept += line;
        if (i + 1 < lines.size())
            kept += '\n';
    }
    if (removed == 0)
        return 0;
    // Atomic replace: a crash midway must not leave a truncated known_hosts behind.
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(kept) != kept.size() || !out.commit()) {
        return InfrahubError::make(InfrahubError::Kind::Protocol,
                                   tr("%1 could not be rewritten: %2").arg(file, out.errorString()));
    }
    return removed;
}

} // namespace infrahub::knownhosts
