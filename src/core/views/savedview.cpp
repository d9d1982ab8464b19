#include "savedview.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>

namespace infrahub {

namespace {

QString settingsKey(const QString &kind) {
    return QStringLiteral("views/") + kind;
}

void store(const QString &kind, const QList<SavedView> &views) {
    QJsonArray list;
    for (const SavedView &v : views)
        list.append(v.toJson());
    QSettings settings;
    if (list.isEmpty())
        settings.remove(settingsKey(kind));
    else
        settings.setValue(settingsKey(kind),
                          QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact)));
}

} // namespace

QJsonObject SavedView::toJson() const {
    QJsonArray filterList;
    for (const ObjectFilter &f : filters)
        filterList.append(f.toJson());
    return {{QStringLiteral("name"), name},
            {QStringLiteral("kind"), kind},
            {QStringLiteral("columns"), QString::fromLatin1(columns.toBase64())},
            {QStringLiteral("filters"), filterList},
            {QStringLiteral("search"), search},
            {QStringLiteral("sort_column"), sortColumn},
            {QStringLiteral("sort_order"),
             sortOrder == Qt::DescendingOrder ? QStringLiteral("desc") : QStringLiteral("asc")}};
}

std::optional<SavedView> SavedView::fromJson(const QJsonObject &object) {
    SavedView v;
    v.name = object.value(u"name").toString();
    v.kind = object.value(u"kind").toString();
    if (v.name.isEmpty() || v.kind.isEmpty())
        return std::nullopt;
    v.columns = QByteArray::fromBase64(object.value(u"columns").toString().toLatin1());
    for (const QJsonValue &f : object.value(u"filters").toArray())
        if (const std::optional<ObjectFilter> filter = ObjectFilter::fromJson(f.toObject()))
            v.filters.append(*filter);
    v.search = object.value(u"search").toString();
    v.sortColumn = object.value(u"sort_column").toInt(-1);
    v.sortOrder =
        object.value(u"sort_order").toString() == u"desc" ? Qt::DescendingOrder : Qt::AscendingOrder;
    return v;
}

QList<SavedView> SavedViews::forKind(const QString &kind) {
    // A damaged entry (edited by hand) drops the views it cannot read, never the application.
    const QByteArray json = QSettings().value(settingsKey(kind)).toString().toUtf8();
    QList<SavedView> out;
    for (const QJsonValue &v : QJsonDocument::fromJson(json).array())
        if (const std::optional<SavedView> view = SavedView::fromJson(v.toObject());
            view && view->kind == kind)
            out.append(*view);
    return out;
}

void SavedViews::save(const SavedView &view) {
    QList<SavedView> views = forKind(view.kind);
    const auto same =
        std::find_if(views.begin(), views.end(), [&](const SavedView &v) { return v.name == view.name; });
    if (same != views.end())
        *same = view;
    else
        views.append(view);
    store(view.kind, views);
}

bool SavedViews::remove(const QString &kind, const QString &name) {
    QList<SavedView> views = forKind(kind);
    const qsizetype removed = views.removeIf([&](const SavedView &v) { return v.name == name; });
    if (removed > 0)
        store(kind, views);
    return removed > 0;
}

} // namespace infrahub
