// One relationship of a node as a query returned it (or as it was set): its peers, and for cardinality
// many the total count the server reported, which is larger than the peers when the query paged them.
#pragma once

#include "relatednode.h"

#include <QList>

#include <optional>

namespace infrahub {

struct RelationshipValue {
    bool many = false;
    QList<RelatedNode> peers; // cardinality one: zero or one
    std::optional<int> count; // cardinality many, when the server sent it

    // Cardinality one: the peer, if there is one.
    std::optional<RelatedNode> peer() const {
        if (peers.isEmpty())
            return std::nullopt;
        return peers.first();
    }
};

} // namespace infrahub
