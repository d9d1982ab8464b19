#include "noderecord.h"

#include "core/schema/schemamodel.h"

namespace infrahub::sandbox {

namespace {

template <typename Slot, typename Fields, typename Map>
void fillSlots(std::vector<Slot> &slots, const Fields &fields, const Map &map) {
    slots.assign(size_t(fields.size()), Slot{});
    for (qsizetype i = 0; i < fields.size(); ++i)
        if (const auto it = map.constFind(fields.at(i).name); it != map.cend()) {
            slots[size_t(i)].name = &it.key();
            slots[size_t(i)].value = &it.value();
        }
}

// The slot for field `index` called `name`, or nullptr when it cannot answer: out of range, or built
// under another name (a slot without a name was built from this very field list, so it answers "none").
template <typename Slot>
const Slot *slotFor(const std::vector<Slot> &slots, qsizetype index, const QString &name) {
    if (index < 0 || size_t(index) >= slots.size())
        return nullptr;
    const Slot &slot = slots[size_t(index)];
    return !slot.name || *slot.name == name ? &slot : nullptr;
}

} // namespace

void NodeRecord::buildSlots(const KindSchema &kind) const {
    fillSlots(cache.attributeSlots, kind.attributes, attributes);
    fillSlots(cache.relationshipSlots, kind.relationships, relationships);
    cache.slotsKind = &kind;
}

const NodeRecordCache::AttributeSlot *NodeRecord::attributeSlotAt(const KindSchema &kind,
                                                                  qsizetype index) const {
    if (!cache.sealed || index < 0 || index >= kind.attributes.size())
        return nullptr;
    if (cache.slotsKind != &kind)
        buildSlots(kind);
    return slotFor(cache.attributeSlots, index, kind.attributes.at(index).name);
}

const QList<RelationshipEdge> *NodeRecord::edgesAt(const KindSchema &kind, qsizetype index) const {
    const QString &name = kind.relationships.at(index).name;
    if (cache.sealed) {
        if (cache.slotsKind != &kind)
            buildSlots(kind);
        if (const NodeRecordCache::RelationshipSlot *slot = slotFor(cache.relationshipSlots, index, name))
            return slot->value;
    }
    const auto it = relationships.constFind(name);
    return it == relationships.cend() ? nullptr : &it.value();
}

} // namespace infrahub::sandbox
