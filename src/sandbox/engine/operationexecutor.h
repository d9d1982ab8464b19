// Runs one already validated GraphQL operation against a branch of the store and produces the response
// body: `{"data": {...}}` plus `errors` when a field failed. Query fields resolve independently; mutation
// fields run one after another, as the GraphQL spec requires.
#pragma once

#include "executioncontext.h"

namespace infrahub::sandbox {

class OperationExecutor {
public:
    explicit OperationExecutor(SandboxStore &store);

    // `variables` must already be coerced (defaults applied, types checked).
    // The complete response body as JSON text, fields in selection order.
    QByteArray execute(const gql::Document &document, const gql::OperationDefinition &operation,
                       const QJsonObject &variables, BranchState &branch);

private:
    SandboxStore &m_store;
};

} // namespace infrahub::sandbox
