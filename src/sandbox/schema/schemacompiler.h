// The sandbox's schema compiler: Infrahub schema YAML files in, the body of `GET /api/schema?branch=main`
// out, shaped like a real Infrahub 1.1 server's (same objects, keys, defaults, inherited elements, automatic
// relationships, generated profiles, hashes). The core kinds come from the sandbox's own core schema
// (resources/schema/core.yml), the demo from Infrahub's demo schema plus the console's extension.
//
// Typical use:
//     SchemaCompiler compiler;
//     compiler.addCoreSchema();
//     compiler.addDemoSchema();           // or addFile(path) for `--schema FILE`
//     const auto body = compiler.compile(&error);      // QJsonObject, for in-process use
//     const auto wire = compiler.compileToJson(&error); // bytes with the server's key order, to serve
// A QJsonObject derived from the body (e.g. one kind, or filtered by namespace) can be written back in the
// server's key order with serializeSchemaJson() (schemajson.h).
#pragma once

#include "schemasource.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace infrahub::sandbox {

class SchemaCompiler {
public:
    // Qt resource paths of the bundled schema files.
    static QString coreSchemaResource();      // ":/sandbox/schema/core.yml"
    static QStringList demoSchemaResources(); // Infrahub's models/base/*.yml, then console-extensions.yml

    // Add Infrahub's core kinds (tags, accounts, groups, profiles, lineage, IPAM built-ins, resource pools).
    // Core kinds are processed before every other file, whenever this is called. Calling it twice is a no-op.
    void addCoreSchema();
    // Add the built-in demo schema (dcim, ipam, location, organization, routing, service) and the console's
    // extension of it (InfraDevice.serial_number, InfraDevice.is_managed).
    void addDemoSchema();
    // Add one schema file. Later files override and extend earlier ones: a kind defined again is updated key
    // by key and element by element, and `extensions` add attributes/relationships to existing kinds.
    // Returns false (with "<sourceName>:<line>:<column>: message" in *error) on YAML or structure errors.
    bool addYaml(const QByteArray &yaml, const QString &sourceName, QString *error);
    bool addFile(const QString &path, QString *error);

    // Names of the files added so far, core first.
    QStringList sourceNames() const;

    // Builds the full /api/schema body: {"main": hash, "nodes": [...], "generics": [...], "profiles": [...],
    // "templates": [], "namespaces": [...]}. Semantic errors (unknown peer, bad path, ...) come back as
    // nullopt with "<file>:<line>: message" in *error.
    std::optional<QJsonObject> compile(QString *error) const;
    // The same body as compact JSON text in the server's key order, ready to be served as is (compile()
    // parses this text; QJsonObject cannot keep the key order).
    std::optional<QByteArray> compileToJson(QString *error) const;

private:
    bool addSource(const QByteArray &yaml, const QString &sourceName, bool core, QString *error);

    QList<SchemaSource> m_coreSources;
    QList<SchemaSource> m_sources;
};

// {"main": "<hash>", "nodes": {"InfraDevice": "<hash>", ...}, "generics": {...}} as /api/schema/summary
// returns.
QJsonObject schemaSummary(const QJsonObject &apiSchema);

} // namespace infrahub::sandbox
