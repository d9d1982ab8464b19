#include "schemabranch.h"

#include "schemaerror.h"
#include "schemanaming.h"

namespace infrahub::sandbox {

namespace {

QString typeName(KindType type) {
    switch (type) {
    case KindType::Node:
        return QStringLiteral("Node");
    case KindType::Generic:
        return QStringLiteral("Generic");
    case KindType::Profile:
        return QStringLiteral("Profile");
    }
    return {};
}

template <typename Definition, typename Apply>
void mergeElements(QList<Definition> &elements, const QList<RawSchemaElement> &raws, const QString &source,
                   Apply apply) {
    for (const RawSchemaElement &raw : raws) {
        const QString name = raw.fields.value(u"name").toString();
        auto existing = std::find_if(elements.begin(), elements.end(),
                                     [&name](const Definition &d) { return d.name == name; });
        if (existing != elements.end()) {
            apply(*existing, raw.fields);
            existing->inherited = false; // redefined locally: it now belongs to this kind
            continue;
        }
        Definition definition;
        definition.location = {source, raw.line};
        apply(definition, raw.fields);
        elements.append(definition);
    }
}

} // namespace

void SchemaBranch::load(const SchemaSource &source) {
    for (const RawSchemaKind &raw : source.kinds) {
        const SchemaLocation where{source.name, raw.line};
        KindDefinition *kind = find(raw.kind);
        if (raw.section == RawSchemaKind::Section::Extension) {
            if (!kind || kind->isProfile())
                throwSchemaError(where, QStringLiteral("extension of an unknown kind '%1'").arg(raw.kind));
        } else {
            const KindType type =
                raw.section == RawSchemaKind::Section::Node ? KindType::Node : KindType::Generic;
            const QString ns = raw.fields.value(u"namespace").toString();
            // Core kinds come from the sandbox's own core schema; users may not add to those namespaces.
            if (!source.core && isRestrictedNamespace(ns))
                throwSchemaError(where, QStringLiteral("Restricted namespace '%1' used on '%2'")
                                            .arg(ns, raw.fields.value(u"name").toString()));
            if (raw.fields.value(u"generate_template").toBool())
                throwSchemaError(where,
                                 QStringLiteral("%1: generate_template is not supported by the sandbox "
                                                "(object templates are not generated)")
                                     .arg(raw.kind));
            if (kind && kind->type != type)
                throwSchemaError(where,
                                 QStringLiteral("%1 already exist in the schema as a %2 (%3). Either rename "
                                                "it or delete the existing one.")
                                     .arg(raw.kind, typeName(kind->type), kind->location.toString()));
            if (!kind) {
                KindDefinition definition;
                definition.type = type;
                definition.fromCore = source.core;
                definition.location = where;
                applyKindFields(definition, raw.fields);
                kind = &addKind(std::move(definition));
            } else {
                applyKindFields(*kind, raw.fields);
            }
        }
        mergeElements(kind->attributes, raw.attributes, source.name, applyAttributeFields);
        mergeElements(kind->relationships, raw.relationships, source.name, applyRelationshipFields);
        // `state: absent` is how a schema file deletes an element or a whole kind.
        const auto absent = [](const auto &element) {
            return element.state == u"absent";
        };
        kind->attributes.removeIf(absent);
        kind->relationships.removeIf(absent);
        if (kind->state == u"absent")
            removeKind(kind->kind);
    }
}

void SchemaBranch::removeKind(const QString &kind) {
    const auto sameKind = [&kind](const KindDefinition &k) {
        return k.kind == kind;
    };
    m_nodes.removeIf(sameKind);
    m_generics.removeIf(sameKind);
    rebuildIndex();
}

KindDefinition *SchemaBranch::find(const QString &kind) {
    const auto it = m_index.constFind(kind);
    if (it == m_index.cend())
        return nullptr;
    switch (it->first) {
    case KindType::Node:
        return &m_nodes[it->second];
    case KindType::Generic:
        return &m_generics[it->second];
    case KindType::Profile:
        return &m_profiles[it->second];
    }
    return nullptr;
}

const KindDefinition *SchemaBranch::find(const QString &kind) const {
    return const_cast<SchemaBranch *>(this)->find(kind);
}

bool SchemaBranch::isGeneric(const QString &kind) const {
    const auto it = m_index.constFind(kind);
    return it != m_index.cend() && it->first == KindType::Generic;
}

bool SchemaBranch::isNodeOrGeneric(const QString &kind) const {
    const auto it = m_index.constFind(kind);
    return it != m_index.cend() && it->first != KindType::Profile;
}

void SchemaBranch::replaceProfiles(QList<KindDefinition> profiles) {
    m_profiles = std::move(profiles);
    rebuildIndex();
}

void SchemaBranch::rebuildIndex() {
    m_index.clear();
    for (qsizetype i = 0; i < m_nodes.size(); ++i)
        m_index.insert(m_nodes.at(i).kind, {KindType::Node, i});
    for (qsizetype i = 0; i < m_generics.size(); ++i)
        m_index.insert(m_generics.at(i).kind, {KindType::Generic, i});
    for (qsizetype i = 0; i < m_profiles.size(); ++i)
        m_index.insert(m_profiles.at(i).kind, {KindType::Profile, i});
}

KindDefinition &SchemaBranch::addKind(KindDefinition kind) {
    kind.kind = kind.ns + kind.name;
    QList<KindDefinition> &list = kind.isGeneric() ? m_generics : m_nodes;
    list.append(std::move(kind));
    m_index.insert(list.last().kind, {list.last().type, list.size() - 1});
    return list.last();
}

} // namespace infrahub::sandbox
