// Reads a list query's whole HTTP answer, `{"data": {"<Kind>": {"count": N, "edges": [...]}}}`, straight
// from its bytes into a NodePage, without a QJsonDocument in between. It gives exactly what
// QJsonDocument::fromJson + NodePage::fromData give for the same bytes (the differential unit test and
// the fuzz target hold it to that), at a fraction of the CPU: listing is the client's hottest path.
//
// It reads the text in one forward pass, building each node as its fields go by. The only case that
// needs a second look is a node whose `__typename` names another kind than the one guessed (a generic's
// answer, or a `__typename` after the fields): that node is read again once its kind is known.
//
// It only takes the common case. For anything else — bytes that are not JSON, an answer with `errors`,
// no `data` object — it returns nothing, and the caller takes the general path, which reports the problem
// in its usual words.
#pragma once

#include "core/client/infrahuberror.h"
#include "core/schema/schemamodel.h"
#include "nodepage.h"

#include <QByteArrayView>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace infrahub {

class JsonReader;

class NodePageReader {
public:
    static std::optional<Result<NodePage>> read(QByteArrayView body, const QString &kind,
                                                std::shared_ptr<const SchemaSet> schema);
    ~NodePageReader();

    class PeerCache; // related nodes already read from this page, by their text

private:
    struct FieldRef;
    struct KindFields;
    struct NodeFields;

    NodePageReader(QByteArrayView body, std::shared_ptr<const SchemaSet> schema, const QString &queriedKind);
    Result<NodePage> readRoot(JsonReader &r);
    std::optional<Result<Node>> readEdge(JsonReader &r);
    Result<Node> readNode(JsonReader &r);
    // Walks one node object, reading the fields of `kind` (when known) as they come.
    void walkNode(JsonReader &r, const KindSchema *kind, NodeFields &out);
    const KindFields &fieldsOf(const KindSchema *kind);

    QByteArrayView m_body;
    std::shared_ptr<const SchemaSet> m_schema;
    QString m_queriedKind;
    const KindSchema *m_guess = nullptr; // the queried kind when it is a node kind: its nodes are of it
    // Field tables of the kinds seen so far (one for a node kind, a few for a generic).
    std::vector<std::unique_ptr<KindFields>> m_kinds;
    std::unique_ptr<PeerCache> m_peers;
};

} // namespace infrahub
