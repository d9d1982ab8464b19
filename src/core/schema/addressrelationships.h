// Which kinds hold IP addresses, and which kinds point at one: read from the schema alone, so the console
// finds "the devices of a site and their management addresses" in any Infrahub schema, not only the demo's.
// An address kind is a node kind with an IPHost attribute (IpamIPAddress); a kind that points at an address
// has a cardinality-one relationship to one (a device's primary_address). Shared by the sweep's related
// addresses and the backup targets.
#pragma once

#include "schemamodel.h"

#include <QString>
#include <QStringList>

namespace infrahub::addressrelationships {

// Node kinds with an IPHost attribute, in schema order.
QStringList addressKinds(const SchemaSet &schema);

// True when `relationship` is cardinality one and its peer is (or is a generic of) one of `addressKinds`.
bool pointsAtAddress(const SchemaSet &schema, const RelationshipSchema &relationship,
                     const QStringList &addressKinds);

// A kind's first cardinality-one relationship that points at an address, skipping `except` (a relationship
// already used for something else); nullptr when it has none.
const RelationshipSchema *addressRelationship(const SchemaSet &schema, const KindSchema &kind,
                                              const QStringList &addressKinds,
                                              const RelationshipSchema *except = nullptr);

// A kind's first cardinality-one relationship whose peer `target` is (`target` itself, or a generic that
// `target` inherits from): a device's `site` for LocationSite. nullptr when it has none.
const RelationshipSchema *relationshipTo(const SchemaSet &schema, const KindSchema &kind,
                                         const QString &target);

// The host of an address as Infrahub shows it ("10.0.0.5/24" -> "10.0.0.5"); empty when there is none.
QString hostOf(const QString &addressText);

} // namespace infrahub::addressrelationships
