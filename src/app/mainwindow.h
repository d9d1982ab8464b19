// The console's main window. For now it connects to a server (or the demo sandbox), shows the server's
// version in the status bar and its kinds grouped by namespace, with each kind's attributes,
// relationships and live object count.
#pragma once

#include "consolesession.h"

#include <QMainWindow>

class KindTreeModel;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;
class QTreeWidget;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(ConsoleSession *session, QWidget *parent = nullptr);

    // The kind currently shown in the detail pane (empty if none), for tests.
    QString currentKind() const { return m_currentKind; }
    QString statusText() const;
    int visibleKindCount() const;
    QString countText() const;
    // Selects a kind by name in the navigator (tests, command line).
    bool selectKind(const QString &kind);

Q_SIGNALS:
    // Emitted when the object count of the shown kind has arrived (or failed).
    void kindCountLoaded(const QString &kind);

private:
    void buildMenus();
    void onSessionState(ConsoleSession::State state);
    void showKind(const QString &kind);
    QCoro::Task<> loadCount(QString kind);
    void openConnectDialog();
    void showAbout();

    ConsoleSession *m_session;
    KindTreeModel *m_kinds;
    QSortFilterProxyModel *m_filter;
    QLineEdit *m_filterEdit;
    QTreeView *m_navigator;
    QLabel *m_title;
    QLabel *m_description;
    QLabel *m_count;
    QTreeWidget *m_details;
    QLabel *m_status;
    QString m_currentKind;
};
