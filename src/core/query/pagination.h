// Page arithmetic for listing a kind, sequentially or concurrently. The network side (the client) asks
// for the pages; these functions only say which. Defaults follow the Python SDK (pages of 50).
//
// Sequential: request offset 0; after each page, nextOffset() says where the next one starts or that
// the listing is complete. Unlike the SDK, which stops only when `count - (offset + size) < 0` and so asks
// for one extra, empty page when `count` is a multiple of the page size, this stops as soon as the pages
// cover `count`.
// Concurrent (SDK >= 1.5 `parallel=True`): one Count_<Kind> query, then every offset of pageOffsets()
// at once (bounded by the caller's concurrency limit).
#pragma once

#include <QList>

#include <optional>

namespace infrahub {

class Pagination {
public:
    static constexpr int kDefaultPageSize = 50;

    // The offset of the page after the one at `offset`, or nullopt when `count` nodes are covered.
    static std::optional<int> nextOffset(int count, int offset, int pageSize = kDefaultPageSize);
    // The offsets of all ceil(count / pageSize) pages: 0, pageSize, 2 * pageSize, ...
    static QList<int> pageOffsets(int count, int pageSize = kDefaultPageSize);
    static int pageCount(int count, int pageSize = kDefaultPageSize);
};

} // namespace infrahub
