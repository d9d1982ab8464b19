// The foot of every batch dialog: what will happen, in words, and Run / Cancel. Run is only enabled while
// the dialog's input holds; otherwise the line says, in red, what is wrong.
#pragma once

#include <QWidget>

class QDialog;
class QDialogButtonBox;
class QLabel;

class BatchPreview : public QWidget {
    Q_OBJECT

public:
    // Run accepts `dialog`, Cancel rejects it. With `cancelByDefault`, Enter cancels (destructive batches).
    explicit BatchPreview(QDialog *dialog, bool cancelByDefault = false);

    void showPlan(const QString &text);
    void showProblem(const QString &why);
    QString text() const;

private:
    QLabel *m_text;
    QDialogButtonBox *m_buttons;
};
