#include "configtextview.h"

#include "configdiffdelegate.h"

#include <QFontDatabase>
#include <QPaintEvent>
#include <QPainter>
#include <QTextBlock>

// The strip left of the text; all it does is ask the view to paint the numbers of the visible lines.
class ConfigTextView::Gutter : public QWidget {
public:
    explicit Gutter(ConfigTextView *view)
        : QWidget(view)
        , m_view(view) {}

    QSize sizeHint() const override { return {m_view->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_view->paintGutter(event); }

private:
    ConfigTextView *m_view;
};

ConfigTextView::ConfigTextView(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_gutter(new Gutter(this)) {
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setTabStopDistance(8 * fontMetrics().horizontalAdvance(u' '));
    connect(this, &QPlainTextEdit::blockCountChanged, this, &ConfigTextView::updateGutterWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &ConfigTextView::scrollGutter);
    updateGutterWidth();
}

int ConfigTextView::gutterWidth() const {
    const int digits = std::max(3, int(QString::number(blockCount()).size()));
    return fontMetrics().horizontalAdvance(QString(digits, u'9')) + 2 * ConfigDiffDelegate::kPadding;
}

void ConfigTextView::updateGutterWidth() {
    setViewportMargins(gutterWidth(), 0, 0, 0);
}

void ConfigTextView::scrollGutter(const QRect &rect, int dy) {
    if (dy != 0)
        m_gutter->scroll(0, dy);
    else
        m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
}

void ConfigTextView::resizeEvent(QResizeEvent *event) {
    QPlainTextEdit::resizeEvent(event);
    const QRect area = contentsRect();
    m_gutter->setGeometry(QRect(area.left(), area.top(), gutterWidth(), area.height()));
}

void ConfigTextView::paintGutter(QPaintEvent *event) {
    const ConfigDiffDelegate::Colors colors = ConfigDiffDelegate::colorsFor(palette());
    QPainter painter(m_gutter);
    painter.fillRect(event->rect(), colors.gutter);
    painter.setPen(colors.border);
    painter.drawLine(m_gutter->width() - 1, event->rect().top(), m_gutter->width() - 1,
                     event->rect().bottom());
    painter.setPen(colors.mutedText);
    painter.setFont(font());
    const int right = m_gutter->width() - ConfigDiffDelegate::kPadding;
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid() && top <= event->rect().bottom()) {
        const int height = qRound(blockBoundingRect(block).height());
        if (block.isVisible() && top + height >= event->rect().top())
            painter.drawText(0, top, right, height, Qt::AlignRight | Qt::AlignVCenter,
                             QString::number(block.blockNumber() + 1));
        block = block.next();
        top += height;
    }
}
