// The byte-level readers of the client's hot path: JsonReader (a JSON pull reader) and NodePageReader
// (list answers straight into Nodes). Both must agree with the general path — QJsonDocument::fromJson,
// then NodePage::fromData — on every answer they accept, and accept every well-formed answer a server
// sends, or the speed-up would silently change what users see or silently never happen.
#include "core/json/jsonreader.h"
#include "core/nodes/nodepagereader.h"
#include "core/query/queryrenderer.h"
#include "nodedump.h"
#include "sandbox/sandboxserver.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace infrahub;

namespace {

const QString kReference = QStringLiteral(INFRAHUB_REFERENCE_DIR);

// What the general path makes of a body, when it gets as far as the page (nullopt: not JSON, GraphQL
// errors or no data object, which the fast reader leaves to it).
std::optional<Result<NodePage>> generalPath(const QByteArray &body, const QString &kind,
                                            const std::shared_ptr<const SchemaSet> &schema) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    const QJsonObject root = doc.object();
    if (root.contains(u"errors") || !root.value(u"data").isObject())
        return std::nullopt;
    return NodePage::fromData(root.value(u"data").toObject(), kind, schema);
}

std::shared_ptr<const SchemaSet> schemaFromBody(const QJsonObject &body) {
    QString error;
    std::optional<SchemaSet> set = SchemaSet::fromApiJson(body, &error);
    if (!set)
        qFatal("schema: %s", qPrintable(error));
    return std::make_shared<const SchemaSet>(std::move(*set));
}

QByteArray readFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

} // namespace

class TestNodePageReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void jsonReaderMatchesQt_data();
    void jsonReaderMatchesQt();
    void jsonReaderIteratesAndSkips();
    void sandboxAnswersReadAlike_data();
    void sandboxAnswersReadAlike();
    void fixturesReadAlike();
    void unusualShapesReadAlike_data();
    void unusualShapesReadAlike();
    void damagedAnswersNeverDiffer();
    void leavesErrorsToTheGeneralPath();

private:
    Result<NodePage> compare(const QByteArray &body, const QString &kind,
                             const std::shared_ptr<const SchemaSet> &schema, bool fastPathExpected);

    std::unique_ptr<sandbox::SandboxServer> m_server;
    std::shared_ptr<const SchemaSet> m_schema;
};

void TestNodePageReader::initTestCase() {
    sandbox::SandboxOptions options;
    options.address = QHostAddress::LocalHost;
    m_server = std::make_unique<sandbox::SandboxServer>(options);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_schema = schemaFromBody(m_server->apiSchema());
}

// Both paths on one body; returns the fast one's result. When the fast reader takes the body it must say
// exactly what the general path says; whether it takes it must match `fastPathExpected`.
Result<NodePage> TestNodePageReader::compare(const QByteArray &body, const QString &kind,
                                             const std::shared_ptr<const SchemaSet> &schema,
                                             bool fastPathExpected) {
    const std::optional<Result<NodePage>> fast = NodePageReader::read(body, kind, schema);
    const std::optional<Result<NodePage>> general = generalPath(body, kind, schema);
    if (fast.has_value() != fastPathExpected) {
        QTest::qFail(qPrintable(QStringLiteral("fast path %1 for %2: %3")
                                    .arg(fast ? QStringLiteral("taken") : QStringLiteral("not taken"), kind,
                                         QString::fromUtf8(body.left(300)))),
                     __FILE__, __LINE__);
        return InfrahubError::make(InfrahubError::Kind::Protocol, QStringLiteral("mismatch"));
    }
    if (!fast)
        return InfrahubError::make(InfrahubError::Kind::Protocol, QStringLiteral("not taken"));
    if (!general) {
        QTest::qFail(qPrintable(QStringLiteral("the fast path read a body the general path refuses: %1")
                                    .arg(QString::fromUtf8(body.left(300)))),
                     __FILE__, __LINE__);
        return InfrahubError::make(InfrahubError::Kind::Protocol, QStringLiteral("mismatch"));
    }
    const QByteArray fastDump = nodedump::page(*fast), generalDump = nodedump::page(*general);
    if (fastDump != generalDump)
        QTest::qFail(qPrintable(QStringLiteral("the readers differ for %1.\nfast:\n%2\ngeneral:\n%3")
                                    .arg(kind, QString::fromUtf8(fastDump), QString::fromUtf8(generalDump))),
                     __FILE__, __LINE__);
    return *fast;
}

void TestNodePageReader::jsonReaderMatchesQt_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("accepted"); // by JsonReader; QJsonDocument must then accept it too

    QTest::newRow("object") << QByteArray(R"({"a": 1, "b": [true, false, null], "c": {"d": "e"}})") << true;
    QTest::newRow("whitespace") << QByteArray(" \t\r\n{ \"a\" : [ 1 , 2 ] }\n ") << true;
    QTest::newRow("empty containers") << QByteArray(R"({"a": {}, "b": [], "c": [[], {}]})") << true;
    QTest::newRow("escapes") << QByteArray(R"({"s": "q\" b\\ s\/ \b\f\n\r\t \u0041\u00e9\u20AC"})") << true;
    QTest::newRow("surrogate pair") << QByteArray(R"({"s": "\ud83d\ude00 x"})") << true;
    QTest::newRow("utf-8") << QByteArray("{\"s\": \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}") << true;
    QTest::newRow("escaped key") << QByteArray(R"({"na\u006de": 1, "n\"q": 2})") << true;
    QTest::newRow("duplicate keys") << QByteArray(R"({"a": 1, "b": 2, "a": 3})") << true;
    QTest::newRow("integers") << QByteArray(R"([0, -0, 7, -42, 9007199254740993, -9223372036854775808])")
                              << true;
    QTest::newRow("beyond int64") << QByteArray(R"([9223372036854775808, -92233720368547758090])") << true;
    QTest::newRow("doubles") << QByteArray(R"([0.5, -1.25e3, 1E-7, 2e+2, 1.0, 123456789.123456789])") << true;
    QTest::newRow("whole doubles become integers")
        << QByteArray(R"([19999999999199990.99599, 2e3, -0.0, 1.5e300, 12345678901234567890.0])") << true;
    QTest::newRow("top-level string") << QByteArray(R"("just text")") << true;
    QTest::newRow("nesting 1024") << QByteArray(1024, '[') + QByteArray(1024, ']') << true;

    QTest::newRow("nesting 1025") << QByteArray(1025, '[') + QByteArray(1025, ']') << false;
    QTest::newRow("trailing comma object") << QByteArray(R"({"a": 1,})") << false;
    QTest::newRow("trailing comma array") << QByteArray(R"([1, 2,])") << false;
    QTest::newRow("missing comma") << QByteArray(R"({"a": 1 "b": 2})") << false;
    QTest::newRow("missing colon") << QByteArray(R"({"a" 1})") << false;
    QTest::newRow("single quotes") << QByteArray(R"({'a': 1})") << false;
    QTest::newRow("unquoted key") << QByteArray(R"({a: 1})") << false;
    QTest::newRow("leading zero") << QByteArray(R"([01])") << false;
    QTest::newRow("bare dot") << QByteArray(R"([1.])") << false;
    QTest::newRow("plus sign") << QByteArray(R"([+1])") << false;
    QTest::newRow("bad exponent") << QByteArray(R"([1e])") << false;
    QTest::newRow("infinite") << QByteArray(R"([1e400])") << false;
    QTest::newRow("bad escape") << QByteArray(R"(["\x"])") << false;
    QTest::newRow("short unicode escape") << QByteArray(R"(["\u12"])") << false;
    QTest::newRow("unterminated string") << QByteArray(R"(["abc)") << false;
    QTest::newRow("unterminated object") << QByteArray(R"({"a": [1, 2])") << false;
    QTest::newRow("trailing data") << QByteArray(R"({"a": 1} x)") << false;
    QTest::newRow("two values") << QByteArray(R"({} {})") << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("truncated literal") << QByteArray(R"([tru])") << false;
    QTest::newRow("wrong literal") << QByteArray(R"([nul1])") << false;
    QTest::newRow("overlong utf-8") << QByteArray("[\"\xc0\xaf\"]") << false;
    QTest::newRow("utf-8 surrogate") << QByteArray("[\"\xed\xa0\x80\"]") << false;
    QTest::newRow("above U+10FFFF") << QByteArray("[\"\xf4\x90\x80\x80\"]") << false;
    QTest::newRow("truncated utf-8") << QByteArray("[\"\xe2\x82\"]") << false;
    QTest::newRow("stray continuation") << QByteArray("[\"\x80\"]") << false;

    // Strings are scanned eight bytes at a time: every kind of byte that needs care, at every offset
    // within and across those words, next to plain ASCII on both sides, as keys and as values.
    const QList<std::pair<const char *, QByteArray>> special = {
        {"quote escape", "\\\""},
        {"backslash escape", "\\\\"},
        {"unicode escape", "\\u00e9"},
        {"2-byte utf-8", "\xc3\xa9"},
        {"3-byte utf-8", "\xe2\x82\xac"},
        {"4-byte utf-8", "\xf0\x9f\x98\x80"},
        {"del", "\x7f"},
        {"space and tilde", " ~"},
    };
    const QList<std::pair<const char *, QByteArray>> invalid = {
        {"control character", "\x01"},   {"tab", "\t"}, {"stray continuation", "\x80"}, {"bad escape", "\\x"},
        {"truncated utf-8", "\xe2\x82"},
    };
    for (int offset = 0; offset <= 17; ++offset) {
        const QByteArray before(offset, 'a');
        const QByteArray after(17 - offset, 'z');
        for (const auto &[name, bytes] : special) {
            const QByteArray string = '"' + before + bytes + after + '"';
            QTest::addRow("%s at %d", name, offset) << QByteArray("{" + string + ":" + string + "}") << true;
        }
        for (const auto &[name, bytes] : invalid)
            QTest::addRow("%s at %d", name, offset)
                << QByteArray("[\"" + before + bytes + after + "\"]") << false;
        QTest::addRow("plain, %d bytes", offset)
            << QByteArray("[\"" + before + "\", \"" + before + "\"]") << true;
    }
}

void TestNodePageReader::jsonReaderMatchesQt() {
    QFETCH(QByteArray, text);
    QFETCH(bool, accepted);
    JsonReader reader(text);
    const QJsonValue ours = reader.readValue();
    const bool ok = reader.finish();
    QCOMPARE(ok, accepted);
    if (!ok) {
        QVERIFY(!reader.errorMessage().isEmpty());
        QVERIFY(reader.errorOffset() >= 0);
        // Skipping checks as much as reading does.
        JsonReader skipper(text);
        QVERIFY(!(skipper.skipValue() && skipper.finish()));
        return;
    }
    // Qt parses top-level scalars only wrapped in an array (which would add a level of nesting to the
    // others).
    const bool container = text.trimmed().startsWith('{') || text.trimmed().startsWith('[');
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(container ? text : "[" + text + "]", &error);
    QCOMPARE(error.errorString(), QJsonParseError().errorString());
    const QJsonValue theirs = !container       ? doc.array().at(0)
                              : doc.isObject() ? QJsonValue(doc.object())
                                               : QJsonValue(doc.array());
    QCOMPARE(QJsonDocument(QJsonArray{ours}).toJson(), QJsonDocument(QJsonArray{theirs}).toJson());
    QCOMPARE(ours, theirs);
    JsonReader skipper(text);
    QVERIFY(skipper.skipValue());
    QVERIFY(skipper.finish());
}

void TestNodePageReader::jsonReaderIteratesAndSkips() {
    const QByteArray text =
        R"({"skip": {"deep": [1, {"x": "y"}]}, "id": "n1", "list": ["a", 2, "c"], "n": 5})";
    JsonReader r(text);
    QVERIFY(r.beginObject());
    QStringList keys;
    QString id;
    QStringList strings;
    for (QByteArrayView key; r.nextKey(&key);) {
        keys.append(QString::fromUtf8(key));
        if (key == "id") {
            id = r.readString();
        } else if (key == "list") {
            QVERIFY(r.beginArray());
            while (r.nextElement())
                strings.append(r.readString()); // 2 is no string: a null QString, consumed
        } else if (key == "n") {
            QCOMPARE(r.peek(), JsonReader::Type::Number);
            QCOMPARE(r.readString(), QString()); // no string: skipped
        } else {
            const qsizetype at = r.position();
            QVERIFY(r.skipValue());
            JsonReader again(text, at); // a recorded position reads the value again
            QCOMPARE(again.readValue().toObject().value(u"deep").toArray().size(), 2);
        }
    }
    QVERIFY(r.finish());
    QCOMPARE(keys, (QStringList{u"skip"_qs, u"id"_qs, u"list"_qs, u"n"_qs}));
    QCOMPARE(id, u"n1"_qs);
    QCOMPARE(strings, (QStringList{u"a"_qs, QString(), u"c"_qs}));
    QVERIFY(strings.at(1).isNull());
}

void TestNodePageReader::sandboxAnswersReadAlike_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("metadata");
    QTest::addColumn<bool>("fragments");
    // Every kind the demo schema exposes, plus generics with fragments (aliased fields) and metadata.
    sandbox::SandboxOptions options;
    sandbox::SandboxServer server(options);
    QString error;
    if (!server.start(&error))
        qFatal("sandbox: %s", qPrintable(error));
    const std::shared_ptr<const SchemaSet> schema = schemaFromBody(server.apiSchema());
    for (const KindSchema &k : schema->kinds()) {
        QTest::addRow("%s", qPrintable(k.kind)) << k.kind << false << false;
        if (k.kind == u"InfraDevice" || k.kind == u"IpamIPAddress" || k.kind == u"BuiltinTag")
            QTest::addRow("%s metadata", qPrintable(k.kind)) << k.kind << true << false;
        if (k.isGeneric())
            QTest::addRow("%s fragments", qPrintable(k.kind)) << k.kind << true << true;
    }
}

void TestNodePageReader::sandboxAnswersReadAlike() {
    QFETCH(QString, kind);
    QFETCH(bool, metadata);
    QFETCH(bool, fragments);
    QueryOptions options;
    options.selection.withMetadata = metadata;
    options.selection.concreteFragments = fragments;
    options.limit = 50;
    const Result<GraphQLRequest> request = QueryRenderer(*m_schema).list(kind, options);
    if (!request)
        QSKIP(
            qPrintable(QStringLiteral("the client does not list %1: %2").arg(kind, request.error().message)));
    const sandbox::HttpResponse response =
        m_server->executeGraphQL(QStringLiteral("main"), request->toJson(), true);
    QCOMPARE(response.status, 200);
    QVERIFY2(!QJsonDocument::fromJson(response.body).object().contains(u"errors"), response.body.constData());
    const Result<NodePage> page = compare(response.body, kind, m_schema, true);
    QVERIFY2(page, qPrintable(page ? QString() : page.error().message));
    if (kind == u"InfraDevice") {
        QCOMPARE(page->nodes.size(), 40); // the demo dataset: all its devices, every field loaded
        const Node &device = page->nodes.first();
        QVERIFY(device.attribute(u"name"_qs));
        QVERIFY(!device.attribute(u"role"_qs)->label.isEmpty());
        QVERIFY(device.relationship(u"site"_qs)->peer().has_value());
        QVERIFY(!device.isDirty());
        if (metadata)
            QVERIFY(device.attribute(u"name"_qs)->metadata.isProtected.has_value());
    }
}

void TestNodePageReader::fixturesReadAlike() {
    // The SDK's captured answers, read as pages of every kind their data holds, against the real schema
    // objects (and kinds no schema has).
    QJsonArray nodes, generics;
    const QDir schemaDir(kReference + QStringLiteral("/schema-api-core"));
    for (const QString &name : schemaDir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        const QJsonObject o = QJsonDocument::fromJson(readFile(schemaDir.filePath(name))).object();
        const QString ns = o.value(u"namespace").toString();
        if (ns == u"Profile" || ns == u"Template")
            continue;
        (o.contains(u"used_by") ? generics : nodes).append(o);
    }
    const auto schema =
        schemaFromBody({{QStringLiteral("nodes"), nodes}, {QStringLiteral("generics"), generics}});
    int pages = 0, taken = 0;
    QDirIterator it(kReference + QStringLiteral("/sdk-fixtures"), {QStringLiteral("*.json")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QByteArray body = readFile(it.next());
        const QJsonObject root = QJsonDocument::fromJson(body).object();
        // Some fixtures hold only the `data` object: wrap those as a server sends them.
        const bool wrapped = root.contains(u"data") || root.contains(u"errors");
        const QByteArray answer = wrapped ? body : "{\"data\": " + body + "}";
        const std::optional<Result<NodePage>> general =
            generalPath(answer, QStringLiteral("InfraDevice"), schema);
        const QJsonObject data = QJsonDocument::fromJson(answer).object().value(u"data").toObject();
        QStringList kinds = data.keys();
        kinds << QStringLiteral("InfraDevice") << QStringLiteral("CoreNode") << QStringLiteral("NoSuchKind");
        for (const QString &kind : kinds) {
            compare(answer, kind, schema, general.has_value());
            if (QTest::currentTestFailed()) {
                qWarning("fixture %s", qPrintable(it.filePath()));
                return;
            }
            ++pages;
            taken += general.has_value();
        }
    }
    QVERIFY2(pages > 100, qPrintable(QString::number(pages)));
    QVERIFY2(taken > 50, qPrintable(QString::number(taken)));
}

void TestNodePageReader::unusualShapesReadAlike_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("body");
    const QByteArray node =
        R"("id": "d1", "__typename": "InfraDevice", "hfid": ["d1"], "display_label": "d1")";
    QTest::newRow("typename last, fields first")
        << u"InfraDevice"_qs
        << QByteArray(R"({"data": {"InfraDevice": {"count": 1, "edges": [{"node": {"name": {"value": "d1"},
              "site": {"node": {"id": "s1"}}, "id": "d1", "__typename": "InfraDevice"}}]}}})");
    QTest::newRow("escaped keys and values")
        << u"InfraDevice"_qs
        << QByteArray(
               R"({"data": {"InfraDevice": {"edges": [{"node": {)" + node +
               R"(, "na\u006de": {"value": "caf\u00e9 \"q\""}, "t\u0061gs": {"count": 1, "edges": [{"n\u006fde": {"id": "t1"}}]}}}]}}})");
    QTest::newRow("duplicate keys: last wins")
        << u"InfraDevice"_qs
        << QByteArray(
               R"({"data": {"InfraDevice": {"count": 9, "edges": [{"node": {)" + node +
               R"(, "name": {"value": "a", "value": "b", "label": "x", "label": 3}, "name": {"value": "c"}}}], "count": 1}}})");
    QTest::newRow("null attribute and relationships")
        << u"InfraDevice"_qs
        << QByteArray(R"({"data": {"InfraDevice": {"edges": [{"node": {)" + node +
                      R"(, "name": null, "site": null, "tags": null, "platform": {"node": null}}}]}}})");
    QTest::newRow("wrong types everywhere")
        << u"InfraDevice"_qs
        << QByteArray(R"({"data": {"InfraDevice": {"count": "7", "edges": [{"node": {"id": "d1", "hfid": "x",
              "display_label": 5, "__typename": 7, "name": 3, "description": {"value": [1, {"a": null}],
              "label": null, "is_protected": "yes", "source": "s", "owner": {"id": 5}}, "site": [1],
              "tags": {"edges": "no", "count": 2.5}, "platform": {"node": {"id": 1, "hfid": [1, "a"]},
              "properties": {"is_protected": true, "updated_at": 3}}}}]}}})");
    QTest::newRow("many relationship without edges")
        << u"InfraDevice"_qs
        << QByteArray(
               R"({"data": {"InfraDevice": {"edges": [{"node": {)" + node +
               R"(, "tags": {"count": 4}, "site": {"edges": [{"node": {"id": "s1"}, "properties": {"is_protected": false}}]}}}]}}})");
    QTest::newRow("extra attribute keys")
        << u"IpamIPAddress"_qs
        << QByteArray(
               R"({"data": {"IpamIPAddress": {"edges": [{"node": {"id": "a1", "__typename": "IpamIPAddress",
              "address": {"value": "10.0.0.1/24", "ip": "10.0.0.1", "prefixlen": 24, "is_default": false,
              "updated_at": "2024-01-01T00:00:00Z", "source": {"id": "acc", "display_label": "Admin", "__typename": "CoreAccount"}}}}]}}})");
    QTest::newRow("generic with aliases")
        << u"CoreNode"_qs << QByteArray(R"({"data": {"CoreNode": {"count": 2, "edges": [
              {"node": {"id": "x1", "__typename": "BuiltinTag", "BuiltinTag__name": {"value": "alias"}}},
              {"node": {"id": "x2", "__typename": "BuiltinTag", "name": {"value": "own"}, "BuiltinTag__name": {"value": "alias"}}}]}}})");
    QTest::newRow("node without id")
        << u"InfraDevice"_qs << QByteArray(R"({"data": {"InfraDevice": {"edges": [{"node": {"id": ""}}]}}})");
    QTest::newRow("edge without node")
        << u"InfraDevice"_qs
        << QByteArray(
               R"({"data": {"InfraDevice": {"edges": [{"node": {"id": "a", "__typename": "InfraDevice"}}, {"nodes": {}}]}}})");
    QTest::newRow("edges not a list")
        << u"InfraDevice"_qs << QByteArray(R"({"data": {"InfraDevice": {"edges": {}}}})");
    QTest::newRow("no root field") << u"InfraDevice"_qs << QByteArray(R"({"data": {"Other": {}}})");
    QTest::newRow("root not an object")
        << u"InfraDevice"_qs << QByteArray(R"({"data": {"InfraDevice": []}})");
    QTest::newRow("unknown typename")
        << u"CoreNode"_qs
        << QByteArray(R"({"data": {"CoreNode": {"edges": [{"node": {"id": "a", "__typename": "Nope"}}]}}})");
    QTest::newRow("no edges, count only")
        << u"InfraDevice"_qs
        << QByteArray(R"({"data": {"InfraDevice": {"count": 12}}, "extensions": {"x": 1}})");

    // The fast reader shares related nodes with the same text, and keeps the last few string values of each
    // attribute: repeats, near-repeats (same id, other label; same value spelled with an escape), edge
    // properties that differ on the same peer, more distinct values than it keeps, and values of other
    // types in between.
    QByteArray edges;
    for (int i = 0; i < 40; ++i) {
        const QByteArray n = QByteArray::number(i);
        const QByteArray status = i % 7 == 3    ? R"("caf\u00e9")"
                                  : i % 7 == 4  ? "\"caf\xc3\xa9\""
                                  : i % 13 == 5 ? "17"
                                  : i % 11 == 6
                                      ? "null"
                                      : QByteArray('"' + QByteArray("s") + QByteArray::number(i % 12) + '"');
        const QByteArray site =
            i % 5 == 2
                ? R"({"id": "s1", "hfid": ["s1"], "display_label": "other label", "__typename": "LocationSite"})"
                : R"({"id": "s1", "hfid": ["s1"], "display_label": "Site 1", "__typename": "LocationSite"})";
        const QByteArray siteProperties =
            i % 3 == 0 ? QByteArray(R"(, "properties": {"is_protected": true, "updated_at": "t)") + n + "\"}"
                       : QByteArray();
        if (!edges.isEmpty())
            edges += ", ";
        edges +=
            R"({"node": {"id": "d)" + n + R"(", "__typename": "InfraDevice", "hfid": ["d)" + n +
            R"("], "display_label": "d)" + n + R"(", "name": {"value": "d)" + n +
            R"("}, "status": {"value": )" + status + R"(}, "site": {"node": )" + site + siteProperties +
            R"(}, "tags": {"count": 2, "edges": [{"node": {"id": "t1", "display_label": "red", "__typename": "BuiltinTag"}, "properties": {"is_visible": )" +
            (i % 2 ? "true" : "false") +
            R"(}}, {"node": {"id": "t2", "display_label": "blue", "__typename": "BuiltinTag"}}]}}})";
    }
    QTest::newRow("repeated related nodes and values")
        << u"InfraDevice"_qs
        << QByteArray(R"({"data": {"InfraDevice": {"count": 40, "edges": [)" + edges + "]}}}");
}

void TestNodePageReader::unusualShapesReadAlike() {
    QFETCH(QString, kind);
    QFETCH(QByteArray, body);
    compare(body, kind, m_schema, true);
}

void TestNodePageReader::damagedAnswersNeverDiffer() {
    // A real page, damaged in many small ways (cut short, bytes changed, inserted or removed): whenever
    // the fast reader still takes it, it must read what the general path reads.
    QueryOptions options;
    options.selection.withMetadata = true;
    options.limit = 5;
    const Result<GraphQLRequest> request = QueryRenderer(*m_schema).list(u"InfraDevice"_qs, options);
    QVERIFY(request);
    const QByteArray page = m_server->executeGraphQL(u"main"_qs, request->toJson(), true).body;
    QVERIFY(page.size() > 1000);
    QRandomGenerator random(20261122); // fixed: the same cases on every run
    const char alphabet[] = "{}[]\",:\\u0aZ -1.e\t";
    int taken = 0;
    for (int i = 0; i < 3000; ++i) {
        QByteArray body = page;
        const int edits = 1 + int(random.bounded(3));
        for (int e = 0; e < edits && !body.isEmpty(); ++e) {
            const qsizetype at = random.bounded(int(body.size()));
            switch (random.bounded(4)) {
            case 0:
                body.truncate(at);
                break;
            case 1:
                body[at] = alphabet[random.bounded(int(sizeof alphabet - 1))];
                break;
            case 2:
                body.insert(at, alphabet[random.bounded(int(sizeof alphabet - 1))]);
                break;
            default:
                body.remove(at, 1 + random.bounded(8));
                break;
            }
        }
        const std::optional<Result<NodePage>> general = generalPath(body, u"InfraDevice"_qs, m_schema);
        const std::optional<Result<NodePage>> fast = NodePageReader::read(body, u"InfraDevice"_qs, m_schema);
        if (fast) {
            ++taken;
            QVERIFY2(general, body.constData());
            QCOMPARE(nodedump::page(*fast), nodedump::page(*general));
        }
    }
    QVERIFY2(taken > 100, qPrintable(QString::number(taken))); // the damage often leaves valid JSON
}

void TestNodePageReader::leavesErrorsToTheGeneralPath() {
    // Answers the general path words itself: GraphQL errors (with or without data), no data, not JSON.
    const QByteArray bodies[] = {
        R"({"data": null, "errors": [{"message": "boom"}]})",
        R"({"data": {"InfraDevice": {"edges": []}}, "errors": [{"message": "partial"}]})",
        R"({"errors": [{"message": "x"}], "data": {"InfraDevice": {"edges": []}}})",
        R"({"data": null})",
        R"({"data": []})",
        R"({})",
        R"([])",
        R"(<html>502 Bad Gateway</html>)",
        R"({"data": {"InfraDevice": {"edges": []}}} trailing)",
    };
    for (const QByteArray &body : bodies)
        QVERIFY2(!NodePageReader::read(body, u"InfraDevice"_qs, m_schema), body.constData());
}

QTEST_GUILESS_MAIN(TestNodePageReader)
#include "tst_nodepagereader.moc"
