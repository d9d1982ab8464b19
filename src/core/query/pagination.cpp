#include "pagination.h"

#include <algorithm>

namespace infrahub {

std::optional<int> Pagination::nextOffset(int count, int offset, int pageSize) {
    pageSize = std::max(pageSize, 1);
    const qint64 next = qint64(offset) + pageSize;
    if (next >= count)
        return std::nullopt;
    return int(next);
}

int Pagination::pageCount(int count, int pageSize) {
    pageSize = std::max(pageSize, 1);
    return count <= 0 ? 0 : int((qint64(count) + pageSize - 1) / pageSize);
}

QList<int> Pagination::pageOffsets(int count, int pageSize) {
    pageSize = std::max(pageSize, 1);
    QList<int> offsets;
    const int pages = pageCount(count, pageSize);
    offsets.reserve(pages);
    for (int i = 0; i < pages; ++i)
        offsets.append(i * pageSize);
    return offsets;
}

} // namespace infrahub
