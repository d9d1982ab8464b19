// HostKeyQuestions: a scripted person answers; the test checks that questions come one at a time, that
// run-wide answers cover exactly what they say, and that a changed key is always asked.
#include "core/concurrency/asyncevent.h"
#include "core/ssh/hostkeyquestions.h"

#include <QCoroTask>
#include <QTest>

#include <vector>

using namespace infrahub;

namespace {

HostKeyCheck check(const QString &host, HostKeyCheck::Status status) {
    HostKeyCheck c;
    c.status = status;
    c.host = host;
    c.presented = {QStringLiteral("ssh-ed25519"), QStringLiteral("SHA256:") + host};
    return c;
}

// The person: answers from a script, after a little while (as a dialog would), and notes how many
// questions were open at once.
struct Person {
    std::vector<HostKeyQuestions::Answer> script;
    QStringList askedAbout;
    int open = 0;
    int mostOpen = 0;

    HostKeyQuestions::Ask ask() {
        return [this](HostKeyCheck c) {
            return answer(this, std::move(c));
        };
    }
    static QCoro::Task<HostKeyQuestions::Answer> answer(Person *self, HostKeyCheck c) {
        self->askedAbout.append(c.host);
        self->mostOpen = std::max(self->mostOpen, ++self->open);
        QCoro::Task<bool> thinking = delay(5);
        co_await thinking;
        --self->open;
        const HostKeyQuestions::Answer a =
            self->script.empty() ? HostKeyQuestions::Answer::Reject : self->script.front();
        if (!self->script.empty())
            self->script.erase(self->script.begin());
        co_return a;
    }
};

std::vector<HostKeyDecision> decideAll(const HostKeyDecider &decider, const QList<HostKeyCheck> &checks) {
    std::vector<QCoro::Task<HostKeyDecision>> tasks;
    for (const HostKeyCheck &c : checks)
        tasks.push_back(decider(c));
    std::vector<HostKeyDecision> out;
    for (QCoro::Task<HostKeyDecision> &t : tasks)
        out.push_back(QCoro::waitFor(std::move(t)));
    return out;
}

} // namespace

class TestHostKeyQuestions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oneQuestionAtATimeAndTrustAllNew() {
        Person person;
        person.script = {HostKeyQuestions::Answer::AcceptOnce,
                         HostKeyQuestions::Answer::AcceptAllNewInThisRun, HostKeyQuestions::Answer::Reject};
        HostKeyQuestions questions(person.ask());
        const HostKeyDecider decider = questions.decider();
        QList<HostKeyCheck> checks;
        for (int i = 1; i <= 6; ++i)
            checks.append(check(QStringLiteral("dev%1").arg(i), HostKeyCheck::Status::FirstSeen));
        checks.append(check(QStringLiteral("changed1"), HostKeyCheck::Status::Changed));
        const std::vector<HostKeyDecision> decisions = decideAll(decider, checks);
        // dev1 once, dev2 "trust all new": dev3-dev6 unasked; the changed key is still asked (and rejected).
        QCOMPARE(person.mostOpen, 1);
        QCOMPARE(person.askedAbout,
                 (QStringList{QStringLiteral("dev1"), QStringLiteral("dev2"), QStringLiteral("changed1")}));
        QCOMPARE(questions.asked(), 3);
        QCOMPARE(decisions[0], HostKeyDecision::AcceptOnce);
        for (int i = 1; i <= 5; ++i)
            QCOMPARE(decisions[size_t(i)], HostKeyDecision::AcceptAndRemember);
        QCOMPARE(decisions[6], HostKeyDecision::Reject);
    }

    void rejectAllEndsTheQuestions() {
        Person person;
        person.script = {HostKeyQuestions::Answer::RejectAllInThisRun};
        HostKeyQuestions questions(person.ask());
        QList<HostKeyCheck> checks{check(QStringLiteral("a"), HostKeyCheck::Status::Changed),
                                   check(QStringLiteral("b"), HostKeyCheck::Status::FirstSeen),
                                   check(QStringLiteral("c"), HostKeyCheck::Status::Changed)};
        const std::vector<HostKeyDecision> decisions = decideAll(questions.decider(), checks);
        QCOMPARE(questions.asked(), 1);
        for (const HostKeyDecision d : decisions)
            QCOMPARE(d, HostKeyDecision::Reject);
    }

    void trustAllNewNeverCoversAChangedKey() {
        Person person;
        person.script = {HostKeyQuestions::Answer::AcceptAllNewInThisRun, HostKeyQuestions::Answer::Reject};
        HostKeyQuestions questions(person.ask());
        // "Trust all new" given for a changed key is for that key only.
        const std::vector<HostKeyDecision> decisions =
            decideAll(questions.decider(), {check(QStringLiteral("x"), HostKeyCheck::Status::Changed),
                                            check(QStringLiteral("y"), HostKeyCheck::Status::FirstSeen)});
        QCOMPARE(questions.asked(), 2);
        QCOMPARE(decisions[0], HostKeyDecision::AcceptAndRemember);
        QCOMPARE(decisions[1], HostKeyDecision::Reject);
        // An error is never put to the person, never accepted.
        const std::vector<HostKeyDecision> error =
            decideAll(questions.decider(), {check(QStringLiteral("z"), HostKeyCheck::Status::Error)});
        QCOMPARE(error[0], HostKeyDecision::Reject);
        QCOMPARE(questions.asked(), 2);
    }
};

QTEST_GUILESS_MAIN(TestHostKeyQuestions)
#include "tst_hostkeyquestions.moc"
