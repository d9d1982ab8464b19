// One processing pass over a schema branch, in the order of the Infrahub 1.1 server's SchemaBranch.process():
// generated identifiers and defaults, inheritance from generics, hierarchies, branch support, the automatic
// `profiles` / `parent` / `children` / `member_of_groups` / `subscriber_of_groups` relationships, validation,
// order weights, labels, dropdown choices, on_delete, human_friendly_id, and the generated profile kinds.
//
// The server processes the core schema when it starts and the user schema when it is loaded, and a few
// results depend on that split (a node gets its generic's automatic relationships as `inherited` only when
// the generic already had them), so the compiler runs one pass for the core schema and one for everything.
// Every step only fills in what is still unset, which makes a second pass over processed kinds harmless.
#pragma once

#include "schemabranch.h"

namespace infrahub::sandbox {

class SchemaProcessor {
public:
    explicit SchemaProcessor(SchemaBranch &branch)
        : m_branch(branch) {}

    // Throws SchemaError on the first problem found.
    void process();

private:
    void generateIdentifiers();
    void processDefaultValues();
    void processCardinalityCounts();
    void checkReferences();
    void processInheritance();
    void processHierarchy();
    void processBranchSupport();
    void manageProfileRelationships();
    void addHierarchyGeneric();
    void addHierarchyNode();
    void addGroups(QList<KindDefinition> &kinds);
    void generateWeight();
    void processLabels(QList<KindDefinition> &kinds);
    void processDropdowns(QList<KindDefinition> &kinds);
    void processRelationships(QList<KindDefinition> &kinds);
    void processHumanFriendlyId();
    void manageProfileSchemas();

    void inheritFromGeneric(KindDefinition &node, const KindDefinition &generic);

    SchemaBranch &m_branch;
};

} // namespace infrahub::sandbox
