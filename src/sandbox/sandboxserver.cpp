#include "sandboxserver.h"

#include "sandbox/engine/operationexecutor.h"
#include "sandbox/graphql/graphqlparser.h"
#include "sandbox/graphql/graphqltypesystem.h"
#include "sandbox/graphql/graphqlvalidator.h"
#include "sandbox/graphql/sdlprinter.h"
#include "sandbox/schema/schemacompiler.h"
#include "sandbox/schema/schemajson.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QUrl>

namespace infrahub::sandbox {

namespace {

// REST errors use Infrahub's legacy envelope: the HTTP status repeated as an integer `code`.
HttpResponse legacyError(int status, const QString &message) {
    return HttpResponse::legacyError(status, message);
}

HttpResponse jsonResponse(const QJsonObject &body, int status = 200) {
    return HttpResponse::json(status, QJsonDocument(body));
}

// The catalogue `extensions` the newest Infrahub adds to every GraphQL error: errors the catalogue does not
// cover (validation errors among them) are UNDEFINED_ERROR, 500, with an empty payload.
QJsonObject undefinedErrorExtensions() {
    return QJsonObject{{QStringLiteral("code"), QStringLiteral("UNDEFINED_ERROR")},
                       {QStringLiteral("http_status"), 500},
                       {QStringLiteral("data"), QJsonObject()}};
}

QJsonObject errorBody(const QString &message, int line, int column, const QJsonObject &extensions = {}) {
    QJsonObject error{{QStringLiteral("message"), message}};
    if (line > 0)
        error.insert(
            QStringLiteral("locations"),
            QJsonArray{QJsonObject{{QStringLiteral("line"), line}, {QStringLiteral("column"), column}}});
    if (!extensions.isEmpty())
        error.insert(QStringLiteral("extensions"), extensions);
    return QJsonObject{{QStringLiteral("data"), QJsonValue::Null},
                       {QStringLiteral("errors"), QJsonArray{error}}};
}

// An authentication failure on /graphql: SandboxAuth's answer (legacy envelope, right status and messages)
// re-enveloped as Infrahub's exception handler does for GraphQL paths (REST keeps the legacy integer code):
// the same HTTP status, `data: null`, and catalogue extensions, TOKEN_EXPIRED for "Expired Signature" (the
// message the SDK refreshes on) and AUTHENTICATION_REQUIRED for every other 401.
HttpResponse graphqlAuthError(const HttpResponse &legacy) {
    QJsonArray errors;
    const QJsonArray legacyErrors = QJsonDocument::fromJson(legacy.body).object().value(u"errors").toArray();
    for (const QJsonValue &e : legacyErrors) {
        const QString message = e.toObject().value(u"message").toString();
        const QString code = legacy.status == 403 ? QStringLiteral("PERMISSION_DENIED")
                             : message.contains(u"Expired Signature")
                                 ? QStringLiteral("TOKEN_EXPIRED")
                                 : QStringLiteral("AUTHENTICATION_REQUIRED");
        errors.append(QJsonObject{
            {QStringLiteral("message"), message},
            {QStringLiteral("extensions"), QJsonObject{{QStringLiteral("code"), code},
                                                       {QStringLiteral("http_status"), legacy.status},
                                                       {QStringLiteral("data"), QJsonObject()}}}});
    }
    HttpResponse response = HttpResponse::json(
        legacy.status, QJsonDocument(QJsonObject{{QStringLiteral("data"), QJsonValue::Null},
                                                 {QStringLiteral("errors"), errors}}));
    response.headers = legacy.headers;
    return response;
}

bool isSecretName(const QString &name) {
    const QString lower = name.toLower();
    return lower.contains(u"password") || lower.contains(u"token") || lower.contains(u"secret");
}

// Variables are logged for inspection, but never values that look like credentials.
QJsonValue redacted(const QJsonValue &value, const QString &name = {}) {
    if (!name.isEmpty() && isSecretName(name) && !value.isNull())
        return QStringLiteral("***");
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject in = value.toObject();
        for (auto it = in.begin(); it != in.end(); ++it)
            out.insert(it.key(), redacted(it.value(), it.key()));
        return out;
    }
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(redacted(v));
        return out;
    }
    return value;
}

} // namespace

SandboxServer::SandboxServer(SandboxOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options)) {
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(300);
    connect(&m_saveTimer, &QTimer::timeout, this, [this] {
        QString error;
        if (!saveData(&error))
            qWarning("infrahub-sandbox: cannot save %s: %s", qPrintable(m_options.dataFile),
                     qPrintable(error));
    });
}

SandboxServer::~SandboxServer() {
    if (m_saveTimer.isActive()) {
        QString error;
        saveData(&error);
    }
}

bool SandboxServer::start(QString *error) {
    SchemaCompiler compiler;
    compiler.addCoreSchema();
    if (m_options.schemaFiles.isEmpty()) {
        compiler.addDemoSchema();
    } else {
        for (const QString &file : std::as_const(m_options.schemaFiles))
            if (!compiler.addFile(file, error))
                return false;
    }
    const std::optional<QJsonObject> schema = compiler.compile(error);
    if (!schema)
        return false;
    m_apiSchema = *schema;
    // Served as text in the real server's key order (a QJsonDocument would sort the keys).
    m_schemaBody = serializeSchemaJson(m_apiSchema, SchemaJsonShape::ApiSchema);
    m_schemaSummaryBody = serializeSchemaJson(schemaSummary(m_apiSchema), SchemaJsonShape::Summary);
    std::optional<SchemaSet> set = SchemaSet::fromApiJson(m_apiSchema, error);
    if (!set)
        return false;
    auto shared = std::make_shared<const SchemaSet>(std::move(*set));
    m_types = std::make_unique<gql::TypeSystem>(gql::TypeSystem::fromSchema(*shared));
    m_sdl = printSdl(*m_types).toUtf8();
    m_store = std::make_unique<SandboxStore>(shared);

    if (!m_options.dataFile.isEmpty() && QFileInfo::exists(m_options.dataFile)) {
        QFile file(m_options.dataFile);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(m_options.dataFile, file.errorString());
            return false;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
        if (!doc.isObject()) {
            *error = QStringLiteral("%1 is not valid JSON: %2 (at byte %3)")
                         .arg(m_options.dataFile, parseError.errorString())
                         .arg(parseError.offset);
            return false;
        }
        QString loadError;
        if (!m_store->loadJson(doc.object(), &loadError)) {
            *error = QStringLiteral("%1: %2").arg(m_options.dataFile, loadError);
            return false;
        }
    } else if (!m_options.emptyDataset && (m_options.schemaFiles.isEmpty() || m_options.devices > 0)) {
        const auto summary = DemoDataset::populate(*m_store, m_options.devices, error);
        if (!summary)
            return false;
        m_summary = *summary;
    }

    m_auth.setAllowAnonymous(m_options.allowAnonymous);
    m_auth.setAccessTokenLifetime(m_options.accessTokenLifetime);
    for (const auto &[name, password] : std::as_const(m_options.users))
        m_auth.addAccount(name, password);
    if (!m_options.tokens.isEmpty()) {
        if (!m_auth.hasAccount(QStringLiteral("admin")))
            m_auth.addAccount(QStringLiteral("admin"),
                              QString::fromLatin1(QUuid::createUuid().toRfc4122().toHex()));
        for (const QByteArray &token : std::as_const(m_options.tokens))
            m_auth.addApiToken(token, QStringLiteral("admin"));
    }
    m_http.faults().setSettings(m_options.faults);

    auto openLog = [error](const QString &path, std::unique_ptr<QFile> &target) {
        target = std::make_unique<QFile>(path);
        if (!target->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
            *error = QStringLiteral("cannot open request log %1: %2").arg(path, target->errorString());
            return false;
        }
        return true;
    };
    if (!m_options.requestLogFile.isEmpty() && !openLog(m_options.requestLogFile, m_requestLog))
        return false;
    const QString envLog = qEnvironmentVariable("INFRAHUB_SANDBOX_REQUEST_LOG");
    if (!envLog.isEmpty() && envLog != m_options.requestLogFile && !openLog(envLog, m_envRequestLog))
        return false;

    // The devices answer SSH in threads of their own: nothing here ever waits for them.
    if (m_options.deviceSsh.enabled) {
        m_devices = std::make_unique<SandboxDevices>(*m_store, m_options.deviceSsh);
        if (!m_devices->start(error)) {
            m_devices.reset();
            return false;
        }
        connect(this, &SandboxServer::dataChanged, m_devices.get(), &SandboxDevices::onDataChanged);
    }

    m_http.setHandler(
        [this](const HttpRequest &request, Responder respond) { handle(request, std::move(respond)); });
    if (!m_http.listen(m_options.address, m_options.port, error)) {
        m_devices.reset();
        return false;
    }
    return true;
}

void SandboxServer::stop() {
    m_http.close();
    if (m_devices)
        m_devices->stop();
}

bool SandboxServer::saveData(QString *error) {
    if (m_options.dataFile.isEmpty())
        return true;
    m_saveTimer.stop();
    // QSaveFile writes a temporary file and renames it: a crash mid-write never leaves a truncated file.
    QSaveFile file(m_options.dataFile);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    file.write(QJsonDocument(m_store->toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void SandboxServer::handle(const HttpRequest &request, Responder respond) {
    const QByteArray &path = request.path;
    if (path == "/graphql" || path.startsWith("/graphql/")) {
        if (request.method != "POST") {
            HttpResponse r = jsonResponse(
                QJsonObject{{QStringLiteral("detail"), QStringLiteral("Method Not Allowed")}}, 405);
            r.setHeader("Allow", "POST, OPTIONS");
            respond(r);
            return;
        }
        // The branch is everything after /graphql/, taken from the raw path so that a percent-encoded '/'
        // inside the name (as newer SDKs send it) decodes to a branch name with a slash.
        QString branch = QStringLiteral("main");
        if (request.rawPath.size() > 9)
            branch = QUrl::fromPercentEncoding(request.rawPath.mid(9));
        respond(handleGraphQL(request, branch));
        return;
    }
    if (path == "/schema.graphql" && request.method == "GET") {
        const QString branch = request.query.queryItemValue(QStringLiteral("branch"));
        if (!branch.isEmpty() && !m_store->branch(branch)) {
            respond(legacyError(400, QStringLiteral("Branch: %1 not found.").arg(branch)));
            return;
        }
        HttpResponse r;
        r.contentType = "text/plain; charset=utf-8";
        r.body = m_sdl;
        respond(r);
        return;
    }
    if (path.startsWith("/api/")) {
        respond(handleApi(request));
        return;
    }
    respond(jsonResponse(QJsonObject{{QStringLiteral("detail"), QStringLiteral("Not Found")}}, 404));
}

HttpResponse SandboxServer::handleApi(const HttpRequest &request) {
    const QByteArray &path = request.path;
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    if (post && path == "/api/auth/login")
        return m_auth.login(request);
    if (post && path == "/api/auth/refresh")
        return m_auth.refresh(request);
    if (post && path == "/api/auth/logout")
        return m_auth.logout(request);
    if (get && path == "/api/info")
        return jsonResponse({{QStringLiteral("deployment_id"), m_store->deploymentId()},
                             {QStringLiteral("version"), QStringLiteral("1.2.0")}});
    if (get && path == "/api/config") {
        return jsonResponse(
            {{QStringLiteral("main"),
              QJsonObject{{QStringLiteral("docs_index_path"),
                           QStringLiteral("/opt/infrahub/docs/build/search-index.json")},
                          {QStringLiteral("internal_address"), m_http.url().toString()},
                          {QStringLiteral("allow_anonymous_access"), m_options.allowAnonymous},
                          {QStringLiteral("telemetry_optout"), true},
                          {QStringLiteral("telemetry_endpoint"), QJsonValue::Null},
                          {QStringLiteral("telemetry_interval"), 86400},
                          {QStringLiteral("permission_backends"),
                           QJsonArray{QStringLiteral("infrahub.permissions.LocalPermissionBackend")}}}},
             {QStringLiteral("logging"),
              QJsonObject{{QStringLiteral("remote"), QJsonObject{{QStringLiteral("enable"), false}}}}},
             {QStringLiteral("analytics"), QJsonObject{{QStringLiteral("enable"), false}}},
             {QStringLiteral("experimental_features"), QJsonObject{{QStringLiteral("graphql_enums"), false}}},
             {QStringLiteral("sso"),
              QJsonObject{{QStringLiteral("enabled"), false}, {QStringLiteral("providers"), QJsonArray()}}}});
    }
    if (get && (path == "/api/schema" || path.startsWith("/api/schema/"))) {
        const AuthResult auth = m_auth.authenticate(request);
        if (!auth.mayRead())
            return auth.error;
        const QString branch = request.query.queryItemValue(QStringLiteral("branch"));
        if (!branch.isEmpty() && !m_store->branch(branch))
            return legacyError(400, QStringLiteral("Branch: %1 not found.").arg(branch));
        if (path == "/api/schema" || path == "/api/schema/") {
            const QStringList namespaces = request.query.allQueryItemValues(QStringLiteral("namespaces"));
            if (namespaces.isEmpty()) {
                HttpResponse r;
                r.body = m_schemaBody;
                return r;
            }
            QJsonObject filtered = m_apiSchema;
            for (const QString &section :
                 {QStringLiteral("nodes"), QStringLiteral("generics"), QStringLiteral("profiles")}) {
                QJsonArray kept;
                for (const QJsonValue &k : m_apiSchema.value(section).toArray())
                    if (namespaces.contains(k.toObject().value(u"namespace").toString()))
                        kept.append(k);
                filtered.insert(section, kept);
            }
            HttpResponse r;
            r.body = serializeSchemaJson(filtered, SchemaJsonShape::ApiSchema);
            return r;
        }
        if (path == "/api/schema/summary") {
            HttpResponse r;
            r.body = m_schemaSummaryBody;
            return r;
        }
        const QString kind = QString::fromUtf8(path.mid(12));
        for (const QString &section :
             {QStringLiteral("nodes"), QStringLiteral("generics"), QStringLiteral("profiles")}) {
            for (const QJsonValue &k : m_apiSchema.value(section).toArray()) {
                if (k.toObject().value(u"kind").toString() == kind) {
                    HttpResponse r;
                    r.body = serializeSchemaJson(k.toObject(), SchemaJsonShape::Kind);
                    return r;
                }
            }
        }
        return legacyError(422, QStringLiteral("Unable to find the schema %1").arg(kind));
    }
    return legacyError(
        404, QStringLiteral("The requested endpoint %1 does not exist").arg(QString::fromUtf8(path)));
}

std::shared_ptr<const gql::Document> SandboxServer::parsed(const QString &query, QString *errorMessage,
                                                           int *line, int *column) {
    if (const auto cached = m_documentCache.value(query))
        return cached;
    auto result = gql::parseDocument(query);
    if (auto *parseError = std::get_if<gql::ParseError>(&result)) {
        *errorMessage = parseError->message;
        *line = parseError->location.line;
        *column = parseError->location.column;
        return nullptr;
    }
    auto document = std::make_shared<const gql::Document>(std::move(std::get<gql::Document>(result)));
    if (m_documentCache.size() > 1024)
        m_documentCache.clear();
    m_documentCache.insert(query, document);
    return document;
}

void SandboxServer::logRequest(const QString &branch, const QJsonObject &request) {
    if (!m_requestLog && !m_envRequestLog)
        return;
    const QJsonObject line{
        {QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("branch"), branch},
        {QStringLiteral("operationName"), request.value(u"operationName")},
        {QStringLiteral("query"), request.value(u"query")},
        {QStringLiteral("variables"), redacted(request.value(u"variables"))}};
    const QByteArray text = QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    for (QFile *f : {m_requestLog.get(), m_envRequestLog.get()}) {
        if (f) {
            f->write(text);
            f->flush();
        }
    }
}

HttpResponse SandboxServer::handleGraphQL(const HttpRequest &request, const QString &branch) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (doc.isArray())
        return jsonResponse(
            {{QStringLiteral("errors"), QJsonArray{QStringLiteral("This server does not support batching")}}},
            400);
    if (!doc.isObject())
        return jsonResponse(
            {{QStringLiteral("errors"),
              QJsonArray{QJsonObject{
                  {QStringLiteral("message"), QStringLiteral("Unable to parse the request body as JSON: %1")
                                                  .arg(parseError.errorString())}}}}},
            400);
    if (!m_store->branch(branch))
        return jsonResponse(
            {{QStringLiteral("errors"), QJsonArray{QStringLiteral("Branch: %1 not found.").arg(branch)}}},
            404);
    const AuthResult auth = m_auth.authenticate(request);
    if (!auth.mayRead())
        return graphqlAuthError(auth.error);
    return executeGraphQL(branch, doc.object(), auth.mayWrite());
}

HttpResponse SandboxServer::executeGraphQL(const QString &branchName, const QJsonObject &request,
                                           bool authenticated) {
    logRequest(branchName, request);
    BranchState *branch = m_store->branch(branchName);
    if (!branch)
        return jsonResponse(
            {{QStringLiteral("errors"), QJsonArray{QStringLiteral("Branch: %1 not found.").arg(branchName)}}},
            404);
    const QString query = request.value(u"query").toString();
    if (query.isEmpty())
        // Infrahub's GraphQL app answers request-level problems with a list of plain strings.
        return jsonResponse(
            {{QStringLiteral("errors"), QJsonArray{QStringLiteral("Must provide query string.")}}}, 400);
    const QJsonValue variablesValue = request.value(u"variables");
    if (!variablesValue.isUndefined() && !variablesValue.isNull() && !variablesValue.isObject())
        return jsonResponse(
            {{QStringLiteral("errors"), QJsonArray{QStringLiteral("Variables are invalid JSON.")}}}, 400);
    const QString operationName = request.value(u"operationName").toString();

    QString message;
    int line = 0, column = 0;
    const std::shared_ptr<const gql::Document> document = parsed(query, &message, &line, &column);
    if (!document)
        return jsonResponse(errorBody(message, line, column));
    // Validation depends only on the document and the operation chosen: cached next to the parsed document.
    const QString validationKey = operationName + QLatin1Char('\n') + query;
    auto cachedValidation = m_validationCache.constFind(validationKey);
    if (cachedValidation == m_validationCache.cend()) {
        if (m_validationCache.size() > 1024)
            m_validationCache.clear();
        cachedValidation =
            m_validationCache.insert(validationKey, gql::validate(*document, *m_types, operationName, query));
    }
    const QList<gql::ValidationError> &errors = cachedValidation.value();
    if (!errors.isEmpty()) {
        QJsonArray list;
        for (const gql::ValidationError &e : errors) {
            QJsonObject item{{QStringLiteral("message"), e.message}};
            QJsonArray locations;
            for (const gql::SourceLocation &l : e.locations)
                locations.append(
                    QJsonObject{{QStringLiteral("line"), l.line}, {QStringLiteral("column"), l.column}});
            if (!locations.isEmpty())
                item.insert(QStringLiteral("locations"), locations);
            item.insert(QStringLiteral("extensions"), undefinedErrorExtensions());
            list.append(item);
        }
        return jsonResponse({{QStringLiteral("data"), QJsonValue::Null}, {QStringLiteral("errors"), list}});
    }
    const gql::OperationDefinition *operation = nullptr;
    for (const gql::OperationDefinition &op : document->operations)
        if (operationName.isEmpty() || op.name == operationName)
            operation = &op;
    if (!operation)
        return jsonResponse(
            errorBody(QStringLiteral("Unknown operation named '%1'.").arg(operationName), 0, 0));
    if (operation->type == gql::OperationDefinition::Type::Subscription)
        return jsonResponse(errorBody(QStringLiteral("Subscriptions are only served over WebSocket."), 0, 0));
    // Infrahub's permission checker rejects anonymous mutations before anything runs, with a real 401.
    if (operation->type == gql::OperationDefinition::Type::Mutation && !authenticated)
        return graphqlAuthError(SandboxAuth::authenticationRequired());

    auto coerced = gql::coerceVariables(*operation, variablesValue.toObject(), *m_types);
    if (auto *error = std::get_if<gql::ValidationError>(&coerced)) {
        const int l = error->locations.isEmpty() ? 0 : error->locations.constFirst().line;
        const int c = error->locations.isEmpty() ? 0 : error->locations.constFirst().column;
        return jsonResponse(errorBody(error->message, l, c, undefinedErrorExtensions()));
    }
    OperationExecutor executor(*m_store);
    HttpResponse response;
    response.body = executor.execute(*document, *operation, std::get<QJsonObject>(coerced), *branch);
    if (operation->type == gql::OperationDefinition::Type::Mutation) {
        if (m_options.persist)
            m_saveTimer.start();
        Q_EMIT dataChanged(branchName);
    }
    return response;
}

} // namespace infrahub::sandbox
