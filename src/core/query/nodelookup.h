// How `get` finds one node: by id, by human-friendly id, or by the value of the kind's default filter
// (e.g. `name__value` for InfraDevice). The query renderer turns it into a filter; the page parser uses
// describe() in its "not found" / "more than one" messages.
#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace infrahub {

struct NodeLookup {
    enum class By { Id, Hfid, DefaultFilter };
    By by = By::Id;
    QString id;
    QStringList hfid;
    QJsonValue value; // By::DefaultFilter

    static NodeLookup byId(QString id);
    static NodeLookup byHfid(QStringList hfid);
    static NodeLookup byDefaultFilter(QJsonValue value);
    // The SDK's rule for a bare string: a UUID is an id, anything else a default-filter value.
    static NodeLookup fromText(const QString &text);

    // "id 1799f647-...", "hfid [atl1, Ethernet1]", "name__value 'atl1'" (the default filter's name is
    // only known with the kind; without it, "default filter value 'atl1'").
    QString describe(const QString &defaultFilter = {}) const;
};

} // namespace infrahub
