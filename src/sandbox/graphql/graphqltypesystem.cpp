// Generation of the GraphQL types from an Infrahub schema. The rules follow Infrahub 1.2's
// GraphQLSchemaManager (which wrappers exist for nodes and generics, how filters are derived from
// attributes, what goes into mutation inputs); type and field names, argument lists and nullability were
// checked against the SDL such a server printed (third_party/infrahub-reference/sdl).
#include "graphqltypesystem.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>

namespace infrahub::sandbox::gql {

QStringList InputValueList::names() const {
    QStringList out;
    out.reserve(m_items.size());
    for (const GqlInputValue &v : m_items)
        out.append(v.name);
    return out;
}

void InputValueList::append(GqlInputValue value) {
    const auto it = m_index.constFind(value.name);
    if (it != m_index.cend()) {
        m_items[*it] = std::move(value);
        return;
    }
    m_index.insert(value.name, m_items.size());
    m_items.append(std::move(value));
}

GqlField &GqlType::addField(GqlField f) {
    const auto it = fieldIndex.constFind(f.name);
    if (it != fieldIndex.cend()) {
        fields[*it] = std::move(f);
        return fields[*it];
    }
    fieldIndex.insert(f.name, fields.size());
    fields.append(std::move(f));
    return fields.last();
}

namespace {

// How one Infrahub attribute kind appears in GraphQL (Infrahub's infrahub/types.py table).
struct AttributeKindInfo {
    QString queryType;    // object type of the node field
    QString filterScalar; // scalar of <attr>__value filters
    QString createInput;
    QString updateInput;
};

const AttributeKindInfo &attributeKindInfo(const QString &kind) {
    static const AttributeKindInfo text{QStringLiteral("TextAttribute"), QStringLiteral("String"),
                                        QStringLiteral("TextAttributeCreate"),
                                        QStringLiteral("TextAttributeUpdate")};
    static const AttributeKindInfo dateTime{QStringLiteral("TextAttribute"), QStringLiteral("DateTime"),
                                            QStringLiteral("TextAttributeCreate"),
                                            QStringLiteral("TextAttributeUpdate")};
    static const AttributeKindInfo macAddress{QStringLiteral("MacAddress"), QStringLiteral("String"),
                                              QStringLiteral("TextAttributeCreate"),
                                              QStringLiteral("TextAttributeUpdate")};
    static const AttributeKindInfo dropdown{QStringLiteral("Dropdown"), QStringLiteral("String"),
                                            QStringLiteral("TextAttributeCreate"),
                                            QStringLiteral("TextAttributeUpdate")};
    static const AttributeKindInfo number{QStringLiteral("NumberAttribute"), QStringLiteral("BigInt"),
                                          QStringLiteral("NumberAttributeCreate"),
                                          QStringLiteral("NumberAttributeUpdate")};
    static const AttributeKindInfo bandwidth{QStringLiteral("NumberAttribute"), QStringLiteral("Int"),
                                             QStringLiteral("NumberAttributeCreate"),
                                             QStringLiteral("NumberAttributeUpdate")};
    static const AttributeKindInfo ipHost{QStringLiteral("IPHost"), QStringLiteral("String"),
                                          QStringLiteral("TextAttributeCreate"),
                                          QStringLiteral("TextAttributeUpdate")};
    static const AttributeKindInfo ipNetwork{QStringLiteral("IPNetwork"), QStringLiteral("String"),
                                             QStringLiteral("TextAttributeCreate"),
                                             QStringLiteral("TextAttributeUpdate")};
    static const AttributeKindInfo checkbox{QStringLiteral("CheckboxAttribute"), QStringLiteral("Boolean"),
                                            QStringLiteral("CheckboxAttributeCreate"),
                                            QStringLiteral("CheckboxAttributeUpdate")};
    static const AttributeKindInfo list{QStringLiteral("ListAttribute"), QStringLiteral("GenericScalar"),
                                        QStringLiteral("ListAttributeCreate"),
                                        QStringLiteral("ListAttributeUpdate")};
    static const AttributeKindInfo json{QStringLiteral("JSONAttribute"), QStringLiteral("GenericScalar"),
                                        QStringLiteral("JSONAttributeCreate"),
                                        QStringLiteral("JSONAttributeUpdate")};
    static const AttributeKindInfo any{QStringLiteral("AnyAttribute"), QStringLiteral("GenericScalar"),
                                       QStringLiteral("AnyAttributeCreate"),
                                       QStringLiteral("AnyAttributeUpdate")};
    static const QHash<QString, const AttributeKindInfo *> table = {
        {QStringLiteral("ID"), &text},
        {QStringLiteral("Text"), &text},
        {QStringLiteral("TextArea"), &text},
        {QStringLiteral("DateTime"), &dateTime},
        {QStringLiteral("Email"), &text},
        {QStringLiteral("Password"), &text},
        {QStringLiteral("HashedPassword"), &text},
        {QStringLiteral("URL"), &text},
        {QStringLiteral("File"), &text},
        {QStringLiteral("MacAddress"), &macAddress},
        {QStringLiteral("Color"), &text},
        {QStringLiteral("Dropdown"), &dropdown},
        {QStringLiteral("Number"), &number},
        {QStringLiteral("NumberPool"), &number}, // newer servers: a Number fed by a pool
        {QStringLiteral("Bandwidth"), &bandwidth},
        {QStringLiteral("IPHost"), &ipHost},
        {QStringLiteral("IPNetwork"), &ipNetwork},
        {QStringLiteral("Boolean"), &checkbox},
        {QStringLiteral("Checkbox"), &checkbox},
        {QStringLiteral("List"), &list},
        {QStringLiteral("JSON"), &json},
        {QStringLiteral("Any"), &any},
    };
    // Unknown kinds fall back to text, like Infrahub's "Default" data type (a String filter).
    return *table.value(kind, &text);
}

bool isHierarchyRelationshipName(const QString &name) {
    return name == u"parent" || name == u"children" || name == u"ancestors" || name == u"descendants";
}

} // namespace

// Builds all types of one TypeSystem. Kept as a class so the many helpers share the caches.
class TypeSystemBuilder {
public:
    explicit TypeSystemBuilder(TypeSystem &ts)
        : m_ts(ts)
        , m_schema(ts.m_schema) {}

    void build();

private:
    // --- type references -------------------------------------------------------------------------
    static TypeRef named(const QString &name, bool nonNull = false) {
        TypeRef r;
        r.name = name;
        r.nonNull = nonNull;
        return r;
    }
    // [name] / [name!] with optional outer `!`. Element references are shared between all uses.
    TypeRef listOf(const QString &name, bool itemNonNull = false, bool nonNull = false) {
        const QString key = itemNonNull ? name + QLatin1Char('!') : name;
        auto &item = m_listItems[key];
        if (!item)
            item = std::make_shared<TypeRef>(named(name, itemNonNull));
        TypeRef r;
        r.ofType = item;
        r.nonNull = nonNull;
        return r;
    }

    // --- type creation ---------------------------------------------------------------------------
    GqlType &addType(const QString &name, TypeKind kind, TypeRole role, const QString &infrahubKind = {}) {
        auto t = std::make_unique<GqlType>();
        t->name = name;
        t->kind = kind;
        t->role = role;
        t->infrahubKind = infrahubKind;
        t->ref = named(name);
        GqlType *raw = t.get();
        m_ts.m_byName.insert(name, raw);
        m_ts.m_order.push_back(raw);
        m_ts.m_storage.push_back(std::move(t));
        return *raw;
    }
    GqlType &typeNamed(const QString &name) { return *m_ts.m_byName.value(name); }
    bool hasType(const QString &name) const { return m_ts.m_byName.contains(name); }

    GqlField field(const QString &name, TypeRef type, FieldRole role = FieldRole::Plain) {
        GqlField f;
        f.name = name;
        f.type = std::move(type);
        f.role = role;
        f.args = m_noArgs;
        return f;
    }
    static GqlInputValue value(const QString &name, TypeRef type, ValueRole role = ValueRole::Plain) {
        GqlInputValue v;
        v.name = name;
        v.type = std::move(type);
        v.role = role;
        return v;
    }

    // --- pieces ----------------------------------------------------------------------------------
    void addScalarsAndEnums();
    void addPermissionTypes();
    void addAttributeTypes();
    void addFixedObjectTypes();
    void addDiffTypes();
    void addInterfaceShell(const KindSchema &generic);
    void addSyntheticInterface(const QString &name);
    void addNodeShell(const KindSchema &node);
    void addWrappers(const KindSchema &kind, bool generic);
    void addAttributeFields(GqlType &type, const KindSchema &kind);
    void addRelationshipFields(GqlType &type, const KindSchema &kind);
    void addQuery();
    void addInputBuildingBlocks();
    void addNodeMutations(GqlType &mutation, const KindSchema &kind);
    void addGenericUpdateMutation(GqlType &mutation, const KindSchema &kind);
    void addFixedMutations(GqlType &mutation);
    void addIntrospectionTypes();
    void addDirectives();
    void reconcileInterfaces();
    void computePossibleTypes();

    InputValueList mutationInput(const KindSchema &kind, MutationAction action);
    QString relatedInputType(const RelationshipSchema &rel) const;
    const KindSchema *hierarchyOf(const KindSchema &kind) const;
    bool isExposed(const QString &kind) const { return m_exposed.contains(kind); }
    const KindSchema *exposedKind(const QString &kind) const { return m_exposed.value(kind); }

    void appendAttributeFilters(InputValueList &out, const AttributeSchema &a, bool topLevel,
                                bool withProperties, const QString &relationship);
    std::shared_ptr<const InputValueList> nestedFilters(const KindSchema &peer, bool includeDescendants);
    std::shared_ptr<const InputValueList> queryFilters(const KindSchema &kind);

    TypeSystem &m_ts;
    const SchemaSet &m_schema;
    QList<const KindSchema *> m_kinds; // exposed kinds in schema order
    QHash<QString, const KindSchema *> m_exposed;
    QHash<QString, std::shared_ptr<TypeRef>> m_listItems;
    QHash<QString, std::shared_ptr<const InputValueList>> m_nestedFilterCache;
    std::shared_ptr<const InputValueList> m_noArgs = std::make_shared<InputValueList>();
};

void TypeSystemBuilder::build() {
    for (const KindSchema &k : m_schema.kinds()) {
        if (k.ns == u"Internal")
            continue;
        m_kinds.append(&k);
        m_exposed.insert(k.kind, &k);
    }

    addScalarsAndEnums();
    addPermissionTypes();

    // Interfaces first: attribute types and RelationshipProperty point at LineageSource/LineageOwner,
    // every node implements CoreNode. A schema without them still gets bare interfaces of that name.
    for (const KindSchema *k : std::as_const(m_kinds))
        if (k->isGeneric())
            addInterfaceShell(*k);
    for (const QString &name :
         {QStringLiteral("CoreNode"), QStringLiteral("LineageSource"), QStringLiteral("LineageOwner")})
        if (!hasType(name))
            addSyntheticInterface(name);

    addAttributeTypes();
    {
        GqlType &rp =
            addType(QStringLiteral("RelationshipProperty"), TypeKind::Object, TypeRole::RelationshipProperty);
        rp.description = QStringLiteral("Defines properties for relationships");
        rp.addField(field(QStringLiteral("is_visible"), named(QStringLiteral("Boolean"))));
        rp.addField(field(QStringLiteral("is_protected"), named(QStringLiteral("Boolean"))));
        rp.addField(field(QStringLiteral("updated_at"), named(QStringLiteral("DateTime"))));
        rp.addField(field(QStringLiteral("source"), named(QStringLiteral("LineageSource"))));
        rp.addField(field(QStringLiteral("owner"), named(QStringLiteral("LineageOwner"))));
    }
    {
        GqlType &order = addType(QStringLiteral("OrderInput"), TypeKind::InputObject, TypeRole::Input);
        order.inputFields.append(value(QStringLiteral("disable"), named(QStringLiteral("Boolean"))));
    }

    // Wrappers of the generics (including the synthetic CoreNode), then node types with theirs.
    for (const GqlType *t : std::vector<const GqlType *>(m_ts.m_order))
        if (t->role == TypeRole::NodeInterface) {
            const KindSchema *k = exposedKind(t->name);
            if (k)
                addWrappers(*k, true);
            else {
                KindSchema synthetic;
                synthetic.type = SchemaKindType::Generic;
                synthetic.kind = t->name;
                addWrappers(synthetic, true);
            }
        }
    for (const KindSchema *k : std::as_const(m_kinds))
        if (!k->isGeneric()) {
            addNodeShell(*k);
            addWrappers(*k, false);
        }

    // Relationship fields last, after every kind's attribute fields, in the order the server adds them.
    for (const KindSchema *k : std::as_const(m_kinds))
        addRelationshipFields(typeNamed(k->kind), *k);

    addFixedObjectTypes();
    addDiffTypes();
    addQuery();
    addInputBuildingBlocks();
    GqlType &mutation = addType(QStringLiteral("Mutation"), TypeKind::Object, TypeRole::Mutation);
    m_ts.m_mutation = &mutation;
    for (const KindSchema *k : std::as_const(m_kinds)) {
        if (k->isGeneric())
            addGenericUpdateMutation(mutation, *k);
        else
            addNodeMutations(mutation, *k);
    }
    addFixedMutations(mutation);
    addIntrospectionTypes();
    addDirectives();
    reconcileInterfaces();
    computePossibleTypes();
}

void TypeSystemBuilder::addScalarsAndEnums() {
    for (const char *name : {"String", "Int", "Float", "Boolean", "ID"})
        addType(QString::fromLatin1(name), TypeKind::Scalar, TypeRole::Scalar).builtIn = true;
    addType(QStringLiteral("DateTime"), TypeKind::Scalar, TypeRole::Scalar).description =
        QStringLiteral("The `DateTime` scalar type represents a DateTime\nvalue as specified by\n"
                       "[iso8601](https://en.wikipedia.org/wiki/ISO_8601).");
    addType(QStringLiteral("BigInt"), TypeKind::Scalar, TypeRole::Scalar).description = QStringLiteral(
        "The `BigInt` scalar type represents non-fractional whole numeric values.\n`BigInt` is not "
        "constrained to 32-bit like the `Int` type and thus is a less\ncompatible type.");
    addType(QStringLiteral("GenericScalar"), TypeKind::Scalar, TypeRole::Scalar).description = QStringLiteral(
        "The `GenericScalar` scalar type represents a generic\nGraphQL scalar value that could "
        "be:\nString, Boolean, Int, Float, List or Object.");
    GqlType &decision =
        addType(QStringLiteral("BranchRelativePermissionDecision"), TypeKind::Enum, TypeRole::Enum);
    decision.description = QStringLiteral("An enumeration.");
    decision.enumValues = {QStringLiteral("DENY"), QStringLiteral("ALLOW"), QStringLiteral("ALLOW_DEFAULT"),
                           QStringLiteral("ALLOW_OTHER")};
}

void TypeSystemBuilder::addPermissionTypes() {
    const TypeRef decision = named(QStringLiteral("BranchRelativePermissionDecision"));
    const TypeRef decisionNN = named(QStringLiteral("BranchRelativePermissionDecision"), true);
    GqlType &perm = addType(QStringLiteral("PermissionType"), TypeKind::Object, TypeRole::Permission);
    perm.addField(field(QStringLiteral("update_value"), decision));

    GqlType &objectPermission =
        addType(QStringLiteral("ObjectPermission"), TypeKind::Object, TypeRole::Permission);
    objectPermission.addField(field(QStringLiteral("kind"), named(QStringLiteral("String"), true)));
    for (const char *n : {"view", "create", "update", "delete"})
        objectPermission.addField(field(QString::fromLatin1(n), decisionNN));

    GqlType &node = addType(QStringLiteral("ObjectPermissionNode"), TypeKind::Object, TypeRole::Permission);
    node.addField(
        field(QStringLiteral("node"), named(QStringLiteral("ObjectPermission"), true), FieldRole::EdgeNode));

    GqlType &paginated =
        addType(QStringLiteral("PaginatedObjectPermission"), TypeKind::Object, TypeRole::Permission);
    paginated.addField(field(QStringLiteral("count"), named(QStringLiteral("Int"), true), FieldRole::Count));
    paginated.addField(field(QStringLiteral("edges"),
                             listOf(QStringLiteral("ObjectPermissionNode"), true, true), FieldRole::Edges));
}

void TypeSystemBuilder::addAttributeTypes() {
    const TypeRef boolean = named(QStringLiteral("Boolean"));
    const TypeRef string = named(QStringLiteral("String"));
    const TypeRef dateTime = named(QStringLiteral("DateTime"));

    GqlType &iface =
        addType(QStringLiteral("AttributeInterface"), TypeKind::Interface, TypeRole::AttributeInterface);
    iface.addField(field(QStringLiteral("is_default"), boolean));
    iface.addField(field(QStringLiteral("is_protected"), boolean));
    iface.addField(field(QStringLiteral("is_visible"), boolean));
    iface.addField(field(QStringLiteral("updated_at"), dateTime));

    // Extra fields of each attribute type between the common head and the lineage tail, in the order
    // the real server prints them.
    struct Extra {
        const char *name;
        const char *type;
    };
    struct AttributeTypeDef {
        const char *name;
        const char *description;
        std::vector<Extra> beforeMeta; // Dropdown lists its values before id/permissions
        std::vector<Extra> afterMeta;
    };
    const std::vector<AttributeTypeDef> defs = {
        {"TextAttribute", "Attribute of type Text", {}, {{"value", "String"}}},
        {"Dropdown",
         "Attribute of type Dropdown",
         {{"value", "String"}, {"label", "String"}, {"color", "String"}, {"description", "String"}},
         {}},
        {"NumberAttribute", "Attribute of type Number", {}, {{"value", "BigInt"}}},
        {"IPHost",
         "Attribute of type IPHost",
         {},
         {{"value", "String"},
          {"ip", "String"},
          {"hostmask", "String"},
          {"netmask", "String"},
          {"prefixlen", "Int"},
          {"version", "Int"},
          {"with_hostmask", "String"},
          {"with_netmask", "String"}}},
        {"IPNetwork",
         "Attribute of type IPNetwork",
         {},
         {{"value", "String"},
          {"broadcast_address", "String"},
          {"hostmask", "String"},
          {"netmask", "String"},
          {"prefixlen", "Int"},
          {"num_addresses", "Int"},
          {"version", "Int"},
          {"with_hostmask", "String"},
          {"with_netmask", "String"}}},
        {"MacAddress",
         "Attribute of type MacAddress",
         {},
         {{"value", "String"},
          {"oui", "String"},
          {"ei", "String"},
          {"version", "Int"},
          {"binary", "String"},
          {"eui48", "String"},
          {"eui64", "String"},
          {"bare", "String"},
          {"dot_notation", "String"},
          {"semicolon_notation", "String"},
          {"split_notation", "String"}}},
        {"CheckboxAttribute", "Attribute of type Checkbox", {}, {{"value", "Boolean"}}},
        {"ListAttribute", "Attribute of type List", {}, {{"value", "GenericScalar"}}},
        {"JSONAttribute", "Attribute of type JSON", {}, {{"value", "GenericScalar"}}},
        {"AnyAttribute", "Attribute of type GenericScalar", {}, {{"value", "GenericScalar"}}},
    };
    for (const AttributeTypeDef &def : defs) {
        GqlType &t = addType(QString::fromLatin1(def.name), TypeKind::Object, TypeRole::Attribute);
        t.description = QString::fromLatin1(def.description);
        t.interfaces = {QStringLiteral("AttributeInterface")};
        for (const GqlField &f : std::as_const(iface.fields))
            t.addField(f);
        for (const Extra &e : def.beforeMeta)
            t.addField(field(QString::fromLatin1(e.name), named(QString::fromLatin1(e.type))));
        t.addField(field(QStringLiteral("id"), string));
        t.addField(field(QStringLiteral("is_from_profile"), boolean));
        t.addField(field(QStringLiteral("permissions"), named(QStringLiteral("PermissionType"))));
        for (const Extra &e : def.afterMeta)
            t.addField(field(QString::fromLatin1(e.name), named(QString::fromLatin1(e.type))));
        t.addField(field(QStringLiteral("source"), named(QStringLiteral("LineageSource"))));
        t.addField(field(QStringLiteral("owner"), named(QStringLiteral("LineageOwner"))));
    }
}

void TypeSystemBuilder::addInterfaceShell(const KindSchema &generic) {
    GqlType &t = addType(generic.kind, TypeKind::Interface, TypeRole::NodeInterface, generic.kind);
    t.description = generic.description;
    t.addField(field(QStringLiteral("id"), named(QStringLiteral("String")), FieldRole::NodeId));
    t.addField(field(QStringLiteral("hfid"), listOf(QStringLiteral("String"), true), FieldRole::NodeHfid));
    t.addField(
        field(QStringLiteral("display_label"), named(QStringLiteral("String")), FieldRole::NodeDisplayLabel));
    addAttributeFields(t, generic);
}

void TypeSystemBuilder::addSyntheticInterface(const QString &name) {
    GqlType &t = addType(name, TypeKind::Interface, TypeRole::NodeInterface, name);
    if (name == u"CoreNode")
        t.description = QStringLiteral("Interface for all nodes in Infrahub");
    t.addField(field(QStringLiteral("id"), named(QStringLiteral("String")), FieldRole::NodeId));
    t.addField(field(QStringLiteral("hfid"), listOf(QStringLiteral("String"), true), FieldRole::NodeHfid));
    t.addField(
        field(QStringLiteral("display_label"), named(QStringLiteral("String")), FieldRole::NodeDisplayLabel));
}

void TypeSystemBuilder::addNodeShell(const KindSchema &node) {
    GqlType &t = addType(node.kind, TypeKind::Object, TypeRole::Node, node.kind);
    t.description = node.description;
    for (const QString &generic : node.inheritFrom)
        if (const KindSchema *g = exposedKind(generic);
            g && g->isGeneric() && !t.interfaces.contains(generic))
            t.interfaces.append(generic);
    // Nodes implement CoreNode unless they are groups; profiles and templates list it in inherit_from.
    if (node.isNode() && !node.inheritFrom.contains(u"CoreGroup") && !t.interfaces.contains(u"CoreNode"))
        t.interfaces.prepend(QStringLiteral("CoreNode"));

    t.addField(field(QStringLiteral("id"), named(QStringLiteral("String"), true), FieldRole::NodeId));
    t.addField(field(QStringLiteral("hfid"), listOf(QStringLiteral("String"), true), FieldRole::NodeHfid));
    t.addField(
        field(QStringLiteral("display_label"), named(QStringLiteral("String")), FieldRole::NodeDisplayLabel));
    t.addField(
        field(QStringLiteral("_updated_at"), named(QStringLiteral("DateTime")), FieldRole::NodeUpdatedAt));
    addAttributeFields(t, node);
}

void TypeSystemBuilder::addAttributeFields(GqlType &type, const KindSchema &kind) {
    for (const AttributeSchema &a : kind.attributes) {
        GqlField f = field(a.name, named(attributeKindInfo(a.kind).queryType), FieldRole::Attribute);
        f.schemaName = a.name;
        f.description = a.description;
        type.addField(std::move(f));
    }
}

void TypeSystemBuilder::addWrappers(const KindSchema &kind, bool generic) {
    const QString &k = kind.kind;
    const TypeRef node = named(k);

    GqlType &edged = addType(QStringLiteral("Edged") + k, TypeKind::Object, TypeRole::Edged, k);
    edged.description = kind.description;
    edged.addField(field(QStringLiteral("node"), node, FieldRole::EdgeNode));

    GqlType &paginated = addType(QStringLiteral("Paginated") + k, TypeKind::Object, TypeRole::Paginated, k);
    paginated.description = kind.description;
    paginated.addField(field(QStringLiteral("count"), named(QStringLiteral("Int"), true), FieldRole::Count));
    paginated.addField(field(QStringLiteral("edges"), listOf(edged.name, true, true), FieldRole::Edges));
    paginated.addField(field(QStringLiteral("permissions"),
                             named(QStringLiteral("PaginatedObjectPermission"), true),
                             FieldRole::Permissions));

    // Nested wrappers differ for generics: the edge carries _updated_at, the page has no permissions
    // and its edge list may be null (Infrahub builds them with a separate helper).
    GqlType &nestedEdged =
        addType(QStringLiteral("NestedEdged") + k, TypeKind::Object, TypeRole::NestedEdged, k);
    nestedEdged.description = kind.description;
    nestedEdged.addField(field(QStringLiteral("node"), node, FieldRole::EdgeNode));
    if (generic)
        nestedEdged.addField(field(QStringLiteral("_updated_at"), named(QStringLiteral("DateTime")),
                                   FieldRole::NodeUpdatedAt));
    nestedEdged.addField(field(QStringLiteral("properties"), named(QStringLiteral("RelationshipProperty")),
                               FieldRole::EdgeProperties));

    GqlType &nestedPaginated =
        addType(QStringLiteral("NestedPaginated") + k, TypeKind::Object, TypeRole::NestedPaginated, k);
    nestedPaginated.description = kind.description;
    nestedPaginated.addField(
        field(QStringLiteral("count"), named(QStringLiteral("Int"), true), FieldRole::Count));
    nestedPaginated.addField(
        field(QStringLiteral("edges"), listOf(nestedEdged.name, true, !generic), FieldRole::Edges));
    if (!generic)
        nestedPaginated.addField(field(QStringLiteral("permissions"),
                                       named(QStringLiteral("PaginatedObjectPermission"), true),
                                       FieldRole::Permissions));
}

const KindSchema *TypeSystemBuilder::hierarchyOf(const KindSchema &kind) const {
    if (kind.isGeneric())
        return kind.hierarchical ? &kind : nullptr;
    if (!kind.hierarchy.isEmpty()) {
        const KindSchema *h = exposedKind(kind.hierarchy);
        return h && h->isGeneric() ? h : nullptr;
    }
    // Infrahub sets `hierarchy` on every node of a hierarchical generic; a hand-written /api/schema
    // may not, and the node must still provide the generic's parent/children fields.
    if (kind.isNode())
        for (const QString &g : kind.inheritFrom)
            if (const KindSchema *generic = exposedKind(g);
                generic && generic->isGeneric() && generic->hierarchical)
                return generic;
    return nullptr;
}

void TypeSystemBuilder::appendAttributeFilters(InputValueList &out, const AttributeSchema &a, bool topLevel,
                                               bool withProperties, const QString &relationship) {
    const QString &scalar = attributeKindInfo(a.kind).filterScalar;
    const QString base = relationship.isEmpty()
                             ? QString(a.name + QLatin1String("__"))
                             : QString(relationship + QLatin1String("__") + a.name + QLatin1String("__"));
    const ValueRole role =
        relationship.isEmpty() ? ValueRole::AttributeFilter : ValueRole::RelationshipFilter;
    auto add = [&](const QString &suffix, TypeRef type, FilterOp op) {
        GqlInputValue v = value(base + suffix, std::move(type), role);
        v.op = op;
        v.attribute = a.name;
        v.relationship = relationship;
        out.append(std::move(v));
    };
    add(QStringLiteral("value"), named(scalar), FilterOp::Value);
    add(QStringLiteral("values"), listOf(scalar), FilterOp::Values);
    if (topLevel && relationship.isEmpty())
        add(QStringLiteral("isnull"), named(QStringLiteral("Boolean")), FilterOp::IsNull);
    if (!withProperties)
        return;
    add(QStringLiteral("source__id"), named(QStringLiteral("ID")), FilterOp::SourceId);
    add(QStringLiteral("owner__id"), named(QStringLiteral("ID")), FilterOp::OwnerId);
    add(QStringLiteral("is_visible"), named(QStringLiteral("Boolean")), FilterOp::IsVisible);
    add(QStringLiteral("is_protected"), named(QStringLiteral("Boolean")), FilterOp::IsProtected);
}

std::shared_ptr<const InputValueList> TypeSystemBuilder::nestedFilters(const KindSchema &peer,
                                                                       bool includeDescendants) {
    const QString key = includeDescendants ? peer.kind + QLatin1Char('+') : peer.kind;
    if (auto cached = m_nestedFilterCache.value(key))
        return cached;
    auto list = std::make_shared<InputValueList>();
    list->reserve(6 + peer.attributes.size() * 6);
    list->append(value(QStringLiteral("offset"), named(QStringLiteral("Int")), ValueRole::Offset));
    list->append(value(QStringLiteral("limit"), named(QStringLiteral("Int")), ValueRole::Limit));
    list->append(value(QStringLiteral("order"), named(QStringLiteral("OrderInput")), ValueRole::Order));
    list->append(value(QStringLiteral("ids"), listOf(QStringLiteral("ID")), ValueRole::Ids));
    list->append(value(QStringLiteral("isnull"), named(QStringLiteral("Boolean")), ValueRole::IsNull));
    for (const AttributeSchema &a : peer.attributes)
        appendAttributeFilters(*list, a, false, true, {});
    if (includeDescendants)
        list->append(value(QStringLiteral("include_descendants"), named(QStringLiteral("Boolean")),
                           ValueRole::IncludeDescendants));
    m_nestedFilterCache.insert(key, list);
    return list;
}

std::shared_ptr<const InputValueList> TypeSystemBuilder::queryFilters(const KindSchema &kind) {
    auto list = std::make_shared<InputValueList>();
    list->append(value(QStringLiteral("offset"), named(QStringLiteral("Int")), ValueRole::Offset));
    list->append(value(QStringLiteral("limit"), named(QStringLiteral("Int")), ValueRole::Limit));
    list->append(value(QStringLiteral("order"), named(QStringLiteral("OrderInput")), ValueRole::Order));
    list->append(value(QStringLiteral("ids"), listOf(QStringLiteral("ID")), ValueRole::Ids));
    if (!kind.humanFriendlyId.isEmpty())
        list->append(value(QStringLiteral("hfid"), listOf(QStringLiteral("String")), ValueRole::Hfid));
    for (const AttributeSchema &a : kind.attributes)
        appendAttributeFilters(*list, a, true, true, {});

    // any__* searches all attributes; typed like a Default (text) attribute, without __isnull.
    auto addAny = [&](const QString &suffix, TypeRef type, FilterOp op) {
        GqlInputValue v = value(QStringLiteral("any__") + suffix, std::move(type), ValueRole::AnyFilter);
        v.op = op;
        list->append(std::move(v));
    };
    addAny(QStringLiteral("value"), named(QStringLiteral("String")), FilterOp::Value);
    addAny(QStringLiteral("values"), listOf(QStringLiteral("String")), FilterOp::Values);
    addAny(QStringLiteral("source__id"), named(QStringLiteral("ID")), FilterOp::SourceId);
    addAny(QStringLiteral("owner__id"), named(QStringLiteral("ID")), FilterOp::OwnerId);
    addAny(QStringLiteral("is_visible"), named(QStringLiteral("Boolean")), FilterOp::IsVisible);
    addAny(QStringLiteral("is_protected"), named(QStringLiteral("Boolean")), FilterOp::IsProtected);
    list->append(
        value(QStringLiteral("partial_match"), named(QStringLiteral("Boolean")), ValueRole::PartialMatch));

    // One level of relationship filters: the peer's ids/isnull and its attribute filters. Group
    // relationships (member_of_groups ...) only get value/values.
    for (const RelationshipSchema &rel : kind.relationships) {
        const KindSchema *peer = exposedKind(rel.peer);
        if (!peer)
            continue;
        GqlInputValue ids = value(rel.name + QLatin1String("__ids"), listOf(QStringLiteral("ID")),
                                  ValueRole::RelationshipFilter);
        ids.op = FilterOp::Ids;
        ids.relationship = rel.name;
        list->append(std::move(ids));
        GqlInputValue isNull = value(rel.name + QLatin1String("__isnull"), named(QStringLiteral("Boolean")),
                                     ValueRole::RelationshipFilter);
        isNull.op = FilterOp::IsNull;
        isNull.relationship = rel.name;
        list->append(std::move(isNull));
        const bool withProperties = rel.kind != u"Group";
        for (const AttributeSchema &a : peer->attributes)
            appendAttributeFilters(*list, a, false, withProperties, rel.name);
    }
    return list;
}

void TypeSystemBuilder::addRelationshipFields(GqlType &type, const KindSchema &kind) {
    const KindSchema *hierarchy = hierarchyOf(kind);
    for (const RelationshipSchema &rel : kind.relationships) {
        // parent/children of a hierarchical kind are typed with the hierarchy generic below.
        if (hierarchy && isHierarchyRelationshipName(rel.name))
            continue;
        const KindSchema *peer = exposedKind(rel.peer);
        if (!peer)
            continue;
        GqlField f;
        f.name = rel.name;
        f.role = FieldRole::Relationship;
        f.schemaName = rel.name;
        f.kind = peer->kind;
        f.description = rel.description;
        f.many = rel.isMany();
        if (rel.isMany()) {
            f.type = named(QStringLiteral("NestedPaginated") + peer->kind, true);
            f.args = nestedFilters(*peer, hierarchy != nullptr);
        } else {
            f.type = named(QStringLiteral("NestedEdged") + peer->kind, true);
            f.args = m_noArgs;
        }
        type.addField(std::move(f));
    }
    if (!hierarchy)
        return;
    const auto filters = nestedFilters(*hierarchy, false);
    const TypeRef paginated = named(QStringLiteral("NestedPaginated") + hierarchy->kind, true);
    GqlField parent =
        field(QStringLiteral("parent"), named(QStringLiteral("NestedEdged") + hierarchy->kind, true),
              FieldRole::HierarchyParent);
    parent.kind = hierarchy->kind;
    parent.schemaName = QStringLiteral("parent");
    type.addField(std::move(parent));
    const std::pair<const char *, FieldRole> many[] = {{"children", FieldRole::HierarchyChildren},
                                                       {"ancestors", FieldRole::HierarchyAncestors},
                                                       {"descendants", FieldRole::HierarchyDescendants}};
    for (const auto &[name, role] : many) {
        GqlField f = field(QString::fromLatin1(name), paginated, role);
        f.args = filters;
        f.kind = hierarchy->kind;
        f.schemaName = f.name;
        f.many = true;
        type.addField(std::move(f));
    }
}

void TypeSystemBuilder::addFixedObjectTypes() {
    const TypeRef string = named(QStringLiteral("String"));
    const TypeRef boolean = named(QStringLiteral("Boolean"));
    GqlType &branch = addType(QStringLiteral("Branch"), TypeKind::Object, TypeRole::Branch);
    branch.addField(field(QStringLiteral("id"), named(QStringLiteral("String"), true)));
    branch.addField(field(QStringLiteral("name"), named(QStringLiteral("String"), true)));
    for (const char *n : {"description", "origin_branch", "branched_from", "created_at"})
        branch.addField(field(QString::fromLatin1(n), string));
    branch.addField(field(QStringLiteral("sync_with_git"), boolean));
    branch.addField(field(QStringLiteral("is_default"), boolean));
    GqlField isolated = field(QStringLiteral("is_isolated"), boolean);
    isolated.deprecationReason = QStringLiteral("non isolated mode is not supported anymore");
    branch.addField(std::move(isolated));
    branch.addField(field(QStringLiteral("has_schema_changes"), boolean));

    GqlType &info = addType(QStringLiteral("Info"), TypeKind::Object, TypeRole::Info);
    info.addField(field(QStringLiteral("deployment_id"), named(QStringLiteral("String"), true)));
    info.addField(field(QStringLiteral("version"), named(QStringLiteral("String"), true)));

    GqlType &task = addType(QStringLiteral("TaskInfo"), TypeKind::Object, TypeRole::TaskInfo);
    task.addField(field(QStringLiteral("id"), string));
}

void TypeSystemBuilder::addQuery() {
    GqlType &query = addType(QStringLiteral("Query"), TypeKind::Object, TypeRole::Query);
    m_ts.m_query = &query;
    for (const KindSchema *k : std::as_const(m_kinds)) {
        GqlField f = field(k->kind, named(QStringLiteral("Paginated") + k->kind, true), FieldRole::ListKind);
        f.kind = k->kind;
        f.description = k->description;
        f.args = queryFilters(*k);
        query.addField(std::move(f));
        if (k->kind == u"CoreGenericAccount") {
            GqlField profile =
                field(QStringLiteral("AccountProfile"), named(k->kind), FieldRole::AccountProfile);
            profile.kind = k->kind;
            query.addField(std::move(profile));
        }
    }
    GqlField branch =
        field(QStringLiteral("Branch"), listOf(QStringLiteral("Branch"), true, true), FieldRole::BranchList);
    auto branchArgs = std::make_shared<InputValueList>();
    branchArgs->append(value(QStringLiteral("ids"), listOf(QStringLiteral("ID")), ValueRole::Ids));
    branchArgs->append(value(QStringLiteral("name"), named(QStringLiteral("String"))));
    branch.args = branchArgs;
    query.addField(std::move(branch));
    query.addField(
        field(QStringLiteral("InfrahubInfo"), named(QStringLiteral("Info"), true), FieldRole::InfrahubInfo));

    // The branch diff (docs/branch-diff.md). Both are nullable: null until a diff was computed.
    const TypeRef string = named(QStringLiteral("String"));
    const TypeRef dateTime = named(QStringLiteral("DateTime"));
    const TypeRef filters = named(QStringLiteral("DiffTreeQueryFilters"));
    auto treeArgs = std::make_shared<InputValueList>();
    treeArgs->append(value(QStringLiteral("name"), string));
    treeArgs->append(value(QStringLiteral("branch"), string));
    treeArgs->append(value(QStringLiteral("from_time"), dateTime));
    treeArgs->append(value(QStringLiteral("to_time"), dateTime));
    GqlInputValue rootIds = value(QStringLiteral("root_node_uuids"), listOf(QStringLiteral("String")));
    rootIds.deprecationReason = QStringLiteral("replaced by filters");
    treeArgs->append(std::move(rootIds));
    treeArgs->append(value(QStringLiteral("include_parents"), named(QStringLiteral("Boolean"))));
    treeArgs->append(value(QStringLiteral("filters"), filters));
    treeArgs->append(value(QStringLiteral("limit"), named(QStringLiteral("Int"))));
    treeArgs->append(value(QStringLiteral("offset"), named(QStringLiteral("Int"))));
    GqlField tree = field(QStringLiteral("DiffTree"), named(QStringLiteral("DiffTree")));
    tree.args = treeArgs;
    query.addField(std::move(tree));
    auto summaryArgs = std::make_shared<InputValueList>();
    summaryArgs->append(value(QStringLiteral("name"), string));
    summaryArgs->append(value(QStringLiteral("branch"), string));
    summaryArgs->append(value(QStringLiteral("from_time"), dateTime));
    summaryArgs->append(value(QStringLiteral("to_time"), dateTime));
    summaryArgs->append(value(QStringLiteral("filters"), filters));
    GqlField summary = field(QStringLiteral("DiffTreeSummary"), named(QStringLiteral("DiffTreeSummary")));
    summary.args = summaryArgs;
    query.addField(std::move(summary));
}

void TypeSystemBuilder::addDiffTypes() {
    // Infrahub's graphene types of backend/infrahub/graphql/queries/diff/tree.py as its server prints
    // them (field order of the printed SDL: the shared counters first).
    const TypeRef string = named(QStringLiteral("String"));
    const TypeRef stringNN = named(QStringLiteral("String"), true);
    const TypeRef integer = named(QStringLiteral("Int"));
    const TypeRef boolNN = named(QStringLiteral("Boolean"), true);
    const TypeRef dateTime = named(QStringLiteral("DateTime"));
    const TypeRef dateTimeNN = named(QStringLiteral("DateTime"), true);
    const TypeRef actionNN = named(QStringLiteral("DiffAction"), true);
    const TypeRef conflict = named(QStringLiteral("ConflictDetails"));

    GqlType &action = addType(QStringLiteral("DiffAction"), TypeKind::Enum, TypeRole::Diff);
    action.description = QStringLiteral("An enumeration.");
    action.enumValues = {QStringLiteral("ADDED"), QStringLiteral("REMOVED"), QStringLiteral("UPDATED"),
                         QStringLiteral("UNCHANGED")};
    GqlType &selection = addType(QStringLiteral("ConflictSelection"), TypeKind::Enum, TypeRole::Diff);
    selection.enumValues = {QStringLiteral("BASE_BRANCH"), QStringLiteral("DIFF_BRANCH")};
    GqlType &cardinality = addType(QStringLiteral("RelationshipCardinality"), TypeKind::Enum, TypeRole::Diff);
    cardinality.description = QStringLiteral("An enumeration.");
    cardinality.enumValues = {QStringLiteral("ONE"), QStringLiteral("MANY")};

    auto counters = [&](GqlType &t) {
        for (const char *n : {"num_added", "num_updated", "num_removed", "num_conflicts"})
            t.addField(field(QString::fromLatin1(n), integer));
    };

    GqlType &details = addType(QStringLiteral("ConflictDetails"), TypeKind::Object, TypeRole::Diff);
    details.addField(field(QStringLiteral("uuid"), stringNN));
    for (const char *side : {"base_branch", "diff_branch"}) {
        const QString p = QString::fromLatin1(side);
        details.addField(field(p + QStringLiteral("_action"), actionNN));
        details.addField(field(p + QStringLiteral("_value"), string));
        details.addField(field(p + QStringLiteral("_changed_at"), dateTimeNN));
        details.addField(field(p + QStringLiteral("_label"), string));
    }
    details.addField(field(QStringLiteral("selected_branch"), named(QStringLiteral("ConflictSelection"))));
    details.addField(field(QStringLiteral("resolvable"), named(QStringLiteral("Boolean"))));

    GqlType &parent = addType(QStringLiteral("DiffNodeParent"), TypeKind::Object, TypeRole::Diff);
    parent.addField(field(QStringLiteral("uuid"), stringNN));
    parent.addField(field(QStringLiteral("kind"), string));
    parent.addField(field(QStringLiteral("relationship_name"), string));

    GqlType &property = addType(QStringLiteral("DiffProperty"), TypeKind::Object, TypeRole::Diff);
    property.addField(field(QStringLiteral("property_type"), stringNN));
    property.addField(field(QStringLiteral("last_changed_at"), dateTimeNN));
    for (const char *n : {"previous_value", "new_value", "previous_label", "new_label"})
        property.addField(field(QString::fromLatin1(n), string));
    property.addField(field(QStringLiteral("status"), actionNN));
    property.addField(field(QStringLiteral("path_identifier"), stringNN));
    property.addField(field(QStringLiteral("conflict"), conflict));

    GqlType &attribute = addType(QStringLiteral("DiffAttribute"), TypeKind::Object, TypeRole::Diff);
    counters(attribute);
    attribute.addField(field(QStringLiteral("name"), stringNN));
    attribute.addField(field(QStringLiteral("last_changed_at"), dateTimeNN));
    attribute.addField(field(QStringLiteral("status"), actionNN));
    attribute.addField(field(QStringLiteral("path_identifier"), stringNN));
    attribute.addField(field(QStringLiteral("properties"), listOf(QStringLiteral("DiffProperty"), true)));
    attribute.addField(field(QStringLiteral("contains_conflict"), boolNN));
    attribute.addField(field(QStringLiteral("conflict"), conflict));

    GqlType &element = addType(QStringLiteral("DiffSingleRelationship"), TypeKind::Object, TypeRole::Diff);
    counters(element);
    element.addField(field(QStringLiteral("last_changed_at"), dateTime));
    element.addField(field(QStringLiteral("status"), actionNN));
    element.addField(field(QStringLiteral("peer_id"), stringNN));
    element.addField(field(QStringLiteral("peer_label"), string));
    element.addField(field(QStringLiteral("path_identifier"), stringNN));
    element.addField(field(QStringLiteral("contains_conflict"), boolNN));
    element.addField(field(QStringLiteral("conflict"), conflict));
    element.addField(field(QStringLiteral("properties"), listOf(QStringLiteral("DiffProperty"), true)));

    GqlType &relationship = addType(QStringLiteral("DiffRelationship"), TypeKind::Object, TypeRole::Diff);
    counters(relationship);
    relationship.addField(field(QStringLiteral("name"), stringNN));
    relationship.addField(field(QStringLiteral("label"), string));
    relationship.addField(field(QStringLiteral("last_changed_at"), dateTime));
    relationship.addField(
        field(QStringLiteral("cardinality"), named(QStringLiteral("RelationshipCardinality"), true)));
    relationship.addField(field(QStringLiteral("status"), actionNN));
    relationship.addField(field(QStringLiteral("path_identifier"), stringNN));
    relationship.addField(
        field(QStringLiteral("elements"), listOf(QStringLiteral("DiffSingleRelationship"), true, true)));
    relationship.addField(field(QStringLiteral("contains_conflict"), boolNN));

    GqlType &node = addType(QStringLiteral("DiffNode"), TypeKind::Object, TypeRole::Diff);
    counters(node);
    node.addField(field(QStringLiteral("uuid"), stringNN));
    node.addField(field(QStringLiteral("kind"), stringNN));
    node.addField(field(QStringLiteral("label"), stringNN));
    node.addField(field(QStringLiteral("status"), actionNN));
    node.addField(field(QStringLiteral("path_identifier"), stringNN));
    node.addField(field(QStringLiteral("conflict"), conflict));
    node.addField(field(QStringLiteral("contains_conflict"), boolNN));
    node.addField(field(QStringLiteral("last_changed_at"), dateTime));
    node.addField(field(QStringLiteral("parent"), named(QStringLiteral("DiffNodeParent"))));
    node.addField(field(QStringLiteral("attributes"), listOf(QStringLiteral("DiffAttribute"), true, true)));
    node.addField(
        field(QStringLiteral("relationships"), listOf(QStringLiteral("DiffRelationship"), true, true)));

    auto treeHeader = [&](GqlType &t) {
        counters(t);
        t.addField(field(QStringLiteral("base_branch"), stringNN));
        t.addField(field(QStringLiteral("diff_branch"), stringNN));
        t.addField(field(QStringLiteral("from_time"), dateTimeNN));
        t.addField(field(QStringLiteral("to_time"), dateTimeNN));
    };
    GqlType &tree = addType(QStringLiteral("DiffTree"), TypeKind::Object, TypeRole::Diff);
    treeHeader(tree);
    tree.addField(field(QStringLiteral("num_untracked_base_changes"), integer));
    tree.addField(field(QStringLiteral("num_untracked_diff_changes"), integer));
    tree.addField(field(QStringLiteral("name"), string));
    tree.addField(field(QStringLiteral("nodes"), listOf(QStringLiteral("DiffNode"), true)));

    GqlType &summary = addType(QStringLiteral("DiffTreeSummary"), TypeKind::Object, TypeRole::Diff);
    treeHeader(summary);
    summary.addField(field(QStringLiteral("num_unchanged"), integer));
    summary.addField(field(QStringLiteral("num_untracked_base_changes"), integer));
    summary.addField(field(QStringLiteral("num_untracked_diff_changes"), integer));

    GqlType &filters =
        addType(QStringLiteral("DiffTreeQueryFilters"), TypeKind::InputObject, TypeRole::Input);
    filters.inputFields.append(value(QStringLiteral("ids"), listOf(QStringLiteral("String"))));
    filters.inputFields.append(
        value(QStringLiteral("status"), named(QStringLiteral("IncExclFilterStatusOptions"))));
    filters.inputFields.append(value(QStringLiteral("kind"), named(QStringLiteral("IncExclFilterOptions"))));
    filters.inputFields.append(
        value(QStringLiteral("namespace"), named(QStringLiteral("IncExclFilterOptions"))));
    GqlType &statusOptions =
        addType(QStringLiteral("IncExclFilterStatusOptions"), TypeKind::InputObject, TypeRole::Input);
    statusOptions.inputFields.append(value(QStringLiteral("includes"), listOf(QStringLiteral("DiffAction"))));
    statusOptions.inputFields.append(value(QStringLiteral("excludes"), listOf(QStringLiteral("DiffAction"))));
    GqlType &options =
        addType(QStringLiteral("IncExclFilterOptions"), TypeKind::InputObject, TypeRole::Input);
    options.inputFields.append(value(QStringLiteral("includes"), listOf(QStringLiteral("String"))));
    options.inputFields.append(value(QStringLiteral("excludes"), listOf(QStringLiteral("String"))));
}

void TypeSystemBuilder::addInputBuildingBlocks() {
    const TypeRef string = named(QStringLiteral("String"));
    const TypeRef boolean = named(QStringLiteral("Boolean"));

    GqlType &account = addType(QStringLiteral("ContextAccountInput"), TypeKind::InputObject, TypeRole::Input);
    account.inputFields.append(value(QStringLiteral("id"), named(QStringLiteral("String"), true)));
    GqlType &context = addType(QStringLiteral("ContextInput"), TypeKind::InputObject, TypeRole::Input);
    context.inputFields.append(
        value(QStringLiteral("account"), named(QStringLiteral("ContextAccountInput"))));

    // Pools a relationship or number may be allocated from.
    auto poolBase = [&](GqlType &t) {
        t.inputFields.append(value(QStringLiteral("id"), named(QStringLiteral("String"), true)));
        t.inputFields.append(value(QStringLiteral("identifier"), string));
        t.inputFields.append(value(QStringLiteral("data"), named(QStringLiteral("GenericScalar"))));
    };
    poolBase(addType(QStringLiteral("GenericPoolInput"), TypeKind::InputObject, TypeRole::Input));
    GqlType &addressPool =
        addType(QStringLiteral("IPAddressPoolInput"), TypeKind::InputObject, TypeRole::Input);
    poolBase(addressPool);
    addressPool.inputFields.append(value(QStringLiteral("prefixlen"), named(QStringLiteral("Int"))));
    GqlType &prefixPool = addType(QStringLiteral("PrefixPoolInput"), TypeKind::InputObject, TypeRole::Input);
    poolBase(prefixPool);
    prefixPool.inputFields.append(value(QStringLiteral("size"), named(QStringLiteral("Int"))));
    prefixPool.inputFields.append(value(QStringLiteral("member_type"), string));
    prefixPool.inputFields.append(value(QStringLiteral("prefix_type"), string));

    // Attribute inputs: Create = {is_visible is_protected source owner value}, Update adds is_default.
    struct AttributeInputDef {
        const char *base;
        const char *valueType;
        bool fromPool;
    };
    for (const AttributeInputDef &def : {AttributeInputDef{"TextAttribute", "String", false},
                                         AttributeInputDef{"NumberAttribute", "BigInt", true},
                                         AttributeInputDef{"CheckboxAttribute", "Boolean", false},
                                         AttributeInputDef{"ListAttribute", "GenericScalar", false},
                                         AttributeInputDef{"JSONAttribute", "GenericScalar", false},
                                         AttributeInputDef{"AnyAttribute", "GenericScalar", false}}) {
        for (const bool update : {false, true}) {
            GqlType &t = addType(QString::fromLatin1(def.base) + (update ? u"Update" : u"Create"),
                                 TypeKind::InputObject, TypeRole::Input);
            if (update)
                t.inputFields.append(value(QStringLiteral("is_default"), boolean));
            t.inputFields.append(value(QStringLiteral("is_visible"), boolean));
            t.inputFields.append(value(QStringLiteral("is_protected"), boolean));
            t.inputFields.append(value(QStringLiteral("source"), string));
            t.inputFields.append(value(QStringLiteral("owner"), string));
            t.inputFields.append(value(QStringLiteral("value"), named(QString::fromLatin1(def.valueType))));
            if (def.fromPool) {
                GqlInputValue pool =
                    value(QStringLiteral("from_pool"), named(QStringLiteral("GenericPoolInput")));
                pool.defaultValue = QJsonValue(QJsonValue::Null);
                t.inputFields.append(std::move(pool));
            }
        }
    }

    // Relationship inputs. graphene prints `= null` for the fields declared with Field(...).
    auto relationProperties = [&](GqlType &t) {
        t.inputFields.append(value(QStringLiteral("_relation__is_visible"), boolean));
        t.inputFields.append(value(QStringLiteral("_relation__is_protected"), boolean));
        t.inputFields.append(value(QStringLiteral("_relation__owner"), string));
        t.inputFields.append(value(QStringLiteral("_relation__source"), string));
    };
    auto nullDefault = [&](const QString &name, TypeRef type) {
        GqlInputValue v = value(name, std::move(type));
        v.defaultValue = QJsonValue(QJsonValue::Null);
        return v;
    };
    GqlType &related = addType(QStringLiteral("RelatedNodeInput"), TypeKind::InputObject, TypeRole::Input);
    related.inputFields.append(value(QStringLiteral("id"), string));
    related.inputFields.append(nullDefault(QStringLiteral("hfid"), listOf(QStringLiteral("String"))));
    related.inputFields.append(value(QStringLiteral("kind"), string));
    related.inputFields.append(
        nullDefault(QStringLiteral("from_pool"), named(QStringLiteral("GenericPoolInput"))));
    relationProperties(related);

    GqlType &relatedAddress =
        addType(QStringLiteral("RelatedIPAddressNodeInput"), TypeKind::InputObject, TypeRole::Input);
    relatedAddress.inputFields.append(value(QStringLiteral("id"), string));
    relatedAddress.inputFields.append(
        nullDefault(QStringLiteral("from_pool"), named(QStringLiteral("IPAddressPoolInput"))));
    relationProperties(relatedAddress);

    GqlType &relatedPrefix =
        addType(QStringLiteral("RelatedPrefixNodeInput"), TypeKind::InputObject, TypeRole::Input);
    relatedPrefix.inputFields.append(value(QStringLiteral("id"), string));
    relatedPrefix.inputFields.append(nullDefault(QStringLiteral("hfid"), listOf(QStringLiteral("String"))));
    relatedPrefix.inputFields.append(
        nullDefault(QStringLiteral("from_pool"), named(QStringLiteral("PrefixPoolInput"))));
    relationProperties(relatedPrefix);

    GqlType &deleteInput = addType(QStringLiteral("DeleteInput"), TypeKind::InputObject, TypeRole::Input);
    deleteInput.inputFields.append(value(QStringLiteral("id"), string, ValueRole::InputId));
    deleteInput.inputFields.append(
        value(QStringLiteral("hfid"), listOf(QStringLiteral("String")), ValueRole::InputHfid));
}

QString TypeSystemBuilder::relatedInputType(const RelationshipSchema &rel) const {
    // Peers that are IP prefixes/addresses accept allocation from their pools.
    const KindSchema *peer = exposedKind(rel.peer);
    if (peer) {
        if (peer->kind == u"BuiltinIPPrefix" ||
            (peer->isNode() && peer->inheritFrom.contains(u"BuiltinIPPrefix")))
            return QStringLiteral("RelatedPrefixNodeInput");
        if (peer->kind == u"BuiltinIPAddress" ||
            (peer->isNode() && peer->inheritFrom.contains(u"BuiltinIPAddress")))
            return QStringLiteral("RelatedIPAddressNodeInput");
    }
    return QStringLiteral("RelatedNodeInput");
}

InputValueList TypeSystemBuilder::mutationInput(const KindSchema &kind, MutationAction action) {
    InputValueList out;
    out.reserve(2 + kind.attributes.size() + kind.relationships.size());
    out.append(value(QStringLiteral("id"), named(QStringLiteral("String")), ValueRole::InputId));
    if (action != MutationAction::Create)
        out.append(value(QStringLiteral("hfid"), listOf(QStringLiteral("String")), ValueRole::InputHfid));
    const bool upsert = action == MutationAction::Upsert;
    for (const AttributeSchema &a : kind.attributes) {
        if (a.readOnly)
            continue;
        const AttributeKindInfo &info = attributeKindInfo(a.kind);
        // Upsert: required when not optional and without a (truthy, as Python tests it) default.
        const bool nonNull = upsert && a.isRequiredOnUpsert();
        GqlInputValue v = value(
            a.name, named(action == MutationAction::Create ? info.createInput : info.updateInput, nonNull),
            ValueRole::InputAttribute);
        v.attribute = a.name;
        v.description = a.description;
        v.requiredOnCreate = a.isRequiredOnCreate();
        out.append(std::move(v));
    }
    for (const RelationshipSchema &rel : kind.relationships) {
        if (rel.readOnly || !isExposed(rel.peer))
            continue;
        const QString input = relatedInputType(rel);
        const bool nonNull = upsert && !rel.optional;
        GqlInputValue v =
            value(rel.name, rel.isMany() ? listOf(input, false, nonNull) : named(input, nonNull),
                  ValueRole::InputRelationship);
        v.relationship = rel.name;
        v.description = rel.description;
        v.requiredOnCreate = !rel.optional;
        out.append(std::move(v));
    }
    return out;
}

void TypeSystemBuilder::addNodeMutations(GqlType &mutation, const KindSchema &kind) {
    const std::pair<const char *, MutationAction> actions[] = {{"Create", MutationAction::Create},
                                                               {"Update", MutationAction::Update},
                                                               {"Upsert", MutationAction::Upsert},
                                                               {"Delete", MutationAction::Delete}};
    for (const auto &[suffix, action] : actions) {
        const QString name = kind.kind + QLatin1String(suffix);
        QString inputName;
        if (action == MutationAction::Delete) {
            inputName = QStringLiteral("DeleteInput");
        } else {
            inputName = name + QLatin1String("Input");
            GqlType &input = addType(inputName, TypeKind::InputObject, TypeRole::Input, kind.kind);
            input.inputFields = mutationInput(kind, action);
        }
        GqlType &payload = addType(name, TypeKind::Object, TypeRole::MutationPayload, kind.kind);
        payload.action = action;
        payload.description = kind.description;
        payload.addField(field(QStringLiteral("ok"), named(QStringLiteral("Boolean")), FieldRole::PayloadOk));
        if (action != MutationAction::Delete)
            payload.addField(field(QStringLiteral("object"), named(kind.kind), FieldRole::PayloadObject));

        GqlField f = field(name, named(name), FieldRole::Mutation);
        f.kind = kind.kind;
        f.action = action;
        f.description = kind.description;
        auto args = std::make_shared<InputValueList>();
        args->append(
            value(QStringLiteral("context"), named(QStringLiteral("ContextInput")), ValueRole::Context));
        args->append(value(QStringLiteral("data"), named(inputName, true), ValueRole::Data));
        f.args = args;
        mutation.addField(std::move(f));
    }
}

void TypeSystemBuilder::addGenericUpdateMutation(GqlType &mutation, const KindSchema &kind) {
    // Infrahub only offers Update on generics, and only on those with something to update.
    if (kind.attributes.isEmpty() && kind.relationships.isEmpty())
        return;
    const QString name = kind.kind + QLatin1String("Update");
    GqlType &input =
        addType(name + QLatin1String("Input"), TypeKind::InputObject, TypeRole::Input, kind.kind);
    input.inputFields = mutationInput(kind, MutationAction::Update);
    GqlType &payload = addType(name, TypeKind::Object, TypeRole::MutationPayload, kind.kind);
    payload.action = MutationAction::Update;
    payload.description = kind.description;
    payload.addField(field(QStringLiteral("ok"), named(QStringLiteral("Boolean")), FieldRole::PayloadOk));
    payload.addField(field(QStringLiteral("object"), named(kind.kind), FieldRole::PayloadObject));
    GqlField f = field(name, named(name), FieldRole::Mutation);
    f.kind = kind.kind;
    f.action = MutationAction::Update;
    f.description = kind.description;
    auto args = std::make_shared<InputValueList>();
    args->append(value(QStringLiteral("context"), named(QStringLiteral("ContextInput")), ValueRole::Context));
    args->append(value(QStringLiteral("data"), named(input.name, true), ValueRole::Data));
    f.args = args;
    mutation.addField(std::move(f));
}

void TypeSystemBuilder::addFixedMutations(GqlType &mutation) {
    const TypeRef string = named(QStringLiteral("String"));
    const TypeRef boolean = named(QStringLiteral("Boolean"));

    GqlType &createInput =
        addType(QStringLiteral("BranchCreateInput"), TypeKind::InputObject, TypeRole::Input);
    createInput.inputFields.append(value(QStringLiteral("id"), string));
    createInput.inputFields.append(value(QStringLiteral("name"), named(QStringLiteral("String"), true)));
    for (const char *n : {"description", "origin_branch", "branched_from"})
        createInput.inputFields.append(value(QString::fromLatin1(n), string));
    createInput.inputFields.append(value(QStringLiteral("sync_with_git"), boolean));
    GqlInputValue isolated = value(QStringLiteral("is_isolated"), boolean);
    isolated.deprecationReason = QStringLiteral("Non isolated mode is not supported anymore");
    createInput.inputFields.append(std::move(isolated));

    GqlType &nameInput = addType(QStringLiteral("BranchNameInput"), TypeKind::InputObject, TypeRole::Input);
    nameInput.inputFields.append(value(QStringLiteral("name"), string));

    GqlType &nodesInput =
        addType(QStringLiteral("RelationshipNodesInput"), TypeKind::InputObject, TypeRole::Input);
    nodesInput.inputFields.append(value(QStringLiteral("id"), string));
    nodesInput.inputFields.append(value(QStringLiteral("name"), string));
    nodesInput.inputFields.append(value(QStringLiteral("nodes"), listOf(QStringLiteral("RelatedNodeInput"))));

    struct BranchMutation {
        const char *name;
        MutationAction action;
        bool object;
    };
    const BranchMutation branchMutations[] = {{"BranchCreate", MutationAction::BranchCreate, true},
                                              {"BranchDelete", MutationAction::BranchDelete, false},
                                              {"BranchRebase", MutationAction::BranchRebase, true},
                                              {"BranchMerge", MutationAction::BranchMerge, true},
                                              {"BranchValidate", MutationAction::BranchValidate, true}};
    for (const BranchMutation &m : branchMutations) {
        const QString name = QString::fromLatin1(m.name);
        GqlType &payload = addType(name, TypeKind::Object, TypeRole::MutationPayload);
        payload.action = m.action;
        payload.addField(field(QStringLiteral("ok"), boolean, FieldRole::PayloadOk));
        if (m.object)
            payload.addField(
                field(QStringLiteral("object"), named(QStringLiteral("Branch")), FieldRole::PayloadObject));
        payload.addField(
            field(QStringLiteral("task"), named(QStringLiteral("TaskInfo")), FieldRole::PayloadTask));

        auto args = std::make_shared<InputValueList>();
        if (m.action == MutationAction::BranchCreate) {
            GqlInputValue background =
                value(QStringLiteral("background_execution"), boolean, ValueRole::BackgroundExecution);
            background.deprecationReason = QStringLiteral("Please use `wait_until_completion` instead");
            args->append(std::move(background));
        }
        args->append(
            value(QStringLiteral("context"), named(QStringLiteral("ContextInput")), ValueRole::Context));
        args->append(
            value(QStringLiteral("data"),
                  named(m.action == MutationAction::BranchCreate ? createInput.name : nameInput.name, true),
                  ValueRole::Data));
        args->append(value(QStringLiteral("wait_until_completion"), boolean, ValueRole::WaitUntilCompletion));
        GqlField f = field(name, named(name), FieldRole::Mutation);
        f.action = m.action;
        f.args = args;
        mutation.addField(std::move(f));
    }

    {
        // DiffUpdate (re)computes a branch's diff; Infrahub's payload type is DiffUpdateMutation.
        GqlType &input = addType(QStringLiteral("DiffUpdateInput"), TypeKind::InputObject, TypeRole::Input);
        input.inputFields.append(value(QStringLiteral("branch"), named(QStringLiteral("String"), true)));
        input.inputFields.append(value(QStringLiteral("name"), string));
        input.inputFields.append(value(QStringLiteral("from_time"), named(QStringLiteral("DateTime"))));
        input.inputFields.append(value(QStringLiteral("to_time"), named(QStringLiteral("DateTime"))));
        GqlInputValue waitFor = value(QStringLiteral("wait_for_completion"), boolean);
        waitFor.deprecationReason = QStringLiteral("Please use `wait_until_completion` instead");
        input.inputFields.append(std::move(waitFor));
        GqlType &payload =
            addType(QStringLiteral("DiffUpdateMutation"), TypeKind::Object, TypeRole::MutationPayload);
        payload.addField(field(QStringLiteral("ok"), boolean, FieldRole::PayloadOk));
        payload.addField(
            field(QStringLiteral("task"), named(QStringLiteral("TaskInfo")), FieldRole::PayloadTask));
        auto args = std::make_shared<InputValueList>();
        args->append(
            value(QStringLiteral("context"), named(QStringLiteral("ContextInput")), ValueRole::Context));
        args->append(value(QStringLiteral("data"), named(input.name, true), ValueRole::Data));
        args->append(value(QStringLiteral("wait_until_completion"), boolean, ValueRole::WaitUntilCompletion));
        GqlField f = field(QStringLiteral("DiffUpdate"), named(payload.name), FieldRole::Mutation);
        f.args = args;
        mutation.addField(std::move(f));
    }

    for (const auto &[cname, action] :
         {std::pair{"RelationshipAdd", MutationAction::RelationshipAdd},
          std::pair{"RelationshipRemove", MutationAction::RelationshipRemove}}) {
        const QString name = QString::fromLatin1(cname);
        GqlType &payload = addType(name, TypeKind::Object, TypeRole::MutationPayload);
        payload.action = action;
        payload.addField(field(QStringLiteral("ok"), boolean, FieldRole::PayloadOk));
        auto args = std::make_shared<InputValueList>();
        args->append(
            value(QStringLiteral("context"), named(QStringLiteral("ContextInput")), ValueRole::Context));
        args->append(value(QStringLiteral("data"), named(nodesInput.name, true), ValueRole::Data));
        GqlField f = field(name, named(name), FieldRole::Mutation);
        f.action = action;
        f.args = args;
        mutation.addField(std::move(f));
    }
}

void TypeSystemBuilder::addIntrospectionTypes() {
    // graphql-core's introspection types, so introspection queries validate (and can be executed).
    const TypeRef string = named(QStringLiteral("String"));
    const TypeRef stringNN = named(QStringLiteral("String"), true);
    const TypeRef booleanNN = named(QStringLiteral("Boolean"), true);
    const TypeRef type = named(QStringLiteral("__Type"));
    const TypeRef typeNN = named(QStringLiteral("__Type"), true);
    auto includeDeprecated = [&] {
        auto args = std::make_shared<InputValueList>();
        GqlInputValue v = value(QStringLiteral("includeDeprecated"), named(QStringLiteral("Boolean")));
        v.defaultValue = QJsonValue(false);
        args->append(std::move(v));
        return std::shared_ptr<const InputValueList>(args);
    };
    auto intro = [&](const char *name, TypeKind kind) -> GqlType & {
        GqlType &t = addType(QString::fromLatin1(name), kind, TypeRole::Introspection);
        t.builtIn = true;
        return t;
    };

    GqlType &schema = intro("__Schema", TypeKind::Object);
    schema.addField(field(QStringLiteral("description"), string));
    schema.addField(field(QStringLiteral("types"), listOf(QStringLiteral("__Type"), true, true)));
    schema.addField(field(QStringLiteral("queryType"), typeNN));
    schema.addField(field(QStringLiteral("mutationType"), type));
    schema.addField(field(QStringLiteral("subscriptionType"), type));
    schema.addField(field(QStringLiteral("directives"), listOf(QStringLiteral("__Directive"), true, true)));

    GqlType &t = intro("__Type", TypeKind::Object);
    t.addField(field(QStringLiteral("kind"), named(QStringLiteral("__TypeKind"), true)));
    t.addField(field(QStringLiteral("name"), string));
    t.addField(field(QStringLiteral("description"), string));
    t.addField(field(QStringLiteral("specifiedByURL"), string));
    GqlField fields = field(QStringLiteral("fields"), listOf(QStringLiteral("__Field"), true));
    fields.args = includeDeprecated();
    t.addField(std::move(fields));
    t.addField(field(QStringLiteral("interfaces"), listOf(QStringLiteral("__Type"), true)));
    t.addField(field(QStringLiteral("possibleTypes"), listOf(QStringLiteral("__Type"), true)));
    GqlField enumValues = field(QStringLiteral("enumValues"), listOf(QStringLiteral("__EnumValue"), true));
    enumValues.args = includeDeprecated();
    t.addField(std::move(enumValues));
    GqlField inputFields = field(QStringLiteral("inputFields"), listOf(QStringLiteral("__InputValue"), true));
    inputFields.args = includeDeprecated();
    t.addField(std::move(inputFields));
    t.addField(field(QStringLiteral("ofType"), type));

    GqlType &f = intro("__Field", TypeKind::Object);
    f.addField(field(QStringLiteral("name"), stringNN));
    f.addField(field(QStringLiteral("description"), string));
    GqlField args = field(QStringLiteral("args"), listOf(QStringLiteral("__InputValue"), true, true));
    args.args = includeDeprecated();
    f.addField(std::move(args));
    f.addField(field(QStringLiteral("type"), typeNN));
    f.addField(field(QStringLiteral("isDeprecated"), booleanNN));
    f.addField(field(QStringLiteral("deprecationReason"), string));

    GqlType &iv = intro("__InputValue", TypeKind::Object);
    iv.addField(field(QStringLiteral("name"), stringNN));
    iv.addField(field(QStringLiteral("description"), string));
    iv.addField(field(QStringLiteral("type"), typeNN));
    iv.addField(field(QStringLiteral("defaultValue"), string));
    iv.addField(field(QStringLiteral("isDeprecated"), booleanNN));
    iv.addField(field(QStringLiteral("deprecationReason"), string));

    GqlType &ev = intro("__EnumValue", TypeKind::Object);
    ev.addField(field(QStringLiteral("name"), stringNN));
    ev.addField(field(QStringLiteral("description"), string));
    ev.addField(field(QStringLiteral("isDeprecated"), booleanNN));
    ev.addField(field(QStringLiteral("deprecationReason"), string));

    GqlType &d = intro("__Directive", TypeKind::Object);
    d.addField(field(QStringLiteral("name"), stringNN));
    d.addField(field(QStringLiteral("description"), string));
    d.addField(field(QStringLiteral("isRepeatable"), booleanNN));
    d.addField(field(QStringLiteral("locations"), listOf(QStringLiteral("__DirectiveLocation"), true, true)));
    GqlField dargs = field(QStringLiteral("args"), listOf(QStringLiteral("__InputValue"), true, true));
    dargs.args = includeDeprecated();
    d.addField(std::move(dargs));

    intro("__TypeKind", TypeKind::Enum).enumValues = {
        QStringLiteral("SCALAR"), QStringLiteral("OBJECT"),  QStringLiteral("INTERFACE"),
        QStringLiteral("UNION"),  QStringLiteral("ENUM"),    QStringLiteral("INPUT_OBJECT"),
        QStringLiteral("LIST"),   QStringLiteral("NON_NULL")};
    intro("__DirectiveLocation", TypeKind::Enum).enumValues = {QStringLiteral("QUERY"),
                                                               QStringLiteral("MUTATION"),
                                                               QStringLiteral("SUBSCRIPTION"),
                                                               QStringLiteral("FIELD"),
                                                               QStringLiteral("FRAGMENT_DEFINITION"),
                                                               QStringLiteral("FRAGMENT_SPREAD"),
                                                               QStringLiteral("INLINE_FRAGMENT"),
                                                               QStringLiteral("VARIABLE_DEFINITION"),
                                                               QStringLiteral("SCHEMA"),
                                                               QStringLiteral("SCALAR"),
                                                               QStringLiteral("OBJECT"),
                                                               QStringLiteral("FIELD_DEFINITION"),
                                                               QStringLiteral("ARGUMENT_DEFINITION"),
                                                               QStringLiteral("INTERFACE"),
                                                               QStringLiteral("UNION"),
                                                               QStringLiteral("ENUM"),
                                                               QStringLiteral("ENUM_VALUE"),
                                                               QStringLiteral("INPUT_OBJECT"),
                                                               QStringLiteral("INPUT_FIELD_DEFINITION")};

    // Meta fields, looked up by TypeSystem::fieldDefinition.
    m_ts.m_typenameField =
        std::make_unique<GqlField>(field(QStringLiteral("__typename"), stringNN, FieldRole::TypeName));
    m_ts.m_schemaField = std::make_unique<GqlField>(
        field(QStringLiteral("__schema"), named(QStringLiteral("__Schema"), true), FieldRole::SchemaMeta));
    GqlField typeField = field(QStringLiteral("__type"), type, FieldRole::TypeMeta);
    auto typeArgs = std::make_shared<InputValueList>();
    typeArgs->append(value(QStringLiteral("name"), stringNN));
    typeField.args = typeArgs;
    m_ts.m_typeField = std::make_unique<GqlField>(std::move(typeField));
}

void TypeSystemBuilder::addDirectives() {
    auto add = [&](GqlDirective d) {
        m_ts.m_directiveIndex.insert(d.name, m_ts.m_directives.size());
        m_ts.m_directives.append(std::move(d));
    };
    const QStringList executableSelections = {QStringLiteral("FIELD"), QStringLiteral("FRAGMENT_SPREAD"),
                                              QStringLiteral("INLINE_FRAGMENT")};
    for (const char *name : {"include", "skip"}) {
        GqlDirective d;
        d.name = QString::fromLatin1(name);
        d.builtIn = true;
        d.locations = executableSelections;
        d.description =
            name == std::string_view("include")
                ? QStringLiteral("Directs the executor to include this field or fragment only when the "
                                 "`if` argument is true.")
                : QStringLiteral("Directs the executor to skip this field or fragment when the `if` "
                                 "argument is true.");
        d.args.append(value(QStringLiteral("if"), named(QStringLiteral("Boolean"), true)));
        add(std::move(d));
    }
    {
        GqlDirective d;
        d.name = QStringLiteral("deprecated");
        d.builtIn = true;
        d.description = QStringLiteral("Marks an element of a GraphQL schema as no longer supported.");
        d.locations = {QStringLiteral("FIELD_DEFINITION"), QStringLiteral("ARGUMENT_DEFINITION"),
                       QStringLiteral("INPUT_FIELD_DEFINITION"), QStringLiteral("ENUM_VALUE")};
        GqlInputValue reason = value(QStringLiteral("reason"), named(QStringLiteral("String")));
        reason.defaultValue = QJsonValue(QStringLiteral("No longer supported"));
        d.args.append(std::move(reason));
        add(std::move(d));
    }
    {
        GqlDirective d;
        d.name = QStringLiteral("specifiedBy");
        d.builtIn = true;
        d.description = QStringLiteral("Exposes a URL that specifies the behavior of this scalar.");
        d.locations = {QStringLiteral("SCALAR")};
        d.args.append(value(QStringLiteral("url"), named(QStringLiteral("String"), true)));
        add(std::move(d));
    }
    {
        // Infrahub's own: expand a selection to the node's default fields.
        GqlDirective d;
        d.name = QStringLiteral("expand");
        d.description = QStringLiteral("Expands a field to include Node defaults");
        d.locations = executableSelections;
        GqlInputValue exclude = value(QStringLiteral("exclude"), listOf(QStringLiteral("String")));
        exclude.description = QStringLiteral("Exclude specific fields");
        d.args.append(std::move(exclude));
        add(std::move(d));
    }
}

void TypeSystemBuilder::reconcileInterfaces() {
    // An object must offer every field (and argument) of its interfaces. Infrahub copies inherited
    // attributes and relationships into each node, so this normally changes nothing; it keeps the
    // schema valid when an /api/schema body lacks some of them.
    for (const std::unique_ptr<GqlType> &t : m_ts.m_storage) {
        if (t->kind != TypeKind::Object || t->interfaces.isEmpty())
            continue;
        for (const QString &ifaceName : std::as_const(t->interfaces)) {
            const GqlType *iface = m_ts.m_byName.value(ifaceName);
            if (!iface)
                continue;
            for (const GqlField &ifaceField : iface->fields) {
                const auto it = t->fieldIndex.constFind(ifaceField.name);
                if (it == t->fieldIndex.cend()) {
                    GqlField copy = ifaceField;
                    if (copy.role == FieldRole::NodeId)
                        copy.type.nonNull = true;
                    t->addField(std::move(copy));
                    continue;
                }
                GqlField &own = t->fields[*it];
                std::shared_ptr<InputValueList> extended;
                for (const GqlInputValue &arg : ifaceField.args->items()) {
                    if (own.args->find(arg.name))
                        continue;
                    if (!extended)
                        extended = std::make_shared<InputValueList>(*own.args);
                    extended->append(arg);
                }
                if (extended)
                    own.args = extended;
            }
        }
    }
}

void TypeSystemBuilder::computePossibleTypes() {
    for (const GqlType *t : m_ts.m_order) {
        if (t->kind != TypeKind::Object)
            continue;
        for (const QString &ifaceName : t->interfaces) {
            GqlType *iface = m_ts.m_byName.value(ifaceName);
            if (!iface || iface->possibleTypeSet.contains(t->name))
                continue;
            iface->possibleTypes.append(t->name);
            iface->possibleTypeSet.insert(t->name);
        }
    }
}

// --- TypeSystem -----------------------------------------------------------------------------------------

TypeSystem::TypeSystem() = default;
TypeSystem::TypeSystem(TypeSystem &&) noexcept = default;
TypeSystem &TypeSystem::operator=(TypeSystem &&) noexcept = default;
TypeSystem::~TypeSystem() = default;

TypeSystem TypeSystem::fromSchema(const SchemaSet &schema) {
    QElapsedTimer timer;
    timer.start();
    TypeSystem ts;
    ts.m_schema = schema;
    TypeSystemBuilder(ts).build();
    ts.m_buildNs = timer.nsecsElapsed();
    return ts;
}

const GqlType *TypeSystem::type(const QString &name) const {
    return m_byName.value(name, nullptr);
}

const GqlDirective *TypeSystem::directive(const QString &name) const {
    const auto it = m_directiveIndex.constFind(name);
    return it == m_directiveIndex.cend() ? nullptr : &m_directives.at(*it);
}

const GqlField *TypeSystem::fieldDefinition(const GqlType *parent, const QString &fieldName) const {
    if (!parent)
        return nullptr;
    if (fieldName.startsWith(u"__")) {
        if (fieldName == u"__typename" && parent->isComposite())
            return m_typenameField.get();
        if (parent == m_query) {
            if (fieldName == u"__schema")
                return m_schemaField.get();
            if (fieldName == u"__type")
                return m_typeField.get();
        }
    }
    return parent->isComposite() ? parent->field(fieldName) : nullptr;
}

bool TypeSystem::isPossibleType(const GqlType *abstractType, const GqlType *objectType) const {
    if (!abstractType || !objectType)
        return false;
    if (abstractType->kind != TypeKind::Interface)
        return abstractType == objectType;
    return abstractType->possibleTypeSet.contains(objectType->name);
}

bool TypeSystem::isSubType(const GqlType *abstractType, const GqlType *maybeSub) const {
    if (!abstractType || !maybeSub || abstractType->kind != TypeKind::Interface)
        return false;
    if (maybeSub->kind == TypeKind::Object)
        return abstractType->possibleTypeSet.contains(maybeSub->name);
    return maybeSub->interfaces.contains(abstractType->name); // interfaces implementing interfaces
}

bool TypeSystem::doTypesOverlap(const GqlType *a, const GqlType *b) const {
    if (!a || !b)
        return false;
    if (a == b)
        return true;
    if (a->isAbstract()) {
        if (b->isAbstract()) {
            // Two interfaces overlap when some object type implements both.
            for (const QString &name : a->possibleTypes)
                if (b->possibleTypeSet.contains(name))
                    return true;
            return false;
        }
        return isSubType(a, b);
    }
    if (b->isAbstract())
        return isSubType(b, a);
    return false;
}

QList<const GqlType *> TypeSystem::possibleTypes(const GqlType *t) const {
    QList<const GqlType *> out;
    if (!t)
        return out;
    if (t->kind == TypeKind::Object) {
        out.append(t);
        return out;
    }
    for (const QString &name : t->possibleTypes)
        if (const GqlType *p = type(name))
            out.append(p);
    return out;
}

} // namespace infrahub::sandbox::gql
