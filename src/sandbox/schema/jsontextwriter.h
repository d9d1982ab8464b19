// A small streaming JSON writer that emits keys in the order it is given them. QJsonDocument can only write
// QJsonObjects, whose keys are sorted; the schema JSON must keep the server's field order, and writing text
// straight from the schema definitions is also several times faster than building QJsonObjects first.
// Output follows Python's json.dumps: compact without spaces, or indented by 4 with ": " separators.
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QStringView>
#include <QVarLengthArray>

namespace infrahub::sandbox {

class JsonTextWriter {
public:
    explicit JsonTextWriter(bool indented = false)
        : m_indented(indented) {}

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    // Starts a member of the current object; the next call writes its value.
    void key(QStringView name);

    void string(QStringView text);
    void number(double value);
    void boolean(bool value);
    void null();
    // Any QJsonValue; nested objects come out in QJsonObject's (alphabetical) key order.
    void value(const QJsonValue &value);
    // A value that is already serialised JSON (compact).
    void raw(const QByteArray &json);

    QByteArray take() { return std::move(m_out); }

private:
    void beforeValue();
    void writeQuoted(QStringView text);
    void newline(qsizetype depth);

    QByteArray m_out;
    QVarLengthArray<bool, 16> m_empty; // per open container: nothing written into it yet
    bool m_indented;
    bool m_afterKey = false;
};

} // namespace infrahub::sandbox
