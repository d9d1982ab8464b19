#include "hostkeypolicy.h"

namespace infrahub::hostkeypolicy {

namespace {

QCoro::Task<HostKeyDecision> decided(HostKeyDecision decision) {
    co_return decision;
}

} // namespace

HostKeyDecider strict() {
    return [](HostKeyCheck) {
        return decided(HostKeyDecision::Reject);
    };
}

HostKeyDecider acceptNew() {
    return [](HostKeyCheck check) {
        return decided(check.status == HostKeyCheck::Status::FirstSeen ? HostKeyDecision::AcceptAndRemember
                                                                       : HostKeyDecision::Reject);
    };
}

HostKeyDecider decideWith(std::function<HostKeyDecision(const HostKeyCheck &)> decide) {
    return [decide = std::move(decide)](HostKeyCheck check) {
        return decided(decide(check));
    };
}

} // namespace infrahub::hostkeypolicy
