// The corpus of GraphQL documents the client's renderers (src/core/query) can emit for a schema: for every
// exposed kind the list query with the default selection, with metadata, with every relationship, with
// every filter the kind has (values of every type, safe and unsafe), count, get by id / hfid / default
// filter, Create / Update / Upsert / Delete (Update only for generics), RelationshipAdd / Remove for every
// editable many-relationship; plus the branch operations and InfrahubInfo. Shared by the graphql-js
// contract check (emitclientdocuments.cpp) and the in-process check in tests/unit/query.
#pragma once

#include "core/query/graphqlrequest.h"
#include "core/schema/schemamodel.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace infrahub::contract {

struct ClientDocument {
    QString name; // what was rendered, e.g. "InfraDevice/list-filters"
    QString kind; // the kind it is about; empty for branch and server operations
    GraphQLRequest request;
};

struct ClientDocumentCorpus {
    QList<ClientDocument> documents;
    QStringList failures; // renderer errors for requests that should have rendered
};

ClientDocumentCorpus renderClientDocuments(const SchemaSet &schema);

// A plausible value for an attribute (a Dropdown's first choice, an address for IPHost, ...); `unsafe`
// asks for a text that must travel as a variable.
QJsonValue sampleAttributeValue(const AttributeSchema &attribute, bool unsafe);

} // namespace infrahub::contract
