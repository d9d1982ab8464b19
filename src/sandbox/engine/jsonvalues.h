// Small conversions of JSON input values that filters, mutations and the store share: the text form a
// scalar is compared and displayed by (10 for 10.0, "true" for true), and a list of such texts.
#pragma once

#include <QJsonValue>
#include <QStringList>

namespace infrahub::sandbox {

QString scalarText(const QJsonValue &value);
QStringList scalarTextList(const QJsonValue &list);

} // namespace infrahub::sandbox
