// Ctrl+K: jump to any object by name. Results appear kind by kind as the server answers (one concurrent
// query per main kind, see infrahub::GlobalSearch); Enter or a double-click opens the object.
#pragma once

#include "core/views/globalsearch.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QTimer;

class QuickFindDialog : public QDialog {
    Q_OBJECT

public:
    explicit QuickFindDialog(QWidget *parent = nullptr);

    // Where to search; call before show(). The branch is the window's current one.
    void setTarget(infrahub::InfrahubClient *client, const QString &branch);
    // For tests: what the list holds ("label — kind" per hit), and whether a search is still running.
    QStringList resultTexts() const;
    bool isSearching() const { return m_search.isRunning(); }
    void setText(const QString &text);
    // Opens the hit in `row` of the list.
    void activate(int row);

Q_SIGNALS:
    void objectChosen(const QString &kind, const QString &id);
    void searchFinished();

private:
    void startSearch();
    void addHits(const QList<infrahub::GlobalSearch::Hit> &hits);
    void onActivated(QListWidgetItem *item);

    infrahub::GlobalSearch m_search;
    QPointer<infrahub::InfrahubClient> m_client;
    QString m_branch;
    QLineEdit *m_text;
    QListWidget *m_results;
    QLabel *m_status;
    QTimer *m_delay;
};
