// Turns what a device printed into the text that is stored: line endings normalised to \n, the shell's
// command echo and trailing prompt removed, volatile lines dropped and secrets masked by the platform's
// patterns, blank lines at either end trimmed, one final newline. Deterministic (the same input always gives
// the same bytes), so an unchanged configuration is recognised as unchanged and makes no commit; and
// idempotent (filtering filtered text changes nothing), so a caller that filtered already does no harm.
#pragma once

#include "platformprofile.h"

#include <QString>

namespace infrahub {

class ConfigFilter {
public:
    struct Stats {
        int droppedLines = 0; // volatile lines, echo and prompt removed
        int maskedLines = 0;  // lines in which at least one secret was masked
    };

    explicit ConfigFilter(PlatformProfile profile);

    QString apply(const QString &raw, Stats *stats = nullptr) const;

    // \r\n, \r\r\n and a lone \r all become \n (devices and terminals send all three).
    static QString normaliseLineEndings(const QString &text);

private:
    PlatformProfile m_profile;
};

} // namespace infrahub
