// RFC 4180 CSV text: fields with a comma, quote, CR or LF are quoted (quotes doubled), lines end with CRLF,
// UTF-8. What spreadsheets and `csv` modules read back to the same cells.
#pragma once

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace infrahub {

QByteArray csvLine(const QStringList &cells);
QByteArray csvText(const QList<QStringList> &rows);

} // namespace infrahub
