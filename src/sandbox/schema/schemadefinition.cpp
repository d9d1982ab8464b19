#include "schemadefinition.h"

#include "jsontextwriter.h"
#include "schemanaming.h"

#include <QJsonArray>

namespace infrahub::sandbox {

namespace {

QStringList toStringList(const QJsonValue &value) {
    QStringList out;
    for (const QJsonValue &item : value.toArray())
        out.append(item.toString());
    return out;
}

// Writers of nullable values: Infrahub's None is JSON null.
void stringOrNull(JsonTextWriter &w, const QString &value) {
    if (value.isEmpty())
        w.null();
    else
        w.string(value);
}

void optionalString(JsonTextWriter &w, const std::optional<QString> &value) {
    if (value)
        w.string(*value);
    else
        w.null();
}

void stringList(JsonTextWriter &w, const QStringList &list) {
    w.beginArray();
    for (const QString &item : list)
        w.string(item);
    w.endArray();
}

void listOrNull(JsonTextWriter &w, const std::optional<QStringList> &list) {
    if (list)
        stringList(w, *list);
    else
        w.null();
}

void weightOrNull(JsonTextWriter &w, int weight) {
    if (weight)
        w.number(weight);
    else
        w.null();
}

std::optional<QString> optionalFromJson(const QJsonValue &value) {
    if (value.isNull() || value.isUndefined())
        return std::nullopt;
    return value.toString();
}

void writeId(JsonTextWriter &w, const KindDefinition &kind, const QString &element) {
    // Profiles are generated on every schema processing and never stored, so the server gives them no id.
    if (kind.isProfile())
        w.null();
    else
        w.string(stableSchemaId(kind.kind, element));
}

// The members below are written in the field order of the server's pydantic models.
void writeChoice(JsonTextWriter &w, const ChoiceDefinition &choice) {
    w.beginObject();
    w.key(u"id");
    w.null();
    w.key(u"state");
    w.string(u"present");
    w.key(u"name");
    w.string(choice.name);
    w.key(u"description");
    w.string(choice.description);
    w.key(u"color");
    w.string(choice.color);
    w.key(u"label");
    w.string(choice.label);
    w.endObject();
}

void writeComputedAttribute(JsonTextWriter &w, const QJsonValue &computed) {
    if (!computed.isObject()) {
        w.value(computed);
        return;
    }
    const QJsonObject o = computed.toObject();
    w.beginObject();
    for (const char16_t *key : {u"kind", u"jinja2_template", u"transform"}) {
        w.key(key);
        w.value(o.value(QStringView(key)));
    }
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() == u"kind" || it.key() == u"jinja2_template" || it.key() == u"transform")
            continue;
        w.key(it.key());
        w.value(it.value());
    }
    w.endObject();
}

void writeAttribute(JsonTextWriter &w, const KindDefinition &kind, const AttributeDefinition &a) {
    w.beginObject();
    w.key(u"id");
    writeId(w, kind, a.name);
    w.key(u"state");
    w.string(a.state);
    w.key(u"name");
    w.string(a.name);
    w.key(u"kind");
    w.string(a.kind);
    w.key(u"enum");
    w.value(a.enumValues);
    w.key(u"computed_attribute");
    writeComputedAttribute(w, a.computedAttribute);
    w.key(u"choices");
    if (a.choices) {
        w.beginArray();
        for (const ChoiceDefinition &choice : *a.choices)
            writeChoice(w, choice);
        w.endArray();
    } else {
        w.null();
    }
    w.key(u"regex");
    w.value(a.regex);
    w.key(u"max_length");
    w.value(a.maxLength);
    w.key(u"min_length");
    w.value(a.minLength);
    w.key(u"label");
    stringOrNull(w, a.label);
    w.key(u"description");
    w.value(a.description);
    w.key(u"read_only");
    w.boolean(a.readOnly);
    w.key(u"unique");
    w.boolean(a.unique);
    w.key(u"optional");
    w.boolean(a.optional);
    w.key(u"branch");
    stringOrNull(w, a.branch);
    w.key(u"order_weight");
    weightOrNull(w, a.orderWeight);
    w.key(u"default_value");
    w.value(a.defaultValue);
    w.key(u"inherited");
    w.boolean(a.inherited);
    w.key(u"allow_override");
    w.string(a.allowOverride);
    w.key(u"deprecation");
    w.value(a.deprecation);
    w.endObject();
}

void writeRelationship(JsonTextWriter &w, const KindDefinition &kind, const RelationshipDefinition &r) {
    w.beginObject();
    w.key(u"id");
    writeId(w, kind, r.name);
    w.key(u"state");
    w.string(r.state);
    w.key(u"name");
    w.string(r.name);
    w.key(u"peer");
    w.string(r.peer);
    w.key(u"kind");
    w.string(r.kind);
    w.key(u"label");
    stringOrNull(w, r.label);
    w.key(u"description");
    w.value(r.description);
    w.key(u"identifier");
    stringOrNull(w, r.identifier);
    w.key(u"cardinality");
    w.string(r.cardinality);
    w.key(u"min_count");
    w.number(r.minCount);
    w.key(u"max_count");
    w.number(r.maxCount);
    w.key(u"order_weight");
    weightOrNull(w, r.orderWeight);
    w.key(u"optional");
    w.boolean(r.optional);
    w.key(u"branch");
    stringOrNull(w, r.branch);
    w.key(u"inherited");
    w.boolean(r.inherited);
    w.key(u"direction");
    w.string(r.direction);
    w.key(u"hierarchical");
    stringOrNull(w, r.hierarchical);
    w.key(u"on_delete");
    stringOrNull(w, r.onDelete);
    w.key(u"allow_override");
    w.string(r.allowOverride);
    w.key(u"read_only");
    w.boolean(r.readOnly);
    w.key(u"deprecation");
    w.value(r.deprecation);
    w.endObject();
}

} // namespace

QString SchemaLocation::toString() const {
    if (line > 0)
        return source + u':' + QString::number(line);
    return source;
}

AttributeDefinition *KindDefinition::attribute(const QString &attributeName) {
    for (AttributeDefinition &a : attributes)
        if (a.name == attributeName)
            return &a;
    return nullptr;
}

const AttributeDefinition *KindDefinition::attribute(const QString &attributeName) const {
    return const_cast<KindDefinition *>(this)->attribute(attributeName);
}

RelationshipDefinition *KindDefinition::relationship(const QString &relationshipName) {
    for (RelationshipDefinition &r : relationships)
        if (r.name == relationshipName)
            return &r;
    return nullptr;
}

const RelationshipDefinition *KindDefinition::relationship(const QString &relationshipName) const {
    return const_cast<KindDefinition *>(this)->relationship(relationshipName);
}

void applyKindFields(KindDefinition &kind, const QJsonObject &fields) {
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QString key = it.key();
        const QJsonValue v = it.value();
        if (key == u"name")
            kind.name = v.toString();
        else if (key == u"namespace")
            kind.ns = v.toString();
        else if (key == u"description")
            kind.description = v;
        else if (key == u"label")
            kind.label = v.toString();
        else if (key == u"branch")
            kind.branch = v.toString();
        else if (key == u"default_filter")
            kind.defaultFilter = v.toString();
        else if (key == u"human_friendly_id")
            kind.humanFriendlyId = v.isNull() ? std::nullopt : std::optional(toStringList(v));
        else if (key == u"display_labels")
            kind.displayLabels = v.isNull() ? std::nullopt : std::optional(toStringList(v));
        else if (key == u"include_in_menu")
            kind.includeInMenu = v;
        else if (key == u"menu_placement")
            kind.menuPlacement = v.toString();
        else if (key == u"icon")
            kind.icon = v.toString();
        else if (key == u"order_by")
            kind.orderBy = v.isNull() ? std::nullopt : std::optional(toStringList(v));
        else if (key == u"uniqueness_constraints") {
            if (v.isNull()) {
                kind.uniquenessConstraints.reset();
            } else {
                QList<QStringList> constraints;
                for (const QJsonValue &c : v.toArray())
                    constraints.append(toStringList(c));
                kind.uniquenessConstraints = constraints;
            }
        } else if (key == u"documentation")
            kind.documentation = v;
        else if (key == u"inherit_from")
            kind.inheritFrom = toStringList(v);
        else if (key == u"generate_profile")
            kind.generateProfile = v.toBool();
        else if (key == u"generate_template")
            kind.generateTemplate = v.toBool();
        else if (key == u"hierarchy")
            kind.hierarchy = optionalFromJson(v);
        else if (key == u"parent")
            kind.parent = optionalFromJson(v);
        else if (key == u"children")
            kind.children = optionalFromJson(v);
        else if (key == u"hierarchical")
            kind.hierarchical = v.toBool();
        else if (key == u"state")
            kind.state = v.toString();
        // "id" and "used_by" are server-owned: accepted (dumps can be reloaded) but recomputed.
    }
    kind.kind = kind.ns + kind.name;
}

void applyAttributeFields(AttributeDefinition &a, const QJsonObject &fields) {
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QString key = it.key();
        const QJsonValue v = it.value();
        if (key == u"name")
            a.name = v.toString();
        else if (key == u"kind")
            a.kind = v.toString();
        else if (key == u"enum")
            a.enumValues = v;
        else if (key == u"computed_attribute")
            a.computedAttribute = v;
        else if (key == u"choices") {
            if (v.isNull()) {
                a.choices.reset();
            } else {
                QList<ChoiceDefinition> choices;
                for (const QJsonValue &c : v.toArray()) {
                    const QJsonObject co = c.toObject();
                    choices.append({co.value(u"name").toString(), co.value(u"label").toString(),
                                    co.value(u"description").toString(), co.value(u"color").toString()});
                }
                a.choices = choices;
            }
        } else if (key == u"regex")
            a.regex = v;
        else if (key == u"max_length")
            a.maxLength = v;
        else if (key == u"min_length")
            a.minLength = v;
        else if (key == u"label")
            a.label = v.toString();
        else if (key == u"description")
            a.description = v;
        else if (key == u"read_only")
            a.readOnly = v.toBool();
        else if (key == u"unique")
            a.unique = v.toBool();
        else if (key == u"optional")
            a.optional = v.toBool();
        else if (key == u"branch")
            a.branch = v.toString();
        else if (key == u"order_weight")
            a.orderWeight = v.toInt();
        else if (key == u"default_value")
            a.defaultValue = v;
        else if (key == u"allow_override")
            a.allowOverride = v.toString();
        else if (key == u"deprecation")
            a.deprecation = v;
        else if (key == u"state")
            a.state = v.toString();
    }
}

void applyRelationshipFields(RelationshipDefinition &r, const QJsonObject &fields) {
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QString key = it.key();
        const QJsonValue v = it.value();
        if (key == u"name")
            r.name = v.toString();
        else if (key == u"peer")
            r.peer = v.toString();
        else if (key == u"kind")
            r.kind = v.toString();
        else if (key == u"label")
            r.label = v.toString();
        else if (key == u"description")
            r.description = v;
        else if (key == u"identifier")
            r.identifier = v.toString();
        else if (key == u"cardinality")
            r.cardinality = v.toString();
        else if (key == u"min_count")
            r.minCount = v.toInt();
        else if (key == u"max_count")
            r.maxCount = v.toInt();
        else if (key == u"order_weight")
            r.orderWeight = v.toInt();
        else if (key == u"optional")
            r.optional = v.toBool();
        else if (key == u"branch")
            r.branch = v.toString();
        else if (key == u"direction")
            r.direction = v.toString();
        else if (key == u"hierarchical")
            r.hierarchical = v.toString();
        else if (key == u"on_delete")
            r.onDelete = v.toString();
        else if (key == u"allow_override")
            r.allowOverride = v.toString();
        else if (key == u"read_only")
            r.readOnly = v.toBool();
        else if (key == u"deprecation")
            r.deprecation = v;
        else if (key == u"state")
            r.state = v.toString();
    }
}

QByteArray kindToJsonText(const KindDefinition &kind) {
    JsonTextWriter w;
    w.beginObject();
    w.key(u"id");
    writeId(w, kind, {});
    w.key(u"state");
    w.string(kind.state);
    w.key(u"name");
    w.string(kind.name);
    w.key(u"namespace");
    w.string(kind.ns);
    w.key(u"description");
    w.value(kind.description);
    w.key(u"label");
    stringOrNull(w, kind.label);
    w.key(u"branch");
    w.string(kind.branch);
    w.key(u"default_filter");
    stringOrNull(w, kind.defaultFilter);
    w.key(u"human_friendly_id");
    listOrNull(w, kind.humanFriendlyId);
    w.key(u"display_labels");
    listOrNull(w, kind.displayLabels);
    w.key(u"include_in_menu");
    w.value(kind.includeInMenu);
    w.key(u"menu_placement");
    stringOrNull(w, kind.menuPlacement);
    w.key(u"icon");
    stringOrNull(w, kind.icon);
    w.key(u"order_by");
    listOrNull(w, kind.orderBy);
    w.key(u"uniqueness_constraints");
    if (kind.uniquenessConstraints) {
        w.beginArray();
        for (const QStringList &constraint : *kind.uniquenessConstraints)
            stringList(w, constraint);
        w.endArray();
    } else {
        w.null();
    }
    w.key(u"documentation");
    w.value(kind.documentation);
    w.key(u"attributes");
    w.beginArray();
    for (const AttributeDefinition &a : kind.attributes)
        writeAttribute(w, kind, a);
    w.endArray();
    w.key(u"relationships");
    w.beginArray();
    for (const RelationshipDefinition &r : kind.relationships)
        writeRelationship(w, kind, r);
    w.endArray();

    switch (kind.type) {
    case KindType::Node:
        w.key(u"inherit_from");
        stringList(w, kind.inheritFrom);
        w.key(u"generate_profile");
        w.boolean(kind.generateProfile);
        w.key(u"generate_template");
        w.boolean(kind.generateTemplate);
        w.key(u"hierarchy");
        optionalString(w, kind.hierarchy);
        w.key(u"parent");
        optionalString(w, kind.parent);
        w.key(u"children");
        optionalString(w, kind.children);
        break;
    case KindType::Generic:
        w.key(u"hierarchical");
        w.boolean(kind.hierarchical);
        w.key(u"generate_profile");
        w.boolean(kind.generateProfile);
        w.key(u"generate_template");
        w.boolean(kind.generateTemplate);
        w.key(u"used_by");
        stringList(w, kind.usedBy);
        break;
    case KindType::Profile:
        w.key(u"inherit_from");
        stringList(w, kind.inheritFrom);
        break;
    }
    w.key(u"kind");
    w.string(kind.kind);
    w.endObject();
    return w.take();
}

} // namespace infrahub::sandbox
