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

std::shared_ptr<const LineageRef> LineageRef::fromJson(const QJsonValue &value) {
    if (!value.isObject())
        return nullptr;
    const QJsonObject o = value.toObject();
    return std::make_shared<const LineageRef>(LineageRef{
        o.value(u"id").toString(), o.value(u"display_label").toString(), o.value(u"__typename").toString()});
}

namespace {

bool sameLineage(const std::shared_ptr<const LineageRef> &a, const std::shared_ptr<const LineageRef> &b) {
    return a == b || (a && b && *a == *b);
}

} // namespace

bool ValueMetadata::operator==(const ValueMetadata &other) const {
    return isDefault == other.isDefault && isFromProfile == other.isFromProfile &&
           isProtected == other.isProtected && isVisible == other.isVisible && updatedAt == other.updatedAt &&
           sameLineage(source, other.source) && sameLineage(owner, other.owner);
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

bool ValueMetadata::isMetadataKey(QStringView key) {
    return key == u"is_default" || key == u"is_from_profile" || key == u"is_protected" ||
           key == u"is_visible" || key == u"updated_at" || key == u"source" || key == u"owner";
}

bool ValueMetadata::isEmpty() const {
    return !isDefault && !isFromProfile && !isProtected && !isVisible && updatedAt.isEmpty() && !source &&
           !owner;
}

} // namespace infrahub
