// Serialisation of `/api/schema` bodies with the server's key order. QJsonObject keeps its keys sorted, but
// the real server (pydantic models dumped by FastAPI) emits them in field order - `id, state, name, ...,
// kind, hash` - and the sandbox should be indistinguishable on the wire. This writer knows the field order of
// every schema object type; keys it does not know follow in alphabetical order.
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace infrahub::sandbox {

enum class SchemaJsonShape {
    ApiSchema, // {"main", "nodes", "generics", "profiles", "templates", "namespaces"}
    Kind,      // one node / generic / profile object (`GET /api/schema/{kind}`)
    Summary,   // {"main", "nodes": {...}, "generics": {...}}
};

// Compact output matches FastAPI's (no spaces, UTF-8); Indented is Python's `json.dumps(indent=4)` layout.
QByteArray serializeSchemaJson(const QJsonObject &object, SchemaJsonShape shape = SchemaJsonShape::ApiSchema,
                               QJsonDocument::JsonFormat format = QJsonDocument::Compact);

// md5 (hex) of the compact serialisation of a kind object, ignoring its "hash" key: the per-kind hash.
QString schemaKindHash(const QJsonObject &kindObject);

} // namespace infrahub::sandbox
