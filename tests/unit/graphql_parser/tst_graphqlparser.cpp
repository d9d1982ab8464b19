// Tests for the sandbox's GraphQL lexer/parser (graphqlparser.h): every executable-syntax feature,
// node locations, graphql-js 16 error messages and positions, rejection of type-system definitions,
// the nesting limit, hostile input, the reference example queries, and a timing printout.
#include "sandbox/graphql/graphqlparser.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>
#include <QThread>

#include <functional>

using namespace infrahub::sandbox::gql;

namespace {

QString errorText(const std::variant<Document, ParseError> &result) {
    if (const auto *error = std::get_if<ParseError>(&result))
        return QStringLiteral("%1 at %2:%3")
            .arg(error->message)
            .arg(error->location.line)
            .arg(error->location.column);
    return QStringLiteral("(no error)");
}

QString errorText(const std::variant<Value, ParseError> &result) {
    if (const auto *error = std::get_if<ParseError>(&result))
        return QStringLiteral("%1 at %2:%3")
            .arg(error->message)
            .arg(error->location.line)
            .arg(error->location.column);
    return QStringLiteral("(no error)");
}

// ---- a canonical printer, so tests can compare whole trees as one readable string ---------------

QString printValue(const Value &value);

QString printString(const QString &text) {
    QString out = QStringLiteral("\"");
    for (QChar c : text) {
        if (c == u'"')
            out += QStringLiteral("\\\"");
        else if (c == u'\\')
            out += QStringLiteral("\\\\");
        else if (c == u'\n')
            out += QStringLiteral("\\n");
        else
            out += c;
    }
    return out + QLatin1Char('"');
}

QString printValue(const Value &value) {
    switch (value.kind) {
    case Value::Kind::Null:
        return QStringLiteral("null");
    case Value::Kind::Int:
    case Value::Kind::Float:
    case Value::Kind::Enum:
        return value.text;
    case Value::Kind::String:
        return printString(value.text);
    case Value::Kind::Boolean:
        return value.boolean ? QStringLiteral("true") : QStringLiteral("false");
    case Value::Kind::Variable:
        return QLatin1Char('$') + value.text;
    case Value::Kind::List: {
        QStringList items;
        for (const Value &v : value.list)
            items << printValue(v);
        return QLatin1Char('[') + items.join(QStringLiteral(", ")) + QLatin1Char(']');
    }
    case Value::Kind::Object: {
        QStringList items;
        for (const auto &[name, v] : value.fields)
            items << name + QStringLiteral(": ") + printValue(v);
        return QLatin1Char('{') + items.join(QStringLiteral(", ")) + QLatin1Char('}');
    }
    }
    return QString();
}

QString printArguments(const std::vector<Argument> &arguments) {
    if (arguments.empty())
        return QString();
    QStringList items;
    for (const Argument &a : arguments)
        items << a.name + QStringLiteral(": ") + printValue(a.value);
    return QLatin1Char('(') + items.join(QStringLiteral(", ")) + QLatin1Char(')');
}

QString printDirectives(const std::vector<Directive> &directives) {
    QString out;
    for (const Directive &d : directives)
        out += QStringLiteral(" @") + d.name + printArguments(d.arguments);
    return out;
}

QString printSelectionSet(const SelectionSet &set) {
    if (set.empty())
        return QString();
    QStringList items;
    for (const Selection &s : set) {
        QString item;
        switch (s.kind) {
        case Selection::Kind::Field:
            item = (s.alias.isEmpty() ? QString() : s.alias + QStringLiteral(": ")) + s.name +
                   printArguments(s.arguments) + printDirectives(s.directives);
            break;
        case Selection::Kind::FragmentSpread:
            item = QStringLiteral("...") + s.name + printDirectives(s.directives);
            break;
        case Selection::Kind::InlineFragment:
            item = QStringLiteral("...") +
                   (s.typeCondition.isEmpty() ? QString() : QStringLiteral(" on ") + s.typeCondition) +
                   printDirectives(s.directives);
            break;
        }
        if (!s.selectionSet.empty())
            item += QLatin1Char(' ') + printSelectionSet(s.selectionSet);
        items << item;
    }
    return QStringLiteral("{ ") + items.join(QLatin1Char(' ')) + QStringLiteral(" }");
}

QString printDocument(const Document &document) {
    QStringList definitions;
    for (const OperationDefinition &op : document.operations) {
        QString out = op.type == OperationDefinition::Type::Query      ? QStringLiteral("query")
                      : op.type == OperationDefinition::Type::Mutation ? QStringLiteral("mutation")
                                                                       : QStringLiteral("subscription");
        if (!op.name.isEmpty())
            out += QLatin1Char(' ') + op.name;
        if (!op.variables.empty()) {
            QStringList vars;
            for (const VariableDefinition &v : op.variables)
                vars << QLatin1Char('$') + v.name + QStringLiteral(": ") + v.type.toString() +
                            (v.defaultValue ? QStringLiteral(" = ") + printValue(*v.defaultValue)
                                            : QString());
            out += QLatin1Char('(') + vars.join(QStringLiteral(", ")) + QLatin1Char(')');
        }
        out += printDirectives(op.directives) + QLatin1Char(' ') + printSelectionSet(op.selectionSet);
        definitions << out;
    }
    for (const FragmentDefinition &f : document.fragments)
        definitions << QStringLiteral("fragment ") + f.name + QStringLiteral(" on ") + f.typeCondition +
                           printDirectives(f.directives) + QLatin1Char(' ') +
                           printSelectionSet(f.selectionSet);
    return definitions.join(QLatin1Char('\n'));
}

const Selection *child(const SelectionSet &set, QStringView responseKey) {
    for (const Selection &s : set)
        if (s.kind == Selection::Kind::Field && s.responseKey() == responseKey)
            return &s;
    return nullptr;
}

const OperationDefinition *operation(const Document &document, QStringView name) {
    for (const OperationDefinition &op : document.operations)
        if (op.name == name)
            return &op;
    return nullptr;
}

const Value *field(const Value &object, QStringView name) {
    for (const auto &[key, value] : object.fields)
        if (key == name)
            return &value;
    return nullptr;
}

QString readReference(const QString &relativePath) {
    QFile file(QStringLiteral(INFRAHUB_REFERENCE_DIR "/") + relativePath);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll());
}

// 1-based location of the first occurrence of `needle` in `text`, the way the parser counts.
SourceLocation locate(const QString &text, const QString &needle, qsizetype from = 0) {
    const qsizetype offset = text.indexOf(needle, from);
    if (offset < 0)
        return {};
    const QStringView before = QStringView(text).first(offset);
    const int line = int(before.count(u'\n')) + 1;
    const qsizetype lineStart = before.lastIndexOf(u'\n') + 1;
    return {line, int(offset - lineStart) + 1};
}

QString repeated(QStringView piece, int count) {
    QString out;
    out.reserve(piece.size() * count);
    for (int i = 0; i < count; ++i)
        out += piece;
    return out;
}

} // namespace

// Lets QCOMPARE print and compare locations.
namespace infrahub::sandbox::gql {
bool operator==(const SourceLocation &a, const SourceLocation &b) {
    return a.line == b.line && a.column == b.column;
}
char *toString(const SourceLocation &l) {
    return QTest::toString(QStringLiteral("%1:%2").arg(l.line).arg(l.column));
}
} // namespace infrahub::sandbox::gql

#define PARSE_OK(var, source)                                                                                \
    const auto var##Result = parseDocument(QString(source)); /* QString: the argument may be a builder */    \
    QVERIFY2(std::holds_alternative<Document>(var##Result), qPrintable(errorText(var##Result)));             \
    const Document &var = std::get<Document>(var##Result)

class TestGraphqlParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void syntax_data();
    void syntax();
    void operationKinds();
    void variableTypes_data();
    void variableTypes();
    void fieldsAndFragments();
    void keywordsAreNames();
    void values_data();
    void values();
    void strings_data();
    void strings();
    void blockStrings_data();
    void blockStrings();
    void compoundValues();
    void ignoredTokens();
    void locations();
    void lineTerminators_data();
    void lineTerminators();
    void syntaxErrors_data();
    void syntaxErrors();
    void valueErrors_data();
    void valueErrors();
    void nonExecutableDefinitions_data();
    void nonExecutableDefinitions();
    void depthLimit_data();
    void depthLimit();
    void hostileInput();
    void boundedStack();
    void prefixesAndMutations();
    void exampleQueries();
    void exampleQueriesRoundTrip();
    void timing();
};

// Whole documents against their canonical print: proves each construct lands in the right AST slot.
void TestGraphqlParser::syntax_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("printed");

    QTest::newRow("shorthand") << "{ a }"
                               << "query { a }";
    QTest::newRow("anonymous query") << "query { a b }"
                                     << "query { a b }";
    QTest::newRow("named query") << "query Q { a }"
                                 << "query Q { a }";
    QTest::newRow("mutation") << "mutation M { doIt(x: 1) { ok } }"
                              << "mutation M { doIt(x: 1) { ok } }";
    QTest::newRow("subscription") << "subscription { ev }"
                                  << "subscription { ev }";
    QTest::newRow("alias") << "{ short: some_long_name }"
                           << "query { short: some_long_name }";
    QTest::newRow("arguments") << "{ a(x: 1, y: \"s\", z: RED, w: null, v: true, u: 1.5e3) }"
                               << "query { a(x: 1, y: \"s\", z: RED, w: null, v: true, u: 1.5e3) }";
    QTest::newRow("variables")
        << "query Q($a: Int = 1, $b: [String!]!, $c: In = {x: [1, Z]}) { f(a: $a, z: [$z]) }"
        << "query Q($a: Int = 1, $b: [String!]!, $c: In = {x: [1, Z]}) { f(a: $a, z: [$z]) }";
    QTest::newRow("variable directives dropped") << "query Q($a: Boolean = false @bar(x: 1)) { field }"
                                                 << "query Q($a: Boolean = false) { field }";
    QTest::newRow("operation directives") << "query Q @a @b(x: 1) { f }"
                                          << "query Q @a @b(x: 1) { f }";
    QTest::newRow("field directives") << "{ f @skip(if: $s) @include(if: true) { g } }"
                                      << "query { f @skip(if: $s) @include(if: true) { g } }";
    QTest::newRow("fragment spread") << "{ ...F @d } fragment F on T @e { x }"
                                     << "query { ...F @d }\nfragment F on T @e { x }";
    QTest::newRow("inline fragment") << "{ ... on T { x } }"
                                     << "query { ... on T { x } }";
    QTest::newRow("inline fragment glued") << "{ ...on T{x} }"
                                           << "query { ... on T { x } }";
    QTest::newRow("inline no condition") << "{ ... { x } }"
                                         << "query { ... { x } }";
    QTest::newRow("inline directive only") << "{ ... @include(if: $c) { x } }"
                                           << "query { ... @include(if: $c) { x } }";
    QTest::newRow("spread named onX") << "{ ...onX }"
                                      << "query { ...onX }";
    QTest::newRow("fragment then operation") << "fragment F on T { a } query { ...F }"
                                             << "query { ...F }\nfragment F on T { a }";
    QTest::newRow("several operations") << "query A { a } mutation B { b } { c }"
                                        << "query A { a }\nmutation B { b }\nquery { c }";
    QTest::newRow("commas are whitespace") << ",,{,a,,b(x:1,,,y:2,,c:[,1,,2,],),}"
                                           << "query { a b(x: 1, y: 2, c: [1, 2]) }";
    QTest::newRow("no whitespace")
        << "query Q($a:[Int!]!=[1]){b:c(d:$a)@e{...F ...on T{g}}}fragment F on T{h}"
        << "query Q($a: [Int!]! = [1]) { b: c(d: $a) @e { ...F ... on T { g } } }\nfragment F on "
           "T { h }";
    QTest::newRow("nested lists and objects") << "{ a(x: [[1], [], [{}], {a: {b: {c: [ENUM]}}}]) }"
                                              << "query { a(x: [[1], [], [{}], {a: {b: {c: [ENUM]}}}]) }";
    QTest::newRow("block string argument") << "{ a(x: \"\"\"\n    multi\n      line\n  \"\"\") }"
                                           << "query { a(x: \"multi\\n  line\") }";
    QTest::newRow("comments everywhere") << "# lead\nquery # c\n Q # c\n { # c\n a # c\n } # tail"
                                         << "query Q { a }";
}

void TestGraphqlParser::syntax() {
    QFETCH(QString, source);
    QFETCH(QString, printed);
    PARSE_OK(document, source);
    QCOMPARE(printDocument(document), printed);
}

void TestGraphqlParser::operationKinds() {
    PARSE_OK(document,
             QStringLiteral("{ a } query Q { b } mutation M { c } subscription S { d } mutation { e }"));
    QCOMPARE(document.operations.size(), std::size_t(5));
    QVERIFY(document.fragments.empty());
    const OperationDefinition::Type expected[] = {
        OperationDefinition::Type::Query, OperationDefinition::Type::Query,
        OperationDefinition::Type::Mutation, OperationDefinition::Type::Subscription,
        OperationDefinition::Type::Mutation};
    const QString names[] = {QString(), QStringLiteral("Q"), QStringLiteral("M"), QStringLiteral("S"),
                             QString()};
    for (std::size_t i = 0; i < 5; ++i) {
        QCOMPARE(document.operations[i].type, expected[i]);
        QCOMPARE(document.operations[i].name, names[i]);
        QCOMPARE(document.operations[i].selectionSet.size(), std::size_t(1));
    }
    QCOMPARE(document.operations[4].selectionSet[0].name, QStringLiteral("e"));
}

void TestGraphqlParser::variableTypes_data() {
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("named");
    QTest::addColumn<bool>("isList");
    QTest::addColumn<bool>("nonNull");

    QTest::newRow("named") << "String"
                           << "String" << false << false;
    QTest::newRow("non-null") << "ID!"
                              << "ID" << false << true;
    QTest::newRow("list") << "[Int]"
                          << "Int" << true << false;
    QTest::newRow("non-null list of non-null") << "[String!]!"
                                               << "String" << true << true;
    QTest::newRow("nested") << "[[Float!]]!"
                            << "Float" << true << true;
    QTest::newRow("deep") << "[[[[Boolean]!]]!]"
                          << "Boolean" << true << false;
}

void TestGraphqlParser::variableTypes() {
    QFETCH(QString, type);
    QFETCH(QString, named);
    QFETCH(bool, isList);
    QFETCH(bool, nonNull);

    // Odd spacing and commas on purpose: they must not leak into the type.
    QString spaced = type;
    spaced.replace(QLatin1Char('['), QStringLiteral("[ ,")).replace(QLatin1Char('!'), QStringLiteral(" !"));
    PARSE_OK(document, QStringLiteral("query Q($v : ") + spaced + QStringLiteral(") { a }"));
    QCOMPARE(document.operations.size(), std::size_t(1));
    const VariableDefinition &variable = document.operations[0].variables.at(0);
    QCOMPARE(variable.name, QStringLiteral("v"));
    QCOMPARE(variable.type.toString(), type);
    QCOMPARE(variable.type.namedType(), named);
    QCOMPARE(variable.type.isList(), isList);
    QCOMPARE(variable.type.nonNull, nonNull);
    QVERIFY(!variable.defaultValue.has_value());
}

void TestGraphqlParser::fieldsAndFragments() {
    PARSE_OK(document, QStringLiteral(R"(
query Q {
  me: user(id: 4) @include(if: $x) {
    id
    ...UserBits @skip(if: false)
    ... on Admin @a { level }
    ... { plain }
  }
}
fragment UserBits on User @frag { name friends(first: 2) { count } }
)"));
    QCOMPARE(document.operations.size(), std::size_t(1));
    QCOMPARE(document.fragments.size(), std::size_t(1));

    const Selection &me = document.operations[0].selectionSet.at(0);
    QCOMPARE(me.kind, Selection::Kind::Field);
    QCOMPARE(me.alias, QStringLiteral("me"));
    QCOMPARE(me.name, QStringLiteral("user"));
    QCOMPARE(me.responseKey(), QStringLiteral("me"));
    QVERIFY(me.argument(QStringLiteral("id")));
    QCOMPARE(me.argument(QStringLiteral("id"))->value.kind, Value::Kind::Int);
    QCOMPARE(me.argument(QStringLiteral("id"))->value.text, QStringLiteral("4"));
    QVERIFY(!me.argument(QStringLiteral("nope")));
    QCOMPARE(me.directives.size(), std::size_t(1));
    QCOMPARE(me.directives[0].name, QStringLiteral("include"));
    QCOMPARE(me.directives[0].arguments.at(0).name, QStringLiteral("if"));
    QCOMPARE(me.directives[0].arguments.at(0).value.kind, Value::Kind::Variable);
    QCOMPARE(me.directives[0].arguments.at(0).value.text, QStringLiteral("x"));
    QCOMPARE(me.selectionSet.size(), std::size_t(4));

    const Selection &id = me.selectionSet[0];
    QCOMPARE(id.kind, Selection::Kind::Field);
    QVERIFY(id.alias.isEmpty());
    QCOMPARE(id.responseKey(), QStringLiteral("id"));
    QVERIFY(id.selectionSet.empty());

    const Selection &spread = me.selectionSet[1];
    QCOMPARE(spread.kind, Selection::Kind::FragmentSpread);
    QCOMPARE(spread.name, QStringLiteral("UserBits"));
    QCOMPARE(spread.directives.at(0).name, QStringLiteral("skip"));
    QCOMPARE(spread.directives.at(0).arguments.at(0).value.kind, Value::Kind::Boolean);
    QVERIFY(spread.selectionSet.empty());

    const Selection &inlineTyped = me.selectionSet[2];
    QCOMPARE(inlineTyped.kind, Selection::Kind::InlineFragment);
    QCOMPARE(inlineTyped.typeCondition, QStringLiteral("Admin"));
    QCOMPARE(inlineTyped.directives.at(0).name, QStringLiteral("a"));
    QCOMPARE(inlineTyped.selectionSet.at(0).name, QStringLiteral("level"));

    const Selection &inlinePlain = me.selectionSet[3];
    QCOMPARE(inlinePlain.kind, Selection::Kind::InlineFragment);
    QVERIFY(inlinePlain.typeCondition.isEmpty());
    QVERIFY(inlinePlain.directives.empty());
    QCOMPARE(inlinePlain.selectionSet.at(0).name, QStringLiteral("plain"));

    const FragmentDefinition &fragment = document.fragments[0];
    QCOMPARE(fragment.name, QStringLiteral("UserBits"));
    QCOMPARE(fragment.typeCondition, QStringLiteral("User"));
    QCOMPARE(fragment.directives.at(0).name, QStringLiteral("frag"));
    QCOMPARE(fragment.selectionSet.size(), std::size_t(2));
    QCOMPARE(fragment.selectionSet[1].name, QStringLiteral("friends"));
    QCOMPARE(fragment.selectionSet[1].selectionSet.at(0).name, QStringLiteral("count"));
    QCOMPARE(document.fragment(QStringLiteral("UserBits")), &fragment);
    QVERIFY(!document.fragment(QStringLiteral("Other")));
}

// graphql-js "allows non-keywords anywhere a Name is allowed".
void TestGraphqlParser::keywordsAreNames() {
    const QString keywords[] = {
        QStringLiteral("on"),       QStringLiteral("fragment"),     QStringLiteral("query"),
        QStringLiteral("mutation"), QStringLiteral("subscription"), QStringLiteral("true"),
        QStringLiteral("false"),    QStringLiteral("type"),         QStringLiteral("schema")};
    for (const QString &keyword : keywords) {
        const QString fragmentName = keyword == u"on" ? QStringLiteral("a") : keyword;
        const QString source = QStringLiteral("query %1 { ... %2 ... on %1 { field } }\n"
                                              "fragment %2 on Type { %1(%1: $%1) @%1(%1: %1) }")
                                   .arg(keyword, fragmentName);
        const auto result = parseDocument(source);
        QVERIFY2(std::holds_alternative<Document>(result),
                 qPrintable(keyword + QLatin1Char(' ') + errorText(result)));
        const Document &document = std::get<Document>(result);
        QCOMPARE(document.operations.at(0).name, keyword);
        QCOMPARE(document.operations[0].selectionSet.at(0).kind, Selection::Kind::FragmentSpread);
        QCOMPARE(document.operations[0].selectionSet.at(0).name, fragmentName);
        QCOMPARE(document.operations[0].selectionSet.at(1).typeCondition, keyword);
        const Selection &f = document.fragments.at(0).selectionSet.at(0);
        QCOMPARE(f.name, keyword);
        QCOMPARE(f.arguments.at(0).value.kind, Value::Kind::Variable);
        QCOMPARE(f.directives.at(0).name, keyword);
        const Value &directiveValue = f.directives[0].arguments.at(0).value;
        if (keyword == u"true" || keyword == u"false")
            QCOMPARE(directiveValue.kind, Value::Kind::Boolean);
        else
            QCOMPARE(directiveValue.kind, Value::Kind::Enum);
    }
}

void TestGraphqlParser::values_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<Value::Kind>("kind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("boolean");

    QTest::newRow("int") << "123" << Value::Kind::Int << "123" << false;
    QTest::newRow("zero") << "0" << Value::Kind::Int << "0" << false;
    QTest::newRow("negative zero") << "-0" << Value::Kind::Int << "-0" << false;
    QTest::newRow("negative int") << "-42" << Value::Kind::Int << "-42" << false;
    QTest::newRow("big int kept as text")
        << "123456789012345678901234567890" << Value::Kind::Int << "123456789012345678901234567890" << false;
    QTest::newRow("float") << "4.123" << Value::Kind::Float << "4.123" << false;
    QTest::newRow("float zero") << "0.0" << Value::Kind::Float << "0.0" << false;
    QTest::newRow("negative float") << "-1.5" << Value::Kind::Float << "-1.5" << false;
    QTest::newRow("exponent") << "123e4" << Value::Kind::Float << "123e4" << false;
    QTest::newRow("exponent upper") << "1E-3" << Value::Kind::Float << "1E-3" << false;
    QTest::newRow("exponent plus") << "6.02e+23" << Value::Kind::Float << "6.02e+23" << false;
    QTest::newRow("full float") << "-1.123e-4567" << Value::Kind::Float << "-1.123e-4567" << false;
    QTest::newRow("string") << "\"hello\"" << Value::Kind::String << "hello" << false;
    QTest::newRow("empty string") << "\"\"" << Value::Kind::String << "" << false;
    QTest::newRow("block string") << "\"\"\"block\"\"\"" << Value::Kind::String << "block" << false;
    QTest::newRow("true") << "true" << Value::Kind::Boolean << "" << true;
    QTest::newRow("false") << "false" << Value::Kind::Boolean << "" << false;
    QTest::newRow("null") << "null" << Value::Kind::Null << "" << false;
    QTest::newRow("enum") << "RED" << Value::Kind::Enum << "RED" << false;
    QTest::newRow("enum like keyword") << "on" << Value::Kind::Enum << "on" << false;
    QTest::newRow("enum with case") << "True" << Value::Kind::Enum << "True" << false;
    QTest::newRow("variable") << "$var_1" << Value::Kind::Variable << "var_1" << false;
    QTest::newRow("variable spaced") << "$ x" << Value::Kind::Variable << "x" << false;
    QTest::newRow("surrounded by ignored") << "\uFEFF \n 42 , # c" << Value::Kind::Int << "42" << false;
}

void TestGraphqlParser::values() {
    QFETCH(QString, source);
    QFETCH(Value::Kind, kind);
    QFETCH(QString, text);
    QFETCH(bool, boolean);

    const auto result = parseValue(source);
    QVERIFY2(std::holds_alternative<Value>(result), qPrintable(errorText(result)));
    const Value &value = std::get<Value>(result);
    QCOMPARE(value.kind, kind);
    QCOMPARE(value.text, text);
    QCOMPARE(value.boolean, boolean);
    QVERIFY(value.list.empty());
    QVERIFY(value.fields.empty());
    if (kind == Value::Kind::String)
        QVERIFY(!value.text.isNull());

    // The same literal as an argument inside a document.
    PARSE_OK(document, QStringLiteral("{ f(a: ") + source + QStringLiteral("\n) }"));
    const Value &inDocument = document.operations.at(0).selectionSet.at(0).arguments.at(0).value;
    QCOMPARE(inDocument.kind, kind);
    QCOMPARE(inDocument.text, text);
}

void TestGraphqlParser::strings_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("decoded");

    QTest::newRow("simple") << R"("simple")"
                            << "simple";
    QTest::newRow("white space") << R"(" white space ")"
                                 << " white space ";
    QTest::newRow("quote") << R"("quote \"")"
                           << "quote \"";
    QTest::newRow("escapes") << R"("escaped \n\r\b\t\f")"
                             << "escaped \n\r\b\t\f";
    QTest::newRow("slashes") << R"("slashes \\ \/")"
                             << "slashes \\ /";
    QTest::newRow("unicode fixed") << R"("unicode \u1234\u5678\u90AB\uCDEF")"
                                   << QStringLiteral("unicode \u1234\u5678\u90AB\uCDEF");
    QTest::newRow("unicode lower hex") << R"("\u00e9t\u00E9")" << QStringLiteral("\u00e9t\u00e9");
    QTest::newRow("unicode variable")
        << R"("\u{1234}\u{5678}\u{90AB}\u{CDEF}")" << QStringLiteral("\u1234\u5678\u90AB\uCDEF");
    QTest::newRow("variable outside BMP") << R"("\u{1F600}")" << QString::fromUcs4(U"\U0001F600");
    QTest::newRow("variable minimal")
        << R"("a\u{0}b")" << QString(QStringLiteral("a") + QChar(0) + QStringLiteral("b"));
    QTest::newRow("variable maximal") << R"("\u{10FFFF}")" << QString::fromUcs4(U"\U0010FFFF");
    QTest::newRow("variable padded") << R"("\u{00000041}")"
                                     << "A";
    QTest::newRow("surrogate pair escape") << R"("\uD83D\uDE00")" << QString::fromUcs4(U"\U0001F600");
    QTest::newRow("minimal pair") << R"("\uD800\uDC00")" << QString::fromUcs4(U"\U00010000");
    QTest::newRow("maximal pair") << R"("\uDBFF\uDFFF")" << QString::fromUcs4(U"\U0010FFFF");
    QTest::newRow("raw outside BMP") << QString::fromUcs4(U"\"smile \U0001F600!\"")
                                     << QString::fromUcs4(U"smile \U0001F600!");
    QTest::newRow("raw control char") << QStringLiteral("\"bell\u0007\"") << QStringLiteral("bell\u0007");
    QTest::newRow("multi-byte lookalike") << QStringLiteral("\"Has a \u0A0A multi-byte character.\"")
                                          << QStringLiteral("Has a \u0A0A multi-byte character.");
    QTest::newRow("escape at both ends") << R"("\tmiddle\n")"
                                         << "\tmiddle\n";
    QTest::newRow("hash is not a comment") << R"("# not a comment")"
                                           << "# not a comment";
}

void TestGraphqlParser::strings() {
    QFETCH(QString, source);
    QFETCH(QString, decoded);
    const auto result = parseValue(source);
    QVERIFY2(std::holds_alternative<Value>(result), qPrintable(errorText(result)));
    QCOMPARE(std::get<Value>(result).kind, Value::Kind::String);
    QCOMPARE(std::get<Value>(result).text, decoded);
}

void TestGraphqlParser::blockStrings_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("decoded");

    QTest::newRow("empty") << R"("""""")"
                           << "";
    QTest::newRow("simple") << R"("""simple""")"
                            << "simple";
    QTest::newRow("white space") << R"(""" white space """)"
                                 << " white space ";
    QTest::newRow("quote") << R"("""contains " quote""")"
                           << "contains \" quote";
    QTest::newRow("escaped triple quote") << R"("""contains \""" triple quote""")"
                                          << "contains \"\"\" triple quote";
    QTest::newRow("escaped triple quotes twice") << R"("""\"""\"""""")"
                                                 << "\"\"\"\"\"\"";
    QTest::newRow("multi line") << "\"\"\"multi\nline\"\"\""
                                << "multi\nline";
    QTest::newRow("normalized terminators") << "\"\"\"multi\rline\r\nnormalized\"\"\""
                                            << "multi\nline\nnormalized";
    QTest::newRow("no escapes") << R"("""unescaped \n\r\b\t\f\u1234""")"
                                << R"(unescaped \n\r\b\t\f\u1234)";
    QTest::newRow("slashes") << R"("""slashes \\ \/""")"
                             << R"(slashes \\ \/)";
    QTest::newRow("spans lines")
        << "\"\"\"\n\n        spans\n          multiple\n            lines\n\n        \"\"\""
        << "spans\n  multiple\n    lines";
    QTest::newRow("spec example")
        << "\"\"\"\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n  \"\"\""
        << "Hello,\n  World!\n\nYours,\n  GraphQL.";
    QTest::newRow("first line keeps indent") << "\"\"\"  first\n    second\n    third\"\"\""
                                             << "  first\nsecond\nthird";
    QTest::newRow("whitespace only") << "\"\"\"   \n  \t \n  \"\"\""
                                     << "";
    QTest::newRow("tabs") << "\"\"\"\n\tindented\n\t\tmore\n\"\"\""
                          << "indented\n\tmore";
    QTest::newRow("blank inner line shorter than indent") << "\"\"\"\n    a\n  \n    b\n\"\"\""
                                                          << "a\n\nb";
    QTest::newRow("escape on indented line") << "\"\"\"\n    a \\\"\"\"\n    b\n\"\"\""
                                             << "a \"\"\"\nb";
    QTest::newRow("line starting with escape") << "\"\"\"\n  \\\"\"\" x\n  y\"\"\""
                                               << "\"\"\" x\ny";
    QTest::newRow("backslash before escape") << R"("""a\\""" b""")"
                                             << R"(a\""" b)";
    QTest::newRow("outside BMP") << QString::fromUcs4(U"\"\"\"\U0001F600\"\"\"")
                                 << QString::fromUcs4(U"\U0001F600");
    QTest::newRow("trailing quote run") << R"("""a"""")"
                                        << "a";
}

void TestGraphqlParser::blockStrings() {
    QFETCH(QString, source);
    QFETCH(QString, decoded);
    const auto result = parseValue(source);
    if (QTest::currentDataTag() == QByteArray("trailing quote run")) {
        // `"""a""""`: the block string ends at the first `"""`; the last quote opens an
        // unterminated string, exactly as in graphql-js.
        QVERIFY(std::holds_alternative<ParseError>(result));
        QCOMPARE(std::get<ParseError>(result).message, QStringLiteral("Syntax Error: Unterminated string."));
        QCOMPARE(std::get<ParseError>(result).location, (SourceLocation{1, 9}));
        return;
    }
    QVERIFY2(std::holds_alternative<Value>(result), qPrintable(errorText(result)));
    QCOMPARE(std::get<Value>(result).kind, Value::Kind::String);
    QCOMPARE(std::get<Value>(result).text, decoded);
    QVERIFY(!std::get<Value>(result).text.isNull());
}

void TestGraphqlParser::compoundValues() {
    const auto result = parseValue(uR"({a: [1, "two", {b: null}, [], [$v]], c: {}, a: ENUM})");
    QVERIFY2(std::holds_alternative<Value>(result), qPrintable(errorText(result)));
    const Value &object = std::get<Value>(result);
    QCOMPARE(object.kind, Value::Kind::Object);
    // Source order and duplicates are preserved (duplicate names are a validation concern).
    QCOMPARE(object.fields.size(), std::size_t(3));
    QCOMPARE(object.fields[0].first, QStringLiteral("a"));
    QCOMPARE(object.fields[1].first, QStringLiteral("c"));
    QCOMPARE(object.fields[2].first, QStringLiteral("a"));
    QCOMPARE(object.fields[2].second.kind, Value::Kind::Enum);

    const Value &list = object.fields[0].second;
    QCOMPARE(list.kind, Value::Kind::List);
    QCOMPARE(list.list.size(), std::size_t(5));
    QCOMPARE(list.list[0].kind, Value::Kind::Int);
    QCOMPARE(list.list[1].text, QStringLiteral("two"));
    QCOMPARE(list.list[2].kind, Value::Kind::Object);
    QCOMPARE(list.list[2].fields.at(0).first, QStringLiteral("b"));
    QCOMPARE(list.list[2].fields.at(0).second.kind, Value::Kind::Null);
    QCOMPARE(list.list[3].kind, Value::Kind::List);
    QVERIFY(list.list[3].list.empty());
    QCOMPARE(list.list[4].list.at(0).kind, Value::Kind::Variable);
    QCOMPARE(list.list[4].list.at(0).text, QStringLiteral("v"));
    QCOMPARE(object.fields[1].second.kind, Value::Kind::Object);
    QVERIFY(object.fields[1].second.fields.empty());

    QCOMPARE(object.location, (SourceLocation{1, 1}));
    QCOMPARE(list.location, (SourceLocation{1, 5}));
    QCOMPARE(list.list[1].location, (SourceLocation{1, 9}));
    QCOMPARE(list.list[2].location, (SourceLocation{1, 16}));
    QCOMPARE(list.list[2].fields[0].second.location, (SourceLocation{1, 20}));
    QCOMPARE(list.list[4].location, (SourceLocation{1, 31}));
    QCOMPARE(list.list[4].list[0].location, (SourceLocation{1, 32}));
}

void TestGraphqlParser::ignoredTokens() {
    // BOM (anywhere), tabs, commas, comments with odd content, all three line terminators.
    QString source = QStringLiteral("\uFEFF#!comment with \" and { and \u00e9 and ") +
                     QString::fromUcs4(U"\U0001F600") +
                     QStringLiteral("\r\n\tquery\t,Q,\r{\uFEFFa # } not a brace\n,,b\r\n}#end");
    PARSE_OK(document, source);
    QCOMPARE(printDocument(document), QStringLiteral("query Q { a b }"));
    const OperationDefinition &op = document.operations.at(0);
    QCOMPARE(op.location, (SourceLocation{2, 2}));
    QCOMPARE(op.selectionSet.at(0).location, (SourceLocation{3, 3}));
    QCOMPARE(op.selectionSet.at(1).location, (SourceLocation{4, 3}));

    // Only comments and whitespace: still an empty document.
    const auto empty = parseDocument(u"# nothing here\n\r\n , ");
    QVERIFY(std::holds_alternative<ParseError>(empty));
    QCOMPARE(std::get<ParseError>(empty).message, QStringLiteral("Syntax Error: Unexpected <EOF>."));
    QCOMPARE(std::get<ParseError>(empty).location, (SourceLocation{3, 4}));
}

void TestGraphqlParser::locations() {
    const QString source = QStringLiteral("query Q($id: ID = \"x\", $n: [Int!]! = [1, 2]) @op(a: 1) {\n"
                                          "  alias: field(arg: {k: [1, $id]}) @skip(if: false) {\n"
                                          "    ...Frag @d\n"
                                          "    ... on T { x }\n"
                                          "  }\n"
                                          "}\n"
                                          "fragment Frag on T { y }\n");
    PARSE_OK(document, source);
    const OperationDefinition &op = document.operations.at(0);
    QCOMPARE(op.location, (SourceLocation{1, 1}));
    QCOMPARE(op.variables.at(0).location, (SourceLocation{1, 9}));
    QCOMPARE(op.variables.at(0).defaultValue->location, (SourceLocation{1, 19}));
    QCOMPARE(op.variables.at(1).location, (SourceLocation{1, 24}));
    QCOMPARE(op.variables.at(1).defaultValue->location, (SourceLocation{1, 38}));
    QCOMPARE(op.variables.at(1).defaultValue->list.at(0).location, (SourceLocation{1, 39}));
    QCOMPARE(op.variables.at(1).defaultValue->list.at(1).location, (SourceLocation{1, 42}));
    QCOMPARE(op.directives.at(0).location, (SourceLocation{1, 46}));
    QCOMPARE(op.directives.at(0).arguments.at(0).location, (SourceLocation{1, 50}));
    QCOMPARE(op.directives.at(0).arguments.at(0).value.location, (SourceLocation{1, 53}));

    const Selection &field = op.selectionSet.at(0);
    QCOMPARE(field.location, (SourceLocation{2, 3})); // the alias, i.e. the field's first token
    const Argument &arg = field.arguments.at(0);
    QCOMPARE(arg.location, (SourceLocation{2, 16}));
    QCOMPARE(arg.value.location, (SourceLocation{2, 21}));
    const Value &k = arg.value.fields.at(0).second;
    QCOMPARE(k.location, (SourceLocation{2, 25}));
    QCOMPARE(k.list.at(0).location, (SourceLocation{2, 26}));
    QCOMPARE(k.list.at(1).location, (SourceLocation{2, 29})); // the '$'
    QCOMPARE(field.directives.at(0).location, (SourceLocation{2, 36}));
    QCOMPARE(field.directives.at(0).arguments.at(0).location, (SourceLocation{2, 42}));
    QCOMPARE(field.directives.at(0).arguments.at(0).value.location, (SourceLocation{2, 46}));

    const Selection &spread = field.selectionSet.at(0);
    QCOMPARE(spread.location, (SourceLocation{3, 5}));
    QCOMPARE(spread.directives.at(0).location, (SourceLocation{3, 13}));
    const Selection &inlineFragment = field.selectionSet.at(1);
    QCOMPARE(inlineFragment.location, (SourceLocation{4, 5}));
    QCOMPARE(inlineFragment.selectionSet.at(0).location, (SourceLocation{4, 16}));

    const FragmentDefinition &fragment = document.fragments.at(0);
    QCOMPARE(fragment.location, (SourceLocation{7, 1}));
    QCOMPARE(fragment.selectionSet.at(0).location, (SourceLocation{7, 22}));

    // Shorthand operations start at their brace; multi-line block strings move the line count on.
    PARSE_OK(second, QStringLiteral("  { a(s: \"\"\"x\n  y\r\n  z\"\"\") b }"));
    QCOMPARE(second.operations.at(0).location, (SourceLocation{1, 3}));
    QCOMPARE(second.operations[0].selectionSet.at(0).arguments.at(0).value.location, (SourceLocation{1, 10}));
    QCOMPARE(second.operations[0].selectionSet.at(1).location, (SourceLocation{3, 9}));

    // Columns count UTF-16 code units (as graphql-js does): an emoji in a string takes two.
    PARSE_OK(third, QString::fromUcs4(U"{ a(s: \"\U0001F600\") b }"));
    QCOMPARE(third.operations.at(0).selectionSet.at(1).location, (SourceLocation{1, 14}));
}

void TestGraphqlParser::lineTerminators_data() {
    QTest::addColumn<QString>("terminator");
    QTest::newRow("LF") << "\n";
    QTest::newRow("CRLF") << "\r\n";
    QTest::newRow("CR") << "\r";
}

void TestGraphqlParser::lineTerminators() {
    QFETCH(QString, terminator);
    const QString source = QStringLiteral("{") + terminator + QStringLiteral("  a") + terminator +
                           terminator + QStringLiteral("   b # c") + terminator + QStringLiteral("}");
    PARSE_OK(document, source);
    QCOMPARE(document.operations.at(0).selectionSet.at(0).location, (SourceLocation{2, 3}));
    QCOMPARE(document.operations.at(0).selectionSet.at(1).location, (SourceLocation{4, 4}));

    // Errors are located with the same line counting.
    const auto error = parseDocument(QString(source + terminator + QStringLiteral("  %")));
    QVERIFY(std::holds_alternative<ParseError>(error));
    QCOMPARE(std::get<ParseError>(error).location, (SourceLocation{6, 3}));

    // "\n\r" is two line breaks, "\r\n" one (graphql-js "tracks line breaks").
    PARSE_OK(mixed, QStringLiteral("\n\r{ a }\r\r\n\n{ b }"));
    QCOMPARE(mixed.operations.at(0).location, (SourceLocation{3, 1}));
    QCOMPARE(mixed.operations.at(1).location, (SourceLocation{6, 1}));
}

void TestGraphqlParser::syntaxErrors_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    auto row = [](const char *name, const QString &source, const char *message, int line, int column) {
        QTest::newRow(name) << source
                            << QString(QStringLiteral("Syntax Error: ") + QString::fromUtf8(message)) << line
                            << column;
    };
    const QString lone = QString(QChar(0xDEAD));

    // Parser errors (messages and positions from graphql-js 16's parser tests where they exist).
    row("empty", QString(), "Unexpected <EOF>.", 1, 1);
    row("whitespace only", QStringLiteral("   \n  "), "Unexpected <EOF>.", 2, 3);
    row("open brace", QStringLiteral("{"), "Expected Name, found <EOF>.", 1, 2);
    row("object as field", QStringLiteral("{ field: {} }"), "Expected Name, found \"{\".", 1, 10);
    row("not an operation", QStringLiteral("notAnOperation Foo { field }"),
        "Unexpected Name \"notAnOperation\".", 1, 1);
    row("spread at top", QStringLiteral("..."), "Unexpected \"...\".", 1, 1);
    row("string as field", QStringLiteral("{ \"\""), "Expected Name, found String \"\".", 1, 3);
    row("query keyword only", QStringLiteral("query"), "Expected \"{\", found <EOF>.", 1, 6);
    row("subscription keyword only", QStringLiteral("subscription"), "Expected \"{\", found <EOF>.", 1, 13);
    row("missing on", QStringLiteral("\n      { ...MissingOn }\n      fragment MissingOn Type\n"),
        "Expected \"on\", found Name \"Type\".", 3, 26);
    row("variable in default", QStringLiteral("query Foo($x: Complex = { a: { b: [ $var ] } }) { field }"),
        "Unexpected variable \"$var\" in constant value.", 1, 37);
    row("variable default", QStringLiteral("query Q($a: Int = $b) { c }"),
        "Unexpected variable \"$b\" in constant value.", 1, 19);
    row("dollar default", QStringLiteral("query Q($a: Int = $) { c }"), "Unexpected \"$\".", 1, 19);
    row("fragment named on", QStringLiteral("fragment on on on { on }"), "Unexpected Name \"on\".", 1, 10);
    row("fragment named string on", QStringLiteral("fragment \"on\" on T { a }"), "Unexpected String \"on\".",
        1, 10);
    row("spread of on", QStringLiteral("{ ...on }"), "Expected Name, found \"}\".", 1, 9);
    row("empty selection set", QStringLiteral("{}"), "Expected Name, found \"}\".", 1, 2);
    row("nested empty selection", QStringLiteral("{ a {} }"), "Expected Name, found \"}\".", 1, 6);
    row("extra brace", QStringLiteral("{ a }}"), "Unexpected \"}\".", 1, 6);
    row("missing argument value", QStringLiteral("{ a(b: ) }"), "Unexpected \")\".", 1, 8);
    row("empty arguments", QStringLiteral("{ a() }"), "Expected Name, found \")\".", 1, 5);
    row("missing argument colon", QStringLiteral("{ a(b 1) }"), "Expected \":\", found Int \"1\".", 1, 7);
    row("unclosed arguments", QStringLiteral("{ a(b: \"x\" }"), "Expected Name, found \"}\".", 1, 12);
    row("missing variable type", QStringLiteral("query Q($a) { b }"), "Expected \":\", found \")\".", 1, 11);
    row("variable without dollar", QStringLiteral("query Q(a: Int) { b }"),
        "Expected \"$\", found Name \"a\".", 1, 9);
    row("empty variables", QStringLiteral("query Q() { b }"), "Expected \"$\", found \")\".", 1, 9);
    row("unclosed list type", QStringLiteral("query Q($a: [Int) { b }"), "Expected \"]\", found \")\".", 1,
        17);
    row("double bang", QStringLiteral("query Q($a: Int!!) { b }"), "Expected \"$\", found \"!\".", 1, 17);
    row("directive without name", QStringLiteral("{ a @ }"), "Expected Name, found \"}\".", 1, 7);
    row("object field without colon", QStringLiteral("{ a(b: {c 1}) }"), "Expected \":\", found Int \"1\".",
        1, 11);
    row("unclosed list", QStringLiteral("{ a(b: [1 2) }"), "Unexpected \")\".", 1, 12);
    row("unclosed object in list", QStringLiteral("{ a(b: [}) }"), "Unexpected \"}\".", 1, 9);
    row("amp value", QStringLiteral("{ a(b: &) }"), "Unexpected \"&\".", 1, 8);
    row("description on query", QStringLiteral("\"Description\" query Foo { field }"),
        "Unexpected description, descriptions are supported only on type definitions.", 1, 1);
    row("description on fragment", QStringLiteral("\n  \"\"\"Desc\"\"\"\n  fragment F on T { a }"),
        "Unexpected description, descriptions are supported only on type definitions.", 2, 3);
    row("description then int", QStringLiteral("\"Description\" 1"), "Unexpected Int \"1\".", 1, 15);
    row("description then brace", QStringLiteral("\"d\" { a }"), "Unexpected \"{\".", 1, 5);
    row("fragment without on", QStringLiteral("fragment F { a }"), "Expected \"on\", found \"{\".", 1, 12);
    row("fragment without type", QStringLiteral("fragment F on { a }"), "Expected Name, found \"{\".", 1, 15);
    row("fragment without selection", QStringLiteral("fragment F on T"), "Expected \"{\", found <EOF>.", 1,
        16);
    row("inline on without type", QStringLiteral("{ ... on { a } }"), "Expected Name, found \"{\".", 1, 10);
    row("inline without selection", QStringLiteral("{ ... @d }"), "Expected \"{\", found \"}\".", 1, 10);
    row("alias without name", QStringLiteral("{ a: }"), "Expected Name, found \"}\".", 1, 6);
    row("double alias", QStringLiteral("{ a: b: c }"), "Expected Name, found \":\".", 1, 7);
    row("pipe in selection", QStringLiteral("{ a | b }"), "Expected Name, found \"|\".", 1, 5);
    row("trailing fragment keyword", QStringLiteral("{ a } fragment"), "Expected Name, found <EOF>.", 1, 15);
    row("trailing query name", QStringLiteral("{ a } query Q"), "Expected \"{\", found <EOF>.", 1, 14);
    row("trailing garbage", QStringLiteral("query Q { a } garbage"), "Unexpected Name \"garbage\".", 1, 15);
    row("trailing int", QStringLiteral("{ a } 1"), "Unexpected Int \"1\".", 1, 7);
    // A string there is taken as a description, so the next token is the unexpected one.
    row("trailing block string", QStringLiteral("{ a } \"\"\"\n  x\n  \"\"\""), "Unexpected <EOF>.", 3, 6);
    row("unclosed selection", QStringLiteral("query Q {\n  a {\n    b\n  }\n"), "Expected Name, found <EOF>.",
        5, 1);
    row("extend alone", QStringLiteral("extend"), "Unexpected <EOF>.", 1, 7);
    row("extend query", QStringLiteral("extend query"), "Unexpected Name \"query\".", 1, 8);
    row("extend type empty", QStringLiteral("extend type X"), "Unexpected <EOF>.", 1, 14);
    row("extend schema bad operation", QStringLiteral("extend schema { a }"), "Unexpected Name \"a\".", 1,
        17);
    row("reserved enum value", QStringLiteral("enum Test { VALID, true }"),
        "Name \"true\" is reserved and cannot be used for an enum value.", 1, 20);
    row("reserved enum null", QStringLiteral("enum Test { null }"),
        "Name \"null\" is reserved and cannot be used for an enum value.", 1, 13);
    row("bad directive location", QStringLiteral("directive @d on FIELD | BOGUS"),
        "Unexpected Name \"BOGUS\".", 1, 25);
    row("empty type fields", QStringLiteral("type X {}"), "Expected Name, found \"}\".", 1, 9);
    row("schema bad operation", QStringLiteral("schema { foo: Q }"), "Unexpected Name \"foo\".", 1, 10);
    row("sdl error beats not-executable", QStringLiteral("type Foo { a: Int }\n{ b"),
        "Expected Name, found <EOF>.", 2, 4);
    row("variable in sdl default", QStringLiteral("input I { a: Int = $x }"),
        "Unexpected variable \"$x\" in constant value.", 1, 20);

    // Lexer errors (graphql-js 16's lexer tests), inside documents.
    row("unexpected character", QStringLiteral("{ a % }"), "Unexpected character: \"%\".", 1, 5);
    row("question mark", QStringLiteral("{ a? }"), "Unexpected character: \"?\".", 1, 4);
    row("tilde on later line", QStringLiteral("\n\n ~\n"), "Unexpected character: \"~\".", 3, 2);
    row("single quotes", QStringLiteral("{ a(b: 'x') }"),
        "Unexpected single quote character ('), did you mean to use a double quote (\")?", 1, 8);
    row("lone dot", QStringLiteral("{ a(b: .5) }"), "Unexpected character: \".\".", 1, 8);
    row("two dots", QStringLiteral("{ ..a }"), "Unexpected character: \".\".", 1, 3);
    row("plus sign", QStringLiteral("{ a(b: +1) }"), "Unexpected character: \"+\".", 1, 8);
    row("non-ascii letter", QStringLiteral("{ a \u00e9 }"), "Unexpected character: U+00E9.", 1, 5);
    row("name with non-ascii", QStringLiteral("{ caf\u00e9 }"), "Unexpected character: U+00E9.", 1, 6);
    row("emoji", QString::fromUcs4(U"{ a \U0001F600 }"), "Unexpected character: U+1F600.", 1, 5);
    row("lone surrogate", QStringLiteral("{ a ") + lone + QStringLiteral(" }"), "Invalid character: U+DEAD.",
        1, 5);
    row("nul", QStringLiteral("{ a") + QChar(0) + QStringLiteral(" }"), "Unexpected character: U+0000.", 1,
        4);
    row("control character", QStringLiteral("\u0007"), "Unexpected character: U+0007.", 1, 1);
    row("surrogate in comment", QStringLiteral("# Invalid surrogate ") + lone, "Invalid character: U+DEAD.",
        1, 21);
    row("dash in name", QStringLiteral("{ a-b }"), "Invalid number, expected digit but got: \"b\".", 1, 5);
    row("unterminated string", QStringLiteral("{ a(b: \"abc) }"), "Unterminated string.", 1, 15);
    row("lone quote", QStringLiteral("\""), "Unterminated string.", 1, 2);
    row("string with newline", QStringLiteral("{ a(b: \"ab\ncd\") }"), "Unterminated string.", 1, 11);
    row("string with CR", QStringLiteral("{ a(b: \"ab\rcd\") }"), "Unterminated string.", 1, 11);
    row("surrogate in string", QStringLiteral("{ a(b: \"x") + lone + QStringLiteral("y\") }"),
        "Invalid character within String: U+DEAD.", 1, 10);
    row("reversed pair in string",
        QStringLiteral("\"bad low surrogate pair ") + QChar(0xD800) + QChar(0xD800) + QLatin1Char('"'),
        "Invalid character within String: U+D800.", 1, 25);
    row("bad escape", QStringLiteral(R"({ a(b: "bad \z esc") })"),
        "Invalid character escape sequence: \"\\z\".", 1, 13);
    row("bad escape x", QStringLiteral(R"("bad \x esc")"), "Invalid character escape sequence: \"\\x\".", 1,
        6);
    row("short unicode", QStringLiteral(R"("bad \u1 esc")"), "Invalid Unicode escape sequence: \"\\u1 es\".",
        1, 6);
    row("bad unicode", QStringLiteral(R"("bad \u0XX1 esc")"), "Invalid Unicode escape sequence: \"\\u0XX1\".",
        1, 6);
    row("unicode at end", QStringLiteral(R"("\u12)"), "Invalid Unicode escape sequence: \"\\u12\".", 1, 2);
    row("empty braces", QStringLiteral(R"("bad \u{} esc")"), "Invalid Unicode escape sequence: \"\\u{}\".", 1,
        6);
    row("bad braced digit", QStringLiteral(R"("bad \u{FXXX} esc")"),
        "Invalid Unicode escape sequence: \"\\u{FX\".", 1, 6);
    row("unclosed braces", QStringLiteral(R"("bad \u{FFFF esc")"),
        "Invalid Unicode escape sequence: \"\\u{FFFF \".", 1, 6);
    row("unclosed braces at quote", QStringLiteral(R"("bad \u{FFFF")"),
        "Invalid Unicode escape sequence: \"\\u{FFFF\"\".", 1, 6);
    row("too high", QStringLiteral(R"("too high \u{110000} esc")"),
        "Invalid Unicode escape sequence: \"\\u{110000}\".", 1, 11);
    row("way too high", QStringLiteral(R"("way too high \u{12345678} esc")"),
        "Invalid Unicode escape sequence: \"\\u{12345678}\".", 1, 15);
    row("negative as int32", QStringLiteral(R"("\u{FFFFFFFF}")"),
        "Invalid Unicode escape sequence: \"\\u{FFFFFFFF\".", 1, 2);
    row("too long", QStringLiteral(R"("too long \u{000000000} esc")"),
        "Invalid Unicode escape sequence: \"\\u{000000000\".", 1, 11);
    row("escaped lone surrogate", QStringLiteral(R"("bad surrogate \uDEAD esc")"),
        "Invalid Unicode escape sequence: \"\\uDEAD\".", 1, 16);
    row("braced surrogate", QStringLiteral(R"("bad surrogate \u{DEAD} esc")"),
        "Invalid Unicode escape sequence: \"\\u{DEAD}\".", 1, 16);
    row("braced pair", QStringLiteral(R"("cannot use braces for surrogate pair \u{D83D}\u{DE00} esc")"),
        "Invalid Unicode escape sequence: \"\\u{D83D}\".", 1, 39);
    row("two high surrogates", QStringLiteral(R"("bad high surrogate pair \uDEAD\uDEAD esc")"),
        "Invalid Unicode escape sequence: \"\\uDEAD\".", 1, 26);
    row("two low surrogates", QStringLiteral(R"("bad low surrogate pair \uD800\uD800 esc")"),
        "Invalid Unicode escape sequence: \"\\uD800\".", 1, 25);
    row("half escaped pair",
        QStringLiteral(R"("cannot escape half a pair \uD83D)") + QChar(0xDE00) + QStringLiteral(" esc\""),
        "Invalid Unicode escape sequence: \"\\uD83D\".", 1, 28);
    row("raw half then escape",
        QStringLiteral("\"cannot escape half a pair ") + QChar(0xD83D) + R"(\uDE00 esc")",
        "Invalid character within String: U+D83D.", 1, 28);
    row("high surrogate then other escape", QStringLiteral(R"("bad \uD83D\not an escape")"),
        "Invalid Unicode escape sequence: \"\\uD83D\".", 1, 6);
    row("unterminated block string", QStringLiteral("{ a(b: \"\"\"abc) }"), "Unterminated string.", 1, 17);
    row("block string quotes only", QStringLiteral("\"\"\""), "Unterminated string.", 1, 4);
    row("four quotes", QStringLiteral("\"\"\"\""), "Unterminated string.", 1, 5);
    row("unterminated multi-line block", QStringLiteral("{ a(b: \"\"\"x\r\n\n  y"), "Unterminated string.", 3,
        4);
    row("surrogate in block string",
        QStringLiteral("\"\"\"contains invalid surrogate ") + lone + QStringLiteral("\"\"\""),
        "Invalid character within String: U+DEAD.", 1, 31);
    row("surrogate in block string line 2", QStringLiteral("\"\"\"a\n  b ") + lone + QStringLiteral("\"\"\""),
        "Invalid character within String: U+DEAD.", 2, 5);
    row("zero then digit", QStringLiteral("{ a(b: 01) }"), "Invalid number, unexpected digit after 0: \"1\".",
        1, 9);
    row("double zero", QStringLiteral("00"), "Invalid number, unexpected digit after 0: \"0\".", 1, 2);
    row("trailing dot", QStringLiteral("{ a(b: 1.) }"), "Invalid number, expected digit but got: \")\".", 1,
        10);
    row("dot at end", QStringLiteral("1."), "Invalid number, expected digit but got: <EOF>.", 1, 3);
    row("trailing e", QStringLiteral("{ a(b: 1e) }"), "Invalid number, expected digit but got: \")\".", 1,
        10);
    row("dot e", QStringLiteral("1.e1"), "Invalid number, expected digit but got: \"e\".", 1, 3);
    row("letter after number", QStringLiteral("{ a(b: 123abc) }"),
        "Invalid number, expected digit but got: \"a\".", 1, 11);
    row("hex", QStringLiteral("0xF1"), "Invalid number, expected digit but got: \"x\".", 1, 2);
    row("underscore", QStringLiteral("1_234"), "Invalid number, expected digit but got: \"_\".", 1, 2);
    row("bare minus", QStringLiteral("{ a(b: -) }"), "Invalid number, expected digit but got: \")\".", 1, 9);
    row("minus letter", QStringLiteral("-A"), "Invalid number, expected digit but got: \"A\".", 1, 2);
    row("two dots in number", QStringLiteral("{ a(b: 1.2.3) }"),
        "Invalid number, expected digit but got: \".\".", 1, 11);
    row("exponent then dot", QStringLiteral("1.2e3.4"), "Invalid number, expected digit but got: \".\".", 1,
        6);
    row("exponent then quote", QStringLiteral("1.0e\""), "Invalid number, expected digit but got: '\"'.", 1,
        5);
    row("float suffix", QStringLiteral("1.23f"), "Invalid number, expected digit but got: \"f\".", 1, 5);
    row("non-ascii after number", QStringLiteral("{ a(b: 1\u00DF) }"), "Unexpected character: U+00DF.", 1, 9);
    // At top level the Int itself is already unexpected, before the character after it is read.
    row("int at top level", QStringLiteral("1\u00DF"), "Unexpected Int \"1\".", 1, 1);
}

void TestGraphqlParser::syntaxErrors() {
    QFETCH(QString, source);
    QFETCH(QString, message);
    QFETCH(int, line);
    QFETCH(int, column);

    const auto result = parseDocument(source);
    QVERIFY2(std::holds_alternative<ParseError>(result), "parsed although it should not");
    const ParseError &error = std::get<ParseError>(result);
    QCOMPARE(error.message, message);
    QCOMPARE(error.location, (SourceLocation{line, column}));
}

void TestGraphqlParser::valueErrors_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    QTest::newRow("empty") << ""
                           << "Syntax Error: Unexpected <EOF>." << 1 << 1;
    QTest::newRow("two values") << "1 2"
                                << "Syntax Error: Expected <EOF>, found Int \"2\"." << 1 << 3;
    QTest::newRow("unclosed list") << "[1,"
                                   << "Syntax Error: Unexpected <EOF>." << 1 << 4;
    QTest::newRow("unclosed object") << "{a: 1"
                                     << "Syntax Error: Expected Name, found <EOF>." << 1 << 6;
    QTest::newRow("object without value") << "{a:}"
                                          << "Syntax Error: Unexpected \"}\"." << 1 << 4;
    QTest::newRow("bare dollar") << "$"
                                 << "Syntax Error: Expected Name, found <EOF>." << 1 << 2;
    QTest::newRow("dollar string") << "$\"x\""
                                   << "Syntax Error: Expected Name, found String \"x\"." << 1 << 2;
    QTest::newRow("unterminated") << "\"abc"
                                  << "Syntax Error: Unterminated string." << 1 << 5;
    QTest::newRow("punctuator") << "!"
                                << "Syntax Error: Unexpected \"!\"." << 1 << 1;
    QTest::newRow("spread") << "[...]"
                            << "Syntax Error: Unexpected \"...\"." << 1 << 2;
    QTest::newRow("trailing name") << "[] x"
                                   << "Syntax Error: Expected <EOF>, found Name \"x\"." << 1 << 4;
}

void TestGraphqlParser::valueErrors() {
    QFETCH(QString, source);
    QFETCH(QString, message);
    QFETCH(int, line);
    QFETCH(int, column);

    const auto result = parseValue(source);
    QVERIFY2(std::holds_alternative<ParseError>(result), "parsed although it should not");
    QCOMPARE(std::get<ParseError>(result).message, message);
    QCOMPARE(std::get<ParseError>(result).location, (SourceLocation{line, column}));
}

void TestGraphqlParser::nonExecutableDefinitions_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    auto row = [](const char *name, const char *source, const char *definition, int line, int column) {
        const QString what =
            definition ? QStringLiteral("'%1'").arg(QString::fromUtf8(definition)) : QStringLiteral("schema");
        QTest::newRow(name) << QString::fromUtf8(source)
                            << QStringLiteral("The %1 definition is not executable.").arg(what) << line
                            << column;
    };
    row("object type", "type Foo { a: Int }", "Foo", 1, 1);
    row("after an operation", "{ a }\n\ntype Foo { a: Int }", "Foo", 3, 1);
    row("object type full",
        "type Foo implements & A & B @d(x: 1) {\n  \"desc\" f(a: [Int!] = [1] @x, b: In = {c: null}): [Foo]! "
        "@y\n}",
        "Foo", 1, 1);
    row("no fields", "type Foo", "Foo", 1, 1);
    row("interface", "\"\"\"desc\"\"\"\ninterface I implements J @d { f(a: Int = 1 @x): [I!]! }", "I", 1, 1);
    row("scalar", "scalar Date @specifiedBy(url: \"x\")", "Date", 1, 1);
    row("union", "union U @d = | A | B", "U", 1, 1);
    row("enum", "enum E { A \"d\" B @deprecated(reason: \"x\") }", "E", 1, 1);
    row("input", "input In { a: Int = 3, b: [String!] = [\"x\"] @d }", "In", 1, 1);
    row("directive", "directive @auth(role: String = \"admin\") repeatable on FIELD_DEFINITION | OBJECT",
        "auth", 1, 1);
    row("directive leading pipe", "directive @d on | QUERY | MUTATION", "d", 1, 1);
    row("schema", "schema @d { query: Q mutation: M subscription: S }", nullptr, 1, 1);
    row("described schema", "  \"d\" schema { query: Q }", nullptr, 1, 3);
    row("extend schema", "extend schema @d", nullptr, 1, 1);
    row("extend schema operations", "extend schema { subscription: S }", nullptr, 1, 1);
    row("extend type", "{ a }\nextend type Foo @d", "Foo", 2, 1);
    row("extend type fields", "extend type Foo { b: Int }", "Foo", 1, 1);
    row("extend interface", "extend interface I implements J", "I", 1, 1);
    row("extend union", "extend union U = C", "U", 1, 1);
    row("extend enum", "extend enum E { C }", "E", 1, 1);
    row("extend input", "extend input In { c: Int }", "In", 1, 1);
    row("extend scalar", "extend scalar S @d", "S", 1, 1);
    row("first one reported", "query { a } type A { a: Int } type B { b: Int }", "A", 1, 13);
}

void TestGraphqlParser::nonExecutableDefinitions() {
    QFETCH(QString, source);
    QFETCH(QString, message);
    QFETCH(int, line);
    QFETCH(int, column);

    const auto result = parseDocument(source);
    QVERIFY2(std::holds_alternative<ParseError>(result), "parsed although it should not");
    QCOMPARE(std::get<ParseError>(result).message, message);
    QCOMPARE(std::get<ParseError>(result).location, (SourceLocation{line, column}));
}

void TestGraphqlParser::depthLimit_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("isValue");
    QTest::addColumn<int>("errorColumn"); // 0: must parse

    // Builder expressions must become a QString before they are streamed into a QString column.
    auto row = [](const char *name, const QString &source, bool isValue, int errorColumn) {
        QTest::newRow(name) << source << isValue << errorColumn;
    };
    const int max = kMaxParseDepth;
    row("selections at limit", repeated(u"{a", max) + repeated(u"}", max), false, 0);
    row("selections over limit", repeated(u"{a", max + 1) + repeated(u"}", max + 1), false, 2 * max + 1);
    row("lists at limit", repeated(u"[", max) + repeated(u"]", max), true, 0);
    row("lists over limit", repeated(u"[", max + 1) + repeated(u"]", max + 1), true, max + 1);
    row("objects at limit", repeated(u"{a:", max) + QStringLiteral("1") + repeated(u"}", max), true, 0);
    row("objects over limit", repeated(u"{a:", max + 1) + QStringLiteral("1") + repeated(u"}", max + 1), true,
        3 * max + 1);
    row("list types at limit",
        QStringLiteral("query Q($v: ") + repeated(u"[", max) + QStringLiteral("Int") + repeated(u"]", max) +
            QStringLiteral(") { a }"),
        false, 0);
    row("list types over limit",
        QStringLiteral("query Q($v: ") + repeated(u"[", max + 1) + QStringLiteral("Int") +
            repeated(u"]", max + 1) + QStringLiteral(") { a }"),
        false, 13 + max);
    // Levels add up across kinds: one selection set + (max - 1) lists is fine, one more is not.
    row("mixed at limit",
        QStringLiteral("{ a(b: ") + repeated(u"[", max - 1) + repeated(u"]", max - 1) + QStringLiteral(") }"),
        false, 0);
    row("mixed over limit",
        QStringLiteral("{ a(b: ") + repeated(u"[", max) + repeated(u"]", max) + QStringLiteral(") }"), false,
        8 + max - 1);
    row("unbalanced huge", repeated(u"{a", 100000), false, 2 * max + 1);
    row("unbalanced huge list", repeated(u"[", 100000), true, max + 1);
}

void TestGraphqlParser::depthLimit() {
    QFETCH(QString, source);
    QFETCH(bool, isValue);
    QFETCH(int, errorColumn);

    std::optional<ParseError> error;
    if (isValue) {
        auto result = parseValue(source);
        if (auto *e = std::get_if<ParseError>(&result))
            error = *e;
    } else {
        auto result = parseDocument(source);
        if (auto *e = std::get_if<ParseError>(&result))
            error = *e;
    }
    if (errorColumn == 0) {
        QVERIFY2(!error, error ? qPrintable(error->message) : "");
        return;
    }
    QVERIFY(error);
    QCOMPARE(error->message,
             QStringLiteral("Syntax Error: Document exceeds the maximum nesting depth of 200."));
    QCOMPARE(error->location, (SourceLocation{1, errorColumn}));
}

void TestGraphqlParser::hostileInput() {
    QElapsedTimer timer;
    timer.start();

    // A long flat document: one selection set with 200k fields (about 1.2 MB).
    const QString flat = QStringLiteral("{") + repeated(u" field", 200000) + QStringLiteral(" }");
    {
        PARSE_OK(document, flat);
        QCOMPARE(document.operations.at(0).selectionSet.size(), std::size_t(200000));
    }
    // Many small operations and arguments.
    const QString many = repeated(u"query { a(x: [1, 2.5, \"s\", {k: V}]) @d }\n", 20000);
    {
        PARSE_OK(document, many);
        QCOMPARE(document.operations.size(), std::size_t(20000));
        QCOMPARE(document.operations.back().location.line, 20000);
    }
    // An unterminated 1M-character string, a huge comment, a huge name.
    {
        const auto result = parseDocument(QString(QStringLiteral("{ a(b: \"") + repeated(u"x", 1000000)));
        QVERIFY(std::holds_alternative<ParseError>(result));
        QCOMPARE(std::get<ParseError>(result).message, QStringLiteral("Syntax Error: Unterminated string."));
        QCOMPARE(std::get<ParseError>(result).location, (SourceLocation{1, 1000009}));
    }
    {
        PARSE_OK(document, QStringLiteral("#") + repeated(u"#{[", 300000) + QStringLiteral("\n{ a }"));
        QCOMPARE(document.operations.at(0).location, (SourceLocation{2, 1}));
    }
    {
        const QString name = repeated(u"n", 1000000);
        PARSE_OK(document, QStringLiteral("{ ") + name + QStringLiteral(" }"));
        QCOMPARE(document.operations.at(0).selectionSet.at(0).name, name);
    }
    // Many lines before an error: the location is still exact.
    {
        const auto result = parseDocument(QString(repeated(u"\n", 500000) + QStringLiteral("  }")));
        QVERIFY(std::holds_alternative<ParseError>(result));
        QCOMPARE(std::get<ParseError>(result).location, (SourceLocation{500001, 3}));
    }
    // Very long block string with many lines.
    {
        const auto result = parseValue(
            QString(QStringLiteral("\"\"\"") + repeated(u"\n    line", 100000) + QStringLiteral("\"\"\"")));
        QVERIFY2(std::holds_alternative<Value>(result), qPrintable(errorText(result)));
        QCOMPARE(std::get<Value>(result).text.size(), qsizetype(100000 * 5 - 1));
    }
    qInfo("hostile inputs (several MB in total) parsed in %lld ms", qlonglong(timer.elapsed()));
}

// The nesting limit bounds recursion: the deepest accepted inputs, and a hostile one, parse fine on a
// thread with a small (512 KiB) stack, even in sanitizer builds.
void TestGraphqlParser::boundedStack() {
    const int max = kMaxParseDepth;
    const QString selections = repeated(u"{a(x: 1) @d ", max) + repeated(u"}", max);
    const QString values = QStringLiteral("{ a(b: ") + repeated(u"{c: [", (max - 1) / 2) +
                           QStringLiteral("1") + repeated(u"]}", (max - 1) / 2) + QStringLiteral(") }");
    const QString hostile = repeated(u"{a ... on T @d(x: [{y: ", 100000);
    bool selectionsOk = false;
    bool valuesOk = false;
    bool hostileRejected = false;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        selectionsOk = std::holds_alternative<Document>(parseDocument(selections));
        valuesOk = std::holds_alternative<Document>(parseDocument(values));
        hostileRejected = std::holds_alternative<ParseError>(parseDocument(hostile));
    }));
    thread->setStackSize(512 * 1024);
    thread->start();
    QVERIFY(thread->wait(60000));
    QVERIFY(selectionsOk);
    QVERIFY(valuesOk);
    QVERIFY(hostileRejected);
}

// Every prefix of the example document and thousands of random mutations must give either a
// document or a well-formed error: no crash, no hang, sane locations.
void TestGraphqlParser::prefixesAndMutations() {
    const QString text = readReference(QStringLiteral("sdl/example-queries.graphql"));
    QVERIFY(!text.isEmpty());
    const int lineCount = int(text.count(u'\n')) + 1;

    auto check = [lineCount](const QString &source) {
        const auto result = parseDocument(source);
        if (const auto *error = std::get_if<ParseError>(&result)) {
            if (!error->message.startsWith(QStringLiteral("Syntax Error: ")) &&
                !error->message.endsWith(QStringLiteral("definition is not executable.")))
                return false;
            if (error->location.line < 1 || error->location.column < 1 ||
                error->location.line > lineCount + 1)
                return false;
        }
        return true;
    };

    int documents = 0;
    for (qsizetype length = 0; length < text.size(); ++length) {
        const QString prefix = text.first(length);
        QVERIFY2(check(prefix), qPrintable(QString::number(length)));
        if (std::holds_alternative<Document>(parseDocument(prefix)))
            ++documents;
    }
    // Prefixes ending right after an operation's closing brace (or in the comments after it) are valid.
    QVERIFY(documents > 0);
    QVERIFY(documents < text.size() / 4);

    QRandomGenerator random(20211026);
    const QString alphabet = QStringLiteral("{}()[]:$@!=|&.\"\\#,\n\r\t aZ_09-+eE") + QChar(0xFEFF) +
                             QChar(0xD83D) + QChar(0xDE00) + QChar(0xDEAD) + QChar(u'\u00e9') +
                             QStringLiteral("\"\"\"...");
    for (int i = 0; i < 3000; ++i) {
        QString mutated = text;
        const int edits = 1 + int(random.bounded(4));
        for (int e = 0; e < edits; ++e) {
            const qsizetype at = random.bounded(int(mutated.size()));
            const QChar c = alphabet.at(random.bounded(int(alphabet.size())));
            if (mutated.isEmpty())
                break;
            switch (random.bounded(3)) {
            case 0:
                mutated[at] = c;
                break;
            case 1:
                mutated.insert(at, c);
                break;
            default:
                mutated.remove(at, 1 + random.bounded(20));
                break;
            }
        }
        QVERIFY2(check(mutated), qPrintable(mutated));
    }
}

void TestGraphqlParser::exampleQueries() {
    const QString text = readReference(QStringLiteral("sdl/example-queries.graphql"));
    QVERIFY2(!text.isEmpty(), "cannot read sdl/example-queries.graphql");
    PARSE_OK(document, text);

    QCOMPARE(document.operations.size(), std::size_t(6));
    QVERIFY(document.fragments.empty());
    const QString names[] = {QStringLiteral("ListDevices"),  QStringLiteral("GetSiteByName"),
                             QStringLiteral("CreateVlan"),   QStringLiteral("UpdateDevice"),
                             QStringLiteral("CreateBranch"), QStringLiteral("DeleteDevice")};
    for (std::size_t i = 0; i < 6; ++i) {
        const OperationDefinition &op = document.operations[i];
        QCOMPARE(op.name, names[i]);
        QCOMPARE(op.type, i < 2 ? OperationDefinition::Type::Query : OperationDefinition::Type::Mutation);
        const QString keyword = i < 2 ? QStringLiteral("query ") : QStringLiteral("mutation ");
        QCOMPARE(op.location, locate(text, keyword + names[i]));
        QCOMPARE(op.selectionSet.size(), std::size_t(1));
        QVERIFY(op.directives.empty());
    }

    // 1. ListDevices: variables with defaults, arguments of every kind, an inline fragment.
    const OperationDefinition *list = operation(document, u"ListDevices");
    QVERIFY(list);
    QCOMPARE(list->variables.size(), std::size_t(5));
    const char *listVariables[][3] = {{"offset", "Int", "0"},
                                      {"limit", "Int", "50"},
                                      {"siteName", "String", nullptr},
                                      {"statuses", "[String]", nullptr},
                                      {"partial", "Boolean", "false"}};
    for (std::size_t i = 0; i < 5; ++i) {
        const VariableDefinition &v = list->variables[i];
        QCOMPARE(v.name, QString::fromUtf8(listVariables[i][0]));
        QCOMPARE(v.type.toString(), QString::fromUtf8(listVariables[i][1]));
        QCOMPARE(v.defaultValue.has_value(), listVariables[i][2] != nullptr);
        QCOMPARE(v.location, locate(text, QLatin1Char('$') + v.name + QLatin1Char(':')));
    }
    QCOMPARE(list->variables[0].defaultValue->kind, Value::Kind::Int);
    QCOMPARE(list->variables[1].defaultValue->text, QStringLiteral("50"));
    QCOMPARE(list->variables[4].defaultValue->kind, Value::Kind::Boolean);
    QCOMPARE(list->variables[4].defaultValue->boolean, false);
    QVERIFY(list->variables[3].type.isList());
    QCOMPARE(list->variables[3].type.namedType(), QStringLiteral("String"));

    const Selection &infraDevice = list->selectionSet[0];
    QCOMPARE(infraDevice.name, QStringLiteral("InfraDevice"));
    QVERIFY(infraDevice.alias.isEmpty()); // the examples use no aliases
    QCOMPARE(infraDevice.location, locate(text, QStringLiteral("InfraDevice(offset")));
    QCOMPARE(infraDevice.arguments.size(), std::size_t(6));
    const char *argumentVariables[][2] = {{"offset", "offset"},
                                          {"limit", "limit"},
                                          {"site__name__value", "siteName"},
                                          {"status__values", "statuses"},
                                          {"partial_match", "partial"}};
    for (std::size_t i = 0; i < 5; ++i) {
        QCOMPARE(infraDevice.arguments[i].name, QString::fromUtf8(argumentVariables[i][0]));
        QCOMPARE(infraDevice.arguments[i].value.kind, Value::Kind::Variable);
        QCOMPARE(infraDevice.arguments[i].value.text, QString::fromUtf8(argumentVariables[i][1]));
    }
    const Argument *order = infraDevice.argument(QStringLiteral("order"));
    QVERIFY(order);
    QCOMPARE(order->value.kind, Value::Kind::Object);
    QCOMPARE(printValue(order->value), QStringLiteral("{disable: false}"));
    QCOMPARE(order->value.location, locate(text, QStringLiteral("{disable: false}")));

    QCOMPARE(infraDevice.selectionSet.size(), std::size_t(3));
    QCOMPARE(infraDevice.selectionSet[0].name, QStringLiteral("count"));
    const Selection *permissions = child(infraDevice.selectionSet, u"permissions");
    QVERIFY(permissions);
    QCOMPARE(printSelectionSet(permissions->selectionSet),
             QStringLiteral("{ count edges { node { kind view create update delete } } }"));
    const Selection *node = child(child(infraDevice.selectionSet, u"edges")->selectionSet, u"node");
    QVERIFY(node);
    QCOMPARE(node->selectionSet.size(), std::size_t(14));
    QCOMPARE(node->selectionSet[0].name, QStringLiteral("__typename"));
    QCOMPARE(printSelectionSet(child(node->selectionSet, u"status")->selectionSet),
             QStringLiteral("{ value label color }"));
    QCOMPARE(printSelectionSet(child(node->selectionSet, u"site")->selectionSet),
             QStringLiteral("{ node { id display_label name { value } } }"));
    const Selection *interfaces = child(node->selectionSet, u"interfaces");
    QVERIFY(interfaces);
    QCOMPARE(interfaces->arguments.at(0).name, QStringLiteral("limit"));
    QCOMPARE(interfaces->arguments.at(0).value.kind, Value::Kind::Int);
    QCOMPARE(interfaces->arguments.at(0).value.text, QStringLiteral("100"));
    const Selection *interfaceNode = child(child(interfaces->selectionSet, u"edges")->selectionSet, u"node");
    QVERIFY(interfaceNode);
    QCOMPARE(interfaceNode->selectionSet.size(), std::size_t(5));
    const Selection &l3 = interfaceNode->selectionSet[4];
    QCOMPARE(l3.kind, Selection::Kind::InlineFragment);
    QCOMPARE(l3.typeCondition, QStringLiteral("InfraInterfaceL3"));
    QCOMPARE(l3.location, locate(text, QStringLiteral("... on InfraInterfaceL3")));
    QCOMPARE(printSelectionSet(l3.selectionSet),
             QStringLiteral("{ ip_addresses { edges { node { address { value } } } } }"));
    QCOMPARE(printSelectionSet(child(node->selectionSet, u"tags")->selectionSet),
             QStringLiteral("{ count edges { node { id name { value } } } }"));

    // 2. GetSiteByName.
    const OperationDefinition *site = operation(document, u"GetSiteByName");
    QVERIFY(site);
    QCOMPARE(site->variables.size(), std::size_t(1));
    QCOMPARE(site->variables[0].type.toString(), QStringLiteral("String!"));
    QVERIFY(site->variables[0].type.nonNull);
    const Selection &locationSite = site->selectionSet[0];
    QCOMPARE(locationSite.name, QStringLiteral("LocationSite"));
    QCOMPARE(printArguments(locationSite.arguments), QStringLiteral("(name__value: $name)"));
    const Selection *siteNode = child(child(locationSite.selectionSet, u"edges")->selectionSet, u"node");
    QCOMPARE(printSelectionSet(child(siteNode->selectionSet, u"name")->selectionSet),
             QStringLiteral("{ value is_protected source { id display_label } }"));
    QCOMPARE(printArguments(child(siteNode->selectionSet, u"devices")->arguments),
             QStringLiteral("(limit: 10)"));

    // 3. CreateVlan: a nested input object mixing variables and strings, in source order.
    const OperationDefinition *vlan = operation(document, u"CreateVlan");
    QVERIFY(vlan);
    QStringList vlanTypes;
    for (const VariableDefinition &v : vlan->variables)
        vlanTypes << v.name + QLatin1Char(':') + v.type.toString();
    QCOMPARE(vlanTypes.join(QLatin1Char(' ')), QStringLiteral("name:String! vlanId:BigInt! siteId:String!"));
    const Selection &create = vlan->selectionSet[0];
    QCOMPARE(create.name, QStringLiteral("InfraVLANCreate"));
    const Value &data = create.argument(QStringLiteral("data"))->value;
    QCOMPARE(data.kind, Value::Kind::Object);
    QCOMPARE(data.fields.size(), std::size_t(5));
    QCOMPARE(printValue(data),
             QStringLiteral("{name: {value: $name}, vlan_id: {value: $vlanId}, role: {value: "
                            "\"server\"}, status: {value: \"active\"}, site: {id: $siteId}}"));
    QCOMPARE(field(*field(data, u"role"), u"value")->kind, Value::Kind::String);
    QCOMPARE(field(*field(data, u"role"), u"value")->text, QStringLiteral("server"));
    QCOMPARE(field(*field(data, u"site"), u"id")->kind, Value::Kind::Variable);
    QCOMPARE(field(*field(data, u"site"), u"id")->text, QStringLiteral("siteId"));
    QCOMPARE(field(data, u"vlan_id")->location, locate(text, QStringLiteral("{value: $vlanId}")));
    QCOMPARE(printSelectionSet(create.selectionSet),
             QStringLiteral(
                 "{ ok object { id display_label vlan_id { value } site { node { id display_label } } } }"));

    // 4. UpdateDevice.
    const OperationDefinition *update = operation(document, u"UpdateDevice");
    QVERIFY(update);
    QCOMPARE(update->variables.size(), std::size_t(4));
    QCOMPARE(update->variables[3].type.toString(), QStringLiteral("[RelatedNodeInput]"));
    QCOMPARE(update->variables[1].type.toString(), QStringLiteral("String"));
    const Value &updateData = update->selectionSet[0].argument(QStringLiteral("data"))->value;
    QCOMPARE(printValue(updateData),
             QStringLiteral("{id: $id, description: {value: $description}, status: {value: "
                            "\"maintenance\"}, platform: {id: $platformId}, tags: $tags}"));
    QCOMPARE(field(updateData, u"tags")->kind, Value::Kind::Variable);

    // 5. CreateBranch: booleans inside the object and as a second argument.
    const OperationDefinition *branch = operation(document, u"CreateBranch");
    QVERIFY(branch);
    const Selection &branchCreate = branch->selectionSet[0];
    QCOMPARE(branchCreate.arguments.size(), std::size_t(2));
    const Value *sync = field(branchCreate.arguments[0].value, u"sync_with_git");
    QVERIFY(sync);
    QCOMPARE(sync->kind, Value::Kind::Boolean);
    QCOMPARE(sync->boolean, false);
    QCOMPARE(branchCreate.arguments[1].name, QStringLiteral("wait_until_completion"));
    QCOMPARE(branchCreate.arguments[1].value.kind, Value::Kind::Boolean);
    QCOMPARE(branchCreate.arguments[1].value.boolean, true);
    QCOMPARE(child(branchCreate.selectionSet, u"object")->selectionSet.size(), std::size_t(8));
    QCOMPARE(printSelectionSet(child(branchCreate.selectionSet, u"task")->selectionSet),
             QStringLiteral("{ id }"));

    // 6. DeleteDevice.
    const OperationDefinition *del = operation(document, u"DeleteDevice");
    QVERIFY(del);
    QCOMPARE(del->variables[0].type.toString(), QStringLiteral("String"));
    QCOMPARE(del->variables[1].type.toString(), QStringLiteral("[String]"));
    QCOMPARE(printValue(del->selectionSet[0].argument(QStringLiteral("data"))->value),
             QStringLiteral("{id: $id, hfid: $hfid}"));
    QCOMPARE(printSelectionSet(del->selectionSet),
             QStringLiteral("{ InfraDeviceDelete(data: {id: $id, hfid: $hfid}) "
                            "{ ok } }"));
}

// Printing the parsed examples and parsing the print again gives the same tree, and the compact
// print is also what the parser produces from a reformatted (CRLF, BOM, commas) copy.
void TestGraphqlParser::exampleQueriesRoundTrip() {
    const QString text = readReference(QStringLiteral("sdl/example-queries.graphql"));
    PARSE_OK(document, text);
    const QString printed = printDocument(document);
    PARSE_OK(reparsed, printed);
    QCOMPARE(printDocument(reparsed), printed);

    QString reformatted = text;
    reformatted.replace(QLatin1Char('\n'), QStringLiteral(",\r\n\t"));
    reformatted.prepend(QChar(0xFEFF));
    PARSE_OK(third, reformatted);
    QCOMPARE(printDocument(third), printed);
}

void TestGraphqlParser::timing() {
    // A ~2 KB request: the first example operation plus extra fields, as a client would send it.
    const QString text = readReference(QStringLiteral("sdl/example-queries.graphql"));
    const qsizetype begin = text.indexOf(QStringLiteral("query ListDevices"));
    const qsizetype end = text.indexOf(QStringLiteral("# 2."));
    QVERIFY(begin >= 0 && end > begin);
    QString query = text.mid(begin, end - begin);
    query +=
        QStringLiteral("query Extra($ids: [ID!]!) { CoreNode(ids: $ids, filters: {kind: \"x\", limit: 10}) "
                       "{ edges { node { id display_label __typename ... on InfraDevice { name { value } "
                       "description { value } } } } } }\n");
    while (query.size() < 2048)
        query += QStringLiteral("# padding comment to reach the size of a typical client request\n");
    PARSE_OK(document, query);
    QCOMPARE(document.operations.size(), std::size_t(2));

    const int iterations = 5000;
    std::size_t checksum = 0;
    for (int i = 0; i < 200; ++i) // warm-up
        checksum += std::get<Document>(parseDocument(query)).operations.size();
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < iterations; ++i)
        checksum += std::get<Document>(parseDocument(query)).operations.size();
    const double perParseUs = double(timer.nsecsElapsed()) / 1000.0 / iterations;
    QCOMPARE(checksum, std::size_t(2 * (iterations + 200)));
    qInfo("parseDocument: %lld-character query in %.1f us per parse (%.0f MB/s of UTF-16 source)",
          qlonglong(query.size()), perParseUs, double(query.size() * 2) / perParseUs);

    timer.restart();
    for (int i = 0; i < 200; ++i)
        checksum += std::get<Document>(parseDocument(text)).operations.size();
    qInfo("parseDocument: whole example file (%lld characters, 6 operations) in %.1f us per parse",
          qlonglong(text.size()), double(timer.nsecsElapsed()) / 1000.0 / 200);

    const QString big = repeated(QStringView(query).first(end - begin), 500);
    timer.restart();
    const auto result = parseDocument(big);
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    QVERIFY(std::holds_alternative<Document>(result));
    qInfo("parseDocument: %.1f MB document (500 operations) in %.1f ms", double(big.size() * 2) / 1e6, ms);
}

QTEST_APPLESS_MAIN(TestGraphqlParser)
#include "tst_graphqlparser.moc"
