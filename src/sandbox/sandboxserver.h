// The sandbox server: Infrahub's HTTP API (REST under /api, GraphQL at /graphql[/branch]) over the
// in-memory store, with Infrahub's auth and the fault injection that tests and benchmarks use. One
// instance per process or per test; everything runs on the thread that owns it, and injected latency
// never serialises requests.
#pragma once

#include "sandbox/engine/demodataset.h"
#include "sandbox/engine/sandboxstore.h"
#include "sandbox/http/httpserver.h"
#include "sandbox/http/sandboxauth.h"
#include "sandboxdevices.h"
#include "sandboxoptions.h"

#include <QCache>
#include <QFile>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace infrahub::sandbox {

namespace gql {
class TypeSystem;
struct Document;
struct ValidationError;
} // namespace gql

class SandboxServer : public QObject {
    Q_OBJECT

public:
    explicit SandboxServer(SandboxOptions options, QObject *parent = nullptr);
    ~SandboxServer() override;

    // Compiles the schema, loads or generates data and starts listening. False with *error on failure
    // (bad schema file, unreadable data file, port in use...).
    bool start(QString *error);
    void stop();

    QUrl url() const { return m_http.url(); }
    quint16 port() const { return m_http.serverPort(); }
    const SandboxOptions &options() const { return m_options; }

    HttpServer &http() { return m_http; }
    FaultInjector &faults() { return m_http.faults(); }
    SandboxAuth &auth() { return m_auth; }
    SandboxStore &store() { return *m_store; }
    const QJsonObject &apiSchema() const { return m_apiSchema; }
    const gql::TypeSystem &typeSystem() const { return *m_types; }
    // The dataset's devices answering SSH (options().deviceSsh), or nullptr when that is off.
    SandboxDevices *devices() const { return m_devices.get(); }
    DemoDatasetSummary datasetSummary() const { return m_summary; }
    // Writes the data file now (with persist on, changes are otherwise saved shortly after they happen).
    bool saveData(QString *error);

    // Runs one GraphQL request as POST /graphql/{branch} would, without HTTP (benchmarks, tests).
    // `authenticated` stands for a request that carried valid credentials.
    HttpResponse executeGraphQL(const QString &branch, const QJsonObject &request, bool authenticated);

Q_SIGNALS:
    // Emitted after a mutation changed the data of `branch`.
    void dataChanged(const QString &branch);

private:
    void handle(const HttpRequest &request, Responder respond);
    HttpResponse handleGraphQL(const HttpRequest &request, const QString &branch);
    HttpResponse handleApi(const HttpRequest &request);
    void logRequest(const QString &branch, const QJsonObject &request);
    std::shared_ptr<const gql::Document> parsed(const QString &query, QString *errorMessage, int *line,
                                                int *column);

    SandboxOptions m_options;
    HttpServer m_http;
    SandboxAuth m_auth;
    std::unique_ptr<SandboxStore> m_store;
    std::unique_ptr<gql::TypeSystem> m_types;
    QJsonObject m_apiSchema;
    QByteArray m_schemaSummaryBody;
    QByteArray m_schemaBody;
    QByteArray m_sdl;
    DemoDatasetSummary m_summary;
    QTimer m_saveTimer;
    std::unique_ptr<QFile> m_requestLog;
    std::unique_ptr<QFile> m_envRequestLog;
    std::unique_ptr<SandboxDevices> m_devices;
    // Parsed documents by query text: clients send the same few queries over and over.
    QHash<QString, std::shared_ptr<const gql::Document>> m_documentCache;
    QHash<QString, QList<gql::ValidationError>> m_validationCache; // by operation name + query text
};

} // namespace infrahub::sandbox
