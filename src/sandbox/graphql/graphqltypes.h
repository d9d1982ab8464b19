// The building blocks of the sandbox's GraphQL type system (graphqltypesystem.h): named types, their
// fields, arguments and input fields. Besides what GraphQL itself needs (names, types, defaults,
// deprecations), every element records which part of the Infrahub schema it stands for - a role, the
// Infrahub kind, the attribute or relationship name, the filter operator - so the executor can dispatch
// on plain enums instead of re-parsing names like "site__name__values".
#pragma once

#include "graphqlast.h"

#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace infrahub::sandbox::gql {

enum class TypeKind { Scalar, Object, Interface, Enum, InputObject };

// What a named type is for, from the executor's point of view.
enum class TypeRole {
    Scalar,
    Enum,
    Input, // any input object type (filters, mutation data, attribute inputs ...)
    Query,
    Mutation,
    Node,                 // object type of a node, profile or template kind (InfraDevice)
    NodeInterface,        // interface of a generic kind (InfraInterface, CoreNode, LineageOwner ...)
    Paginated,            // PaginatedInfraDevice {count edges permissions}
    Edged,                // EdgedInfraDevice {node}
    NestedPaginated,      // NestedPaginatedInfraDevice {count edges [permissions]}
    NestedEdged,          // NestedEdgedInfraDevice {node properties [_updated_at]}
    Attribute,            // TextAttribute, Dropdown, NumberAttribute, IPHost ...
    AttributeInterface,   // AttributeInterface
    RelationshipProperty, // RelationshipProperty
    Permission,           // PermissionType, PaginatedObjectPermission, ObjectPermissionNode, ObjectPermission
    MutationPayload, // InfraDeviceCreate {ok object}, BranchCreate {ok object task}, RelationshipAdd {ok}
    Branch,
    Info,
    TaskInfo,
    Diff,          // DiffTree, DiffNode ... and their enums and filter inputs (Query.DiffTree)
    Introspection, // __Schema, __Type ... (never printed in the SDL)
};

// What a field returns, for fields whose value does not simply come from a property of the same name.
enum class FieldRole {
    Plain,      // resolved by its name on the parent value (Branch.name, Dropdown.label, is_protected ...)
    TypeName,   // __typename
    SchemaMeta, // __schema
    TypeMeta,   // __type(name:)
    NodeId,     // id
    NodeHfid,   // hfid
    NodeDisplayLabel, // display_label
    NodeUpdatedAt,    // _updated_at (on nodes and on nested edges of generics)
    Attribute,        // one attribute; schemaName = attribute name
    Relationship,    // one relationship; schemaName = relationship name, kind = peer kind, many = cardinality
    HierarchyParent, // parent of a hierarchical kind; kind = the hierarchy generic
    HierarchyChildren,
    HierarchyAncestors,
    HierarchyDescendants,
    Count,          // Paginated/NestedPaginated.count
    Edges,          // Paginated/NestedPaginated.edges
    EdgeNode,       // Edged/NestedEdged.node
    EdgeProperties, // NestedEdged.properties
    Permissions,    // Paginated.permissions
    ListKind,       // Query.<Kind>(filters...): kind = the listed kind
    AccountProfile, // Query.AccountProfile
    BranchList,     // Query.Branch
    InfrahubInfo,   // Query.InfrahubInfo
    Mutation,       // Mutation.<...>: action says what it does, kind = the mutated kind (empty for branches)
    PayloadOk,      // <payload>.ok
    PayloadObject,  // <payload>.object
    PayloadTask,    // <payload>.task
};

enum class MutationAction {
    None,
    Create,
    Update,
    Upsert,
    Delete,
    BranchCreate,
    BranchDelete,
    BranchRebase,
    BranchMerge,
    BranchValidate,
    RelationshipAdd,
    RelationshipRemove,
};

// What an argument or input field means.
enum class ValueRole {
    Plain,
    // Arguments of list fields (Query.<Kind> and many-relationship fields)
    Offset,
    Limit,
    Order,
    Ids,    // ids: [ID]
    Hfid,   // hfid: [String]
    IsNull, // isnull (relationship fields only)
    PartialMatch,
    IncludeDescendants,
    AttributeFilter,    // <attribute>__<op>: `attribute`, `op`
    AnyFilter,          // any__<op>: `op`
    RelationshipFilter, // <rel>__ids, <rel>__isnull, <rel>__<peer attribute>__<op>: `relationship`,
                        // `attribute`, `op`
    // Arguments of mutations
    Data,
    Context,
    WaitUntilCompletion,
    BackgroundExecution,
    // Fields of <Kind>CreateInput / UpdateInput / UpsertInput
    InputId,
    InputHfid,
    InputAttribute,    // `attribute`
    InputRelationship, // `relationship`
};

enum class FilterOp {
    None,
    Value,       // __value
    Values,      // __values
    IsNull,      // __isnull
    SourceId,    // __source__id
    OwnerId,     // __owner__id
    IsVisible,   // __is_visible
    IsProtected, // __is_protected
    Ids,         // <rel>__ids
};

// An argument of a field or directive, or a field of an input object type.
struct GqlInputValue {
    QString name;
    TypeRef type;
    std::optional<QJsonValue> defaultValue; // nullopt: no default; QJsonValue::Null: `= null`
    QString description;
    QString deprecationReason; // empty when not deprecated
    ValueRole role = ValueRole::Plain;
    FilterOp op = FilterOp::None;
    QString
        attribute; // attribute name (AttributeFilter, RelationshipFilter on a peer attribute, InputAttribute)
    QString relationship; // relationship name (RelationshipFilter, InputRelationship)
    // InputAttribute/InputRelationship: Infrahub needs a value when it creates the node (attribute not
    // optional and without default, relationship not optional). Only Upsert inputs make such fields
    // non-null in the SDL (a 1.2 server leaves every Create field nullable, as profiles can fill them);
    // the executor enforces the rule for Create.
    bool requiredOnCreate = false;

    bool isRequired() const { return type.nonNull && !defaultValue.has_value(); }
};

// Ordered list of input values with a name index.
class InputValueList {
public:
    const QList<GqlInputValue> &items() const { return m_items; }
    qsizetype size() const { return m_items.size(); }
    bool isEmpty() const { return m_items.isEmpty(); }
    const GqlInputValue *find(const QString &name) const {
        const auto it = m_index.constFind(name);
        return it == m_index.cend() ? nullptr : &m_items.at(*it);
    }
    QStringList names() const;

    // Appends `value`; a value with an already used name replaces the earlier one (last wins, like
    // graphene's class attributes).
    void append(GqlInputValue value);
    void reserve(qsizetype n) {
        m_items.reserve(n);
        m_index.reserve(n);
    }

private:
    QList<GqlInputValue> m_items;
    QHash<QString, qsizetype> m_index;
};

struct GqlField {
    QString name;
    TypeRef type;
    std::shared_ptr<const InputValueList> args; // never null; shared between fields with the same filters
    QString description;
    QString deprecationReason;
    FieldRole role = FieldRole::Plain;
    QString schemaName; // attribute or relationship name (Attribute, Relationship)
    QString kind;       // ListKind/Mutation: the Infrahub kind; Relationship/Hierarchy*: the peer kind
    MutationAction action = MutationAction::None; // Mutation fields
    bool many = false;                            // Relationship: cardinality many

    const GqlInputValue *argument(const QString &argumentName) const { return args->find(argumentName); }
};

struct GqlType {
    QString name;
    TypeKind kind = TypeKind::Object;
    TypeRole role = TypeRole::Scalar;
    QString infrahubKind; // the Infrahub kind this type belongs to (PaginatedInfraDevice -> InfraDevice)
    MutationAction action = MutationAction::None; // MutationPayload: the mutation producing it
    QString description;
    bool builtIn = false; // String, Int ..., introspection types: not printed in the SDL
    TypeRef ref;          // this type as a nullable named type reference

    // Object and interface types
    QList<GqlField> fields;
    QHash<QString, qsizetype> fieldIndex;
    QStringList interfaces;    // implemented interfaces, in declaration order
    QStringList possibleTypes; // interfaces: implementing object types, in definition order
    QSet<QString> possibleTypeSet;

    // Input object types
    InputValueList inputFields;

    // Enum types
    QStringList enumValues;

    const GqlField *field(const QString &fieldName) const {
        const auto it = fieldIndex.constFind(fieldName);
        return it == fieldIndex.cend() ? nullptr : &fields.at(*it);
    }
    const GqlInputValue *inputField(const QString &fieldName) const { return inputFields.find(fieldName); }

    bool isLeaf() const { return kind == TypeKind::Scalar || kind == TypeKind::Enum; }
    bool isComposite() const { return kind == TypeKind::Object || kind == TypeKind::Interface; }
    bool isAbstract() const { return kind == TypeKind::Interface; }
    bool isInputType() const { return kind != TypeKind::Object && kind != TypeKind::Interface; }
    bool isOutputType() const { return kind != TypeKind::InputObject; }

    // Adds a field (replacing an existing one of the same name) and returns it.
    GqlField &addField(GqlField f);
};

struct GqlDirective {
    QString name;
    QString description;
    QStringList locations; // DirectiveLocation names: FIELD, FRAGMENT_SPREAD, QUERY ...
    InputValueList args;
    bool repeatable = false;
    bool builtIn = false; // @include, @skip, @deprecated, @specifiedBy: not printed in the SDL
};

} // namespace infrahub::sandbox::gql
