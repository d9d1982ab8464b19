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

    // The response is written into one buffer, the root fields in place behind `{"data":`. Only when
    // there are errors, which come first, is the data copied once more behind them. (Building it level by
    // level copied a 50 KB page four times.)
    JsonBuffer out(64 * 1024);
    out += QByteArrayView("{\"data\":");
    const qsizetype dataStart = out.size();
    bool anyResolved = false;
    JsonObjectStream data(out);
    for (const FieldGroup &field : context.collectFields({&operation.selectionSet}, rootType, {})) {
        data.key(field.key());
        const qsizetype valueStart = out.size();
        try {
            if (isMutation)
                out += mutations.resolveMutationField(field);
            else
                queries.writeQueryField(field, out);
            anyResolved = true;
        } catch (const FieldFailure &failure) {
            out.truncate(valueStart);
            ExecutionError error = failure.error;
            error.locations = {field.first().location};
            error.path = QJsonArray{field.responseKey};
            context.addError(std::move(error));
            out += kJsonNull;
            // DiffTree and DiffTreeSummary are the only nullable query root fields here: a failed one is
            // null inside `data` rather than nulling `data` itself.
            anyResolved = anyResolved || DiffResolver::handlesQueryField(field.name);
        }
    }
    data.close();
    if (context.errors().isEmpty()) {
        out += '}';
        return out.take();
    }
    // GraphQL's null propagation, as graphql-core applies it for Infrahub: every mutation root field is
    // nullable (`InfraDeviceCreate(...): InfraDeviceCreate`), so a failed one is just `null` inside `data`
    // (`{"data": {"InfraDeviceCreate": null}, "errors": [...]}`); query root fields are non-null
    // (`PaginatedInfraDevice!`), so there `data` becomes null when nothing resolved. Errors come first.
    JsonArrayWriter errors;
    for (const ExecutionError &e : context.errors())
        errors.appendRaw(e.toJsonText());
    JsonBuffer body(out.size() + 1024);
    body += QByteArrayView("{\"errors\":");
    body += errors.finish();
    body += QByteArrayView(",\"data\":");
    body += isMutation || anyResolved ? out.view(dataStart) : QByteArrayView(kJsonNull);
    body += '}';
    return body.take();
}

} // namespace infrahub::sandbox
