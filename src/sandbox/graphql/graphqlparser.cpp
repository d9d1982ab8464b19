// Recursive-descent parser for executable GraphQL documents. It mirrors graphql-js 16's parser
// function by function (including when the lexer is advanced), because the order in which tokens
// are read decides which error a malformed document reports, and that is visible to clients.
// Nodes are built in place (emplace_back, then fill) to avoid moving large AST structs around.
#include "graphqlparser.h"

#include "graphqllexer.h"

namespace infrahub::sandbox::gql {

namespace {

using detail::Lexer;
using detail::SyntaxError;
using detail::throwSyntaxError;
using detail::Token;
using detail::TokenKind;

bool isDirectiveLocation(QStringView name) {
    static constexpr QStringView locations[] = {
        u"QUERY",
        u"MUTATION",
        u"SUBSCRIPTION",
        u"FIELD",
        u"FRAGMENT_DEFINITION",
        u"FRAGMENT_SPREAD",
        u"INLINE_FRAGMENT",
        u"VARIABLE_DEFINITION",
        u"SCHEMA",
        u"SCALAR",
        u"OBJECT",
        u"FIELD_DEFINITION",
        u"ARGUMENT_DEFINITION",
        u"INTERFACE",
        u"UNION",
        u"ENUM",
        u"ENUM_VALUE",
        u"INPUT_OBJECT",
        u"INPUT_FIELD_DEFINITION",
    };
    for (QStringView location : locations)
        if (name == location)
            return true;
    return false;
}

bool isTypeDefinitionKeyword(QStringView keyword) {
    return keyword == u"scalar" || keyword == u"type" || keyword == u"interface" || keyword == u"union" ||
           keyword == u"enum" || keyword == u"input";
}

class Parser {
public:
    explicit Parser(QStringView source)
        : m_lexer(source) {}

    Document parseDocument();
    Value parseSingleValue();

private:
    // Counts one level of nesting for as long as it lives; throws once the limit is passed.
    class DepthGuard {
    public:
        explicit DepthGuard(Parser &parser)
            : m_parser(parser) {
            if (++m_parser.m_depth > kMaxParseDepth)
                throwSyntaxError(m_parser.token().start,
                                 QStringLiteral("Document exceeds the maximum nesting depth of ") +
                                     QString::number(kMaxParseDepth) + QLatin1Char('.'));
        }
        ~DepthGuard() { --m_parser.m_depth; }
        DepthGuard(const DepthGuard &) = delete;
        DepthGuard &operator=(const DepthGuard &) = delete;

    private:
        Parser &m_parser;
    };

    const Token &token() const { return m_lexer.token(); }
    bool peek(TokenKind kind) const { return m_lexer.token().kind == kind; }
    bool peekString() const { return peek(TokenKind::String) || peek(TokenKind::BlockString); }
    bool peekKeyword(QStringView keyword) const {
        return peek(TokenKind::Name) && m_lexer.text(token()) == keyword;
    }
    SourceLocation location() const { return SourceLocation{token().line, token().column}; }
    void advance() { m_lexer.advance(); }

    void expect(TokenKind kind);
    bool expectOptional(TokenKind kind);
    void expectKeyword(QStringView keyword);
    bool expectOptionalKeyword(QStringView keyword);
    [[noreturn]] void unexpected(const Token &at);
    [[noreturn]] void unexpected() { unexpected(token()); }
    QStringView parseNameView();
    QString parseName() { return parseNameView().toString(); }

    // Executable definitions.
    void parseDefinition(Document &document);
    void parseOperationDefinition(OperationDefinition &operation);
    OperationDefinition::Type parseOperationType();
    void parseVariableDefinitions(std::vector<VariableDefinition> &variables);
    void parseTypeReference(TypeRef &type);
    void parseSelectionSet(SelectionSet &selections);
    void parseSelection(Selection &selection);
    void parseArguments(std::vector<Argument> &arguments, bool isConst);
    bool parseDirectives(std::vector<Directive> &directives, bool isConst);
    void parseValueLiteral(Value &value, bool isConst);
    void parseFragmentDefinition(FragmentDefinition &fragment);
    QString parseFragmentName();

    // Type-system definitions and extensions: checked for syntax (so that a later syntax error
    // still wins, as in graphql-core, where they fail validation only after a successful parse)
    // and then discarded.
    void parseTypeSystemDefinition();
    void parseTypeSystemExtension();
    void skipDescription();
    bool skipConstDirectives();
    void skipOperationTypeDefinition();
    bool skipImplementsInterfaces();
    bool skipFieldsDefinition();
    bool skipArgumentDefinitions();
    void skipInputValueDefinition();
    bool skipInputFieldsDefinition();
    bool skipUnionMemberTypes();
    bool skipEnumValuesDefinition();
    void skipDirectiveLocations();
    void noteNonExecutable(qsizetype start, const QString &name);

    Lexer m_lexer;
    int m_depth = 0;
    qsizetype m_nonExecutableStart = -1;
    QString m_nonExecutableMessage;
};

// ---- token helpers -----------------------------------------------------------------------------

void Parser::expect(TokenKind kind) {
    if (token().kind == kind) {
        advance();
        return;
    }
    throwSyntaxError(token().start, QStringLiteral("Expected ") + Lexer::describeKind(kind) +
                                        QStringLiteral(", found ") + m_lexer.describe(token()) +
                                        QLatin1Char('.'));
}

bool Parser::expectOptional(TokenKind kind) {
    if (token().kind != kind)
        return false;
    advance();
    return true;
}

void Parser::expectKeyword(QStringView keyword) {
    if (peekKeyword(keyword)) {
        advance();
        return;
    }
    throwSyntaxError(token().start, QStringLiteral("Expected \"") + keyword + QStringLiteral("\", found ") +
                                        m_lexer.describe(token()) + QLatin1Char('.'));
}

bool Parser::expectOptionalKeyword(QStringView keyword) {
    if (!peekKeyword(keyword))
        return false;
    advance();
    return true;
}

void Parser::unexpected(const Token &at) {
    throwSyntaxError(at.start, QStringLiteral("Unexpected ") + m_lexer.describe(at) + QLatin1Char('.'));
}

QStringView Parser::parseNameView() {
    if (!peek(TokenKind::Name))
        expect(TokenKind::Name); // throws "Expected Name, found ..."
    const QStringView name = m_lexer.text(token());
    advance();
    return name;
}

// ---- documents ---------------------------------------------------------------------------------

Document Parser::parseDocument() {
    Document document;
    advance(); // past <SOF>; an empty document then fails with "Unexpected <EOF>."
    do {
        parseDefinition(document);
    } while (!expectOptional(TokenKind::EndOfFile));

    if (m_nonExecutableStart >= 0)
        throw SyntaxError{m_nonExecutableStart, m_nonExecutableMessage};
    return document;
}

Value Parser::parseSingleValue() {
    Value value;
    advance();
    parseValueLiteral(value, false);
    expect(TokenKind::EndOfFile);
    return value;
}

void Parser::parseDefinition(Document &document) {
    if (peek(TokenKind::BraceL)) {
        parseOperationDefinition(document.operations.emplace_back());
        return;
    }
    // Type-system definitions may start with a description string, so the keyword can be one
    // token further on.
    const bool hasDescription = peekString();
    const Token &keywordToken = hasDescription ? m_lexer.lookahead() : token();
    if (keywordToken.kind == TokenKind::Name) {
        const QStringView keyword = m_lexer.text(keywordToken);
        if (keyword == u"schema" || keyword == u"directive" || isTypeDefinitionKeyword(keyword)) {
            parseTypeSystemDefinition();
            return;
        }
        if (hasDescription)
            throwSyntaxError(
                token().start,
                QStringLiteral(
                    "Unexpected description, descriptions are supported only on type definitions."));
        if (keyword == u"query" || keyword == u"mutation" || keyword == u"subscription") {
            parseOperationDefinition(document.operations.emplace_back());
            return;
        }
        if (keyword == u"fragment") {
            parseFragmentDefinition(document.fragments.emplace_back());
            return;
        }
        if (keyword == u"extend") {
            parseTypeSystemExtension();
            return;
        }
    }
    unexpected(keywordToken);
}

void Parser::parseOperationDefinition(OperationDefinition &operation) {
    operation.location = location();
    if (peek(TokenKind::BraceL)) { // query shorthand
        operation.type = OperationDefinition::Type::Query;
        parseSelectionSet(operation.selectionSet);
        return;
    }
    operation.type = parseOperationType();
    if (peek(TokenKind::Name))
        operation.name = parseName();
    parseVariableDefinitions(operation.variables);
    parseDirectives(operation.directives, false);
    parseSelectionSet(operation.selectionSet);
}

OperationDefinition::Type Parser::parseOperationType() {
    const Token operationToken = token();
    const QStringView keyword = parseNameView();
    if (keyword == u"query")
        return OperationDefinition::Type::Query;
    if (keyword == u"mutation")
        return OperationDefinition::Type::Mutation;
    if (keyword == u"subscription")
        return OperationDefinition::Type::Subscription;
    unexpected(operationToken);
}

void Parser::parseVariableDefinitions(std::vector<VariableDefinition> &variables) {
    if (!expectOptional(TokenKind::ParenL))
        return;
    do {
        VariableDefinition &variable = variables.emplace_back();
        variable.location = location();
        expect(TokenKind::Dollar);
        variable.name = parseName();
        expect(TokenKind::Colon);
        parseTypeReference(variable.type);
        if (expectOptional(TokenKind::Equals))
            parseValueLiteral(variable.defaultValue.emplace(), true);
        // Valid syntax (e.g. @deprecated on variables), but nothing downstream uses it.
        skipConstDirectives();
    } while (!expectOptional(TokenKind::ParenR));
}

void Parser::parseTypeReference(TypeRef &type) {
    if (peek(TokenKind::BracketL)) {
        DepthGuard guard(*this);
        advance();
        type.ofType = std::make_shared<TypeRef>();
        parseTypeReference(*type.ofType);
        expect(TokenKind::BracketR);
    } else {
        type.name = parseName();
    }
    if (expectOptional(TokenKind::Bang))
        type.nonNull = true;
}

void Parser::parseSelectionSet(SelectionSet &selections) {
    DepthGuard guard(*this);
    expect(TokenKind::BraceL);
    do {
        parseSelection(selections.emplace_back());
    } while (!expectOptional(TokenKind::BraceR));
}

void Parser::parseSelection(Selection &selection) {
    selection.location = location();
    if (expectOptional(TokenKind::Spread)) {
        // `... on T {}` is an inline fragment with a type condition, `... Name` a spread, and
        // `... @dir {}` / `... {}` an inline fragment without one.
        const bool hasTypeCondition = expectOptionalKeyword(u"on");
        if (!hasTypeCondition && peek(TokenKind::Name)) {
            selection.kind = Selection::Kind::FragmentSpread;
            selection.name = parseFragmentName();
            parseDirectives(selection.directives, false);
            return;
        }
        selection.kind = Selection::Kind::InlineFragment;
        if (hasTypeCondition)
            selection.typeCondition = parseName();
        parseDirectives(selection.directives, false);
        parseSelectionSet(selection.selectionSet);
        return;
    }

    selection.kind = Selection::Kind::Field;
    const QStringView nameOrAlias = parseNameView();
    if (expectOptional(TokenKind::Colon)) {
        selection.alias = nameOrAlias.toString();
        selection.name = parseName();
    } else {
        selection.name = nameOrAlias.toString();
    }
    parseArguments(selection.arguments, false);
    parseDirectives(selection.directives, false);
    if (peek(TokenKind::BraceL))
        parseSelectionSet(selection.selectionSet);
}

void Parser::parseArguments(std::vector<Argument> &arguments, bool isConst) {
    if (!expectOptional(TokenKind::ParenL))
        return;
    do {
        Argument &argument = arguments.emplace_back();
        argument.location = location();
        argument.name = parseName();
        expect(TokenKind::Colon);
        parseValueLiteral(argument.value, isConst);
    } while (!expectOptional(TokenKind::ParenR));
}

bool Parser::parseDirectives(std::vector<Directive> &directives, bool isConst) {
    const std::size_t before = directives.size();
    while (peek(TokenKind::At)) {
        Directive &directive = directives.emplace_back();
        directive.location = location();
        advance();
        directive.name = parseName();
        parseArguments(directive.arguments, isConst);
    }
    return directives.size() != before;
}

void Parser::parseValueLiteral(Value &value, bool isConst) {
    value.location = location();
    switch (token().kind) {
    case TokenKind::BracketL: {
        DepthGuard guard(*this);
        value.kind = Value::Kind::List;
        advance();
        while (!expectOptional(TokenKind::BracketR))
            parseValueLiteral(value.list.emplace_back(), isConst);
        return;
    }
    case TokenKind::BraceL: {
        DepthGuard guard(*this);
        value.kind = Value::Kind::Object;
        advance();
        while (!expectOptional(TokenKind::BraceR)) {
            auto &field = value.fields.emplace_back();
            field.first = parseName();
            expect(TokenKind::Colon);
            parseValueLiteral(field.second, isConst);
        }
        return;
    }
    case TokenKind::Int:
    case TokenKind::Float:
        value.kind = token().kind == TokenKind::Int ? Value::Kind::Int : Value::Kind::Float;
        value.text = m_lexer.text(token()).toString();
        advance();
        return;
    case TokenKind::String:
    case TokenKind::BlockString:
        value.kind = Value::Kind::String;
        value.text = std::move(m_lexer.token().value);
        advance();
        return;
    case TokenKind::Name: {
        const QStringView name = m_lexer.text(token());
        if (name == u"true" || name == u"false") {
            value.kind = Value::Kind::Boolean;
            value.boolean = name == u"true";
        } else if (name == u"null") {
            value.kind = Value::Kind::Null;
        } else {
            value.kind = Value::Kind::Enum;
            value.text = name.toString();
        }
        advance();
        return;
    }
    case TokenKind::Dollar:
        if (isConst) {
            const Token dollar = token();
            advance();
            if (peek(TokenKind::Name))
                throwSyntaxError(dollar.start, QStringLiteral("Unexpected variable \"$") +
                                                   m_lexer.text(token()) +
                                                   QStringLiteral("\" in constant value."));
            unexpected(dollar);
        }
        value.kind = Value::Kind::Variable;
        advance();
        value.text = parseName();
        return;
    default:
        unexpected();
    }
}

void Parser::parseFragmentDefinition(FragmentDefinition &fragment) {
    fragment.location = location();
    expectKeyword(u"fragment");
    fragment.name = parseFragmentName();
    expectKeyword(u"on");
    fragment.typeCondition = parseName();
    parseDirectives(fragment.directives, false);
    parseSelectionSet(fragment.selectionSet);
}

QString Parser::parseFragmentName() {
    // graphql-js compares the token's value whatever its kind, so `fragment "on"` is also reported
    // as unexpected rather than as a missing name.
    if (m_lexer.value(token()) == u"on")
        unexpected();
    return parseName();
}

// ---- type system (rejected after parsing) ------------------------------------------------------

void Parser::noteNonExecutable(qsizetype start, const QString &name) {
    if (m_nonExecutableStart >= 0)
        return;
    m_nonExecutableStart = start;
    // graphql-core's ExecutableDefinitionsRule wording (graphql-js uses double quotes instead).
    m_nonExecutableMessage =
        name.isNull() ? QStringLiteral("The schema definition is not executable.")
                      : QStringLiteral("The '") + name + QStringLiteral("' definition is not executable.");
}

void Parser::skipDescription() {
    if (peekString())
        advance();
}

bool Parser::skipConstDirectives() {
    std::vector<Directive> directives;
    return parseDirectives(directives, true);
}

void Parser::parseTypeSystemDefinition() {
    const qsizetype start = token().start;
    skipDescription();
    const QStringView keyword = m_lexer.text(token());
    QString name; // stays null for `schema`
    if (keyword == u"schema") {
        advance();
        skipConstDirectives();
        expect(TokenKind::BraceL);
        do {
            skipOperationTypeDefinition();
        } while (!expectOptional(TokenKind::BraceR));
    } else if (keyword == u"directive") {
        advance();
        expect(TokenKind::At);
        name = parseName();
        skipArgumentDefinitions();
        expectOptionalKeyword(u"repeatable");
        expectKeyword(u"on");
        skipDirectiveLocations();
    } else {
        advance();
        name = parseName();
        if (keyword == u"type" || keyword == u"interface") {
            skipImplementsInterfaces();
            skipConstDirectives();
            skipFieldsDefinition();
        } else if (keyword == u"union") {
            skipConstDirectives();
            skipUnionMemberTypes();
        } else if (keyword == u"enum") {
            skipConstDirectives();
            skipEnumValuesDefinition();
        } else if (keyword == u"input") {
            skipConstDirectives();
            skipInputFieldsDefinition();
        } else { // scalar
            skipConstDirectives();
        }
    }
    noteNonExecutable(start, name);
}

void Parser::parseTypeSystemExtension() {
    const qsizetype start = token().start;
    const Token &keywordToken = m_lexer.lookahead();
    if (keywordToken.kind != TokenKind::Name)
        unexpected(keywordToken);
    const QStringView keyword = m_lexer.text(keywordToken);
    if (keyword != u"schema" && !isTypeDefinitionKeyword(keyword))
        unexpected(keywordToken);
    advance(); // extend
    advance(); // keyword

    QString name;
    bool hasContent = false;
    if (keyword == u"schema") {
        hasContent = skipConstDirectives();
        if (expectOptional(TokenKind::BraceL)) {
            hasContent = true;
            do {
                skipOperationTypeDefinition();
            } while (!expectOptional(TokenKind::BraceR));
        }
    } else {
        name = parseName();
        if (keyword == u"type" || keyword == u"interface") {
            hasContent = skipImplementsInterfaces();
            hasContent = skipConstDirectives() || hasContent;
            hasContent = skipFieldsDefinition() || hasContent;
        } else if (keyword == u"union") {
            hasContent = skipConstDirectives();
            hasContent = skipUnionMemberTypes() || hasContent;
        } else if (keyword == u"enum") {
            hasContent = skipConstDirectives();
            hasContent = skipEnumValuesDefinition() || hasContent;
        } else if (keyword == u"input") {
            hasContent = skipConstDirectives();
            hasContent = skipInputFieldsDefinition() || hasContent;
        } else { // scalar
            hasContent = skipConstDirectives();
        }
    }
    if (!hasContent)
        unexpected();
    noteNonExecutable(start, name);
}

void Parser::skipOperationTypeDefinition() {
    parseOperationType();
    expect(TokenKind::Colon);
    parseNameView();
}

bool Parser::skipImplementsInterfaces() {
    if (!expectOptionalKeyword(u"implements"))
        return false;
    expectOptional(TokenKind::Amp);
    do {
        parseNameView();
    } while (expectOptional(TokenKind::Amp));
    return true;
}

bool Parser::skipFieldsDefinition() {
    if (!expectOptional(TokenKind::BraceL))
        return false;
    do {
        skipDescription();
        parseNameView();
        skipArgumentDefinitions();
        expect(TokenKind::Colon);
        TypeRef type;
        parseTypeReference(type);
        skipConstDirectives();
    } while (!expectOptional(TokenKind::BraceR));
    return true;
}

bool Parser::skipArgumentDefinitions() {
    if (!expectOptional(TokenKind::ParenL))
        return false;
    do {
        skipInputValueDefinition();
    } while (!expectOptional(TokenKind::ParenR));
    return true;
}

void Parser::skipInputValueDefinition() {
    skipDescription();
    parseNameView();
    expect(TokenKind::Colon);
    TypeRef type;
    parseTypeReference(type);
    if (expectOptional(TokenKind::Equals)) {
        Value defaultValue;
        parseValueLiteral(defaultValue, true);
    }
    skipConstDirectives();
}

bool Parser::skipInputFieldsDefinition() {
    if (!expectOptional(TokenKind::BraceL))
        return false;
    do {
        skipInputValueDefinition();
    } while (!expectOptional(TokenKind::BraceR));
    return true;
}

bool Parser::skipUnionMemberTypes() {
    if (!expectOptional(TokenKind::Equals))
        return false;
    expectOptional(TokenKind::Pipe);
    do {
        parseNameView();
    } while (expectOptional(TokenKind::Pipe));
    return true;
}

bool Parser::skipEnumValuesDefinition() {
    if (!expectOptional(TokenKind::BraceL))
        return false;
    do {
        skipDescription();
        const QStringView value = m_lexer.value(token());
        if (value == u"true" || value == u"false" || value == u"null")
            throwSyntaxError(token().start,
                             m_lexer.describe(token()) +
                                 QStringLiteral(" is reserved and cannot be used for an enum value."));
        parseNameView();
        skipConstDirectives();
    } while (!expectOptional(TokenKind::BraceR));
    return true;
}

void Parser::skipDirectiveLocations() {
    expectOptional(TokenKind::Pipe);
    do {
        const Token locationToken = token();
        if (!isDirectiveLocation(parseNameView()))
            unexpected(locationToken);
    } while (expectOptional(TokenKind::Pipe));
}

ParseError toParseError(QStringView source, const SyntaxError &error) {
    const detail::LineColumn lc = detail::lineColumnAt(source, error.position);
    return ParseError{error.message, SourceLocation{lc.line, lc.column}};
}

} // namespace

std::variant<Document, ParseError> parseDocument(QStringView source) {
    try {
        Parser parser(source);
        return parser.parseDocument();
    } catch (const SyntaxError &error) {
        return toParseError(source, error);
    }
}

std::variant<Value, ParseError> parseValue(QStringView source) {
    try {
        Parser parser(source);
        return parser.parseSingleValue();
    } catch (const SyntaxError &error) {
        return toParseError(source, error);
    }
}

} // namespace infrahub::sandbox::gql
