// The protocol errors of a node answer that is well-formed JSON but not the shape a list query returns.
// One definition, so that the QJsonObject readers (NodePage::fromData, NodeParser) and the byte-level
// NodePageReader report the same answer with the same words.
#pragma once

#include "core/client/infrahuberror.h"

#include <QString>

namespace infrahub::answererrors {

inline InfrahubError noSchema() {
    return InfrahubError::make(InfrahubError::Kind::Protocol,
                               QStringLiteral("No schema to read the node with."));
}

inline InfrahubError rootMissing(const QString &kind, bool present) {
    return InfrahubError::make(InfrahubError::Kind::Protocol,
                               present ? QStringLiteral("The answer's '%1' field is not an object.").arg(kind)
                                       : QStringLiteral("The answer has no '%1' field.").arg(kind));
}

inline InfrahubError edgesNotList(const QString &kind) {
    return InfrahubError::make(InfrahubError::Kind::Protocol,
                               QStringLiteral("The answer's '%1.edges' is not a list.").arg(kind));
}

inline InfrahubError edgeWithoutNode(qsizetype index, const QString &kind) {
    return InfrahubError::make(InfrahubError::Kind::Protocol,
                               QStringLiteral("Edge %1 of '%2' has no node.").arg(index).arg(kind));
}

inline InfrahubError nodeWithoutId(const QString &queriedKind) {
    return InfrahubError::make(InfrahubError::Kind::Protocol,
                               QStringLiteral("A %1 node in the answer has no id.")
                                   .arg(queriedKind.isEmpty() ? QStringLiteral("queried") : queriedKind));
}

inline InfrahubError unknownNodeKind(const QString &typeName, const QString &queriedKind, const QString &id) {
    return InfrahubError::make(InfrahubError::Kind::NotFound,
                               QStringLiteral("The schema has no kind '%1' for node %2.")
                                   .arg(typeName.isEmpty() ? queriedKind : typeName, id));
}

} // namespace infrahub::answererrors
