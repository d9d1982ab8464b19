// GraphQL responses must keep fields in selection order, and QJsonObject sorts its keys; so resolvers
// write JSON text directly, in order. This is also much cheaper than building QJsonObject trees for
// pages of thousands of values.
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QStringView>

namespace infrahub::sandbox {

// JSON text of a value (containers via QJsonDocument, which is fine for the small ones resolvers pass).
QByteArray jsonText(const QJsonValue &value);
void appendJsonValue(QByteArray &out, const QJsonValue &value);
// A JSON string literal with the escapes RFC 8259 requires.
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
    explicit JsonObjectStream(QByteArray &out)
        : m_out(out) {
        m_out += '{';
    }
    // Starts a member; the caller then writes exactly one value into the returned buffer.
    QByteArray &key(QStringView name) {
        if (!m_first)
            m_out += ',';
        m_first = false;
        appendJsonString(m_out, name);
        m_out += ':';
        return m_out;
    }
    QByteArray &key(EncodedKey name) {
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
    QByteArray &m_out;
    bool m_first = true;
};

class JsonArrayStream {
public:
    explicit JsonArrayStream(QByteArray &out)
        : m_out(out) {
        m_out += '[';
    }
    // Starts an element; the caller then writes exactly one value into the returned buffer.
    QByteArray &next() {
        if (!m_first)
            m_out += ',';
        m_first = false;
        return m_out;
    }
    void close() { m_out += ']'; }

private:
    QByteArray &m_out;
    bool m_first = true;
};

} // namespace infrahub::sandbox
