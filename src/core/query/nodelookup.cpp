#include "nodelookup.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace infrahub {

NodeLookup NodeLookup::byId(QString id) {
    NodeLookup l;
    l.by = By::Id;
    l.id = std::move(id);
    return l;
}

NodeLookup NodeLookup::byHfid(QStringList hfid) {
    NodeLookup l;
    l.by = By::Hfid;
    l.hfid = std::move(hfid);
    return l;
}

NodeLookup NodeLookup::byDefaultFilter(QJsonValue value) {
    NodeLookup l;
    l.by = By::DefaultFilter;
    l.value = std::move(value);
    return l;
}

NodeLookup NodeLookup::fromText(const QString &text) {
    // Infrahub ids are UUIDs (time-ordered ones, which QUuid parses like any other).
    if (!QUuid::fromString(text).isNull())
        return byId(text);
    return byDefaultFilter(text);
}

QString NodeLookup::describe(const QString &defaultFilter) const {
    switch (by) {
    case By::Id:
        return QStringLiteral("id %1").arg(id);
    case By::Hfid:
        return QStringLiteral("hfid [%1]").arg(hfid.join(QStringLiteral(", ")));
    case By::DefaultFilter: {
        const QString shown =
            value.isString()
                ? QLatin1Char('\'') + value.toString() + QLatin1Char('\'')
                : QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact))
                      .mid(1)
                      .chopped(1);
        return defaultFilter.isEmpty() ? QStringLiteral("default filter value %1").arg(shown)
                                       : QStringLiteral("%1 %2").arg(defaultFilter, shown);
    }
    }
    return {};
}

} // namespace infrahub
