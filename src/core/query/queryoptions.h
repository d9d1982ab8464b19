// What a list, get or count query asks for, besides the kind: which fields (SelectionOptions), which nodes
// (filters), which page, and whether the server should skip ordering.
#pragma once

#include "nodeselection.h"

#include <QJsonObject>

#include <optional>

namespace infrahub {

struct QueryOptions {
    SelectionOptions selection;
    // Filter name -> value, e.g. {"name__value": "atl1", "site__name__values": ["atl1", "jfk1"],
    // "partial_match": true}. Names are checked against the kind's FilterCatalog, values against the filter's
    // type; values that are not plainly safe are sent as variables.
    QJsonObject filters;
    std::optional<int> offset; // 0 is not written, as the SDK does
    std::optional<int> limit;
    // `order: {disable: true}`: the server skips sorting, which is faster for large exports.
    bool orderDisabled = false;
};

} // namespace infrahub
