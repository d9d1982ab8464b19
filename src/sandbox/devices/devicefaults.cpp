#include "devicefaults.h"

#include <QRegularExpression>
#include <QStringList>

namespace infrahub::sandbox {

namespace {

const char *outputName(DeviceFaults::Output output) {
    switch (output) {
    case DeviceFaults::Output::Normal:
        return "";
    case DeviceFaults::Output::Hang:
        return "hang";
    case DeviceFaults::Output::Disconnect:
        return "disconnect";
    case DeviceFaults::Output::Garbage:
        return "garbage";
    case DeviceFaults::Output::Truncate:
        return "truncate";
    }
    return "";
}

} // namespace

QString DeviceFaults::toString() const {
    QStringList parts;
    if (output != Output::Normal)
        parts.append(QLatin1String(outputName(output)));
    if (lineDelayMs > 0)
        parts.append(QStringLiteral("slow:%1").arg(lineDelayMs));
    if (rejectAuth)
        parts.append(QStringLiteral("reject-auth"));
    if (changeConfig)
        parts.append(QStringLiteral("change-config"));
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QLatin1Char(','));
}

std::optional<DeviceFaults> DeviceFaults::parse(const QString &text, QString *error) {
    DeviceFaults faults;
    for (const QString &raw : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString word = raw.trimmed().toLower();
        std::optional<Output> output;
        for (Output o : {Output::Hang, Output::Disconnect, Output::Garbage, Output::Truncate})
            if (word == QLatin1String(outputName(o)))
                output = o;
        if (output) {
            if (faults.output != Output::Normal && faults.output != *output) {
                *error = QStringLiteral("'%1' and '%2' cannot be combined (a command's output fails one way)")
                             .arg(QLatin1String(outputName(faults.output)), word);
                return std::nullopt;
            }
            faults.output = *output;
        } else if (word.startsWith(u"slow:") || word.startsWith(u"slow=")) {
            bool ok = false;
            const int ms = word.mid(5).toInt(&ok);
            if (!ok || ms < 0 || ms > 600'000) {
                *error = QStringLiteral("'%1': slow needs milliseconds per line, e.g. slow:200").arg(word);
                return std::nullopt;
            }
            faults.lineDelayMs = ms;
        } else if (word == u"reject-auth") {
            faults.rejectAuth = true;
        } else if (word == u"change-config") {
            faults.changeConfig = true;
        } else if (word != u"none") {
            *error =
                QStringLiteral("unknown device fault '%1' (hang, disconnect, garbage, truncate, slow:MS, "
                               "reject-auth, change-config, none)")
                    .arg(word);
            return std::nullopt;
        }
    }
    return faults;
}

bool DeviceFaultRule::matches(const QString &hostname, const QHostAddress &address) const {
    const QHostAddress patternAddress(pattern);
    if (!patternAddress.isNull())
        return patternAddress.isEqual(address);
    const QRegularExpression wildcard(QRegularExpression::wildcardToRegularExpression(pattern),
                                      QRegularExpression::CaseInsensitiveOption);
    return wildcard.match(hostname).hasMatch();
}

std::optional<DeviceFaultRule> DeviceFaultRule::parse(const QString &text, QString *error) {
    const qsizetype equals = text.indexOf(QLatin1Char('='));
    if (equals <= 0) {
        *error = QStringLiteral("expected PATTERN=FAULTS (e.g. 'atl1-edge*=hang'), got '%1'").arg(text);
        return std::nullopt;
    }
    const auto faults = DeviceFaults::parse(text.mid(equals + 1), error);
    if (!faults)
        return std::nullopt;
    return DeviceFaultRule{text.left(equals).trimmed(), *faults};
}

} // namespace infrahub::sandbox
