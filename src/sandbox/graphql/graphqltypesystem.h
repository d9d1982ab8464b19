// The GraphQL schema an Infrahub server generates for one branch's schema, built from the parsed
// `/api/schema` (infrahub::SchemaSet). It mirrors Infrahub 1.2's generator type for type: per node kind
// an object type with its Edged/Paginated/NestedEdged/NestedPaginated wrappers, a Query field with the
// generated filters and Create/Update/Upsert/Delete mutations with their inputs; per generic an interface
// (and an Update mutation); the fixed Branch/Info/attribute/permission types. The validator, SDL printer
// and executor all read it. Lookups by type and field name are hash lookups.
#pragma once

#include "graphqltypes.h"

#include "core/schema/schemamodel.h"

#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace infrahub::sandbox::gql {

class TypeSystem {
public:
    // Builds the type system for `schema`. Kinds in the `Internal` namespace and relationships to kinds
    // the schema does not contain are left out, as Infrahub does for internal peers.
    static TypeSystem fromSchema(const SchemaSet &schema);

    TypeSystem(TypeSystem &&) noexcept;
    TypeSystem &operator=(TypeSystem &&) noexcept;
    TypeSystem(const TypeSystem &) = delete;
    TypeSystem &operator=(const TypeSystem &) = delete;
    ~TypeSystem();

    const SchemaSet &schema() const { return m_schema; }

    const GqlType *type(const QString &name) const;
    const GqlType *queryType() const { return m_query; }
    const GqlType *mutationType() const { return m_mutation; }
    const GqlType *subscriptionType() const { return nullptr; } // the sandbox serves no subscriptions
    // All named types in definition order (the order the SDL printer uses).
    const std::vector<const GqlType *> &types() const { return m_order; }

    const QList<GqlDirective> &directives() const { return m_directives; }
    const GqlDirective *directive(const QString &name) const;

    // The field `fieldName` of `parent` as a query may select it, including the meta fields
    // __typename (any composite type) and __schema/__type (the query type), like graphql-core's
    // TypeInfo.get_field_def. Null when there is no such field.
    const GqlField *fieldDefinition(const GqlType *parent, const QString &fieldName) const;

    // Abstract type relations (only interfaces are abstract here: Infrahub generates no unions).
    bool isPossibleType(const GqlType *abstractType, const GqlType *objectType) const;
    // graphql-core's is_sub_type: `maybeSub` implements the interface `abstractType`.
    bool isSubType(const GqlType *abstractType, const GqlType *maybeSub) const;
    // graphql-core's do_types_overlap for composite types.
    bool doTypesOverlap(const GqlType *a, const GqlType *b) const;
    // Object types an abstract type may resolve to (the type itself for object types).
    QList<const GqlType *> possibleTypes(const GqlType *type) const;

    // Type of a value of `ref`'s innermost named type.
    const GqlType *namedType(const TypeRef &ref) const { return type(ref.namedType()); }
    // The variable/argument type `ref` if its named type exists (graphql-core's type_from_ast).
    bool typeExists(const TypeRef &ref) const { return type(ref.namedType()) != nullptr; }

    // Build time of the last fromSchema() call, for diagnostics.
    qint64 buildNanoseconds() const { return m_buildNs; }

private:
    TypeSystem();
    friend class TypeSystemBuilder;

    SchemaSet m_schema;
    std::vector<std::unique_ptr<GqlType>> m_storage;
    std::vector<const GqlType *> m_order;
    QHash<QString, GqlType *> m_byName;
    QList<GqlDirective> m_directives;
    QHash<QString, qsizetype> m_directiveIndex;
    const GqlType *m_query = nullptr;
    const GqlType *m_mutation = nullptr;
    std::unique_ptr<GqlField> m_typenameField;
    std::unique_ptr<GqlField> m_schemaField;
    std::unique_ptr<GqlField> m_typeField;
    qint64 m_buildNs = 0;
};

} // namespace infrahub::sandbox::gql
