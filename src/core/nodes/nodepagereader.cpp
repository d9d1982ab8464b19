#include "nodepagereader.h"

#include "answererrors.h"
#include "core/json/jsonreader.h"

#include <QVarLengthArray>

#include <algorithm>

namespace infrahub {

namespace {

using Type = JsonReader::Type;

// Every reader below consumes exactly one value, whatever it holds, so the walk stays in step; on a
// syntax error the JsonReader stops all loops and the caller throws the result away.

// QJsonValue::toBool() of an optional flag: set only when the value is a boolean.
std::optional<bool> optionalBool(JsonReader &r) {
    if (r.peek() != Type::Bool) {
        r.skipValue();
        return std::nullopt;
    }
    return r.readValue().toBool();
}

// `for (part : value.toArray()) list.append(part.toString())`.
QStringList readStringList(JsonReader &r) {
    QStringList out;
    if (r.peek() != Type::Array) {
        r.skipValue();
        return out;
    }
    r.beginArray();
    while (r.nextElement())
        out.append(r.readString());
    return out;
}

std::shared_ptr<const LineageRef> readLineage(JsonReader &r) {
    if (r.peek() != Type::Object) {
        r.skipValue();
        return nullptr;
    }
    LineageRef ref;
    r.beginObject();
    for (QByteArrayView key; r.nextKey(&key);) {
        if (key == "id")
            ref.id = r.readString();
        else if (key == "display_label")
            ref.displayLabel = r.readString();
        else if (key == "__typename")
            ref.kind = r.readString();
        else
            r.skipValue();
    }
    return std::make_shared<const LineageRef>(std::move(ref));
}

// Reads the value of a metadata key into `m` (ValueMetadata::fromJson's rules); false for other keys,
// whose value is then still unread.
bool readMetadataMember(JsonReader &r, QByteArrayView key, ValueMetadata &m) {
    if (key == "is_default")
        m.isDefault = optionalBool(r);
    else if (key == "is_from_profile")
        m.isFromProfile = optionalBool(r);
    else if (key == "is_protected")
        m.isProtected = optionalBool(r);
    else if (key == "is_visible")
        m.isVisible = optionalBool(r);
    else if (key == "updated_at")
        m.updatedAt = r.readString();
    else if (key == "source")
        m.source = readLineage(r);
    else if (key == "owner")
        m.owner = readLineage(r);
    else
        return false;
    return true;
}

// An object of metadata keys (a relationship's `properties`); nullopt when the value is no object.
std::optional<ValueMetadata> readMetadataObject(JsonReader &r) {
    if (r.peek() != Type::Object) {
        r.skipValue();
        return std::nullopt;
    }
    ValueMetadata m;
    r.beginObject();
    for (QByteArrayView key; r.nextKey(&key);)
        if (!readMetadataMember(r, key, m))
            r.skipValue();
    return m;
}

// AttributeValue::fromJson of an object value.
AttributeValue readAttribute(JsonReader &r) {
    AttributeValue a;
    a.value = QJsonValue::Null;
    r.beginObject();
    for (QByteArrayView key; r.nextKey(&key);) {
        if (key == "value") {
            a.value = r.readValue();
        } else if (key == "label") {
            a.label = r.readString();
        } else if (key == "color") {
            a.color = r.readString();
        } else if (key == "description") {
            a.description = r.readString();
        } else if (!readMetadataMember(r, key, a.metadata)) {
            const QString name = QString::fromUtf8(key); // before reading the value reuses the key buffer
            const QJsonValue value = r.readValue();
            a.extra.insert(name, value);
        }
    }
    return a;
}

// RelatedNode::fromJson of an object value; nullopt when the value is no object.
std::optional<RelatedNode> readPeerObject(JsonReader &r) {
    if (r.peek() != Type::Object) {
        r.skipValue();
        return std::nullopt;
    }
    RelatedNode peer;
    r.beginObject();
    for (QByteArrayView key; r.nextKey(&key);) {
        if (key == "id")
            peer.id = r.readString();
        else if (key == "display_label")
            peer.displayLabel = r.readString();
        else if (key == "__typename")
            peer.kind = r.readString();
        else if (key == "hfid")
            peer.hfid = readStringList(r);
        else
            r.skipValue();
    }
    return peer;
}

// `{node, properties}`, as an edge of a many relationship or a cardinality-one relationship holds it:
// the peer when `node` is an object, with the properties when they are one.
struct PeerHolder {
    bool hasNode = false;
    std::optional<RelatedNode> node;
    std::optional<ValueMetadata> properties;

    std::optional<RelatedNode> peer() const {
        if (!node)
            return std::nullopt;
        RelatedNode p = *node;
        if (properties)
            p.properties = *properties;
        return p;
    }
};

// NodeParser::parseRelationship's rules, for an object or null value.
RelationshipValue readRelationship(JsonReader &r, bool schemaSaysMany) {
    RelationshipValue out;
    if (r.peek() != Type::Object) { // null: cardinality one, no peer
        r.skipValue();
        out.many = false;
        return out;
    }
    bool hasEdges = false;
    QList<RelatedNode> edgePeers;
    PeerHolder own;
    QJsonValue count;
    r.beginObject();
    for (QByteArrayView key; r.nextKey(&key);) {
        if (key == "edges") {
            hasEdges = true;
            edgePeers.clear();
            if (r.peek() != Type::Array) {
                r.skipValue();
                continue;
            }
            r.beginArray();
            while (r.nextElement()) {
                if (r.peek() != Type::Object) {
                    r.skipValue();
                    continue;
                }
                PeerHolder edge;
                r.beginObject();
                for (QByteArrayView edgeKey; r.nextKey(&edgeKey);) {
                    if (edgeKey == "node")
                        edge.node = readPeerObject(r);
                    else if (edgeKey == "properties")
                        edge.properties = readMetadataObject(r);
                    else
                        r.skipValue();
                }
                if (std::optional<RelatedNode> peer = edge.peer())
                    edgePeers.append(std::move(*peer));
            }
        } else if (key == "node") {
            own.hasNode = true;
            own.node = readPeerObject(r);
        } else if (key == "properties") {
            own.properties = readMetadataObject(r);
        } else if (key == "count") {
            count = r.readValue();
        } else {
            r.skipValue();
        }
    }
    if (hasEdges || (!own.hasNode && schemaSaysMany)) {
        out.many = true;
        out.peers = std::move(edgePeers);
        out.count = count.isDouble() ? count.toInt() : int(out.peers.size());
        return out;
    }
    out.many = false;
    if (std::optional<RelatedNode> peer = own.peer())
        out.peers.append(std::move(*peer));
    return out;
}

} // namespace

struct NodePageReader::FieldRef {
    QByteArray name; // UTF-8, as keys arrive
    bool attribute = true;
    qsizetype index = 0; // in the kind's attributes or relationships
    bool alias = false;  // `<Kind>__<name>`, as fragments on generics alias clashing fields
};

struct NodePageReader::KindFields {
    const KindSchema *kind = nullptr;
    std::vector<FieldRef> fields;
};

// What one walk over a node object found.
struct NodePageReader::NodeFields {
    Node node; // the fields of the kind walked with
    bool idIsString = false;
    QString id;
    QString typeName;
    QStringList hfid;
    QString displayLabel;
};

NodePageReader::NodePageReader(QByteArrayView body, std::shared_ptr<const SchemaSet> schema,
                               const QString &queriedKind)
    : m_body(body)
    , m_schema(std::move(schema))
    , m_queriedKind(queriedKind) {
    if (m_schema)
        if (const KindSchema *k = m_schema->kind(queriedKind); k && !k->isGeneric())
            m_guess = k;
}

std::optional<Result<NodePage>> NodePageReader::read(QByteArrayView body, const QString &kind,
                                                     std::shared_ptr<const SchemaSet> schema) {
    NodePageReader reader(body, std::move(schema), kind);
    const QByteArray kindKey = kind.toUtf8();
    JsonReader r(body);
    if (r.peek() != Type::Object)
        return std::nullopt;
    // The last `data` and the last `<kind>` in it count, as in QJsonDocument.
    std::optional<Result<NodePage>> page;
    bool hasErrors = false;
    r.beginObject();
    for (QByteArrayView key; r.nextKey(&key);) {
        if (key == "errors") {
            hasErrors = true;
            r.skipValue();
        } else if (key != "data") {
            r.skipValue();
        } else if (r.peek() != Type::Object) {
            r.skipValue();
            page.reset();
        } else {
            std::optional<Result<NodePage>> root;
            r.beginObject();
            for (QByteArrayView dataKey; r.nextKey(&dataKey);) {
                if (dataKey != QByteArrayView(kindKey)) {
                    r.skipValue();
                } else if (r.peek() != Type::Object) {
                    r.skipValue();
                    root = answererrors::rootMissing(kind, true);
                } else {
                    root = reader.readRoot(r);
                }
            }
            page = root ? std::move(*root) : Result<NodePage>(answererrors::rootMissing(kind, false));
        }
    }
    // Whatever was read counts only if the whole text is valid and the general path would not report it.
    if (!r.finish() || hasErrors || !page)
        return std::nullopt;
    return page;
}

Result<NodePage> NodePageReader::readRoot(JsonReader &r) {
    QJsonValue count;
    QList<Node> nodes;
    std::optional<InfrahubError> edgesError;
    r.beginObject();
    for (QByteArrayView key; r.nextKey(&key);) {
        if (key == "count") {
            count = r.readValue();
            continue;
        }
        if (key != "edges") {
            r.skipValue();
            continue;
        }
        nodes.clear();
        edgesError.reset();
        if (r.peek() != Type::Array) {
            r.skipValue();
            edgesError = answererrors::edgesNotList(m_queriedKind);
            continue;
        }
        r.beginArray();
        for (qsizetype i = 0; r.nextElement(); ++i) {
            if (edgesError) { // the first problem is the answer; the rest is only checked
                r.skipValue();
                continue;
            }
            std::optional<Result<Node>> node = readEdge(r);
            if (!node)
                edgesError = answererrors::edgeWithoutNode(i, m_queriedKind);
            else if (!*node)
                edgesError = node->error();
            else
                nodes.append(std::move(node->value()));
        }
    }
    if (edgesError)
        return *edgesError;
    NodePage out;
    out.nodes = std::move(nodes);
    out.count = count.isDouble() ? std::max(count.toInt(), int(out.nodes.size())) : int(out.nodes.size());
    return out;
}

std::optional<Result<Node>> NodePageReader::readEdge(JsonReader &r) {
    if (r.peek() != Type::Object) {
        r.skipValue();
        return std::nullopt;
    }
    std::optional<Result<Node>> node;
    r.beginObject();
    for (QByteArrayView key; r.nextKey(&key);) {
        if (key != "node") {
            r.skipValue();
        } else if (r.peek() != Type::Object) {
            r.skipValue();
            node.reset();
        } else {
            node = readNode(r);
        }
    }
    return node;
}

const NodePageReader::KindFields &NodePageReader::fieldsOf(const KindSchema *kind) {
    for (const auto &known : m_kinds)
        if (known->kind == kind)
            return *known;
    auto table = std::make_unique<KindFields>();
    table->kind = kind;
    const QString aliasPrefix = kind->kind + QStringLiteral("__");
    for (qsizetype i = 0; i < kind->attributes.size(); ++i) {
        table->fields.push_back({kind->attributes.at(i).name.toUtf8(), true, i, false});
        table->fields.push_back({(aliasPrefix + kind->attributes.at(i).name).toUtf8(), true, i, true});
    }
    for (qsizetype i = 0; i < kind->relationships.size(); ++i) {
        table->fields.push_back({kind->relationships.at(i).name.toUtf8(), false, i, false});
        table->fields.push_back({(aliasPrefix + kind->relationships.at(i).name).toUtf8(), false, i, true});
    }
    m_kinds.push_back(std::move(table));
    return *m_kinds.back();
}

void NodePageReader::walkNode(JsonReader &r, const KindSchema *kind, NodeFields &out) {
    const KindFields *table = kind ? &fieldsOf(kind) : nullptr;
    if (kind) {
        out.node.m_kind = kind;
        out.node.m_attributes.reserve(kind->attributes.size());
        out.node.m_relationships.reserve(kind->relationships.size());
    }
    // A field's own name wins over its alias, whatever their order (NodeParser reads the alias only when
    // the name is absent); among equal names the last one wins.
    QVarLengthArray<bool, 64> attributeByName(kind ? kind->attributes.size() : 0, false);
    QVarLengthArray<bool, 64> relationshipByName(kind ? kind->relationships.size() : 0, false);
    r.beginObject();
    for (QByteArrayView key; r.nextKey(&key);) {
        if (key == "id") {
            out.idIsString = r.peek() == Type::String;
            out.id = r.readString();
            continue;
        }
        if (key == "__typename") {
            out.typeName = r.readString();
            continue;
        }
        if (key == "hfid") {
            out.hfid = readStringList(r);
            continue;
        }
        if (key == "display_label") {
            out.displayLabel = r.readString();
            continue;
        }
        const FieldRef *field = nullptr;
        if (table)
            for (const FieldRef &f : table->fields)
                if (key == QByteArrayView(f.name)) {
                    field = &f;
                    break;
                }
        if (!field) {
            r.skipValue();
            continue;
        }
        auto &byName = field->attribute ? attributeByName : relationshipByName;
        if (field->alias && byName[field->index]) {
            r.skipValue();
            continue;
        }
        if (!field->alias)
            byName[field->index] = true;
        const Type type = r.peek();
        Node &node = out.node;
        if (field->attribute) {
            if (type == Type::Object) {
                node.attributeSlot(field->index) = readAttribute(r);
            } else {
                r.skipValue();
                if (type == Type::Null) // an attribute object that is null: loaded, without a value
                    node.attributeSlot(field->index) = AttributeValue{};
                else
                    node.removeAttributeSlot(field->index);
            }
        } else if (type == Type::Object || type == Type::Null) {
            node.relationshipSlot(field->index) =
                readRelationship(r, kind->relationships.at(field->index).isMany());
        } else {
            r.skipValue();
            node.removeRelationshipSlot(field->index);
        }
    }
}

Result<Node> NodePageReader::readNode(JsonReader &r) {
    if (!m_schema) {
        r.skipValue();
        return answererrors::noSchema();
    }
    const qsizetype start = r.position();
    NodeFields fields;
    walkNode(r, m_guess, fields);
    if (r.hasError())
        return answererrors::noSchema(); // thrown away: the caller sees the syntax error

    if (!fields.idIsString || fields.id.isEmpty())
        return answererrors::nodeWithoutId(m_queriedKind);
    const KindSchema *kind = fields.typeName.isEmpty() ? nullptr : m_schema->kind(fields.typeName);
    if (!kind)
        kind = m_schema->kind(m_queriedKind);
    if (!kind)
        return answererrors::unknownNodeKind(fields.typeName, m_queriedKind, fields.id);
    if (kind != m_guess) {
        // Read with another kind than the node turned out to be: once more, now that its kind is known.
        // The text was checked by the first walk.
        JsonReader again(m_body, start);
        fields = NodeFields{};
        walkNode(again, kind, fields);
    }

    Node &node = fields.node;
    node.m_schema = m_schema;
    node.m_kind = kind;
    node.m_id = std::move(fields.id);
    node.m_hfid = std::move(fields.hfid);
    node.m_displayLabel = std::move(fields.displayLabel);
    node.markClean();
    return std::move(node);
}

} // namespace infrahub
