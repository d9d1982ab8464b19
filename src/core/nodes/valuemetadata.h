// The metadata Infrahub keeps on every attribute value and on every relationship edge ("properties"):
// protection, whether the value came from the default or a profile, when it changed, and which account
// or repository is its source and owner. Only present when the query asked for it
// (SelectionOptions::withMetadata); every part is optional because servers differ (1.0 still has
// is_visible, newer ones dropped it).
#pragma once

#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>

namespace infrahub {

// The source or owner of a value: a node implementing LineageSource / LineageOwner.
struct LineageRef {
    QString id;
    QString displayLabel;
    QString kind;

    static std::shared_ptr<const LineageRef> fromJson(const QJsonValue &value);
    bool operator==(const LineageRef &) const = default;
};

struct ValueMetadata {
    std::optional<bool> isDefault;
    std::optional<bool> isFromProfile;
    std::optional<bool> isProtected;
    std::optional<bool> isVisible; // Infrahub 1.0 only
    QString updatedAt;
    // Shared and absent unless asked for: every attribute and every peer carries a ValueMetadata, and two
    // inline LineageRefs made it the largest part of a listed node.
    std::shared_ptr<const LineageRef> source;
    std::shared_ptr<const LineageRef> owner;

    // Reads the metadata keys of an attribute object or a relationship `properties` object; other keys
    // are ignored.
    static ValueMetadata fromJson(const QJsonObject &object);
    // is_default, is_from_profile, is_protected, is_visible, updated_at, source, owner.
    static bool isMetadataKey(QStringView key);
    bool isEmpty() const;
    bool operator==(const ValueMetadata &other) const; // lineage compared by value
};

} // namespace infrahub
