// `query InfrahubInfo { InfrahubInfo { version } }`: the server's version over GraphQL (REST has
// /api/info too). Only `version` is asked for: `deployment_id` is missing on older servers.
#pragma once

#include "graphqlrequest.h"

namespace infrahub {

inline GraphQLRequest serverInfoRequest() {
    return {QStringLiteral("query InfrahubInfo {\n    InfrahubInfo {\n        version\n    }\n}\n"),
            {},
            QStringLiteral("InfrahubInfo")};
}

} // namespace infrahub
