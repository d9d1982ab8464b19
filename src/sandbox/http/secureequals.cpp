// secureEquals: accumulate every byte difference, decide once at the end.
#include "secureequals.h"

namespace infrahub::sandbox {

bool secureEquals(QByteArrayView a, QByteArrayView b) {
    if (a.size() != b.size())
        return false;
    // volatile keeps the compiler from turning the loop back into an early-exit memcmp.
    volatile unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference = difference | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]));
    return difference == 0;
}

} // namespace infrahub::sandbox
