// One client connection of HttpServer: reads into a single buffer, parses requests one at a time (so
// pipelined requests are answered in order), applies the fault decision, hands the request to the
// handler and writes the answer whenever the Responder is called. Internal to HttpServer.
#pragma once

#include "faultinjector.h"
#include "httprequestparser.h"
#include "httpresponse.h"

#include <QHostAddress>
#include <QObject>

class QTcpSocket;

namespace infrahub::sandbox {

class HttpServer;

class HttpConnection : public QObject {
    Q_OBJECT

public:
    HttpConnection(QTcpSocket *socket, HttpServer *server);
    ~HttpConnection() override;

    // Called by the server's housekeeping timer: closes idle keep-alive connections and answers 408 to
    // requests that stopped arriving halfway.
    void checkTimeouts(qint64 nowMs);
    // Immediate close without a response (server shutdown).
    void abortNow();

    // Entry point of the Responder: writes the answer to request `serial` if it is still the one waiting.
    void deliver(quint64 serial, HttpResponse response);

private:
    void process();
    void scheduleProcess();
    void readFromSocket();
    void dispatch(HttpRequest request, bool keepAlive);
    void act(quint64 serial, const HttpRequest &request, const FaultInjector::Decision &decision);
    void finishRequest();
    void writeResponse(const HttpResponse &response, bool close);
    void refuse(int status, const QByteArray &message);
    void startClosing();
    void halfClose();
    void onBytesWritten();
    void onDisconnected();

    HttpServer *m_server;
    QTcpSocket *m_socket;
    QHostAddress m_peer;
    HttpRequestParser m_parser;

    // Received bytes; [m_pos, size) is not consumed yet. Compacted lazily, so a pipelined burst is not
    // memmoved once per request.
    QByteArray m_in;
    qsizetype m_pos = 0;

    quint64 m_serial = 0;    // of the request currently waiting for its response
    bool m_busy = false;     // a request is dispatched and not answered yet
    bool m_keepAlive = true; // of the current request
    bool m_isHead = false;   // of the current request
    int m_httpVersion = 11;  // of the current request
    bool m_continueSent = false;
    bool m_processing = false; // inside process(): a synchronous answer lets its loop continue
    bool m_processQueued = false;
    bool m_closing = false; // no more requests; waiting for the output to drain and the peer to go
    bool m_halfClosed = false;
    bool m_closed = false;
    qint64 m_lastActivityMs = 0;
};

} // namespace infrahub::sandbox
