// The client's GraphQL layer (src/core/query) and node model (src/core/nodes), pure and without network:
// documents rendered from the compiled demo schema and from the real /api/schema objects, checked as text
// where the layout is the point and with the sandbox's parser/validator (graphql-core's rules) everywhere
// else; safe values and hostile input; node parsing from the Python SDK's captured answers; change
// tracking, validation and Update requests with only the changed fields.
#include "clientdocuments.h"
#include "core/nodes/attributevalidator.h"
#include "core/nodes/node.h"
#include "core/nodes/nodepage.h"
#include "core/query/branchinfo.h"
#include "core/query/branchrequests.h"
#include "core/query/filtercatalog.h"
#include "core/query/graphqlnames.h"
#include "core/query/inputvalue.h"
#include "core/query/mutationrenderer.h"
#include "core/query/mutationresult.h"
#include "core/query/namesuggestions.h"
#include "core/query/pagination.h"
#include "core/query/queryrenderer.h"
#include "core/query/serverinforequest.h"
#include "graphqlcoercion.h"
#include "graphqlparser.h"
#include "graphqltypesystem.h"
#include "graphqlvalidator.h"
#include "schemacompiler.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace infrahub;
namespace gql = infrahub::sandbox::gql;

namespace {

const QString kReference = QStringLiteral(INFRAHUB_REFERENCE_DIR);
const QString kDeviceId = QStringLiteral("1799f647-203c-cd41-3409-c51d55097213");
const QString kSiteId = QStringLiteral("1799f646-fa2c-29d0-3406-c5101365ec3a");
const QString kTagId = QStringLiteral("1799f646-c1b4-c4eb-340f-c51512957ddc");

QJsonObject readJson(const QString &relativePath) {
    QFile f(kReference + QLatin1Char('/') + relativePath);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    return QJsonDocument::fromJson(f.readAll()).object();
}

std::shared_ptr<const SchemaSet> schemaFromBody(const QJsonObject &body) {
    QString error;
    std::optional<SchemaSet> schema = SchemaSet::fromApiJson(body, &error);
    if (!schema)
        qFatal("schema: %s", qPrintable(error));
    return std::make_shared<const SchemaSet>(std::move(*schema));
}

// The demo schema as the sandbox serves it (core + Infrahub's models/base + the console's extension).
std::shared_ptr<const SchemaSet> compileDemoSchema() {
    sandbox::SchemaCompiler compiler;
    compiler.addCoreSchema();
    compiler.addDemoSchema();
    QString error;
    const std::optional<QJsonObject> body = compiler.compile(&error);
    if (!body)
        qFatal("demo schema: %s", qPrintable(error));
    return schemaFromBody(*body);
}

// SDK-style kind objects (sdk-fixtures/unit-test-literals/*_schema__data.json, schema-api/*.json sections)
// as one /api/schema body.
std::shared_ptr<const SchemaSet> schemaFromKindObjects(const QList<QJsonObject> &kinds) {
    QJsonArray nodes, generics;
    for (const QJsonObject &k : kinds)
        (k.contains(u"used_by") ? generics : nodes).append(k);
    return schemaFromBody({{QStringLiteral("nodes"), nodes}, {QStringLiteral("generics"), generics}});
}

// The real /api/schema objects of third_party/infrahub-reference/schema-api-core.
std::shared_ptr<const SchemaSet> realCoreSchema() {
    QJsonArray profiles, templates;
    const QDir dir(kReference + QStringLiteral("/schema-api-core"));
    QJsonArray nodes, generics;
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        const QJsonObject o = readJson(QStringLiteral("schema-api-core/") + name);
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
    return schemaFromBody({{QStringLiteral("nodes"), nodes},
                           {QStringLiteral("generics"), generics},
                           {QStringLiteral("profiles"), profiles},
                           {QStringLiteral("templates"), templates}});
}

// What graphql-core (as the sandbox imitates it) says about a request: syntax, validation, variables.
QStringList problems(const gql::TypeSystem &types, const GraphQLRequest &request) {
    auto parsed = gql::parseDocument(request.query);
    if (const auto *e = std::get_if<gql::ParseError>(&parsed))
        return {QStringLiteral("syntax: ") + e->message};
    const gql::Document &document = std::get<gql::Document>(parsed);
    QStringList out;
    for (const gql::ValidationError &e : gql::validate(document, types, request.operationName, request.query))
        out.append(e.message);
    if (!out.isEmpty())
        return out;
    gql::ValidationError selectError;
    const gql::OperationDefinition *operation =
        gql::selectOperation(document, request.operationName, &selectError);
    if (!operation)
        return {selectError.message};
    if (operation->name != request.operationName)
        out.append(QStringLiteral("operation name %1 != %2").arg(operation->name, request.operationName));
    auto coerced = gql::coerceVariableValues(*operation, request.variables, types);
    if (const auto *errors = std::get_if<QList<gql::ValidationError>>(&coerced))
        for (const gql::ValidationError &e : *errors)
            out.append(QStringLiteral("variables: ") + e.message);
    return out;
}

gql::Document parse(const GraphQLRequest &request) {
    auto parsed = gql::parseDocument(request.query);
    if (const auto *e = std::get_if<gql::ParseError>(&parsed))
        qFatal("parse error %s in\n%s", qPrintable(e->message), qPrintable(request.query));
    return std::get<gql::Document>(std::move(parsed));
}

// The names of the arguments of the operation's only root field, in order.
QStringList rootArguments(const GraphQLRequest &request) {
    const gql::Document d = parse(request);
    QStringList out;
    for (const gql::Argument &a : d.operations.at(0).selectionSet.at(0).arguments)
        out.append(a.name);
    return out;
}

// The fields of the `data` input object of the operation's only root field.
QStringList dataFields(const GraphQLRequest &request) {
    const gql::Document d = parse(request);
    const gql::Argument *data = d.operations.at(0).selectionSet.at(0).argument(QStringLiteral("data"));
    QStringList out;
    if (data)
        for (const auto &field : data->value.fields)
            out.append(field.first);
    return out;
}

// The response keys selected under `edges { node { ... } }` of a list query.
QStringList nodeFields(const GraphQLRequest &request) {
    const gql::Document d = parse(request);
    const gql::Selection &root = d.operations.at(0).selectionSet.at(0);
    QStringList out;
    for (const gql::Selection &page : root.selectionSet)
        if (page.name == u"edges")
            for (const gql::Selection &node : page.selectionSet.at(0).selectionSet)
                out.append(node.kind == gql::Selection::Kind::InlineFragment
                               ? QStringLiteral("... on ") + node.typeCondition
                               : node.responseKey());
    return out;
}

const gql::Selection *child(const gql::SelectionSet &set, const QString &name) {
    for (const gql::Selection &s : set)
        if (s.responseKey() == name)
            return &s;
    return nullptr;
}

QStringList childNames(const gql::Selection *s) {
    QStringList out;
    if (s)
        for (const gql::Selection &c : s->selectionSet)
            out.append(c.responseKey());
    return out;
}

// The selection of one field of the listed node (`edges { node { <field> { ... } } }`).
QStringList fieldSelection(const GraphQLRequest &request, const QString &field) {
    const gql::Document d = parse(request);
    const gql::Selection *edges =
        child(d.operations.at(0).selectionSet.at(0).selectionSet, QStringLiteral("edges"));
    const gql::Selection *node = edges ? child(edges->selectionSet, QStringLiteral("node")) : nullptr;
    return childNames(node ? child(node->selectionSet, field) : nullptr);
}

QStringList hostileStrings() {
    return {QStringLiteral("\"}) { x } #"),
            QStringLiteral("\") { __schema { types { name } } } #"),
            QStringLiteral("quote \" inside"),
            QStringLiteral("single ' quote"),
            QStringLiteral("back\\slash\\"),
            QStringLiteral("line\nbreak\r\n"),
            QStringLiteral("tab\there"),
            QStringLiteral("\"\"\" block string \"\"\""),
            QStringLiteral("$value_0000 variable-looking"),
            QStringLiteral("Zürich ✓ 東京 🚀"),
            QStringLiteral("brace { and } bracket [ ]"),
            QStringLiteral("comma, and (parens)"),
            QString(QChar(0)) + QStringLiteral("nul"),
            QString()};
}

} // namespace

class TestQueryRenderer : public QObject {
    Q_OBJECT

private:
    std::shared_ptr<const SchemaSet> m_demo;
    std::unique_ptr<gql::TypeSystem> m_types;

    QueryRenderer queries() const { return QueryRenderer(*m_demo); }
    MutationRenderer mutations() const { return MutationRenderer(*m_demo); }

    GraphQLRequest valid(const Result<GraphQLRequest> &r) const {
        if (!r)
            qFatal("unexpected error: %s", qPrintable(r.error().message));
        const QStringList p = problems(*m_types, r.value());
        if (!p.isEmpty())
            qFatal("invalid document (%s):\n%s", qPrintable(p.join(u"; ")), qPrintable(r->query));
        return r.value();
    }

private Q_SLOTS:
    void initTestCase() {
        m_demo = compileDemoSchema();
        m_types = std::make_unique<gql::TypeSystem>(gql::TypeSystem::fromSchema(*m_demo));
        QVERIFY(m_demo->kind(QStringLiteral("InfraDevice")));
    }

    // --- lexical safety ------------------------------------------------------------------------------

    void graphqlNames() {
        for (const char *good : {"InfraDevice", "_x", "a1", "name__value", "__typename"})
            QVERIFY2(isGraphQLName(QString::fromLatin1(good)), good);
        for (const char *bad : {"", "1a", "a-b", "a b", "a{", "name: x", "é", "a.b"})
            QVERIFY2(!isGraphQLName(QString::fromUtf8(bad)), bad);
        for (const char *safe : {"atl1", "a b.c/d:e_f-g", "192.0.2.0/24", "2001:db8::1/64"})
            QVERIFY2(isSafeInlineString(QString::fromLatin1(safe)), safe);
        for (const QString &unsafe : hostileStrings())
            QVERIFY2(!isSafeInlineString(unsafe), qPrintable(unsafe));
    }

    void inputValueLiterals() {
        VariableSet v;
        auto render = [&v](const QJsonValue &value, const GraphQLInputType &type) {
            const Result<QString> r = renderInputValue(value, type, v);
            return r ? r.value() : QStringLiteral("ERROR ") + r.error().message;
        };
        const GraphQLInputType string = GraphQLInputType::named(QStringLiteral("String"));
        QCOMPARE(render(QStringLiteral("atl1"), string), QStringLiteral("\"atl1\""));
        QCOMPARE(render(QJsonValue::Null, string), QStringLiteral("null"));
        QCOMPARE(render(42, GraphQLInputType::named(QStringLiteral("BigInt"))), QStringLiteral("42"));
        QCOMPARE(render(qint64(9007199254740993LL), GraphQLInputType::named(QStringLiteral("BigInt"))),
                 QStringLiteral("9007199254740993"));
        QCOMPARE(render(-7, GraphQLInputType::named(QStringLiteral("Int"))), QStringLiteral("-7"));
        QCOMPARE(render(true, GraphQLInputType::named(QStringLiteral("Boolean"))), QStringLiteral("true"));
        QCOMPARE(render(kDeviceId, GraphQLInputType::named(QStringLiteral("ID"))),
                 QLatin1Char('"') + kDeviceId + QLatin1Char('"'));
        QCOMPARE(render(QJsonArray{QStringLiteral("a"), QStringLiteral("b")},
                        GraphQLInputType::listOf(QStringLiteral("String"))),
                 QStringLiteral("[\"a\", \"b\"]"));
        // A single value where a list goes is a one-item list.
        QCOMPARE(render(QStringLiteral("a"), GraphQLInputType::listOf(QStringLiteral("String"))),
                 QStringLiteral("[\"a\"]"));
        QCOMPARE(render(QJsonArray{}, GraphQLInputType::listOf(QStringLiteral("ID"))), QStringLiteral("[]"));
        QCOMPARE(render(QStringLiteral("plain"), GraphQLInputType::named(QStringLiteral("GenericScalar"))),
                 QStringLiteral("\"plain\""));
        QVERIFY(v.isEmpty());

        // Everything else becomes a typed variable.
        const QString quote = render(QStringLiteral("a\"b"), string);
        QVERIFY(quote.startsWith(u"$value_"));
        QCOMPARE(render(1.5, GraphQLInputType::named(QStringLiteral("Float"))).left(7),
                 QStringLiteral("$value_"));
        const QString json = render(QJsonObject{{QStringLiteral("k"), 1}},
                                    GraphQLInputType::named(QStringLiteral("GenericScalar")));
        QVERIFY(json.startsWith(u"$value_"));
        QCOMPARE(render(QString(), string).left(7),
                 QStringLiteral("$value_")); // "" does not match the pattern
        QCOMPARE(v.values().size(), 4);
        QVERIFY(v.definitions().contains(quote.mid(1) + QStringLiteral(": String!")));
        QVERIFY(v.definitions().contains(json.mid(1) + QStringLiteral(": GenericScalar!")));
        QVERIFY(v.definitions().contains(QStringLiteral(": Float!")));
        QCOMPARE(v.values().value(quote.mid(1)).toString(), QStringLiteral("a\"b"));
    }

    void inputValueErrors() {
        VariableSet v;
        auto error = [&v](const QJsonValue &value, const GraphQLInputType &type) {
            const Result<QString> r = renderInputValue(value, type, v);
            return r ? QString() : r.error().message;
        };
        QCOMPARE(error(QStringLiteral("12"), GraphQLInputType::named(QStringLiteral("BigInt"))),
                 QStringLiteral("expected a whole number (BigInt)"));
        QCOMPARE(error(1.5, GraphQLInputType::named(QStringLiteral("BigInt"))),
                 QStringLiteral("expected a whole number (BigInt)"));
        QCOMPARE(error(qint64(1) << 40, GraphQLInputType::named(QStringLiteral("Int"))),
                 QStringLiteral("expected a 32-bit whole number (Int)"));
        QCOMPARE(error(12, GraphQLInputType::named(QStringLiteral("String"))),
                 QStringLiteral("expected a string (String)"));
        QCOMPARE(error(QStringLiteral("yes"), GraphQLInputType::named(QStringLiteral("Boolean"))),
                 QStringLiteral("expected true or false (Boolean)"));
        QCOMPARE(error(QJsonValue::Null, GraphQLInputType::named(QStringLiteral("String"), true)),
                 QStringLiteral("a value is required (String!)"));
        QCOMPARE(
            error(QJsonArray{1, QStringLiteral("x")}, GraphQLInputType::listOf(QStringLiteral("BigInt"))),
            QStringLiteral("expected a whole number (BigInt)"));
        QCOMPARE(error(QStringLiteral("x"), GraphQLInputType::named(QStringLiteral("Bad Type"))),
                 QStringLiteral("'Bad Type' is not a GraphQL type name"));
        QVERIFY(v.isEmpty());
    }

    void variableNamesAreStableAndShared() {
        VariableSet a, b;
        const QString first = a.bind(QStringLiteral("it's"), QStringLiteral("String!"));
        QCOMPARE(a.bind(QStringLiteral("it's"), QStringLiteral("String!")), first); // shared
        QVERIFY(a.bind(QStringLiteral("it's"), QStringLiteral("GenericScalar!")) !=
                first); // other type, other variable
        QCOMPARE(b.bind(QStringLiteral("it's"), QStringLiteral("String!")), first); // same text every time
        QVERIFY(QRegularExpression(QStringLiteral("^\\$value_[0-9a-f]{12}$")).match(first).hasMatch());
        QCOMPARE(a.values().size(), 2);
        QCOMPARE(b.definitions(), QStringLiteral("(%1: String!)").arg(first));
        QCOMPARE(VariableSet().definitions(), QString());
    }

    void suggestions() {
        const QStringList names{QStringLiteral("name__value"), QStringLiteral("name__values"),
                                QStringLiteral("site__name__value"), QStringLiteral("status__value")};
        QCOMPARE(suggestNames(QStringLiteral("nmae__value"), names).first(), QStringLiteral("name__value"));
        QCOMPARE(suggestNames(QStringLiteral("Name__Value"), names).first(), QStringLiteral("name__value"));
        QVERIFY(suggestNames(QStringLiteral("completely_different"), names).isEmpty());
        QCOMPARE(quotedList({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}),
                 QStringLiteral("'a', 'b' or 'c'"));
    }

    // --- selections ----------------------------------------------------------------------------------

    void defaultSelectionIsTheSdks() {
        const GraphQLRequest tag = valid(queries().list(QStringLiteral("BuiltinTag")));
        QCOMPARE(tag.operationName, QStringLiteral("All_BuiltinTag"));
        QCOMPARE(tag.query, QStringLiteral("query All_BuiltinTag {\n"
                                           "    BuiltinTag {\n"
                                           "        count\n"
                                           "        edges {\n"
                                           "            node {\n"
                                           "                id\n"
                                           "                hfid\n"
                                           "                display_label\n"
                                           "                __typename\n"
                                           "                name {\n"
                                           "                    value\n"
                                           "                }\n"
                                           "                description {\n"
                                           "                    value\n"
                                           "                }\n"
                                           "            }\n"
                                           "        }\n"
                                           "    }\n"
                                           "}\n"));
        QVERIFY(tag.variables.isEmpty());

        // InfraDevice: every attribute, cardinality-one relationships, many-relationships of kind Attribute
        // (tags) - not the Component `interfaces`, the Group memberships or the profiles.
        const GraphQLRequest device = valid(queries().list(QStringLiteral("InfraDevice")));
        const QStringList fields = nodeFields(device);
        QCOMPARE(fields.mid(0, 4),
                 (QStringList{QStringLiteral("id"), QStringLiteral("hfid"), QStringLiteral("display_label"),
                              QStringLiteral("__typename")}));
        for (const AttributeSchema &a : m_demo->kind(QStringLiteral("InfraDevice"))->attributes)
            QVERIFY2(fields.contains(a.name), qPrintable(a.name));
        for (const char *rel : {"site", "platform", "primary_address", "asn", "mlag_domain", "tags"})
            QVERIFY2(fields.contains(QString::fromLatin1(rel)), rel);
        for (const char *rel : {"interfaces", "member_of_groups", "subscriber_of_groups", "profiles"})
            QVERIFY2(!fields.contains(QString::fromLatin1(rel)), rel);
        QCOMPARE(fieldSelection(device, QStringLiteral("name")), QStringList{QStringLiteral("value")});
        QCOMPARE(fieldSelection(device, QStringLiteral("site")), QStringList{QStringLiteral("node")});
        QCOMPARE(fieldSelection(device, QStringLiteral("tags")),
                 (QStringList{QStringLiteral("count"), QStringLiteral("edges")}));
        QVERIFY(device.query.contains(QStringLiteral("        site {\n"
                                                     "                    node {\n"
                                                     "                        id\n"
                                                     "                        hfid\n"
                                                     "                        display_label\n"
                                                     "                        __typename\n")));
        QVERIFY(device.query.contains(QStringLiteral("tags {\n"
                                                     "                    count\n"
                                                     "                    edges {\n"
                                                     "                        node {\n"
                                                     "                            id\n"
                                                     "                            display_label\n"
                                                     "                            __typename\n")));
        // Parent many-relationships are included too; the hierarchy parent (cardinality one) as well.
        const QStringList site = nodeFields(valid(queries().list(QStringLiteral("LocationSite"))));
        QVERIFY(site.contains(u"parent"));
        QVERIFY(!site.contains(u"devices")); // Component
    }

    void dropdownDetailsAndMetadata() {
        const GraphQLRequest details = valid(queries().list(QStringLiteral("InfraDevice")));
        QCOMPARE(fieldSelection(details, QStringLiteral("status")),
                 (QStringList{QStringLiteral("value"), QStringLiteral("label"), QStringLiteral("color"),
                              QStringLiteral("description")}));

        QueryOptions plain;
        plain.selection.dropdownDetails = false;
        QCOMPARE(fieldSelection(valid(queries().list(QStringLiteral("InfraDevice"), plain)),
                                QStringLiteral("status")),
                 QStringList{QStringLiteral("value")});

        QueryOptions metadata;
        metadata.selection.withMetadata = true;
        const GraphQLRequest withMetadata = valid(queries().list(QStringLiteral("InfraDevice"), metadata));
        QCOMPARE(
            fieldSelection(withMetadata, QStringLiteral("name")),
            (QStringList{QStringLiteral("value"), QStringLiteral("is_default"),
                         QStringLiteral("is_from_profile"), QStringLiteral("is_protected"),
                         QStringLiteral("updated_at"), QStringLiteral("source"), QStringLiteral("owner")}));
        QCOMPARE(fieldSelection(withMetadata, QStringLiteral("site")),
                 (QStringList{QStringLiteral("node"), QStringLiteral("properties")}));
        QVERIFY(withMetadata.query.contains(QStringLiteral("properties {\n")));
        QVERIFY(!withMetadata.query.contains(u"is_visible")); // gone on newer servers
    }

    void fieldsIncludeExclude() {
        QueryOptions only;
        only.selection.fields = {QStringLiteral("name"), QStringLiteral("interfaces")};
        QCOMPARE(nodeFields(valid(queries().list(QStringLiteral("InfraDevice"), only))),
                 (QStringList{QStringLiteral("id"), QStringLiteral("hfid"), QStringLiteral("display_label"),
                              QStringLiteral("__typename"), QStringLiteral("name"),
                              QStringLiteral("interfaces")}));

        QueryOptions more;
        more.selection.include = {QStringLiteral("interfaces"), QStringLiteral("member_of_groups")};
        more.selection.exclude = {QStringLiteral("description"), QStringLiteral("tags")};
        const QStringList fields = nodeFields(valid(queries().list(QStringLiteral("InfraDevice"), more)));
        QVERIFY(fields.contains(u"interfaces"));
        QVERIFY(fields.contains(u"member_of_groups"));
        QVERIFY(fields.contains(u"name"));
        QVERIFY(!fields.contains(u"description"));
        QVERIFY(!fields.contains(u"tags"));

        QueryOptions typo;
        typo.selection.include = {QStringLiteral("interfacs")};
        const Result<GraphQLRequest> r = queries().list(QStringLiteral("InfraDevice"), typo);
        QVERIFY(!r);
        QCOMPARE(r.error().kind, InfrahubError::Kind::Validation);
        QCOMPARE(r.error().message,
                 QStringLiteral(
                     "InfraDevice has no attribute or relationship 'interfacs'. Did you mean 'interfaces'?"));
    }

    void genericsAndFragments() {
        // A generic is listed with its own fields; `__typename` says which kind each node is.
        const GraphQLRequest plain = valid(queries().list(QStringLiteral("InfraInterface")));
        QVERIFY(!plain.query.contains(u"... on"));
        QVERIFY(nodeFields(plain).contains(u"device"));

        QueryOptions fragments;
        fragments.selection.concreteFragments = true;
        const GraphQLRequest full = valid(queries().list(QStringLiteral("InfraInterface"), fragments));
        const QStringList fields = nodeFields(full);
        QVERIFY(fields.contains(u"... on InfraInterfaceL3"));
        QVERIFY(fields.contains(u"... on InfraInterfaceL2"));
        QVERIFY(full.query.contains(u"lacp_rate {"));

        // CoreNode: groups do not implement it in GraphQL, and clashing field names are aliased per kind.
        QueryOptions all;
        all.selection.concreteFragments = true;
        const GraphQLRequest core = valid(queries().list(QStringLiteral("CoreNode"), all));
        QVERIFY(!core.query.contains(u"... on CoreStandardGroup"));
        QVERIFY(core.query.contains(u"InfraDevice__asn: asn {"));
        QVERIFY(core.query.contains(u"InfraAutonomousSystem__asn: asn {"));
    }

    // --- filters and arguments -----------------------------------------------------------------------

    void filtersAreTypedBySchema() {
        const FilterCatalog c = FilterCatalog::forKind(*m_demo, *m_demo->kind(QStringLiteral("InfraVLAN")));
        QCOMPARE(c.type(QStringLiteral("vlan_id__value"))->toString(), QStringLiteral("BigInt"));
        QCOMPARE(c.type(QStringLiteral("vlan_id__values"))->toString(), QStringLiteral("[BigInt]"));
        QCOMPARE(c.type(QStringLiteral("status__value"))->toString(), QStringLiteral("String"));
        QCOMPARE(c.type(QStringLiteral("name__isnull"))->toString(), QStringLiteral("Boolean"));
        QCOMPARE(c.type(QStringLiteral("name__source__id"))->toString(), QStringLiteral("ID"));
        QCOMPARE(c.type(QStringLiteral("ids"))->toString(), QStringLiteral("[ID]"));
        QCOMPARE(c.type(QStringLiteral("hfid"))->toString(), QStringLiteral("[String]"));
        QCOMPARE(c.type(QStringLiteral("any__value"))->toString(), QStringLiteral("String"));
        QCOMPARE(c.type(QStringLiteral("partial_match"))->toString(), QStringLiteral("Boolean"));
        QCOMPARE(c.type(QStringLiteral("site__ids"))->toString(), QStringLiteral("[ID]"));
        QCOMPARE(c.type(QStringLiteral("site__name__values"))->toString(), QStringLiteral("[String]"));
        QVERIFY(!c.contains(QStringLiteral("any__isnull")));
        QVERIFY(!c.contains(QStringLiteral("limit")));
        QVERIFY(!c.contains(QStringLiteral("site__name__isnull"))); // no isnull on peer attributes
        // Group memberships have no property filters.
        QVERIFY(c.contains(QStringLiteral("member_of_groups__name__value")));
        QVERIFY(!c.contains(QStringLiteral("member_of_groups__name__is_protected")));
        const FilterCatalog device =
            FilterCatalog::forKind(*m_demo, *m_demo->kind(QStringLiteral("InfraDevice")));
        QCOMPARE(device.type(QStringLiteral("is_managed__value"))->toString(), QStringLiteral("Boolean"));
        QCOMPARE(device.type(QStringLiteral("interfaces__speed__value"))->toString(),
                 QStringLiteral("BigInt"));
        // IP addresses have no human-friendly id, so no `hfid` filter.
        QVERIFY(!FilterCatalog::forKind(*m_demo, *m_demo->kind(QStringLiteral("IpamIPAddress")))
                     .contains(QStringLiteral("hfid")));

        // Every filter of the catalog is an argument of the sandbox's generated Query field, with that type.
        for (const char *kind :
             {"InfraDevice", "InfraVLAN", "LocationSite", "InfraInterface", "IpamIPPrefix", "CoreAccount"}) {
            const KindSchema *k = m_demo->kind(QString::fromLatin1(kind));
            const FilterCatalog catalog = FilterCatalog::forKind(*m_demo, *k);
            const gql::GqlField *field = m_types->fieldDefinition(m_types->queryType(), k->kind);
            QVERIFY(field);
            for (const QString &name : catalog.names()) {
                const gql::GqlInputValue *arg = field->args->find(name);
                QVERIFY2(arg, qPrintable(k->kind + QLatin1Char('.') + name));
                QCOMPARE(arg->type.toString(), catalog.type(name)->toString());
            }
            // ... and the other way round: every argument but offset/limit/order is a filter.
            QCOMPARE(catalog.size(), field->args->size() - 3);
        }
    }

    void filtersRender() {
        QueryOptions o;
        o.filters = {{QStringLiteral("site__name__value"), QStringLiteral("atl1")},
                     {QStringLiteral("status__values"),
                      QJsonArray{QStringLiteral("active"), QStringLiteral("provisioning")}},
                     {QStringLiteral("partial_match"), true},
                     {QStringLiteral("description__isnull"), false},
                     {QStringLiteral("is_managed__value"), true},
                     {QStringLiteral("interfaces__speed__value"), 1000},
                     {QStringLiteral("name__value"), QStringLiteral("o'brien")}};
        const GraphQLRequest r = valid(queries().list(QStringLiteral("InfraDevice"), o));
        QCOMPARE(r.operationName, QStringLiteral("Filters_InfraDevice"));
        QVERIFY(r.query.startsWith(u"query Filters_InfraDevice($value_"));
        QVERIFY(r.query.contains(u"site__name__value: \"atl1\""));
        QVERIFY(r.query.contains(u"status__values: [\"active\", \"provisioning\"]"));
        QVERIFY(r.query.contains(u"partial_match: true"));
        QVERIFY(r.query.contains(u"description__isnull: false"));
        QVERIFY(r.query.contains(u"interfaces__speed__value: 1000"));
        QVERIFY(!r.query.contains(u"o'brien"));
        QCOMPARE(r.variables.size(), 1);
        QCOMPARE(r.variables.begin().value().toString(), QStringLiteral("o'brien"));
    }

    void unknownFiltersAreExplained() {
        QueryOptions o;
        o.filters = {{QStringLiteral("nmae__value"), QStringLiteral("x")}};
        Result<GraphQLRequest> r = queries().list(QStringLiteral("InfraDevice"), o);
        QVERIFY(!r);
        QCOMPARE(r.error().kind, InfrahubError::Kind::Validation);
        QVERIFY2(r.error().message.startsWith(
                     QStringLiteral("InfraDevice has no filter 'nmae__value'. Did you mean 'name__value'")),
                 qPrintable(r.error().message));

        o.filters = {{QStringLiteral("colour"), QStringLiteral("red")}};
        r = queries().list(QStringLiteral("InfraDevice"), o);
        QVERIFY(!r);
        QVERIFY2(r.error().message.startsWith(
                     QStringLiteral("InfraDevice has no filter 'colour'. Its filters are ids, hfid")),
                 qPrintable(r.error().message));
        QVERIFY(r.error().message.contains(u"attributes: name, description, type, status, role"));
        QVERIFY(r.error().message.contains(u"relationships: site,"));

        // Filters that exist elsewhere but not on this kind.
        o.filters = {{QStringLiteral("hfid"), QJsonArray{QStringLiteral("10.0.0.1/32")}}};
        r = queries().list(QStringLiteral("IpamIPAddress"), o);
        QVERIFY(!r);
        QVERIFY(r.error().message.startsWith(u"IpamIPAddress has no filter 'hfid'."));

        // Values of the wrong type.
        o.filters = {{QStringLiteral("vlan_id__value"), QStringLiteral("ten")}};
        r = queries().list(QStringLiteral("InfraVLAN"), o);
        QVERIFY(!r);
        QCOMPARE(r.error().message,
                 QStringLiteral("InfraVLAN filter 'vlan_id__value': expected a whole number (BigInt)"));

        r = queries().list(QStringLiteral("InfraDeviceX"));
        QVERIFY(!r);
        QCOMPARE(r.error().kind, InfrahubError::Kind::NotFound);
        QCOMPARE(r.error().message, QStringLiteral("The schema has no kind 'InfraDeviceX'."));
    }

    void paginationArguments() {
        QueryOptions o;
        o.offset = 0;
        o.limit = 50;
        QCOMPARE(rootArguments(valid(queries().list(QStringLiteral("InfraDevice"), o))),
                 QStringList{QStringLiteral("limit")});
        o.offset = 100;
        o.orderDisabled = true;
        o.filters = {{QStringLiteral("name__value"), QStringLiteral("atl1")}};
        const GraphQLRequest r = valid(queries().list(QStringLiteral("InfraDevice"), o));
        QVERIFY(r.query.contains(
            u"InfraDevice(offset: 100, limit: 50, order: {disable: true}, name__value: \"atl1\") {"));
        o.offset = -1;
        QVERIFY(!queries().list(QStringLiteral("InfraDevice"), o));

        QCOMPARE(Pagination::nextOffset(120, 0), std::optional<int>(50));
        QCOMPARE(Pagination::nextOffset(120, 100), std::nullopt);
        QCOMPARE(Pagination::nextOffset(100, 50), std::nullopt); // no extra, empty page
        QCOMPARE(Pagination::nextOffset(0, 0), std::nullopt);
        QCOMPARE(Pagination::pageOffsets(120), (QList<int>{0, 50, 100}));
        QCOMPARE(Pagination::pageOffsets(100), (QList<int>{0, 50}));
        QCOMPARE(Pagination::pageOffsets(0), QList<int>{});
        QCOMPARE(Pagination::pageCount(30, 3), 10);
    }

    void countQuery() {
        const GraphQLRequest all = valid(queries().count(QStringLiteral("InfraDevice")));
        QCOMPARE(all.operationName, QStringLiteral("Count_InfraDevice"));
        QCOMPARE(all.query,
                 QStringLiteral("query Count_InfraDevice {\n    InfraDevice {\n        count\n    }\n}\n"));
        const GraphQLRequest some = valid(queries().count(
            QStringLiteral("InfraDevice"), {{QStringLiteral("status__value"), QStringLiteral("active")}}));
        QCOMPARE(some.query, QStringLiteral("query Count_InfraDevice {\n    InfraDevice(status__value: "
                                            "\"active\") {\n        count\n    }\n}\n"));
        QVERIFY(!queries().count(QStringLiteral("InfraDevice"), {{QStringLiteral("bogus"), 1}}));
    }

    void getQueries() {
        const GraphQLRequest byId =
            valid(queries().get(QStringLiteral("InfraDevice"), NodeLookup::byId(kDeviceId)));
        QCOMPARE(byId.operationName, QStringLiteral("Get_InfraDevice"));
        QVERIFY(byId.query.contains(QStringLiteral("InfraDevice(limit: 2, ids: [\"%1\"]) {").arg(kDeviceId)));

        const GraphQLRequest byHfid = valid(
            queries().get(QStringLiteral("InfraInterfaceL3"),
                          NodeLookup::byHfid({QStringLiteral("atl1-edge1"), QStringLiteral("Ethernet1")})));
        QVERIFY(
            byHfid.query.contains(u"InfraInterfaceL3(limit: 2, hfid: [\"atl1-edge1\", \"Ethernet1\"]) {"));

        const GraphQLRequest byName =
            valid(queries().get(QStringLiteral("BuiltinTag"), NodeLookup::fromText(QStringLiteral("red"))));
        QVERIFY(byName.query.contains(u"BuiltinTag(limit: 2, name__value: \"red\") {"));

        QueryOptions limited;
        limited.limit = 1;
        QVERIFY(valid(queries().get(QStringLiteral("InfraDevice"), NodeLookup::byId(kDeviceId), limited))
                    .query.contains(u"InfraDevice(limit: 1, ids:"));

        // What cannot be looked up, said clearly.
        Result<GraphQLRequest> r =
            queries().get(QStringLiteral("IpamIPAddress"), NodeLookup::byHfid({QStringLiteral("x")}));
        QVERIFY(!r);
        QCOMPARE(r.error().message,
                 QStringLiteral(
                     "IpamIPAddress has no human-friendly id; look it up by id or by its default filter."));
        r = queries().get(QStringLiteral("InfraInterfaceL3"), NodeLookup::byHfid({QStringLiteral("eth0")}));
        QVERIFY(!r);
        QCOMPARE(r.error().message,
                 QStringLiteral(
                     "InfraInterfaceL3's hfid has 2 part(s) (device__name__value, name__value); got 1."));
        const KindSchema *noDefault = nullptr;
        for (const KindSchema *k : m_demo->nodes())
            if (k->defaultFilter.isEmpty() && k->ns != u"Internal") {
                noDefault = k;
                break;
            }
        QVERIFY(noDefault);
        r = queries().get(noDefault->kind, NodeLookup::byDefaultFilter(QStringLiteral("x")));
        QVERIFY(!r);
        QCOMPARE(r.error().message,
                 QStringLiteral("%1 has no default filter; look it up by id or hfid.").arg(noDefault->kind));
        QueryOptions twice;
        twice.filters = {{QStringLiteral("ids"), QJsonArray{kDeviceId}}};
        r = queries().get(QStringLiteral("InfraDevice"), NodeLookup::byId(kDeviceId), twice);
        QVERIFY(!r);
        QVERIFY(r.error().message.contains(u"given twice"));
        QVERIFY(!queries().get(QStringLiteral("InfraDevice"), NodeLookup::byId(QString())));
    }

    void nodeLookup() {
        QCOMPARE(NodeLookup::fromText(kDeviceId).by, NodeLookup::By::Id);
        QCOMPARE(NodeLookup::fromText(QStringLiteral("atl1-edge1")).by, NodeLookup::By::DefaultFilter);
        QCOMPARE(NodeLookup::byId(kDeviceId).describe(), QStringLiteral("id ") + kDeviceId);
        QCOMPARE(NodeLookup::byHfid({QStringLiteral("atl1"), QStringLiteral("eth0")}).describe(),
                 QStringLiteral("hfid [atl1, eth0]"));
        QCOMPARE(NodeLookup::byDefaultFilter(QStringLiteral("atl1")).describe(QStringLiteral("name__value")),
                 QStringLiteral("name__value 'atl1'"));
        QCOMPARE(NodeLookup::byDefaultFilter(100).describe(), QStringLiteral("default filter value 100"));
    }

    // --- hostile input --------------------------------------------------------------------------------

    void hostileValuesCannotChangeTheDocument_data() {
        QTest::addColumn<QString>("value");
        const QStringList values = hostileStrings();
        for (qsizetype i = 0; i < values.size(); ++i)
            QTest::newRow(qPrintable(QStringLiteral("hostile %1").arg(i))) << values.at(i);
    }

    void hostileValuesCannotChangeTheDocument() {
        QFETCH(QString, value);
        // Whatever the value, the document's structure is what the renderer meant, the value arrives intact
        // in the variables and nowhere in the text.
        auto check = [&](const GraphQLRequest &r, const QStringList &expectedArguments) {
            QVERIFY2(problems(*m_types, r).isEmpty(),
                     qPrintable(problems(*m_types, r).join(u"; ") + QLatin1Char('\n') + r.query));
            if (!value.isEmpty())
                QVERIFY2(!r.query.contains(value), qPrintable(r.query));
            bool found = false;
            for (auto it = r.variables.constBegin(); it != r.variables.constEnd(); ++it)
                found = found || it.value() == QJsonValue(value);
            QVERIFY2(found, qPrintable(QJsonDocument(r.variables).toJson()));
            const gql::Document d = parse(r);
            QCOMPARE(d.operations.size(), std::size_t(1));
            QCOMPARE(d.fragments.size(), std::size_t(0));
            QCOMPARE(d.operations.at(0).selectionSet.size(), std::size_t(1));
            QCOMPARE(rootArguments(r), expectedArguments);
        };

        QueryOptions o;
        o.filters = {{QStringLiteral("name__value"), value}};
        const Result<GraphQLRequest> list = queries().list(QStringLiteral("InfraDevice"), o);
        QVERIFY(list);
        check(list.value(), {QStringLiteral("name__value")});
        const gql::Document d = parse(list.value());
        QCOMPARE(d.operations.at(0).selectionSet.at(0).arguments.at(0).value.kind,
                 gql::Value::Kind::Variable);
        QCOMPARE(nodeFields(list.value()), nodeFields(valid(queries().list(QStringLiteral("InfraDevice")))));

        QueryOptions values;
        values.filters = {{QStringLiteral("site__name__values"), QJsonArray{QStringLiteral("atl1"), value}},
                          {QStringLiteral("any__value"), value}};
        check(queries().list(QStringLiteral("InfraDevice"), values).value(),
              {QStringLiteral("any__value"), QStringLiteral("site__name__values")});

        const Result<GraphQLRequest> get = queries().get(QStringLiteral("InfraInterfaceL3"),
                                                         NodeLookup::byHfid({value, QStringLiteral("eth0")}));
        check(get.value(), {QStringLiteral("limit"), QStringLiteral("hfid")});

        NodeData data;
        data.attributes = {{QStringLiteral("name"), value},
                           {QStringLiteral("type"), QStringLiteral("7280R3")},
                           {QStringLiteral("description"), value}};
        data.relationships[QStringLiteral("site")] = {
            RelatedNode::fromHfid({value}, QStringLiteral("LocationSite"))};
        data.relationships[QStringLiteral("tags")] = {RelatedNode::fromHfid({value, QStringLiteral("x")})};
        const Result<GraphQLRequest> create = mutations().create(QStringLiteral("InfraDevice"), data);
        QVERIFY2(create, qPrintable(create ? QString() : create.error().message));
        check(create.value(), {QStringLiteral("data")});
        QCOMPARE(dataFields(create.value()),
                 (QStringList{QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("type"),
                              QStringLiteral("site"), QStringLiteral("tags")}));

        if (!value.isEmpty()) { // an empty id identifies nothing and is refused
            data.id = value;
            data.relationships.clear();
            check(mutations().update(QStringLiteral("InfraDevice"), data).value(), {QStringLiteral("data")});
            check(mutations().remove(QStringLiteral("InfraDevice"), NodeLookup::byId(value)).value(),
                  {QStringLiteral("data")});
            check(mutations()
                      .relationshipAdd(QStringLiteral("InfraDevice"), value, QStringLiteral("tags"),
                                       {RelatedNode::fromHfid({value})})
                      .value(),
                  {QStringLiteral("data")});
        }

        BranchCreateOptions branch;
        branch.name = QStringLiteral("feature-1");
        branch.description = value;
        if (!value.isEmpty()) { // an empty description is no description
            check(BranchRequests::create(branch).value(),
                  {QStringLiteral("data"), QStringLiteral("wait_until_completion")});
            check(BranchRequests::get(value).value(), {QStringLiteral("name")});
        }
    }

    void hostileNamesAreRefused() {
        // Filter names are looked up in the catalog, never written as given.
        for (const QString &name :
             {QStringLiteral("name__value: \"x\") { __schema { types { name } } } #"),
              QStringLiteral("name__value\n"), QStringLiteral("ids, limit"), QString()}) {
            QueryOptions o;
            o.filters = {{name, QStringLiteral("x")}};
            const Result<GraphQLRequest> r = queries().list(QStringLiteral("InfraDevice"), o);
            QVERIFY(!r);
            QVERIFY(
                r.error().message.startsWith(QStringLiteral("InfraDevice has no filter '%1'.").arg(name)));
        }
        QVERIFY(!queries().list(QStringLiteral("InfraDevice { __schema { types { name } } }")));
        QueryOptions fields;
        fields.selection.fields = {QStringLiteral("name { value } secret")};
        QVERIFY(!queries().list(QStringLiteral("InfraDevice"), fields));
        NodeData data;
        data.id = kDeviceId;
        data.attributes = {{QStringLiteral("name: {value: \"x\"}) { ok } #"), QStringLiteral("x")}};
        QVERIFY(!mutations().update(QStringLiteral("InfraDevice"), data));
        QVERIFY(!mutations().relationshipAdd(QStringLiteral("InfraDevice"), kDeviceId,
                                             QStringLiteral("tags\", id: \"x"),
                                             {RelatedNode::fromId(kTagId)}));

        // A server sending names that are not GraphQL names cannot get them into a document either.
        const QJsonObject evil{
            {QStringLiteral("name"), QStringLiteral("Evil")},
            {QStringLiteral("namespace"), QStringLiteral("Test")},
            {QStringLiteral("attributes"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("ok")},
                                    {QStringLiteral("kind"), QStringLiteral("Text")}},
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("bad } x {")},
                                    {QStringLiteral("kind"), QStringLiteral("Text")}}}},
            {QStringLiteral("relationships"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("peer")},
                                    {QStringLiteral("peer"), QStringLiteral("TestEvil")},
                                    {QStringLiteral("cardinality"), QStringLiteral("one")}},
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("hidden")},
                                    {QStringLiteral("peer"), QStringLiteral("InternalSecret")},
                                    {QStringLiteral("cardinality"), QStringLiteral("one")}}}}};
        const QJsonObject worse{
            {QStringLiteral("name"), QStringLiteral("X")},
            {QStringLiteral("namespace"), QStringLiteral("Test")},
            {QStringLiteral("kind"), QStringLiteral("TestX { __schema { types { name } } }")}};
        const QJsonObject internal{{QStringLiteral("name"), QStringLiteral("Secret")},
                                   {QStringLiteral("namespace"), QStringLiteral("Internal")}};
        const auto schema = schemaFromKindObjects({evil, worse, internal});
        const QueryRenderer renderer(*schema);
        const Result<GraphQLRequest> list = renderer.list(QStringLiteral("TestEvil"));
        QVERIFY(list);
        QVERIFY(list->query.contains(u"ok {"));
        QVERIFY(list->query.contains(u"peer {"));
        QVERIFY(!list->query.contains(u"bad"));
        QVERIFY(!list->query.contains(u"hidden"));
        QVERIFY(parse(list.value()).operations.size() == 1);
        QVERIFY(!renderer.list(QStringLiteral("TestX { __schema { types { name } } }")));
        QVERIFY(!renderer.list(QStringLiteral("InternalSecret")));
        QueryOptions bad;
        bad.filters = {{QStringLiteral("bad } x {__value"), QStringLiteral("a")}};
        QVERIFY(!renderer.list(QStringLiteral("TestEvil"), bad));
        bad.filters = {{QStringLiteral("hidden__ids"), QJsonArray{kDeviceId}}};
        QVERIFY(!renderer.list(QStringLiteral("TestEvil"), bad));
        QueryOptions hidden;
        hidden.selection.include = {QStringLiteral("hidden")};
        const Result<GraphQLRequest> refused = renderer.list(QStringLiteral("TestEvil"), hidden);
        QVERIFY(!refused);
        QCOMPARE(refused.error().message, QStringLiteral("TestEvil.hidden cannot be selected: its peer kind "
                                                         "'InternalSecret' is not exposed by the API."));
        NodeData evilData;
        evilData.attributes = {{QStringLiteral("bad } x {"), QStringLiteral("a")}};
        QVERIFY(!MutationRenderer(*schema).create(QStringLiteral("TestEvil"), evilData));
    }

    // --- mutations ------------------------------------------------------------------------------------

    void createMutation() {
        NodeData tag;
        tag.attributes = {{QStringLiteral("name"), QStringLiteral("red")}};
        const GraphQLRequest r = valid(mutations().create(QStringLiteral("BuiltinTag"), tag));
        QCOMPARE(r.operationName, QStringLiteral("Create_BuiltinTag"));
        QCOMPARE(r.query, QStringLiteral("mutation Create_BuiltinTag {\n"
                                         "    BuiltinTagCreate(data: {name: {value: \"red\"}}) {\n"
                                         "        ok\n"
                                         "        object {\n"
                                         "            id\n"
                                         "            hfid\n"
                                         "            display_label\n"
                                         "            __typename\n"
                                         "        }\n"
                                         "    }\n"
                                         "}\n"));

        NodeData vlan;
        vlan.attributes = {{QStringLiteral("name"), QStringLiteral("server-10")},
                           {QStringLiteral("vlan_id"), 10},
                           {QStringLiteral("status"), QStringLiteral("active")},
                           {QStringLiteral("role"), QStringLiteral("server")}};
        vlan.relationships[QStringLiteral("site")] = {RelatedNode::fromId(kSiteId)};
        const GraphQLRequest v = valid(mutations().create(QStringLiteral("InfraVLAN"), vlan));
        QVERIFY(v.query.contains(
            QStringLiteral("InfraVLANCreate(data: {name: {value: \"server-10\"}, vlan_id: {value: 10}, "
                           "status: {value: \"active\"}, role: {value: \"server\"}, site: {id: \"%1\"}})")
                .arg(kSiteId)));

        // Many-relationships as lists; peers by id or by hfid (with the kind when the peer is a generic).
        NodeData device;
        device.attributes = {{QStringLiteral("name"), QStringLiteral("atl1-leaf1")},
                             {QStringLiteral("type"), QStringLiteral("7280R3")}};
        device.relationships[QStringLiteral("site")] = {RelatedNode::fromHfid({QStringLiteral("atl1")})};
        device.relationships[QStringLiteral("tags")] = {RelatedNode::fromId(kTagId),
                                                        RelatedNode::fromHfid({QStringLiteral("blue")})};
        device.relationships[QStringLiteral("interfaces")] = {RelatedNode::fromHfid(
            {QStringLiteral("atl1-leaf1"), QStringLiteral("Ethernet1")}, QStringLiteral("InfraInterfaceL3"))};
        MutationOptions full;
        full.returnFullObject = true;
        const GraphQLRequest d = valid(mutations().create(QStringLiteral("InfraDevice"), device, full));
        QVERIFY(d.query.contains(
            QStringLiteral("site: {hfid: [\"atl1\"]}, interfaces: [{hfid: [\"atl1-leaf1\", \"Ethernet1\"], "
                           "kind: \"InfraInterfaceL3\"}], tags: [{id: \"%1\"}, {hfid: [\"blue\"]}]")
                .arg(kTagId)));
        QVERIFY(d.query.contains(u"            status {\n                value\n                label\n"));
    }

    void requiredAndReadOnlyFields() {
        NodeData empty;
        empty.attributes = {{QStringLiteral("description"), QStringLiteral("no name")}};
        Result<GraphQLRequest> r = mutations().create(QStringLiteral("InfraDevice"), empty);
        QVERIFY(!r);
        QCOMPARE(r.error().kind, InfrahubError::Kind::Validation);
        QCOMPARE(r.error().message,
                 QStringLiteral("Cannot create InfraDevice: 'name', 'type' and 'site' are required."));

        NodeData vlan;
        vlan.attributes = {{QStringLiteral("name"), QStringLiteral("v10")}};
        r = mutations().create(QStringLiteral("InfraVLAN"), vlan);
        QVERIFY(!r);
        QCOMPARE(r.error().message,
                 QStringLiteral("Cannot create InfraVLAN: 'vlan_id', 'status' and 'role' are required."));

        // Required relationships too (InfraInterface.device is required).
        NodeData iface;
        iface.attributes = {{QStringLiteral("name"), QStringLiteral("Ethernet1")},
                            {QStringLiteral("speed"), 1000}};
        r = mutations().create(QStringLiteral("InfraInterfaceL3"), iface);
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(u"'device'"), qPrintable(r.error().message));

        NodeData clear;
        clear.id = kDeviceId;
        clear.attributes = {{QStringLiteral("name"), QJsonValue::Null}};
        r = mutations().update(QStringLiteral("InfraDevice"), clear);
        QVERIFY(!r);
        QCOMPARE(r.error().message, QStringLiteral("InfraDevice.name is required and cannot be cleared."));

        NodeData readOnly;
        readOnly.id = kDeviceId;
        readOnly.attributes = {{QStringLiteral("utilization"), 50}};
        r = mutations().update(QStringLiteral("IpamIPPrefix"), readOnly);
        QVERIFY(!r);
        QCOMPARE(r.error().message,
                 QStringLiteral("IpamIPPrefix.utilization is read-only; the server computes it."));
        NodeData readOnlyRel;
        readOnlyRel.id = kDeviceId;
        readOnlyRel.relationships[QStringLiteral("ip_prefix")] = {RelatedNode::fromId(kSiteId)};
        r = mutations().update(QStringLiteral("IpamIPAddress"), readOnlyRel);
        QVERIFY(!r);
        QCOMPARE(r.error().message, QStringLiteral("IpamIPAddress.ip_prefix is read-only."));

        NodeData unknown;
        unknown.id = kDeviceId;
        unknown.attributes = {{QStringLiteral("nmae"), QStringLiteral("x")}};
        r = mutations().update(QStringLiteral("InfraDevice"), unknown);
        QVERIFY(!r);
        QCOMPARE(r.error().message,
                 QStringLiteral("InfraDevice has no attribute 'nmae'. Did you mean 'name'?"));
        unknown.attributes = {{QStringLiteral("site"), QStringLiteral("x")}};
        r = mutations().update(QStringLiteral("InfraDevice"), unknown);
        QCOMPARE(r.error().message,
                 QStringLiteral("InfraDevice has no attribute 'site'. It is a relationship."));

        NodeData wrongType;
        wrongType.id = kDeviceId;
        wrongType.attributes = {{QStringLiteral("vlan_id"), QStringLiteral("ten")}};
        r = mutations().update(QStringLiteral("InfraVLAN"), wrongType);
        QVERIFY(!r);
        QCOMPARE(r.error().message,
                 QStringLiteral("InfraVLAN.vlan_id (Number): expected a whole number (BigInt)"));

        NodeData twoSites;
        twoSites.id = kDeviceId;
        twoSites.relationships[QStringLiteral("site")] = {RelatedNode::fromId(kSiteId),
                                                          RelatedNode::fromId(kTagId)};
        r = mutations().update(QStringLiteral("InfraDevice"), twoSites);
        QVERIFY(!r);
        QCOMPARE(r.error().message, QStringLiteral("InfraDevice.site takes one peer; got 2."));

        NodeData wrongPeer;
        wrongPeer.id = kDeviceId;
        wrongPeer.relationships[QStringLiteral("site")] = {
            RelatedNode::fromId(kSiteId, QStringLiteral("BuiltinTag"))};
        r = mutations().update(QStringLiteral("InfraDevice"), wrongPeer);
        QVERIFY(!r);
        QCOMPARE(
            r.error().message,
            QStringLiteral(
                "InfraDevice.site: a BuiltinTag cannot be a peer; the relationship points to LocationSite."));
    }

    void updateUpsertDelete() {
        NodeData change;
        change.id = kDeviceId;
        change.attributes = {{QStringLiteral("description"), QStringLiteral("spine in row 3")}};
        change.relationships[QStringLiteral("platform")] = {};
        const GraphQLRequest u = valid(mutations().update(QStringLiteral("InfraDevice"), change));
        QCOMPARE(u.operationName, QStringLiteral("Update_InfraDevice"));
        QCOMPARE(dataFields(u), (QStringList{QStringLiteral("id"), QStringLiteral("description"),
                                             QStringLiteral("platform")}));
        QVERIFY(u.query.contains(u"platform: null"));

        NodeData byHfid;
        byHfid.hfid = {QStringLiteral("atl1-edge1")};
        byHfid.relationships[QStringLiteral("tags")] = {};
        const GraphQLRequest h = valid(mutations().update(QStringLiteral("InfraDevice"), byHfid));
        QVERIFY(h.query.contains(u"InfraDeviceUpdate(data: {hfid: [\"atl1-edge1\"], tags: []})"));

        NodeData nothing;
        nothing.id = kDeviceId;
        QCOMPARE(mutations().update(QStringLiteral("InfraDevice"), nothing).error().message,
                 QStringLiteral("InfraDevice %1: nothing to update.").arg(kDeviceId));
        NodeData anonymous;
        anonymous.attributes = {{QStringLiteral("description"), QStringLiteral("x")}};
        QCOMPARE(mutations().update(QStringLiteral("InfraDevice"), anonymous).error().message,
                 QStringLiteral("InfraDevice: an update needs the node's id or hfid."));

        // Upsert needs what its input marks non-null.
        NodeData upsert;
        upsert.hfid = {QStringLiteral("atl1-edge1")};
        upsert.attributes = {{QStringLiteral("name"), QStringLiteral("atl1-edge1")},
                             {QStringLiteral("type"), QStringLiteral("7280R3")}};
        Result<GraphQLRequest> r = mutations().upsert(QStringLiteral("InfraDevice"), upsert);
        QVERIFY(!r);
        QCOMPARE(r.error().message, QStringLiteral("Cannot upsert InfraDevice: 'site' is required."));
        upsert.relationships[QStringLiteral("site")] = {RelatedNode::fromId(kSiteId)};
        const GraphQLRequest up = valid(mutations().upsert(QStringLiteral("InfraDevice"), upsert));
        QCOMPARE(up.operationName, QStringLiteral("Upsert_InfraDevice"));
        QVERIFY(up.query.contains(
            u"InfraDeviceUpsert(data: {hfid: [\"atl1-edge1\"], name: {value: \"atl1-edge1\"}"));

        const GraphQLRequest del =
            valid(mutations().remove(QStringLiteral("InfraDevice"), NodeLookup::byId(kDeviceId)));
        QCOMPARE(del.query, QStringLiteral("mutation Delete_InfraDevice {\n"
                                           "    InfraDeviceDelete(data: {id: \"%1\"}) {\n"
                                           "        ok\n"
                                           "    }\n"
                                           "}\n")
                                .arg(kDeviceId));
        QVERIFY(valid(mutations().remove(QStringLiteral("InfraDevice"),
                                         NodeLookup::byHfid({QStringLiteral("atl1-edge1")})))
                    .query.contains(u"InfraDeviceDelete(data: {hfid: [\"atl1-edge1\"]})"));
        QVERIFY(!mutations().remove(QStringLiteral("InfraDevice"),
                                    NodeLookup::byDefaultFilter(QStringLiteral("x"))));
        QVERIFY(
            !mutations().remove(QStringLiteral("IpamIPAddress"), NodeLookup::byHfid({QStringLiteral("x")})));
    }

    void relationshipEdits() {
        const GraphQLRequest add = valid(mutations().relationshipAdd(
            QStringLiteral("InfraDevice"), kDeviceId, QStringLiteral("tags"), {RelatedNode::fromId(kTagId)}));
        QCOMPARE(add.operationName, QStringLiteral("RelationshipAdd_InfraDevice"));
        QCOMPARE(add.query,
                 QStringLiteral(
                     "mutation RelationshipAdd_InfraDevice {\n"
                     "    RelationshipAdd(data: {id: \"%1\", name: \"tags\", nodes: [{id: \"%2\"}]}) {\n"
                     "        ok\n"
                     "    }\n"
                     "}\n")
                     .arg(kDeviceId, kTagId));
        const GraphQLRequest remove = valid(
            mutations().relationshipRemove(QStringLiteral("InfraDevice"), kDeviceId, QStringLiteral("tags"),
                                           {RelatedNode::fromHfid({QStringLiteral("red")})}));
        QVERIFY(remove.query.contains(u"RelationshipRemove(data: {"));

        Result<GraphQLRequest> r = mutations().relationshipAdd(
            QStringLiteral("InfraDevice"), kDeviceId, QStringLiteral("site"), {RelatedNode::fromId(kSiteId)});
        QVERIFY(!r);
        QCOMPARE(r.error().message,
                 QStringLiteral("InfraDevice.site has cardinality one; set it with an update instead."));
        r = mutations().relationshipAdd(QStringLiteral("InfraDevice"), kDeviceId, QStringLiteral("tag"),
                                        {RelatedNode::fromId(kTagId)});
        QCOMPARE(r.error().message,
                 QStringLiteral("InfraDevice has no relationship 'tag'. Did you mean 'tags'?"));
        QVERIFY(!mutations().relationshipAdd(QStringLiteral("InfraDevice"), kDeviceId, QStringLiteral("tags"),
                                             {}));
        QVERIFY(!mutations().relationshipAdd(QStringLiteral("InfraDevice"), QString(), QStringLiteral("tags"),
                                             {RelatedNode::fromId(kTagId)}));
        QVERIFY(!mutations().relationshipAdd(QStringLiteral("InfraDevice"), kDeviceId, QStringLiteral("tags"),
                                             {RelatedNode()}));
    }

    void ipAddressPeersAreById() {
        QCOMPARE(MutationRenderer::relatedInputType(*m_demo,
                                                    *m_demo->kind(QStringLiteral("InfraDevice"))
                                                         ->relationship(QStringLiteral("primary_address"))),
                 QStringLiteral("RelatedIPAddressNodeInput"));
        QCOMPARE(
            MutationRenderer::relatedInputType(
                *m_demo,
                *m_demo->kind(QStringLiteral("IpamIPAddress"))->relationship(QStringLiteral("ip_namespace"))),
            QStringLiteral("RelatedNodeInput"));
        NodeData d;
        d.id = kDeviceId;
        d.relationships[QStringLiteral("primary_address")] = {
            RelatedNode::fromHfid({QStringLiteral("10.0.0.1/32")})};
        const Result<GraphQLRequest> r = mutations().update(QStringLiteral("InfraDevice"), d);
        QVERIFY(!r);
        QCOMPARE(r.error().message,
                 QStringLiteral(
                     "InfraDevice.primary_address: IP address peers can only be given by id, not by hfid."));
        d.relationships[QStringLiteral("primary_address")] = {RelatedNode::fromId(kSiteId)};
        valid(mutations().update(QStringLiteral("InfraDevice"), d));
    }

    void genericMutations() {
        NodeData d;
        d.attributes = {{QStringLiteral("name"), QStringLiteral("eth0")}};
        Result<GraphQLRequest> r = mutations().create(QStringLiteral("InfraInterface"), d);
        QVERIFY(!r);
        QVERIFY(r.error().message.startsWith(
            u"InfraInterface is a generic; create one of the kinds that implement it ("));
        QVERIFY(!mutations().upsert(QStringLiteral("InfraInterface"), d));
        QVERIFY(!mutations().remove(QStringLiteral("InfraInterface"), NodeLookup::byId(kDeviceId)));
        d.id = kDeviceId;
        const GraphQLRequest u = valid(mutations().update(QStringLiteral("InfraInterface"), d));
        QVERIFY(u.query.contains(u"InfraInterfaceUpdate(data: {"));
        QVERIFY(!mutations().create(QStringLiteral("NoSuchKind"), d));
    }

    // --- branches and server ---------------------------------------------------------------------------

    void branchRequests() {
        const GraphQLRequest list = valid(BranchRequests::list());
        QCOMPARE(list.operationName, QStringLiteral("BranchList"));
        QCOMPARE(list.query, QStringLiteral("query BranchList {\n"
                                            "    Branch {\n"
                                            "        id\n"
                                            "        name\n"
                                            "        description\n"
                                            "        origin_branch\n"
                                            "        branched_from\n"
                                            "        created_at\n"
                                            "        is_default\n"
                                            "        sync_with_git\n"
                                            "        has_schema_changes\n"
                                            "    }\n"
                                            "}\n"));
        QVERIFY(valid(BranchRequests::get(QStringLiteral("cr1234")))
                    .query.contains(u"Branch(name: \"cr1234\") {"));

        BranchCreateOptions o;
        o.name = QStringLiteral("feature/new-site");
        o.description = QStringLiteral("New site");
        o.originBranch = QStringLiteral("main");
        const GraphQLRequest create = valid(BranchRequests::create(o));
        QCOMPARE(create.operationName, QStringLiteral("BranchCreate"));
        QVERIFY(create.query.contains(
            u"BranchCreate(data: {name: \"feature/new-site\", description: \"New site\", origin_branch: "
            u"\"main\", sync_with_git: false}, wait_until_completion: true) {"));
        QVERIFY(create.query.contains(u"        object {\n            id\n            name\n"));

        QCOMPARE(valid(BranchRequests::remove(o.name)).query,
                 QStringLiteral("mutation BranchDelete {\n    BranchDelete(data: {name: "
                                "\"feature/new-site\"}) {\n        ok\n    }\n}\n"));
        QVERIFY(valid(BranchRequests::merge(o.name))
                    .query.contains(
                        u"BranchMerge(data: {name: \"feature/new-site\"}) {\n        ok\n        object {"));
        QVERIFY(valid(BranchRequests::rebase(o.name))
                    .query.contains(u"BranchRebase(data: {name: \"feature/new-site\"})"));
        QVERIFY(valid(BranchRequests::validate(o.name))
                    .query.contains(u"BranchValidate(data: {name: \"feature/new-site\"})"));

        for (const char *bad : {"ab", "has space", "a..b", "a//b", "/lead", "trail/", "x.lock", "dot.",
                                "til~de", "col:on", "q?", "st*r", "br[acket", "back\\slash", "at@{x}"}) {
            o.name = QString::fromLatin1(bad);
            const Result<GraphQLRequest> r = BranchRequests::create(o);
            QVERIFY2(!r, bad);
            QVERIFY(r.error().message.startsWith(
                QStringLiteral("Cannot create branch '%1': a branch name").arg(o.name)));
        }
        QCOMPARE(BranchRequests::branchNameProblem(QString(251, QLatin1Char('a'))),
                 QStringLiteral("a branch name has 3 to 250 characters"));
        QCOMPARE(BranchRequests::branchNameProblem(QStringLiteral("release-1.2/fix_x")), QString());
        QVERIFY(!BranchRequests::remove(QString()));

        const GraphQLRequest info = valid(serverInfoRequest());
        QCOMPARE(info.query,
                 QStringLiteral("query InfrahubInfo {\n    InfrahubInfo {\n        version\n    }\n}\n"));
        QCOMPARE(info.toJson(),
                 (QJsonObject{{QStringLiteral("query"), info.query},
                              {QStringLiteral("operationName"), QStringLiteral("InfrahubInfo")}}));
    }

    void branchAndMutationAnswers() {
        const QJsonObject data =
            readJson(
                QStringLiteral(
                    "sdk-fixtures/unit-test-literals/sdk_conftest__mock_branches_list_query__response.json"))
                .value(u"data")
                .toObject();
        const Result<QList<BranchInfo>> branches = BranchInfo::listFromData(data);
        QVERIFY(branches);
        QCOMPARE(branches->size(), 2);
        QCOMPARE(branches->at(0).name, QStringLiteral("main"));
        QVERIFY(branches->at(0).isDefault);
        QVERIFY(branches->at(0).syncWithGit);
        QCOMPARE(branches->at(1).name, QStringLiteral("cr1234"));
        QCOMPARE(branches->at(1).originBranch, QStringLiteral("main"));
        QCOMPARE(branches->at(1).branchedFrom, QStringLiteral("2023-02-17T09:30:17.811719Z"));
        QVERIFY(branches->at(1).hasSchemaChanges);
        QVERIFY(!BranchInfo::listFromData({}));

        const QJsonObject failed =
            readJson(
                QStringLiteral(
                    "sdk-fixtures/unit-test-literals/ctl_conftest__mock_branch_create_error__response.json"))
                .value(u"data")
                .toObject();
        QCOMPARE(MutationResult::fromData(failed, QStringLiteral("BranchCreate")).error().kind,
                 InfrahubError::Kind::Protocol);
        const QJsonObject created{
            {QStringLiteral("InfraDeviceCreate"),
             QJsonObject{{QStringLiteral("ok"), true},
                         {QStringLiteral("object"), QJsonObject{{QStringLiteral("id"), kDeviceId}}}}}};
        const Result<MutationResult> ok =
            MutationResult::fromData(created, QStringLiteral("InfraDeviceCreate"));
        QVERIFY(ok);
        QCOMPARE(ok->object.value(u"id").toString(), kDeviceId);
        const QJsonObject notOk{
            {QStringLiteral("InfraDeviceDelete"), QJsonObject{{QStringLiteral("ok"), false}}}};
        QCOMPARE(MutationResult::fromData(notOk, QStringLiteral("InfraDeviceDelete")).error().kind,
                 InfrahubError::Kind::GraphQL);
    }

    // --- every document, in process ------------------------------------------------------------------

    void everyDocumentValidates() {
        const contract::ClientDocumentCorpus corpus = contract::renderClientDocuments(*m_demo);
        QVERIFY2(corpus.failures.isEmpty(), qPrintable(corpus.failures.join(u'\n')));
        QVERIFY(corpus.documents.size() > 1000);
        int withVariables = 0;
        QStringList invalid;
        for (const contract::ClientDocument &d : corpus.documents) {
            const QStringList p = problems(*m_types, d.request);
            if (!p.isEmpty())
                invalid.append(d.name + QStringLiteral(": ") + p.join(QStringLiteral("; ")));
            withVariables += d.request.variables.isEmpty() ? 0 : 1;
        }
        QVERIFY2(invalid.isEmpty(), qPrintable(invalid.mid(0, 20).join(u'\n')));
        QVERIFY(withVariables > 100);
        qInfo("%lld documents for %lld kinds validate against the sandbox's type system",
              qlonglong(corpus.documents.size()), qlonglong(m_demo->kinds().size()));
    }

    void realCoreSchemaObjects() {
        // The real /api/schema objects (1.x server export) through the same renderers and the sandbox's
        // type system generated from them.
        const auto core = realCoreSchema();
        const gql::TypeSystem types = gql::TypeSystem::fromSchema(*core);
        const contract::ClientDocumentCorpus corpus = contract::renderClientDocuments(*core);
        QVERIFY2(corpus.failures.isEmpty(), qPrintable(corpus.failures.join(u'\n')));
        QStringList invalid;
        for (const contract::ClientDocument &d : corpus.documents)
            if (const QStringList p = problems(types, d.request); !p.isEmpty())
                invalid.append(d.name + QStringLiteral(": ") + p.join(QStringLiteral("; ")));
        QVERIFY2(invalid.isEmpty(), qPrintable(invalid.mid(0, 20).join(u'\n')));
        QVERIFY(corpus.documents.size() > 100);

        const QueryRenderer renderer(*core);
        const Result<GraphQLRequest> account = renderer.list(QStringLiteral("CoreAccount"));
        QVERIFY(account);
        QVERIFY(account->query.contains(u"account_type {"));
        const QStringList fields = nodeFields(account.value());
        QVERIFY(fields.contains(u"name"));
        QVERIFY(!fields.contains(u"member_of_groups"));
        // Relationships to the IP prefix generic use the prefix input (it has no `kind` field).
        const KindSchema *address = core->kind(QStringLiteral("IpamIPAddress"));
        QVERIFY(address && address->relationship(QStringLiteral("ip_prefix")));
        QCOMPARE(
            MutationRenderer::relatedInputType(*core, *address->relationship(QStringLiteral("ip_prefix"))),
            QStringLiteral("RelatedPrefixNodeInput"));
    }

    // --- nodes ------------------------------------------------------------------------------------------

    void parseDeviceFixture() {
        const auto schema = schemaFromKindObjects(
            {readJson(
                 QStringLiteral("sdk-fixtures/unit-test-literals/sdk_conftest__device_schema__data.json")),
             readJson(
                 QStringLiteral("sdk-fixtures/unit-test-literals/sdk_conftest__tag_schema__data.json"))});
        const QJsonObject object =
            readJson(QStringLiteral("sdk-fixtures/unit-test-literals/sdk_conftest__device_data__data.json"))
                .value(u"node")
                .toObject();
        const Result<Node> parsed = Node::fromJson(object, schema, QStringLiteral("InfraDevice"));
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
        const Node &n = parsed.value();
        QCOMPARE(n.id(), QStringLiteral("1799f647-203c-cd41-3409-c51d55097213"));
        QCOMPARE(n.kind(), QStringLiteral("InfraDevice"));
        QCOMPARE(n.displayLabel(), QStringLiteral("atl1-edge1"));
        QVERIFY(n.hfid().isEmpty()); // not in this (older) answer
        QCOMPARE(n.attributeNames(), (QStringList{QStringLiteral("name"), QStringLiteral("description"),
                                                  QStringLiteral("type")}));
        QCOMPARE(n.value(QStringLiteral("name")).toString(), QStringLiteral("atl1-edge1"));
        QVERIFY(n.value(QStringLiteral("description")).isNull());
        QCOMPARE(n.value(QStringLiteral("type")).toString(), QStringLiteral("7280R3"));
        QVERIFY(n.value(QStringLiteral("unknown")).isUndefined());
        const ValueMetadata &meta = n.attribute(QStringLiteral("name"))->metadata;
        QCOMPARE(meta.isProtected, std::optional<bool>(true));
        QCOMPARE(meta.isVisible, std::optional<bool>(true));
        QVERIFY(!meta.isDefault);
        QCOMPARE(meta.source->displayLabel, QStringLiteral("Pop-Builder"));
        QCOMPARE(meta.source->kind, QStringLiteral("CoreAccount"));
        QVERIFY(!meta.owner);

        const std::optional<RelatedNode> site = n.relationship(QStringLiteral("site"))->peer();
        QVERIFY(site);
        QCOMPARE(site->id, QStringLiteral("1799f646-fa2c-29d0-3406-c5101365ec3a"));
        QCOMPARE(site->displayLabel, QStringLiteral("atl1"));
        QCOMPARE(site->kind, QStringLiteral("BuiltinLocation"));
        QCOMPARE(site->properties.isProtected, std::optional<bool>(true));
        QCOMPARE(n.peers(QStringLiteral("status")).first().properties.owner->displayLabel,
                 QStringLiteral("Operation Team"));
        const RelationshipValue *tags = n.relationship(QStringLiteral("tags"));
        QVERIFY(tags->many);
        QCOMPARE(tags->count, std::optional<int>(2));
        QCOMPARE(tags->peers.size(), 2);
        QCOMPARE(tags->peers.at(1).displayLabel, QStringLiteral("red"));
        QCOMPARE(n.peers(QStringLiteral("primary_address")).first().kind, QStringLiteral("InfraIPAddress"));
        QVERIFY(!n.relationship(QStringLiteral("interfaces"))); // not in the answer: not loaded
        QVERIFY(!n.isDirty());
    }

    void parseLocationAndPrefixFixtures() {
        const auto locations = schemaFromKindObjects({readJson(
            QStringLiteral("sdk-fixtures/unit-test-literals/sdk_conftest__location_schema__data.json"))});
        const Result<Node> dfw = Node::fromJson(
            readJson(
                QStringLiteral("sdk-fixtures/unit-test-literals/sdk_conftest__location_data02__data.json"))
                .value(u"node")
                .toObject(),
            locations);
        QVERIFY(dfw);
        QCOMPARE(dfw->kind(), QStringLiteral("BuiltinLocation")); // from __typename
        QCOMPARE(dfw->value(QStringLiteral("type")).toString(), QStringLiteral("SITE"));
        QCOMPARE(dfw->attribute(QStringLiteral("name"))->metadata.source->id,
                 QStringLiteral("cccccccc-cccc-cccc-cccc-cccccccccccc"));
        QCOMPARE(dfw->relationship(QStringLiteral("primary_tag"))->peer()->displayLabel,
                 QStringLiteral("red"));
        QCOMPARE(dfw->relationship(QStringLiteral("tags"))->peers.first().properties.source->displayLabel,
                 QStringLiteral("CRM"));
        QVERIFY(!dfw->relationship(QStringLiteral("member_of_groups")));

        const auto ipam =
            schemaFromBody(readJson(QStringLiteral("sdk-fixtures/schema-api/schema_ipam.json")));
        const Result<Node> prefix = Node::fromJson(
            readJson(
                QStringLiteral("sdk-fixtures/unit-test-literals/sdk_conftest__ipam_ipprefix_data__data.json"))
                .value(u"node")
                .toObject(),
            ipam, QStringLiteral("IpamIPPrefix"));
        QVERIFY(prefix);
        QCOMPARE(prefix->value(QStringLiteral("prefix")).toString(), QStringLiteral("192.0.2.0/24"));
        QCOMPARE(prefix->value(QStringLiteral("is_pool")), QJsonValue(false));
        QCOMPARE(prefix->value(QStringLiteral("member_type")).toString(), QStringLiteral("address"));
        QCOMPARE(prefix->relationship(QStringLiteral("ip_namespace"))->peer()->kind,
                 QStringLiteral("IpamNamespace"));
        QVERIFY(prefix->validate().isEmpty());
    }

    void parseBatchPages() {
        const auto schema =
            schemaFromBody(readJson(QStringLiteral("sdk-fixtures/schema-api/schema_01.json")));
        QStringList labels;
        for (int page = 1; page <= 10; ++page) {
            const QJsonObject data =
                readJson(QStringLiteral("sdk-fixtures/batch/mock_query_location_page%1.json").arg(page))
                    .value(u"data")
                    .toObject();
            const Result<NodePage> p = NodePage::fromData(data, QStringLiteral("BuiltinLocation"), schema);
            QVERIFY(p);
            QCOMPARE(p->count, 30);
            QCOMPARE(p->nodes.size(), 3);
            for (const Node &n : p->nodes) {
                labels.append(n.displayLabel());
                QCOMPARE(n.hfid(), QStringList{n.value(QStringLiteral("name")).toString()});
                QCOMPARE(n.relationship(QStringLiteral("tags"))->count, std::optional<int>(0));
            }
        }
        labels.sort();
        labels.removeDuplicates();
        QCOMPARE(labels.size(), 30); // the ten pages cover the 30 locations once
        QCOMPARE(Pagination::pageCount(30, 3), 10);
    }

    void parseGenericPage() {
        const auto schema =
            schemaFromBody(readJson(QStringLiteral("sdk-fixtures/schema-api/schema_02.json")));
        const QJsonObject data =
            readJson(QStringLiteral("sdk-fixtures/unit-test-literals/"
                                    "sdk_conftest__mock_query_corenode_page1_1__response.json"))
                .value(u"data")
                .toObject();
        const Result<NodePage> page = NodePage::fromData(data, QStringLiteral("CoreNode"), schema);
        QVERIFY(page);
        QCOMPARE(page->count, 2);
        QCOMPARE(page->nodes.at(0).kind(), QStringLiteral("BuiltinTag"));
        QCOMPARE(page->nodes.at(1).kind(), QStringLiteral("BuiltinLocation"));
        QCOMPARE(page->nodes.at(1).displayLabel(), QStringLiteral("MyLocation"));

        // Aliased fragment fields of a generic query come back to their names.
        const QJsonObject aliased{
            {QStringLiteral("id"), kDeviceId},
            {QStringLiteral("__typename"), QStringLiteral("InfraDevice")},
            {QStringLiteral("InfraDevice__asn"),
             QJsonObject{{QStringLiteral("node"), QJsonObject{{QStringLiteral("id"), kSiteId}}}}}};
        const Result<Node> device = Node::fromJson(aliased, m_demo, QStringLiteral("CoreNode"));
        QVERIFY(device);
        QCOMPARE(device->peers(QStringLiteral("asn")).first().id, kSiteId);
    }

    void singleNodeAndPageErrors() {
        const auto schema =
            schemaFromBody(readJson(QStringLiteral("sdk-fixtures/schema-api/schema_01.json")));
        // This answer has no `count`: it is taken from the edges.
        const QJsonObject data =
            readJson(QStringLiteral("sdk-fixtures/unit-test-literals/"
                                    "sdk_test_client__test_method_get_by_hfid__response.json"))
                .value(u"data")
                .toObject();
        const Result<NodePage> page = NodePage::fromData(data, QStringLiteral("CoreRepository"), schema);
        QVERIFY(page);
        QCOMPARE(page->count, 1);
        const Result<Node> repo =
            page->single(QStringLiteral("CoreRepository"),
                         NodeLookup::byHfid({QStringLiteral("infrahub-demo-core")}).describe());
        QVERIFY(repo);
        QCOMPARE(repo->hfid(), QStringList{QStringLiteral("infrahub-demo-core")});
        QCOMPARE(repo->value(QStringLiteral("location")).toString(),
                 QStringLiteral("git@github.com:opsmill/infrahub-demo-core.git"));

        NodePage empty;
        Result<Node> r = empty.single(
            QStringLiteral("InfraDevice"),
            NodeLookup::byDefaultFilter(QStringLiteral("x")).describe(QStringLiteral("name__value")));
        QVERIFY(!r);
        QCOMPARE(r.error().kind, InfrahubError::Kind::NotFound);
        QCOMPARE(r.error().message, QStringLiteral("No InfraDevice found with name__value 'x'."));
        NodePage two;
        two.nodes = {repo.value(), repo.value()};
        two.count = 5;
        r = two.single(QStringLiteral("CoreRepository"), QStringLiteral("name__value 'x'"));
        QVERIFY(!r);
        QCOMPARE(r.error().message,
                 QStringLiteral("5 CoreRepository nodes match name__value 'x'; expected exactly one."));

        QCOMPARE(NodePage::fromData({}, QStringLiteral("CoreRepository"), schema).error().message,
                 QStringLiteral("The answer has no 'CoreRepository' field."));
        QCOMPARE(NodePage::fromData({{QStringLiteral("CoreRepository"), QJsonValue::Null}},
                                    QStringLiteral("CoreRepository"), schema)
                     .error()
                     .kind,
                 InfrahubError::Kind::Protocol);
        const QJsonObject noNode{{QStringLiteral("CoreRepository"),
                                  QJsonObject{{QStringLiteral("count"), 1},
                                              {QStringLiteral("edges"), QJsonArray{QJsonObject{}}}}}};
        QCOMPARE(NodePage::fromData(noNode, QStringLiteral("CoreRepository"), schema).error().message,
                 QStringLiteral("Edge 0 of 'CoreRepository' has no node."));
        const QJsonObject noId{
            {QStringLiteral("CoreRepository"),
             QJsonObject{{QStringLiteral("edges"),
                          QJsonArray{QJsonObject{
                              {QStringLiteral("node"), QJsonObject{{QStringLiteral("name"), 1}}}}}}}}};
        QVERIFY(!NodePage::fromData(noId, QStringLiteral("CoreRepository"), schema));
        QCOMPARE(
            Node::fromJson({{QStringLiteral("id"), kDeviceId}}, schema, QStringLiteral("Nope")).error().kind,
            InfrahubError::Kind::NotFound);
        // Unknown keys and a newer server's extra fields are ignored.
        const QJsonObject newer{
            {QStringLiteral("id"), kDeviceId},
            {QStringLiteral("__typename"), QStringLiteral("BuiltinTag")},
            {QStringLiteral("name"), QJsonObject{{QStringLiteral("value"), QStringLiteral("red")},
                                                 {QStringLiteral("updated_by"), QJsonObject{}},
                                                 {QStringLiteral("permissions"), QJsonObject{}}}},
            {QStringLiteral("node_metadata"),
             QJsonObject{{QStringLiteral("created_at"), QStringLiteral("now")}}}};
        const Result<Node> tag = Node::fromJson(newer, schema, QStringLiteral("BuiltinTag"));
        QVERIFY(tag);
        QCOMPARE(tag->value(QStringLiteral("name")).toString(), QStringLiteral("red"));
    }

    void changeTracking() {
        Node n = demoDevice();
        QVERIFY(!n.isDirty());
        QVERIFY(n.setAttribute(QStringLiteral("description"), QStringLiteral("spine")));
        QVERIFY(n.isDirty());
        QCOMPARE(n.changedAttributes(), QStringList{QStringLiteral("description")});
        QVERIFY(n.setAttribute(QStringLiteral("description"), QJsonValue::Null)); // back to the loaded value
        QVERIFY(!n.isDirty());

        QVERIFY(n.setAttribute(QStringLiteral("status"), QStringLiteral("maintenance")));
        QCOMPARE(n.attribute(QStringLiteral("status"))->label, QStringLiteral("Maintenance"));
        QVERIFY(n.setAttribute(QStringLiteral("serial_number"),
                               QStringLiteral("SN1"))); // not loaded before: a change
        QCOMPARE(n.changedAttributes(),
                 (QStringList{QStringLiteral("status"), QStringLiteral("serial_number")}));

        QString error;
        QVERIFY(!n.setAttribute(QStringLiteral("nmae"), QStringLiteral("x"), &error));
        QCOMPARE(error, QStringLiteral("InfraDevice has no attribute 'nmae'. Did you mean 'name'?"));
        QVERIFY(!n.setRelationship(QStringLiteral("site"),
                                   {RelatedNode::fromId(kSiteId), RelatedNode::fromId(kTagId)}, &error));
        QCOMPARE(error, QStringLiteral("InfraDevice.site takes one peer; got 2."));
        QVERIFY(!n.setRelationship(QStringLiteral("tags"), {RelatedNode()}, &error));
        QVERIFY(!n.setRelationship(QStringLiteral("site"),
                                   {RelatedNode::fromId(kSiteId, QStringLiteral("BuiltinTag"))}, &error));

        // Peers compare by identity, order-blind.
        QVERIFY(n.setRelationship(QStringLiteral("tags"), {RelatedNode::fromId(QStringLiteral("t2")),
                                                           RelatedNode::fromId(QStringLiteral("t1"))}));
        QVERIFY(!n.changedRelationships().contains(u"tags"));
        QVERIFY(n.setRelationship(QStringLiteral("tags"), {RelatedNode::fromId(QStringLiteral("t1"))}));
        QVERIFY(n.setRelationship(QStringLiteral("site"), {RelatedNode::fromId(QStringLiteral("site-2"))}));
        QCOMPARE(n.changedRelationships(), (QStringList{QStringLiteral("site"), QStringLiteral("tags")}));
        QCOMPARE(n.relationship(QStringLiteral("tags"))->count, std::optional<int>(1));

        n.markClean();
        QVERIFY(!n.isDirty());
        QCOMPARE(n.value(QStringLiteral("status")).toString(), QStringLiteral("maintenance"));
    }

    void updateRequestHasOnlyChanges() {
        Node n = demoDevice();
        QCOMPARE(n.toUpdateRequest().error().message,
                 QStringLiteral("InfraDevice %1: nothing changed.").arg(kDeviceId));
        n.setAttribute(QStringLiteral("description"), QStringLiteral("row 3, rack 2"));
        n.setRelationship(QStringLiteral("tags"),
                          {RelatedNode::fromId(QStringLiteral("t1")), RelatedNode::fromId(kTagId)});
        const GraphQLRequest r = valid(n.toUpdateRequest());
        QCOMPARE(r.operationName, QStringLiteral("Update_InfraDevice"));
        QCOMPARE(dataFields(r),
                 (QStringList{QStringLiteral("id"), QStringLiteral("description"), QStringLiteral("tags")}));
        QVERIFY(r.query.contains(QStringLiteral("tags: [{id: \"t1\"}, {id: \"%1\"}]").arg(kTagId)));
        const NodeData changes = n.changes();
        QCOMPARE(changes.id, kDeviceId);
        QCOMPARE(changes.attributes.keys(), QStringList{QStringLiteral("description")});

        // An invalid change is refused before anything is rendered.
        n.setAttribute(QStringLiteral("status"), QStringLiteral("on-fire"));
        const Result<GraphQLRequest> bad = n.toUpdateRequest();
        QVERIFY(!bad);
        QCOMPARE(
            bad.error().message,
            QStringLiteral(
                "InfraDevice %1: status: 'on-fire' is not one of the choices 'provisioning', 'maintenance', "
                "'drained', 'active'")
                .arg(kDeviceId));

        MutationOptions full;
        full.returnFullObject = true;
        n.setAttribute(QStringLiteral("status"), QStringLiteral("drained"));
        QVERIFY(valid(n.toUpdateRequest(full))
                    .query.contains(u"        object {\n            id\n            hfid\n"));
        QVERIFY(!n.toCreateRequest());
    }

    void newNodes() {
        Result<Node> created = Node::create(m_demo, QStringLiteral("InfraVLAN"));
        QVERIFY(created);
        Node vlan = created.value();
        QVERIFY(vlan.isNew());
        QList<FieldError> errors = vlan.validate();
        QCOMPARE(errors.size(), 4);
        QCOMPARE(errors.first(), (FieldError{QStringLiteral("name"), QStringLiteral("a value is required")}));
        vlan.setAttribute(QStringLiteral("name"), QStringLiteral("server-10"));
        vlan.setAttribute(QStringLiteral("vlan_id"), QStringLiteral("10"));
        vlan.setAttribute(QStringLiteral("status"), QStringLiteral("active"));
        vlan.setAttribute(QStringLiteral("role"), QStringLiteral("server"));
        errors = vlan.validate();
        QCOMPARE(errors,
                 (QList<FieldError>{{QStringLiteral("vlan_id"), QStringLiteral("expected a whole number")}}));
        QVERIFY(!vlan.toCreateRequest());
        vlan.setAttribute(QStringLiteral("vlan_id"), 10);
        vlan.setRelationship(QStringLiteral("site"), {RelatedNode::fromId(kSiteId)});
        const GraphQLRequest r = valid(vlan.toCreateRequest());
        QCOMPARE(dataFields(r),
                 (QStringList{QStringLiteral("name"), QStringLiteral("vlan_id"), QStringLiteral("status"),
                              QStringLiteral("role"), QStringLiteral("site")}));
        QCOMPARE(vlan.toUpdateRequest().error().message,
                 QStringLiteral("This InfraVLAN has not been created yet; use toCreateRequest()."));
        vlan.setId(kDeviceId);
        vlan.markClean();
        QVERIFY(!vlan.isNew());
        QVERIFY(!vlan.isDirty());

        QVERIFY(!Node::create(m_demo, QStringLiteral("InfraInterface"))); // a generic
        QVERIFY(!Node::create(m_demo, QStringLiteral("Nope")));
        Node device = Node::create(m_demo, QStringLiteral("InfraDevice")).value();
        QString error;
        QVERIFY(!device.setAttribute(QStringLiteral("unknown"), 1, &error));
        Node prefix = Node::create(m_demo, QStringLiteral("IpamIPPrefix")).value();
        QVERIFY(!prefix.setAttribute(QStringLiteral("utilization"), 5, &error));
        QCOMPARE(error, QStringLiteral("IpamIPPrefix.utilization is read-only; the server computes it."));
    }

    void attributeValidation_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("problem"); // empty = valid
        auto row = [](const char *name, const char *kind, const QJsonValue &value, const char *problem) {
            QTest::newRow(name) << QString::fromLatin1(kind) << value << QString::fromUtf8(problem);
        };
        row("text", "Text", QStringLiteral("x"), "");
        row("text number", "Text", 5, "expected text");
        row("number", "Number", 1500, "");
        row("number text", "Number", QStringLiteral("1500"), "expected a whole number");
        row("number fraction", "Number", 1.5, "expected a whole number");
        row("boolean", "Boolean", false, "");
        row("boolean text", "Boolean", QStringLiteral("true"), "expected true or false");
        row("dropdown", "Dropdown", QStringLiteral("active"), "");
        row("dropdown bad", "Dropdown", QStringLiteral("Active"),
            "'Active' is not one of the choices 'active', 'drained'");
        row("host", "IPHost", QStringLiteral("192.0.2.10/24"), "");
        row("host bare", "IPHost", QStringLiteral("192.0.2.10"), "");
        row("host netmask", "IPHost", QStringLiteral("192.0.2.10/255.255.255.0"), "");
        row("host v6", "IPHost", QStringLiteral("2001:db8::1/64"), "");
        row("host bad", "IPHost", QStringLiteral("192.0.2.300/24"), "'192.0.2.300' is not an IP address");
        row("host short", "IPHost", QStringLiteral("10.1"), "'10.1' is not an IP address");
        row("host prefix", "IPHost", QStringLiteral("192.0.2.1/33"),
            "'192.0.2.1/33' is not an IP address with a prefix length or netmask");
        row("network", "IPNetwork", QStringLiteral("192.0.2.0/24"), "");
        row("network v6", "IPNetwork", QStringLiteral("2001:db8::/32"), "");
        row("network host bits", "IPNetwork", QStringLiteral("192.0.2.1/24"),
            "'192.0.2.1/24' has host bits set (the network is 192.0.2.0/24)");
        row("network garbage", "IPNetwork", QStringLiteral("not-a-net"), "'not-a-net' is not an IP network");
        row("mac", "MacAddress", QStringLiteral("00:11:22:aa:bb:cc"), "");
        row("mac dotted", "MacAddress", QStringLiteral("0011.22aa.bbcc"), "");
        row("mac bad", "MacAddress", QStringLiteral("00:11:22:aa:bb"),
            "'00:11:22:aa:bb' is not a MAC address");
        row("datetime", "DateTime", QStringLiteral("2023-02-17T09:30:17.811719Z"), "");
        row("datetime bad", "DateTime", QStringLiteral("yesterday"),
            "'yesterday' is not an ISO 8601 date and time");
        row("list", "List", QJsonArray{1, 2}, "");
        row("list scalar", "List", QStringLiteral("x"), "expected a list");
        row("json", "JSON", QJsonObject{{QStringLiteral("a"), 1}}, "");
        row("optional null", "Text", QJsonValue::Null, "");
    }

    void attributeValidation() {
        QFETCH(QString, kind);
        QFETCH(QJsonValue, value);
        QFETCH(QString, problem);
        AttributeSchema a;
        a.name = QStringLiteral("x");
        a.kind = kind;
        a.choices = {{QStringLiteral("active"), QStringLiteral("Active"), {}, QStringLiteral("#00ff00")},
                     {QStringLiteral("drained"), QStringLiteral("Drained"), {}, {}}};
        if (kind != u"Dropdown")
            a.choices.clear();
        QCOMPARE(validateAttributeValue(a, value), problem);
    }

    void attributeConstraints() {
        AttributeSchema a;
        a.kind = QStringLiteral("Text");
        a.optional = false;
        a.minLength = 3;
        a.maxLength = 5;
        a.regex = QStringLiteral("[a-z]+[0-9]");
        QCOMPARE(validateAttributeValue(a, QJsonValue::Null), QStringLiteral("a value is required"));
        QCOMPARE(validateAttributeValue(a, QStringLiteral("ab")),
                 QStringLiteral("must have at least 3 characters"));
        QCOMPARE(validateAttributeValue(a, QStringLiteral("abcdef1")),
                 QStringLiteral("must have at most 5 characters"));
        QCOMPARE(validateAttributeValue(a, QStringLiteral("abc1")), QString());
        QCOMPARE(validateAttributeValue(a, QStringLiteral("abc12")),
                 QString()); // re.match: anchored at the start only
        QCOMPARE(validateAttributeValue(a, QStringLiteral("1abc")),
                 QStringLiteral("'1abc' does not match the pattern [a-z]+[0-9]"));
        QCOMPARE(validateAttributeValue(a, QStringLiteral("ééé1")),
                 QStringLiteral("'ééé1' does not match the pattern [a-z]+[0-9]"));
        a.regex.clear();
        QCOMPARE(validateAttributeValue(a, QStringLiteral("🚀🚀🚀")), QString()); // three code points
        a.enumValues = {QStringLiteral("one"), QStringLiteral("two")};
        QCOMPARE(validateAttributeValue(a, QStringLiteral("three")),
                 QStringLiteral("'three' is not one of 'one', 'two'"));

        // The demo schema's own constraints (profile names have 3 to 32 characters).
        const AttributeSchema *name =
            m_demo->kind(QStringLiteral("ProfileInfraDevice"))->attribute(QStringLiteral("profile_name"));
        QVERIFY(name && name->minLength);
        QCOMPARE(validateAttributeValue(*name, QStringLiteral("ab")),
                 QStringLiteral("must have at least 3 characters"));
    }

private:
    Node demoDevice() const {
        const QJsonObject node{
            {QStringLiteral("id"), kDeviceId},
            {QStringLiteral("hfid"), QJsonArray{QStringLiteral("atl1-edge1")}},
            {QStringLiteral("display_label"), QStringLiteral("atl1-edge1")},
            {QStringLiteral("__typename"), QStringLiteral("InfraDevice")},
            {QStringLiteral("name"), QJsonObject{{QStringLiteral("value"), QStringLiteral("atl1-edge1")}}},
            {QStringLiteral("description"), QJsonObject{{QStringLiteral("value"), QJsonValue::Null}}},
            {QStringLiteral("status"), QJsonObject{{QStringLiteral("value"), QStringLiteral("active")},
                                                   {QStringLiteral("label"), QStringLiteral("Active")}}},
            {QStringLiteral("site"),
             QJsonObject{{QStringLiteral("node"),
                          QJsonObject{{QStringLiteral("id"), kSiteId},
                                      {QStringLiteral("__typename"), QStringLiteral("LocationSite")}}}}},
            {QStringLiteral("tags"),
             QJsonObject{
                 {QStringLiteral("count"), 2},
                 {QStringLiteral("edges"),
                  QJsonArray{QJsonObject{{QStringLiteral("node"),
                                          QJsonObject{{QStringLiteral("id"), QStringLiteral("t1")}}}},
                             QJsonObject{{QStringLiteral("node"),
                                          QJsonObject{{QStringLiteral("id"), QStringLiteral("t2")}}}}}}}}};
        Result<Node> n = Node::fromJson(node, m_demo, QStringLiteral("InfraDevice"));
        if (!n)
            qFatal("%s", qPrintable(n.error().message));
        return n.value();
    }
};

QTEST_GUILESS_MAIN(TestQueryRenderer)
#include "tst_queryrenderer.moc"
