// Naming rules the Infrahub server applies while processing a schema: labels derived from names, generated
// relationship identifiers, the colour palette for dropdown choices without a colour, restricted namespaces,
// and the ids of schema objects. Real ids are time-ordered UUIDs picked when a schema is first loaded; the
// sandbox derives them from a hash of the kind and element name instead, so a restart serves the same ids.
#pragma once

#include <QString>
#include <QStringList>

namespace infrahub::sandbox {

// Python's `" ".join(word.title() for word in name.split("_"))`: "member_of_groups" -> "Member Of Groups",
// "LagInterface" -> "Laginterface" (str.title() lowercases the rest of each word, as the server does).
QString formatLabel(const QString &name);

// Identifier of a relationship that has none: both kinds sorted, joined with "__", lowercased.
QString generatedRelationshipIdentifier(const QString &kind, const QString &peer);

// Next colour of Infrahub's dropdown palette not in `used` (which it extends); red when all are taken.
QString selectChoiceColor(QStringList &used);

// Namespaces users cannot load kinds into; their kinds get no `profiles` relationship nor profile kind.
bool isRestrictedNamespace(const QString &ns);

// A stable UUID-looking id in the shape of Infrahub's time-ordered ids (e.g.
// 1833c7eb-96e5-7b31-3536-c5179bcb2a8c). `element` is empty for the kind itself.
QString stableSchemaId(const QString &kind, const QString &element = {});

} // namespace infrahub::sandbox
