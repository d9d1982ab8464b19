// GraphQL responses must keep fields in selection order, and QJsonObject sorts its keys; so resolvers
// write JSON text directly, in order. This is also much cheaper than building QJsonObject trees for
// pages of thousands of values.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QStringView>

#include <cstring>

namespace infrahub::sandbox {

// The buffer a response is written into. QByteArray's own append(char) and append(view) are out-of-line
// calls of 50 to 100 instructions each (they check for sharing and aliasing every time), and a page of
// devices makes about 15,000 of them: a fifth of the server's time. Here the common case is an inline
// bounds check and a copy. The bytes live in a QByteArray that take() hands over without a copy.
class JsonBuffer {
public:
    explicit JsonBuffer(qsizetype capacity = 1024) { grow(capacity); }

    void append(char c) {
        if (m_size == m_capacity)
            grow(1);
        m_data[m_size++] = c;
    }
    void append(QByteArrayView bytes) {
        const qsizetype n = bytes.size();
        if (m_capacity - m_size < n)
            grow(n);
        if (n > 0)
            std::memcpy(m_data + m_size, bytes.data(), size_t(n));
        m_size += n;
    }
    JsonBuffer &operator+=(char c) {
        append(c);
        return *this;
    }
    JsonBuffer &operator+=(QByteArrayView bytes) {
        append(bytes);
        return *this;
    }
    // Room for `n` more bytes, written by the caller at the returned address (then truncate() any unused).
    char *extend(qsizetype n) {
        if (m_capacity - m_size < n)
            grow(n);
        char *at = m_data + m_size;
        m_size += n;
        return at;
    }
    void truncate(qsizetype size) { m_size = qBound<qsizetype>(0, size, m_size); }

    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    QByteArrayView view(qsizetype from = 0) const { return {m_data + from, m_size - from}; }
    QByteArray sliced(qsizetype from) const { return view(from).toByteArray(); }
    // The text written so far; the buffer is empty afterwards.
    QByteArray take();

private:
    void grow(qsizetype extra); // at least `extra` more bytes of room, doubling the capacity

    QByteArray m_bytes; // its size is the capacity; m_size bytes of it are written
    char *m_data = nullptr;
    qsizetype m_size = 0;
    qsizetype m_capacity = 0;
};

// JSON text of a value (containers via QJsonDocument, which is fine for the small ones resolvers pass).
QByteArray jsonText(const QJsonValue &value);
void appendJsonValue(JsonBuffer &out, const QJsonValue &value);
void appendJsonValue(QByteArray &out, const QJsonValue &value);
// A JSON string literal with the escapes RFC 8259 requires.
void appendJsonString(JsonBuffer &out, QStringView text);
void appendJsonString(QByteArray &out, QStringView text);

// `text` plus its closing bracket, or `empty` for an empty container. Not `text + bracket`: with
// QT_USE_QSTRINGBUILDER that copies byte by byte, and pages copy every nested level once.
inline QByteArray jsonClosed(const QByteArray &text, const QByteArray &empty, char bracket) {
    if (text.isEmpty())
        return empty;
    QByteArray out;
    out.reserve(text.size() + 1);
    out.append(text);
    out.append(bracket);
    return out;
}

class JsonObjectWriter {
public:
    void insert(QStringView key, const QJsonValue &value) { insertRaw(key, jsonText(value)); }
    // A QByteArray is always JSON text produced by another resolver.
    void insert(QStringView key, const QByteArray &json) { insertRaw(key, json); }
    // A string value, without the detour through QJsonValue (which allocates twice per string).
    void insertString(QStringView key, QStringView text) {
        m_text += m_text.isEmpty() ? '{' : ',';
        appendJsonString(m_text, key);
        m_text += ':';
        appendJsonString(m_text, text);
    }
    void insertRaw(QStringView key, const QByteArray &json) {
        m_text += m_text.isEmpty() ? '{' : ',';
        appendJsonString(m_text, key);
        m_text += ':';
        m_text += json;
    }
    QByteArray finish() const { return jsonClosed(m_text, QByteArrayLiteral("{}"), '}'); }

private:
    QByteArray m_text;
};

class JsonArrayWriter {
public:
    void appendRaw(const QByteArray &json) {
        m_text += m_text.isEmpty() ? '[' : ',';
        m_text += json;
    }
    QByteArray finish() const { return jsonClosed(m_text, QByteArrayLiteral("[]"), ']'); }

private:
    QByteArray m_text;
};

inline const QByteArray kJsonNull = QByteArrayLiteral("null");

// A member name already written as JSON text with its colon (`"name":`): response keys are encoded once
// per query field rather than once per node.
struct EncodedKey {
    QByteArrayView text;
};

// The streaming variants write into one buffer shared by a whole response: members are appended in
// order and nested values are written in place by the callers, so nothing is built per level and copied
// upwards (which cost a third of a page's time with the writers above).
class JsonObjectStream {
public:
    explicit JsonObjectStream(JsonBuffer &out)
        : m_out(out) {
        m_out += '{';
    }
    // Starts a member; the caller then writes exactly one value into the returned buffer.
    JsonBuffer &key(QStringView name) {
        if (!m_first)
            m_out += ',';
        m_first = false;
        appendJsonString(m_out, name);
        m_out += ':';
        return m_out;
    }
    JsonBuffer &key(EncodedKey name) {
        if (!m_first)
            m_out += ',';
        m_first = false;
        m_out.append(name.text);
        return m_out;
    }
    void insert(QStringView name, const QJsonValue &value) { appendJsonValue(key(name), value); }
    void insertString(QStringView name, QStringView text) { appendJsonString(key(name), text); }
    void insertRaw(QStringView name, QByteArrayView json) { key(name).append(json); }
    void insert(EncodedKey name, const QJsonValue &value) { appendJsonValue(key(name), value); }
    void insertString(EncodedKey name, QStringView text) { appendJsonString(key(name), text); }
    void insertRaw(EncodedKey name, QByteArrayView json) { key(name).append(json); }
    void close() { m_out += '}'; }

private:
    JsonBuffer &m_out;
    bool m_first = true;
};

class JsonArrayStream {
public:
    explicit JsonArrayStream(JsonBuffer &out)
        : m_out(out) {
        m_out += '[';
    }
    // Starts an element; the caller then writes exactly one value into the returned buffer.
    JsonBuffer &next() {
        if (!m_first)
            m_out += ',';
        m_first = false;
        return m_out;
    }
    void close() { m_out += ']'; }

private:
    JsonBuffer &m_out;
    bool m_first = true;
};

} // namespace infrahub::sandbox
