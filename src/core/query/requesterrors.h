// The errors the renderers in this folder return. A request that cannot be rendered is the caller's
// mistake (unknown kind, filter or field, a missing required value, a value of the wrong type), so it
// fails before anything is sent, with a message that names the kind and the field.
#pragma once

#include "core/client/infrahuberror.h"

#include <QString>

#include <utility>

namespace infrahub {

// The request is wrong: an unknown filter or field, a missing or ill-typed value.
inline InfrahubError invalidRequestError(QString message) {
    return InfrahubError::make(InfrahubError::Kind::Validation, std::move(message));
}

// The schema has no such kind.
inline InfrahubError unknownKindError(const QString &kind) {
    return InfrahubError::make(InfrahubError::Kind::NotFound,
                               QStringLiteral("The schema has no kind '%1'.").arg(kind));
}

} // namespace infrahub
