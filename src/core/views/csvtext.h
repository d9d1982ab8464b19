// RFC 4180 CSV text, both ways: fields with a comma, quote, CR or LF are quoted (quotes doubled), lines end
// with CRLF, UTF-8. What spreadsheets and `csv` modules read back to the same cells.
#pragma once

#include <QByteArray>
#include <QList>
#include <QStringList>

#include <optional>

namespace infrahub {

QByteArray csvLine(const QStringList &cells);
QByteArray csvText(const QList<QStringList> &rows);

// Reads CSV text back into rows of cells: quoted fields may hold commas, quotes ("" for one) and line
// breaks; CRLF or LF ends a row; a UTF-8 byte order mark is skipped; empty lines are left out. Nothing
// with *error set ("line 4: a quoted field is not closed") when the text is not CSV.
std::optional<QList<QStringList>> parseCsv(const QByteArray &text, QString *error);

} // namespace infrahub
