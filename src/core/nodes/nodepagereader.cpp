#include "nodepagereader.h"

#include "answererrors.h"
#include "core/json/jsonreader.h"

#include <QVarLengthArray>

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_map>

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

// The last few distinct string values of one attribute on a page, by their JSON text. Statuses, roles,
// models and the like repeat from node to node, and a string QJsonValue costs four allocations to build
// but none to copy (copies share their data). A handful of slots, replaced in turn: no allocation of
// its own, and a value that never repeats costs a few length compares.
class RecentValues {
public:
    QJsonValue read(JsonReader &r, QByteArrayView body) {
        if (r.peek() != Type::String)
            return r.readValue();
        const qsizetype start = r.position();
        if (!r.skipValue())
            return QJsonValue(QString()); // a syntax error: the page is thrown away
        const QByteArrayView text = body.sliced(start, r.position() - start);
        for (int i = 0; i < m_used; ++i)
            if (m_slots[size_t(i)].text == text)
                return m_slots[size_t(i)].value;
        JsonReader again(body, start); // the same text the skip just checked
        Slot &slot = m_slots[size_t(m_next)];
        slot = {text, again.readValue()};
        m_next = (m_next + 1) % kSlots;
        m_used = qMin(m_used + 1, kSlots);
        return slot.value;
    }

private:
    static constexpr int kSlots = 8;
    struct Slot {
        QByteArrayView text; // points into the page
        QJsonValue value;
    };
    std::array<Slot, kSlots> m_slots;
    int m_used = 0;
    int m_next = 0;
};

// AttributeValue::fromJson of an object value; `recent` keeps this attribute's values seen before.
AttributeValue readAttribute(JsonReader &r, RecentValues &recent, QByteArrayView body) {
    AttributeValue a;
    a.value = QJsonValue::Null;
    r.beginObject();
    for (QByteArrayView key; r.nextKey(&key);) {
        if (key == "value") {
            a.value = recent.read(r, body);
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

} // namespace

// Related nodes by the text of their object. A page names the same few sites, platforms and tags on node
// after node, and parsing each copy anew cost half a dozen allocations; the same text always parses to
// the same node, so a copy of the first one (which shares its strings) is the same result.
class NodePageReader::PeerCache {
public:
    explicit PeerCache(QByteArrayView body)
        : m_body(body) {}

    // readPeerObject(r), from the cache when this text was read before.
    std::optional<RelatedNode> read(JsonReader &r) {
        if (r.peek() != Type::Object) {
            r.skipValue();
            return std::nullopt;
        }
        const qsizetype start = r.position();
        if (!r.skipValue())
            return std::nullopt; // a syntax error: the page is thrown away
        const std::string_view text(m_body.data() + start, size_t(r.position() - start));
        if (const auto it = m_peers.find(text); it != m_peers.end())
            return it->second;
        JsonReader again(m_body, start); // the same text the walk just checked
        std::optional<RelatedNode> peer = readPeerObject(again);
        if (peer)
            m_peers.emplace(text, *peer);
        return peer;
    }

private:
    QByteArrayView m_body;
    std::unordered_map<std::string_view, RelatedNode> m_peers; // keys point into m_body
};

namespace {

// `{node, properties}`, as an edge of a many relationship or a cardinality-one relationship holds it:
// the peer when `node` is an object, with the properties when they are one.
struct PeerHolder {
    bool hasNode = false;
    std::optional<RelatedNode> node;
    std::optional<ValueMetadata> properties;

    std::optional<RelatedNode> takePeer() {
        if (!node)
            return std::nullopt;
        RelatedNode p = std::move(*node);
        if (properties)
            p.properties = std::move(*properties);
        return p;
    }
};

// NodeParser::parseRelationship's rules, for an object or null value.
RelationshipValue readRelationship(JsonReader &r, bool schemaSaysMany, NodePageReader::PeerCache &peers) {
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
                        edge.node = peers.read(r);
                    else if (edgeKey == "properties")
                        edge.properties = readMetadataObject(r);
                    else
                        r.skipValue();
                }
                if (std::optional<RelatedNode> peer = edge.takePeer())
                    edgePeers.append(std::move(*peer));
            }
        } else if (key == "node") {
            own.hasNode = true;
            own.node = peers.read(r);
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
    if (std::optional<RelatedNode> peer = own.takePeer())
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
    mutable std::vector<RecentValues> recentValues; // per attribute, filled as the page is read
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
    , m_queriedKind(queriedKind)
    , m_peers(std::make_unique<PeerCache>(body)) {
    if (m_schema)
        if (const KindSchema *k = m_schema->kind(queriedKind); k && !k->isGeneric())
            m_guess = k;
}

NodePageReader::~NodePageReader() = default;

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
    table->recentValues.resize(size_t(kind->attributes.size()));
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
    qsizetype nextField = 0;
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
        // Fields come in the order the query selected them, the same for every node, so the search starts
        // where the last match was (it nearly always hits first time). The names in the table are unique
        // (an alias starts with the kind's capitalised name, which field names, lowercase, cannot), so
        // where the search starts never changes what it finds.
        const FieldRef *field = nullptr;
        if (table) {
            const qsizetype count = qsizetype(table->fields.size());
            for (qsizetype step = 0, i = nextField; step < count; ++step, i = i + 1 == count ? 0 : i + 1)
                if (key == QByteArrayView(table->fields[size_t(i)].name)) {
                    field = &table->fields[size_t(i)];
                    nextField = i + 1 == count ? 0 : i + 1;
                    break;
                }
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
                node.attributeSlot(field->index) =
                    readAttribute(r, table->recentValues[size_t(field->index)], m_body);
            } else {
                r.skipValue();
                if (type == Type::Null) // an attribute object that is null: loaded, without a value
                    node.attributeSlot(field->index) = AttributeValue{};
                else
                    node.removeAttributeSlot(field->index);
            }
        } else if (type == Type::Object || type == Type::Null) {
            node.relationshipSlot(field->index) =
                readRelationship(r, kind->relationships.at(field->index).isMany(), *m_peers);
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
