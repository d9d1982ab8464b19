// The selection of one node of a kind, built from its schema the way the Python SDK (>= 1.4) builds its
// default query: `id hfid display_label __typename`, every attribute as `{ value }`, every cardinality-one
// relationship as `{ node { id hfid display_label __typename } }`, and the cardinality-many relationships
// of kind Attribute or Parent as `{ count edges { node { id display_label __typename } } }`. Component,
// Generic, Group and Profile many-relationships are left out unless asked for. Only attributes and
// relationships the schema has (with exposed peers and valid names) are ever selected.
#pragma once

#include "core/client/infrahuberror.h"
#include "core/schema/schemamodel.h"
#include "selectionset.h"

#include <QStringList>

namespace infrahub {

struct SelectionOptions {
    // When not empty, exactly these attributes and relationships are selected (plus id, hfid,
    // display_label and __typename) instead of the default selection.
    QStringList fields;
    // Added to the selection, e.g. Component relationships such as InfraDevice.interfaces.
    QStringList include;
    // Left out of the selection.
    QStringList exclude;
    // Also ask for attribute metadata (is_default is_from_profile is_protected updated_at source owner) and
    // relationship properties (is_protected updated_at source owner) - the SDK's `property=True`.
    // `is_visible` is not asked for: newer servers removed it.
    bool withMetadata = false;
    // Dropdown attributes also select `label color description` (what a UI shows for the value).
    bool dropdownDetails = true;
    // For a generic: add `... on <Kind> { ... }` with the own attributes and relationships of every kind
    // that implements it (the same rules apply to them), so one query returns complete nodes. A name two
    // kinds use for differently typed fields is aliased `<Kind>__<name>` (NodeParser reads it back).
    bool concreteFragments = false;
};

// The selection set for one node of `kind` (the `{ ... }` under `node`). Unknown names in fields, include
// or exclude are errors that name the kind and suggest close names.
Result<SelectionSet> buildNodeSelection(const SchemaSet &schema, const KindSchema &kind,
                                        const SelectionOptions &options = {});

} // namespace infrahub
