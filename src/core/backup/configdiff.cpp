#include "configdiff.h"

namespace infrahub {

namespace {

// "12,7" as unified diffs write a range: the count is left out when it is 1.
QString range(int start, int count) {
    return count == 1 ? QString::number(start) : QStringLiteral("%1,%2").arg(start).arg(count);
}

int countLines(const QList<DiffHunk> &hunks, DiffLine::Kind kind) {
    int n = 0;
    for (const DiffHunk &h : hunks)
        for (const DiffLine &l : h.lines)
            n += l.kind == kind ? 1 : 0;
    return n;
}

} // namespace

QString DiffHunk::header() const {
    QString text = QStringLiteral("@@ -%1 +%2 @@").arg(range(oldStart, oldCount), range(newStart, newCount));
    if (!section.isEmpty())
        text += u' ' + section;
    return text;
}

QList<SideBySideRow> DiffHunk::sideBySide() const {
    QList<SideBySideRow> rows;
    qsizetype i = 0;
    while (i < lines.size()) {
        const DiffLine &line = lines.at(i);
        if (line.kind == DiffLine::Kind::Context) {
            rows.append({SideBySideRow::Kind::Context, line.oldLine, line.text, line.newLine, line.text});
            ++i;
            continue;
        }
        // A block of removed lines followed by added ones is a change: pair them up in order, and what is
        // left over on either side stands alone.
        QList<const DiffLine *> removed;
        QList<const DiffLine *> added;
        while (i < lines.size() && lines.at(i).kind == DiffLine::Kind::Removed)
            removed.append(&lines.at(i++));
        while (i < lines.size() && lines.at(i).kind == DiffLine::Kind::Added)
            added.append(&lines.at(i++));
        const qsizetype paired = std::min(removed.size(), added.size());
        for (qsizetype k = 0; k < paired; ++k)
            rows.append({SideBySideRow::Kind::Changed, removed.at(k)->oldLine, removed.at(k)->text,
                         added.at(k)->newLine, added.at(k)->text});
        for (qsizetype k = paired; k < removed.size(); ++k)
            rows.append({SideBySideRow::Kind::Removed, removed.at(k)->oldLine, removed.at(k)->text, -1, {}});
        for (qsizetype k = paired; k < added.size(); ++k)
            rows.append({SideBySideRow::Kind::Added, -1, {}, added.at(k)->newLine, added.at(k)->text});
    }
    return rows;
}

int ConfigDiff::addedLines() const {
    return countLines(hunks, DiffLine::Kind::Added);
}
int ConfigDiff::removedLines() const {
    return countLines(hunks, DiffLine::Kind::Removed);
}

QString ConfigDiff::toUnifiedText() const {
    if (hunks.isEmpty())
        return {};
    QString text;
    text += oldExists ? QStringLiteral("--- a/") + oldName : QStringLiteral("--- /dev/null");
    text += u'\n';
    text += newExists ? QStringLiteral("+++ b/") + newName : QStringLiteral("+++ /dev/null");
    text += u'\n';
    for (const DiffHunk &hunk : hunks) {
        text += hunk.header() + u'\n';
        for (const DiffLine &line : hunk.lines) {
            const QChar marker = line.kind == DiffLine::Kind::Added     ? u'+'
                                 : line.kind == DiffLine::Kind::Removed ? u'-'
                                                                        : u' ';
            text += marker + line.text + u'\n';
        }
    }
    return text;
}

} // namespace infrahub
