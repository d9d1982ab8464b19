#include "backupsettings.h"

#include "core/backup/platformtable.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("BackupSettings", text);
}

// QSettings groups may not contain '/' (it nests) and some backends dislike other characters: the scope's
// readable part plus a short hash keeps two servers that sanitise alike apart.
QString groupOf(const QString &scope) {
    QString readable = scope;
    for (QChar &c : readable)
        if (!c.isLetterOrNumber() && c != u'.' && c != u'-')
            c = u'_';
    const QByteArray hash =
        QCryptographicHash::hash(scope.toUtf8(), QCryptographicHash::Sha1).toHex().left(8);
    return QStringLiteral("backup/%1_%2").arg(readable.left(60), QString::fromLatin1(hash));
}

QString hostKeysName(BackupSettings::HostKeys hostKeys) {
    switch (hostKeys) {
    case BackupSettings::HostKeys::Strict:
        return QStringLiteral("strict");
    case BackupSettings::HostKeys::AcceptNew:
        return QStringLiteral("accept-new");
    case BackupSettings::HostKeys::Ask:
        break;
    }
    return QStringLiteral("ask");
}

BackupSettings::HostKeys hostKeysFromName(const QString &name) {
    if (name == u"strict")
        return BackupSettings::HostKeys::Strict;
    if (name == u"accept-new")
        return BackupSettings::HostKeys::AcceptNew;
    return BackupSettings::HostKeys::Ask;
}

} // namespace

QString BackupSettings::scopeOf(const QUrl &server, bool demo) {
    if (demo)
        return QStringLiteral("demo");
    return server.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
        .toString();
}

BackupSettings BackupSettings::load(const QString &scope, QSettings &settings) {
    BackupSettings s;
    settings.beginGroup(groupOf(scope));
    s.folder = settings.value(QStringLiteral("folder")).toString();
    s.user = settings.value(QStringLiteral("user")).toString();
    s.port = settings.value(QStringLiteral("port"), 0).toInt();
    s.useAgent = settings.value(QStringLiteral("useAgent"), true).toBool();
    s.useDefaultKeys = settings.value(QStringLiteral("useDefaultKeys"), true).toBool();
    s.keyFile = settings.value(QStringLiteral("keyFile")).toString();
    s.keyHasPassphrase = settings.value(QStringLiteral("keyHasPassphrase"), false).toBool();
    s.usePassword = settings.value(QStringLiteral("usePassword"), false).toBool();
    s.hostKeys = hostKeysFromName(settings.value(QStringLiteral("hostKeys")).toString());
    s.knownHostsFile = settings.value(QStringLiteral("knownHostsFile")).toString();
    s.concurrency = std::clamp(settings.value(QStringLiteral("concurrency"), 20).toInt(), 1, 200);
    s.retries = std::clamp(settings.value(QStringLiteral("retries"), 1).toInt(), 0, 10);
    s.timeoutSeconds = std::clamp(settings.value(QStringLiteral("timeoutSeconds"), 30).toInt(), 1, 3600);
    s.platformsFile = settings.value(QStringLiteral("platformsFile")).toString();
    settings.endGroup();
    return s;
}

void BackupSettings::save(const QString &scope, QSettings &settings) const {
    settings.beginGroup(groupOf(scope));
    settings.setValue(QStringLiteral("scope"), scope); // for people reading the file
    settings.setValue(QStringLiteral("folder"), folder);
    settings.setValue(QStringLiteral("user"), user);
    settings.setValue(QStringLiteral("port"), port);
    settings.setValue(QStringLiteral("useAgent"), useAgent);
    settings.setValue(QStringLiteral("useDefaultKeys"), useDefaultKeys);
    settings.setValue(QStringLiteral("keyFile"), keyFile);
    settings.setValue(QStringLiteral("keyHasPassphrase"), keyHasPassphrase);
    settings.setValue(QStringLiteral("usePassword"), usePassword);
    settings.setValue(QStringLiteral("hostKeys"), hostKeysName(hostKeys));
    settings.setValue(QStringLiteral("knownHostsFile"), knownHostsFile);
    settings.setValue(QStringLiteral("concurrency"), concurrency);
    settings.setValue(QStringLiteral("retries"), retries);
    settings.setValue(QStringLiteral("timeoutSeconds"), timeoutSeconds);
    settings.setValue(QStringLiteral("platformsFile"), platformsFile);
    settings.endGroup();
}

QString BackupSettings::secretKey(const QString &scope, Secret secret) {
    return (secret == Secret::Password ? QStringLiteral("backup-ssh-password:")
                                       : QStringLiteral("backup-ssh-key-passphrase:")) +
           scope;
}

QString BackupSettings::defaultFolder(const QString &scope) {
    const QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QString name = scope;
    for (QChar &c : name)
        if (!c.isLetterOrNumber() && c != u'.' && c != u'-')
            c = u'_';
    return QDir(base).filePath(QStringLiteral("backups/") + name);
}

QString BackupSettings::defaultPlatformsFile() {
    return infrahub::PlatformTable::defaultOverrideFile(); // the same file infrahub-backup reads
}

infrahub::SshCredentials BackupSettings::credentials(const std::optional<QString> &password,
                                                     const std::optional<QString> &passphrase) const {
    infrahub::SshCredentials c;
    c.useAgent = useAgent;
    c.useDefaultKeys = useDefaultKeys;
    if (!keyFile.isEmpty())
        c.keyFiles.append({keyFile, keyHasPassphrase ? passphrase.value_or(QString()) : QString()});
    if (usePassword)
        c.password = password;
    return c;
}

infrahub::SshTimeouts BackupSettings::timeouts() const {
    infrahub::SshTimeouts t;
    t.connectMs = timeoutSeconds * 1000;
    t.authMs = timeoutSeconds * 1000;
    return t;
}

std::optional<QString> BackupSettings::validate() const {
    if (!keyFile.isEmpty() && !QFileInfo(keyFile).isReadable())
        return tr("The key file “%1” cannot be read.").arg(keyFile);
    if (!knownHostsFile.isEmpty() && QFileInfo::exists(knownHostsFile) && !QFileInfo(knownHostsFile).isFile())
        return tr("The known hosts file “%1” is not a file.").arg(knownHostsFile);
    if (!useAgent && !useDefaultKeys && keyFile.isEmpty() && !usePassword)
        return tr(
            "Choose at least one way to log in: the agent, your default keys, a key file or a password.");
    if (port < 0 || port > 65535)
        return tr("The port must be between 1 and 65535 (0: the ssh config's or 22).");
    return std::nullopt;
}

QString BackupSettings::describe() const {
    QStringList how;
    if (!keyFile.isEmpty())
        how.append(tr("key %1").arg(QDir::toNativeSeparators(keyFile)));
    if (useAgent)
        how.append(tr("agent"));
    if (useDefaultKeys)
        how.append(tr("default keys"));
    if (usePassword)
        how.append(tr("password"));
    return tr("%1%2; %3; %4 at once")
        .arg(user.isEmpty() ? tr("your user name") : user,
             how.isEmpty() ? QString() : QStringLiteral(" (") + how.join(QStringLiteral(", ")) + u')',
             hostKeys == HostKeys::AcceptNew ? tr("new host keys remembered, changed ones refused")
             : hostKeys == HostKeys::Strict  ? tr("only known host keys")
                                             : tr("unknown and changed host keys asked about"))
        .arg(concurrency);
}
