// Picks the peer of a cardinality-one relationship (a device's site, platform, primary address) by
// searching the server as the user types: the peer kind is listed with `any__value` (partial match), a
// page of matches at a time, and the user picks one from the pop-up. The current peer stays a link to
// follow. Nothing typed counts until a match is picked, so a half-typed name never becomes a change.
#pragma once

#include "core/client/infrahubclient.h"

#include <QPointer>
#include <QWidget>

class QCompleter;
class QLineEdit;
class QStandardItemModel;
class QTimer;
class QToolButton;

class RelationshipPicker : public QWidget {
    Q_OBJECT

public:
    // `client` must outlive the picker's searches (they stop when the picker is deleted).
    RelationshipPicker(infrahub::InfrahubClient *client, const QString &peerKind, const QString &branch,
                       bool optional, QWidget *parent = nullptr);
    ~RelationshipPicker() override;

    // The value as loaded: shown, and what peer() returns until the user picks another.
    void setPeer(const infrahub::RelatedNode &peer);
    infrahub::RelatedNode peer() const { return m_peer; }
    void setReadOnly(bool readOnly);

    // Tests: searches as typing `text` does (at once, without the pause), then the matches' labels.
    void search(const QString &text);
    QStringList choices() const;
    // Picks match `index` of the last search, as clicking it does.
    bool choose(int index);
    // Opens the current peer, as its link does; false when there is none.
    bool follow();

    // Matches per search: enough to pick from, small enough to answer at once.
    static constexpr int kMatches = 20;

Q_SIGNALS:
    void changed();
    void followRequested(const QString &kind, const QString &id);
    void searchFinished();

private:
    QCoro::Task<> runSearch(QString text, quint64 generation);
    void showPeer();

    QPointer<infrahub::InfrahubClient> m_client;
    QString m_peerKind;
    QString m_branch;
    bool m_optional;
    infrahub::RelatedNode m_peer;
    QLineEdit *m_edit;
    QToolButton *m_follow;
    QCompleter *m_completer;
    QStandardItemModel *m_matches;
    QTimer *m_delay;
    quint64 m_generation = 0;
    std::unique_ptr<infrahub::CancellationSource> m_cancel;
    bool m_settingText = false;
};
