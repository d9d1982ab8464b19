// One stored configuration, read-only, in a fixed-pitch font with line numbers in a gutter, so a line
// number from a diff header ("@@ -120,7 ...") can be found. A QPlainTextEdit lays out only what is visible,
// so a configuration of many thousands of lines opens at once.
#pragma once

#include <QPlainTextEdit>

class ConfigTextView : public QPlainTextEdit {
    Q_OBJECT

public:
    explicit ConfigTextView(QWidget *parent = nullptr);

    // The gutter's width for the current number of lines.
    int gutterWidth() const;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    class Gutter;

    void paintGutter(QPaintEvent *event);
    void updateGutterWidth();
    void scrollGutter(const QRect &rect, int dy);

    Gutter *m_gutter;
};
