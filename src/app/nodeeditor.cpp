#include "nodeeditor.h"

#include "core/client/errorenvelope.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

using namespace infrahub;

namespace {

bool isBooleanKind(const QString &kind) {
    return kind == u"Boolean" || kind == u"Checkbox";
}

bool isNumberKind(const QString &kind) {
    return kind == u"Number" || kind == u"Bandwidth";
}

// Kinds edited as plain text. JSON, List and Any values are shown as JSON text but not edited here.
bool isTextEditable(const QString &kind) {
    return kind != u"JSON" && kind != u"List" && kind != u"Any" && !isBooleanKind(kind) &&
           kind != u"Dropdown";
}

} // namespace

NodeEditor::NodeEditor(QWidget *parent)
    : QWidget(parent) {
    m_title = new QLabel;
    QFont font = m_title->font();
    font.setBold(true);
    m_title->setFont(font);
    m_title->setWordWrap(true);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_formHost = new QWidget;
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_formHost);
    m_save = new QPushButton(tr("&Save"));
    m_save->setShortcut(QKeySequence::Save);
    m_revert = new QPushButton(tr("&Revert"));
    connect(m_save, &QPushButton::clicked, this, &NodeEditor::save);
    connect(m_revert, &QPushButton::clicked, this, &NodeEditor::revert);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_save);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    clearForm();
}

void NodeEditor::showNode(InfrahubClient *client, const QString &kind, const QString &id,
                          const QString &branch) {
    const quint64 generation = ++m_generation;
    m_busy = false;
    m_client = client;
    m_branch = branch;
    m_node = Node();
    clearForm();
    if (!client || id.isEmpty())
        return;
    m_title->setText(tr("Loading…"));
    load(client, kind, id, generation);
}

QCoro::Task<> NodeEditor::load(QPointer<InfrahubClient> client, QString kind, QString id,
                               quint64 generation) {
    QPointer<NodeEditor> self(this);
    QCoro::Task<Result<Node>> fetching = client->get(kind, NodeLookup::byId(id), {}, m_branch);
    const Result<Node> node = co_await fetching;
    if (!self || generation != m_generation)
        co_return;
    if (!node) {
        m_title->setText(tr("Cannot show this object"));
        m_status->setText(node.error().message);
        co_return;
    }
    m_node = node.value();
    buildForm();
    Q_EMIT loaded(id);
}

void NodeEditor::clearForm() {
    m_fields.clear();
    m_links.clear();
    delete m_form;
    qDeleteAll(m_formHost->findChildren<QWidget *>(QString(), Qt::FindDirectChildrenOnly));
    m_form = new QFormLayout(m_formHost);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_title->setText(tr("Select an object to see and edit it."));
    m_status->clear();
    m_status->setStyleSheet({});
    updateButtons();
}

void NodeEditor::buildForm() {
    const KindSchema *kind = m_node.kindSchema();
    clearForm();
    if (!kind)
        return;
    m_title->setText(QStringLiteral("%1 — %2").arg(kind->label.isEmpty() ? kind->kind : kind->label,
                                                   m_node.displayLabel()));
    for (const AttributeSchema &a : kind->attributes) {
        const QJsonValue value = m_node.value(a.name);
        QWidget *editor = nullptr;
        if (a.kind == u"Dropdown") {
            auto *combo = new QComboBox;
            if (a.optional)
                combo->addItem(QString(), QString());
            for (const DropdownChoice &c : a.choices)
                combo->addItem(c.label.isEmpty() ? c.name : c.label, c.name);
            combo->setCurrentIndex(std::max(0, combo->findData(value.toString())));
            connect(combo, &QComboBox::currentIndexChanged, this, &NodeEditor::updateButtons);
            editor = combo;
        } else if (isBooleanKind(a.kind)) {
            auto *check = new QCheckBox;
            check->setChecked(value.toBool());
            connect(check, &QCheckBox::toggled, this, &NodeEditor::updateButtons);
            editor = check;
        } else {
            auto *line = new QLineEdit(valueText(value));
            if (isNumberKind(a.kind))
                line->setPlaceholderText(tr("a whole number"));
            line->setReadOnly(!isTextEditable(a.kind));
            connect(line, &QLineEdit::textChanged, this, &NodeEditor::updateButtons);
            editor = line;
        }
        editor->setObjectName(a.name);
        editor->setToolTip(a.description.isEmpty() ? a.name : a.description);
        if (a.readOnly)
            editor->setEnabled(false);
        auto *error = new QLabel;
        error->setStyleSheet(QStringLiteral("color: #c62828;"));
        error->setWordWrap(true);
        error->hide();
        auto *cell = new QWidget;
        auto *cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(1);
        cellLayout->addWidget(editor);
        cellLayout->addWidget(error);
        const QString label =
            (a.label.isEmpty() ? a.name : a.label) + (a.isRequiredOnCreate() ? u" *"_qs : QString());
        m_form->addRow(label, cell);
        m_fields.insert(a.name, Field{editor, error});
    }
    for (const RelationshipSchema &r : kind->relationships) {
        if (r.isMany())
            continue;
        const QList<RelatedNode> peers = m_node.peers(r.name);
        auto *peer = new QLabel;
        peer->setObjectName(r.name);
        if (peers.isEmpty() || peers.first().id.isEmpty()) {
            peer->setText(peers.isEmpty() ? tr("—") : peers.first().displayLabel);
            peer->setTextInteractionFlags(Qt::TextSelectableByMouse);
        } else {
            // A link to follow: the peer opens in this pane (its kind from __typename, else the schema's).
            const RelatedNode &p = peers.first();
            const QString peerKind = p.kind.isEmpty() ? r.peer : p.kind;
            peer->setText(QStringLiteral("<a href=\"%1\">%2</a>")
                              .arg(peerKind + u'/' + p.id, p.displayLabel.toHtmlEscaped()));
            peer->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
            connect(peer, &QLabel::linkActivated, this, [this](const QString &target) {
                const qsizetype slash = target.indexOf(u'/');
                Q_EMIT followLink(target.left(slash), target.mid(slash + 1));
            });
        }
        peer->setToolTip(tr("%1 (editing relationships comes with the relationship picker)").arg(r.peer));
        m_form->addRow(r.label.isEmpty() ? r.name : r.label, peer);
        m_links.insert(r.name, peer);
    }
    updateButtons();
}

QJsonValue NodeEditor::widgetValue(const AttributeSchema &attribute, QWidget *editor, bool *ok) const {
    *ok = true;
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        const QString name = combo->currentData().toString();
        return name.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(name);
    }
    if (auto *check = qobject_cast<QCheckBox *>(editor))
        return check->isChecked();
    const auto *line = qobject_cast<QLineEdit *>(editor);
    const QString text = line ? line->text() : QString();
    if (!isTextEditable(attribute.kind))
        return m_node.value(attribute.name); // shown, not edited
    if (text.isEmpty())
        return attribute.optional ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
    if (isNumberKind(attribute.kind)) {
        const qint64 number = text.trimmed().toLongLong(ok);
        return *ok ? QJsonValue(number) : QJsonValue(text);
    }
    return text;
}

QList<NodeEditor::FieldChange> NodeEditor::fieldChanges() const {
    QList<FieldChange> out;
    const KindSchema *kind = m_node.kindSchema();
    if (!kind)
        return out;
    for (const AttributeSchema &a : kind->attributes) {
        const Field field = m_fields.value(a.name);
        if (!field.editor || a.readOnly)
            continue;
        FieldChange change{&a, {}, true};
        change.value = widgetValue(a, field.editor, &change.valid);
        QJsonValue loaded = m_node.value(a.name);
        if (loaded.isUndefined())
            loaded = QJsonValue::Null;
        if (!change.valid || change.value != loaded)
            out.append(change);
    }
    return out;
}

bool NodeEditor::hasUnsavedChanges() const {
    return !fieldChanges().isEmpty();
}

bool NodeEditor::edited(Node *out) {
    *out = m_node;
    QList<FieldError> errors;
    for (const FieldChange &change : fieldChanges()) {
        if (!change.valid) {
            errors.append({change.attribute->name, tr("expected a whole number")});
            continue;
        }
        QString problem;
        if (!out->setAttribute(change.attribute->name, change.value, &problem))
            errors.append({change.attribute->name, problem});
    }
    errors.append(out->validateChanges());
    showErrors(errors);
    return errors.isEmpty();
}

void NodeEditor::showErrors(const QList<FieldError> &errors) {
    for (const Field &f : std::as_const(m_fields)) {
        f.error->clear();
        f.error->hide();
    }
    QStringList general;
    for (const FieldError &e : errors) {
        const Field field = m_fields.value(e.field);
        if (field.error) {
            field.error->setText(field.error->text().isEmpty() ? e.message
                                                               : field.error->text() + u'\n' + e.message);
            field.error->show();
        } else {
            general.append(e.field.isEmpty() ? e.message : e.field + QStringLiteral(": ") + e.message);
        }
    }
    m_status->setStyleSheet(errors.isEmpty() ? QString() : QStringLiteral("color: #c62828;"));
    m_status->setText(errors.isEmpty()    ? QString()
                      : general.isEmpty() ? tr("Not saved: see the fields marked above.")
                                          : tr("Not saved: %1").arg(general.join(u'\n')));
}

void NodeEditor::save() {
    if (m_busy || !m_client || !m_node.isValid())
        return;
    Node copy;
    if (!edited(&copy)) {
        Q_EMIT saved(m_node.id(), false);
        return;
    }
    if (!copy.isDirty()) {
        m_status->setText(tr("Nothing to save."));
        return;
    }
    m_busy = true;
    m_status->setStyleSheet({});
    m_status->setText(tr("Saving…"));
    updateButtons();
    send(m_client, copy, m_generation);
}

QCoro::Task<> NodeEditor::send(QPointer<InfrahubClient> client, Node edited, quint64 generation) {
    QPointer<NodeEditor> self(this);
    QCoro::Task<Result<MutationResult>> updating =
        client->update(edited.kind(), edited.changes(), {}, m_branch);
    const Result<MutationResult> result = co_await updating;
    if (!self || generation != m_generation)
        co_return;
    m_busy = false;
    if (!result) {
        // The form keeps what the user typed; the server's words go where they belong.
        QList<FieldError> errors;
        for (const ServerErrorDetail &d : parseServerErrors(result.error().serverErrors))
            errors.append({d.fieldName(), d.message});
        if (errors.isEmpty())
            errors.append({QString(), result.error().message});
        showErrors(errors);
        updateButtons();
        Q_EMIT saved(edited.id(), false);
        co_return;
    }
    edited.markClean();
    m_node = edited;
    showErrors({});
    m_status->setText(tr("Saved."));
    updateButtons();
    Q_EMIT saved(edited.id(), true);
}

void NodeEditor::revert() {
    if (m_busy)
        return;
    buildForm();
}

QWidget *NodeEditor::fieldWidget(const QString &name) const {
    return m_fields.value(name).editor;
}

QString NodeEditor::fieldError(const QString &name) const {
    const Field f = m_fields.value(name);
    return f.error && f.error->isVisibleTo(this) ? f.error->text() : QString();
}

bool NodeEditor::activateLink(const QString &relationship) {
    QLabel *label = m_links.value(relationship);
    if (!label || !label->text().startsWith(u"<a href=\""))
        return false;
    const QString text = label->text();
    const qsizetype start = text.indexOf(u'"') + 1;
    Q_EMIT label->linkActivated(text.mid(start, text.indexOf(u'"', start) - start));
    return true;
}

QString NodeEditor::generalError() const {
    return m_status->text();
}

void NodeEditor::updateButtons() {
    const bool dirty = hasUnsavedChanges();
    m_save->setEnabled(!m_busy && dirty);
    m_revert->setEnabled(!m_busy && dirty);
    Q_EMIT dirtyChanged(dirty);
}
