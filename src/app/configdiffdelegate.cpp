#include "configdiffdelegate.h"

#include "configdiffmodel.h"

#include <QPainter>
#include <QPoint>

using RowKind = ConfigDiffModel::RowKind;

ConfigDiffDelegate::ConfigDiffDelegate(QObject *parent)
    : QStyledItemDelegate(parent) {}

QString ConfigDiffDelegate::expandTabs(const QString &text) {
    if (!text.contains(u'\t'))
        return text;
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        if (c == u'\t')
            out.append(QString(8 - out.size() % 8, u' '));
        else
            out.append(c);
    }
    return out;
}

ConfigDiffDelegate::Colors ConfigDiffDelegate::colorsFor(const QPalette &palette) {
    Colors c;
    c.base = palette.color(QPalette::Base);
    c.text = palette.color(QPalette::Text);
    // Tints picked for contrast with dark text on a light base (and light text on a dark one), close to
    // what people know from git hosting sites.
    if (c.base.lightness() >= 128) {
        c.mutedText = QColor(0x6e, 0x77, 0x81);
        c.gutter = QColor(0xf6, 0xf8, 0xfa);
        c.border = QColor(0xd0, 0xd7, 0xde);
        c.added = QColor(0xe6, 0xff, 0xec);
        c.addedGutter = QColor(0xcc, 0xff, 0xd8);
        c.addedEmphasis = QColor(0xab, 0xf2, 0xbc);
        c.removed = QColor(0xff, 0xeb, 0xe9);
        c.removedGutter = QColor(0xff, 0xd7, 0xd5);
        c.removedEmphasis = QColor(0xff, 0xc0, 0xbd);
        c.header = QColor(0xdd, 0xf4, 0xff);
        c.headerText = QColor(0x3a, 0x4a, 0x5c);
        c.emptySide = QColor(0xf6, 0xf8, 0xfa);
        c.emptyHatch = QColor(0xe4, 0xe8, 0xec);
        c.tintedText = QColor(0x1f, 0x23, 0x28);
    } else {
        c.mutedText = QColor(0x8d, 0x96, 0xa0);
        c.gutter = c.base.lighter(115);
        c.border = QColor(0x30, 0x36, 0x3d);
        c.added = QColor(0x12, 0x26, 0x1e);
        c.addedGutter = QColor(0x1b, 0x3a, 0x28);
        c.addedEmphasis = QColor(0x23, 0x5a, 0x35);
        c.removed = QColor(0x2a, 0x17, 0x1c);
        c.removedGutter = QColor(0x42, 0x1e, 0x24);
        c.removedEmphasis = QColor(0x6e, 0x2a, 0x2f);
        c.header = QColor(0x12, 0x1d, 0x2f);
        c.headerText = QColor(0x9d, 0xa7, 0xb3);
        c.emptySide = c.base.lighter(108);
        c.emptyHatch = c.base.lighter(135);
        c.tintedText = c.text;
    }
    return c;
}

void ConfigDiffDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const {
    const Colors c = colorsFor(option.palette);
    const auto kind = RowKind(index.data(ConfigDiffModel::RowKindRole).toInt());
    const bool gutter = index.data(ConfigDiffModel::IsLineNumberRole).toBool();
    const bool emptySide = index.data(ConfigDiffModel::IsEmptySideRole).toBool();
    const auto *model = qobject_cast<const ConfigDiffModel *>(index.model());
    const bool sideBySide = model && model->mode() == ConfigDiffModel::Mode::SideBySide;
    // Which side the cell shows decides a changed row's colour: red on the left, green on the right.
    const bool leftSide = !sideBySide || index.column() == ConfigDiffModel::OldLineColumn ||
                          index.column() == ConfigDiffModel::OldTextColumn;
    const QRect rect = option.rect;

    painter->save();
    painter->setClipRect(rect);
    painter->setFont(option.font);

    QColor background = gutter ? c.gutter : c.base;
    QColor emphasis;
    QColor foreground = gutter ? c.mutedText : c.text;
    bool added = kind == RowKind::Added || (kind == RowKind::Changed && !leftSide);
    bool removed = kind == RowKind::Removed || (kind == RowKind::Changed && leftSide);
    if (emptySide)
        added = removed = false;
    if (kind == RowKind::Header) {
        background = c.header;
        foreground = c.headerText;
    } else if (added) {
        background = gutter ? c.addedGutter : c.added;
        emphasis = c.addedEmphasis;
        foreground = gutter ? foreground : c.tintedText;
    } else if (removed) {
        background = gutter ? c.removedGutter : c.removed;
        emphasis = c.removedEmphasis;
        foreground = gutter ? foreground : c.tintedText;
    } else if (emptySide) {
        background = c.emptySide;
    }
    painter->fillRect(rect, background);
    if (emptySide && !gutter) {
        QBrush hatch(c.emptyHatch, Qt::BDiagPattern);
        painter->setBrushOrigin(0, 0); // one continuous pattern down the column, not one per row
        painter->fillRect(rect, hatch);
    }

    const QFontMetrics metrics(option.font);
    const QRect textRect = rect.adjusted(kPadding, 0, -kPadding, 0);
    const QString text = index.data(Qt::DisplayRole).toString();
    if (const QVariant change = index.data(ConfigDiffModel::InlineChangeRole);
        change.isValid() && emphasis.isValid()) {
        const QPoint span = change.toPoint();
        if (span.y() > 0) {
            const int from = metrics.horizontalAdvance(expandTabs(text.left(span.x())));
            const int to = metrics.horizontalAdvance(expandTabs(text.left(span.x() + span.y())));
            painter->fillRect(QRect(textRect.left() + from, rect.top() + 1, to - from, rect.height() - 2),
                              emphasis);
        }
    }
    if (!text.isEmpty()) {
        painter->setPen(foreground);
        const Qt::Alignment alignment = kind == RowKind::Header
                                            ? Qt::AlignLeft | Qt::AlignVCenter
                                            : Qt::Alignment(index.data(Qt::TextAlignmentRole).toInt());
        painter->drawText(textRect, int(alignment) | Qt::TextSingleLine, expandTabs(text));
    }

    // A gutter ends with a rule; side by side, a stronger rule divides the two versions.
    if (kind != RowKind::Header) {
        painter->setPen(c.border);
        if (gutter)
            painter->drawLine(rect.topRight(), rect.bottomRight());
        if (sideBySide && index.column() == ConfigDiffModel::NewLineColumn)
            painter->drawLine(rect.topLeft(), rect.bottomLeft());
    }
    if (option.state & QStyle::State_Selected) {
        QColor highlight = option.palette.color(QPalette::Highlight);
        highlight.setAlpha(60);
        painter->fillRect(rect, highlight);
    }
    painter->restore();
}

QSize ConfigDiffDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const {
    const QFontMetrics metrics(option.font);
    return {metrics.horizontalAdvance(expandTabs(index.data(Qt::DisplayRole).toString())) + 2 * kPadding,
            metrics.height() + 4};
}
