// One schema file as read from YAML: its node, generic and extension entries, with the keys each entry
// gives (already checked for known names and value types) and the line it starts on. Reading is done once
// when a file is added; compiling then only merges these fragments, which keeps a compile cheap.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace infrahub::sandbox {

struct RawSchemaElement {
    QJsonObject fields; // the YAML keys of one attribute or relationship
    int line = 0;
};

struct RawSchemaKind {
    enum class Section { Node, Generic, Extension };

    Section section = Section::Node;
    QString kind;       // namespace + name, or the kind an extension targets
    QJsonObject fields; // kind-level keys (without attributes/relationships)
    QList<RawSchemaElement> attributes;
    QList<RawSchemaElement> relationships;
    int line = 0;
};

struct SchemaSource {
    QString name; // shown in error messages
    bool core = false;
    QList<RawSchemaKind> kinds;
};

// Parses an Infrahub schema file (`version`, `generics`, `nodes`, `extensions: {nodes: [...]}`). Scalars are
// resolved like PyYAML does (the Infrahub tooling reads schema files with it): `yes`/`on` are booleans,
// quoted values stay strings. Errors are "<source>:<line>:<column>: <message>".
std::optional<SchemaSource> readSchemaYaml(const QByteArray &yaml, const QString &sourceName, QString *error);

// Attribute kinds the server accepts.
bool isValidAttributeKind(const QString &kind);
QStringList validAttributeKinds();

} // namespace infrahub::sandbox
