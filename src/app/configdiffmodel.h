// One ConfigDiff as table rows for ConfigDiffView, in either layout:
//   unified       old line number | new line number | "+text" / "-text" / " text"   (like git diff)
//   side by side  old line number | old text | new line number | new text          (a changed line paired)
// Each hunk starts with a header row ("@@ -12,7 +12,8 @@ interface Gi0/1") that the view spans over all
// columns. A whole-file diff of a large configuration is thousands of rows, so rows are plain structs
// built once per diff and mode, never widgets; the delegate reads the row kind and the inline change from
// the roles below to colour them.
#pragma once

#include "inlinechange.h"

#include "core/backup/configdiff.h"

#include <QAbstractTableModel>
#include <QList>

class ConfigDiffModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum class Mode { Unified, SideBySide };

    enum class RowKind {
        Header,  // a hunk's "@@ ... @@ section" line
        Context, // the same on both sides
        Added,
        Removed,
        Changed, // side by side only: a removed line (left) paired with the line that replaced it (right)
    };

    // Columns of each mode.
    enum UnifiedColumn { UnifiedOldLineColumn, UnifiedNewLineColumn, UnifiedTextColumn, UnifiedColumnCount };
    enum SideBySideColumn {
        OldLineColumn,
        OldTextColumn,
        NewLineColumn,
        NewTextColumn,
        SideBySideColumnCount
    };

    enum Role {
        RowKindRole = Qt::UserRole + 1, // RowKind as int, for every cell of the row
        // For the cells of a Changed row's text: QPoint(start, length) of the part that changed, in the
        // cell's text. Invalid elsewhere.
        InlineChangeRole,
        IsLineNumberRole, // bool: a gutter cell
        IsEmptySideRole,  // bool: the side of a side-by-side row that has no line (left of Added, right of
                          // Removed)
    };

    explicit ConfigDiffModel(QObject *parent = nullptr);

    void setDiff(const infrahub::ConfigDiff &diff);
    const infrahub::ConfigDiff &diff() const { return m_diff; }
    void setMode(Mode mode);
    Mode mode() const { return m_mode; }

    RowKind rowKind(int row) const;
    bool isHeaderRow(int row) const { return rowKind(row) == RowKind::Header; }
    // The row as lines of a patch: a header, " text", "+text", "-text", or for a changed row "-old" and
    // "+new".
    QStringList patchLines(int row) const;
    // Rows as patch text, with the removed lines of consecutive changed rows before the added ones, so a
    // copied run of side-by-side rows reads exactly like the unified diff of the same lines.
    QString patchText(const QList<int> &rows) const;
    // The first row at or after the given line of the old (or else the new) version, for keeping the place
    // when the mode changes; -1 when none.
    int rowForLine(int oldLine, int newLine) const;
    int oldLineAt(int row) const;
    int newLineAt(int row) const;
    // The longest text of each side in characters (tabs expanded), for sizing the text columns without
    // measuring thousands of rows.
    int longestOldText() const { return m_longestOld; }
    int longestNewText() const { return m_longestNew; }
    int largestLineNumber() const { return m_largestLineNumber; }
    // Column headers name the commits ("Before · abc1234"); set by the view.
    void setSideTitles(const QString &oldTitle, const QString &newTitle);

    static int expandedLength(const QString &text);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        RowKind kind = RowKind::Context;
        int oldLine = -1;
        int newLine = -1;
        QString oldText; // unified: the line's text (or the header), side by side: the left side
        QString newText; // side by side: the right side
        InlineChange change;
    };

    void rebuild();
    QVariant unifiedData(const Row &row, int rowIndex, int column, int role) const;
    QVariant sideBySideData(const Row &row, int column, int role) const;

    infrahub::ConfigDiff m_diff;
    Mode m_mode = Mode::Unified;
    QList<Row> m_rows;
    int m_longestOld = 0;
    int m_longestNew = 0;
    int m_largestLineNumber = 0;
    QString m_oldTitle;
    QString m_newTitle;
};
