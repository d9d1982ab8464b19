// GraphQL tokenizer: one forward pass over UTF-16 code units. The structure follows graphql-js 16's
// lexer closely on purpose: which character an error is reported at, and its wording, are part of
// the protocol clients see, and staying close to the reference keeps those details identical.
#include "graphqllexer.h"

#include <QVarLengthArray>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace infrahub::sandbox::gql::detail {

namespace {

constexpr bool isDigit(int c) {
    return c >= '0' && c <= '9';
}
constexpr bool isLetter(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool isNameStart(int c) {
    return isLetter(c) || c == '_';
}
constexpr bool isNameContinue(int c) {
    return isLetter(c) || isDigit(c) || c == '_';
}
constexpr bool isLeadingSurrogate(int c) {
    return c >= 0xD800 && c <= 0xDBFF;
}
constexpr bool isTrailingSurrogate(int c) {
    return c >= 0xDC00 && c <= 0xDFFF;
}
// Any code point except surrogates; applied to a single code unit, "not a surrogate half".
constexpr bool isUnicodeScalarValue(std::int64_t c) {
    return (c >= 0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0x10FFFF);
}

constexpr int hexDigit(int c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

void appendCodePoint(QString &out, char32_t cp) {
    if (cp > 0xFFFF) {
        out.append(QChar(QChar::highSurrogate(cp)));
        out.append(QChar(QChar::lowSurrogate(cp)));
    } else {
        out.append(QChar(char16_t(cp)));
    }
}

} // namespace

void throwSyntaxError(qsizetype position, const QString &description) {
    throw SyntaxError{position, QStringLiteral("Syntax Error: ") + description};
}

LineColumn lineColumnAt(QStringView source, qsizetype position) {
    LineColumn lc;
    qsizetype lineStart = 0;
    const qsizetype end = std::min(position, source.size());
    for (qsizetype i = 0; i < end; ++i) {
        const char16_t c = source[i].unicode();
        if (c == u'\n' || c == u'\r') {
            // "\r\n" is a single terminator; the line starts after the '\n'.
            if (c == u'\r' && i + 1 < end && source[i + 1] == u'\n')
                ++i;
            ++lc.line;
            lineStart = i + 1;
        }
    }
    lc.column = int(position - lineStart) + 1;
    return lc;
}

Lexer::Lexer(QStringView source)
    : m_source(source)
    , m_data(source.utf16())
    , m_length(source.size()) {}

void Lexer::advance() {
    if (m_hasLookahead) {
        m_token = std::move(m_lookahead);
        m_hasLookahead = false;
        return;
    }
    readToken(m_token);
}

const Token &Lexer::lookahead() {
    if (!m_hasLookahead && m_token.kind != TokenKind::EndOfFile) {
        readToken(m_lookahead);
        m_hasLookahead = true;
    }
    // Past the end, the "next" token is the EOF token itself (as in graphql-js).
    return m_hasLookahead ? m_lookahead : m_token;
}

QStringView Lexer::value(const Token &t) const {
    switch (t.kind) {
    case TokenKind::Name:
    case TokenKind::Int:
    case TokenKind::Float:
        return text(t);
    case TokenKind::String:
    case TokenKind::BlockString:
        // An empty string still has a (non-null) value, which matters for describe().
        return t.value.isNull() ? QStringView(u"") : QStringView(t.value);
    default:
        return {};
    }
}

QString Lexer::describeKind(TokenKind kind) {
    switch (kind) {
    case TokenKind::StartOfFile:
        return QStringLiteral("<SOF>");
    case TokenKind::EndOfFile:
        return QStringLiteral("<EOF>");
    case TokenKind::Bang:
        return QStringLiteral("\"!\"");
    case TokenKind::Dollar:
        return QStringLiteral("\"$\"");
    case TokenKind::Amp:
        return QStringLiteral("\"&\"");
    case TokenKind::ParenL:
        return QStringLiteral("\"(\"");
    case TokenKind::ParenR:
        return QStringLiteral("\")\"");
    case TokenKind::Spread:
        return QStringLiteral("\"...\"");
    case TokenKind::Colon:
        return QStringLiteral("\":\"");
    case TokenKind::Equals:
        return QStringLiteral("\"=\"");
    case TokenKind::At:
        return QStringLiteral("\"@\"");
    case TokenKind::BracketL:
        return QStringLiteral("\"[\"");
    case TokenKind::BracketR:
        return QStringLiteral("\"]\"");
    case TokenKind::BraceL:
        return QStringLiteral("\"{\"");
    case TokenKind::Pipe:
        return QStringLiteral("\"|\"");
    case TokenKind::BraceR:
        return QStringLiteral("\"}\"");
    case TokenKind::Name:
        return QStringLiteral("Name");
    case TokenKind::Int:
        return QStringLiteral("Int");
    case TokenKind::Float:
        return QStringLiteral("Float");
    case TokenKind::String:
        return QStringLiteral("String");
    case TokenKind::BlockString:
        return QStringLiteral("BlockString");
    }
    return QString();
}

QString Lexer::describe(const Token &t) const {
    const QStringView v = value(t);
    if (v.isNull())
        return describeKind(t.kind);
    return describeKind(t.kind) + QStringLiteral(" \"") + v + QLatin1Char('"');
}

void Lexer::throwAt(qsizetype position, const QString &description) const {
    throwSyntaxError(position, description);
}

// graphql-js printCodePointAt(): `"x"` for printable ASCII (`'"'` for the quote itself), `U+XXXX`
// for everything else (a whole code point for a valid surrogate pair), `<EOF>` past the end.
QString Lexer::printCodePointAt(qsizetype position) const {
    if (position >= m_length)
        return QStringLiteral("<EOF>");
    char32_t code = m_data[position];
    if (isLeadingSurrogate(int(code)) && isTrailingSurrogate(at(position + 1)))
        code = QChar::surrogateToUcs4(char16_t(code), m_data[position + 1]);
    if (code >= 0x20 && code <= 0x7E) {
        if (code == '"')
            return QStringLiteral("'\"'");
        return QLatin1Char('"') + QChar(char16_t(code)) + QLatin1Char('"');
    }
    return QStringLiteral("U+") + QString::number(uint(code), 16).toUpper().rightJustified(4, u'0');
}

void Lexer::readToken(Token &out) {
    const char16_t *data = m_data;
    const qsizetype length = m_length;
    qsizetype pos = m_position;

    out.value = QString();
    while (pos < length) {
        const char16_t c = data[pos];
        // Ignored tokens first: they are the most frequent characters in real queries.
        switch (c) {
        case 0xFEFF: // BOM: ignored anywhere, like graphql-js
        case u'\t':
        case u' ':
        case u',':
            ++pos;
            continue;
        case u'\n':
            ++pos;
            ++m_line;
            m_lineStart = pos;
            continue;
        case u'\r':
            pos += (at(pos + 1) == u'\n') ? 2 : 1;
            ++m_line;
            m_lineStart = pos;
            continue;
        case u'#':
            // Comments run to the end of the line. A lone surrogate ends the comment too, so that
            // it is reported as an invalid character by the next token read.
            ++pos;
            while (pos < length) {
                const int cc = data[pos];
                if (cc == u'\n' || cc == u'\r')
                    break;
                if (!isLeadingSurrogate(cc) && !isTrailingSurrogate(cc))
                    ++pos;
                else if (isLeadingSurrogate(cc) && isTrailingSurrogate(at(pos + 1)))
                    pos += 2;
                else
                    break;
            }
            continue;
        default:
            break;
        }

        out.start = pos;
        out.line = m_line;
        out.column = int(pos - m_lineStart) + 1;

        auto punctuator = [&](TokenKind kind, qsizetype size) {
            out.kind = kind;
            out.end = pos + size;
            m_position = out.end;
        };
        switch (c) {
        case u'!':
            return punctuator(TokenKind::Bang, 1);
        case u'$':
            return punctuator(TokenKind::Dollar, 1);
        case u'&':
            return punctuator(TokenKind::Amp, 1);
        case u'(':
            return punctuator(TokenKind::ParenL, 1);
        case u')':
            return punctuator(TokenKind::ParenR, 1);
        case u'.':
            if (at(pos + 1) == u'.' && at(pos + 2) == u'.')
                return punctuator(TokenKind::Spread, 3);
            break;
        case u':':
            return punctuator(TokenKind::Colon, 1);
        case u'=':
            return punctuator(TokenKind::Equals, 1);
        case u'@':
            return punctuator(TokenKind::At, 1);
        case u'[':
            return punctuator(TokenKind::BracketL, 1);
        case u']':
            return punctuator(TokenKind::BracketR, 1);
        case u'{':
            return punctuator(TokenKind::BraceL, 1);
        case u'|':
            return punctuator(TokenKind::Pipe, 1);
        case u'}':
            return punctuator(TokenKind::BraceR, 1);
        case u'"':
            if (at(pos + 1) == u'"' && at(pos + 2) == u'"')
                return readBlockString(out, pos);
            return readString(out, pos);
        default:
            break;
        }

        if (isNameStart(c)) {
            qsizetype end = pos + 1;
            while (end < length && isNameContinue(data[end]))
                ++end;
            out.kind = TokenKind::Name;
            out.end = end;
            m_position = end;
            return;
        }
        if (isDigit(c) || c == u'-')
            return readNumber(out, pos);

        if (c == u'\'')
            throwAt(pos,
                    QStringLiteral(
                        "Unexpected single quote character ('), did you mean to use a double quote (\")?"));
        const bool lone =
            (isLeadingSurrogate(c) && !isTrailingSurrogate(at(pos + 1))) || isTrailingSurrogate(c);
        throwAt(pos,
                (lone ? QStringLiteral("Invalid character: ") : QStringLiteral("Unexpected character: ")) +
                    printCodePointAt(pos) + QLatin1Char('.'));
    }

    out.kind = TokenKind::EndOfFile;
    out.start = out.end = length;
    out.line = m_line;
    out.column = int(length - m_lineStart) + 1;
    m_position = length;
}

// IntValue / FloatValue. Like graphql-js, a number may not be directly followed by '.' or a name
// start, so "1.2.3", "0x1F" and "123abc" are errors rather than two tokens.
void Lexer::readNumber(Token &out, qsizetype start) {
    qsizetype pos = start;
    bool isFloat = false;
    if (at(pos) == u'-')
        ++pos;
    if (at(pos) == u'0') {
        ++pos;
        if (isDigit(at(pos)))
            throwAt(pos, QStringLiteral("Invalid number, unexpected digit after 0: ") +
                             printCodePointAt(pos) + QLatin1Char('.'));
    } else {
        pos = readDigits(pos);
    }
    if (at(pos) == u'.') {
        isFloat = true;
        pos = readDigits(pos + 1);
    }
    if (at(pos) == u'e' || at(pos) == u'E') {
        isFloat = true;
        ++pos;
        if (at(pos) == u'+' || at(pos) == u'-')
            ++pos;
        pos = readDigits(pos);
    }
    if (at(pos) == u'.' || isNameStart(at(pos)))
        throwAt(pos, QStringLiteral("Invalid number, expected digit but got: ") + printCodePointAt(pos) +
                         QLatin1Char('.'));
    out.kind = isFloat ? TokenKind::Float : TokenKind::Int;
    out.end = pos;
    m_position = pos;
}

qsizetype Lexer::readDigits(qsizetype position) {
    if (!isDigit(at(position)))
        throwAt(position, QStringLiteral("Invalid number, expected digit but got: ") +
                              printCodePointAt(position) + QLatin1Char('.'));
    ++position;
    while (isDigit(at(position)))
        ++position;
    return position;
}

// Decodes the escape sequence starting with the backslash at `position`; returns its length in code
// units. Accepts graphql-js 16's set: \" \\ \/ \b \f \n \r \t, \uXXXX (including a JSON-style
// surrogate pair \uD83D\uDE00), and \u{X...} with up to 8 hex digits.
int Lexer::readEscape(qsizetype position, char32_t &codePoint) const {
    auto slice = [this, position](qsizetype size) {
        return m_source.sliced(position, std::min(size, m_length - position));
    };
    const int kind = at(position + 1);
    if (kind == u'u' && at(position + 2) == u'{') {
        // Variable width: at most "\u{" + 8 digits + "}". The value is accumulated like a JS int32,
        // so 8 digits with the top bit set turn negative and are rejected the same way.
        std::int32_t point = 0;
        qsizetype size = 3;
        while (size < 12) {
            const int c = at(position + size++);
            if (c == u'}') {
                if (size < 5 || !isUnicodeScalarValue(point))
                    break;
                codePoint = char32_t(point);
                return int(size);
            }
            const int digit = hexDigit(c);
            if (digit < 0)
                break;
            point = std::int32_t((std::uint32_t(point) << 4) | std::uint32_t(digit));
            if (point < 0)
                break;
        }
        throwAt(position,
                QStringLiteral("Invalid Unicode escape sequence: \"") + slice(size) + QStringLiteral("\"."));
    }
    if (kind == u'u') {
        auto read16 = [this](qsizetype p) -> int {
            const int a = hexDigit(at(p)), b = hexDigit(at(p + 1)), c = hexDigit(at(p + 2)),
                      d = hexDigit(at(p + 3));
            if (a < 0 || b < 0 || c < 0 || d < 0)
                return -1;
            return (a << 12) | (b << 8) | (c << 4) | d;
        };
        const int code = read16(position + 2);
        if (isUnicodeScalarValue(code)) {
            codePoint = char32_t(code);
            return 6;
        }
        // A surrogate escape is only valid as the leading half of an escaped pair.
        if (isLeadingSurrogate(code) && at(position + 6) == u'\\' && at(position + 7) == u'u') {
            const int trailing = read16(position + 8);
            if (isTrailingSurrogate(trailing)) {
                codePoint = QChar::surrogateToUcs4(char16_t(code), char16_t(trailing));
                return 12;
            }
        }
        throwAt(position,
                QStringLiteral("Invalid Unicode escape sequence: \"") + slice(6) + QStringLiteral("\"."));
    }
    switch (kind) {
    case u'"':
        codePoint = u'"';
        return 2;
    case u'\\':
        codePoint = u'\\';
        return 2;
    case u'/':
        codePoint = u'/';
        return 2;
    case u'b':
        codePoint = u'\b';
        return 2;
    case u'f':
        codePoint = u'\f';
        return 2;
    case u'n':
        codePoint = u'\n';
        return 2;
    case u'r':
        codePoint = u'\r';
        return 2;
    case u't':
        codePoint = u'\t';
        return 2;
    default:
        break;
    }
    throwAt(position,
            QStringLiteral("Invalid character escape sequence: \"") + slice(2) + QStringLiteral("\"."));
}

void Lexer::readString(Token &out, qsizetype start) {
    const char16_t *data = m_data;
    qsizetype pos = start + 1;
    qsizetype chunkStart = pos;
    QString value;
    bool escaped = false; // fast path: no escapes means the value is one slice of the source
    while (pos < m_length) {
        const char16_t c = data[pos];
        if (c == u'"') {
            if (escaped)
                value.append(m_source.sliced(chunkStart, pos - chunkStart));
            else
                value = m_source.sliced(chunkStart, pos - chunkStart).toString();
            out.kind = TokenKind::String;
            out.end = pos + 1;
            out.value = std::move(value);
            m_position = out.end;
            return;
        }
        if (c == u'\\') {
            if (!escaped) {
                escaped = true;
                // Most escaped strings stay close to their source length.
                value.reserve(64);
            }
            value.append(m_source.sliced(chunkStart, pos - chunkStart));
            char32_t cp = 0;
            pos += readEscape(pos, cp);
            appendCodePoint(value, cp);
            chunkStart = pos;
            continue;
        }
        if (c == u'\n' || c == u'\r')
            break;
        if (!isLeadingSurrogate(c) && !isTrailingSurrogate(c))
            ++pos;
        else if (isLeadingSurrogate(c) && isTrailingSurrogate(at(pos + 1)))
            pos += 2;
        else
            throwAt(pos, QStringLiteral("Invalid character within String: ") + printCodePointAt(pos) +
                             QLatin1Char('.'));
    }
    throwAt(pos, QStringLiteral("Unterminated string."));
}

// Block strings are raw (only \""" is an escape) and are dedented per the spec's BlockStringValue():
// the common indentation of all lines but the first is removed, then leading and trailing blank
// lines are dropped, and lines are joined with "\n" whatever terminator the source used.
void Lexer::readBlockString(Token &out, qsizetype start) {
    struct Line {
        qsizetype begin;
        qsizetype end;
        bool hasEscape; // contains \""" (never in the leading whitespace, so dedenting is unaffected)
    };
    QVarLengthArray<Line, 32> lines;

    const char16_t *data = m_data;
    qsizetype pos = start + 3;
    qsizetype lineBegin = pos;
    bool lineHasEscape = false;
    int line = m_line;
    qsizetype lineStart = m_lineStart;
    while (pos < m_length) {
        const char16_t c = data[pos];
        if (c == u'"' && at(pos + 1) == u'"' && at(pos + 2) == u'"') {
            lines.append({lineBegin, pos, lineHasEscape});
            out.kind = TokenKind::BlockString;
            out.end = pos + 3;
            m_position = out.end;
            m_line = line;
            m_lineStart = lineStart;
            break;
        }
        if (c == u'\\' && at(pos + 1) == u'"' && at(pos + 2) == u'"' && at(pos + 3) == u'"') {
            lineHasEscape = true;
            pos += 4;
            continue;
        }
        if (c == u'\n' || c == u'\r') {
            lines.append({lineBegin, pos, lineHasEscape});
            pos += (c == u'\r' && at(pos + 1) == u'\n') ? 2 : 1;
            lineBegin = pos;
            lineHasEscape = false;
            ++line;
            lineStart = pos;
            continue;
        }
        if (!isLeadingSurrogate(c) && !isTrailingSurrogate(c))
            ++pos;
        else if (isLeadingSurrogate(c) && isTrailingSurrogate(at(pos + 1)))
            pos += 2;
        else
            throwAt(pos, QStringLiteral("Invalid character within String: ") + printCodePointAt(pos) +
                             QLatin1Char('.'));
    }
    if (pos >= m_length)
        throwAt(pos, QStringLiteral("Unterminated string."));

    // Indentation: spaces and tabs only. A line of only whitespace counts as blank.
    auto indentOf = [data](const Line &l) {
        qsizetype i = l.begin;
        while (i < l.end && (data[i] == u' ' || data[i] == u'\t'))
            ++i;
        return i - l.begin;
    };
    qsizetype commonIndent = std::numeric_limits<qsizetype>::max();
    qsizetype firstNonBlank = -1;
    qsizetype lastNonBlank = -1;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const qsizetype indent = indentOf(lines[i]);
        if (indent == lines[i].end - lines[i].begin)
            continue;
        if (firstNonBlank < 0)
            firstNonBlank = i;
        lastNonBlank = i;
        if (i != 0 && indent < commonIndent)
            commonIndent = indent;
    }

    QString value;
    if (firstNonBlank >= 0) {
        for (qsizetype i = firstNonBlank; i <= lastNonBlank; ++i) {
            const Line &l = lines[i];
            if (i != firstNonBlank)
                value.append(QLatin1Char('\n'));
            const qsizetype begin = i == 0 ? l.begin : l.begin + std::min(commonIndent, l.end - l.begin);
            if (!l.hasEscape) {
                value.append(m_source.sliced(begin, l.end - begin));
                continue;
            }
            qsizetype chunk = begin;
            for (qsizetype p = begin; p < l.end;) {
                if (data[p] == u'\\' && p + 3 < l.end && at(p + 1) == u'"' && at(p + 2) == u'"' &&
                    at(p + 3) == u'"') {
                    value.append(m_source.sliced(chunk, p - chunk));
                    chunk = p + 1; // drop only the backslash
                    p += 4;
                } else {
                    ++p;
                }
            }
            value.append(m_source.sliced(chunk, l.end - chunk));
        }
    }
    if (value.isNull())
        value = QStringLiteral(""); // "" is a value, unlike the null value of punctuator tokens
    out.value = std::move(value);
}

} // namespace infrahub::sandbox::gql::detail
