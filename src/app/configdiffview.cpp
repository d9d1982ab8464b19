#include "configdiffview.h"

#include "configdiffdelegate.h"

#include "core/backup/deviceref.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

using infrahub::ConfigDiff;

namespace {

QString countsText(const ConfigDiff &diff) {
    const int added = diff.addedLines();
    const int removed = diff.removedLines();
    // No English translation file is shipped, so "%n line(s)" would show literally; each form is its own
    // translatable string instead.
    const QString addedText = added == 1 ? ConfigDiffView::tr("%n line added", nullptr, added)
                                         : ConfigDiffView::tr("%n lines added", nullptr, added);
    return ConfigDiffView::tr("%1, %n removed", nullptr, removed).arg(addedText);
}

} // namespace

ConfigDiffView::ConfigDiffView(QWidget *parent)
    : QWidget(parent)
    , m_model(new ConfigDiffModel(this))
    , m_delegate(new ConfigDiffDelegate(this)) {
    m_header = new QLabel;
    m_header->setObjectName(QStringLiteral("diffHeader"));
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setContentsMargins(4, 2, 4, 2);
    QFont headerFont = m_header->font();
    headerFont.setBold(true);
    m_header->setFont(headerFont);

    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("diffTable"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(m_delegate);
    m_table->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setCornerButtonEnabled(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setFocusPolicy(Qt::StrongFocus);
    // Fixed row heights let the view place any of thousands of rows without measuring them.
    const int rowHeight = QFontMetrics(m_table->font()).height() + 4;
    QHeaderView *rows = m_table->verticalHeader();
    rows->hide();
    rows->setMinimumSectionSize(rowHeight);
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(rowHeight);
    QHeaderView *columns = m_table->horizontalHeader();
    columns->setHighlightSections(false);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    columns->setSectionsClickable(false);
    m_table->viewport()->installEventFilter(this);

    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("diffMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setMargin(24);
    m_message->setForegroundRole(QPalette::PlaceholderText);
    QFont messageFont = m_message->font();
    if (messageFont.pointSizeF() > 0)
        messageFont.setPointSizeF(messageFont.pointSizeF() * 1.15);
    m_message->setFont(messageFont);

    m_stack = new QStackedWidget;
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_message);

    m_copy = new QAction(tr("&Copy"), this);
    m_copy->setObjectName(QStringLiteral("copyDiffLines"));
    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copy->setToolTip(tr("Copy the selected lines, with their + and - markers"));
    connect(m_copy, &QAction::triggered, this, [this] {
        if (const QString text = selectedText(); !text.isEmpty())
            QApplication::clipboard()->setText(text);
    });
    m_copyPatch = new QAction(tr("Copy as &Patch"), this);
    m_copyPatch->setObjectName(QStringLiteral("copyDiffPatch"));
    m_copyPatch->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyPatch->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyPatch->setToolTip(tr("Copy the whole difference as a unified diff (a patch)"));
    connect(m_copyPatch, &QAction::triggered, this,
            [this] { QApplication::clipboard()->setText(patchText()); });
    m_table->addAction(m_copy);
    m_table->addAction(m_copyPatch);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    // Also reachable when the focus is elsewhere in the view (the header line).
    addAction(m_copy);
    addAction(m_copyPatch);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ConfigDiffView::updateActions);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_header);
    layout->addWidget(m_stack, 1);

    applyLayout();
    showMessage(tr("No difference to show."));
}

QString ConfigDiffView::shortCommit(const QString &commitId) {
    return commitId.left(7);
}

void ConfigDiffView::setDiff(const ConfigDiff &diff, const QString &deviceLabel) {
    m_deviceLabel =
        deviceLabel.isEmpty()
            ? infrahub::DeviceRef::nameFromFileName(diff.newName.isEmpty() ? diff.oldName : diff.newName)
            : deviceLabel;
    m_hasDiff = true;
    const QString from =
        diff.oldExists && !diff.oldCommit.isEmpty() ? shortCommit(diff.oldCommit) : tr("none");
    const QString to = diff.newExists && !diff.newCommit.isEmpty() ? shortCommit(diff.newCommit) : tr("none");
    m_model->setSideTitles(tr("Before · %1").arg(from), tr("After · %1").arg(to));
    m_model->setDiff(diff);
    if (diff.isEmpty()) {
        m_header->setText(tr("%1: no differences (%2 → %3)").arg(m_deviceLabel, from, to));
        m_message->setText(tr("No differences"));
        m_stack->setCurrentWidget(m_message);
    } else {
        m_header->setText(tr("%1: %2 (%3 → %4)").arg(m_deviceLabel, countsText(diff), from, to));
        m_stack->setCurrentWidget(m_table);
    }
    m_header->setVisible(true);
    applyLayout();
    m_table->scrollToTop();
}

void ConfigDiffView::showMessage(const QString &text, const QString &title) {
    m_hasDiff = false;
    m_model->setDiff({});
    m_header->setText(title);
    m_header->setVisible(!title.isEmpty());
    m_message->setText(text);
    m_stack->setCurrentWidget(m_message);
    applyLayout();
}

void ConfigDiffView::clear() {
    showMessage(tr("No difference to show."));
}

void ConfigDiffView::setMode(Mode mode) {
    if (mode == m_model->mode())
        return;
    // Keep the line at the top of the view at the top after the switch.
    int oldLine = -1;
    int newLine = -1;
    for (int row = std::max(0, m_table->rowAt(0)); row >= 0 && row < m_model->rowCount(); ++row) {
        oldLine = m_model->oldLineAt(row);
        newLine = m_model->newLineAt(row);
        if (oldLine > 0 || newLine > 0)
            break;
    }
    const bool wasAtTop = m_table->rowAt(0) <= 0;
    m_model->setMode(mode);
    applyLayout();
    const int row = wasAtTop ? -1 : m_model->rowForLine(oldLine, newLine);
    if (row >= 0)
        m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtTop);
    else
        m_table->scrollToTop();
    Q_EMIT modeChanged(mode);
}

QString ConfigDiffView::headerText() const {
    return m_header->text();
}

QString ConfigDiffView::messageText() const {
    return isShowingMessage() ? m_message->text() : QString();
}

bool ConfigDiffView::isShowingMessage() const {
    return m_stack->currentWidget() == m_message;
}

QString ConfigDiffView::selectedText() const {
    QList<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedIndexes();
    for (const QModelIndex &index : selected)
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return m_model->patchText(rows);
}

void ConfigDiffView::applyLayout() {
    m_table->clearSpans();
    const int columns = m_model->columnCount();
    for (int row = 0; row < m_model->rowCount(); ++row)
        if (m_model->isHeaderRow(row))
            m_table->setSpan(row, 0, 1, columns);
    QHeaderView *header = m_table->horizontalHeader();
    header->setVisible(m_model->mode() == Mode::SideBySide);
    for (int column = 0; column < columns; ++column)
        header->setSectionResizeMode(column, QHeaderView::Fixed);
    fitColumns();
    updateActions();
}

void ConfigDiffView::fitColumns() {
    const QFontMetrics metrics(m_table->font());
    const int digits = std::max(3, int(QString::number(m_model->largestLineNumber()).size()));
    const int gutter = metrics.horizontalAdvance(QString(digits, u'9')) + 2 * ConfigDiffDelegate::kPadding;
    // A fixed-pitch font: every character is as wide as 'M', but that width is fractional, so a line of n
    // characters is measured as a whole rather than n times a rounded width.
    const auto textWidth = [&](int characters) {
        return metrics.horizontalAdvance(QString(characters, u'M')) + 2 * ConfigDiffDelegate::kPadding + 2;
    };
    const int available = std::max(0, m_table->viewport()->width() - 2 * gutter);
    if (m_model->mode() == Mode::Unified) {
        m_table->setColumnWidth(ConfigDiffModel::UnifiedOldLineColumn, gutter);
        m_table->setColumnWidth(ConfigDiffModel::UnifiedNewLineColumn, gutter);
        m_table->setColumnWidth(ConfigDiffModel::UnifiedTextColumn,
                                std::max(available, textWidth(m_model->longestOldText())));
    } else {
        // Each version gets half the width; a side with longer lines grows and the view scrolls sideways.
        const int half = available / 2;
        m_table->setColumnWidth(ConfigDiffModel::OldLineColumn, gutter);
        m_table->setColumnWidth(ConfigDiffModel::NewLineColumn, gutter);
        m_table->setColumnWidth(ConfigDiffModel::OldTextColumn,
                                std::max(half, textWidth(m_model->longestOldText())));
        m_table->setColumnWidth(ConfigDiffModel::NewTextColumn,
                                std::max(available - half, textWidth(m_model->longestNewText())));
    }
}

void ConfigDiffView::updateActions() {
    m_copy->setEnabled(m_hasDiff && m_table->selectionModel()->hasSelection());
    m_copyPatch->setEnabled(m_hasDiff && !m_model->diff().isEmpty());
}

bool ConfigDiffView::eventFilter(QObject *watched, QEvent *event) {
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    return QWidget::eventFilter(watched, event);
}
