#include "deviceref.h"

#include <QCryptographicHash>
#include <QRegularExpression>

namespace infrahub {

namespace {
constexpr qsizetype kMaxNameLength = 60;
constexpr qsizetype kSuffixLength = 8;
} // namespace

QString DeviceRef::sanitise(const QString &name) {
    QString out;
    out.reserve(name.size());
    for (const QChar c : name) {
        const bool safe = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
                          c == u'-' || c == u'.' || c == u'_';
        if (safe)
            out.append(c);
        else if (!out.endsWith(u'_'))
            out.append(u'_');
    }
    // No hidden files, nothing that looks like an option or a relative path, no trailing dot (Windows).
    while (!out.isEmpty() && (out.front() == u'.' || out.front() == u'-' || out.front() == u'_'))
        out.remove(0, 1);
    out.truncate(kMaxNameLength);
    while (!out.isEmpty() && (out.back() == u'.' || out.back() == u'_'))
        out.chop(1);
    return out.isEmpty() ? QStringLiteral("device") : out;
}

QString DeviceRef::fileName() const {
    if (!storedAs.isEmpty())
        return storedAs;
    const QString identity = id.isEmpty() ? QStringLiteral("name:") + name : QStringLiteral("id:") + id;
    const QByteArray digest = QCryptographicHash::hash(identity.toUtf8(), QCryptographicHash::Sha1).toHex();
    return sanitise(name) + u'_' + QString::fromLatin1(digest.left(kSuffixLength)) + extension();
}

QString DeviceRef::nameFromFileName(const QString &fileName) {
    static const QRegularExpression pattern(QStringLiteral("^(.*)_[0-9a-f]{8}\\.cfg$"));
    const QRegularExpressionMatch match = pattern.match(fileName);
    return match.hasMatch() ? match.captured(1) : fileName;
}

} // namespace infrahub
