// libFuzzer target for everything that reads a server's answer: the error envelope, list pages (and the
// nodes in them), branch lists, mutation payloads and /api/schema bodies. A server, a proxy in front of it
// or a future Infrahub version can send any bytes, so none of these may crash, assert or leak; each is
// allowed to fail with an error. The byte-level readers of the listing hot path (JsonReader,
// NodePageReader) are also held to the general path: whatever they accept must read exactly as
// QJsonDocument + NodePage::fromData read it, or the fuzzer aborts with both versions printed.
// Built only by fuzz/CMakeLists.txt (clang, -DINFRAHUB_FUZZ=ON).
#include "core/client/errorenvelope.h"
#include "core/json/jsonreader.h"
#include "core/nodes/nodepage.h"
#include "core/nodes/nodepagereader.h"
#include "core/query/branchinfo.h"
#include "core/query/mutationresult.h"
#include "core/schema/schemamodel.h"
#include "nodedump.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

using namespace infrahub;

namespace {

// The reference /api/schema objects, wrapped back into one body the way the server sends it. The file's
// README says which section each object came from; the same rule is recovered here from the object itself.
std::shared_ptr<const SchemaSet> loadSchema() {
    QJsonArray nodes, generics, profiles, templates;
    const QDir dir(QStringLiteral(INFRAHUB_REFERENCE_DIR "/schema-api-core"));
    const auto files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
        const QString ns = object.value(u"namespace").toString();
        if (ns == u"Profile")
            profiles.append(object);
        else if (ns == u"Template")
            templates.append(object);
        else if (object.contains(u"used_by"))
            generics.append(object);
        else
            nodes.append(object);
    }
    const QJsonObject body{{QStringLiteral("nodes"), nodes},
                           {QStringLiteral("generics"), generics},
                           {QStringLiteral("profiles"), profiles},
                           {QStringLiteral("templates"), templates}};
    QString error;
    auto set = SchemaSet::fromApiJson(body, &error);
    if (!set || !set->kind(QStringLiteral("InfraDevice"))) {
        // A broken fixture would make every run pass vacuously: stop loudly instead.
        std::fprintf(stderr, "fuzzer setup: cannot load the reference schema: %s\n", qPrintable(error));
        std::abort();
    }
    return std::make_shared<const SchemaSet>(std::move(*set));
}

// Qt's warnings for odd input would drown libFuzzer's own output; fatal messages still abort after this.
void quietMessages(QtMsgType type, const QMessageLogContext &, const QString &message) {
    if (type == QtFatalMsg)
        std::fprintf(stderr, "%s\n", qPrintable(message));
}

// Everything a page can be read as: a node kind, a generic (kind from __typename), a kind with many
// relationships, and a kind the schema lacks.
void parsePages(const QJsonObject &data, const std::shared_ptr<const SchemaSet> &schema) {
    static const QString kinds[] = {QStringLiteral("InfraDevice"), QStringLiteral("BuiltinTag"),
                                    QStringLiteral("CoreNode"), QStringLiteral("IpamPrefix"),
                                    QStringLiteral("NoSuchKind")};
    for (const QString &kind : kinds) {
        const auto page = NodePage::fromData(data, kind, schema);
        if (!page)
            continue;
        // Parsed nodes are then read and validated by the UI; that code walks what the parser stored.
        for (const Node &node : page->nodes) {
            (void)node.attributeNames();
            (void)node.relationshipNames();
            (void)node.validate();
        }
        (void)page->single(kind, QStringLiteral("fuzz"));
    }
}

[[noreturn]] void mismatch(const char *what, const QByteArray &ours, const QByteArray &general) {
    std::fprintf(stderr, "%s differs from the general path.\nfast:\n%s\ngeneral:\n%s\n", what,
                 ours.constData(), general.constData());
    std::abort();
}

// JsonReader may refuse what QJsonDocument takes (callers then fall back), never the other way round,
// and what both take must be the same value.
void checkJsonReader(const QByteArray &body) {
    JsonReader reader(body);
    const QJsonValue ours = reader.readValue();
    if (!reader.finish())
        return;
    const bool container = ours.isObject() || ours.isArray();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(container ? body : "[" + body + "]", &error);
    if (error.error != QJsonParseError::NoError)
        mismatch("JsonReader accepted a text QJsonDocument refuses", body, error.errorString().toUtf8());
    const QJsonValue theirs = !container
                                  ? doc.array().at(0)
                                  : (doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()));
    const QByteArray a = QJsonDocument(QJsonArray{ours}).toJson(),
                     b = QJsonDocument(QJsonArray{theirs}).toJson();
    if (a != b)
        mismatch("JsonReader's value", a, b);
}

void checkNodePageReader(const QByteArray &body, const std::shared_ptr<const SchemaSet> &schema) {
    static const QString kinds[] = {QStringLiteral("InfraDevice"), QStringLiteral("CoreNode"),
                                    QStringLiteral("BuiltinTag")};
    for (const QString &kind : kinds) {
        const std::optional<Result<NodePage>> fast = NodePageReader::read(body, kind, schema);
        if (!fast)
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        const QJsonObject root = doc.object();
        if (!doc.isObject() || root.contains(u"errors") || !root.value(u"data").isObject())
            mismatch("NodePageReader took an answer the general path refuses", body, QByteArray());
        const QByteArray a = nodedump::page(*fast);
        const QByteArray b = nodedump::page(NodePage::fromData(root.value(u"data").toObject(), kind, schema));
        if (a != b)
            mismatch("NodePageReader's page", a, b);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const bool installed = (qInstallMessageHandler(quietMessages), true);
    (void)installed;
    static const std::shared_ptr<const SchemaSet> schema = loadSchema();

    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));

    // The statuses that take different paths: data errors, auth, not found, validation, server errors.
    for (const int status : {200, 401, 404, 422, 500})
        (void)errorFromResponse(status, body);
    checkJsonReader(body);
    checkNodePageReader(body, schema);

    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject()) {
        if (document.isArray())
            (void)parseServerErrors(document.array());
        return 0;
    }
    const QJsonObject root = document.object();
    (void)parseServerErrors(root.value(u"errors"));

    // Fixtures come both as whole responses ({"data": {...}}) and as the bare `data` object.
    const QJsonObject dataObject = root.value(u"data").toObject();
    for (const QJsonObject &candidate : {root, dataObject}) {
        parsePages(candidate, schema);
        (void)BranchInfo::listFromData(candidate);
        for (const QString &field : {QStringLiteral("InfraDeviceCreate"), QStringLiteral("BranchMerge")})
            (void)MutationResult::fromData(candidate, field);
    }

    QString error;
    (void)SchemaSet::fromApiJson(root, &error);
    return 0;
}
