#include "jsontextwriter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace infrahub::sandbox {

void JsonTextWriter::beginObject() {
    beforeValue();
    m_out += '{';
    m_empty.append(true);
}

void JsonTextWriter::endObject() {
    const bool empty = m_empty.last();
    m_empty.removeLast();
    if (!empty)
        newline(m_empty.size());
    m_out += '}';
}

void JsonTextWriter::beginArray() {
    beforeValue();
    m_out += '[';
    m_empty.append(true);
}

void JsonTextWriter::endArray() {
    const bool empty = m_empty.last();
    m_empty.removeLast();
    if (!empty)
        newline(m_empty.size());
    m_out += ']';
}

void JsonTextWriter::key(QStringView name) {
    if (!m_empty.last())
        m_out += ',';
    m_empty.last() = false;
    newline(m_empty.size());
    writeQuoted(name);
    m_out += m_indented ? ": " : ":";
    m_afterKey = true;
}

void JsonTextWriter::beforeValue() {
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_empty.isEmpty())
        return; // top-level value
    if (!m_empty.last())
        m_out += ',';
    m_empty.last() = false;
    newline(m_empty.size());
}

void JsonTextWriter::newline(qsizetype depth) {
    if (!m_indented)
        return;
    m_out += '\n';
    m_out.append(4 * depth, ' ');
}

void JsonTextWriter::string(QStringView text) {
    beforeValue();
    writeQuoted(text);
}

void JsonTextWriter::writeQuoted(QStringView text) {
    m_out += '"';
    // Fast path: plain ASCII without characters that need escaping (nearly every schema string).
    bool plain = true;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u >= 0x80 || u < 0x20 || u == u'"' || u == u'\\') {
            plain = false;
            break;
        }
    }
    if (plain) {
        const qsizetype start = m_out.size();
        m_out.resize(start + text.size());
        char *dst = m_out.data() + start;
        for (const QChar c : text)
            *dst++ = char(c.unicode());
        m_out += '"';
        return;
    }
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        switch (c) {
        case '"':
            m_out += "\\\"";
            break;
        case '\\':
            m_out += "\\\\";
            break;
        case '\n':
            m_out += "\\n";
            break;
        case '\r':
            m_out += "\\r";
            break;
        case '\t':
            m_out += "\\t";
            break;
        case '\b':
            m_out += "\\b";
            break;
        case '\f':
            m_out += "\\f";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                m_out += "\\u00";
                m_out += QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0');
            } else {
                m_out += c; // UTF-8 as is, like json.dumps(ensure_ascii=False)
            }
        }
    }
    m_out += '"';
}

void JsonTextWriter::number(double value) {
    beforeValue();
    // Schema numbers are Python ints; print integral values without a fraction like json.dumps does.
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9007199254740992.0)
        m_out += QByteArray::number(static_cast<qint64>(value));
    else if (std::isfinite(value))
        m_out += QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
    else
        m_out += "null";
}

void JsonTextWriter::boolean(bool value) {
    beforeValue();
    m_out += value ? "true" : "false";
}

void JsonTextWriter::null() {
    beforeValue();
    m_out += "null";
}

void JsonTextWriter::value(const QJsonValue &v) {
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        null();
        break;
    case QJsonValue::Bool:
        boolean(v.toBool());
        break;
    case QJsonValue::Double:
        number(v.toDouble());
        break;
    case QJsonValue::String:
        string(v.toString());
        break;
    case QJsonValue::Array:
        beginArray();
        for (const QJsonValue &item : v.toArray())
            value(item);
        endArray();
        break;
    case QJsonValue::Object: {
        beginObject();
        const QJsonObject object = v.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            key(it.key());
            value(it.value());
        }
        endObject();
        break;
    }
    }
}

void JsonTextWriter::raw(const QByteArray &json) {
    beforeValue();
    m_out += json;
}

} // namespace infrahub::sandbox
