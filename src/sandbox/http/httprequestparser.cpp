// HttpRequestParser: a byte-level state machine for HTTP/1.1 requests (RFC 9112).
#include "httprequestparser.h"

#include <array>
#include <cstring>

namespace infrahub::sandbox {

namespace {

// RFC 9110 "tchar": the characters allowed in methods and header names.
constexpr std::array<bool, 256> makeTokenTable() {
    std::array<bool, 256> table{};
    for (int c = '0'; c <= '9'; ++c)
        table[c] = true;
    for (int c = 'a'; c <= 'z'; ++c)
        table[c] = true;
    for (int c = 'A'; c <= 'Z'; ++c)
        table[c] = true;
    for (char c : std::string_view("!#$%&'*+-.^_`|~"))
        table[static_cast<unsigned char>(c)] = true;
    return table;
}
constexpr std::array<bool, 256> kTokenChar = makeTokenTable();

bool isToken(QByteArrayView text) {
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!kTokenChar[static_cast<unsigned char>(c)])
            return false;
    }
    return true;
}

// Field values may hold visible characters, spaces, tabs and obs-text, never other control characters
// (a bare CR or NUL in a value is a classic request-smuggling vector).
bool isValidFieldValue(QByteArrayView value) {
    for (char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return false;
    }
    return true;
}

// Strips the optional CR of a line ending.
QByteArrayView stripCr(QByteArrayView line) {
    return (!line.isEmpty() && line.back() == '\r') ? line.chopped(1) : line;
}

QByteArrayView trimOws(QByteArrayView text) {
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

// Is `token` one of the comma-separated items of a header like Connection (case-insensitive)?
bool listContains(QByteArrayView list, QByteArrayView token) {
    qsizetype pos = 0;
    while (pos <= list.size()) {
        qsizetype end = list.indexOf(',', pos);
        if (end < 0)
            end = list.size();
        if (trimOws(list.sliced(pos, end - pos)).compare(token, Qt::CaseInsensitive) == 0)
            return true;
        pos = end + 1;
    }
    return false;
}

// Chunk sizes are hex; 15 digits keep the value inside qint64.
bool parseHex(QByteArrayView digits, qint64 *value) {
    if (digits.isEmpty() || digits.size() > 15)
        return false;
    qint64 result = 0;
    for (char c : digits) {
        int v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else
            return false;
        result = result * 16 + v;
    }
    *value = result;
    return true;
}

bool parseDecimal(QByteArrayView digits, qint64 *value) {
    if (digits.isEmpty() || digits.size() > 18)
        return false;
    qint64 result = 0;
    for (char c : digits) {
        if (c < '0' || c > '9')
            return false;
        result = result * 10 + (c - '0');
    }
    *value = result;
    return true;
}

const char *findNewline(const char *from, qsizetype size) {
    return static_cast<const char *>(std::memchr(from, '\n', static_cast<size_t>(size)));
}

} // namespace

qsizetype HttpRequestParser::feed(const char *data, qsizetype size) {
    qsizetype consumed = 0;
    while (m_state != State::Complete && m_state != State::Failed) {
        const char *at = data + consumed;
        const qsizetype left = size - consumed;
        qsizetype used = 0;
        const State before = m_state;
        switch (m_state) {
        case State::Head:
            used = feedHead(at, left);
            break;
        case State::Body:
            used = feedBody(at, left);
            break;
        case State::ChunkSize:
            used = feedChunkSize(at, left);
            break;
        case State::ChunkData:
            used = feedChunkData(at, left);
            break;
        case State::ChunkDataEnd:
            used = feedChunkDataEnd(at, left);
            break;
        case State::Trailers:
            used = feedTrailers(at, left);
            break;
        case State::Complete:
        case State::Failed:
            break;
        }
        consumed += used;
        // No progress and no state change: the rest needs more bytes.
        if (used == 0 && before == m_state)
            break;
    }
    return consumed;
}

qsizetype HttpRequestParser::feedHead(const char *data, qsizetype size) {
    // Lines are parsed as soon as they are complete, but nothing is consumed before the blank line: the
    // caller keeps the head in its buffer and m_scanned remembers how far it was searched.
    while (m_scanned < size) {
        const char *newline = findNewline(data + m_scanned, size - m_scanned);
        if (!newline) {
            m_scanned = size;
            break;
        }
        const qsizetype lineEnd = newline - data;
        const QByteArrayView line = stripCr(QByteArrayView(data + m_lineStart, lineEnd - m_lineStart));
        m_scanned = lineEnd + 1;
        if (m_scanned > m_limits.maxHeaderBytes) {
            fail(431, "Request header fields too large");
            return 0;
        }

        if (!m_haveRequestLine) {
            if (line.isEmpty()) {
                // RFC 9112 2.2: ignore empty lines before the request line (left over after a body).
                const qsizetype used = m_scanned;
                m_scanned = m_lineStart = 0;
                return used;
            }
            if (!parseRequestLine(line))
                return 0;
            m_haveRequestLine = true;
        } else if (line.isEmpty()) {
            const qsizetype used = m_scanned;
            m_scanned = m_lineStart = 0;
            finishHead();
            return used;
        } else if (!parseHeaderLine(line)) {
            return 0;
        }
        m_lineStart = m_scanned;
    }
    if (m_scanned > m_limits.maxHeaderBytes) {
        if (m_haveRequestLine)
            fail(431, "Request header fields too large");
        else
            fail(414, "Request line too long");
    }
    return 0;
}

bool HttpRequestParser::parseRequestLine(QByteArrayView line) {
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype lastSpace = line.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace == firstSpace) {
        fail(400, "Malformed request line");
        return false;
    }
    const QByteArrayView method = line.first(firstSpace);
    QByteArrayView target = line.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(lastSpace + 1);

    if (!isToken(method)) {
        fail(400, "Malformed request method");
        return false;
    }
    if (version == "HTTP/1.1") {
        m_request.httpVersion = 11;
    } else if (version == "HTTP/1.0") {
        m_request.httpVersion = 10;
    } else if (version.size() == 8 && version.startsWith("HTTP/") && version[5] >= '0' && version[5] <= '9' &&
               version[6] == '.' && version[7] >= '0' && version[7] <= '9') {
        fail(505, "HTTP version not supported");
        return false;
    } else {
        fail(400, "Malformed HTTP version");
        return false;
    }

    if (target.isEmpty()) {
        fail(400, "Malformed request target");
        return false;
    }
    for (char ch : target) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7f) {
            fail(400, "Malformed request target");
            return false;
        }
    }

    m_request.method = method.toByteArray();
    if (target == "*") {
        if (m_request.method != "OPTIONS") {
            fail(400, "Asterisk request target is only allowed with OPTIONS");
            return false;
        }
        m_request.rawPath = m_request.path = "*";
        return true;
    }
    if (target.front() != '/') {
        // Absolute form, as sent to proxies: keep only path and query.
        const qsizetype schemeEnd = target.indexOf("://");
        const QByteArrayView scheme = schemeEnd > 0 ? target.first(schemeEnd) : QByteArrayView();
        if (scheme.compare("http", Qt::CaseInsensitive) != 0 &&
            scheme.compare("https", Qt::CaseInsensitive) != 0) {
            fail(400, "Malformed request target");
            return false;
        }
        const qsizetype pathStart = target.indexOf('/', schemeEnd + 3);
        target = pathStart < 0 ? QByteArrayView("/") : target.sliced(pathStart);
    }
    const qsizetype fragment = target.indexOf('#');
    if (fragment >= 0)
        target = target.first(fragment);
    const qsizetype question = target.indexOf('?');
    m_request.rawPath = (question < 0 ? target : target.first(question)).toByteArray();
    if (question >= 0) {
        m_request.rawQuery = target.sliced(question + 1).toByteArray();
        QByteArray formDecoded = m_request.rawQuery;
        formDecoded.replace('+', "%20");
        m_request.query = QUrlQuery(QString::fromUtf8(formDecoded));
    }
    m_request.path = QByteArray::fromPercentEncoding(m_request.rawPath);
    if (m_request.path.contains('\0')) {
        fail(400, "Malformed request target");
        return false;
    }
    return true;
}

bool HttpRequestParser::parseHeaderLine(QByteArrayView line) {
    if (line.front() == ' ' || line.front() == '\t') {
        fail(400, "Obsolete header line folding is not supported");
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    // isToken() also rejects whitespace between name and colon (RFC 9112 5.1 requires a 400 there).
    if (colon <= 0 || !isToken(line.first(colon))) {
        fail(400, "Malformed header line");
        return false;
    }
    const QByteArrayView value = trimOws(line.sliced(colon + 1));
    if (!isValidFieldValue(value)) {
        fail(400, "Invalid character in header value");
        return false;
    }
    const QByteArray name = line.first(colon).toByteArray().toLower();
    auto existing = m_request.headers.find(name);
    if (existing == m_request.headers.end()) {
        m_request.headers.insert(name, value.toByteArray());
        return true;
    }
    if (name == "content-length") {
        // Identical repeats are harmless; differing ones make the body length ambiguous.
        if (*existing != value) {
            fail(400, "Conflicting Content-Length headers");
            return false;
        }
        return true;
    }
    if (name == "host") {
        fail(400, "Multiple Host headers");
        return false;
    }
    existing->append(name == "cookie" ? "; " : ", ");
    existing->append(value);
    return true;
}

bool HttpRequestParser::finishHead() {
    const auto &headers = m_request.headers;
    const bool http11 = m_request.httpVersion >= 11;
    if (http11 && !headers.contains("host")) {
        fail(400, "Missing Host header");
        return false;
    }

    const QByteArray connection = headers.value("connection");
    m_keepAlive = http11 ? !listContains(connection, "close") : listContains(connection, "keep-alive");

    const auto transferEncoding = headers.constFind("transfer-encoding");
    const auto contentLength = headers.constFind("content-length");
    qint64 length = 0;
    if (transferEncoding != headers.constEnd()) {
        if (contentLength != headers.constEnd()) {
            // RFC 9112 6.3: both together smell of request smuggling; refuse instead of guessing.
            fail(400, "Both Transfer-Encoding and Content-Length given");
            return false;
        }
        if (trimOws(*transferEncoding).compare("chunked", Qt::CaseInsensitive) != 0) {
            fail(501, "Unsupported Transfer-Encoding (only chunked is accepted)");
            return false;
        }
        m_chunked = true;
    } else if (contentLength != headers.constEnd()) {
        if (!parseDecimal(*contentLength, &length)) {
            fail(400, "Invalid Content-Length");
            return false;
        }
        if (length > m_limits.maxBodyBytes) {
            fail(413, "Request body too large");
            return false;
        }
    }

    const auto expect = headers.constFind("expect");
    if (expect != headers.constEnd() && http11) {
        if (expect->compare("100-continue", Qt::CaseInsensitive) != 0) {
            fail(417, "Unsupported Expect header (only 100-continue is understood)");
            return false;
        }
        m_expectContinue = m_chunked || length > 0;
    }

    if (m_request.method == "HEAD") {
        m_request.method = "GET";
        m_request.isHead = true;
    }

    if (m_chunked) {
        m_state = State::ChunkSize;
    } else if (length > 0) {
        m_remaining = length;
        // Reserve what is likely to come, but don't let a lying Content-Length allocate 64 MiB up front.
        m_request.body.reserve(static_cast<qsizetype>(qMin<qint64>(length, 1024 * 1024)));
        m_state = State::Body;
    } else {
        m_state = State::Complete;
    }
    return true;
}

qsizetype HttpRequestParser::feedBody(const char *data, qsizetype size) {
    const qsizetype take = static_cast<qsizetype>(qMin<qint64>(m_remaining, size));
    m_request.body.append(data, take);
    m_remaining -= take;
    if (m_remaining == 0)
        m_state = State::Complete;
    return take;
}

qsizetype HttpRequestParser::feedChunkSize(const char *data, qsizetype size) {
    constexpr qsizetype maxLine = 4096; // size + extensions; nobody needs more
    const char *newline = findNewline(data, qMin(size, maxLine + 1));
    if (!newline) {
        if (size > maxLine)
            fail(400, "Chunk size line too long");
        return 0;
    }
    QByteArrayView line = stripCr(QByteArrayView(data, newline - data));
    const qsizetype extension = line.indexOf(';');
    if (extension >= 0)
        line = line.first(extension);
    qint64 chunkSize = 0;
    if (!parseHex(trimOws(line), &chunkSize)) {
        fail(400, "Malformed chunk size");
        return 0;
    }
    if (chunkSize == 0) {
        m_state = State::Trailers;
    } else if (m_request.body.size() + chunkSize > m_limits.maxBodyBytes) {
        fail(413, "Request body too large");
        return 0;
    } else {
        m_remaining = chunkSize;
        m_state = State::ChunkData;
    }
    return newline - data + 1;
}

qsizetype HttpRequestParser::feedChunkData(const char *data, qsizetype size) {
    const qsizetype take = static_cast<qsizetype>(qMin<qint64>(m_remaining, size));
    m_request.body.append(data, take);
    m_remaining -= take;
    if (m_remaining == 0)
        m_state = State::ChunkDataEnd;
    return take;
}

qsizetype HttpRequestParser::feedChunkDataEnd(const char *data, qsizetype size) {
    if (size == 0)
        return 0;
    if (data[0] == '\n') {
        m_state = State::ChunkSize;
        return 1;
    }
    if (data[0] != '\r') {
        fail(400, "Missing CRLF after chunk data");
        return 0;
    }
    if (size < 2)
        return 0;
    if (data[1] != '\n') {
        fail(400, "Missing CRLF after chunk data");
        return 0;
    }
    m_state = State::ChunkSize;
    return 2;
}

qsizetype HttpRequestParser::feedTrailers(const char *data, qsizetype size) {
    // Trailer fields are read and dropped: nothing in Infrahub's API uses them.
    qsizetype consumed = 0;
    while (consumed < size) {
        const char *newline = findNewline(data + consumed, size - consumed);
        if (!newline)
            break;
        const qsizetype lineLength = newline - (data + consumed);
        const bool blank = stripCr(QByteArrayView(data + consumed, lineLength)).isEmpty();
        consumed += lineLength + 1;
        m_trailerBytes += lineLength + 1;
        if (m_trailerBytes > m_limits.maxHeaderBytes) {
            fail(431, "Request trailer fields too large");
            return consumed;
        }
        if (blank) {
            m_state = State::Complete;
            return consumed;
        }
    }
    if (m_trailerBytes + (size - consumed) > m_limits.maxHeaderBytes)
        fail(431, "Request trailer fields too large");
    return consumed;
}

void HttpRequestParser::fail(int status, const char *message) {
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorMessage = message;
}

HttpRequest HttpRequestParser::takeRequest() {
    HttpRequest request = std::move(m_request);
    reset();
    return request;
}

void HttpRequestParser::reset() {
    m_request = HttpRequest();
    m_state = State::Head;
    m_scanned = m_lineStart = 0;
    m_haveRequestLine = false;
    m_remaining = 0;
    m_trailerBytes = 0;
    m_chunked = false;
    m_expectContinue = false;
    m_keepAlive = true;
    m_errorStatus = 0;
    m_errorMessage.clear();
}

} // namespace infrahub::sandbox
