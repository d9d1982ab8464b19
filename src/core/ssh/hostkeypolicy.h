// Who decides about a host key that is not simply known. The session never accepts a first-seen or
// changed key on its own: it asks the caller's HostKeyDecider (the console asks the user in a dialog; the
// CLI maps --accept-new / strict to the ready-made deciders below). With no decider both are rejected.
#pragma once

#include "hostkeycheck.h"

#include <QCoroTask>

#include <functional>

namespace infrahub {

enum class HostKeyDecision {
    Reject,
    AcceptOnce,        // connect this time, write nothing
    AcceptAndRemember, // connect and record the key in the user's known_hosts (replacing a changed one)
};

// Called for HostKeyCheck::Status::FirstSeen and Changed only. May take as long as the user needs (the
// connect timeout is paused meanwhile; the server may still give up after its LoginGraceTime).
using HostKeyDecider = std::function<QCoro::Task<HostKeyDecision>(HostKeyCheck)>;

namespace hostkeypolicy {

// Rejects every key that is not known: OpenSSH's StrictHostKeyChecking=yes. Also the session's default.
HostKeyDecider strict();
// Remembers first-seen keys, rejects changed ones: OpenSSH's StrictHostKeyChecking=accept-new.
HostKeyDecider acceptNew();
// A decider from a function that answers at once (tests, scripted use).
HostKeyDecider decideWith(std::function<HostKeyDecision(const HostKeyCheck &)> decide);

} // namespace hostkeypolicy

} // namespace infrahub
