// The arguments of a kind's list field (`InfraDevice(offset:, limit:, ids:, hfid:, name__value:,
// site__name__values:, any__value:, partial_match: ...)`) and of nested many-relationships, and the test
// of one node against them, with Infrahub's semantics (null filter values are ignored; partial_match is a
// case-insensitive substring match; relationship filters go one level deep).
#pragma once

#include "executioncontext.h"

#include <QJsonArray>

#include <optional>

namespace infrahub::sandbox {

struct NodeFilter {
    struct AttributeCondition {
        QString attribute;
        QString op; // value, values, isnull, is_protected, is_visible, source__id, owner__id
        QJsonValue value;
    };
    struct RelationshipCondition {
        QString relationship;
        QString op; // ids, isnull, or value/values of a peer attribute
        QString peerAttribute;
        QJsonValue value;
    };

    std::optional<qint64> offset;
    std::optional<qint64> limit;
    std::optional<QStringList> ids;
    std::optional<QStringList> hfid;
    bool partialMatch = false;
    std::optional<QJsonArray> anyValues;
    QList<AttributeCondition> attributes;
    QList<RelationshipCondition> relationships;

    // Reads the arguments of `field` for a list of `kind`. Unknown argument names were already rejected by
    // validation; they are ignored here.
    static NodeFilter fromField(const ExecutionContext &context, const gql::Selection &field,
                                const KindSchema &kind);

    bool hasConditions() const {
        return ids || hfid || anyValues || !attributes.isEmpty() || !relationships.isEmpty();
    }
    bool matches(const SandboxStore &store, const BranchState &branch, const NodeRecord &node) const;
};

} // namespace infrahub::sandbox
