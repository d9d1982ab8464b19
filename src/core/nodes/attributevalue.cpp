#include "attributevalue.h"

namespace infrahub {

AttributeValue AttributeValue::fromJson(const QJsonObject &o) {
    AttributeValue a;
    a.value = o.value(u"value");
    if (a.value.isUndefined())
        a.value = QJsonValue::Null;
    a.label = o.value(u"label").toString();
    a.color = o.value(u"color").toString();
    a.description = o.value(u"description").toString();
    a.metadata = ValueMetadata::fromJson(o);
    a.raw = o;
    return a;
}

} // namespace infrahub
