#include "jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace infrahub::sandbox {

namespace {

// The general case: UTF-8, with the escapes RFC 8259 requires. Runs of bytes that need no escape are
// appended in one go.
void appendJsonStringEscaped(JsonBuffer &out, QStringView text) {
    static const char hex[] = "0123456789abcdef";
    out += '"';
    const QByteArray utf8 = text.toUtf8();
    const char *run = utf8.constData();
    const char *const end = run + utf8.size();
    for (const char *p = run; p != end; ++p) {
        const auto u = static_cast<unsigned char>(*p);
        if (u >= 0x20 && u != '"' && u != '\\')
            continue;
        out.append(QByteArrayView(run, p - run));
        run = p + 1;
        switch (u) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            out += "\\u00";
            out += hex[u >> 4];
            out += hex[u & 0xf];
        }
    }
    out.append(QByteArrayView(run, end - run));
    out += '"';
}

} // namespace

QByteArray JsonBuffer::take() {
    m_bytes.resize(m_size);
    QByteArray out = std::move(m_bytes);
    m_bytes = QByteArray();
    m_data = nullptr;
    m_size = m_capacity = 0;
    return out;
}

void JsonBuffer::grow(qsizetype extra) {
    const qsizetype capacity = qMax(m_size + extra, m_capacity * 2);
    m_bytes.resize(capacity);
    m_data = m_bytes.data();
    m_capacity = capacity;
}

void appendJsonString(JsonBuffer &out, QStringView text) {
    // Fast path for the common case, printable ASCII without quotes or backslashes: room for all of it
    // at once and a plain copy. Appending byte by byte through QByteArray::operator+= cost about 70
    // instructions per character and was the largest single cost of a page of devices.
    const qsizetype start = out.size();
    char *d = out.extend(text.size() + 2);
    *d++ = '"';
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u >= 0x80 || u == u'"' || u == u'\\') {
            out.truncate(start);
            appendJsonStringEscaped(out, text);
            return;
        }
        *d++ = char(u);
    }
    *d = '"';
}

void appendJsonString(QByteArray &out, QStringView text) {
    JsonBuffer buffer(text.size() + 8);
    appendJsonString(buffer, text);
    out += buffer.view();
}

QByteArray jsonText(const QJsonValue &value) {
    JsonBuffer out;
    appendJsonValue(out, value);
    return out.take();
}

void appendJsonValue(QByteArray &out, const QJsonValue &value) {
    JsonBuffer buffer(64);
    appendJsonValue(buffer, value);
    out += buffer.view();
}

void appendJsonValue(JsonBuffer &out, const QJsonValue &value) {
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += kJsonNull;
        return;
    case QJsonValue::Bool:
        out += value.toBool() ? QByteArrayView("true") : QByteArrayView("false");
        return;
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (!std::isfinite(d))
            out += kJsonNull;
        else if (d == std::floor(d) && std::fabs(d) < 9.007199254740992e15)
            out += QByteArray::number(qint64(d));
        else
            out += QByteArray::number(d, 'g', 17);
        return;
    }
    case QJsonValue::String:
        appendJsonString(out, value.toString());
        return;
    case QJsonValue::Array:
        out += QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
        return;
    case QJsonValue::Object:
        out += QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
        return;
    }
    out += kJsonNull;
}

} // namespace infrahub::sandbox
