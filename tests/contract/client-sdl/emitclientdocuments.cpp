// Writes every GraphQL document the client's renderers emit for a schema (clientdocuments.h) as JSON lines,
// and that schema's SDL as the sandbox prints it, for check-client-documents.mjs to validate with graphql-js.
//   emit-client-documents --schema demo|demo-base --out DOCS.jsonl --sdl-out SCHEMA.graphql
// demo       the sandbox's demo schema: core + Infrahub's models/base + the console's extension
// demo-base  the real demo schema: core + models/base only (what the real SDL subset was printed from)
// Each line: {"schema", "name", "kind", "operationName", "query", "variables"}. Exit 0, or 2 on bad input
// or when a request that should render did not (the failures are printed).
#include "clientdocuments.h"
#include "graphqltypesystem.h"
#include "schemacompiler.h"
#include "sdlprinter.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using namespace infrahub;

namespace {

int fail(const QString &message) {
    std::fprintf(stderr, "emit-client-documents: %s\n", qPrintable(message));
    return 2;
}

std::optional<QJsonObject> compileSchema(const QString &name, QString *error) {
    sandbox::SchemaCompiler compiler;
    compiler.addCoreSchema();
    if (name == u"demo") {
        compiler.addDemoSchema();
    } else if (name == u"demo-base") {
        for (const QString &path : sandbox::SchemaCompiler::demoSchemaResources())
            if (!path.endsWith(u"console-extensions.yml") && !compiler.addFile(path, error))
                return std::nullopt;
    } else {
        *error = QStringLiteral("unknown schema '%1' (demo or demo-base)").arg(name);
        return std::nullopt;
    }
    return compiler.compile(error);
}

bool writeFile(const QString &path, const QByteArray &bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QString schemaName, out, sdlOut;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == u"--schema")
            schemaName = args.at(i + 1);
        else if (args.at(i) == u"--out")
            out = args.at(i + 1);
        else if (args.at(i) == u"--sdl-out")
            sdlOut = args.at(i + 1);
        else
            return fail(QStringLiteral("unknown argument %1").arg(args.at(i)));
    }
    if (schemaName.isEmpty() || out.isEmpty() || sdlOut.isEmpty())
        return fail(QStringLiteral("usage: emit-client-documents --schema NAME --out FILE --sdl-out FILE"));

    QString error;
    const std::optional<QJsonObject> body = compileSchema(schemaName, &error);
    if (!body)
        return fail(error);
    const std::optional<SchemaSet> schema = SchemaSet::fromApiJson(*body, &error);
    if (!schema)
        return fail(error);

    const contract::ClientDocumentCorpus corpus = contract::renderClientDocuments(*schema);
    for (const QString &f : corpus.failures)
        std::fprintf(stderr, "render failure: %s\n", qPrintable(f));
    if (!corpus.failures.isEmpty())
        return fail(QStringLiteral("%1 requests did not render").arg(corpus.failures.size()));

    QByteArray lines;
    for (const contract::ClientDocument &d : corpus.documents) {
        const QJsonObject line{{QStringLiteral("schema"), schemaName},
                               {QStringLiteral("name"), d.name},
                               {QStringLiteral("kind"), d.kind},
                               {QStringLiteral("operationName"), d.request.operationName},
                               {QStringLiteral("query"), d.request.query},
                               {QStringLiteral("variables"), d.request.variables}};
        lines += QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    }
    if (!writeFile(out, lines))
        return fail(QStringLiteral("cannot write %1").arg(out));
    const sandbox::gql::TypeSystem types = sandbox::gql::TypeSystem::fromSchema(*schema);
    if (!writeFile(sdlOut, sandbox::gql::printSdl(types).toUtf8()))
        return fail(QStringLiteral("cannot write %1").arg(sdlOut));
    std::printf("emit-client-documents: %s: %lld kinds, %lld documents -> %s\n", qPrintable(schemaName),
                qlonglong(schema->kinds().size()), qlonglong(corpus.documents.size()), qPrintable(out));
    return 0;
}
