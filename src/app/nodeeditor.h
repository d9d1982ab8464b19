// The detail pane: one node, loaded from the server, as a form generated from its kind's schema — a
// dropdown of the schema's choices for Dropdown attributes, a check box for booleans, a number field for
// numbers, text fields for the rest, read-only fields shown but locked, cardinality-one relationships by
// their peer's label. Save sends only what changed; a value the schema refuses is reported on its field
// before anything is sent, and a server error that names a field (uniqueness, ...) is shown on that field.
// Nothing typed is lost on failure: the form keeps the user's values until they are saved or reverted.
#pragma once

#include "core/client/infrahubclient.h"

#include <QHash>

#include <QPointer>
#include <QWidget>
#include <functional>

class QFormLayout;
class QLabel;
class QPushButton;
class RelationshipPicker;

class NodeEditor : public QWidget {
    Q_OBJECT

public:
    explicit NodeEditor(QWidget *parent = nullptr);

    // Loads node `id` of `kind` on `branch` (empty: the client's default) with `client`, which must outlive
    // the load; saves go to the same branch. An empty id clears the form.
    void showNode(infrahub::InfrahubClient *client, const QString &kind, const QString &id,
                  const QString &branch = {});
    // An empty form for a new object of node kind `kind`; Save creates it on `branch` (created() then).
    void newNode(infrahub::InfrahubClient *client, const QString &kind, const QString &branch = {});
    bool isCreating() const { return m_node.isValid() && m_node.isNew(); }
    QString nodeId() const { return m_node.id(); }
    // The node as loaded or last saved.
    const infrahub::Node &node() const { return m_node; }
    bool hasUnsavedChanges() const;
    void save();
    void revert();

    // For tests: the editor widget of a field, and the error shown on it (empty when none).
    QWidget *fieldWidget(const QString &name) const;
    QString fieldError(const QString &name) const;
    QString generalError() const;
    // For tests: follows the link of a cardinality-one relationship, as a click does.
    bool activateLink(const QString &relationship);
    // The picker of an editable cardinality-one relationship (null when it is shown read-only).
    RelationshipPicker *picker(const QString &relationship) const { return m_pickers.value(relationship); }

    // Someone else changed the object on the server since it was loaded: what Save does about it.
    struct Conflict {
        QString field; // attribute or relationship name
        QString label;
        QString loaded; // as it was loaded here
        QString theirs; // as it is on the server now
        QString mine;   // as edited here
    };
    enum class ConflictChoice { Overwrite, Reload, KeepEditing };
    using ConflictResolver = std::function<ConflictChoice(const QList<Conflict> &)>;
    // Replaces the question asked (tests); by default a dialog lists the fields and asks.
    void setConflictResolver(ConflictResolver resolver) { m_resolver = std::move(resolver); }

Q_SIGNALS:
    void loaded(const QString &id);
    // The save finished: `ok`, or the errors are on the form.
    void saved(const QString &id, bool ok);
    void dirtyChanged(bool dirty);
    // A new object was created by Save (it is then shown as loaded).
    void created(const QString &kind, const QString &id);
    // The user followed a relationship to another object.
    void followLink(const QString &kind, const QString &id);

private:
    struct Field {
        QWidget *editor = nullptr;
        QLabel *error = nullptr;
    };
    QCoro::Task<> load(QPointer<infrahub::InfrahubClient> client, QString kind, QString id,
                       quint64 generation);
    QCoro::Task<> send(QPointer<infrahub::InfrahubClient> client, infrahub::Node edited, quint64 generation);
    QCoro::Task<> startNew(QPointer<infrahub::InfrahubClient> client, QString kind, quint64 generation);
    // What changed on the server, among the fields `edited` changes, since the node was loaded.
    QList<Conflict> conflictsWith(const infrahub::Node &server, const infrahub::Node &edited) const;
    ConflictChoice askAboutConflicts(const QList<Conflict> &conflicts);
    void showSendError(const infrahub::InfrahubError &error);
    // The value a field starts from: as loaded, or the schema's default for a new object.
    QJsonValue baseline(const infrahub::AttributeSchema &attribute) const;
    // The pickers whose peer differs from the loaded one.
    QStringList changedRelationships() const;
    // Clears the form for a new object or none; returns the generation the new load runs under.
    quint64 reset(infrahub::InfrahubClient *client, const QString &branch);
    void buildForm();
    void addFieldRow(const QString &name, const QString &label, QWidget *editor);
    // A field's description with its metadata (changed when, source, owner, protected) under it.
    QString fieldToolTip(const QString &description, const infrahub::ValueMetadata *metadata) const;
    void clearForm();
    // The form's values applied to a copy of the loaded node; false with errors shown when one is refused.
    bool edited(infrahub::Node *out);
    // The editable fields whose widget differs from the loaded value (or holds no valid value).
    struct FieldChange {
        const infrahub::AttributeSchema *attribute = nullptr;
        QJsonValue value;
        bool valid = true;
    };
    QList<FieldChange> fieldChanges() const;
    QJsonValue widgetValue(const infrahub::AttributeSchema &attribute, QWidget *editor, bool *ok) const;
    void showErrors(const QList<infrahub::FieldError> &errors);
    void updateButtons();

    QPointer<infrahub::InfrahubClient> m_client;
    QString m_branch;
    infrahub::Node m_node; // as loaded (or last saved)
    quint64 m_generation = 0;
    bool m_busy = false;
    QLabel *m_title;
    QLabel *m_status;
    QWidget *m_formHost;
    QFormLayout *m_form = nullptr;
    QHash<QString, Field> m_fields;
    QHash<QString, QLabel *> m_links;               // cardinality-one relationships shown read-only
    QHash<QString, RelationshipPicker *> m_pickers; // ... and those that can be changed
    ConflictResolver m_resolver;
    QPushButton *m_save;
    QPushButton *m_revert;
};
