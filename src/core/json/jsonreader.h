// A forward-only reader over one JSON text (RFC 8259, UTF-8) that hands out values as the caller asks for
// them, without first building a QJsonDocument tree. Reading a page of nodes through QJsonDocument costs
// as much again as turning it into Nodes (every object becomes a sorted container, every lookup a binary
// search over UTF-16 keys); reading the bytes in place and only materialising what the caller keeps is what
// makes listing 10,000 devices cheap. It is strict where Qt's parser is strict (UTF-8 validity, nesting
// depth, number grammar), so a text it accepts reads the same through QJsonDocument; callers that need
// Qt's exact error message fall back to QJsonDocument when it reports an error.
//
//   JsonReader r(body);
//   if (r.beginObject())
//       for (QByteArrayView key; r.nextKey(&key);)
//           key == "id" ? id = r.readString() : r.skipValue();
//   if (!r.finish()) ... r.errorMessage()
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QString>

#include <bitset>

namespace infrahub {

class JsonReader {
public:
    enum class Type { Invalid, Object, Array, String, Number, Bool, Null };

    // `json` must outlive the reader. `offset` starts at a value inside it (a position() seen earlier).
    explicit JsonReader(QByteArrayView json, qsizetype offset = 0);

    // The type of the next value, after whitespace; Invalid at the end, on bad input or after an error.
    Type peek();
    // Byte offset of the next token; JsonReader(json, position()) reads the value that starts there.
    qsizetype position() const { return m_pos; }

    // Objects: beginObject(), then nextKey() until it returns false (the closing brace, consumed). After
    // each key exactly one value must be read or skipped. The key is unescaped UTF-8 and stays valid
    // until the next call on the reader.
    bool beginObject();
    bool nextKey(QByteArrayView *key);
    // Arrays: beginArray(), then nextElement() before each value until it returns false.
    bool beginArray();
    bool nextElement();

    // The next value, consumed. readString() of a value that is no string consumes it and returns a null
    // QString, like QJsonValue::toString(); the other readers behave the same way.
    QString readString();
    // Any value, as QJsonDocument would give it (objects and arrays built in full).
    QJsonValue readValue();
    // Consumes the next value, checking it as thoroughly as reading it would.
    bool skipValue();
    // Only whitespace is left: the whole text was one valid value.
    bool finish();

    bool hasError() const { return !m_error.isEmpty(); }
    QString errorMessage() const { return m_error; }
    qsizetype errorOffset() const { return m_errorOffset; }

private:
    bool fail(const char *message);
    // Compact JSON (what servers send) has no whitespace between tokens: one inline check.
    void skipWhitespace() {
        if (m_pos < m_size && isJsonSpace(m_data[m_pos]))
            skipWhitespaceRun();
    }
    static bool isJsonSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
    void skipWhitespaceRun();
    bool expect(char c);
    bool enter();
    // Scans a string starting at the opening quote. Without escapes *raw is the UTF-8 between the quotes;
    // with escapes *hasEscapes is set and the caller decodes.
    bool scanString(QByteArrayView *raw, bool *hasEscapes);
    // Decodes a string scanString() accepted (so every escape in it is complete and valid).
    static void decodeEscaped(QByteArrayView raw, QString *out);
    QString stringFrom(QByteArrayView raw, bool hasEscapes);
    bool scanNumber(QByteArrayView *text, bool *isInteger);
    QJsonValue numberValue(QByteArrayView text, bool isInteger);
    bool scanLiteral(const char *word, qsizetype length);

    const char *m_data;
    qsizetype m_size;
    qsizetype m_pos;
    bool m_stringIsAscii = true; // the last string scanString() accepted has no byte above 0x7f
    // One flag per open object or array: whether its next member is the first (no comma before it). Fixed
    // storage for the nesting limit, so that a reader never allocates: the page reader makes a short-lived
    // one for every related node and value it has not seen before.
    class NestingFlags {
    public:
        static constexpr std::size_t kLimit = 1024;
        std::size_t size() const { return m_depth; }
        bool empty() const { return m_depth == 0; }
        void push_back(bool first) { m_bits[m_depth++] = first; }
        void pop_back() { --m_depth; }
        std::bitset<kLimit>::reference back() { return m_bits[m_depth - 1]; }

    private:
        std::bitset<kLimit> m_bits;
        std::size_t m_depth = 0;
    };
    NestingFlags m_first;
    QByteArray m_keyBuffer; // escaped keys, decoded
    QString m_error;
    qsizetype m_errorOffset = -1;
};

} // namespace infrahub
