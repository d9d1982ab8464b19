// Shows one device's ConfigDiff, unified (like `git diff`: hunk headers, '+'/'-' lines on green/red, both
// line numbers in a gutter) or side by side (the old version left, the new one right, in one table so the
// two columns can never scroll apart; a changed line paired with its replacement and the changed part
// emphasised). A header line sums the change up: "atl1-edge1: 3 lines added, 1 removed (abc1234 → def5678)".
// Ctrl+C copies the selected lines as patch lines, "Copy as Patch" the whole diff
// (ConfigDiff::toUnifiedText). Instead of a diff it can show a message: "No differences", "Reading…", or an
// error.
#pragma once

#include "configdiffmodel.h"

#include "core/backup/configdiff.h"

#include <QWidget>

class ConfigDiffDelegate;
class QAction;
class QLabel;
class QStackedWidget;
class QTableView;

class ConfigDiffView : public QWidget {
    Q_OBJECT

public:
    using Mode = ConfigDiffModel::Mode;

    explicit ConfigDiffView(QWidget *parent = nullptr);

    // `deviceLabel` names the device in the header line; by default the readable part of the file name.
    void setDiff(const infrahub::ConfigDiff &diff, const QString &deviceLabel = QString());
    const infrahub::ConfigDiff &diff() const { return m_model->diff(); }
    bool hasDiff() const { return m_hasDiff; }
    // Shows `text` instead of a diff (and a muted `title` line above it); the diff is dropped.
    void showMessage(const QString &text, const QString &title = QString());
    void clear();

    void setMode(Mode mode);
    Mode mode() const { return m_model->mode(); }

    QString headerText() const;  // the summary line
    QString messageText() const; // the message shown instead of a diff; empty while a diff is shown
    bool isShowingMessage() const;
    // The selected rows as patch lines ("+new", "-old", " same", "@@ ... @@"); what Ctrl+C copies.
    QString selectedText() const;
    QString patchText() const { return m_model->diff().toUnifiedText(); }

    QTableView *table() const { return m_table; }
    ConfigDiffModel *model() const { return m_model; }
    QAction *copyAction() const { return m_copy; }
    QAction *copyPatchAction() const { return m_copyPatch; }

    // The short form of a commit id used in headers.
    static QString shortCommit(const QString &commitId);

Q_SIGNALS:
    void modeChanged(ConfigDiffView::Mode mode);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyLayout();
    void fitColumns();
    void updateActions();

    ConfigDiffModel *m_model;
    ConfigDiffDelegate *m_delegate;
    QLabel *m_header;
    QStackedWidget *m_stack;
    QTableView *m_table;
    QLabel *m_message;
    QAction *m_copy;
    QAction *m_copyPatch;
    QString m_deviceLabel;
    bool m_hasDiff = false;
};
