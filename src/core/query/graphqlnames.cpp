#include "graphqlnames.h"

namespace infrahub {

namespace {

bool isAsciiLetter(char16_t c) {
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}
bool isAsciiDigit(char16_t c) {
    return c >= u'0' && c <= u'9';
}

} // namespace

bool isGraphQLName(QStringView name) {
    if (name.isEmpty())
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char16_t c = name.at(i).unicode();
        const bool ok = c == u'_' || isAsciiLetter(c) || (i > 0 && isAsciiDigit(c));
        if (!ok)
            return false;
    }
    return true;
}

bool isSafeInlineString(QStringView value) {
    if (value.isEmpty())
        return false;
    for (const QChar ch : value) {
        const char16_t c = ch.unicode();
        const bool ok = isAsciiLetter(c) || isAsciiDigit(c) || c == u'.' || c == u' ' || c == u'/' ||
                        c == u':' || c == u'_' || c == u'-';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace infrahub
