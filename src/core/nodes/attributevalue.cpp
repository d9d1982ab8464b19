#include "attributevalue.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace infrahub {

bool AttributeValue::isKnownKey(QStringView key) {
    return key == u"value" || key == u"label" || key == u"color" || key == u"description" ||
           ValueMetadata::isMetadataKey(key);
}

AttributeValue AttributeValue::fromJson(const QJsonObject &o) {
    AttributeValue a;
    a.value = o.value(u"value");
    if (a.value.isUndefined())
        a.value = QJsonValue::Null;
    a.label = o.value(u"label").toString();
    a.color = o.value(u"color").toString();
    a.description = o.value(u"description").toString();
    a.metadata = ValueMetadata::fromJson(o);
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!isKnownKey(it.key()))
            a.extra.insert(it.key(), it.value());
    return a;
}

QString valueText(const QJsonValue &value) {
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 15);
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    default:
        return {};
    }
}

} // namespace infrahub
