// HttpRequest helpers that are not worth inlining.
#include "httprequest.h"

namespace infrahub::sandbox {

QByteArray HttpRequest::cookie(QByteArrayView name) const {
    const QByteArray all = header("cookie");
    qsizetype pos = 0;
    while (pos < all.size()) {
        qsizetype end = all.indexOf(';', pos);
        if (end < 0)
            end = all.size();
        const QByteArrayView pair = QByteArrayView(all).sliced(pos, end - pos).trimmed();
        const qsizetype eq = pair.indexOf('=');
        if (eq > 0 && pair.first(eq).trimmed() == name) {
            QByteArrayView value = pair.sliced(eq + 1).trimmed();
            // RFC 6265 allows the value to be wrapped in double quotes.
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.sliced(1, value.size() - 2);
            return value.toByteArray();
        }
        pos = end + 1;
    }
    return {};
}

} // namespace infrahub::sandbox
