// Incremental HTTP/1.1 request parser. The connection feeds it whatever bytes arrived; it consumes what
// it can, keeps its position between calls (so a request trickling in byte by byte is scanned once, not
// quadratically) and stops after one complete request, which keeps pipelined requests in the caller's
// buffer until the previous one is answered. No regex, no per-byte allocations.
#pragma once

#include "httprequest.h"

namespace infrahub::sandbox {

class HttpRequestParser {
public:
    struct Limits {
        qsizetype maxHeaderBytes = 64 * 1024;     // request line + headers (and chunked trailers)
        qint64 maxBodyBytes = 64LL * 1024 * 1024; // decoded body
    };

    enum class State {
        Head,         // waiting for the request line and headers
        Body,         // reading a Content-Length body
        ChunkSize,    // chunked body: waiting for a chunk-size line
        ChunkData,    // chunked body: inside a chunk
        ChunkDataEnd, // chunked body: the CRLF after a chunk
        Trailers,     // chunked body: trailer fields after the last chunk
        Complete,     // takeRequest() hands it out
        Failed,       // errorStatus()/errorMessage() say why; the connection must be closed
    };

    void setLimits(const Limits &limits) { m_limits = limits; }

    // Consumes bytes of data and returns how many. Stops early at Complete or Failed; bytes of a head
    // that is not complete yet are not consumed (the caller passes them again with more appended).
    qsizetype feed(const char *data, qsizetype size);

    State state() const { return m_state; }
    // True once the head is parsed (the body may still be on its way).
    bool headComplete() const { return m_state != State::Head && m_state != State::Failed; }
    // True when nothing of a next request has been seen (used for idle timeouts).
    bool isIdle() const { return m_state == State::Head && m_scanned == 0; }
    // The client sent "Expect: 100-continue" and waits for an interim response before the body.
    bool expectsContinue() const { return m_expectContinue; }
    // Whether the connection may stay open after this request (HTTP version and Connection header).
    bool keepAlive() const { return m_keepAlive; }

    int errorStatus() const { return m_errorStatus; }
    const QByteArray &errorMessage() const { return m_errorMessage; }

    // Hands out the complete request and starts over with the next one.
    HttpRequest takeRequest();

private:
    qsizetype feedHead(const char *data, qsizetype size);
    qsizetype feedBody(const char *data, qsizetype size);
    qsizetype feedChunkSize(const char *data, qsizetype size);
    qsizetype feedChunkData(const char *data, qsizetype size);
    qsizetype feedChunkDataEnd(const char *data, qsizetype size);
    qsizetype feedTrailers(const char *data, qsizetype size);

    bool parseRequestLine(QByteArrayView line);
    bool parseHeaderLine(QByteArrayView line);
    bool finishHead();
    void fail(int status, const char *message);
    void reset();

    Limits m_limits;
    State m_state = State::Head;
    HttpRequest m_request;

    // Head scanning: offsets relative to the first unconsumed byte, i.e. the start of the head.
    qsizetype m_scanned = 0;   // bytes already searched for line ends
    qsizetype m_lineStart = 0; // start of the line being scanned
    bool m_haveRequestLine = false;

    qint64 m_remaining = 0; // bytes left of the Content-Length body or of the current chunk
    qsizetype m_trailerBytes = 0;
    bool m_chunked = false;
    bool m_expectContinue = false;
    bool m_keepAlive = true;

    int m_errorStatus = 0;
    QByteArray m_errorMessage;
};

} // namespace infrahub::sandbox
