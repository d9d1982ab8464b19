#include "schemasource.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <span>

namespace infrahub::sandbox {

namespace {

constexpr const char16_t *kAttributeKinds[] = {
    u"ID",       u"Dropdown",       u"Text",   u"TextArea",  u"DateTime",   u"Email",
    u"Password", u"HashedPassword", u"URL",    u"File",      u"MacAddress", u"Color",
    u"Number",   u"Bandwidth",      u"IPHost", u"IPNetwork", u"Boolean",    u"Checkbox",
    u"List",     u"JSON",           u"Any",    u"NumberPool"};

struct ReadError {
    QString message;
};

enum class FieldType { String, Bool, Int, StringList, StringListList, Object, Choices, Any };

struct FieldSpec {
    const char16_t *name;
    FieldType type;
    const char16_t *allowed = nullptr; // "a|b|c": the value must be one of these strings
    bool nullable = true;
};

constexpr const char16_t *kBranch = u"aware|agnostic|local";
constexpr const char16_t *kState = u"present|absent";
constexpr const char16_t *kAllowOverride = u"any|none";

constexpr FieldSpec kNodeFields[] = {
    {u"name", FieldType::String, nullptr, false},
    {u"namespace", FieldType::String, nullptr, false},
    {u"description", FieldType::String},
    {u"label", FieldType::String},
    {u"branch", FieldType::String, kBranch, false},
    {u"default_filter", FieldType::String},
    {u"human_friendly_id", FieldType::StringList},
    {u"display_labels", FieldType::StringList},
    {u"include_in_menu", FieldType::Bool},
    {u"menu_placement", FieldType::String},
    {u"icon", FieldType::String},
    {u"order_by", FieldType::StringList},
    {u"uniqueness_constraints", FieldType::StringListList},
    {u"documentation", FieldType::String},
    {u"inherit_from", FieldType::StringList, nullptr, false},
    {u"generate_profile", FieldType::Bool, nullptr, false},
    {u"generate_template", FieldType::Bool, nullptr, false},
    {u"hierarchy", FieldType::String},
    {u"parent", FieldType::String},
    {u"children", FieldType::String},
    {u"state", FieldType::String, kState, false},
    {u"id", FieldType::Any},
};

constexpr FieldSpec kGenericFields[] = {
    {u"name", FieldType::String, nullptr, false},
    {u"namespace", FieldType::String, nullptr, false},
    {u"description", FieldType::String},
    {u"label", FieldType::String},
    {u"branch", FieldType::String, kBranch, false},
    {u"default_filter", FieldType::String},
    {u"human_friendly_id", FieldType::StringList},
    {u"display_labels", FieldType::StringList},
    {u"include_in_menu", FieldType::Bool},
    {u"menu_placement", FieldType::String},
    {u"icon", FieldType::String},
    {u"order_by", FieldType::StringList},
    {u"uniqueness_constraints", FieldType::StringListList},
    {u"documentation", FieldType::String},
    {u"hierarchical", FieldType::Bool, nullptr, false},
    {u"generate_profile", FieldType::Bool, nullptr, false},
    {u"generate_template", FieldType::Bool, nullptr, false},
    {u"used_by", FieldType::StringList},
    {u"state", FieldType::String, kState, false},
    {u"id", FieldType::Any},
};

constexpr FieldSpec kExtensionFields[] = {
    {u"kind", FieldType::String, nullptr, false},
};

constexpr FieldSpec kAttributeFields[] = {
    {u"name", FieldType::String, nullptr, false},
    {u"kind", FieldType::String, nullptr, false},
    {u"enum", FieldType::Any},
    {u"computed_attribute", FieldType::Object},
    {u"choices", FieldType::Choices},
    {u"regex", FieldType::String},
    {u"max_length", FieldType::Int},
    {u"min_length", FieldType::Int},
    {u"label", FieldType::String},
    {u"description", FieldType::String},
    {u"read_only", FieldType::Bool, nullptr, false},
    {u"unique", FieldType::Bool, nullptr, false},
    {u"optional", FieldType::Bool, nullptr, false},
    {u"branch", FieldType::String, kBranch},
    {u"order_weight", FieldType::Int},
    {u"default_value", FieldType::Any},
    {u"inherited", FieldType::Bool},
    {u"allow_override", FieldType::String, kAllowOverride, false},
    {u"deprecation", FieldType::String},
    {u"state", FieldType::String, kState, false},
    {u"id", FieldType::Any},
};

constexpr FieldSpec kRelationshipFields[] = {
    {u"name", FieldType::String, nullptr, false},
    {u"peer", FieldType::String, nullptr, false},
    {u"kind", FieldType::String, u"Generic|Attribute|Component|Parent|Group|Hierarchy|Profile|Template",
     false},
    {u"label", FieldType::String},
    {u"description", FieldType::String},
    {u"identifier", FieldType::String},
    {u"cardinality", FieldType::String, u"one|many", false},
    {u"min_count", FieldType::Int, nullptr, false},
    {u"max_count", FieldType::Int, nullptr, false},
    {u"order_weight", FieldType::Int},
    {u"optional", FieldType::Bool, nullptr, false},
    {u"branch", FieldType::String, kBranch},
    {u"inherited", FieldType::Bool},
    {u"direction", FieldType::String, u"bidirectional|outbound|inbound", false},
    {u"hierarchical", FieldType::String},
    {u"on_delete", FieldType::String, u"no-action|cascade"},
    {u"allow_override", FieldType::String, kAllowOverride, false},
    {u"read_only", FieldType::Bool, nullptr, false},
    {u"deprecation", FieldType::String},
    {u"state", FieldType::String, kState, false},
    {u"id", FieldType::Any},
};

constexpr FieldSpec kChoiceFields[] = {
    {u"name", FieldType::String, nullptr, false},
    {u"label", FieldType::String},
    {u"description", FieldType::String},
    {u"color", FieldType::String},
};

class YamlSchemaReader {
public:
    explicit YamlSchemaReader(const QString &sourceName)
        : m_source(sourceName) {}

    SchemaSource read(const YAML::Node &root) {
        SchemaSource source;
        source.name = m_source;
        if (!root || root.IsNull())
            fail(root, QStringLiteral("the schema file is empty"));
        if (!root.IsMap())
            fail(root,
                 QStringLiteral("a schema file must be a mapping with 'version', 'nodes', 'generics' or "
                                "'extensions'"));
        for (const auto &entry : root) {
            const QString key = scalarText(entry.first);
            if (key == u"version")
                continue;
            if (key == u"generics")
                readKinds(entry.second, RawSchemaKind::Section::Generic, source);
            else if (key == u"nodes")
                readKinds(entry.second, RawSchemaKind::Section::Node, source);
            else if (key == u"extensions")
                readExtensions(entry.second, source);
            else
                fail(entry.first,
                     QStringLiteral("unknown top-level key '%1' (expected version, generics, nodes "
                                    "or extensions)")
                         .arg(key));
        }
        return source;
    }

    [[noreturn]] void fail(const YAML::Node &node, const QString &message) const {
        const YAML::Mark mark = node.Mark();
        QString where = m_source;
        if (!mark.is_null())
            where += QStringLiteral(":%1:%2").arg(mark.line + 1).arg(mark.column + 1);
        throw ReadError{where + u": " + message};
    }

private:
    static int lineOf(const YAML::Node &node) { return node.Mark().is_null() ? 0 : node.Mark().line + 1; }

    static QString scalarText(const YAML::Node &node) {
        return node.IsScalar() ? QString::fromStdString(node.Scalar()) : QString();
    }

    // PyYAML's (YAML 1.1) resolution of plain scalars; quoted or !!str-tagged scalars stay strings.
    static QJsonValue resolveScalar(const YAML::Node &node) {
        const QString text = QString::fromStdString(node.Scalar());
        const std::string &tag = node.Tag();
        if (tag == "!" || tag == "tag:yaml.org,2002:str")
            return text;
        static const QRegularExpression boolTrue(QStringLiteral("^(yes|Yes|YES|true|True|TRUE|on|On|ON)$"));
        static const QRegularExpression boolFalse(
            QStringLiteral("^(no|No|NO|false|False|FALSE|off|Off|OFF)$"));
        static const QRegularExpression nullWord(QStringLiteral("^(|~|null|Null|NULL)$"));
        static const QRegularExpression decimal(QStringLiteral("^[-+]?(0|[1-9][0-9_]*)$"));
        static const QRegularExpression hex(QStringLiteral("^[-+]?0x[0-9a-fA-F_]+$"));
        static const QRegularExpression octal(QStringLiteral("^[-+]?0[0-7_]+$"));
        static const QRegularExpression floating(
            QStringLiteral("^[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+][0-9]+)?$"));
        if (nullWord.match(text).hasMatch())
            return QJsonValue();
        if (boolTrue.match(text).hasMatch())
            return true;
        if (boolFalse.match(text).hasMatch())
            return false;
        QString digits = text;
        digits.remove(u'_');
        if (decimal.match(text).hasMatch())
            return digits.toDouble();
        if (hex.match(text).hasMatch() || octal.match(text).hasMatch()) {
            const bool negative = digits.startsWith(u'-');
            if (digits.startsWith(u'-') || digits.startsWith(u'+'))
                digits.remove(0, 1);
            const bool isHex = digits.startsWith(QStringLiteral("0x"));
            const double value = double(digits.mid(isHex ? 2 : 1).toLongLong(nullptr, isHex ? 16 : 8));
            return negative ? -value : value;
        }
        if (floating.match(text).hasMatch() && text != u".")
            return digits.toDouble();
        return text;
    }

    QJsonValue toJson(const YAML::Node &node) const {
        switch (node.Type()) {
        case YAML::NodeType::Scalar:
            return resolveScalar(node);
        case YAML::NodeType::Sequence: {
            QJsonArray array;
            for (const auto &item : node)
                array.append(toJson(item));
            return array;
        }
        case YAML::NodeType::Map: {
            QJsonObject object;
            for (const auto &entry : node)
                object.insert(scalarText(entry.first), toJson(entry.second));
            return object;
        }
        default:
            return QJsonValue();
        }
    }

    QJsonValue checkedValue(const YAML::Node &node, const FieldSpec &spec, const QString &context) const {
        const QString field = QStringView(spec.name).toString();
        const QJsonValue value = toJson(node);
        if (value.isNull()) {
            if (!spec.nullable)
                fail(node, QStringLiteral("%1: '%2' must not be empty").arg(context, field));
            return value;
        }
        auto expect = [&](bool ok, const char *what) {
            if (!ok)
                fail(node, QStringLiteral("%1: '%2' must be %3").arg(context, field, QLatin1String(what)));
        };
        switch (spec.type) {
        case FieldType::String:
            // Unquoted numbers are accepted where text is expected (`label: 2024`), as pydantic coerces them.
            expect(node.IsScalar(), "a string");
            if (spec.allowed) {
                const QStringList allowed = QStringView(spec.allowed).toString().split(u'|');
                if (!allowed.contains(scalarText(node)))
                    fail(node,
                         QStringLiteral("%1: invalid %2 '%3' (expected %4)")
                             .arg(context, field, scalarText(node), allowed.join(QStringLiteral(", "))));
            }
            return scalarText(node);
        case FieldType::Bool:
            expect(value.isBool(), "a boolean");
            return value;
        case FieldType::Int:
            expect(value.isDouble() && value.toDouble() == double(qint64(value.toDouble())), "an integer");
            return value;
        case FieldType::StringList:
            expect(node.IsSequence(), "a list of strings");
            for (const auto &item : node)
                expect(item.IsScalar(), "a list of strings");
            return stringsOf(node);
        case FieldType::StringListList: {
            expect(node.IsSequence(), "a list of lists of strings");
            QJsonArray out;
            for (const auto &inner : node) {
                expect(inner.IsSequence(), "a list of lists of strings");
                for (const auto &item : inner)
                    expect(item.IsScalar(), "a list of lists of strings");
                out.append(stringsOf(inner));
            }
            return out;
        }
        case FieldType::Object:
            expect(node.IsMap(), "a mapping");
            return value;
        case FieldType::Choices: {
            expect(node.IsSequence(), "a list of choices");
            QJsonArray out;
            QHash<QString, int> seen;
            for (const auto &choice : node) {
                const QJsonObject fields = readFields(choice, kChoiceFields, context + u" choice");
                const QString name = fields.value(u"name").toString();
                if (seen.contains(name))
                    fail(choice, QStringLiteral("%1: duplicate choice '%2'").arg(context, name));
                seen.insert(name, 0);
                out.append(fields);
            }
            return out;
        }
        case FieldType::Any:
            return value;
        }
        return value;
    }

    static QJsonArray stringsOf(const YAML::Node &sequence) {
        QJsonArray out;
        for (const auto &item : sequence)
            out.append(scalarText(item));
        return out;
    }

    QJsonObject readFields(const YAML::Node &node, std::span<const FieldSpec> specs, const QString &context,
                           const QStringList &ignoredKeys = {}) const {
        if (!node.IsMap())
            fail(node, QStringLiteral("%1: expected a mapping").arg(context));
        QJsonObject fields;
        for (const auto &entry : node) {
            const QString key = scalarText(entry.first);
            if (ignoredKeys.contains(key))
                continue;
            const auto spec = std::find_if(specs.begin(), specs.end(),
                                           [&key](const FieldSpec &s) { return QStringView(s.name) == key; });
            if (spec == specs.end()) {
                QStringList known;
                for (const FieldSpec &s : specs)
                    known.append(QStringView(s.name).toString());
                fail(entry.first, QStringLiteral("%1: unknown key '%2' (known keys: %3)")
                                      .arg(context, key, known.join(QStringLiteral(", "))));
            }
            fields.insert(key, checkedValue(entry.second, *spec, context));
        }
        if (!specs.empty() && !specs.front().nullable && !fields.contains(QStringView(specs.front().name)))
            fail(node, QStringLiteral("%1: '%2' is required").arg(context, QStringView(specs.front().name)));
        return fields;
    }

    void readElements(const YAML::Node &list, bool attributes, const QString &kind,
                      QList<RawSchemaElement> &out) const {
        const QString what = attributes ? QStringLiteral("attribute") : QStringLiteral("relationship");
        if (!list.IsSequence())
            fail(list, QStringLiteral("%1: '%2s' must be a list").arg(kind, what));
        static const QRegularExpression nameRegex(QStringLiteral("^[a-z0-9_]+$"));
        QHash<QString, int> seen;
        for (const auto &item : list) {
            const QString context = QStringLiteral("%1 %2").arg(kind, what);
            const QJsonObject fields =
                readFields(item,
                           attributes ? std::span<const FieldSpec>(kAttributeFields)
                                      : std::span<const FieldSpec>(kRelationshipFields),
                           context);
            const QString name = fields.value(u"name").toString();
            if (!nameRegex.match(name).hasMatch() || name.size() < 3 || name.size() > 32)
                fail(item,
                     QStringLiteral("%1: %2 name '%3' must match ^[a-z0-9_]+$ and be 3 to 32 characters long")
                         .arg(kind, what, name));
            if (attributes && !fields.contains(u"kind"))
                fail(item, QStringLiteral("%1.%2: attribute 'kind' is required").arg(kind, name));
            if (attributes && !isValidAttributeKind(fields.value(u"kind").toString()))
                fail(item, QStringLiteral("%1.%2: unknown attribute kind '%3' (valid kinds: %4)")
                               .arg(kind, name, fields.value(u"kind").toString(),
                                    validAttributeKinds().join(QStringLiteral(", "))));
            if (!attributes && !fields.contains(u"peer"))
                fail(item, QStringLiteral("%1.%2: relationship 'peer' is required").arg(kind, name));
            if (const auto previous = seen.constFind(name); previous != seen.cend())
                fail(item, QStringLiteral("%1: duplicate %2 '%3' (first defined on line %4)")
                               .arg(kind, what, name)
                               .arg(*previous));
            seen.insert(name, lineOf(item));
            out.append({fields, lineOf(item)});
        }
    }

    void readKind(const YAML::Node &item, RawSchemaKind::Section section, SchemaSource &source) {
        RawSchemaKind raw;
        raw.section = section;
        raw.line = lineOf(item);
        const bool generic = section == RawSchemaKind::Section::Generic;
        const QString context = generic ? QStringLiteral("generic") : QStringLiteral("node");
        raw.fields = readFields(item,
                                generic ? std::span<const FieldSpec>(kGenericFields)
                                        : std::span<const FieldSpec>(kNodeFields),
                                context, {QStringLiteral("attributes"), QStringLiteral("relationships")});
        if (!raw.fields.contains(u"namespace"))
            fail(item, QStringLiteral("%1 '%2': 'namespace' is required")
                           .arg(context, raw.fields.value(u"name").toString()));
        const QString name = raw.fields.value(u"name").toString();
        const QString ns = raw.fields.value(u"namespace").toString();
        static const QRegularExpression nameRegex(QStringLiteral("^[A-Z][a-zA-Z0-9]+$"));
        static const QRegularExpression namespaceRegex(QStringLiteral("^[A-Z][a-z0-9]+$"));
        if (!nameRegex.match(name).hasMatch() || name.size() > 32)
            fail(item,
                 QStringLiteral("%1 name '%2' must match ^[A-Z][a-zA-Z0-9]+$ and be 2 to 32 characters long")
                     .arg(context, name));
        if (!namespaceRegex.match(ns).hasMatch() || ns.size() < 3 || ns.size() > 32)
            fail(item, QStringLiteral(
                           "namespace '%1' of %2 must match ^[A-Z][a-z0-9]+$ and be 3 to 32 characters long")
                           .arg(ns, name));
        raw.kind = ns + name;
        if (const auto previous = m_kindLines.constFind(raw.kind); previous != m_kindLines.cend())
            fail(item, QStringLiteral("duplicate kind '%1' (first defined on line %2)")
                           .arg(raw.kind)
                           .arg(*previous));
        m_kindLines.insert(raw.kind, raw.line);
        readBody(item, raw);
        source.kinds.append(raw);
    }

    void readBody(const YAML::Node &item, RawSchemaKind &raw) const {
        if (const YAML::Node attributes = item["attributes"]; attributes && !attributes.IsNull())
            readElements(attributes, true, raw.kind, raw.attributes);
        if (const YAML::Node relationships = item["relationships"]; relationships && !relationships.IsNull())
            readElements(relationships, false, raw.kind, raw.relationships);
    }

    void readKinds(const YAML::Node &list, RawSchemaKind::Section section, SchemaSource &source) {
        if (list.IsNull())
            return;
        if (!list.IsSequence())
            fail(list, QStringLiteral("'%1' must be a list")
                           .arg(section == RawSchemaKind::Section::Node ? QStringLiteral("nodes")
                                                                        : QStringLiteral("generics")));
        for (const auto &item : list)
            readKind(item, section, source);
    }

    void readExtensions(const YAML::Node &extensions, SchemaSource &source) {
        if (extensions.IsNull())
            return;
        if (!extensions.IsMap())
            fail(extensions, QStringLiteral("'extensions' must be a mapping with a 'nodes' list"));
        for (const auto &entry : extensions) {
            if (scalarText(entry.first) != u"nodes")
                fail(entry.first, QStringLiteral("unknown key '%1' in 'extensions' (expected nodes)")
                                      .arg(scalarText(entry.first)));
            if (entry.second.IsNull())
                continue;
            if (!entry.second.IsSequence())
                fail(entry.second, QStringLiteral("'extensions.nodes' must be a list"));
            for (const auto &item : entry.second) {
                RawSchemaKind raw;
                raw.section = RawSchemaKind::Section::Extension;
                raw.line = lineOf(item);
                raw.fields = readFields(item, kExtensionFields, QStringLiteral("extension"),
                                        {QStringLiteral("attributes"), QStringLiteral("relationships")});
                raw.kind = raw.fields.value(u"kind").toString();
                raw.fields = {};
                readBody(item, raw);
                source.kinds.append(raw);
            }
        }
    }

    QString m_source;
    QHash<QString, int> m_kindLines;
};

} // namespace

bool isValidAttributeKind(const QString &kind) {
    for (const char16_t *valid : kAttributeKinds)
        if (kind == QStringView(valid))
            return true;
    return false;
}

QStringList validAttributeKinds() {
    QStringList out;
    for (const char16_t *valid : kAttributeKinds)
        out.append(QStringView(valid).toString());
    return out;
}

std::optional<SchemaSource> readSchemaYaml(const QByteArray &yaml, const QString &sourceName,
                                           QString *error) {
    YamlSchemaReader reader(sourceName);
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        return reader.read(root);
    } catch (const YAML::Exception &e) {
        if (error) {
            QString where = sourceName;
            if (!e.mark.is_null())
                where += QStringLiteral(":%1:%2").arg(e.mark.line + 1).arg(e.mark.column + 1);
            *error = where + QStringLiteral(": YAML syntax error: ") + QString::fromStdString(e.msg);
        }
    } catch (const ReadError &e) {
        if (error)
            *error = e.message;
    }
    return std::nullopt;
}

} // namespace infrahub::sandbox
