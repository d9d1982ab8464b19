// The payload of one mutation in a response's `data`: `{"<Mutation>": {"ok": true, "object": {...}}}`.
// A missing or null payload (the server then also sent `errors`, which the client reports) or `ok: false`
// is an error here.
#pragma once

#include "core/client/infrahuberror.h"

#include <QJsonObject>
#include <QString>

namespace infrahub {

struct MutationResult {
    bool ok = false;
    QJsonObject object; // empty for mutations without one (Delete, RelationshipAdd/Remove)

    // `field` is the mutation's root field, e.g. "InfraDeviceCreate" or "BranchMerge".
    static Result<MutationResult> fromData(const QJsonObject &data, const QString &field);
};

} // namespace infrahub
