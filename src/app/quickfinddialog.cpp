#include "quickfinddialog.h"

#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QTimer>
#include <QVBoxLayout>

QuickFindDialog::QuickFindDialog(QWidget *parent)
    : QDialog(parent) {
    setWindowTitle(tr("Find Object"));
    m_text = new QLineEdit;
    m_text->setPlaceholderText(tr("Name, address, any value…"));
    m_text->setClearButtonEnabled(true);
    m_results = new QListWidget;
    m_status = new QLabel;
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(m_results, 1);
    layout->addWidget(m_status);
    resize(520, 420);
    m_delay = new QTimer(this);
    m_delay->setSingleShot(true);
    m_delay->setInterval(150); // results as you type, one search per short pause
    connect(m_text, &QLineEdit::textChanged, m_delay, qOverload<>(&QTimer::start));
    connect(m_delay, &QTimer::timeout, this, &QuickFindDialog::startSearch);
    connect(m_text, &QLineEdit::returnPressed, this, [this] {
        if (m_results->count() > 0)
            onActivated(m_results->currentItem() ? m_results->currentItem() : m_results->item(0));
    });
    connect(m_results, &QListWidget::itemActivated, this, &QuickFindDialog::onActivated);
    connect(&m_search, &infrahub::GlobalSearch::hitsFound, this, &QuickFindDialog::addHits);
    connect(&m_search, &infrahub::GlobalSearch::finished, this, [this](int failures) {
        if (failures > 0)
            m_status->setText(
                tr("%n kind(s) could not be searched: %1", nullptr, failures).arg(m_search.lastError()));
        else
            m_status->setText(m_results->count() == 0 ? tr("Nothing matches.")
                                                      : tr("%n match(es)", nullptr, m_results->count()));
        Q_EMIT searchFinished();
    });
}

void QuickFindDialog::setTarget(infrahub::InfrahubClient *client, const QString &branch) {
    m_client = client;
    m_branch = branch;
}

void QuickFindDialog::setText(const QString &text) {
    m_text->setText(text);
}

void QuickFindDialog::startSearch() {
    m_delay->stop();
    m_results->clear();
    const QString text = m_text->text().trimmed();
    if (text.isEmpty() || !m_client) {
        m_search.cancel();
        m_status->clear();
        return;
    }
    m_status->setText(tr("Searching…"));
    m_search.search(m_client, text, m_branch);
}

void QuickFindDialog::addHits(const QList<infrahub::GlobalSearch::Hit> &hits) {
    for (const infrahub::GlobalSearch::Hit &hit : hits) {
        auto *item = new QListWidgetItem(QStringLiteral("%1  —  %2").arg(hit.label, hit.kind), m_results);
        item->setData(Qt::UserRole, hit.kind);
        item->setData(Qt::UserRole + 1, hit.id);
    }
    if (!m_results->currentItem() && m_results->count() > 0)
        m_results->setCurrentRow(0);
}

QStringList QuickFindDialog::resultTexts() const {
    QStringList out;
    for (int i = 0; i < m_results->count(); ++i)
        out.append(m_results->item(i)->text());
    return out;
}

void QuickFindDialog::activate(int row) {
    if (QListWidgetItem *item = m_results->item(row))
        onActivated(item);
}

void QuickFindDialog::onActivated(QListWidgetItem *item) {
    if (!item)
        return;
    const QString kind = item->data(Qt::UserRole).toString();
    const QString id = item->data(Qt::UserRole + 1).toString();
    hide();
    Q_EMIT objectChosen(kind, id);
}
