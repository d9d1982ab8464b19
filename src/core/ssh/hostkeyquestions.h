// Asking a person about host keys during a run of many SSH sessions: one question at a time (20 sessions
// meeting 20 unknown keys get 20 questions in turn, not 20 dialogs at once), and answers that cover the rest
// of the run: "trust every new key in this run" answers the remaining first-seen questions, "reject all"
// every remaining question. A changed key is never covered by "trust every new key": each one is asked.
// The asking itself (a dialog, a terminal prompt, a test's script) is the caller's Ask.
#pragma once

#include "hostkeypolicy.h"

#include <QCoroTask>

#include <functional>
#include <memory>

namespace infrahub {

class HostKeyQuestions {
public:
    enum class Answer {
        Reject,
        AcceptOnce,            // this connection only; nothing written
        AcceptAndRemember,     // and into known_hosts
        AcceptAllNewInThisRun, // remember this key and every further first-seen key of the run, unasked
        RejectAllInThisRun,    // reject this key and every further question of the run, unasked
    };
    using Ask = std::function<QCoro::Task<Answer>(HostKeyCheck)>;

    explicit HostKeyQuestions(Ask ask);

    // For SshSession::setHostKeyDecider / BackupJob::Options::hostKeys; every decider of one
    // HostKeyQuestions shares its turn and its run-wide answers.
    HostKeyDecider decider() const;
    int asked() const; // questions put to the person so far

    struct State;

private:
    std::shared_ptr<State> m_state;
};

} // namespace infrahub
