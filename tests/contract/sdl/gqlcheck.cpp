// Command-line access to the sandbox's GraphQL type system for the graphql-js contract checks.
//   gqlcheck sdl --out FILE SCHEMA               print the SDL of SCHEMA to FILE
//   gqlcheck validate --corpus FILE SCHEMA       validate each document of FILE (documents separated by a
//                                                line "#---"); print one JSON line per document:
//                                                {"errors": [{"message", "locations": [[line, col]]}]}
//                                                or {"parse": "<syntax error>"}
//   gqlcheck coerce --corpus FILE SCHEMA         like validate; for valid documents, coerce the variables
//                                                of a "#vars {...}" comment line for the first operation:
//                                                {"coerced": {...}} or {"errors": [...]}
// SCHEMA is one of
//   --schema-json FILE    a full /api/schema body
//   --kinds-dir DIR       one /api/schema kind object per *.json file
//   --demo                the demo schema (core + models/base) as the sandbox's SchemaCompiler compiles it
// Exit code 0 on success, 2 on bad input or when --demo is asked for but the compiler is not built in.
#include "graphqlparser.h"
#include "graphqltypesystem.h"
#include "graphqlvalidator.h"
#include "sdlprinter.h"

#ifdef INFRAHUB_HAVE_SCHEMA_COMPILER
#include "schemacompiler.h"
#endif

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cstdio>

using namespace infrahub;
using namespace infrahub::sandbox::gql;

namespace {

int fail(const QString &message, int code = 2) {
    std::fprintf(stderr, "gqlcheck: %s\n", qPrintable(message));
    return code;
}

std::optional<QJsonObject> readObject(const QString &path, QString *error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(path);
        return std::nullopt;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (!doc.isObject()) {
        *error = QStringLiteral("%1: %2").arg(path, pe.errorString());
        return std::nullopt;
    }
    return doc.object();
}

// Sorts single kind objects (as /api/schema exports them) into the sections of a body.
std::optional<QJsonObject> bodyFromKindFiles(const QString &dir, QString *error) {
    QJsonArray nodes, generics, profiles, templates;
    const QStringList files = QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        const auto o = readObject(QDir(dir).filePath(name), error);
        if (!o)
            return std::nullopt;
        const QString ns = o->value(u"namespace").toString();
        if (o->contains(u"used_by"))
            generics.append(*o);
        else if (ns == u"Profile")
            profiles.append(*o);
        else if (ns == u"Template")
            templates.append(*o);
        else
            nodes.append(*o);
    }
    return QJsonObject{{QStringLiteral("nodes"), nodes},
                       {QStringLiteral("generics"), generics},
                       {QStringLiteral("profiles"), profiles},
                       {QStringLiteral("templates"), templates}};
}

struct Options {
    QString command;
    QString out;
    QString corpus;
    QString schemaJson;
    QString kindsDir;
    bool demo = false;
};

int loadSchema(const Options &o, std::optional<SchemaSet> &schema) {
    QString error;
    std::optional<QJsonObject> body;
    if (o.demo) {
#ifdef INFRAHUB_HAVE_SCHEMA_COMPILER
        sandbox::SchemaCompiler compiler;
        compiler.addCoreSchema();
        compiler.addDemoSchema();
        body = compiler.compile(&error);
        if (!body)
            return fail(QStringLiteral("schema compiler: %1").arg(error));
#else
        return fail(QStringLiteral("built without the sandbox schema compiler"));
#endif
    } else if (!o.schemaJson.isEmpty()) {
        body = readObject(o.schemaJson, &error);
    } else if (!o.kindsDir.isEmpty()) {
        body = bodyFromKindFiles(o.kindsDir, &error);
    } else {
        return fail(QStringLiteral("one of --demo, --schema-json, --kinds-dir is required"));
    }
    if (!body)
        return fail(error);
    schema = SchemaSet::fromApiJson(*body, &error);
    if (!schema)
        return fail(error);
    return 0;
}

QJsonArray errorsToJson(const QList<ValidationError> &errors) {
    QJsonArray out;
    for (const ValidationError &e : errors) {
        QJsonArray locations;
        for (const SourceLocation &l : e.locations)
            locations.append(QJsonArray{l.line, l.column});
        out.append(
            QJsonObject{{QStringLiteral("message"), e.message}, {QStringLiteral("locations"), locations}});
    }
    return out;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    Options o;
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        const bool hasValue = i + 1 < args.size();
        if (i == 1 && !a.startsWith(u"--"))
            o.command = a;
        else if (a == u"--out" && hasValue)
            o.out = args.at(++i);
        else if (a == u"--corpus" && hasValue)
            o.corpus = args.at(++i);
        else if (a == u"--schema-json" && hasValue)
            o.schemaJson = args.at(++i);
        else if (a == u"--kinds-dir" && hasValue)
            o.kindsDir = args.at(++i);
        else if (a == u"--demo")
            o.demo = true;
        else
            return fail(QStringLiteral("unknown argument %1").arg(a));
    }
    if (o.command != u"sdl" && o.command != u"validate" && o.command != u"coerce")
        return fail(QStringLiteral("usage: gqlcheck sdl|validate ... (see the source)"));

    std::optional<SchemaSet> schema;
    if (const int rc = loadSchema(o, schema))
        return rc;
    const TypeSystem types = TypeSystem::fromSchema(*schema);

    if (o.command == u"sdl") {
        if (o.out.isEmpty())
            return fail(QStringLiteral("--out is required"));
        QFile f(o.out);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return fail(QStringLiteral("cannot write %1").arg(o.out));
        f.write(printSdl(types).toUtf8());
        std::printf("gqlcheck: %lld kinds, %zu types, built in %.2f ms -> %s\n",
                    qlonglong(schema->kinds().size()), types.types().size(), types.buildNanoseconds() / 1e6,
                    qPrintable(o.out));
        return 0;
    }

    QFile f(o.corpus);
    if (!f.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1").arg(o.corpus));
    const QStringList documents = QString::fromUtf8(f.readAll()).split(QStringLiteral("\n#---\n"));
    for (const QString &text : documents) {
        auto parsed = parseDocument(text);
        QJsonObject line;
        if (const auto *error = std::get_if<ParseError>(&parsed))
            line.insert(QStringLiteral("parse"), error->message);
        else {
            const Document &doc = std::get<Document>(parsed);
            const QList<ValidationError> errors = validateDocument(doc, types, text);
            line.insert(QStringLiteral("errors"), errorsToJson(errors));
            if (o.command == u"coerce" && errors.isEmpty() && !doc.operations.empty()) {
                static const QRegularExpression varsLine(QStringLiteral("#vars (.*)"));
                const QRegularExpressionMatch m = varsLine.match(text);
                const QJsonObject provided =
                    m.hasMatch() ? QJsonDocument::fromJson(m.captured(1).toUtf8()).object() : QJsonObject();
                const auto result = coerceVariableValues(doc.operations.front(), provided, types);
                if (const auto *coerced = std::get_if<QJsonObject>(&result))
                    line = QJsonObject{{QStringLiteral("coerced"), *coerced}};
                else
                    line.insert(QStringLiteral("errors"),
                                errorsToJson(std::get<QList<ValidationError>>(result)));
            }
        }
        std::printf("%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
    }
    return 0;
}
