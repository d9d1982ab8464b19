// State shared by everything that executes one GraphQL operation: the document, the coerced variables,
// the branch, and the errors collected so far; plus GraphQL's field collection (fragments, inline
// fragments, @skip/@include, merging of fields with the same response key).
#pragma once

#include "jsonwriter.h"
#include "sandbox/graphql/graphqlast.h"
#include "sandboxstore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <unordered_map>

namespace infrahub::sandbox {

// An error in Infrahub's newest envelope: message, locations, path and the catalogue `extensions`
// (`code`, `http_status`, `data`). Resolver errors keep HTTP 200, as Infrahub does.
struct ExecutionError {
    QString message;
    QString code; // e.g. UNIQUENESS_VIOLATION; empty = no extensions (validation-style errors)
    int httpStatus = 0;
    QJsonObject data;
    QList<gql::SourceLocation> locations;
    QJsonArray path;

    // JSON text with Infrahub's key order: message, locations, path, extensions.
    QByteArray toJsonText() const;
};

// Thrown by resolvers to abort the current root field; the executor turns it into an entry of `errors`
// with the field's path and location and sets the field to null.
struct FieldFailure {
    ExecutionError error;
};

// The field names the resolvers tell apart on every node of a page, as a number worked out once per
// query field: comparing the name against each literal in turn (each a length scan and a compare) cost
// about a twentieth of a page's time.
enum class FieldName : quint8 {
    Other,
    Typename,
    Id,
    DisplayLabel,
    Hfid,
    Value,
    Node,
    Edges,
    Count,
    Properties,
    EdgeUpdatedAt, // `_updated_at` of an edge
    Label,
    Color,
    Description,
    IsDefault,
    IsProtected,
    IsVisible,
    IsFromProfile,
    IsInherited,
    UpdatedAt,
    Source,
    Owner,
    Permissions,
};
FieldName fieldNameOf(const QString &name);

// The fields of a selection set that apply to one runtime type, grouped by response key, in order.
struct FieldGroup {
    FieldGroup(const QString &responseKey, const QString &name, const gql::Selection *selection)
        : responseKey(responseKey)
        , name(name)
        , code(fieldNameOf(name))
        , selections{selection} {
        appendJsonString(encodedKey, responseKey);
        encodedKey += ':';
    }

    QString responseKey;
    QString name;
    FieldName code;                           // of `name`
    QList<const gql::Selection *> selections; // all occurrences; their sub-selections are merged
    QByteArray encodedKey;                    // `"responseKey":`

    EncodedKey key() const { return {encodedKey}; }
    const gql::Selection &first() const { return *selections.constFirst(); }
    // The sub-selection sets of every occurrence, to be collected together (GraphQL field merging).
    QList<const gql::SelectionSet *> subSelections() const {
        QList<const gql::SelectionSet *> out;
        for (const gql::Selection *s : selections)
            out.append(&s->selectionSet);
        return out;
    }
};

class ExecutionContext {
public:
    ExecutionContext(SandboxStore &store, BranchState &branch, const gql::Document &document,
                     QJsonObject variables);

    SandboxStore &store() { return m_store; }
    const SchemaSet &schema() const { return m_store.schema(); }
    BranchState &branch() { return m_branch; }
    const gql::Document &document() const { return m_document; }

    // Field collection for an object whose concrete type is `runtimeType`; `interfaces` are the abstract
    // types it implements (for fragment type conditions). The result stays valid as long as the context.
    const QList<FieldGroup> &collectFields(const QList<const gql::SelectionSet *> &selectionSets,
                                           const QString &runtimeType, const QStringList &interfaces) const;
    // collectFields() of a field's sub-selections, for a field that itself came from collectFields() (so
    // its address is stable): remembered by that address, which spares a page's nodes building and
    // hashing the full key for every attribute and relationship.
    const QList<FieldGroup> &subFields(const FieldGroup &field, const QString &runtimeType,
                                       const QStringList &interfaces) const;

    // The JSON value of an argument or input value after variable substitution. Absent -> undefined.
    QJsonValue argument(const gql::Selection &field, const QString &name) const;
    QJsonValue evaluate(const gql::Value &value) const;

    void addError(ExecutionError error) { m_errors.append(std::move(error)); }
    const QList<ExecutionError> &errors() const { return m_errors; }

private:
    void collectInto(const gql::SelectionSet &selections, const QString &runtimeType,
                     const QStringList &interfaces, QList<FieldGroup> &out,
                     QStringList &visitedFragments) const;
    bool included(const std::vector<gql::Directive> &directives) const;

    // Collection depends only on the document, the types and the variables, which are fixed for one
    // execution, while a page collects the same selection for each of its nodes: so results are kept for
    // the context's lifetime. Keys hold pointers into the document, which outlives the context.
    // std::unordered_map because references to its values survive later insertions.
    struct CollectKey {
        QList<const gql::SelectionSet *> selectionSets;
        QString runtimeType;
        QStringList interfaces;
        bool operator==(const CollectKey &other) const = default;
    };
    struct CollectKeyHash {
        size_t operator()(const CollectKey &key) const noexcept {
            return qHashMulti(0, key.selectionSets, key.runtimeType);
        }
    };

    SandboxStore &m_store;
    BranchState &m_branch;
    const gql::Document &m_document;
    QJsonObject m_variables;
    QList<ExecutionError> m_errors;
    mutable std::unordered_map<CollectKey, QList<FieldGroup>, CollectKeyHash> m_collected;
    mutable QHash<QPair<const FieldGroup *, QString>, const QList<FieldGroup> *> m_subFields;
};

} // namespace infrahub::sandbox
