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

} // namespace infrahub
