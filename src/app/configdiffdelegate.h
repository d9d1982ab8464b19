// Paints ConfigDiffModel's cells the way desktop diff tools do: added lines on green, removed lines on red,
// stronger tints on the part of a changed line that changed, muted line numbers in a gutter, hunk headers on
// blue, and a hatched blank where one side of a side-by-side row has no line. The colours follow the
// palette's lightness, so the view stays readable in a dark theme.
#pragma once

#include <QColor>
#include <QStyledItemDelegate>

class ConfigDiffDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit ConfigDiffDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Horizontal space around a cell's text, so callers can size columns to their text.
    static constexpr int kPadding = 8;
    // Tabs as spaces (8 columns per stop), as the model counts them.
    static QString expandTabs(const QString &text);

    struct Colors {
        QColor text, mutedText, base, gutter, border;
        QColor added, addedGutter, addedEmphasis;
        QColor removed, removedGutter, removedEmphasis;
        QColor header, headerText, emptySide, emptyHatch;
        QColor tintedText; // text on a tinted row
    };
    static Colors colorsFor(const QPalette &palette);
};
