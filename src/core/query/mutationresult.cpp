#include "mutationresult.h"

namespace infrahub {

Result<MutationResult> MutationResult::fromData(const QJsonObject &data, const QString &field) {
    const QJsonValue payload = data.value(field);
    if (!payload.isObject())
        return InfrahubError::make(InfrahubError::Kind::Protocol,
                                   QStringLiteral("The answer has no result for %1.").arg(field));
    const QJsonObject o = payload.toObject();
    MutationResult r;
    // Servers always send `ok`; a payload without it is read as success when an object came back.
    r.ok = o.contains(u"ok") ? o.value(u"ok").toBool() : o.value(u"object").isObject();
    r.object = o.value(u"object").toObject();
    if (!r.ok)
        return InfrahubError::make(InfrahubError::Kind::GraphQL,
                                   QStringLiteral("%1 was not applied (ok: false).").arg(field));
    return r;
}

} // namespace infrahub
