// Tests of the sandbox's GraphQL type system (generated from real /api/schema objects), its SDL
// printer, the graphql-core-compatible validator and the variable/argument coercion.
#include "graphqlparser.h"
#include "graphqlsuggestions.h"
#include "graphqltypesystem.h"
#include "graphqlvalidator.h"
#include "graphqlvalueprinter.h"
#include "sdlprinter.h"

#ifdef INFRAHUB_HAVE_SCHEMA_COMPILER
#include "schemacompiler.h"
#endif

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace infrahub;
using namespace infrahub::sandbox::gql;

namespace {

const QString kReference = QStringLiteral(INFRAHUB_REFERENCE_DIR);

QJsonObject readJson(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return QJsonDocument::fromJson(f.readAll()).object();
}

// The real /api/schema kind objects in third_party/infrahub-reference/schema-api-core, sorted into the
// sections of an /api/schema body.
QJsonObject coreSchemaBody() {
    QJsonArray nodes, generics, profiles, templates;
    const QDir dir(kReference + QStringLiteral("/schema-api-core"));
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QJsonObject o = readJson(dir.filePath(name));
        const QString ns = o.value(u"namespace").toString();
        if (o.contains(u"used_by"))
            generics.append(o);
        else if (ns == u"Profile")
            profiles.append(o);
        else if (ns == u"Template")
            templates.append(o);
        else
            nodes.append(o);
    }
    return QJsonObject{{QStringLiteral("nodes"), nodes},
                       {QStringLiteral("generics"), generics},
                       {QStringLiteral("profiles"), profiles},
                       {QStringLiteral("templates"), templates}};
}

// A schema of `copies` times the core kinds, each copy in its own namespace, to time bigger builds.
QJsonObject scaledSchemaBody(int copies) {
    const QJsonObject base = coreSchemaBody();
    QJsonObject out;
    for (const char *section : {"nodes", "generics", "profiles", "templates"}) {
        QJsonArray all;
        for (int c = 0; c < copies; ++c) {
            for (const QJsonValue &v : base.value(QLatin1String(section)).toArray()) {
                QByteArray text = QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
                if (c > 0) {
                    // Rename every kind reference (namespaces are the kind prefixes).
                    for (const char *ns :
                         {"Core", "Builtin", "Ipam", "Infra", "Location", "Lineage", "Profile", "Template"})
                        text.replace(QByteArray(QByteArray("\"") + ns),
                                     QByteArray(QByteArray("\"") + ns + "X" + QByteArray::number(c)));
                }
                all.append(QJsonDocument::fromJson(text).object());
            }
        }
        out.insert(QLatin1String(section), all);
    }
    return out;
}

SchemaSet schemaFrom(const QJsonObject &body) {
    QString error;
    std::optional<SchemaSet> set = SchemaSet::fromApiJson(body, &error);
    if (!set)
        qFatal("bad schema: %s", qPrintable(error));
    return *set;
}

Document parse(const QString &text) {
    auto result = parseDocument(text);
    if (auto *error = std::get_if<ParseError>(&result))
        qFatal("parse error: %s in %s", qPrintable(error->message), qPrintable(text));
    return std::get<Document>(std::move(result));
}

QStringList messages(const QList<ValidationError> &errors) {
    QStringList out;
    for (const ValidationError &e : errors)
        out.append(e.message);
    return out;
}

QString typeString(const GqlField *f) {
    return f ? f->type.toString() : QStringLiteral("<missing>");
}

} // namespace

class TestGraphqlTypes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Type system
    void nodeTypeFields();
    void wrapperTypes();
    void genericInterfacesAndHierarchy();
    void queryFieldArguments();
    void nestedRelationshipArguments();
    void mutationsAndInputs();
    void branchAndFixedTypes();
    void attributeTypes();
    void interfaceReconciliation();
    void buildTime();

    // SDL
    void sdlPrinter();

    // Validator
    void suggestions();
    void validDocuments();
    void validatorMessages_data();
    void validatorMessages();
    void validatorLocations();
    void validatorErrorLimit();
    void operationSelection();

    // Coercion
    void variableCoercion_data();
    void variableCoercion();
    void variableCoercionValues();
    void argumentCoercion();

    // Demo schema (the SchemaCompiler's output)
    void demoSchema();

private:
    QString validateOne(const QString &query, const QString &operationName = {});

    std::optional<TypeSystem> m_core;
};

void TestGraphqlTypes::initTestCase() {
    m_core.emplace(TypeSystem::fromSchema(schemaFrom(coreSchemaBody())));
    QVERIFY(m_core->queryType());
    QVERIFY(m_core->mutationType());
}

QString TestGraphqlTypes::validateOne(const QString &query, const QString &operationName) {
    const QList<ValidationError> errors = validate(parse(query), *m_core, operationName, query);
    return messages(errors).join(QLatin1String("\n"));
}

void TestGraphqlTypes::nodeTypeFields() {
    const GqlType *device = m_core->type(QStringLiteral("InfraDevice"));
    QVERIFY(device);
    QCOMPARE(device->kind, TypeKind::Object);
    QCOMPARE(device->role, TypeRole::Node);
    QCOMPARE(device->infrahubKind, QStringLiteral("InfraDevice"));
    QCOMPARE(device->interfaces, QStringList{QStringLiteral("CoreNode")});

    QCOMPARE(typeString(device->field(QStringLiteral("id"))), QStringLiteral("String!"));
    QCOMPARE(device->field(QStringLiteral("id"))->role, FieldRole::NodeId);
    QCOMPARE(typeString(device->field(QStringLiteral("hfid"))), QStringLiteral("[String!]"));
    QCOMPARE(device->field(QStringLiteral("hfid"))->role, FieldRole::NodeHfid);
    QCOMPARE(typeString(device->field(QStringLiteral("display_label"))), QStringLiteral("String"));
    QCOMPARE(device->field(QStringLiteral("display_label"))->role, FieldRole::NodeDisplayLabel);
    QCOMPARE(typeString(device->field(QStringLiteral("_updated_at"))), QStringLiteral("DateTime"));

    // Attributes, typed by attribute kind
    const GqlField *name = device->field(QStringLiteral("name"));
    QCOMPARE(typeString(name), QStringLiteral("TextAttribute"));
    QCOMPARE(name->role, FieldRole::Attribute);
    QCOMPARE(name->schemaName, QStringLiteral("name"));
    QCOMPARE(typeString(device->field(QStringLiteral("role_id"))), QStringLiteral("NumberAttribute"));
    QCOMPARE(typeString(device->field(QStringLiteral("status"))), QStringLiteral("Dropdown"));
    QCOMPARE(typeString(m_core->type(QStringLiteral("IpamIPAddress"))->field(QStringLiteral("address"))),
             QStringLiteral("IPHost"));
    QCOMPARE(typeString(m_core->type(QStringLiteral("IpamPrefix"))->field(QStringLiteral("prefix"))),
             QStringLiteral("IPNetwork"));
    QCOMPARE(typeString(m_core->type(QStringLiteral("IpamPrefix"))->field(QStringLiteral("is_pool"))),
             QStringLiteral("CheckboxAttribute"));
    QCOMPARE(typeString(m_core->type(QStringLiteral("CoreAccount"))->field(QStringLiteral("password"))),
             QStringLiteral("TextAttribute"));

    // Relationships: one -> NestedEdged<peer>!, many -> NestedPaginated<peer>! with filters
    const GqlField *location = device->field(QStringLiteral("location"));
    QCOMPARE(typeString(location), QStringLiteral("NestedEdgedLocationSite!"));
    QCOMPARE(location->role, FieldRole::Relationship);
    QCOMPARE(location->kind, QStringLiteral("LocationSite"));
    QVERIFY(!location->many);
    QVERIFY(location->args->isEmpty());
    const GqlField *groups = device->field(QStringLiteral("member_of_groups"));
    QCOMPARE(typeString(groups), QStringLiteral("NestedPaginatedCoreGroup!"));
    QVERIFY(groups->many);
    QCOMPARE(groups->kind, QStringLiteral("CoreGroup"));
    QCOMPARE(typeString(device->field(QStringLiteral("object_template"))),
             QStringLiteral("NestedEdgedTemplateInfraDevice!"));

    // Profiles and templates are object types too
    QCOMPARE(m_core->type(QStringLiteral("ProfileBuiltinTag"))->role, TypeRole::Node);
    QVERIFY(m_core->type(QStringLiteral("ProfileBuiltinTag"))
                ->interfaces.contains(QStringLiteral("CoreProfile")));
    QCOMPARE(m_core->type(QStringLiteral("TemplateInfraDevice"))->role, TypeRole::Node);
    // Groups implement CoreGroup, not CoreNode
    QCOMPARE(m_core->type(QStringLiteral("CoreStandardGroup"))->interfaces,
             QStringList{QStringLiteral("CoreGroup")});
    QCOMPARE(m_core->type(QStringLiteral("CoreAccount"))->interfaces,
             (QStringList{QStringLiteral("CoreNode"), QStringLiteral("LineageOwner"),
                          QStringLiteral("LineageSource"), QStringLiteral("CoreGenericAccount")}));
}

void TestGraphqlTypes::wrapperTypes() {
    const GqlType *paginated = m_core->type(QStringLiteral("PaginatedInfraDevice"));
    QVERIFY(paginated);
    QCOMPARE(paginated->role, TypeRole::Paginated);
    QCOMPARE(paginated->infrahubKind, QStringLiteral("InfraDevice"));
    QCOMPARE(typeString(paginated->field(QStringLiteral("count"))), QStringLiteral("Int!"));
    QCOMPARE(paginated->field(QStringLiteral("count"))->role, FieldRole::Count);
    QCOMPARE(typeString(paginated->field(QStringLiteral("edges"))), QStringLiteral("[EdgedInfraDevice!]!"));
    QCOMPARE(typeString(paginated->field(QStringLiteral("permissions"))),
             QStringLiteral("PaginatedObjectPermission!"));
    QCOMPARE(paginated->field(QStringLiteral("permissions"))->role, FieldRole::Permissions);

    const GqlType *edged = m_core->type(QStringLiteral("EdgedInfraDevice"));
    QCOMPARE(edged->role, TypeRole::Edged);
    QCOMPARE(edged->fields.size(), 1);
    QCOMPARE(typeString(edged->field(QStringLiteral("node"))), QStringLiteral("InfraDevice"));
    QCOMPARE(edged->field(QStringLiteral("node"))->role, FieldRole::EdgeNode);

    const GqlType *nestedEdged = m_core->type(QStringLiteral("NestedEdgedInfraDevice"));
    QCOMPARE(nestedEdged->role, TypeRole::NestedEdged);
    QCOMPARE(typeString(nestedEdged->field(QStringLiteral("properties"))),
             QStringLiteral("RelationshipProperty"));
    QVERIFY(!nestedEdged->field(QStringLiteral("_updated_at")));
    const GqlType *nestedPaginated = m_core->type(QStringLiteral("NestedPaginatedInfraDevice"));
    QCOMPARE(nestedPaginated->role, TypeRole::NestedPaginated);
    QCOMPARE(typeString(nestedPaginated->field(QStringLiteral("edges"))),
             QStringLiteral("[NestedEdgedInfraDevice!]!"));
    QVERIFY(nestedPaginated->field(QStringLiteral("permissions")));

    // Generics: Edged/Paginated like nodes, but the nested ones differ
    QCOMPARE(
        typeString(m_core->type(QStringLiteral("PaginatedLocationGeneric"))->field(QStringLiteral("edges"))),
        QStringLiteral("[EdgedLocationGeneric!]!"));
    const GqlType *nestedGeneric = m_core->type(QStringLiteral("NestedPaginatedLocationGeneric"));
    QCOMPARE(typeString(nestedGeneric->field(QStringLiteral("edges"))),
             QStringLiteral("[NestedEdgedLocationGeneric!]"));
    QVERIFY(!nestedGeneric->field(QStringLiteral("permissions")));
    QCOMPARE(
        typeString(
            m_core->type(QStringLiteral("NestedEdgedLocationGeneric"))->field(QStringLiteral("_updated_at"))),
        QStringLiteral("DateTime"));

    const GqlType *property = m_core->type(QStringLiteral("RelationshipProperty"));
    QCOMPARE(property->role, TypeRole::RelationshipProperty);
    QCOMPARE(typeString(property->field(QStringLiteral("source"))), QStringLiteral("LineageSource"));
    QCOMPARE(typeString(property->field(QStringLiteral("owner"))), QStringLiteral("LineageOwner"));
}

void TestGraphqlTypes::genericInterfacesAndHierarchy() {
    const GqlType *generic = m_core->type(QStringLiteral("LocationGeneric"));
    QCOMPARE(generic->kind, TypeKind::Interface);
    QCOMPARE(generic->role, TypeRole::NodeInterface);
    QCOMPARE(typeString(generic->field(QStringLiteral("id"))), QStringLiteral("String"));
    QCOMPARE(generic->possibleTypes,
             (QStringList{QStringLiteral("LocationCountry"), QStringLiteral("LocationRack"),
                          QStringLiteral("LocationSite")}));
    QVERIFY(m_core->isPossibleType(generic, m_core->type(QStringLiteral("LocationSite"))));
    QVERIFY(!m_core->isPossibleType(generic, m_core->type(QStringLiteral("InfraDevice"))));

    // Hierarchy fields use the hierarchy generic, with its filters and no include_descendants
    for (const char *kind : {"LocationGeneric", "LocationSite"}) {
        const GqlType *t = m_core->type(QString::fromLatin1(kind));
        QCOMPARE(typeString(t->field(QStringLiteral("parent"))),
                 QStringLiteral("NestedEdgedLocationGeneric!"));
        QCOMPARE(t->field(QStringLiteral("parent"))->role, FieldRole::HierarchyParent);
        for (const char *many : {"children", "ancestors", "descendants"}) {
            const GqlField *f = t->field(QString::fromLatin1(many));
            QCOMPARE(typeString(f), QStringLiteral("NestedPaginatedLocationGeneric!"));
            QVERIFY(f->argument(QStringLiteral("shortname__value")));
            QVERIFY(!f->argument(QStringLiteral("include_descendants")));
        }
        QCOMPARE(t->field(QStringLiteral("ancestors"))->role, FieldRole::HierarchyAncestors);
        // Other many relationships of hierarchical kinds accept include_descendants
        QVERIFY(t->field(QStringLiteral("tags"))->argument(QStringLiteral("include_descendants")));
    }
    QVERIFY(!m_core->type(QStringLiteral("InfraDevice"))
                 ->field(QStringLiteral("member_of_groups"))
                 ->argument(QStringLiteral("include_descendants")));
    QVERIFY(!m_core->type(QStringLiteral("InfraDevice"))->field(QStringLiteral("children")));

    // CoreNode carries the automatic group relationships
    const GqlType *coreNode = m_core->type(QStringLiteral("CoreNode"));
    QVERIFY(coreNode->field(QStringLiteral("member_of_groups")));
    QVERIFY(coreNode->possibleTypes.contains(QStringLiteral("InfraDevice")));
    QVERIFY(!coreNode->possibleTypes.contains(QStringLiteral("CoreStandardGroup")));
}

void TestGraphqlTypes::queryFieldArguments() {
    const GqlField *f = m_core->queryType()->field(QStringLiteral("InfraDevice"));
    QVERIFY(f);
    QCOMPARE(f->role, FieldRole::ListKind);
    QCOMPARE(f->kind, QStringLiteral("InfraDevice"));
    QCOMPARE(typeString(f), QStringLiteral("PaginatedInfraDevice!"));

    const QStringList names = f->args->names();
    const QStringList head = {QStringLiteral("offset"),
                              QStringLiteral("limit"),
                              QStringLiteral("order"),
                              QStringLiteral("ids"),
                              QStringLiteral("hfid"),
                              QStringLiteral("description__value"),
                              QStringLiteral("description__values"),
                              QStringLiteral("description__isnull"),
                              QStringLiteral("description__source__id"),
                              QStringLiteral("description__owner__id"),
                              QStringLiteral("description__is_visible"),
                              QStringLiteral("description__is_protected")};
    QCOMPARE(names.mid(0, head.size()), head);
    QCOMPARE(f->argument(QStringLiteral("order"))->type.toString(), QStringLiteral("OrderInput"));
    QCOMPARE(f->argument(QStringLiteral("ids"))->type.toString(), QStringLiteral("[ID]"));
    QCOMPARE(f->argument(QStringLiteral("role_id__value"))->type.toString(), QStringLiteral("BigInt"));
    QCOMPARE(f->argument(QStringLiteral("role_id__values"))->type.toString(), QStringLiteral("[BigInt]"));
    QCOMPARE(f->argument(QStringLiteral("name__source__id"))->type.toString(), QStringLiteral("ID"));

    const GqlInputValue *v = f->argument(QStringLiteral("status__values"));
    QCOMPARE(v->role, ValueRole::AttributeFilter);
    QCOMPARE(v->op, FilterOp::Values);
    QCOMPARE(v->attribute, QStringLiteral("status"));
    QCOMPARE(f->argument(QStringLiteral("name__isnull"))->op, FilterOp::IsNull);

    // any__* and partial_match after the attributes
    const qsizetype any = names.indexOf(QStringLiteral("any__value"));
    QVERIFY(any > 0);
    QCOMPARE(names.mid(any, 7),
             (QStringList{QStringLiteral("any__value"), QStringLiteral("any__values"),
                          QStringLiteral("any__source__id"), QStringLiteral("any__owner__id"),
                          QStringLiteral("any__is_visible"), QStringLiteral("any__is_protected"),
                          QStringLiteral("partial_match")}));
    QCOMPARE(f->argument(QStringLiteral("any__values"))->role, ValueRole::AnyFilter);
    QCOMPARE(f->argument(QStringLiteral("partial_match"))->role, ValueRole::PartialMatch);

    // Relationship filters: ids, isnull, the peer's attribute filters without isnull
    const GqlInputValue *rel = f->argument(QStringLiteral("location__shortname__values"));
    QVERIFY(rel);
    QCOMPARE(rel->role, ValueRole::RelationshipFilter);
    QCOMPARE(rel->relationship, QStringLiteral("location"));
    QCOMPARE(rel->attribute, QStringLiteral("shortname"));
    QCOMPARE(rel->op, FilterOp::Values);
    QCOMPARE(f->argument(QStringLiteral("location__ids"))->op, FilterOp::Ids);
    QCOMPARE(f->argument(QStringLiteral("location__isnull"))->op, FilterOp::IsNull);
    QVERIFY(f->argument(QStringLiteral("location__name__is_protected")));
    QVERIFY(!f->argument(QStringLiteral("location__name__isnull")));
    // Group relationships: value/values only
    QVERIFY(f->argument(QStringLiteral("member_of_groups__name__value")));
    QVERIFY(f->argument(QStringLiteral("member_of_groups__name__values")));
    QVERIFY(!f->argument(QStringLiteral("member_of_groups__name__source__id")));
    QVERIFY(f->argument(QStringLiteral("profiles__profile_name__source__id")));
    QCOMPARE(names.last(), QStringLiteral("subscriber_of_groups__description__values"));

    // hfid only for kinds that have one
    QVERIFY(!m_core->queryType()->field(QStringLiteral("BuiltinIPPrefix"))->argument(QStringLiteral("hfid")));
    // Generics are listed too
    QCOMPARE(typeString(m_core->queryType()->field(QStringLiteral("LocationGeneric"))),
             QStringLiteral("PaginatedLocationGeneric!"));
    QCOMPARE(typeString(m_core->queryType()->field(QStringLiteral("AccountProfile"))),
             QStringLiteral("CoreGenericAccount"));
}

void TestGraphqlTypes::nestedRelationshipArguments() {
    const GqlField *tags = m_core->type(QStringLiteral("LocationSite"))->field(QStringLiteral("tags"));
    QCOMPARE(
        tags->args->names(),
        (QStringList{QStringLiteral("offset"), QStringLiteral("limit"), QStringLiteral("order"),
                     QStringLiteral("ids"), QStringLiteral("isnull"), QStringLiteral("name__value"),
                     QStringLiteral("name__values"), QStringLiteral("name__source__id"),
                     QStringLiteral("name__owner__id"), QStringLiteral("name__is_visible"),
                     QStringLiteral("name__is_protected"), QStringLiteral("description__value"),
                     QStringLiteral("description__values"), QStringLiteral("description__source__id"),
                     QStringLiteral("description__owner__id"), QStringLiteral("description__is_visible"),
                     QStringLiteral("description__is_protected"), QStringLiteral("include_descendants")}));
    QCOMPARE(tags->argument(QStringLiteral("isnull"))->role, ValueRole::IsNull);
    QCOMPARE(tags->argument(QStringLiteral("include_descendants"))->role, ValueRole::IncludeDescendants);
    QCOMPARE(tags->argument(QStringLiteral("limit"))->role, ValueRole::Limit);
    // Same peer, same filters: the argument lists are shared
    const GqlField *groups1 =
        m_core->type(QStringLiteral("InfraDevice"))->field(QStringLiteral("member_of_groups"));
    const GqlField *groups2 =
        m_core->type(QStringLiteral("BuiltinTag"))->field(QStringLiteral("member_of_groups"));
    QCOMPARE(groups1->args.get(), groups2->args.get());
}

void TestGraphqlTypes::mutationsAndInputs() {
    const GqlType *mutation = m_core->mutationType();
    const GqlField *create = mutation->field(QStringLiteral("InfraDeviceCreate"));
    QVERIFY(create);
    QCOMPARE(create->role, FieldRole::Mutation);
    QCOMPARE(create->action, MutationAction::Create);
    QCOMPARE(create->kind, QStringLiteral("InfraDevice"));
    QCOMPARE(create->args->names(), (QStringList{QStringLiteral("context"), QStringLiteral("data")}));
    QCOMPARE(create->argument(QStringLiteral("data"))->type.toString(),
             QStringLiteral("InfraDeviceCreateInput!"));
    QCOMPARE(create->argument(QStringLiteral("data"))->role, ValueRole::Data);
    QCOMPARE(create->argument(QStringLiteral("context"))->type.toString(), QStringLiteral("ContextInput"));
    QCOMPARE(mutation->field(QStringLiteral("InfraDeviceUpdate"))->action, MutationAction::Update);
    QCOMPARE(mutation->field(QStringLiteral("InfraDeviceUpsert"))->action, MutationAction::Upsert);
    const GqlField *del = mutation->field(QStringLiteral("InfraDeviceDelete"));
    QCOMPARE(del->action, MutationAction::Delete);
    QCOMPARE(del->argument(QStringLiteral("data"))->type.toString(), QStringLiteral("DeleteInput!"));

    const GqlType *payload = m_core->type(QStringLiteral("InfraDeviceCreate"));
    QCOMPARE(payload->role, TypeRole::MutationPayload);
    QCOMPARE(payload->action, MutationAction::Create);
    QCOMPARE(typeString(payload->field(QStringLiteral("ok"))), QStringLiteral("Boolean"));
    QCOMPARE(typeString(payload->field(QStringLiteral("object"))), QStringLiteral("InfraDevice"));
    QCOMPARE(payload->field(QStringLiteral("object"))->role, FieldRole::PayloadObject);
    QVERIFY(!m_core->type(QStringLiteral("InfraDeviceDelete"))->field(QStringLiteral("object")));

    // Create input: attribute inputs by kind, no read-only attribute (name is read-only here), nothing
    // non-null (profiles may fill required values), required-ness recorded for the executor.
    const GqlType *input = m_core->type(QStringLiteral("InfraDeviceCreateInput"));
    QCOMPARE(input->role, TypeRole::Input);
    QCOMPARE(input->inputFields.names(),
             (QStringList{QStringLiteral("id"), QStringLiteral("description"), QStringLiteral("role_id"),
                          QStringLiteral("role"), QStringLiteral("status"), QStringLiteral("location"),
                          QStringLiteral("profiles"), QStringLiteral("primary_ip"),
                          QStringLiteral("member_of_groups"), QStringLiteral("object_template"),
                          QStringLiteral("subscriber_of_groups")}));
    QCOMPARE(input->inputField(QStringLiteral("description"))->type.toString(),
             QStringLiteral("TextAttributeCreate"));
    QCOMPARE(input->inputField(QStringLiteral("role_id"))->type.toString(),
             QStringLiteral("NumberAttributeCreate"));
    QCOMPARE(input->inputField(QStringLiteral("status"))->type.toString(),
             QStringLiteral("TextAttributeCreate"));
    QCOMPARE(input->inputField(QStringLiteral("location"))->type.toString(),
             QStringLiteral("RelatedNodeInput"));
    QCOMPARE(input->inputField(QStringLiteral("primary_ip"))->type.toString(),
             QStringLiteral("RelatedIPAddressNodeInput"));
    QCOMPARE(input->inputField(QStringLiteral("profiles"))->type.toString(),
             QStringLiteral("[RelatedNodeInput]"));
    QVERIFY(input->inputField(QStringLiteral("role_id"))->requiredOnCreate);
    QVERIFY(!input->inputField(QStringLiteral("role"))->requiredOnCreate); // has a default
    QVERIFY(input->inputField(QStringLiteral("location"))->requiredOnCreate);
    QCOMPARE(input->inputField(QStringLiteral("location"))->role, ValueRole::InputRelationship);
    QCOMPARE(input->inputField(QStringLiteral("role_id"))->role, ValueRole::InputAttribute);
    QCOMPARE(input->inputField(QStringLiteral("role_id"))->attribute, QStringLiteral("role_id"));

    const GqlType *update = m_core->type(QStringLiteral("InfraDeviceUpdateInput"));
    QCOMPARE(update->inputFields.names().mid(0, 2),
             (QStringList{QStringLiteral("id"), QStringLiteral("hfid")}));
    QCOMPARE(update->inputField(QStringLiteral("hfid"))->type.toString(), QStringLiteral("[String]"));
    QCOMPARE(update->inputField(QStringLiteral("role_id"))->type.toString(),
             QStringLiteral("NumberAttributeUpdate"));
    QCOMPARE(update->inputField(QStringLiteral("location"))->type.toString(),
             QStringLiteral("RelatedNodeInput"));

    // Upsert input: Update attribute inputs, non-null where Infrahub requires a value
    const GqlType *upsert = m_core->type(QStringLiteral("InfraDeviceUpsertInput"));
    QCOMPARE(upsert->inputField(QStringLiteral("role_id"))->type.toString(),
             QStringLiteral("NumberAttributeUpdate!"));
    QCOMPARE(upsert->inputField(QStringLiteral("role"))->type.toString(),
             QStringLiteral("TextAttributeUpdate"));
    QCOMPARE(upsert->inputField(QStringLiteral("location"))->type.toString(),
             QStringLiteral("RelatedNodeInput!"));
    QCOMPARE(upsert->inputField(QStringLiteral("profiles"))->type.toString(),
             QStringLiteral("[RelatedNodeInput]"));

    // Read-only relationships are not inputs; IP prefix peers take RelatedPrefixNodeInput
    const GqlType *address = m_core->type(QStringLiteral("IpamIPAddressCreateInput"));
    QVERIFY(!address->inputField(QStringLiteral("ip_prefix")));
    QCOMPARE(address->inputField(QStringLiteral("ip_namespace"))->type.toString(),
             QStringLiteral("RelatedNodeInput"));
    QVERIFY(m_core->type(QStringLiteral("RelatedPrefixNodeInput")));

    // Attribute inputs
    const GqlType *textCreate = m_core->type(QStringLiteral("TextAttributeCreate"));
    QCOMPARE(textCreate->inputFields.names(),
             (QStringList{QStringLiteral("is_visible"), QStringLiteral("is_protected"),
                          QStringLiteral("source"), QStringLiteral("owner"), QStringLiteral("value")}));
    const GqlType *numberUpdate = m_core->type(QStringLiteral("NumberAttributeUpdate"));
    QCOMPARE(numberUpdate->inputFields.names().first(), QStringLiteral("is_default"));
    QCOMPARE(numberUpdate->inputField(QStringLiteral("value"))->type.toString(), QStringLiteral("BigInt"));
    QCOMPARE(numberUpdate->inputField(QStringLiteral("from_pool"))->defaultValue,
             QJsonValue(QJsonValue::Null));
    const GqlType *related = m_core->type(QStringLiteral("RelatedNodeInput"));
    QCOMPARE(related->inputFields.names(),
             (QStringList{QStringLiteral("id"), QStringLiteral("hfid"), QStringLiteral("kind"),
                          QStringLiteral("from_pool"), QStringLiteral("_relation__is_visible"),
                          QStringLiteral("_relation__is_protected"), QStringLiteral("_relation__owner"),
                          QStringLiteral("_relation__source")}));

    // Generics only get Update (and only when they have something to update)
    QCOMPARE(mutation->field(QStringLiteral("LocationGenericUpdate"))->action, MutationAction::Update);
    QVERIFY(!mutation->field(QStringLiteral("LocationGenericCreate")));
    QVERIFY(!mutation->field(QStringLiteral("LineageOwnerUpdate")));
    // Profiles and templates get all four
    QVERIFY(mutation->field(QStringLiteral("ProfileBuiltinTagUpsert")));
    QVERIFY(mutation->field(QStringLiteral("TemplateInfraDeviceDelete")));
}

void TestGraphqlTypes::branchAndFixedTypes() {
    const GqlField *branch = m_core->queryType()->field(QStringLiteral("Branch"));
    QCOMPARE(branch->role, FieldRole::BranchList);
    QCOMPARE(typeString(branch), QStringLiteral("[Branch!]!"));
    QCOMPARE(branch->args->names(), (QStringList{QStringLiteral("ids"), QStringLiteral("name")}));
    QCOMPARE(typeString(m_core->queryType()->field(QStringLiteral("InfrahubInfo"))), QStringLiteral("Info!"));
    QCOMPARE(m_core->type(QStringLiteral("Branch"))->role, TypeRole::Branch);
    QCOMPARE(m_core->type(QStringLiteral("Branch"))->field(QStringLiteral("is_isolated"))->deprecationReason,
             QStringLiteral("non isolated mode is not supported anymore"));

    const GqlType *mutation = m_core->mutationType();
    const GqlField *create = mutation->field(QStringLiteral("BranchCreate"));
    QCOMPARE(create->action, MutationAction::BranchCreate);
    QCOMPARE(create->args->names(),
             (QStringList{QStringLiteral("background_execution"), QStringLiteral("context"),
                          QStringLiteral("data"), QStringLiteral("wait_until_completion")}));
    QCOMPARE(create->argument(QStringLiteral("data"))->type.toString(), QStringLiteral("BranchCreateInput!"));
    QVERIFY(!create->argument(QStringLiteral("background_execution"))->deprecationReason.isEmpty());
    const std::pair<const char *, MutationAction> branchActions[] = {
        {"BranchDelete", MutationAction::BranchDelete},
        {"BranchRebase", MutationAction::BranchRebase},
        {"BranchMerge", MutationAction::BranchMerge},
        {"BranchValidate", MutationAction::BranchValidate}};
    for (const auto &[name, action] : branchActions) {
        const GqlField *f = mutation->field(QString::fromLatin1(name));
        QVERIFY2(f, name);
        QCOMPARE(f->action, action);
        QCOMPARE(f->argument(QStringLiteral("data"))->type.toString(), QStringLiteral("BranchNameInput!"));
    }
    QVERIFY(!m_core->type(QStringLiteral("BranchDelete"))->field(QStringLiteral("object")));
    QCOMPARE(typeString(m_core->type(QStringLiteral("BranchMerge"))->field(QStringLiteral("task"))),
             QStringLiteral("TaskInfo"));
    QCOMPARE(mutation->field(QStringLiteral("RelationshipAdd"))->action, MutationAction::RelationshipAdd);
    QCOMPARE(mutation->field(QStringLiteral("RelationshipRemove"))
                 ->argument(QStringLiteral("data"))
                 ->type.toString(),
             QStringLiteral("RelationshipNodesInput!"));
    QCOMPARE(m_core->type(QStringLiteral("RelationshipNodesInput"))
                 ->inputField(QStringLiteral("nodes"))
                 ->type.toString(),
             QStringLiteral("[RelatedNodeInput]"));
    QCOMPARE(m_core->type(QStringLiteral("BranchCreateInput"))
                 ->inputField(QStringLiteral("name"))
                 ->type.toString(),
             QStringLiteral("String!"));

    for (const char *scalar :
         {"String", "Int", "Float", "Boolean", "ID", "DateTime", "BigInt", "GenericScalar"})
        QCOMPARE(m_core->type(QString::fromLatin1(scalar))->kind, TypeKind::Scalar);
    QCOMPARE(m_core->type(QStringLiteral("BranchRelativePermissionDecision"))->kind, TypeKind::Enum);
    QCOMPARE(m_core->type(QStringLiteral("PermissionType"))->role, TypeRole::Permission);
    QVERIFY(m_core->directive(QStringLiteral("expand")));
    QVERIFY(m_core->directive(QStringLiteral("include")));
}

void TestGraphqlTypes::attributeTypes() {
    const QStringList metadata = {
        QStringLiteral("is_default"),  QStringLiteral("is_protected"), QStringLiteral("is_visible"),
        QStringLiteral("updated_at"),  QStringLiteral("id"),           QStringLiteral("is_from_profile"),
        QStringLiteral("permissions"), QStringLiteral("source"),       QStringLiteral("owner")};
    for (const char *name : {"TextAttribute", "Dropdown", "NumberAttribute", "CheckboxAttribute", "IPHost",
                             "IPNetwork", "MacAddress", "ListAttribute", "JSONAttribute", "AnyAttribute"}) {
        const GqlType *t = m_core->type(QString::fromLatin1(name));
        QVERIFY2(t, name);
        QCOMPARE(t->role, TypeRole::Attribute);
        QCOMPARE(t->interfaces, QStringList{QStringLiteral("AttributeInterface")});
        for (const QString &f : metadata)
            QVERIFY2(t->field(f), qPrintable(QString::fromLatin1(name) + u'.' + f));
        QVERIFY(t->field(QStringLiteral("value")));
    }
    QCOMPARE(typeString(m_core->type(QStringLiteral("NumberAttribute"))->field(QStringLiteral("value"))),
             QStringLiteral("BigInt"));
    QCOMPARE(typeString(m_core->type(QStringLiteral("CheckboxAttribute"))->field(QStringLiteral("value"))),
             QStringLiteral("Boolean"));
    QCOMPARE(typeString(m_core->type(QStringLiteral("JSONAttribute"))->field(QStringLiteral("value"))),
             QStringLiteral("GenericScalar"));
    const GqlType *dropdown = m_core->type(QStringLiteral("Dropdown"));
    for (const char *f : {"label", "color", "description"})
        QVERIFY(dropdown->field(QString::fromLatin1(f)));
    const GqlType *host = m_core->type(QStringLiteral("IPHost"));
    for (const char *f :
         {"ip", "prefixlen", "netmask", "hostmask", "version", "with_netmask", "with_hostmask"})
        QVERIFY(host->field(QString::fromLatin1(f)));
    QVERIFY(m_core->type(QStringLiteral("IPNetwork"))->field(QStringLiteral("broadcast_address")));
    QVERIFY(m_core->type(QStringLiteral("IPNetwork"))->field(QStringLiteral("num_addresses")));
    QCOMPARE(typeString(m_core->type(QStringLiteral("TextAttribute"))->field(QStringLiteral("permissions"))),
             QStringLiteral("PermissionType"));
}

void TestGraphqlTypes::interfaceReconciliation() {
    // A node missing relationships of its generic (a hand-written /api/schema) still satisfies the interface.
    const QJsonObject body{
        {QStringLiteral("generics"),
         QJsonArray{QJsonObject{
             {QStringLiteral("name"), QStringLiteral("Thing")},
             {QStringLiteral("namespace"), QStringLiteral("Test")},
             {QStringLiteral("kind"), QStringLiteral("TestThing")},
             {QStringLiteral("used_by"), QJsonArray{QStringLiteral("TestCar")}},
             {QStringLiteral("attributes"),
              QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("name")},
                                     {QStringLiteral("kind"), QStringLiteral("Text")}}}},
             {QStringLiteral("relationships"),
              QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("others")},
                                     {QStringLiteral("peer"), QStringLiteral("TestThing")},
                                     {QStringLiteral("cardinality"), QStringLiteral("many")}}}}}}},
        {QStringLiteral("nodes"),
         QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("Car")},
                                {QStringLiteral("namespace"), QStringLiteral("Test")},
                                {QStringLiteral("kind"), QStringLiteral("TestCar")},
                                {QStringLiteral("inherit_from"), QJsonArray{QStringLiteral("TestThing")}}}}}};
    const TypeSystem ts = TypeSystem::fromSchema(schemaFrom(body));
    const GqlType *car = ts.type(QStringLiteral("TestCar"));
    QCOMPARE(car->interfaces, (QStringList{QStringLiteral("CoreNode"), QStringLiteral("TestThing")}));
    QCOMPARE(typeString(car->field(QStringLiteral("name"))), QStringLiteral("TextAttribute"));
    QCOMPARE(typeString(car->field(QStringLiteral("others"))), QStringLiteral("NestedPaginatedTestThing!"));
    QVERIFY(car->field(QStringLiteral("others"))->argument(QStringLiteral("name__value")));
    // Missing core kinds become bare interfaces
    QVERIFY(ts.type(QStringLiteral("CoreNode")));
    QVERIFY(ts.type(QStringLiteral("LineageSource")));
    QVERIFY(ts.type(QStringLiteral("PaginatedCoreNode")));
}

void TestGraphqlTypes::buildTime() {
    const SchemaSet core = schemaFrom(coreSchemaBody());
    const SchemaSet scaled = schemaFrom(scaledSchemaBody(3)); // 72 kinds, more than the demo's ~60
    QElapsedTimer timer;
    constexpr int rounds = 5;
    qint64 coreNs = 0, scaledNs = 0;
    for (int i = 0; i < rounds; ++i) {
        timer.start();
        const TypeSystem a = TypeSystem::fromSchema(core);
        coreNs += timer.nsecsElapsed();
        timer.start();
        const TypeSystem b = TypeSystem::fromSchema(scaled);
        scaledNs += timer.nsecsElapsed();
        QVERIFY(b.type(QStringLiteral("InfraX2Device")));
    }
    const TypeSystem big = TypeSystem::fromSchema(scaled);
    timer.start();
    const QString sdl = printSdl(big);
    const qint64 printNs = timer.nsecsElapsed();
    qInfo(
        "type system build: %lld kinds %.2f ms, %lld kinds %.2f ms (%zu types); SDL print %.2f ms (%lld kB)",
        qlonglong(core.kinds().size()), coreNs / rounds / 1e6, qlonglong(scaled.kinds().size()),
        scaledNs / rounds / 1e6, big.types().size(), printNs / 1e6, qlonglong(sdl.size() / 1024));
    // Speed is measured by bench/, not asserted here (CI also runs this under ASan on 2 busy cores).
}

void TestGraphqlTypes::sdlPrinter() {
    const QString sdl = printSdl(*m_core);
    QVERIFY(sdl.contains(QLatin1String("type InfraDevice implements CoreNode {\n")));
    QVERIFY(sdl.contains(QLatin1String("\n  id: String!\n")));
    QVERIFY(sdl.contains(QLatin1String("scalar DateTime\n")));
    QVERIFY(sdl.contains(
        QLatin1String("directive @expand(\n  \"\"\"Exclude specific fields\"\"\"\n  exclude: [String]\n) "
                      "on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT")));
    QVERIFY(sdl.contains(QLatin1String("  hfid: [String] = null\n")));
    QVERIFY(
        sdl.contains(QLatin1String("  is_isolated: Boolean @deprecated(reason: \"non isolated mode is not "
                                   "supported anymore\")\n")));
    QVERIFY(sdl.contains(QLatin1String("  Branch(ids: [ID], name: String): [Branch!]!\n")));
    QVERIFY(sdl.contains(
        QLatin1String("  InfraDeviceCreate(context: ContextInput, data: InfraDeviceCreateInput!): "
                      "InfraDeviceCreate\n")));
    QVERIFY(sdl.contains(QLatin1String("enum BranchRelativePermissionDecision {\n  DENY\n")));
    QVERIFY(!sdl.contains(QLatin1String("scalar String")));
    QVERIFY(!sdl.contains(QLatin1String("__Schema")));
    QVERIFY(!sdl.contains(QLatin1String("directive @include")));

    QCOMPARE(printString(QStringLiteral("a\"b\\c\nd\u0001")), QStringLiteral("\"a\\\"b\\\\c\\nd\\u0001\""));
}

void TestGraphqlTypes::suggestions() {
    QCOMPARE(suggestionList(QStringLiteral("nmae"),
                            {QStringLiteral("name"), QStringLiteral("names"), QStringLiteral("description")}),
             (QStringList{QStringLiteral("name"), QStringLiteral("names")}));
    // A case change is one edit, like a deletion; equal distances sort naturally
    QCOMPARE(suggestionList(QStringLiteral("NAME"), {QStringLiteral("name"), QStringLiteral("nam")}),
             (QStringList{QStringLiteral("nam"), QStringLiteral("name")}));
    // Natural order breaks ties: item2 before item10
    QCOMPARE(suggestionList(QStringLiteral("itemX"), {QStringLiteral("item10"), QStringLiteral("item2")}),
             (QStringList{QStringLiteral("item2"), QStringLiteral("item10")}));
    QVERIFY(suggestionList(QStringLiteral("abc"), {QStringLiteral("xyz")}).isEmpty());
    QCOMPARE(didYouMean({}), QString());
    QCOMPARE(didYouMean({QStringLiteral("a")}), QStringLiteral(" Did you mean 'a'?"));
    QCOMPARE(didYouMean({QStringLiteral("a"), QStringLiteral("b")}),
             QStringLiteral(" Did you mean 'a' or 'b'?"));
    QCOMPARE(didYouMean({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d"),
                         QStringLiteral("e"), QStringLiteral("f")},
                        QStringLiteral("to use an inline fragment on")),
             QStringLiteral(" Did you mean to use an inline fragment on 'a', 'b', 'c', 'd', or 'e'?"));
    QVERIFY(naturalLess(QStringLiteral("a2"), QStringLiteral("a10")));
    QVERIFY(naturalLess(QStringLiteral("a"), QStringLiteral("a1")));
    QVERIFY(!naturalLess(QStringLiteral("b"), QStringLiteral("a10")));
}

void TestGraphqlTypes::validDocuments() {
    const QString queries[] = {
        QStringLiteral(
            "query Devices($limit: Int = 10, $names: [String], $partial: Boolean = false) {\n"
            "  InfraDevice(limit: $limit, offset: 0, name__values: $names, partial_match: $partial, "
            "order: {disable: true}, location__shortname__value: \"atl\") {\n"
            "    count\n    permissions { count edges { node { kind view create update delete } } }\n"
            "    edges { node { __typename id hfid display_label name { value is_protected source { id "
            "display_label } } status { value label color description } role_id { value }\n"
            "      location { node { id ... on LocationSite { physical_address { value } } } properties { "
            "is_protected } }\n      member_of_groups(limit: 5) { count edges { node { id name { value } } "
            "} } } }\n  }\n}"),
        QStringLiteral(
            "fragment Site on LocationGeneric { name { value } parent { node { id } } children(limit: 2) { "
            "edges { node { id } } } }\n"
            "query { LocationGeneric { edges { node { __typename ...Site ... on LocationRack { height { "
            "value } } } } } }"),
        QStringLiteral(
            "mutation Create($name: String!, $role: BigInt!, $site: String!) {\n"
            "  InfraDeviceCreate(data: {description: {value: $name}, role_id: {value: $role}, location: {id: "
            "$site}, profiles: [{id: \"p\"}, {hfid: [\"x\"]}]}) { ok object { id display_label } }\n}"),
        QStringLiteral(
            "mutation { InfraDeviceUpsert(data: {role_id: {value: 3}, location: {hfid: [\"atl1\"]}}) { ok } "
            "InfraDeviceDelete(data: {id: \"x\"}) { ok } }"),
        QStringLiteral(
            "mutation { BranchCreate(data: {name: \"b1\", sync_with_git: false}, wait_until_completion: "
            "true) { ok object { id name is_default } task { id } } }"),
        QStringLiteral(
            "mutation { RelationshipAdd(data: {id: \"n\", name: \"tags\", nodes: [{id: \"t\"}]}) { ok } }"),
        QStringLiteral(
            "query { Branch { id name } InfrahubInfo { version deployment_id } AccountProfile { id } }"),
        QStringLiteral(
            "query($skip: Boolean!) { InfraDevice @expand { count @skip(if: $skip) edges @include(if: true) "
            "{ node { id } } } }"),
        QStringLiteral(
            "query IntrospectionQuery { __schema { queryType { name } types { name kind "
            "fields(includeDeprecated: "
            "true) { name args { name type { name ofType { name } } defaultValue } } } } __type(name: "
            "\"InfraDevice\") { name } }"),
    };
    for (const QString &q : queries)
        QVERIFY2(validateOne(q).isEmpty(), qPrintable(validateOne(q) + QLatin1String("\n---\n") + q));
}

void TestGraphqlTypes::validatorMessages_data() {
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected");

    QTest::newRow("unknown field with suggestion")
        << "{ InfraDevice { edges { node { nmae { value } } } } }"
        << "Cannot query field 'nmae' on type 'InfraDevice'. Did you mean 'name'?";
    QTest::newRow("unknown root field")
        << "{ InfraDevise { count } }"
        << "Cannot query field 'InfraDevise' on type 'Query'. Did you mean 'InfraDevice'?";
    QTest::newRow("unknown field, no suggestion")
        << "{ InfraDevice { xyzzy } }"
        << "Cannot query field 'xyzzy' on type 'PaginatedInfraDevice'.";
    QTest::newRow("field of an implementation on an interface")
        << "{ LocationGeneric { edges { node { physical_address { value } } } } }"
        << "Cannot query field 'physical_address' on type 'LocationGeneric'. Did you mean to use an inline "
           "fragment "
           "on 'LocationSite'?";
    QTest::newRow("unknown argument") << "{ InfraDevice(nam__value: \"x\") { count } }"
                                      << "Unknown argument 'nam__value' on field 'Query.InfraDevice'. Did "
                                         "you mean 'name__value', 'any__value', "
                                         "'name__values', 'any__values', or 'role__value'?";
    QTest::newRow("unknown argument on nested field")
        << "{ InfraDevice { edges { node { member_of_groups(limt: 1) { count } } } } }"
        << "Unknown argument 'limt' on field 'InfraDevice.member_of_groups'. Did you mean 'limit'?";
    QTest::newRow("missing subselection") << "{ InfraDevice { edges { node { name } } } }"
                                          << "Field 'name' of type 'TextAttribute' must have a selection of "
                                             "subfields. Did you mean 'name { ... }'?";
    QTest::newRow("subselection on a leaf")
        << "{ InfraDevice { count { x } } }"
        << "Field 'count' must not have a selection since type 'Int!' has no "
           "subfields.";
    QTest::newRow("unknown fragment") << "{ InfraDevice { ...F } }"
                                      << "Unknown fragment 'F'.";
    QTest::newRow("unknown type") << "query($x: Strin) { InfraDevice(name__value: $x) { count } }"
                                  << "Unknown type 'Strin'. Did you mean 'String'?";
    QTest::newRow("unknown type condition")
        << "{ InfraDevice { edges { node { ... on InfraDevise { id } } } } }"
        << "Unknown type 'InfraDevise'. Did you mean 'InfraDevice'?";
    QTest::newRow("impossible inline fragment")
        << "{ InfraDevice { edges { node { ... on LocationSite { id } } } } }"
        << "Fragment cannot be spread here as objects of type 'InfraDevice' can never be of type "
           "'LocationSite'.";
    QTest::newRow("impossible fragment spread")
        << "fragment F on BuiltinTag { id }\n{ InfraDevice { edges { node { ...F } } } }"
        << "Fragment 'F' cannot be spread here as objects of type 'InfraDevice' can never be of type "
           "'BuiltinTag'.";
    QTest::newRow("fragment on a scalar") << "{ InfraDevice { edges { node { id ... on String { x } } } } }"
                                          << "Fragment cannot condition on non composite type 'String'.";
    QTest::newRow("undefined variable") << "query Op { InfraDevice(limit: $x) { count } }"
                                        << "Variable '$x' is not defined by operation 'Op'.";
    QTest::newRow("undefined variable, anonymous") << "{ InfraDevice(limit: $x) { count } }"
                                                   << "Variable '$x' is not defined.";
    QTest::newRow("unused variable") << "query Op($x: Int) { InfraDevice { count } }"
                                     << "Variable '$x' is never used in operation 'Op'.";
    QTest::newRow("variable of output type")
        << "query Op($x: InfraDevice) { InfraDevice { count } }"
        << "Variable '$x' cannot be non-input type 'InfraDevice'.\nVariable '$x' is never used in operation "
           "'Op'.";
    QTest::newRow("variable in wrong position")
        << "query Op($x: String) { InfraDevice(limit: $x) { count } }"
        << "Variable '$x' of type 'String' used in position expecting type 'Int'.";
    QTest::newRow("nullable variable in non-null position")
        << "mutation Op($d: InfraDeviceCreateInput) { InfraDeviceCreate(data: $d) { ok } }"
        << "Variable '$d' of type 'InfraDeviceCreateInput' used in position expecting type "
           "'InfraDeviceCreateInput!'.";
    QTest::newRow("missing required argument") << "mutation { InfraDeviceCreate { ok } }"
                                               << "Field 'InfraDeviceCreate' argument 'data' of type "
                                                  "'InfraDeviceCreateInput!' is required, but it was not "
                                                  "provided.";
    QTest::newRow("unknown input field")
        << "mutation { InfraDeviceCreate(data: {description: {valu: \"x\"}}) { ok } }"
        << "Field 'valu' is not defined by type 'TextAttributeCreate'. Did you mean 'value'?";
    QTest::newRow("missing required input field")
        << "mutation { BranchCreate(data: {description: \"x\"}) { ok } }"
        << "Field 'BranchCreateInput.name' of required type 'String!' was not provided.";
    QTest::newRow("int literal") << "{ InfraDevice(limit: \"abc\") { count } }"
                                 << "Int cannot represent non-integer value: \"abc\"";
    QTest::newRow("int out of range") << "{ InfraDevice(limit: 3000000000) { count } }"
                                      << "Int cannot represent non 32-bit signed integer value: 3000000000";
    QTest::newRow("boolean literal") << "{ InfraDevice(partial_match: 1) { count } }"
                                     << "Boolean cannot represent a non boolean value: 1";
    QTest::newRow("string literal") << "{ InfraDevice(name__value: 12) { count } }"
                                    << "String cannot represent a non string value: 12";
    QTest::newRow("list for a string") << "{ InfraDevice(name__value: [\"a\"]) { count } }"
                                       << "String cannot represent a non string value: [\"a\"]";
    QTest::newRow("ID literal") << "{ InfraDevice(ids: [1.5]) { count } }"
                                << "ID cannot represent a non-string and non-integer value: 1.5";
    QTest::newRow("BigInt literal") << "{ InfraDevice(role_id__value: \"3\") { count } }"
                                    << "Expected value of type 'BigInt', found \"3\".";
    QTest::newRow("object for a scalar") << "{ InfraDevice(limit: {a: 1}) { count } }"
                                         << "Int cannot represent non-integer value: {a: 1}";
    QTest::newRow("object for a BigInt") << "{ InfraDevice(role_id__value: {a: 1}) { count } }"
                                         << "Expected value of type 'BigInt', found {a: 1}.";
    QTest::newRow("scalar for an input object") << "mutation { InfraDeviceDelete(data: \"x\") { ok } }"
                                                << "Expected value of type 'DeleteInput!', found \"x\".";
    QTest::newRow("null for non-null") << "mutation { InfraDeviceDelete(data: null) { ok } }"
                                       << "Expected value of type 'DeleteInput!', found null.";
    QTest::newRow("lone anonymous operation")
        << "{ __type(name: \"X\") { kind } }\nquery Q { x: __schema { types { kind } } }"
        << "This anonymous "
           "operation must be the "
           "only defined operation.";
    QTest::newRow("duplicate operation")
        << "query A { InfrahubInfo { version } }\nquery A { InfrahubInfo { version } }"
        << "There can be only one operation named 'A'.";
    QTest::newRow("duplicate fragment")
        << "fragment F on Info { version }\nfragment F on Info { version }\n{ InfrahubInfo { ...F } }"
        << "There can be only one fragment named 'F'.";
    QTest::newRow("unused fragment") << "fragment F on Info { version }\n{ InfrahubInfo { version } }"
                                     << "Fragment 'F' is never used.";
    QTest::newRow("fragment cycle")
        << "fragment A on Info { ...B }\nfragment B on Info { ...A }\n{ InfrahubInfo { ...A } }"
        << "Cannot spread fragment 'A' within itself via 'B'.";
    QTest::newRow("duplicate variable") << "query Op($a: Int, $a: Int) { InfraDevice(limit: $a) { count } }"
                                        << "There can be only one variable named '$a'.";
    QTest::newRow("duplicate argument") << "{ InfraDevice(limit: 1, limit: 2) { count } }"
                                        << "There can be only one argument named 'limit'.";
    QTest::newRow("duplicate input field")
        << "mutation { InfraDeviceDelete(data: {id: \"a\", id: \"b\"}) { ok } }"
        << "There can be only one input field named 'id'.";
    QTest::newRow("unknown directive") << "{ InfraDevice @cached { count } }"
                                       << "Unknown directive '@cached'.";
    QTest::newRow("misplaced directive") << "query @skip(if: true) { InfraDevice { count } }"
                                         << "Directive '@skip' may not be used on query.";
    QTest::newRow("misplaced directive on a fragment definition")
        << "fragment F on Info @skip(if: true) { version }\n{ InfrahubInfo { ...F } }"
        << "Directive '@skip' may not be used on fragment definition.";
    QTest::newRow("duplicate directive") << "{ InfraDevice @expand @expand { count } }"
                                         << "The directive '@expand' can only be used once at this location.";
    QTest::newRow("directive argument") << "{ InfraDevice @skip(iff: true) { count } }"
                                        << "Unknown argument 'iff' on directive '@skip'. Did you mean "
                                           "'if'?\nDirective '@skip' argument 'if' of type "
                                           "'Boolean!' is required, but it was not provided.";
    QTest::newRow("conflicting aliases")
        << "{ InfraDevice { edges { node { x: name { value } x: description { value } } } } }"
        << "Fields 'x' conflict because 'name' and 'description' are different fields. Use different aliases "
           "on the "
           "fields to fetch both if this was intentional.";
    QTest::newRow("conflicting arguments")
        << "{ InfraDevice(limit: 1) { count } InfraDevice(limit: 2) { count } }"
        << "Fields 'InfraDevice' conflict because they have differing arguments. Use different aliases on "
           "the fields "
           "to fetch both if this was intentional.";
    QTest::newRow("conflicting subfields")
        << "{ InfraDevice { count } InfraDevice { count: edges { node { id } } } }"
        << "Fields 'InfraDevice' conflict because subfields 'count' conflict because 'count' and 'edges' are "
           "different "
           "fields. Use different aliases on the fields to fetch both if this was intentional.";
    QTest::newRow("enum literal for a scalar") << "{ InfraDevice(name__value: ACTIVE) { count } }"
                                               << "String cannot represent a non string value: ACTIVE";
    QTest::newRow("enum literal for a boolean")
        << "{ __type(name: \"X\") { fields(includeDeprecated: YES) { name } } }"
        << "Boolean cannot represent a non boolean value: YES";
    QTest::newRow("unused fragment after operation")
        << "query { InfraDevice { edges { node { name { value } } } } }\nfragment F on Info { version }"
        << "Fragment 'F' is never used.";
    QTest::newRow("subscription") << "subscription { InfraDevice { count } }"
                                  << "Schema is not configured to execute subscription operation.";
}

void TestGraphqlTypes::validatorMessages() {
    QFETCH(QString, query);
    QFETCH(QString, expected);
    QCOMPARE(validateOne(query), expected);
}

void TestGraphqlTypes::validatorLocations() {
    const QList<ValidationError> errors = validate(
        parse(QStringLiteral("query Op($x: Int) {\n  InfraDevice {\n    nmae\n  }\n}")), *m_core, {});
    QCOMPARE(errors.size(), 2);
    QCOMPARE(errors[0].message, QStringLiteral("Cannot query field 'nmae' on type 'PaginatedInfraDevice'."));
    QCOMPARE(errors[0].locations.size(), 1);
    QCOMPARE(errors[0].locations[0].line, 3);
    QCOMPARE(errors[0].locations[0].column, 5);
    QCOMPARE(errors[1].message, QStringLiteral("Variable '$x' is never used in operation 'Op'."));
    QCOMPARE(errors[1].locations[0].line, 1);
    QCOMPARE(errors[1].locations[0].column, 10);

    const QList<ValidationError> undefined =
        validate(parse(QStringLiteral("query Op {\n  InfraDevice(limit: $n) { count }\n}")), *m_core, {});
    QCOMPARE(undefined.size(), 1);
    QCOMPARE(undefined[0].locations.size(), 2); // the variable, then the operation
    QCOMPARE(undefined[0].locations[0].line, 2);
    QCOMPARE(undefined[0].locations[0].column, 22);
    QCOMPARE(undefined[0].locations[1].line, 1);
    QCOMPARE(undefined[0].locations[1].column, 1);

    // Names the syntax tree keeps no position for are found in the source text when it is given
    // (positions as graphql-core reports them), else the enclosing node is used.
    auto locationsOf = [&](const QString &query, bool withSource) {
        QStringList out;
        for (const ValidationError &e :
             validateDocument(parse(query), *m_core, withSource ? QStringView(query) : QStringView()))
            for (const SourceLocation &l : e.locations)
                out.append(QStringLiteral("%1:%2").arg(l.line).arg(l.column));
        return out.join(u' ');
    };
    const QString names =
        QStringLiteral("query A { InfrahubInfo { version } }\nquery A { InfrahubInfo { ...F } }");
    QCOMPARE(locationsOf(names, true), QStringLiteral("1:7 2:7 2:29"));
    QCOMPARE(locationsOf(names, false), QStringLiteral("1:1 2:1 2:26"));
    QCOMPARE(
        locationsOf(QStringLiteral(
                        "query($v: [Strin!], $v: Int) { InfraDevice(ids: $v, order: {disble: true}) { count "
                        "{ x } } }"),
                    true),
        QStringLiteral("1:8 1:22 1:12 1:61 1:84 1:21 1:49")); // checked against graphql-core 3.2.6
}

void TestGraphqlTypes::validatorErrorLimit() {
    QString query = QStringLiteral("{");
    for (int i = 0; i < 120; ++i)
        query += QStringLiteral(" f%1").arg(i);
    query += QLatin1Char('}');
    const QList<ValidationError> errors = validateDocument(parse(query), *m_core);
    QCOMPARE(errors.size(), 101);
    QCOMPARE(errors.last().message,
             QStringLiteral("Too many validation errors, error limit reached. Validation aborted."));
}

void TestGraphqlTypes::operationSelection() {
    const QString two =
        QStringLiteral("query A { InfrahubInfo { version } }\nquery B { InfrahubInfo { version } }");
    QCOMPARE(validateOne(two),
             QStringLiteral("Must provide operation name if query contains multiple operations."));
    QCOMPARE(validateOne(two, QStringLiteral("C")), QStringLiteral("Unknown operation named 'C'."));
    QCOMPARE(validateOne(two, QStringLiteral("B")), QString());
    ValidationError error;
    const Document doc = parse(two);
    QCOMPARE(selectOperation(doc, QStringLiteral("B"), &error), &doc.operations[1]);
    QCOMPARE(selectOperation(doc, QString(), &error), nullptr);
    QCOMPARE(validateOne(QStringLiteral("{ InfrahubInfo { version } }"), QStringLiteral("Anything")),
             QStringLiteral("Unknown operation named 'Anything'."));
}

void TestGraphqlTypes::variableCoercion_data() {
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("variables");
    QTest::addColumn<QString>("expected"); // coerced JSON, or the error message

    const QString devices =
        QStringLiteral("query Q($limit: Int, $names: [String], $req: String!, $role: BigInt, "
                       "$when: DateTime, $any: GenericScalar) { InfraDevice(limit: $limit, "
                       "name__values: $names, name__value: $req, role_id__value: $role) { count } "
                       "__typename @skip(if: false) x: InfraDevice(any__value: $req) { count } }");
    QTest::newRow("ok") << devices << "{\"limit\": 5, \"names\": \"one\", \"req\": \"r\", \"role\": \"12\"}"
                        << "{\"limit\":5,\"names\":[\"one\"],\"req\":\"r\",\"role\":12}";
    QTest::newRow("missing required") << devices << "{\"limit\": 5}"
                                      << "Variable '$req' of required type 'String!' was not provided.";
    QTest::newRow("null for required") << devices << "{\"req\": null}"
                                       << "Variable '$req' of non-null type 'String!' must not be null.";
    QTest::newRow("bad int")
        << devices << "{\"req\": \"r\", \"limit\": \"abc\"}"
        << "Variable '$limit' got invalid value 'abc'; Int cannot represent non-integer value: "
           "'abc'";
    QTest::newRow("float for int")
        << devices << "{\"req\": \"r\", \"limit\": 1.5}"
        << "Variable '$limit' got invalid value 1.5; Int cannot represent non-integer "
           "value: 1.5";
    QTest::newRow("big int")
        << devices << "{\"req\": \"r\", \"limit\": 4000000000}"
        << "Variable '$limit' got invalid value 4000000000; Int cannot represent non 32-bit "
           "signed integer value: 4000000000";
    QTest::newRow("list item")
        << devices << "{\"req\": \"r\", \"names\": [\"a\", 2]}"
        << "Variable '$names' got invalid value 2 at 'names[1]'; String cannot represent a non "
           "string value: 2";
    QTest::newRow("bigint garbage") << devices << "{\"req\": \"r\", \"role\": \"x1\"}"
                                    << "Variable '$role' got invalid value 'x1'; Expected type 'BigInt'.";
    QTest::newRow("bigint list")
        << devices << "{\"req\": \"r\", \"role\": [1]}"
        << "Variable '$role' got invalid value [1]; Expected type 'BigInt'. int() argument "
           "must be a string, a bytes-like object or a real number, not 'list'";
    QTest::newRow("datetime")
        << devices << "{\"req\": \"r\", \"when\": \"yesterday\"}"
        << "Variable '$when' got invalid value 'yesterday'; DateTime cannot represent value: "
           "'yesterday'";
    QTest::newRow("datetime ok")
        << devices << "{\"req\": \"r\", \"when\": \"2024-10-01T12:00:00Z\", \"any\": {\"a\": [1]}}"
        << "{\"any\":{\"a\":[1]},\"req\":\"r\",\"when\":\"2024-10-01T12:00:00Z\"}";

    const QString mutation =
        QStringLiteral("mutation M($data: InfraDeviceUpsertInput!, $branch: BranchCreateInput!) "
                       "{ InfraDeviceUpsert(data: $data) { ok } BranchCreate(data: $branch) { ok "
                       "} }");
    QTest::newRow("input object")
        << mutation
        << "{\"data\": {\"role_id\": {\"value\": 3}, \"location\": {\"id\": \"s\"}}, \"branch\": {\"name\": "
           "\"b\"}}"
        << "{\"branch\":{\"name\":\"b\"},\"data\":{\"location\":{\"from_pool\":null,\"hfid\":null,\"id\":"
           "\"s\"},\"role_id\":{\"from_pool\":null,\"value\":3}}}";
    QTest::newRow("input object: missing field")
        << mutation << "{\"data\": {\"location\": {\"id\": \"s\"}}, \"branch\": {\"name\": \"b\"}}"
        << "Variable '$data' got invalid value {'location': {'id': 's'}}; Field 'role_id' of required type "
           "'NumberAttributeUpdate!' was not provided.";
    QTest::newRow("input object: unknown field") << mutation
                                                 << "{\"data\": {\"role_id\": {\"valeu\": 3}, \"location\": "
                                                    "{\"id\": \"s\"}}, \"branch\": {\"name\": \"b\"}}"
                                                 << "Variable '$data' got invalid value {'valeu': 3} at "
                                                    "'data.role_id'; Field 'valeu' is not defined by type "
                                                    "'NumberAttributeUpdate'. Did you mean 'value'?";
    QTest::newRow("input object: not a mapping")
        << mutation << "{\"data\": 5, \"branch\": {\"name\": \"b\"}}"
        << "Variable '$data' got invalid value 5; Expected type 'InfraDeviceUpsertInput' to be a mapping.";
    QTest::newRow("input object: null in non-null field")
        << mutation
        << "{\"data\": {\"role_id\": null, \"location\": {\"id\": \"s\"}}, \"branch\": {\"name\": \"b\"}}"
        << "Variable '$data' got invalid value None at 'data.role_id'; Expected non-nullable type "
           "'NumberAttributeUpdate!' not to be None.";
    QTest::newRow("default value")
        << QStringLiteral(
               "query Q($l: Int = 7, $o: OrderInput = {disable: true}) { InfraDevice(limit: $l, order: $o) "
               "{ count } }")
        << "{}"
        << "{\"l\":7,\"o\":{\"disable\":true}}";
}

void TestGraphqlTypes::variableCoercion() {
    QFETCH(QString, query);
    QFETCH(QString, variables);
    QFETCH(QString, expected);
    const Document doc = parse(query);
    const QJsonObject provided = QJsonDocument::fromJson(variables.toUtf8()).object();
    const auto result = coerceVariables(doc.operations.front(), provided, *m_core);
    if (const auto *error = std::get_if<ValidationError>(&result)) {
        QCOMPARE(error->message, expected);
        QCOMPARE(error->locations.size(), 1);
        return;
    }
    QCOMPARE(QString::fromUtf8(QJsonDocument(std::get<QJsonObject>(result)).toJson(QJsonDocument::Compact)),
             expected);
}

void TestGraphqlTypes::variableCoercionValues() {
    const Document doc =
        parse(QStringLiteral("query Q($a: String!, $b: Int!) { InfraDevice(limit: $b, name__value: "
                             "$a) { count } }"));
    const auto result = coerceVariableValues(doc.operations.front(), {}, *m_core);
    const auto *errors = std::get_if<QList<ValidationError>>(&result);
    QVERIFY(errors);
    QCOMPARE(messages(*errors),
             (QStringList{QStringLiteral("Variable '$a' of required type 'String!' was not provided."),
                          QStringLiteral("Variable '$b' of required type 'Int!' was not provided.")}));
    QCOMPARE(inspectJson(
                 QJsonDocument::fromJson("{\"b\": [1, [2, [3]]], \"a\": \"it's\", \"c\": null, \"d\": true}")
                     .object()),
             QStringLiteral("{'a': \"it's\", 'b': [1, [...]], 'c': None, 'd': True}"));
}

void TestGraphqlTypes::argumentCoercion() {
    const Document doc = parse(QStringLiteral(
        "query Q($n: [String], $l: Int) { InfraDevice(limit: $l, name__values: $n, ids: \"one\", offset: 2, "
        "order: {disable: true}) { count } Branch(name: \"main\") { id } }"));
    const Selection &field = doc.operations.front().selectionSet.front();
    const GqlField *def = m_core->queryType()->field(QStringLiteral("InfraDevice"));
    const QJsonObject variables{{QStringLiteral("n"), QJsonArray{QStringLiteral("a")}}};
    const auto result = coerceArgumentValues(*def->args, field.arguments, variables, field.location, *m_core);
    QVERIFY(std::holds_alternative<QJsonObject>(result));
    const QJsonObject args = std::get<QJsonObject>(result);
    QCOMPARE(args.value(u"name__values"), QJsonValue(QJsonArray{QStringLiteral("a")}));
    QCOMPARE(args.value(u"ids"), QJsonValue(QJsonArray{QStringLiteral("one")})); // one value for a list
    QCOMPARE(args.value(u"offset"), QJsonValue(2));
    QCOMPARE(args.value(u"order"), QJsonValue(QJsonObject{{QStringLiteral("disable"), true}}));
    QVERIFY(!args.contains(u"limit")); // variable not provided, no default

    // Required arguments reach the executor only without validation; graphql-core's runtime messages.
    const Document mutation = parse(QStringLiteral("mutation { InfraDeviceDelete { ok } }"));
    const Selection &del = mutation.operations.front().selectionSet.front();
    const auto missing =
        coerceArgumentValues(*m_core->mutationType()->field(QStringLiteral("InfraDeviceDelete"))->args,
                             del.arguments, {}, del.location, *m_core);
    QVERIFY(std::holds_alternative<ValidationError>(missing));
    QCOMPARE(std::get<ValidationError>(missing).message,
             QStringLiteral("Argument 'data' of required type 'DeleteInput!' was not provided."));

    // Defaults of input fields are filled in
    const Document related =
        parse(QStringLiteral("mutation { RelationshipAdd(data: {id: \"a\", nodes: [{id: \"b\"}]}) "
                             "{ ok } }"));
    const Selection &add = related.operations.front().selectionSet.front();
    const auto coerced =
        coerceArgumentValues(*m_core->mutationType()->field(QStringLiteral("RelationshipAdd"))->args,
                             add.arguments, {}, add.location, *m_core);
    QCOMPARE(
        QJsonDocument(std::get<QJsonObject>(coerced)).toJson(QJsonDocument::Compact),
        QByteArray("{\"data\":{\"id\":\"a\",\"nodes\":[{\"from_pool\":null,\"hfid\":null,\"id\":\"b\"}]}}"));
}

void TestGraphqlTypes::demoSchema() {
#ifdef INFRAHUB_HAVE_SCHEMA_COMPILER
    sandbox::SchemaCompiler compiler;
    compiler.addCoreSchema();
    compiler.addDemoSchema();
    QString error;
    const std::optional<QJsonObject> body = compiler.compile(&error);
    QVERIFY2(body, qPrintable(error));
    const SchemaSet schema = schemaFrom(*body);
    QElapsedTimer timer;
    timer.start();
    const TypeSystem ts = TypeSystem::fromSchema(schema);
    const qint64 ns = timer.nsecsElapsed();
    qInfo("demo schema: %lld kinds, %zu GraphQL types, built in %.2f ms", qlonglong(schema.kinds().size()),
          ts.types().size(), ns / 1e6);

    const GqlType *device = ts.type(QStringLiteral("InfraDevice"));
    QVERIFY(device);
    for (const char *f : {"name", "description", "type", "status", "role", "site", "platform", "interfaces",
                          "tags", "primary_address"})
        QVERIFY2(device->field(QString::fromLatin1(f)), f);
    QCOMPARE(typeString(device->field(QStringLiteral("status"))), QStringLiteral("Dropdown"));
    QCOMPARE(typeString(device->field(QStringLiteral("interfaces"))),
             QStringLiteral("NestedPaginatedInfraInterface!"));
    QCOMPARE(typeString(ts.type(QStringLiteral("LocationSite"))->field(QStringLiteral("parent"))),
             QStringLiteral("NestedEdgedLocationGeneric!"));
    QCOMPARE(ts.type(QStringLiteral("InfraVLANUpsertInput"))
                 ->inputField(QStringLiteral("vlan_id"))
                 ->type.toString(),
             QStringLiteral("NumberAttributeUpdate!"));
    const GqlType *vlanCreate = ts.type(QStringLiteral("InfraVLANCreateInput"));
    QCOMPARE(vlanCreate->inputField(QStringLiteral("vlan_id"))->type.toString(),
             QStringLiteral("NumberAttributeCreate"));
    QVERIFY(vlanCreate->inputField(QStringLiteral("vlan_id"))->requiredOnCreate);
    const GqlType *deviceCreate = ts.type(QStringLiteral("InfraDeviceCreateInput"));
    QCOMPARE(deviceCreate->inputField(QStringLiteral("primary_address"))->type.toString(),
             QStringLiteral("RelatedIPAddressNodeInput"));

    // Interfaces and their implementations
    const GqlType *l3 = ts.type(QStringLiteral("InfraInterfaceL3"));
    QVERIFY(l3->interfaces.contains(QStringLiteral("InfraInterface")));
    QVERIFY(l3->interfaces.contains(QStringLiteral("CoreNode")));
    QVERIFY(ts.type(QStringLiteral("InfraInterface"))
                ->possibleTypes.contains(QStringLiteral("InfraInterfaceL3")));
    QCOMPARE(typeString(l3->field(QStringLiteral("ip_addresses"))),
             QStringLiteral("NestedPaginatedIpamIPAddress!"));
    QCOMPARE(typeString(l3->field(QStringLiteral("device"))), QStringLiteral("NestedEdgedInfraDevice!"));

    // IPAM: prefixes are hierarchical through BuiltinIPPrefix and have no hfid filter
    const GqlType *prefix = ts.type(QStringLiteral("IpamIPPrefix"));
    QCOMPARE(typeString(prefix->field(QStringLiteral("prefix"))), QStringLiteral("IPNetwork"));
    QCOMPARE(typeString(prefix->field(QStringLiteral("children"))),
             QStringLiteral("NestedPaginatedBuiltinIPPrefix!"));
    QVERIFY(!ts.queryType()->field(QStringLiteral("IpamIPPrefix"))->argument(QStringLiteral("hfid")));
    QCOMPARE(typeString(ts.type(QStringLiteral("IpamIPAddress"))->field(QStringLiteral("address"))),
             QStringLiteral("IPHost"));

    // Lists, tags and platforms
    QCOMPARE(ts.queryType()->field(QStringLiteral("InfraPlatform"))->kind, QStringLiteral("InfraPlatform"));
    QVERIFY(ts.queryType()->field(QStringLiteral("BuiltinTag"))->argument(QStringLiteral("hfid")));
    QVERIFY(
        ts.queryType()->field(QStringLiteral("InfraVLAN"))->argument(QStringLiteral("site__name__value")));
    QCOMPARE(ts.mutationType()->field(QStringLiteral("LocationSiteUpsert"))->action, MutationAction::Upsert);

    timer.start();
    const QString sdl = printSdl(ts);
    qInfo("demo schema SDL: %lld kB printed in %.2f ms", qlonglong(sdl.size() / 1024),
          timer.nsecsElapsed() / 1e6);

    // The reference client operations validate
    QFile f(kReference + QStringLiteral("/sdl/example-queries.graphql"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const Document doc = parse(QString::fromUtf8(f.readAll()));
    QVERIFY(doc.operations.size() >= 6);
    timer.start();
    const QList<ValidationError> errors = validateDocument(doc, ts);
    qInfo("example operations validated in %.2f ms", timer.nsecsElapsed() / 1e6);
    QVERIFY2(errors.isEmpty(), qPrintable(messages(errors).join(u'\n')));
    // ... and a mistake in them is reported like a real server does (checked with graphql-core 3.2.6)
    const QString broken =
        QStringLiteral("query { InfraVLAN(site__name__valu: \"atl1\") { edges { node { vlan_id } } } }");
    QCOMPARE(
        messages(validate(parse(broken), ts, {}, broken)),
        (QStringList{
            QStringLiteral(
                "Unknown argument 'site__name__valu' on field 'Query.InfraVLAN'. Did you mean "
                "'site__name__value', 'site__name__values', 'site__city__value', 'gateway__name__value', or "
                "'site__city__values'?"),
            QStringLiteral("Field 'vlan_id' of type 'NumberAttribute' must have a selection of "
                           "subfields. Did you mean 'vlan_id { ... }'?")}));
#else
    QSKIP("built without the sandbox schema compiler (src/sandbox/schema/schemacompiler.h)");
#endif
}

QTEST_GUILESS_MAIN(TestGraphqlTypes)
#include "tst_graphqltypes.moc"
