// The error the schema processing steps raise. They run deep inside loops over kinds and elements, so they
// throw and SchemaCompiler::compile() turns the first error into its message, like the server's 422 answer.
#pragma once

#include "schemadefinition.h"

#include <QString>

namespace infrahub::sandbox {

struct SchemaError {
    QString message;
};

// Throws "<source>:<line>: <message>" (just the message when the location is unknown).
[[noreturn]] inline void throwSchemaError(const SchemaLocation &where, const QString &message) {
    const QString prefix = where.toString();
    throw SchemaError{prefix.isEmpty() ? message : prefix + u": " + message};
}

} // namespace infrahub::sandbox
