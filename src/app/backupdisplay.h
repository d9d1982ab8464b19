// How the backup views write times and sizes, the same in every column and header of the backup area.
#pragma once

#include <QDateTime>
#include <QString>

namespace BackupDisplay {

// Local time as "2026-11-22 17:30": sortable and unambiguous for people in different countries looking at
// the same backups. Empty for an invalid time.
QString time(const QDateTime &when);
// "1.8 KB"; empty for a negative size (no copy).
QString size(qint64 bytes);

} // namespace BackupDisplay
