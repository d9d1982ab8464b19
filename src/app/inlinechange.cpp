#include "inlinechange.h"

#include <algorithm>

InlineChange InlineChange::between(const QString &oldText, const QString &newText) {
    const qsizetype shorter = std::min(oldText.size(), newText.size());
    qsizetype prefix = 0;
    while (prefix < shorter && oldText.at(prefix) == newText.at(prefix))
        ++prefix;
    // The suffix may not reach into the prefix: for "aa" -> "aaa" the prefix already took both a's of the
    // old line, and the change is the third a, not a negative-length middle.
    qsizetype suffix = 0;
    while (suffix < shorter - prefix &&
           oldText.at(oldText.size() - 1 - suffix) == newText.at(newText.size() - 1 - suffix))
        ++suffix;
    return {prefix, oldText.size() - prefix - suffix, prefix, newText.size() - prefix - suffix};
}
