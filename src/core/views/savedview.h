// A saved view of an object table: which columns show in which order and width, the filters, the search
// text and the sort, under a name the user chose, per kind. Stored in QSettings (as JSON, one list per
// kind) so it survives restarts; it holds no secrets.
#pragma once

#include "objectfilter.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace infrahub {

struct SavedView {
    QString name;
    QString kind;
    QByteArray columns; // QHeaderView::saveState()
    QList<ObjectFilter> filters;
    QString search;
    int sortColumn = -1; // -1: the server's order
    Qt::SortOrder sortOrder = Qt::AscendingOrder;

    QJsonObject toJson() const;
    static std::optional<SavedView> fromJson(const QJsonObject &object);
};

// The saved views of every kind, in the application's QSettings.
class SavedViews {
public:
    static QList<SavedView> forKind(const QString &kind);
    // Saves `view`, replacing the kind's view of the same name.
    static void save(const SavedView &view);
    static bool remove(const QString &kind, const QString &name);
};

} // namespace infrahub
