#include "schemajson.h"

#include "jsontextwriter.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QVarLengthArray>

#include <algorithm>
#include <span>

namespace infrahub::sandbox {

namespace {

enum class Context { Any, ApiSchema, Kind, Attribute, Relationship, Choice, ComputedAttribute, Namespace };

// Field order of the server's pydantic models (Infrahub 1.1, see schema-api-core/*.json). Node, generic and
// profile objects share one list: each only has a subset of it, and the subsets keep this relative order.
constexpr const char16_t *kApiSchemaKeys[] = {u"main",     u"nodes",     u"generics",
                                              u"profiles", u"templates", u"namespaces"};
constexpr const char16_t *kKindKeys[] = {u"id",
                                         u"state",
                                         u"name",
                                         u"namespace",
                                         u"description",
                                         u"label",
                                         u"branch",
                                         u"default_filter",
                                         u"human_friendly_id",
                                         u"display_labels",
                                         u"include_in_menu",
                                         u"menu_placement",
                                         u"icon",
                                         u"order_by",
                                         u"uniqueness_constraints",
                                         u"documentation",
                                         u"attributes",
                                         u"relationships",
                                         u"inherit_from",
                                         u"hierarchical",
                                         u"generate_profile",
                                         u"generate_template",
                                         u"used_by",
                                         u"hierarchy",
                                         u"parent",
                                         u"children",
                                         u"kind",
                                         u"hash"};
constexpr const char16_t *kAttributeKeys[] = {
    u"id",        u"state",          u"name",       u"kind",       u"enum",         u"computed_attribute",
    u"choices",   u"regex",          u"max_length", u"min_length", u"label",        u"description",
    u"read_only", u"unique",         u"optional",   u"branch",     u"order_weight", u"default_value",
    u"inherited", u"allow_override", u"deprecation"};
constexpr const char16_t *kRelationshipKeys[] = {
    u"id",         u"state",        u"name",       u"peer",           u"kind",
    u"label",      u"description",  u"identifier", u"cardinality",    u"min_count",
    u"max_count",  u"order_weight", u"optional",   u"branch",         u"inherited",
    u"direction",  u"hierarchical", u"on_delete",  u"allow_override", u"read_only",
    u"deprecation"};
constexpr const char16_t *kChoiceKeys[] = {u"id", u"state", u"name", u"description", u"color", u"label"};
constexpr const char16_t *kComputedAttributeKeys[] = {u"kind", u"jinja2_template", u"transform"};
constexpr const char16_t *kNamespaceKeys[] = {u"name", u"user_editable"};
constexpr const char16_t *kSummaryKeys[] = {u"main", u"nodes", u"generics"};

std::span<const char16_t *const> keyList(Context context, bool summary) {
    switch (context) {
    case Context::ApiSchema:
        return summary ? std::span<const char16_t *const>(kSummaryKeys)
                       : std::span<const char16_t *const>(kApiSchemaKeys);
    case Context::Kind:
        return kKindKeys;
    case Context::Attribute:
        return kAttributeKeys;
    case Context::Relationship:
        return kRelationshipKeys;
    case Context::Choice:
        return kChoiceKeys;
    case Context::ComputedAttribute:
        return kComputedAttributeKeys;
    case Context::Namespace:
        return kNamespaceKeys;
    case Context::Any:
        break;
    }
    return {};
}

// Rank of each known key per object type, built once (serialisation runs for every kind on every compile).
using KeyRanks = QHash<QString, int>;
const KeyRanks &keyRanks(Context context, bool summary) {
    static const auto build = [](std::span<const char16_t *const> keys) {
        KeyRanks ranks;
        for (std::size_t i = 0; i < keys.size(); ++i)
            ranks.insert(QString::fromUtf16(keys[i]), int(i));
        return ranks;
    };
    static const KeyRanks tables[] = {
        {},
        build(keyList(Context::ApiSchema, false)),
        build(keyList(Context::Kind, false)),
        build(keyList(Context::Attribute, false)),
        build(keyList(Context::Relationship, false)),
        build(keyList(Context::Choice, false)),
        build(keyList(Context::ComputedAttribute, false)),
        build(keyList(Context::Namespace, false)),
    };
    static const KeyRanks summaryTable = build(kSummaryKeys);
    if (summary && context == Context::ApiSchema)
        return summaryTable;
    return tables[int(context)];
}

// Which object type the values under `key` of a `parent` object are (for arrays: their elements).
Context childContext(Context parent, bool summary, const QString &key) {
    switch (parent) {
    case Context::ApiSchema:
        if (summary)
            return Context::Any;
        if (key == u"nodes" || key == u"generics" || key == u"profiles" || key == u"templates")
            return Context::Kind;
        if (key == u"namespaces")
            return Context::Namespace;
        return Context::Any;
    case Context::Kind:
        if (key == u"attributes")
            return Context::Attribute;
        if (key == u"relationships")
            return Context::Relationship;
        return Context::Any;
    case Context::Attribute:
        if (key == u"choices")
            return Context::Choice;
        if (key == u"computed_attribute")
            return Context::ComputedAttribute;
        return Context::Any;
    default:
        return Context::Any;
    }
}

void writeOrdered(JsonTextWriter &w, const QJsonValue &value, Context context, bool summary) {
    if (value.isArray()) {
        w.beginArray();
        for (const QJsonValue &item : value.toArray())
            writeOrdered(w, item, context, summary);
        w.endArray();
        return;
    }
    if (!value.isObject()) {
        w.value(value);
        return;
    }
    const QJsonObject object = value.toObject();
    const KeyRanks &ranks = keyRanks(context, summary);
    // Known keys first in model order, then the rest alphabetically (QJsonObject iterates sorted).
    struct Entry {
        int rank;
        QString key;
        QJsonValue value;
    };
    QVarLengthArray<Entry, 32> entries;
    int unknown = 0;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        const int rank = ranks.value(key, -1);
        entries.append({rank >= 0 ? rank : int(ranks.size()) + unknown++, key, it.value()});
    }
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.rank < b.rank; });
    w.beginObject();
    for (const Entry &entry : entries) {
        w.key(entry.key);
        writeOrdered(w, entry.value, childContext(context, summary, entry.key), summary);
    }
    w.endObject();
}

} // namespace

QByteArray serializeSchemaJson(const QJsonObject &object, SchemaJsonShape shape,
                               QJsonDocument::JsonFormat format) {
    const bool indented = format == QJsonDocument::Indented;
    JsonTextWriter writer(indented);
    writeOrdered(writer, object, shape == SchemaJsonShape::Kind ? Context::Kind : Context::ApiSchema,
                 shape == SchemaJsonShape::Summary);
    QByteArray out = writer.take();
    if (indented)
        out += '\n';
    return out;
}

QString schemaKindHash(const QJsonObject &kindObject) {
    QJsonObject withoutHash = kindObject;
    withoutHash.remove(u"hash");
    JsonTextWriter writer;
    writeOrdered(writer, withoutHash, Context::Kind, false);
    return QString::fromLatin1(QCryptographicHash::hash(writer.take(), QCryptographicHash::Md5).toHex());
}

} // namespace infrahub::sandbox
