#include "csvtext.h"

namespace infrahub {

QByteArray csvLine(const QStringList &cells) {
    QByteArray line;
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0)
            line += ',';
        const QByteArray cell = cells.at(i).toUtf8();
        const bool quote =
            cell.contains(',') || cell.contains('"') || cell.contains('\n') || cell.contains('\r');
        if (!quote) {
            line += cell;
            continue;
        }
        line += '"';
        for (const char c : cell) {
            if (c == '"')
                line += '"';
            line += c;
        }
        line += '"';
    }
    line += "\r\n";
    return line;
}

QByteArray csvText(const QList<QStringList> &rows) {
    QByteArray out;
    for (const QStringList &row : rows)
        out += csvLine(row);
    return out;
}

std::optional<QList<QStringList>> parseCsv(const QByteArray &text, QString *error) {
    QString s = QString::fromUtf8(text);
    if (s.startsWith(QChar(0xFEFF)))
        s.remove(0, 1);
    QList<QStringList> rows;
    QStringList row;
    QString cell;
    bool quoted = false;     // inside a quoted field
    bool cellQuoted = false; // the current field was quoted (so an empty "" is a value)
    int line = 1;
    int quoteLine = 0;
    auto endCell = [&] {
        row.append(cell);
        cell.clear();
        cellQuoted = false;
    };
    auto endRow = [&] {
        endCell();
        if (!(row.size() == 1 && row.constFirst().isEmpty()))
            rows.append(row);
        row.clear();
    };
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < s.size() && s.at(i + 1) == u'"') {
                    cell += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == u'\n')
                    ++line;
                cell += c;
            }
            continue;
        }
        if (c == u'"' && cell.isEmpty() && !cellQuoted) {
            quoted = true;
            cellQuoted = true;
            quoteLine = line;
        } else if (c == u',') {
            endCell();
        } else if (c == u'\r' && i + 1 < s.size() && s.at(i + 1) == u'\n') {
            continue; // the LF ends the row
        } else if (c == u'\n') {
            endRow();
            ++line;
        } else {
            cell += c;
        }
    }
    if (quoted) {
        *error = QStringLiteral("line %1: a quoted field is not closed").arg(quoteLine);
        return std::nullopt;
    }
    if (!cell.isEmpty() || !row.isEmpty() || cellQuoted)
        endRow();
    return rows;
}

} // namespace infrahub
