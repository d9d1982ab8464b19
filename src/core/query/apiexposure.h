// Which parts of a schema the GraphQL API actually exposes. Infrahub leaves the `Internal` namespace
// out and drops relationships whose peer is not exposed; and a name that is not a valid GraphQL name
// cannot be a field at all. The renderers only ever write what passes these checks ("only fields the
// schema has"), so a strange /api/schema cannot smuggle text into a document.
#pragma once

#include "core/schema/schemamodel.h"

namespace infrahub {

// The kind when the API has a root field for it, else null.
const KindSchema *exposedKind(const SchemaSet &schema, const QString &kind);

// The relationship's peer kind when the API exposes the relationship (a known, exposed peer and a valid
// relationship name), else null.
const KindSchema *exposedPeer(const SchemaSet &schema, const RelationshipSchema &relationship);

// True when the attribute appears as a field (its name is a valid GraphQL name).
bool isExposedAttribute(const AttributeSchema &attribute);

} // namespace infrahub
