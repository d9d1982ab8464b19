#include "backupdisplay.h"

#include <QLocale>

namespace BackupDisplay {

QString time(const QDateTime &when) {
    return when.isValid() ? when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

QString size(qint64 bytes) {
    return bytes < 0 ? QString() : QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace BackupDisplay
