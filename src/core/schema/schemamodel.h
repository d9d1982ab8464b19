// The Infrahub schema as the rest of the code sees it: kinds (nodes and generics), their attributes and
// relationships, parsed from the JSON body of `GET /api/schema`. The client builds queries from it, the
// sandbox server executes queries against it, and both agree because the sandbox serves the very JSON it
// parses here.
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace infrahub {

struct DropdownChoice {
    QString name;
    QString label;
    QString description;
    QString color;
};

struct AttributeSchema {
    QString name;
    QString kind; // Text, Number, Boolean, Dropdown, IPHost, IPNetwork, JSON, List, ...
    QString label;
    QString description;
    bool optional = true;
    bool unique = false;
    bool readOnly = false;
    bool inherited = false;
    QString branch;
    int orderWeight = 0;
    QJsonValue defaultValue; // Null when the attribute has no default
    QList<DropdownChoice> choices;
    QStringList enumValues;
    QString regex;
    std::optional<int> minLength;
    std::optional<int> maxLength;

    // Required in Create/Upsert inputs: not optional and no default (Infrahub's rule).
    bool isRequiredOnCreate() const { return !optional && defaultValue.isNull(); }
    // Non-null in Upsert inputs: Infrahub tests `not default_value` (Python truthiness), so a false, 0 or ""
    // default still makes a mandatory attribute required there.
    bool isRequiredOnUpsert() const;
    const DropdownChoice *choice(const QString &choiceName) const;
};

enum class Cardinality { One, Many };

struct RelationshipSchema {
    QString name;
    QString peer; // kind of the peer (node or generic)
    QString kind; // Generic, Attribute, Component, Parent, Group, Hierarchy, Profile, Template
    QString label;
    QString description;
    QString identifier;
    Cardinality cardinality = Cardinality::Many;
    bool optional = true;
    bool readOnly = false;
    bool inherited = false;
    QString direction;    // bidirectional, outbound, inbound
    QString hierarchical; // name of the hierarchy generic for parent/children relationships, else empty
    QString branch;
    int minCount = 0;
    int maxCount = 0;
    int orderWeight = 0;
    QString onDelete;

    bool isMany() const { return cardinality == Cardinality::Many; }
};

enum class SchemaKindType { Node, Generic, Profile, Template };

struct KindSchema {
    SchemaKindType type = SchemaKindType::Node;
    QString id;
    QString name;
    QString ns;   // namespace
    QString kind; // namespace + name
    QString label;
    QString description;
    QString icon;
    QString hash;
    QString branch; // aware, agnostic, local
    QString defaultFilter;
    QString menuPlacement;
    bool includeInMenu = false;
    bool generateProfile = false;
    bool hierarchical = false;   // generics: is a hierarchy root (LocationGeneric, BuiltinIPPrefix)
    QString hierarchy;           // nodes: name of the hierarchical generic they belong to
    QString parent;              // nodes in a hierarchy: allowed parent kind
    QString children;            // nodes in a hierarchy: allowed children kind
    QStringList humanFriendlyId; // paths such as "device__name__value"
    QStringList displayLabels;
    QStringList orderBy;
    QStringList inheritFrom; // nodes: generics they implement
    QStringList usedBy;      // generics: node kinds implementing them
    QList<QStringList> uniquenessConstraints;
    QList<AttributeSchema> attributes; // includes inherited ones, in server order
    QList<RelationshipSchema> relationships;

    bool isGeneric() const { return type == SchemaKindType::Generic; }
    bool isNode() const { return type == SchemaKindType::Node; }
    const AttributeSchema *attribute(const QString &attributeName) const;
    const RelationshipSchema *relationship(const QString &relationshipName) const;
};

// All kinds of one branch's schema, parsed from /api/schema. Kinds are kept in server order.
class SchemaSet {
public:
    // Parses a `/api/schema` body. Unknown keys are ignored (newer servers add fields); a missing
    // `nodes` array or a kind without `kind`/`name` is an error described in *error.
    static std::optional<SchemaSet> fromApiJson(const QJsonObject &body, QString *error);
    static KindSchema kindFromJson(const QJsonObject &object, SchemaKindType type);

    QString mainHash() const { return m_mainHash; }
    const KindSchema *kind(const QString &kindName) const;
    const QList<KindSchema> &kinds() const { return m_kinds; }
    QList<const KindSchema *> nodes() const;
    QList<const KindSchema *> generics() const;

    // True when `kindName` is `candidate` itself or a generic that `candidate` inherits from.
    bool isKindOf(const QString &candidate, const QString &kindName) const;

private:
    QString m_mainHash;
    QList<KindSchema> m_kinds;
    QHash<QString, qsizetype> m_index;
};

} // namespace infrahub
