// The addresses behind objects that have none of their own: for selected sites (or racks, or any kind),
// the primary addresses of the objects that belong to them — the devices of a site. Found from the
// schema alone: every node kind with a cardinality-one relationship to the selected kind (a device's
// `site`) and a cardinality-one relationship to an IP address kind (its `primary_address`) is asked, on
// the server, for the members of the selected objects.
#pragma once

#include "client/infrahuberror.h"

#include <QCoroTask>
#include <QStringList>

namespace infrahub {

class CancellationToken;
class InfrahubClient;

struct RelatedAddresses {
    QStringList hosts;   // "10.0.0.5", in the server's order, without duplicates
    QStringList sources; // what was read, for people: "InfraDevice.primary_address (8)"

    static QCoro::Task<Result<RelatedAddresses>> load(InfrahubClient *client, QString kind, QStringList ids,
                                                      QString branch, CancellationToken token);
};

} // namespace infrahub
