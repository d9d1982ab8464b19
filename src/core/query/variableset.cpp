#include "variableset.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace infrahub {

namespace {

// A canonical text of any JSON value (QJsonDocument only serializes arrays and objects).
QByteArray canonical(const QJsonValue &value) {
    return QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
}

} // namespace

QString VariableSet::bind(const QJsonValue &value, const QString &type) {
    const QByteArray key = type.toUtf8() + '\n' + canonical(value);
    const QString keyText = QString::fromUtf8(key);
    if (const auto it = m_nameByKey.constFind(keyText); it != m_nameByKey.cend())
        return QLatin1Char('$') + *it;

    // 12 hex digits of a hash: short, stable across runs; a (very unlikely) clash gets a suffix.
    const QByteArray hash = QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(12);
    QString name = QStringLiteral("value_") + QString::fromLatin1(hash);
    for (int n = 2; m_values.contains(name); ++n)
        name = QStringLiteral("value_%1_%2").arg(QString::fromLatin1(hash)).arg(n);

    m_nameByKey.insert(keyText, name);
    m_definitions.append({name, type});
    m_values.insert(name, value);
    return QLatin1Char('$') + name;
}

QString VariableSet::definitions() const {
    if (m_definitions.isEmpty())
        return {};
    QString out = QStringLiteral("(");
    for (qsizetype i = 0; i < m_definitions.size(); ++i) {
        if (i > 0)
            out += QStringLiteral(", ");
        out += QLatin1Char('$') + m_definitions.at(i).name + QStringLiteral(": ") + m_definitions.at(i).type;
    }
    out += QLatin1Char(')');
    return out;
}

} // namespace infrahub
