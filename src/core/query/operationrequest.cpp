#include "operationrequest.h"

namespace infrahub {

GraphQLRequest operationRequest(const QString &type, const QString &operationName, const SelectionSet &root,
                                const VariableSet &variables) {
    GraphQLRequest request;
    request.operationName = operationName;
    request.query = type + QLatin1Char(' ') + operationName + variables.definitions() + QLatin1Char(' ') +
                    root.print() + QLatin1Char('\n');
    request.variables = variables.values();
    return request;
}

} // namespace infrahub
