#include "secretstore.h"

#include <QCoreApplication>
#include <QCoroSignal>
#include <QCoroTimer>
#include <qt6keychain/keychain.h>

#include <chrono>
#include <memory>

namespace {

// What a finished job reported, copied out while the job still exists: jobs delete themselves after
// finished(), and a job that outlives our timeout must not be touched by us again.
struct JobResult {
    bool done = false;
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QString text;
};

QCoro::Task<SecretOutcome> runJob(QKeychain::Job *job, int timeoutMs) {
    auto result = std::make_shared<JobResult>();
    // Explicit, although it is QtKeychain's default: with the fallback on, a missing keychain would
    // silently put the secret into a plain-text QSettings file.
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    // Connected before the awaiter, so it runs first and `result` is filled when we resume.
    QObject::connect(job, &QKeychain::Job::finished, job, [result](QKeychain::Job *finished) {
        result->done = true;
        result->error = finished->error();
        result->errorString = finished->errorString();
        if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(finished))
            result->text = read->textData();
    });
    job->start();
    co_await qCoro(job, &QKeychain::Job::finished, std::chrono::milliseconds(timeoutMs));

    SecretOutcome outcome;
    if (!result->done) {
        outcome.status = SecretOutcome::Status::Unavailable;
        outcome.error = QCoreApplication::translate(
            "SecretStore", "The keychain did not answer within %n second(s).", nullptr, timeoutMs / 1000);
        co_return outcome;
    }
    switch (result->error) {
    case QKeychain::NoError:
        outcome.secret = result->text;
        break;
    case QKeychain::EntryNotFound:
        outcome.status = SecretOutcome::Status::NotFound;
        break;
    default:
        outcome.status = SecretOutcome::Status::Unavailable;
        outcome.error = result->errorString.isEmpty()
                            ? QCoreApplication::translate("SecretStore", "The keychain is not available.")
                            : result->errorString;
        break;
    }
    co_return outcome;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service, int timeoutMs)
    : m_service(std::move(service))
    , m_timeoutMs(timeoutMs) {}

QCoro::Task<SecretOutcome> KeychainSecretStore::write(QString key, QString secret) {
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setTextData(secret);
    SecretOutcome outcome = co_await runJob(job, m_timeoutMs);
    co_return outcome;
}

QCoro::Task<SecretOutcome> KeychainSecretStore::read(QString key) {
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    SecretOutcome outcome = co_await runJob(job, m_timeoutMs);
    co_return outcome;
}

QCoro::Task<SecretOutcome> KeychainSecretStore::remove(QString key) {
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    SecretOutcome outcome = co_await runJob(job, m_timeoutMs);
    co_return outcome;
}

QCoro::Task<SecretOutcome> MemorySecretStore::later(SecretOutcome outcome) {
    // Static and fed the finished outcome: nothing touches the store after the pause, so a store
    // destroyed meanwhile is harmless.
    co_await QCoro::sleepFor(std::chrono::milliseconds(0));
    co_return outcome;
}

QCoro::Task<SecretOutcome> MemorySecretStore::write(QString key, QString secret) {
    SecretOutcome outcome;
    if (!m_unavailableReason.isEmpty()) {
        outcome.status = SecretOutcome::Status::Unavailable;
        outcome.error = m_unavailableReason;
    } else {
        m_secrets.insert(key, secret);
    }
    SecretOutcome answer = co_await later(outcome);
    co_return answer;
}

QCoro::Task<SecretOutcome> MemorySecretStore::read(QString key) {
    SecretOutcome outcome;
    if (!m_unavailableReason.isEmpty()) {
        outcome.status = SecretOutcome::Status::Unavailable;
        outcome.error = m_unavailableReason;
    } else if (const auto it = m_secrets.constFind(key); it != m_secrets.constEnd()) {
        outcome.secret = *it;
    } else {
        outcome.status = SecretOutcome::Status::NotFound;
    }
    SecretOutcome answer = co_await later(outcome);
    co_return answer;
}

QCoro::Task<SecretOutcome> MemorySecretStore::remove(QString key) {
    SecretOutcome outcome;
    if (!m_unavailableReason.isEmpty()) {
        outcome.status = SecretOutcome::Status::Unavailable;
        outcome.error = m_unavailableReason;
    } else if (!m_secrets.remove(key)) {
        outcome.status = SecretOutcome::Status::NotFound;
    }
    SecretOutcome answer = co_await later(outcome);
    co_return answer;
}
