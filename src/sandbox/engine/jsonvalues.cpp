#include "jsonvalues.h"

#include <QJsonArray>

namespace infrahub::sandbox {

QString scalarText(const QJsonValue &v) {
    if (v.isDouble()) {
        const double d = v.toDouble();
        return d == double(qint64(d)) ? QString::number(qint64(d)) : QString::number(d);
    }
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return v.toString();
}

QStringList scalarTextList(const QJsonValue &list) {
    QStringList out;
    for (const QJsonValue &item : list.toArray())
        out.append(scalarText(item));
    return out;
}

} // namespace infrahub::sandbox
