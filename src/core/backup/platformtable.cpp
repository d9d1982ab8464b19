#include "platformtable.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QStandardPaths>

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <set>
#include <string>

namespace infrahub {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("PlatformTable", text);
}

// One field of one platform as a source wrote it, remembered with the source so an error found while
// compiling the merged table still names the file the bad value came from.
struct SourcedNode {
    YAML::Node node;
    QString source;
};

struct RawPlatform {
    QString definedIn; // the first source that named it
    std::map<std::string, SourcedNode> fields;
};

const std::set<std::string> &knownFields() {
    static const std::set<std::string> fields{"description", "aliases",        "extends", "session",
                                              "commands",    "paging_disable", "prompt",  "timeout_seconds",
                                              "drop_lines",  "mask",           "complete"};
    return fields;
}

const std::set<std::string> &knownCompleteFields() {
    static const std::set<std::string> fields{"min_bytes", "min_lines", "last_line", "must_contain",
                                              "must_not_contain"};
    return fields;
}

QString qs(const std::string &s) {
    return QString::fromStdString(s);
}

QString joined(const std::set<std::string> &names) {
    QStringList list;
    for (const std::string &n : names)
        list.append(qs(n));
    return list.join(QStringLiteral(", "));
}

BackupError invalid(QString message) {
    return BackupError::make(BackupError::Kind::InvalidData, std::move(message));
}

// Compiles one platform's merged fields, reporting the first problem with file, line, platform and field.
class PlatformCompiler {
public:
    PlatformCompiler(QString platform, QString definedIn, const std::map<std::string, SourcedNode> &fields)
        : m_platform(std::move(platform))
        , m_definedIn(std::move(definedIn))
        , m_fields(fields) {}

    std::optional<BackupError> error;

    std::optional<PlatformProfile> compile() {
        PlatformProfile p;
        p.name = m_platform;
        p.description = string("description").value_or(QString());
        p.aliases = stringList("aliases");
        const QString session = string("session").value_or(QStringLiteral("shell")).toLower();
        if (session == u"exec")
            p.session = PlatformProfile::Session::Exec;
        else if (session == u"shell")
            p.session = PlatformProfile::Session::Shell;
        else
            fail("session", at("session"), tr("must be \"exec\" or \"shell\", not \"%1\"").arg(session));
        p.pagingDisable = stringList("paging_disable");
        p.commands = stringList("commands");
        if (!error && p.commands.isEmpty())
            fail("commands", nullptr, tr("at least one command is needed"));
        if (const auto prompt = string("prompt"))
            p.prompt = regex(*prompt, "prompt", at("prompt"));
        if (!error && p.session == PlatformProfile::Session::Shell && p.prompt.pattern().isEmpty())
            fail("prompt", nullptr, tr("a shell session needs a prompt pattern"));
        if (const SourcedNode *timeout = at("timeout_seconds"))
            p.timeoutSeconds = integer(timeout->node, QStringLiteral("timeout_seconds"), timeout, 60, 1);
        p.dropLines = regexList("drop_lines");
        p.masks = masks();
        p.complete = completeness();
        if (error)
            return std::nullopt;
        return p;
    }

private:
    const SourcedNode *at(const std::string &field) const {
        const auto it = m_fields.find(field);
        return it == m_fields.end() ? nullptr : &it->second;
    }

    void fail(const QString &field, const SourcedNode *where, const QString &problem,
              const YAML::Node &node = YAML::Node()) {
        if (error)
            return;
        // A missing field has no line of its own: name the file that defines the platform.
        QString location = where ? where->source : m_definedIn;
        YAML::Mark mark = YAML::Mark::null_mark();
        if (node.IsDefined())
            mark = node.Mark();
        if (mark.line < 0 && where)
            mark = where->node.Mark();
        if (mark.line >= 0)
            location += QStringLiteral(":%1").arg(mark.line + 1);
        error = invalid(tr("%1: platform \"%2\", %3: %4").arg(location, m_platform, field, problem));
    }
    void fail(const char *field, const SourcedNode *where, const QString &problem) {
        fail(QString::fromLatin1(field), where, problem);
    }

    std::optional<QString> scalar(const YAML::Node &node, const QString &field, const SourcedNode *where) {
        if (!node.IsScalar()) {
            fail(field, where, tr("expected a text value"), node);
            return std::nullopt;
        }
        return qs(node.Scalar());
    }

    std::optional<QString> string(const char *field) {
        const SourcedNode *where = at(field);
        if (!where || where->node.IsNull())
            return std::nullopt;
        return scalar(where->node, QString::fromLatin1(field), where);
    }

    // The entries of a list field with their paths ("drop_lines[3]"). An entry that is itself a list is
    // flattened into it, so a platform can combine shared lists (YAML aliases such as *cisco_secrets) with
    // its own entries; a single value stands for a list of one.
    struct ListEntry {
        YAML::Node node;
        QString field;
    };
    std::vector<ListEntry> entriesOf(const YAML::Node &node, const QString &field, const SourcedNode *where) {
        std::vector<ListEntry> out;
        if (!node.IsDefined() || node.IsNull())
            return out;
        if (!node.IsSequence()) {
            out.push_back({node, field});
            return out;
        }
        for (std::size_t i = 0; i < node.size(); ++i) {
            const YAML::Node item = node[i];
            const QString itemField = QStringLiteral("%1[%2]").arg(field).arg(i);
            if (item.IsSequence()) {
                for (ListEntry &nested : entriesOf(item, itemField, where))
                    out.push_back(std::move(nested));
            } else {
                out.push_back({item, itemField});
            }
        }
        return out;
    }

    QStringList stringListOf(const YAML::Node &node, const QString &field, const SourcedNode *where) {
        QStringList out;
        for (const ListEntry &entry : entriesOf(node, field, where))
            if (const auto value = scalar(entry.node, entry.field, where))
                out.append(*value);
        return out;
    }
    QStringList stringList(const char *field) {
        const SourcedNode *where = at(field);
        return where ? stringListOf(where->node, QString::fromLatin1(field), where) : QStringList();
    }

    int integer(const YAML::Node &node, const QString &field, const SourcedNode *where, int fallback,
                int minimum) {
        if (!node.IsDefined() || node.IsNull())
            return fallback;
        int value = 0;
        if (!node.IsScalar() || !YAML::convert<int>::decode(node, value)) {
            fail(field, where, tr("expected a whole number"), node);
            return fallback;
        }
        if (value < minimum) {
            fail(field, where, tr("must be at least %1").arg(minimum), node);
            return fallback;
        }
        return value;
    }

    QRegularExpression regex(const QString &pattern, const QString &field, const SourcedNode *where,
                             const YAML::Node &node = YAML::Node()) {
        QRegularExpression re(pattern);
        if (!re.isValid()) {
            fail(field, where,
                 tr("invalid regular expression \"%1\": %2 at offset %3")
                     .arg(pattern, re.errorString())
                     .arg(re.patternErrorOffset()),
                 node);
            return {};
        }
        re.optimize();
        return re;
    }
    QRegularExpression regex(const QString &pattern, const char *field, const SourcedNode *where) {
        return regex(pattern, QString::fromLatin1(field), where);
    }

    QList<QRegularExpression> regexListOf(const YAML::Node &node, const QString &field,
                                          const SourcedNode *where) {
        QList<QRegularExpression> out;
        for (const ListEntry &entry : entriesOf(node, field, where))
            if (const auto pattern = scalar(entry.node, entry.field, where))
                out.append(regex(*pattern, entry.field, where, entry.node));
        return out;
    }
    QList<QRegularExpression> regexList(const char *field) {
        const SourcedNode *where = at(field);
        return where ? regexListOf(where->node, QString::fromLatin1(field), where)
                     : QList<QRegularExpression>();
    }

    QList<MaskRule> masks() {
        QList<MaskRule> out;
        const SourcedNode *where = at("mask");
        if (!where || where->node.IsNull())
            return out;
        for (const ListEntry &listEntry : entriesOf(where->node, QStringLiteral("mask"), where)) {
            const YAML::Node entry = listEntry.node;
            const QString field = listEntry.field;
            if (!entry.IsMap() || !entry["pattern"] || !entry["replace"] || entry.size() != 2) {
                fail(field, where, tr("expected exactly the fields \"pattern\" and \"replace\""), entry);
                return out;
            }
            const auto pattern = scalar(entry["pattern"], field + QStringLiteral(".pattern"), where);
            const auto replacement = scalar(entry["replace"], field + QStringLiteral(".replace"), where);
            if (!pattern || !replacement)
                return out;
            MaskRule rule{regex(*pattern, field + QStringLiteral(".pattern"), where, entry["pattern"]),
                          *replacement};
            // \N in the replacement must name a group the pattern has, or the secret's text would be lost
            // silently (an unknown group is replaced by nothing).
            static const QRegularExpression backReference(QStringLiteral("\\\\(\\d+)"));
            for (auto it = backReference.globalMatch(rule.replacement); it.hasNext();) {
                const int group = it.next().captured(1).toInt();
                if (rule.pattern.isValid() && group > rule.pattern.captureCount())
                    fail(field + QStringLiteral(".replace"), where,
                         tr("refers to group \\%1 but the pattern has %2 group(s)")
                             .arg(group)
                             .arg(rule.pattern.captureCount()),
                         entry["replace"]);
            }
            out.append(rule);
        }
        return out;
    }

    CompletenessRule completeness() {
        CompletenessRule rule;
        const SourcedNode *where = at("complete");
        if (!where || where->node.IsNull())
            return rule;
        const YAML::Node node = where->node;
        if (!node.IsMap()) {
            fail("complete", where, tr("expected a map of checks"));
            return rule;
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            const std::string key = it->first.as<std::string>();
            if (!knownCompleteFields().count(key))
                fail(QStringLiteral("complete.%1").arg(qs(key)), where,
                     tr("unknown field (known: %1)").arg(joined(knownCompleteFields())), it->first);
        }
        rule.minBytes = integer(node["min_bytes"], QStringLiteral("complete.min_bytes"), where, 1, 1);
        rule.minLines = integer(node["min_lines"], QStringLiteral("complete.min_lines"), where, 1, 1);
        if (node["last_line"])
            if (const auto pattern = scalar(node["last_line"], QStringLiteral("complete.last_line"), where))
                rule.lastLine =
                    regex(*pattern, QStringLiteral("complete.last_line"), where, node["last_line"]);
        rule.mustContain = regexListOf(node["must_contain"], QStringLiteral("complete.must_contain"), where);
        rule.mustNotContain =
            regexListOf(node["must_not_contain"], QStringLiteral("complete.must_not_contain"), where);
        return rule;
    }

    QString m_platform;
    QString m_definedIn;
    const std::map<std::string, SourcedNode> &m_fields;
};

// All sources merged into raw platforms (field by field), before `extends` is resolved.
struct MergedSources {
    std::map<QString, RawPlatform> platforms;
    QString fallback = QStringLiteral("generic");
};

// The platform an earlier source gave `alias` to as an alias, if any.
QString aliasOwner(const MergedSources &merged, const QString &alias) {
    for (const auto &[name, raw] : merged.platforms) {
        const auto aliases = raw.fields.find("aliases");
        if (aliases == raw.fields.end() || !aliases->second.node.IsSequence())
            continue;
        for (const YAML::Node &item : aliases->second.node)
            if (item.IsScalar() && qs(item.Scalar()).toLower() == alias)
                return name;
    }
    return {};
}

std::optional<BackupError> mergeSource(const PlatformTableSource &source, MergedSources &merged) {
    YAML::Node root;
    try {
        root = YAML::Load(source.yaml.toStdString());
    } catch (const YAML::ParserException &e) {
        return invalid(tr("%1:%2:%3: not valid YAML: %4")
                           .arg(source.name)
                           .arg(e.mark.line + 1)
                           .arg(e.mark.column + 1)
                           .arg(qs(e.msg)));
    }
    if (root.IsNull())
        return std::nullopt; // an empty override file changes nothing
    if (!root.IsMap())
        return invalid(tr("%1: expected a map with \"platforms\" at the top").arg(source.name));
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string key = it->first.as<std::string>();
        const YAML::Node value = it->second;
        const QString where = QStringLiteral("%1:%2").arg(source.name).arg(it->first.Mark().line + 1);
        if (key == "version") {
            if (!value.IsScalar() || value.Scalar() != "1")
                return invalid(tr("%1: version %2 is not supported (this program reads version 1)")
                                   .arg(where, value.IsScalar() ? qs(value.Scalar()) : QStringLiteral("?")));
        } else if (key == "fallback") {
            if (!value.IsScalar())
                return invalid(tr("%1: fallback must be a platform name").arg(where));
            merged.fallback = qs(value.Scalar()).toLower();
        } else if (key == "shared") {
            continue; // anchors (&name) for lists that several platforms use; read where they are aliased
        } else if (key == "platforms") {
            if (value.IsNull())
                continue;
            if (!value.IsMap())
                return invalid(tr("%1: platforms must be a map of platform name to fields").arg(where));
            for (auto p = value.begin(); p != value.end(); ++p) {
                const QString name = qs(p->first.as<std::string>()).toLower();
                const QString at = QStringLiteral("%1:%2").arg(source.name).arg(p->first.Mark().line + 1);
                // Overriding "junos" would otherwise quietly start a new platform beside juniper_junos.
                if (!merged.platforms.count(name))
                    if (const QString owner = aliasOwner(merged, name); !owner.isEmpty())
                        return invalid(
                            tr("%1: \"%2\" is an alias of platform \"%3\"; write the overrides under "
                               "\"%3\"")
                                .arg(at, name, owner));
                RawPlatform &raw = merged.platforms[name];
                if (raw.definedIn.isEmpty())
                    raw.definedIn = source.name;
                if (p->second.IsNull())
                    continue;
                if (!p->second.IsMap())
                    return invalid(tr("%1: platform \"%2\" must be a map of fields").arg(at, name));
                for (auto f = p->second.begin(); f != p->second.end(); ++f) {
                    const std::string field = f->first.as<std::string>();
                    if (!knownFields().count(field))
                        return invalid(tr("%1:%2: platform \"%3\", %4: unknown field (known: %5)")
                                           .arg(source.name)
                                           .arg(f->first.Mark().line + 1)
                                           .arg(name, qs(field), joined(knownFields())));
                    raw.fields[field] = SourcedNode{f->second, source.name};
                }
            }
        } else {
            return invalid(
                tr("%1: unknown top-level field \"%2\" (known: version, fallback, shared, platforms)")
                    .arg(where, qs(key)));
        }
    }
    return std::nullopt;
}

// A platform's fields with `extends` applied: the base's fields (recursively), then its own on top.
std::optional<BackupError> resolveFields(const QString &name, const MergedSources &merged, QStringList &stack,
                                         std::map<std::string, SourcedNode> &out) {
    const RawPlatform &raw = merged.platforms.at(name);
    const auto extends = raw.fields.find("extends");
    if (extends != raw.fields.end()) {
        const YAML::Node node = extends->second.node;
        const QString base = node.IsScalar() ? qs(node.Scalar()).toLower() : QString();
        const QString where = QStringLiteral("%1:%2").arg(extends->second.source).arg(node.Mark().line + 1);
        if (!merged.platforms.count(base))
            return invalid(tr("%1: platform \"%2\", extends: no platform \"%3\"").arg(where, name, base));
        if (stack.contains(base))
            return invalid(tr("%1: platform \"%2\", extends: circular (%3)")
                               .arg(where, name, (stack + QStringList{base}).join(QStringLiteral(" -> "))));
        stack.append(base);
        if (auto error = resolveFields(base, merged, stack, out))
            return error;
        stack.removeLast();
        out.erase("aliases"); // an alias names exactly one platform
    }
    for (const auto &[field, value] : raw.fields)
        if (field != "extends")
            out[field] = value;
    return std::nullopt;
}

} // namespace

BackupResult<PlatformTable> PlatformTable::fromSources(const QList<PlatformTableSource> &sources) {
    MergedSources merged;
    try {
        for (const PlatformTableSource &source : sources)
            if (auto error = mergeSource(source, merged))
                return *error;

        PlatformTable table;
        table.m_fallback = merged.fallback;
        QHash<QString, QString> aliasesWrittenAt; // platform -> "file:line" of its aliases, for errors
        for (const auto &[name, raw] : merged.platforms) {
            std::map<std::string, SourcedNode> fields;
            QStringList stack{name};
            if (auto error = resolveFields(name, merged, stack, fields))
                return *error;
            PlatformCompiler compiler(name, raw.definedIn, fields);
            std::optional<PlatformProfile> profile = compiler.compile();
            if (!profile)
                return *compiler.error;
            table.m_profiles.insert(name, *profile);
            if (const auto aliases = fields.find("aliases"); aliases != fields.end())
                aliasesWrittenAt.insert(name, QStringLiteral("%1:%2")
                                                  .arg(aliases->second.source)
                                                  .arg(aliases->second.node.Mark().line + 1));
        }
        for (const PlatformProfile &profile : std::as_const(table.m_profiles))
            for (const QString &alias : profile.aliases) {
                const QString key = alias.toLower();
                const QString other =
                    table.m_profiles.contains(key) ? key : table.m_aliases.value(key, QString());
                if (!other.isEmpty() && other != profile.name)
                    return invalid(
                        tr("%1: platform \"%2\", aliases: \"%3\" already names platform \"%4\" (%5)")
                            .arg(aliasesWrittenAt.value(profile.name), profile.name, alias, other,
                                 aliasesWrittenAt.value(other, merged.platforms.at(other).definedIn)));
                table.m_aliases.insert(key, profile.name);
            }
        if (!table.m_profiles.contains(table.m_fallback))
            return invalid(tr("the fallback platform \"%1\" is not in the table").arg(table.m_fallback));
        return table;
    } catch (const YAML::Exception &e) {
        // Shapes the checks above did not foresee (a map used as a key...): still an error, never a crash.
        return invalid(tr("platform table line %1: %2").arg(e.mark.line + 1).arg(qs(e.msg)));
    }
}

BackupResult<PlatformTable> PlatformTable::builtIn() {
    QFile file(builtInResource());
    if (!file.open(QIODevice::ReadOnly))
        return BackupError::make(
            BackupError::Kind::Io,
            tr("The built-in platform table %1 is missing from this build.").arg(file.fileName()));
    return fromSources({{QStringLiteral("platforms.yaml (built in)"), file.readAll()}});
}

BackupResult<PlatformTable> PlatformTable::builtInWithOverrides(const QString &overrideFile) {
    QFile builtInFile(builtInResource());
    if (!builtInFile.open(QIODevice::ReadOnly))
        return builtIn(); // reports the missing resource
    QList<PlatformTableSource> sources{{QStringLiteral("platforms.yaml (built in)"), builtInFile.readAll()}};
    if (!overrideFile.isEmpty() && QFileInfo::exists(overrideFile)) {
        QFile file(overrideFile);
        if (!file.open(QIODevice::ReadOnly))
            return BackupError::make(
                BackupError::Kind::Io,
                tr("Cannot read the platform overrides %1: %2").arg(overrideFile, file.errorString()));
        sources.append({overrideFile, file.readAll()});
    }
    return fromSources(sources);
}

QString PlatformTable::defaultOverrideFile() {
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/infrahub-console/platforms.yaml");
}

const PlatformProfile *PlatformTable::find(const QString &nameOrAlias) const {
    const QString key = nameOrAlias.trimmed().toLower();
    if (key.isEmpty())
        return nullptr;
    auto it = m_profiles.constFind(key);
    if (it == m_profiles.cend())
        it = m_profiles.constFind(m_aliases.value(key));
    return it == m_profiles.cend() ? nullptr : &it.value();
}

PlatformMatch PlatformTable::lookup(const QString &netmikoDeviceType, const QString &napalmDriver) const {
    PlatformMatch match;
    const QString netmiko = netmikoDeviceType.trimmed().toLower();
    if (const PlatformProfile *p = find(netmiko)) {
        match = {*p, PlatformMatch::By::NetmikoDeviceType,
                 tr("%1 (from the Netmiko device type \"%2\")").arg(p->name, netmikoDeviceType)};
        return match;
    }
    static const QRegularExpression transportSuffix(QStringLiteral("_(ssh|telnet|serial)$"));
    QString withoutTransport = netmiko;
    withoutTransport.remove(transportSuffix);
    if (withoutTransport != netmiko)
        if (const PlatformProfile *p = find(withoutTransport)) {
            match = {*p, PlatformMatch::By::NetmikoDeviceType,
                     tr("%1 (from the Netmiko device type \"%2\")").arg(p->name, netmikoDeviceType)};
            return match;
        }
    if (const PlatformProfile *p = find(napalmDriver)) {
        match = {*p, PlatformMatch::By::NapalmDriver,
                 tr("%1 (from the NAPALM driver \"%2\")").arg(p->name, napalmDriver)};
        return match;
    }
    const PlatformProfile *fallback = find(m_fallback);
    Q_ASSERT(fallback); // fromSources() refuses a table without its fallback
    QString why;
    if (netmiko.isEmpty() && napalmDriver.trimmed().isEmpty())
        why =
            tr("%1 (the platform has neither a Netmiko device type nor a NAPALM driver)").arg(fallback->name);
    else
        why =
            tr("%1 (no platform in the table for the Netmiko device type \"%2\" or the NAPALM driver \"%3\")")
                .arg(fallback->name, netmikoDeviceType, napalmDriver);
    match = {*fallback, PlatformMatch::By::Fallback, why};
    return match;
}

} // namespace infrahub
