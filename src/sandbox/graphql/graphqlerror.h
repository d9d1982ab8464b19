// An error found while validating a GraphQL document or coercing its inputs, shaped like the entries
// of a response's `errors` list (message plus 1-based source locations).
#pragma once

#include "graphqlast.h"

#include <QList>
#include <QString>

namespace infrahub::sandbox::gql {

struct ValidationError {
    QString message;
    QList<SourceLocation> locations; // empty when graphql-core reports none
};

} // namespace infrahub::sandbox::gql
