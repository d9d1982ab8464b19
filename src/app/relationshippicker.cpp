#include "relationshippicker.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QStandardItemModel>
#include <QTimer>
#include <QToolButton>

using namespace infrahub;

namespace {
constexpr int kIdRole = Qt::UserRole + 1;
constexpr int kKindRole = Qt::UserRole + 2;
} // namespace

RelationshipPicker::RelationshipPicker(InfrahubClient *client, const QString &peerKind, const QString &branch,
                                       bool optional, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_peerKind(peerKind)
    , m_branch(branch)
    , m_optional(optional) {
    m_edit = new QLineEdit;
    m_edit->setPlaceholderText(optional ? tr("none — type to search %1").arg(peerKind)
                                        : tr("type to search %1").arg(peerKind));
    m_edit->setClearButtonEnabled(optional);
    m_matches = new QStandardItemModel(this);
    m_completer = new QCompleter(m_matches, this);
    // The server already matched: show its answers as they are, not filtered again by prefix.
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_edit->setCompleter(m_completer);
    m_follow = new QToolButton;
    m_follow->setText(QStringLiteral("→"));
    m_follow->setAutoRaise(true);
    m_follow->setToolTip(tr("Open the related object"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_follow);
    m_delay = new QTimer(this);
    m_delay->setSingleShot(true);
    m_delay->setInterval(250); // a search per pause in typing
    connect(m_delay, &QTimer::timeout, this, [this] { runSearch(m_edit->text().trimmed(), ++m_generation); });
    connect(m_edit, &QLineEdit::textEdited, this, [this](const QString &text) {
        if (text.isEmpty() && m_optional) {
            // Cleared: the relationship is unset.
            m_delay->stop();
            if (!m_peer.isEmpty()) {
                m_peer = RelatedNode();
                showPeer();
                Q_EMIT changed();
            }
            return;
        }
        m_delay->start();
    });
    connect(m_edit, &QLineEdit::editingFinished, this, [this] {
        // Typed but not picked: show the value that counts again.
        if (!m_settingText && m_edit->text() != m_peer.displayLabel && !m_completer->popup()->isVisible())
            showPeer();
    });
    connect(m_completer, qOverload<const QModelIndex &>(&QCompleter::activated), this,
            [this](const QModelIndex &index) { choose(index.row()); });
    connect(m_follow, &QToolButton::clicked, this, &RelationshipPicker::follow);
    showPeer();
}

RelationshipPicker::~RelationshipPicker() {
    if (m_cancel)
        m_cancel->cancel();
}

void RelationshipPicker::setPeer(const RelatedNode &peer) {
    m_peer = peer;
    showPeer();
}

void RelationshipPicker::setReadOnly(bool readOnly) {
    m_edit->setReadOnly(readOnly);
    m_edit->setClearButtonEnabled(!readOnly && m_optional);
}

void RelationshipPicker::showPeer() {
    m_settingText = true;
    m_edit->setText(m_peer.displayLabel.isEmpty() && !m_peer.id.isEmpty() ? m_peer.id : m_peer.displayLabel);
    m_edit->setCursorPosition(0);
    m_settingText = false;
    m_follow->setEnabled(!m_peer.id.isEmpty());
}

void RelationshipPicker::search(const QString &text) {
    m_delay->stop();
    m_settingText = true;
    m_edit->setText(text);
    m_settingText = false;
    runSearch(text.trimmed(), ++m_generation);
}

QCoro::Task<> RelationshipPicker::runSearch(QString text, quint64 generation) {
    QPointer<RelationshipPicker> self(this);
    if (m_cancel)
        m_cancel->cancel(); // the previous search's answer is no longer wanted
    m_cancel = std::make_unique<CancellationSource>();
    const CancellationToken token = m_cancel->token();
    if (!m_client)
        co_return;
    QueryOptions options;
    options.limit = kMatches;
    if (!text.isEmpty())
        options.filters =
            QJsonObject{{QStringLiteral("any__value"), text}, {QStringLiteral("partial_match"), true}};
    QCoro::Task<Result<NodePage>> listing = m_client->list(m_peerKind, options, m_branch, token);
    const Result<NodePage> page = co_await listing;
    if (!self || generation != m_generation)
        co_return;
    m_matches->clear();
    if (!page) {
        auto *item = new QStandardItem(tr("Search failed: %1").arg(page.error().message));
        item->setEnabled(false);
        m_matches->appendRow(item);
    } else {
        for (const Node &n : page->nodes) {
            auto *item = new QStandardItem(n.displayLabel().isEmpty() ? n.id() : n.displayLabel());
            item->setData(n.id(), kIdRole);
            item->setData(n.kind(), kKindRole);
            m_matches->appendRow(item);
        }
        if (page->count > page->nodes.size()) {
            auto *more = new QStandardItem(
                tr("… %n more: type more of the name", nullptr, page->count - int(page->nodes.size())));
            more->setEnabled(false);
            m_matches->appendRow(more);
        }
    }
    if (m_edit->hasFocus())
        m_completer->complete();
    Q_EMIT searchFinished();
}

QStringList RelationshipPicker::choices() const {
    QStringList out;
    for (int r = 0; r < m_matches->rowCount(); ++r)
        if (!m_matches->item(r)->data(kIdRole).toString().isEmpty())
            out.append(m_matches->item(r)->text());
    return out;
}

bool RelationshipPicker::choose(int index) {
    const QStandardItem *item =
        index >= 0 && index < m_matches->rowCount() ? m_matches->item(index) : nullptr;
    const QString id = item ? item->data(kIdRole).toString() : QString();
    if (id.isEmpty())
        return false;
    RelatedNode chosen = RelatedNode::fromId(id, item->data(kKindRole).toString());
    chosen.displayLabel = item->text();
    const bool differs = chosen.id != m_peer.id;
    m_peer = chosen;
    // After the completer has written the item's text itself.
    QTimer::singleShot(0, this, [self = QPointer<RelationshipPicker>(this)] {
        if (self)
            self->showPeer();
    });
    showPeer();
    if (differs)
        Q_EMIT changed();
    return true;
}

bool RelationshipPicker::follow() {
    if (m_peer.id.isEmpty())
        return false;
    // Copies: whoever opens the peer may delete this picker (and its members) while the signal runs.
    const QString kind = m_peer.kind.isEmpty() ? m_peerKind : m_peer.kind;
    const QString id = m_peer.id;
    Q_EMIT followRequested(kind, id);
    return true;
}
