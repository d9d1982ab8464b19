// Executes mutation fields: `<Kind>Create/Update/Upsert/Delete`, `RelationshipAdd/Remove` and
// `BranchCreate/Delete/Merge/Rebase/Validate`, with Infrahub's validation (required values, attribute
// types, dropdown choices, regex/length constraints, uniqueness, peers that must exist) and its error
// catalogue codes. Each field is atomic: on failure the branch is left exactly as it was.
#pragma once

#include "queryresolver.h"

namespace infrahub::sandbox {

class MutationResolver {
public:
    MutationResolver(ExecutionContext &context, QueryResolver &queries);

    // Throws FieldFailure; the caller records it against the field.
    QByteArray resolveMutationField(const FieldGroup &field);

    // Git-ref style branch name rules that Infrahub enforces; returns an error message or an empty string.
    static QString branchNameError(const QString &name);

private:
    enum class Action { Create, Update, Upsert, Delete };

    QByteArray nodeMutation(const KindSchema &kind, Action action, const FieldGroup &field);
    QByteArray relationshipMutation(bool add, const FieldGroup &field);
    QByteArray branchMutation(const QString &name, const FieldGroup &field);

    NodeRef findTarget(const KindSchema &kind, const QJsonObject &data, const QString &mutationName,
                       bool mustExist);
    QString create(const KindSchema &kind, const QJsonObject &data);
    void update(const KindSchema &kind, const NodeRef &node, const QJsonObject &data);
    void applyAttributes(NodeRecord &record, const KindSchema &kind, const QJsonObject &data, bool creating);
    AttributeValue checkedAttribute(const KindSchema &kind, const AttributeSchema &attribute,
                                    const QJsonObject &input, const AttributeValue &previous);
    // Resolves every relationship given in `data` to peer edges, failing if a peer does not exist.
    RelationshipMap resolveRelationships(const KindSchema &kind, const QJsonObject &data, bool creating);
    NodeRef resolvePeer(const QJsonObject &input, const QString &peerKind);
    void checkUniqueness(const KindSchema &kind, const NodeRecord &candidate,
                         const RelationshipMap &relationships);
    QByteArray payload(const FieldGroup &field, const NodeRef &object);

    ExecutionContext &m_context;
    QueryResolver &m_queries;
    QString m_currentField;
};

} // namespace infrahub::sandbox
