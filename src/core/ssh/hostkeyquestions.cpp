#include "hostkeyquestions.h"

#include "concurrency/asyncsemaphore.h"

namespace infrahub {

struct HostKeyQuestions::State {
    explicit State(Ask a)
        : ask(std::move(a)) {}
    Ask ask;
    AsyncSemaphore turn{1}; // one question at a time
    bool acceptAllNew = false;
    bool rejectAll = false;
    int asked = 0;
};

namespace {

// A free function, not a capturing lambda: the coroutine keeps its own copy of the state for as long as it
// waits for its turn and the answer.
QCoro::Task<HostKeyDecision> decide(std::shared_ptr<HostKeyQuestions::State> state, HostKeyCheck check) {
    QCoro::Task<Result<SemaphorePermit>> waiting = state->turn.acquire();
    const Result<SemaphorePermit> permit = co_await waiting;
    if (!permit)
        co_return HostKeyDecision::Reject;
    if (state->rejectAll)
        co_return HostKeyDecision::Reject;
    if (check.status == HostKeyCheck::Status::FirstSeen && state->acceptAllNew)
        co_return HostKeyDecision::AcceptAndRemember;
    if (check.status != HostKeyCheck::Status::FirstSeen && check.status != HostKeyCheck::Status::Changed)
        co_return HostKeyDecision::Reject; // nothing to ask about (errors are never accepted)
    ++state->asked;
    QCoro::Task<HostKeyQuestions::Answer> asking = state->ask(check);
    const HostKeyQuestions::Answer answer = co_await asking;
    switch (answer) {
    case HostKeyQuestions::Answer::AcceptOnce:
        co_return HostKeyDecision::AcceptOnce;
    case HostKeyQuestions::Answer::AcceptAndRemember:
        co_return HostKeyDecision::AcceptAndRemember;
    case HostKeyQuestions::Answer::AcceptAllNewInThisRun:
        if (check.status == HostKeyCheck::Status::FirstSeen)
            state->acceptAllNew = true;
        co_return HostKeyDecision::AcceptAndRemember;
    case HostKeyQuestions::Answer::RejectAllInThisRun:
        state->rejectAll = true;
        co_return HostKeyDecision::Reject;
    case HostKeyQuestions::Answer::Reject:
        break;
    }
    co_return HostKeyDecision::Reject;
}

} // namespace

HostKeyQuestions::HostKeyQuestions(Ask ask)
    : m_state(std::make_shared<State>(std::move(ask))) {}

HostKeyDecider HostKeyQuestions::decider() const {
    return [state = m_state](HostKeyCheck check) {
        return decide(state, std::move(check));
    };
}

int HostKeyQuestions::asked() const {
    return m_state->asked;
}

} // namespace infrahub
