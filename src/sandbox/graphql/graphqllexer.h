// Tokenizer for GraphQL source text (spec October 2021, plus graphql-js 16's `\u{...}` escapes), used
// only by the parser in graphqlparser.cpp. It works in place on a QStringView: names and numbers are
// described by offsets into the source, and only String/BlockString tokens own a decoded QString.
// Errors are reported with the exact wording of graphql-js 16 so that clients see what a real
// Infrahub (graphql-core) server would send.
#pragma once

#include <QString>
#include <QStringView>

namespace infrahub::sandbox::gql::detail {

enum class TokenKind : quint8 {
    StartOfFile,
    EndOfFile,
    Bang,
    Dollar,
    Amp,
    ParenL,
    ParenR,
    Spread,
    Colon,
    Equals,
    At,
    BracketL,
    BracketR,
    BraceL,
    Pipe,
    BraceR,
    Name,
    Int,
    Float,
    String,
    BlockString,
};

struct Token {
    TokenKind kind = TokenKind::StartOfFile;
    qsizetype start = 0; // offset of the first UTF-16 code unit
    qsizetype end = 0;   // offset one past the last code unit
    int line = 1;        // 1-based
    int column = 1;      // 1-based, in UTF-16 code units like graphql-js
    QString value;       // decoded content of String/BlockString tokens; null for every other kind
};

// Thrown by the lexer and parser and caught by parseDocument()/parseValue(), which are the only
// places that turn it into a ParseError. Exceptions keep the recursive-descent code free of error
// plumbing, and cost nothing on the (far more common) successful path.
struct SyntaxError {
    qsizetype position = 0; // offset into the source where the offending token/character starts
    QString message;        // complete message, including the "Syntax Error: " prefix where it applies
};

// Throws SyntaxError{position, "Syntax Error: " + description}.
[[noreturn]] void throwSyntaxError(qsizetype position, const QString &description);

// 1-based line/column of an offset, counting "\r\n", "\r" and "\n" as line terminators. Linear in
// `position`; used only for errors, as tokens track their position incrementally.
struct LineColumn {
    int line = 1;
    int column = 1;
};
LineColumn lineColumnAt(QStringView source, qsizetype position);

class Lexer {
public:
    explicit Lexer(QStringView source);

    // The current token; starts as StartOfFile, so the first advance() reads the first real token.
    const Token &token() const { return m_token; }
    Token &token() { return m_token; }

    // Moves to the next significant token (skipping whitespace, commas, comments and BOMs).
    void advance();
    // The token after the current one, without consuming it (cached until the next advance()).
    const Token &lookahead();

    // Source text of a token (names, numbers, and raw text of strings).
    QStringView text(const Token &t) const { return m_source.sliced(t.start, t.end - t.start); }
    // The token's "value" as graphql-js defines it: name / number text, decoded string content, or
    // a null view for punctuators and EOF.
    QStringView value(const Token &t) const;
    // graphql-js getTokenDesc(): `Name "foo"`, `"{"`, `<EOF>`, `String "text"`.
    QString describe(const Token &t) const;
    // graphql-js getTokenKindDesc(): `Name`, `"{"`, `<EOF>`.
    static QString describeKind(TokenKind kind);

    QStringView source() const { return m_source; }

private:
    void readToken(Token &out);
    void readNumber(Token &out, qsizetype start);
    qsizetype readDigits(qsizetype position);
    void readString(Token &out, qsizetype start);
    void readBlockString(Token &out, qsizetype start);
    int readEscape(qsizetype position, char32_t &codePoint) const;
    [[noreturn]] void throwAt(qsizetype position, const QString &description) const;
    QString printCodePointAt(qsizetype position) const;

    // Code unit at `position`, or -1 past the end (mirrors charCodeAt() returning NaN in graphql-js,
    // which lets look-ahead comparisons run off the end safely).
    int at(qsizetype position) const { return position < m_length ? int(m_data[position]) : -1; }

    QStringView m_source;
    const char16_t *m_data;
    qsizetype m_length;
    qsizetype m_position = 0;  // where the next token read starts
    int m_line = 1;            // line of m_position
    qsizetype m_lineStart = 0; // offset of the first code unit of that line
    Token m_token;
    Token m_lookahead;
    bool m_hasLookahead = false;
};

} // namespace infrahub::sandbox::gql::detail
