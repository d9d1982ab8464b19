#include "operationexecutor.h"

#include "diffresolver.h"
#include "jsonwriter.h"
#include "mutationresolver.h"
#include "queryresolver.h"

namespace infrahub::sandbox {

OperationExecutor::OperationExecutor(SandboxStore &store)
    : m_store(store) {}

QByteArray OperationExecutor::execute(const gql::Document &document,
                                      const gql::OperationDefinition &operation, const QJsonObject &variables,
                                      BranchState &branch) {
    ExecutionContext context(m_store, branch, document, variables);
    QueryResolver queries(context);
    MutationResolver mutations(context, queries);
    const bool isMutation = operation.type == gql::OperationDefinition::Type::Mutation;
    const QString rootType = isMutation ? QStringLiteral("Mutation") : QStringLiteral("Query");

    JsonObjectWriter data;
    bool anyResolved = false;
    for (const FieldGroup &field : context.collectFields({&operation.selectionSet}, rootType, {})) {
        try {
            data.insert(field.responseKey, isMutation ? mutations.resolveMutationField(field)
                                                      : queries.resolveQueryField(field));
            anyResolved = true;
        } catch (const FieldFailure &failure) {
            ExecutionError error = failure.error;
            error.locations = {field.first().location};
            error.path = QJsonArray{field.responseKey};
            context.addError(std::move(error));
            data.insert(field.responseKey, kJsonNull);
            // DiffTree and DiffTreeSummary are the only nullable query root fields here: a failed one is
            // null inside `data` rather than nulling `data` itself.
            anyResolved = anyResolved || DiffResolver::handlesQueryField(field.name);
        }
    }
    // GraphQL's null propagation, as graphql-core applies it for Infrahub: every mutation root field is
    // nullable (`InfraDeviceCreate(...): InfraDeviceCreate`), so a failed one is just `null` inside `data`
    // (`{"data": {"InfraDeviceCreate": null}, "errors": [...]}`); query root fields are non-null
    // (`PaginatedInfraDevice!`), so there `data` becomes null when nothing resolved. Errors come first.
    JsonObjectWriter body;
    if (!context.errors().isEmpty()) {
        JsonArrayWriter errors;
        for (const ExecutionError &e : context.errors())
            errors.appendRaw(e.toJsonText());
        body.insert(u"errors", errors.finish());
    }
    body.insert(u"data", isMutation || anyResolved || context.errors().isEmpty() ? data.finish() : kJsonNull);
    return body.finish();
}

} // namespace infrahub::sandbox
