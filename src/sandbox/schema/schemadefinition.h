// The schema compiler's working model: one struct per Infrahub schema object (kind, attribute, relationship,
// dropdown choice) holding exactly the fields `/api/schema` exports. Unset fields keep Infrahub's "None"
// (a null QJsonValue, an empty QString or an empty std::optional) so the processing steps can tell "not
// given" from a given value, as the server's pydantic models do. Definitions are built from YAML fragments
// applied on top of each other, which is how later files override and extend earlier ones.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace infrahub::sandbox {

// Where a definition came from, for error messages ("dcim.yml:42: ...").
struct SchemaLocation {
    QString source;
    int line = 0;

    QString toString() const;
};

struct ChoiceDefinition {
    QString name;
    QString label;
    QString description;
    QString color;
};

struct AttributeDefinition {
    QString name;
    QString kind;
    QJsonValue enumValues;        // null or array
    QJsonValue computedAttribute; // null or {kind, jinja2_template, transform}
    std::optional<QList<ChoiceDefinition>> choices;
    QJsonValue regex;
    QJsonValue maxLength;
    QJsonValue minLength;
    QString label;
    QJsonValue description;
    bool readOnly = false;
    bool unique = false;
    bool optional = false;
    QString branch;      // empty until process_branch_support
    int orderWeight = 0; // 0 = not assigned yet
    QJsonValue defaultValue;
    bool inherited = false;
    QString allowOverride = QStringLiteral("any");
    QJsonValue deprecation;
    QString state = QStringLiteral("present");
    SchemaLocation location;
};

struct RelationshipDefinition {
    QString name;
    QString peer;
    QString kind = QStringLiteral("Generic");
    QString label;
    QJsonValue description;
    QString identifier; // empty until generated
    QString cardinality = QStringLiteral("many");
    int minCount = 0;
    int maxCount = 0;
    int orderWeight = 0;
    bool optional = true;
    QString branch;
    bool inherited = false;
    QString direction = QStringLiteral("bidirectional");
    QString hierarchical; // empty = null
    QString onDelete;     // empty until processed
    QString allowOverride = QStringLiteral("any");
    bool readOnly = false;
    QJsonValue deprecation;
    QString state = QStringLiteral("present");
    SchemaLocation location;
};

enum class KindType { Node, Generic, Profile };

struct KindDefinition {
    KindType type = KindType::Node;
    QString name;
    QString ns;
    QString kind; // ns + name
    QJsonValue description;
    QString label;
    QString branch = QStringLiteral("aware");
    QString defaultFilter; // empty = null
    std::optional<QStringList> humanFriendlyId;
    std::optional<QStringList> displayLabels;
    QJsonValue includeInMenu; // null unless given: Infrahub has no default for it
    QString menuPlacement;
    QString icon;
    std::optional<QStringList> orderBy;
    std::optional<QList<QStringList>> uniquenessConstraints;
    QJsonValue documentation;
    QList<AttributeDefinition> attributes;
    QList<RelationshipDefinition> relationships;
    QStringList inheritFrom;
    bool generateProfile = true;
    bool generateTemplate = false;
    // Nodes: nullopt is Infrahub's None (filled in by the hierarchy step); "" means "none" (root or leaf).
    std::optional<QString> hierarchy;
    std::optional<QString> parent;
    std::optional<QString> children;
    bool hierarchical = false; // generics
    QStringList usedBy;        // generics
    QString state = QStringLiteral("present");
    bool fromCore = false; // defined by the core schema (processed in the first pass)
    SchemaLocation location;

    bool isNode() const { return type == KindType::Node; }
    bool isGeneric() const { return type == KindType::Generic; }
    bool isProfile() const { return type == KindType::Profile; }

    AttributeDefinition *attribute(const QString &attributeName);
    const AttributeDefinition *attribute(const QString &attributeName) const;
    RelationshipDefinition *relationship(const QString &relationshipName);
    const RelationshipDefinition *relationship(const QString &relationshipName) const;
    bool hasElement(const QString &elementName) const {
        return attribute(elementName) || relationship(elementName);
    }
};

// Apply the keys present in a YAML fragment (already checked by the reader) on top of a definition.
void applyKindFields(KindDefinition &kind, const QJsonObject &fields);
void applyAttributeFields(AttributeDefinition &attribute, const QJsonObject &fields);
void applyRelationshipFields(RelationshipDefinition &relationship, const QJsonObject &fields);

// The `/api/schema` object of a kind as compact JSON in the server's key order, without its "hash" member
// (the hash is computed over exactly this text). Ids are derived from the kind and element names (see
// schemanaming.h); profiles have none, like on the real server.
QByteArray kindToJsonText(const KindDefinition &kind);

} // namespace infrahub::sandbox
