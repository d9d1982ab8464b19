#include "backupstate.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

namespace infrahub {

namespace {

constexpr auto kFormat = "infrahub-console-backup-state";
constexpr int kVersion = 1;

QString tr(const char *text) {
    return QCoreApplication::translate("BackupState", text);
}

QString timeText(const QDateTime &t) {
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}
QDateTime timeFrom(const QJsonValue &v) {
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

void putIfSet(QJsonObject &o, const char *key, const QString &value) {
    if (!value.isEmpty())
        o.insert(QLatin1String(key), value);
}

} // namespace

QJsonObject BackupState::toJson() const {
    QJsonObject devicesJson;
    for (const DeviceStatus &s : devices) {
        QJsonObject d;
        putIfSet(d, "name", s.deviceName);
        putIfSet(d, "id", s.deviceId);
        putIfSet(d, "platform", s.platform);
        putIfSet(d, "lastSuccess", timeText(s.lastSuccess));
        putIfSet(d, "lastChange", timeText(s.lastChange));
        putIfSet(d, "lastCommit", s.lastCommit);
        if (s.size >= 0)
            d.insert(QStringLiteral("size"), s.size);
        putIfSet(d, "lastFailure", timeText(s.lastFailure));
        putIfSet(d, "lastFailureReason", s.lastFailureReason);
        if (s.consecutiveFailures > 0)
            d.insert(QStringLiteral("consecutiveFailures"), s.consecutiveFailures);
        devicesJson.insert(s.fileName, d);
    }
    QJsonObject root{{QStringLiteral("format"), QLatin1String(kFormat)},
                     {QStringLiteral("version"), kVersion},
                     {QStringLiteral("devices"), devicesJson}};
    if (lastRun) {
        QJsonObject run{{QStringLiteral("started"), timeText(lastRun->started)},
                        {QStringLiteral("finished"), timeText(lastRun->finished)},
                        {QStringLiteral("before"), lastRun->before},
                        {QStringLiteral("after"), lastRun->after},
                        {QStringLiteral("changed"), lastRun->changed},
                        {QStringLiteral("unchanged"), lastRun->unchanged},
                        {QStringLiteral("failed"), lastRun->failed}};
        root.insert(QStringLiteral("lastRun"), run);
    }
    return root;
}

std::optional<BackupState> BackupState::fromJson(const QJsonObject &json) {
    if (json.value(u"format").toString() != QLatin1String(kFormat) ||
        json.value(u"version").toInt() != kVersion)
        return std::nullopt;
    BackupState state;
    const QJsonObject devicesJson = json.value(u"devices").toObject();
    for (auto it = devicesJson.begin(); it != devicesJson.end(); ++it) {
        const QJsonObject d = it.value().toObject();
        DeviceStatus s;
        s.fileName = it.key();
        s.deviceName = d.value(u"name").toString();
        s.deviceId = d.value(u"id").toString();
        s.platform = d.value(u"platform").toString();
        s.lastSuccess = timeFrom(d.value(u"lastSuccess"));
        s.lastChange = timeFrom(d.value(u"lastChange"));
        s.lastCommit = d.value(u"lastCommit").toString();
        s.size = d.value(u"size").toInteger(-1);
        s.lastFailure = timeFrom(d.value(u"lastFailure"));
        s.lastFailureReason = d.value(u"lastFailureReason").toString();
        s.consecutiveFailures = d.value(u"consecutiveFailures").toInt(0);
        state.devices.insert(s.fileName, s);
    }
    if (json.contains(u"lastRun")) {
        const QJsonObject r = json.value(u"lastRun").toObject();
        BackupRunRecord run;
        run.started = timeFrom(r.value(u"started"));
        run.finished = timeFrom(r.value(u"finished"));
        run.before = r.value(u"before").toString();
        run.after = r.value(u"after").toString();
        run.changed = r.value(u"changed").toInt();
        run.unchanged = r.value(u"unchanged").toInt();
        run.failed = r.value(u"failed").toInt();
        state.lastRun = run;
    }
    return state;
}

BackupResult<BackupState> BackupState::load(const QString &path) {
    QFile file(path);
    if (!file.exists())
        return BackupError::make(BackupError::Kind::NotFound, tr("%1 does not exist.").arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return BackupError::make(BackupError::Kind::Io,
                                 tr("Cannot read %1: %2").arg(path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return BackupError::make(BackupError::Kind::InvalidData,
                                 tr("%1 is not valid JSON (%2).").arg(path, parseError.errorString()));
    std::optional<BackupState> state = fromJson(document.object());
    if (!state)
        return BackupError::make(
            BackupError::Kind::InvalidData,
            tr("%1 is not a backup state file of a version this program reads.").arg(path));
    return *state;
}

BackupResult<bool> BackupState::save(const QString &path) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented)) < 0 || !file.commit())
        return BackupError::make(BackupError::Kind::Io,
                                 tr("Cannot write the backup state %1: %2").arg(path, file.errorString()));
    return true;
}

} // namespace infrahub
