#include "valuemetadata.h"

namespace infrahub {

namespace {

std::optional<bool> optionalBool(const QJsonObject &o, QStringView key) {
    const QJsonValue v = o.value(key);
    if (v.isBool())
        return v.toBool();
    return std::nullopt;
}

} // namespace

std::optional<LineageRef> LineageRef::fromJson(const QJsonValue &value) {
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject o = value.toObject();
    return LineageRef{o.value(u"id").toString(), o.value(u"display_label").toString(),
                      o.value(u"__typename").toString()};
}

ValueMetadata ValueMetadata::fromJson(const QJsonObject &o) {
    ValueMetadata m;
    m.isDefault = optionalBool(o, u"is_default");
    m.isFromProfile = optionalBool(o, u"is_from_profile");
    m.isProtected = optionalBool(o, u"is_protected");
    m.isVisible = optionalBool(o, u"is_visible");
    m.updatedAt = o.value(u"updated_at").toString();
    m.source = LineageRef::fromJson(o.value(u"source"));
    m.owner = LineageRef::fromJson(o.value(u"owner"));
    return m;
}

bool ValueMetadata::isEmpty() const {
    return !isDefault && !isFromProfile && !isProtected && !isVisible && updatedAt.isEmpty() && !source &&
           !owner;
}

} // namespace infrahub
