#include "configdiffmodel.h"

#include <QPoint>

#include <algorithm>

using infrahub::ConfigDiff;
using infrahub::DiffHunk;
using infrahub::DiffLine;
using infrahub::SideBySideRow;

namespace {
constexpr int kTabWidth = 8; // how terminals and `git diff` show a tab in a configuration
}

ConfigDiffModel::ConfigDiffModel(QObject *parent)
    : QAbstractTableModel(parent) {}

void ConfigDiffModel::setDiff(const ConfigDiff &diff) {
    beginResetModel();
    m_diff = diff;
    rebuild();
    endResetModel();
}

void ConfigDiffModel::setMode(Mode mode) {
    if (mode == m_mode)
        return;
    beginResetModel();
    m_mode = mode;
    rebuild();
    endResetModel();
}

void ConfigDiffModel::setSideTitles(const QString &oldTitle, const QString &newTitle) {
    m_oldTitle = oldTitle;
    m_newTitle = newTitle;
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
}

int ConfigDiffModel::expandedLength(const QString &text) {
    int column = 0;
    for (const QChar c : text)
        column = c == u'\t' ? (column / kTabWidth + 1) * kTabWidth : column + 1;
    return column;
}

void ConfigDiffModel::rebuild() {
    m_rows.clear();
    m_longestOld = 0;
    m_longestNew = 0;
    m_largestLineNumber = 0;
    for (const DiffHunk &hunk : m_diff.hunks) {
        m_largestLineNumber =
            std::max({m_largestLineNumber, hunk.oldStart + hunk.oldCount, hunk.newStart + hunk.newCount});
        m_rows.append({RowKind::Header, -1, -1, hunk.header(), {}, {}});
        if (m_mode == Mode::Unified) {
            m_longestOld = std::max(m_longestOld, expandedLength(m_rows.constLast().oldText));
            for (const DiffLine &line : hunk.lines) {
                const RowKind kind = line.kind == DiffLine::Kind::Added     ? RowKind::Added
                                     : line.kind == DiffLine::Kind::Removed ? RowKind::Removed
                                                                            : RowKind::Context;
                m_rows.append({kind, line.oldLine, line.newLine, line.text, {}, {}});
                // One column holds both sides here; the marker takes a character.
                m_longestOld = std::max(m_longestOld, expandedLength(line.text) + 1);
            }
        } else {
            const QList<SideBySideRow> rows = hunk.sideBySide();
            for (const SideBySideRow &r : rows) {
                RowKind kind = RowKind::Context;
                InlineChange change;
                switch (r.kind) {
                case SideBySideRow::Kind::Context:
                    break;
                case SideBySideRow::Kind::Changed:
                    kind = RowKind::Changed;
                    change = InlineChange::between(r.oldText, r.newText);
                    break;
                case SideBySideRow::Kind::Removed:
                    kind = RowKind::Removed;
                    break;
                case SideBySideRow::Kind::Added:
                    kind = RowKind::Added;
                    break;
                }
                m_rows.append({kind, r.oldLine, r.newLine, r.oldText, r.newText, change});
                m_longestOld = std::max(m_longestOld, expandedLength(r.oldText));
                m_longestNew = std::max(m_longestNew, expandedLength(r.newText));
            }
        }
    }
    m_rows.squeeze();
}

ConfigDiffModel::RowKind ConfigDiffModel::rowKind(int row) const {
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).kind : RowKind::Context;
}

int ConfigDiffModel::oldLineAt(int row) const {
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).oldLine : -1;
}

int ConfigDiffModel::newLineAt(int row) const {
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).newLine : -1;
}

QStringList ConfigDiffModel::patchLines(int row) const {
    if (row < 0 || row >= m_rows.size())
        return {};
    const Row &r = m_rows.at(row);
    switch (r.kind) {
    case RowKind::Header:
        return {r.oldText};
    case RowKind::Context:
        return {u' ' + r.oldText};
    case RowKind::Added:
        return {u'+' + (m_mode == Mode::Unified ? r.oldText : r.newText)};
    case RowKind::Removed:
        return {u'-' + r.oldText};
    case RowKind::Changed:
        return {u'-' + r.oldText, u'+' + r.newText};
    }
    return {};
}

QString ConfigDiffModel::patchText(const QList<int> &rows) const {
    QStringList lines;
    QStringList removed;
    QStringList added;
    const auto flush = [&] {
        lines += removed;
        lines += added;
        removed.clear();
        added.clear();
    };
    for (const int row : rows) {
        const QStringList rowLines = patchLines(row);
        const RowKind kind = rowKind(row);
        if (kind == RowKind::Header || kind == RowKind::Context) {
            flush();
            lines += rowLines;
            continue;
        }
        for (const QString &line : rowLines)
            (line.startsWith(u'-') ? removed : added).append(line);
    }
    flush();
    return lines.isEmpty() ? QString() : lines.join(u'\n') + u'\n';
}

int ConfigDiffModel::rowForLine(int oldLine, int newLine) const {
    for (int i = 0; i < m_rows.size(); ++i) {
        const Row &r = m_rows.at(i);
        if ((oldLine > 0 && r.oldLine >= oldLine) || (oldLine <= 0 && newLine > 0 && r.newLine >= newLine))
            return i;
    }
    return -1;
}

int ConfigDiffModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConfigDiffModel::columnCount(const QModelIndex &parent) const {
    if (parent.isValid())
        return 0;
    return m_mode == Mode::Unified ? int(UnifiedColumnCount) : int(SideBySideColumnCount);
}

QVariant ConfigDiffModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == RowKindRole)
        return int(row.kind);
    return m_mode == Mode::Unified ? unifiedData(row, index.row(), index.column(), role)
                                   : sideBySideData(row, index.column(), role);
}

namespace {
QVariant lineNumber(int line) {
    return line > 0 ? QVariant(QString::number(line)) : QVariant(QString());
}
} // namespace

QVariant ConfigDiffModel::unifiedData(const Row &row, int rowIndex, int column, int role) const {
    const bool gutter = column == UnifiedOldLineColumn || column == UnifiedNewLineColumn;
    switch (role) {
    case IsLineNumberRole:
        return gutter && row.kind != RowKind::Header;
    case Qt::TextAlignmentRole:
        return gutter ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                      : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        if (row.kind == RowKind::Header)
            return column == UnifiedOldLineColumn || column == UnifiedTextColumn ? row.oldText : QString();
        if (column == UnifiedOldLineColumn)
            return role == Qt::DisplayRole ? lineNumber(row.oldLine) : QVariant();
        if (column == UnifiedNewLineColumn)
            return role == Qt::DisplayRole ? lineNumber(row.newLine) : QVariant();
        return patchLines(rowIndex).constFirst();
    default:
        return {};
    }
}

QVariant ConfigDiffModel::sideBySideData(const Row &row, int column, int role) const {
    const bool left = column == OldLineColumn || column == OldTextColumn;
    const bool gutter = column == OldLineColumn || column == NewLineColumn;
    const bool emptySide = (left && row.kind == RowKind::Added) || (!left && row.kind == RowKind::Removed);
    switch (role) {
    case IsLineNumberRole:
        return gutter && row.kind != RowKind::Header;
    case IsEmptySideRole:
        return emptySide;
    case Qt::TextAlignmentRole:
        return gutter ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                      : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case InlineChangeRole:
        if (row.kind != RowKind::Changed || gutter)
            return {};
        return left ? QPoint(int(row.change.oldStart), int(row.change.oldLength))
                    : QPoint(int(row.change.newStart), int(row.change.newLength));
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        if (row.kind == RowKind::Header)
            return column == OldLineColumn ? row.oldText : QString();
        if (emptySide)
            return QString();
        if (gutter)
            return role == Qt::DisplayRole ? lineNumber(left ? row.oldLine : row.newLine) : QVariant();
        return left ? row.oldText : row.newText;
    default:
        return {};
    }
}

QVariant ConfigDiffModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (m_mode == Mode::SideBySide) {
        if (section == OldTextColumn)
            return m_oldTitle;
        if (section == NewTextColumn)
            return m_newTitle;
    }
    return QString();
}
