// All kinds of one schema being compiled - nodes, generics and the generated profiles - in the order the
// server lists them, plus the merge of parsed schema files into it (`load`): a later file that defines an
// existing kind updates it field by field and element by element, `extensions` add to existing kinds, and
// `state: absent` removes an element or a kind.
#pragma once

#include "schemadefinition.h"
#include "schemasource.h"

#include <QHash>
#include <QList>
#include <QString>

namespace infrahub::sandbox {

class SchemaBranch {
public:
    // Merges one parsed file; throws SchemaError (duplicate kind of another type, extension of an unknown
    // kind, restricted namespace in a user file, ...).
    void load(const SchemaSource &source);

    KindDefinition *find(const QString &kind);
    const KindDefinition *find(const QString &kind) const;
    bool isGeneric(const QString &kind) const;
    bool isNodeOrGeneric(const QString &kind) const;

    QList<KindDefinition> &nodes() { return m_nodes; }
    QList<KindDefinition> &generics() { return m_generics; }
    QList<KindDefinition> &profiles() { return m_profiles; }
    const QList<KindDefinition> &nodes() const { return m_nodes; }
    const QList<KindDefinition> &generics() const { return m_generics; }
    const QList<KindDefinition> &profiles() const { return m_profiles; }

    // Profiles are regenerated on every processing pass.
    void replaceProfiles(QList<KindDefinition> profiles);

    // Calls f(kind) for every node and generic (in that order), the set most processing steps work on.
    template <typename F> void forEachNodeAndGeneric(F &&f) {
        for (KindDefinition &k : m_nodes)
            f(k);
        for (KindDefinition &k : m_generics)
            f(k);
    }

private:
    void removeKind(const QString &kind);
    void rebuildIndex();
    KindDefinition &addKind(KindDefinition kind);

    QList<KindDefinition> m_nodes;
    QList<KindDefinition> m_generics;
    QList<KindDefinition> m_profiles;
    QHash<QString, std::pair<KindType, qsizetype>> m_index;
};

} // namespace infrahub::sandbox
