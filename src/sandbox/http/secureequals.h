// Comparison of secrets (signatures, password hashes, token digests) in time that does not depend on
// where the inputs differ, so response timing does not reveal how much of a guess was right.
#pragma once

#include <QByteArrayView>

namespace infrahub::sandbox {

// False for different lengths (only ever compared on fixed-length digests, so that leaks nothing).
bool secureEquals(QByteArrayView a, QByteArrayView b);

} // namespace infrahub::sandbox
