#include "nodeeditor.h"

#include "relationshippicker.h"

#include "core/client/errorenvelope.h"
#include "core/query/apiexposure.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPixmap>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

using namespace infrahub;

namespace {

// The schema's colour of a Dropdown choice, as a small square next to its label (none without a colour).
QIcon swatch(const QString &color) {
    const QColor c = QColor::fromString(color);
    if (!c.isValid())
        return {};
    QPixmap pixmap(12, 12);
    pixmap.fill(c);
    return QIcon(pixmap);
}

// A server timestamp in the user's local time and format; as sent when it does not parse.
QString timeText(const QString &serverTime) {
    const QDateTime time = QDateTime::fromString(serverTime, Qt::ISODateWithMs);
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat) : serverTime;
}

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

quint64 NodeEditor::reset(InfrahubClient *client, const QString &branch) {
    // Whatever was loading or saving for the previous object no longer reaches the form.
    m_busy = false;
    m_client = client;
    m_branch = branch;
    m_node = Node();
    clearForm();
    return ++m_generation;
}

void NodeEditor::showNode(InfrahubClient *client, const QString &kind, const QString &id,
                          const QString &branch) {
    const quint64 generation = reset(client, branch);
    if (!client || id.isEmpty())
        return;
    m_title->setText(tr("Loading…"));
    load(client, kind, id, generation);
}

void NodeEditor::newNode(InfrahubClient *client, const QString &kind, const QString &branch) {
    const quint64 generation = reset(client, branch);
    if (!client || kind.isEmpty())
        return;
    m_title->setText(tr("Loading…"));
    startNew(client, kind, generation);
}

QCoro::Task<> NodeEditor::startNew(QPointer<InfrahubClient> client, QString kind, quint64 generation) {
    QPointer<NodeEditor> self(this);
    // The branch's schema: a kind added on this branch can be created here too.
    QCoro::Task<Result<std::shared_ptr<const SchemaSet>>> fetching = client->schema(m_branch);
    const Result<std::shared_ptr<const SchemaSet>> schema = co_await fetching;
    if (!self || generation != m_generation)
        co_return;
    const Result<Node> node = schema ? Node::create(schema.value(), kind) : Result<Node>(schema.error());
    if (!node) {
        m_title->setText(tr("Cannot create a %1").arg(kind));
        m_status->setText(node.error().message);
        co_return;
    }
    m_node = node.value();
    buildForm();
}

QCoro::Task<> NodeEditor::load(QPointer<InfrahubClient> client, QString kind, QString id,
                               quint64 generation) {
    QPointer<NodeEditor> self(this);
    // With metadata: when each value changed, where it came from (source), who owns it, what is protected.
    QueryOptions options;
    options.selection.withMetadata = true;
    QCoro::Task<Result<Node>> fetching = client->get(kind, NodeLookup::byId(id), options, m_branch);
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
    m_pickers.clear();
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
    const QString kindLabel = kind->label.isEmpty() ? kind->kind : kind->label;
    m_title->setText(m_node.isNew() ? tr("New %1").arg(kindLabel)
                                    : QStringLiteral("%1 — %2").arg(kindLabel, m_node.displayLabel()));
    for (const AttributeSchema &a : kind->attributes) {
        const QJsonValue value = baseline(a);
        QWidget *editor = nullptr;
        if (a.kind == u"Dropdown") {
            auto *combo = new QComboBox;
            // Empty when the field may stay unset, or when a new object must have it chosen on purpose.
            if (a.optional || (m_node.isNew() && a.defaultValue.isNull()))
                combo->addItem(QString(), QString());
            for (const DropdownChoice &c : a.choices) {
                combo->addItem(swatch(c.color), c.label.isEmpty() ? c.name : c.label, c.name);
                if (!c.description.isEmpty())
                    combo->setItemData(combo->count() - 1, c.description, Qt::ToolTipRole);
            }
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
        const AttributeValue *stored = m_node.attribute(a.name);
        editor->setToolTip(fieldToolTip(a.description.isEmpty() ? a.name : a.description,
                                        stored ? &stored->metadata : nullptr));
        if (a.readOnly)
            editor->setEnabled(false);
        // Protected values can only be changed by their owner: marked, so a refusal is no surprise.
        const bool isProtected = stored && stored->metadata.isProtected.value_or(false);
        const QString label = (a.label.isEmpty() ? a.name : a.label) +
                              (a.isRequiredOnCreate() ? u" *"_qs : QString()) +
                              (isProtected ? QStringLiteral(" \U0001F512") : QString());
        addFieldRow(a.name, label, editor);
    }
    for (const RelationshipSchema &r : kind->relationships) {
        if (r.isMany())
            continue;
        const QList<RelatedNode> peers = m_node.peers(r.name);
        const QString label = (r.label.isEmpty() ? r.name : r.label) +
                              (!r.optional && m_node.isNew() ? QStringLiteral(" *") : QString());
        if (!r.readOnly && exposedPeer(*m_node.schema(), r) && r.kind != u"Group" && r.kind != u"Profile") {
            // Changeable: search the peer kind on the server, pick one; the current one stays a link.
            auto *picker = new RelationshipPicker(m_client, r.peer, m_branch, r.optional);
            picker->setObjectName(r.name);
            picker->setToolTip(fieldToolTip(r.description.isEmpty() ? r.peer : r.description,
                                            peers.isEmpty() ? nullptr : &peers.first().properties));
            if (!peers.isEmpty())
                picker->setPeer(peers.first());
            connect(picker, &RelationshipPicker::changed, this, &NodeEditor::updateButtons);
            connect(picker, &RelationshipPicker::followRequested, this, &NodeEditor::followLink);
            addFieldRow(r.name, label, picker);
            m_pickers.insert(r.name, picker);
            continue;
        }
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
        peer->setToolTip(tr("%1 (read-only)").arg(r.peer));
        m_form->addRow(label, peer);
        m_links.insert(r.name, peer);
    }
    if (!m_node.isNew()) {
        // The newest change of any loaded value: when this object was last touched.
        QString last;
        for (const QString &name : m_node.attributeNames())
            if (const AttributeValue *v = m_node.attribute(name); v && v->metadata.updatedAt > last)
                last = v->metadata.updatedAt;
        if (!last.isEmpty()) {
            auto *changed = new QLabel(timeText(last));
            changed->setObjectName(QStringLiteral("lastChanged"));
            changed->setEnabled(false);
            m_form->addRow(tr("Last changed"), changed);
        }
    }
    updateButtons();
}

QString NodeEditor::fieldToolTip(const QString &description, const ValueMetadata *metadata) const {
    QStringList lines{description};
    if (!metadata)
        return description;
    if (!metadata->updatedAt.isEmpty())
        lines.append(tr("Changed: %1").arg(timeText(metadata->updatedAt)));
    if (metadata->source)
        lines.append(tr("Source: %1").arg(metadata->source->displayLabel));
    if (metadata->owner)
        lines.append(tr("Owner: %1").arg(metadata->owner->displayLabel));
    if (metadata->isProtected.value_or(false))
        lines.append(tr("Protected: only its owner can change it"));
    if (metadata->isDefault.value_or(false))
        lines.append(tr("The schema's default value"));
    if (metadata->isFromProfile.value_or(false))
        lines.append(tr("Set by a profile"));
    return lines.join(u'\n');
}

void NodeEditor::addFieldRow(const QString &name, const QString &label, QWidget *editor) {
    // The editor with its error line under it, hidden until a save is refused on this field.
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
    m_form->addRow(label, cell);
    m_fields.insert(name, Field{editor, error});
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
        return baseline(attribute); // shown, not edited
    // Empty is "not set" where that is allowed, and on a new object (where a required field left empty is
    // then reported as required, rather than sent as an empty text).
    if (text.isEmpty())
        return attribute.optional || m_node.isNew() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
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
        if (!change.valid || change.value != baseline(a))
            out.append(change);
    }
    return out;
}

QJsonValue NodeEditor::baseline(const AttributeSchema &attribute) const {
    const QJsonValue loaded = m_node.value(attribute.name);
    if (!loaded.isUndefined())
        return loaded;
    // A new object starts from the schema's defaults: an untouched field is not sent, and the server
    // applies the same default.
    return m_node.isNew() ? attribute.defaultValue : QJsonValue(QJsonValue::Null);
}

QStringList NodeEditor::changedRelationships() const {
    QStringList out;
    for (auto it = m_pickers.cbegin(); it != m_pickers.cend(); ++it) {
        const QList<RelatedNode> loaded = m_node.peers(it.key());
        const QString loadedId = loaded.isEmpty() ? QString() : loaded.first().id;
        if (it.value()->peer().id != loadedId)
            out.append(it.key());
    }
    return out;
}

bool NodeEditor::hasUnsavedChanges() const {
    return !fieldChanges().isEmpty() || !changedRelationships().isEmpty();
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
    for (const QString &name : changedRelationships()) {
        const RelatedNode peer = m_pickers.value(name)->peer();
        QString problem;
        if (!out->setRelationship(name, peer.isEmpty() ? QList<RelatedNode>() : QList<RelatedNode>{peer},
                                  &problem))
            errors.append({name, problem});
    }
    // A new object must have every required field; an update checks what it changes.
    errors.append(out->isNew() ? out->validate() : out->validateChanges());
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
    if (!copy.isDirty() && !copy.isNew()) {
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
    if (edited.isNew()) {
        QCoro::Task<Result<MutationResult>> creating =
            client->create(edited.kind(), edited.changes(), {}, m_branch);
        const Result<MutationResult> result = co_await creating;
        if (!self || generation != m_generation)
            co_return;
        m_busy = false;
        const QString id = result ? result->object.value(u"id").toString() : QString();
        if (!result || id.isEmpty()) {
            showSendError(result ? InfrahubError::make(InfrahubError::Kind::Protocol,
                                                       tr("The server created the object but sent no id."))
                                 : result.error());
            Q_EMIT saved(QString(), false);
            co_return;
        }
        // Shown as the server has it now (display label, defaults, computed fields).
        const QString kind = edited.kind();
        showNode(client, kind, id, m_branch);
        m_status->setText(tr("Created."));
        Q_EMIT created(kind, id);
        Q_EMIT saved(id, true);
        co_return;
    }

    // Changed elsewhere? Compare the fields being saved with the server's values now.
    QCoro::Task<Result<Node>> checking =
        client->get(edited.kind(), NodeLookup::byId(edited.id()), {}, m_branch);
    const Result<Node> current = co_await checking;
    if (!self || generation != m_generation)
        co_return;
    if (!current) {
        m_busy = false;
        showSendError(current.error());
        Q_EMIT saved(edited.id(), false);
        co_return;
    }
    const QList<Conflict> conflicts = conflictsWith(current.value(), edited);
    if (!conflicts.isEmpty()) {
        const ConflictChoice choice = askAboutConflicts(conflicts);
        if (!self || generation != m_generation)
            co_return;
        if (choice != ConflictChoice::Overwrite) {
            m_busy = false;
            if (choice == ConflictChoice::Reload) {
                m_node = current.value(); // the server's version; the edits are dropped, as asked
                buildForm();
                m_status->setText(tr("Reloaded the object as it is on the server now."));
            } else {
                m_status->setStyleSheet(QStringLiteral("color: #c62828;"));
                m_status->setText(tr("Not saved: changed on the server since you opened it (%1).")
                                      .arg(QStringList([&] {
                                               QStringList labels;
                                               for (const Conflict &c : conflicts)
                                                   labels.append(c.label);
                                               return labels;
                                           }())
                                               .join(QStringLiteral(", "))));
                updateButtons();
            }
            Q_EMIT saved(edited.id(), false);
            co_return;
        }
    }

    QCoro::Task<Result<MutationResult>> updating =
        client->update(edited.kind(), edited.changes(), {}, m_branch);
    const Result<MutationResult> result = co_await updating;
    if (!self || generation != m_generation)
        co_return;
    m_busy = false;
    if (!result) {
        showSendError(result.error());
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

void NodeEditor::showSendError(const InfrahubError &error) {
    // The form keeps what the user typed; the server's words go where they belong.
    QList<FieldError> errors;
    for (const ServerErrorDetail &d : parseServerErrors(error.serverErrors))
        errors.append({d.fieldName(), d.message});
    if (errors.isEmpty())
        errors.append({QString(), error.message});
    showErrors(errors);
    updateButtons();
}

QList<NodeEditor::Conflict> NodeEditor::conflictsWith(const Node &server, const Node &edited) const {
    QList<Conflict> out;
    const KindSchema *kind = edited.kindSchema();
    auto text = [](const QJsonValue &v) {
        return v.isUndefined() || v.isNull() ? QString() : valueText(v);
    };
    for (const QString &name : edited.changedAttributes()) {
        const QJsonValue loaded = m_node.value(name);
        const QJsonValue theirs = server.value(name);
        if (text(loaded) == text(theirs))
            continue;
        const AttributeSchema *a = kind ? kind->attribute(name) : nullptr;
        out.append({name, a && !a->label.isEmpty() ? a->label : name, text(loaded), text(theirs),
                    text(edited.value(name))});
    }
    auto peerText = [](const QList<RelatedNode> &peers) {
        return peers.isEmpty() ? QString() : peers.first().displayLabel;
    };
    auto peerId = [](const QList<RelatedNode> &peers) {
        return peers.isEmpty() ? QString() : peers.first().id;
    };
    for (const QString &name : edited.changedRelationships()) {
        if (peerId(m_node.peers(name)) == peerId(server.peers(name)))
            continue;
        const RelationshipSchema *r = kind ? kind->relationship(name) : nullptr;
        out.append({name, r && !r->label.isEmpty() ? r->label : name, peerText(m_node.peers(name)),
                    peerText(server.peers(name)), peerText(edited.peers(name))});
    }
    return out;
}

NodeEditor::ConflictChoice NodeEditor::askAboutConflicts(const QList<Conflict> &conflicts) {
    if (m_resolver)
        return m_resolver(conflicts);
    QStringList lines;
    for (const Conflict &c : conflicts)
        lines.append(tr("<li><b>%1</b>: you loaded “%2”, the server now has “%3”, you typed “%4”</li>")
                         .arg(c.label.toHtmlEscaped(), c.loaded.toHtmlEscaped(), c.theirs.toHtmlEscaped(),
                              c.mine.toHtmlEscaped()));
    QMessageBox box(QMessageBox::Warning, tr("Changed on the server"),
                    tr("<p>%1 was changed on the server since you opened it:</p><ul>%2</ul>")
                        .arg(m_node.displayLabel().toHtmlEscaped(), lines.join(QString())),
                    QMessageBox::NoButton, this);
    QPushButton *overwrite = box.addButton(tr("&Overwrite with Mine"), QMessageBox::DestructiveRole);
    QPushButton *reload = box.addButton(tr("&Reload (Discard Mine)"), QMessageBox::ResetRole);
    QPushButton *keep = box.addButton(tr("&Keep Editing"), QMessageBox::RejectRole);
    box.setDefaultButton(keep);
    box.exec();
    if (box.clickedButton() == overwrite)
        return ConflictChoice::Overwrite;
    if (box.clickedButton() == reload)
        return ConflictChoice::Reload;
    return ConflictChoice::KeepEditing;
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
    // Not hidden, rather than visible: a form built a moment ago is shown by the next event loop pass.
    return f.error && !f.error->isHidden() ? f.error->text() : QString();
}

bool NodeEditor::activateLink(const QString &relationship) {
    if (RelationshipPicker *picker = m_pickers.value(relationship))
        return picker->follow();
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
    // A new object can be saved as it is (Save then lists what is required).
    m_save->setEnabled(!m_busy && (dirty || isCreating()));
    m_revert->setEnabled(!m_busy && dirty);
    Q_EMIT dirtyChanged(dirty);
}
