#include "jsonreader.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtEndian>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

namespace infrahub {

namespace {

// QJsonDocument refuses deeper nesting; so do we, which also bounds the recursion below.
constexpr std::size_t kNestingLimit = 1024;

bool isContinuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

} // namespace

JsonReader::JsonReader(QByteArrayView json, qsizetype offset)
    : m_data(json.data())
    , m_size(json.size())
    , m_pos(offset) {}

bool JsonReader::fail(const char *message) {
    if (m_error.isEmpty()) {
        m_error = QString::fromLatin1(message);
        m_errorOffset = m_pos;
    }
    return false;
}

void JsonReader::skipWhitespaceRun() {
    while (m_pos < m_size && isJsonSpace(m_data[m_pos]))
        ++m_pos;
}

bool JsonReader::expect(char c) {
    skipWhitespace();
    if (m_pos < m_size && m_data[m_pos] == c) {
        ++m_pos;
        return true;
    }
    switch (c) {
    case '{':
        return fail("expected an object");
    case '[':
        return fail("expected an array");
    case ':':
        return fail("expected ':' after a key");
    default:
        return fail("unexpected character");
    }
}

JsonReader::Type JsonReader::peek() {
    if (hasError())
        return Type::Invalid;
    skipWhitespace();
    if (m_pos >= m_size)
        return Type::Invalid;
    switch (m_data[m_pos]) {
    case '{':
        return Type::Object;
    case '[':
        return Type::Array;
    case '"':
        return Type::String;
    case 't':
    case 'f':
        return Type::Bool;
    case 'n':
        return Type::Null;
    default:
        return m_data[m_pos] == '-' || isDigit(m_data[m_pos]) ? Type::Number : Type::Invalid;
    }
}

bool JsonReader::enter() {
    static_assert(kNestingLimit <= NestingFlags::kLimit);
    if (m_first.size() >= kNestingLimit)
        return fail("too deeply nested");
    m_first.push_back(true);
    return true;
}

bool JsonReader::beginObject() {
    return !hasError() && expect('{') && enter();
}

bool JsonReader::beginArray() {
    return !hasError() && expect('[') && enter();
}

bool JsonReader::nextKey(QByteArrayView *key) {
    if (hasError() || m_first.empty())
        return false;
    skipWhitespace();
    if (m_pos >= m_size)
        return fail("unterminated object");
    if (m_data[m_pos] == '}') {
        ++m_pos;
        m_first.pop_back();
        return false;
    }
    if (!m_first.back()) {
        if (m_data[m_pos] != ',')
            return fail("expected ',' or '}' in an object");
        ++m_pos;
        skipWhitespace();
    }
    m_first.back() = false;
    if (m_pos >= m_size || m_data[m_pos] != '"')
        return fail("expected a key");
    QByteArrayView raw;
    bool escaped = false;
    if (!scanString(&raw, &escaped))
        return false;
    if (escaped) {
        QString decoded;
        decodeEscaped(raw, &decoded);
        m_keyBuffer = decoded.toUtf8();
        *key = m_keyBuffer;
    } else {
        *key = raw;
    }
    return expect(':');
}

bool JsonReader::nextElement() {
    if (hasError() || m_first.empty())
        return false;
    skipWhitespace();
    if (m_pos >= m_size)
        return fail("unterminated array");
    if (m_data[m_pos] == ']') {
        ++m_pos;
        m_first.pop_back();
        return false;
    }
    if (!m_first.back()) {
        if (m_data[m_pos] != ',')
            return fail("expected ',' or ']' in an array");
        ++m_pos;
    }
    m_first.back() = false;
    return true;
}

namespace {

// The bytes of `word` (8 bytes of a string, first byte lowest) that need a closer look: a quote, a
// backslash, a control character or part of a multi-byte UTF-8 sequence, each flagged by its high bit
// ("haszero" bit tricks). Bytes above a flagged one may be flagged falsely (borrows), but the lowest
// flagged byte is always a real one, and that is the only one used.
quint64 careMask(quint64 word) {
    constexpr quint64 ones = 0x0101010101010101ULL;
    constexpr quint64 highs = 0x8080808080808080ULL;
    auto zeroBytes = [](quint64 v) {
        return (v - ones) & ~v & highs;
    };
    return (word & highs)                           // >= 0x80
           | ((word - 0x20 * ones) & ~word & highs) // < 0x20
           | zeroBytes(word ^ (quint64('"') * ones)) | zeroBytes(word ^ (quint64('\\') * ones));
}

} // namespace

bool JsonReader::scanString(QByteArrayView *raw, bool *hasEscapes) {
    ++m_pos; // the opening quote
    const qsizetype start = m_pos;
    *hasEscapes = false;
    m_stringIsAscii = true;
    while (m_pos < m_size) {
        // Plain printable ASCII, the bulk of every answer, eight bytes at a time (a sixth of a page's
        // reading time went to this loop byte by byte).
        while (m_size - m_pos >= 8) {
            quint64 word;
            std::memcpy(&word, m_data + m_pos, sizeof word);
            if (const quint64 care = careMask(qFromLittleEndian(word))) {
                m_pos += std::countr_zero(care) / 8;
                break;
            }
            m_pos += 8;
        }
        // The last few bytes of the text one by one.
        while (m_pos < m_size) {
            const auto b = static_cast<unsigned char>(m_data[m_pos]);
            if (b < 0x20 || b >= 0x80 || b == '"' || b == '\\')
                break;
            ++m_pos;
        }
        if (m_pos >= m_size)
            break;
        const auto c = static_cast<unsigned char>(m_data[m_pos]);
        if (c == '"') {
            *raw = QByteArrayView(m_data + start, m_pos - start);
            ++m_pos;
            return true;
        }
        if (c == '\\') {
            *hasEscapes = true;
            if (m_pos + 1 >= m_size)
                break;
            const char e = m_data[m_pos + 1];
            if (e == 'u') {
                if (m_pos + 6 > m_size)
                    break;
                for (int i = 2; i < 6; ++i)
                    if (hexValue(m_data[m_pos + i]) < 0)
                        return fail("invalid \\u escape in a string");
                m_pos += 6;
                continue;
            }
            if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't')
                return fail("invalid escape in a string");
            m_pos += 2;
            continue;
        }
        if (c < 0x20)
            return fail("control character in a string");
        if (c < 0x80) {
            ++m_pos;
            continue;
        }
        // Well-formed UTF-8 only (no overlong forms, no surrogates, nothing above U+10FFFF).
        m_stringIsAscii = false;
        int length = 0;
        unsigned char low = 0x80, high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0)
                low = 0xA0;
            else if (c == 0xED)
                high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0)
                low = 0x90;
            else if (c == 0xF4)
                high = 0x8F;
        } else {
            return fail("invalid UTF-8 in a string");
        }
        if (m_pos + length > m_size)
            break;
        const auto second = static_cast<unsigned char>(m_data[m_pos + 1]);
        if (second < low || second > high)
            return fail("invalid UTF-8 in a string");
        for (int i = 2; i < length; ++i)
            if (!isContinuation(static_cast<unsigned char>(m_data[m_pos + i])))
                return fail("invalid UTF-8 in a string");
        m_pos += length;
    }
    return fail("unterminated string");
}

void JsonReader::decodeEscaped(QByteArrayView raw, QString *out) {
    out->reserve(raw.size());
    qsizetype runStart = 0;
    qsizetype i = 0;
    while (i < raw.size()) {
        if (raw[i] != '\\') {
            ++i;
            continue;
        }
        if (i > runStart)
            out->append(QString::fromUtf8(raw.sliced(runStart, i - runStart)));
        const char e = raw[i + 1]; // scanString checked every escape is complete
        switch (e) {
        case 'b':
            out->append(QChar(u'\b'));
            break;
        case 'f':
            out->append(QChar(u'\f'));
            break;
        case 'n':
            out->append(QChar(u'\n'));
            break;
        case 'r':
            out->append(QChar(u'\r'));
            break;
        case 't':
            out->append(QChar(u'\t'));
            break;
        case 'u': {
            char16_t unit = 0;
            for (int k = 2; k < 6; ++k)
                unit = char16_t(unit * 16 + hexValue(raw[i + k]));
            // Each escape is one UTF-16 unit, surrogates included, as QJsonDocument reads them.
            out->append(QChar(unit));
            i += 4;
            break;
        }
        default: // '"', '\\', '/'
            out->append(QChar(QLatin1Char(e)));
            break;
        }
        i += 2;
        runStart = i;
    }
    if (i > runStart)
        out->append(QString::fromUtf8(raw.sliced(runStart, i - runStart)));
}

QString JsonReader::stringFrom(QByteArrayView raw, bool hasEscapes) {
    if (!hasEscapes)
        return m_stringIsAscii ? QString::fromLatin1(raw) : QString::fromUtf8(raw);
    QString out;
    decodeEscaped(raw, &out);
    return out;
}

bool JsonReader::scanNumber(QByteArrayView *text, bool *isInteger) {
    const qsizetype start = m_pos;
    *isInteger = true;
    if (m_pos < m_size && m_data[m_pos] == '-')
        ++m_pos;
    if (m_pos >= m_size || !isDigit(m_data[m_pos]))
        return fail("invalid number");
    if (m_data[m_pos] == '0') {
        ++m_pos;
    } else {
        while (m_pos < m_size && isDigit(m_data[m_pos]))
            ++m_pos;
    }
    if (m_pos < m_size && m_data[m_pos] == '.') {
        *isInteger = false;
        ++m_pos;
        if (m_pos >= m_size || !isDigit(m_data[m_pos]))
            return fail("invalid number");
        while (m_pos < m_size && isDigit(m_data[m_pos]))
            ++m_pos;
    }
    if (m_pos < m_size && (m_data[m_pos] == 'e' || m_data[m_pos] == 'E')) {
        *isInteger = false;
        ++m_pos;
        if (m_pos < m_size && (m_data[m_pos] == '+' || m_data[m_pos] == '-'))
            ++m_pos;
        if (m_pos >= m_size || !isDigit(m_data[m_pos]))
            return fail("invalid number");
        while (m_pos < m_size && isDigit(m_data[m_pos]))
            ++m_pos;
    }
    *text = QByteArrayView(m_data + start, m_pos - start);
    return true;
}

QJsonValue JsonReader::numberValue(QByteArrayView text, bool isInteger) {
    const char *begin = text.data();
    const char *end = begin + text.size();
    if (isInteger) {
        qint64 n = 0;
        const auto [ptr, ec] = std::from_chars(begin, end, n);
        if (ec == std::errc() && ptr == end)
            return QJsonValue(n);
        // Too large for 64 bits: a double, as QJsonDocument makes it.
    }
    double d = 0;
    const auto [ptr, ec] = std::from_chars(begin, end, d);
    if (ec != std::errc() || ptr != end || !std::isfinite(d)) {
        fail("number out of range");
        return QJsonValue(QJsonValue::Undefined);
    }
    // QJsonDocument keeps a double that is a whole number within 64 bits as an integer ("1.0", "2e3"); so
    // do we, or the same text would print differently once read.
    if (d == std::trunc(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0)
        return QJsonValue(qint64(d));
    return QJsonValue(d);
}

bool JsonReader::scanLiteral(const char *word, qsizetype length) {
    if (m_pos + length > m_size || QByteArrayView(m_data + m_pos, length) != QByteArrayView(word, length))
        return fail("invalid literal");
    m_pos += length;
    return true;
}

QString JsonReader::readString() {
    if (peek() != Type::String) {
        skipValue();
        return QString();
    }
    QByteArrayView raw;
    bool escaped = false;
    if (!scanString(&raw, &escaped))
        return QString();
    return stringFrom(raw, escaped);
}

QJsonValue JsonReader::readValue() {
    switch (peek()) {
    case Type::Object: {
        QJsonObject object;
        beginObject();
        for (QByteArrayView key; nextKey(&key);) {
            const QString name = QString::fromUtf8(key); // before the value overwrites the key buffer
            const QJsonValue value = readValue();
            if (hasError())
                break;
            object.insert(name, value); // a repeated key: the last one wins, as in QJsonDocument
        }
        return hasError() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(object);
    }
    case Type::Array: {
        QJsonArray array;
        beginArray();
        while (nextElement()) {
            const QJsonValue value = readValue();
            if (hasError())
                break;
            array.append(value);
        }
        return hasError() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(array);
    }
    case Type::String: {
        QByteArrayView raw;
        bool escaped = false;
        if (!scanString(&raw, &escaped))
            return QJsonValue(QString()); // what readString() gives on bad input
        // Plain ASCII is read as Latin-1 (the same bytes), which spares the UTF-8 decoder; QJsonValue
        // keeps ASCII text as bytes anyway.
        if (!escaped && m_stringIsAscii)
            return QJsonValue(QLatin1StringView(raw));
        return QJsonValue(stringFrom(raw, escaped));
    }
    case Type::Number: {
        QByteArrayView text;
        bool isInteger = false;
        if (!scanNumber(&text, &isInteger))
            return QJsonValue(QJsonValue::Undefined);
        return numberValue(text, isInteger);
    }
    case Type::Bool:
        if (m_data[m_pos] == 't')
            return scanLiteral("true", 4) ? QJsonValue(true) : QJsonValue(QJsonValue::Undefined);
        return scanLiteral("false", 5) ? QJsonValue(false) : QJsonValue(QJsonValue::Undefined);
    case Type::Null:
        return scanLiteral("null", 4) ? QJsonValue(QJsonValue::Null) : QJsonValue(QJsonValue::Undefined);
    case Type::Invalid:
        break;
    }
    fail(m_pos >= m_size ? "unexpected end of the text" : "expected a value");
    return QJsonValue(QJsonValue::Undefined);
}

bool JsonReader::skipValue() {
    switch (peek()) {
    case Type::Object:
        beginObject();
        for (QByteArrayView key; nextKey(&key);)
            if (!skipValue())
                return false;
        return !hasError();
    case Type::Array:
        beginArray();
        while (nextElement())
            if (!skipValue())
                return false;
        return !hasError();
    case Type::String: {
        QByteArrayView raw;
        bool escaped = false;
        return scanString(&raw, &escaped);
    }
    case Type::Number: {
        QByteArrayView text;
        bool isInteger = false;
        if (!scanNumber(&text, &isInteger))
            return false;
        if (!isInteger || text.size() > 18) // the range check reading does (18 digits always fit)
            numberValue(text, isInteger);
        return !hasError();
    }
    case Type::Bool:
        return m_data[m_pos] == 't' ? scanLiteral("true", 4) : scanLiteral("false", 5);
    case Type::Null:
        return scanLiteral("null", 4);
    case Type::Invalid:
        break;
    }
    return fail(m_pos >= m_size ? "unexpected end of the text" : "expected a value");
}

bool JsonReader::finish() {
    if (hasError())
        return false;
    if (!m_first.empty())
        return fail("unterminated object or array");
    skipWhitespace();
    if (m_pos != m_size)
        return fail("unexpected data after the value");
    return true;
}

} // namespace infrahub
