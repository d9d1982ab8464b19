#include "schemacompiler.h"

#include "jsontextwriter.h"
#include "schemabranch.h"
#include "schemaerror.h"
#include "schemanaming.h"
#include "schemaprocessor.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace infrahub::sandbox {

namespace {

constexpr const char *kDemoFiles[] = {"dcim", "ipam", "location", "organization", "routing", "service"};

bool isInternal(const QString &kindOrNamespace) {
    return kindOrNamespace.startsWith(u"Internal");
}

struct KindText {
    QString kind;
    QByteArray json; // compact, with its "hash"
    QString hash;
};

QList<KindText> kindTexts(const QList<KindDefinition> &kinds) {
    QList<KindText> out;
    out.reserve(kinds.size());
    for (const KindDefinition &kind : kinds) {
        // The API never shows the Internal namespace, nor relationships pointing into it.
        if (isInternal(kind.ns))
            continue;
        const auto internalPeer = [](const RelationshipDefinition &r) {
            return isInternal(r.peer);
        };
        QByteArray json;
        if (std::any_of(kind.relationships.cbegin(), kind.relationships.cend(), internalPeer)) {
            KindDefinition visible = kind;
            visible.relationships.removeIf(internalPeer);
            json = kindToJsonText(visible);
        } else {
            json = kindToJsonText(kind);
        }
        // The per-kind hash is the md5 of the object without its hash; "hash" is the object's last member.
        const QByteArray hash = QCryptographicHash::hash(json, QCryptographicHash::Md5).toHex();
        json.chop(1);
        json += ",\"hash\":\"" + hash + "\"}";
        out.append({kind.kind, std::move(json), QString::fromLatin1(hash)});
    }
    return out;
}

} // namespace

QString SchemaCompiler::coreSchemaResource() {
    return QStringLiteral(":/sandbox/schema/core.yml");
}

QStringList SchemaCompiler::demoSchemaResources() {
    QStringList out;
    for (const char *name : kDemoFiles)
        out.append(QStringLiteral(":/sandbox/schema/demo/%1.yml").arg(QLatin1String(name)));
    out.append(QStringLiteral(":/sandbox/schema/console-extensions.yml"));
    return out;
}

void SchemaCompiler::addCoreSchema() {
    if (!m_coreSources.isEmpty())
        return;
    QFile file(coreSchemaResource());
    QString error;
    // The bundled file is tested; failing here means the resource was not linked in.
    if (!file.open(QIODevice::ReadOnly) ||
        !addSource(file.readAll(), QStringLiteral("core.yml"), true, &error))
        qFatal("sandbox core schema unavailable: %s",
               qPrintable(error.isEmpty() ? file.errorString() : error));
}

void SchemaCompiler::addDemoSchema() {
    for (const QString &path : demoSchemaResources()) {
        QFile file(path);
        QString error;
        const QString name = path.endsWith(u"console-extensions.yml")
                                 ? QFileInfo(path).fileName()
                                 : QStringLiteral("infrahub-models-base/") + QFileInfo(path).fileName();
        if (!file.open(QIODevice::ReadOnly) || !addSource(file.readAll(), name, false, &error))
            qFatal("sandbox demo schema unavailable: %s",
                   qPrintable(error.isEmpty() ? file.errorString() : error));
    }
}

bool SchemaCompiler::addYaml(const QByteArray &yaml, const QString &sourceName, QString *error) {
    return addSource(yaml, sourceName, false, error);
}

bool SchemaCompiler::addFile(const QString &path, QString *error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot read schema file: %2").arg(path, file.errorString());
        return false;
    }
    return addSource(file.readAll(), path, false, error);
}

bool SchemaCompiler::addSource(const QByteArray &yaml, const QString &sourceName, bool core, QString *error) {
    std::optional<SchemaSource> source = readSchemaYaml(yaml, sourceName, error);
    if (!source)
        return false;
    source->core = core;
    (core ? m_coreSources : m_sources).append(std::move(*source));
    return true;
}

QStringList SchemaCompiler::sourceNames() const {
    QStringList out;
    for (const SchemaSource &s : m_coreSources)
        out.append(s.name);
    for (const SchemaSource &s : m_sources)
        out.append(s.name);
    return out;
}

std::optional<QByteArray> SchemaCompiler::compileToJson(QString *error) const {
    SchemaBranch branch;
    try {
        // The server processes its built-in schema at startup and user schemas when they are loaded; the
        // outcome depends on that order (see schemaprocessor.h), so the core gets a pass of its own.
        for (const SchemaSource &source : m_coreSources)
            branch.load(source);
        if (!m_coreSources.isEmpty())
            SchemaProcessor(branch).process();
        for (const SchemaSource &source : m_sources)
            branch.load(source);
        if (!m_sources.isEmpty())
            SchemaProcessor(branch).process();
    } catch (const SchemaError &e) {
        if (error)
            *error = e.message;
        return std::nullopt;
    }

    const QList<KindText> nodes = kindTexts(branch.nodes());
    const QList<KindText> generics = kindTexts(branch.generics());
    const QList<KindText> profiles = kindTexts(branch.profiles());

    // main = md5 over "<kind><hash>" of every node and generic, sorted by kind (SchemaBranch.get_hash()).
    QList<std::pair<QString, QString>> hashes;
    for (const QList<KindText> *list : {&nodes, &generics})
        for (const KindText &k : *list)
            hashes.append({k.kind, k.hash});
    std::sort(hashes.begin(), hashes.end());
    QCryptographicHash md5(QCryptographicHash::Md5);
    for (const auto &[kind, hash] : hashes) {
        md5.addData(kind.toUtf8());
        md5.addData(hash.toLatin1());
    }

    JsonTextWriter w;
    w.beginObject();
    w.key(u"main");
    w.string(QString::fromLatin1(md5.result().toHex()));
    const std::pair<const char16_t *, const QList<KindText> *> sections[] = {
        {u"nodes", &nodes}, {u"generics", &generics}, {u"profiles", &profiles}};
    for (const auto &[name, list] : sections) {
        w.key(name);
        w.beginArray();
        for (const KindText &k : *list)
            w.raw(k.json);
        w.endArray();
    }
    w.key(u"templates");
    w.beginArray();
    w.endArray();

    // Namespaces in order of first appearance; users may load kinds into the unrestricted ones.
    w.key(u"namespaces");
    w.beginArray();
    QStringList seen;
    for (const QList<KindDefinition> *kinds : {&branch.nodes(), &branch.generics(), &branch.profiles()}) {
        for (const KindDefinition &kind : *kinds) {
            if (seen.contains(kind.ns) || isInternal(kind.ns))
                continue;
            seen.append(kind.ns);
            w.beginObject();
            w.key(u"name");
            w.string(kind.ns);
            w.key(u"user_editable");
            w.boolean(!isRestrictedNamespace(kind.ns));
            w.endObject();
        }
    }
    w.endArray();
    w.endObject();
    return w.take();
}

std::optional<QJsonObject> SchemaCompiler::compile(QString *error) const {
    const std::optional<QByteArray> json = compileToJson(error);
    if (!json)
        return std::nullopt;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(*json, &parseError);
    if (!document.isObject()) { // would be a bug in the writer
        if (error)
            *error = QStringLiteral("internal error: generated schema JSON does not parse: ") +
                     parseError.errorString();
        return std::nullopt;
    }
    return document.object();
}

QJsonObject schemaSummary(const QJsonObject &apiSchema) {
    const auto hashesOf = [](const QJsonArray &kinds) {
        QJsonObject out;
        for (const QJsonValue &k : kinds) {
            const QJsonObject kind = k.toObject();
            out.insert(kind.value(u"kind").toString(), kind.value(u"hash"));
        }
        return out;
    };
    QJsonObject summary;
    summary.insert(u"main", apiSchema.value(u"main"));
    summary.insert(u"nodes", hashesOf(apiSchema.value(u"nodes").toArray()));
    summary.insert(u"generics", hashesOf(apiSchema.value(u"generics").toArray()));
    return summary;
}

} // namespace infrahub::sandbox
