// The validation step of a processing pass (the server's process_validate): names, default values, dropdown
// choices, relationship counts and identifiers, uniqueness constraints, display labels, order_by,
// default_filter, parent/component relationships, human_friendly_id and mutually required relationships.
// It also completes two things the server completes while validating: unique attributes and single-attribute
// uniqueness constraints are kept in sync, and a node without display_labels takes its only generic's.
#pragma once

#include "schemabranch.h"

namespace infrahub::sandbox {

class SchemaValidator {
public:
    explicit SchemaValidator(SchemaBranch &branch)
        : m_branch(branch) {}

    // Throws SchemaError on the first problem found.
    void validate();

private:
    void validateNames();
    void validateAttributes();
    void validateCountAgainstCardinality();
    void validateIdentifiers();
    void syncUniquenessConstraints();
    void validatePaths();
    void validateParentComponent();
    void validateRequiredRelationships();

    SchemaBranch &m_branch;
};

} // namespace infrahub::sandbox
