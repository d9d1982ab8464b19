// When and how often to repeat a failed operation: exponential backoff with jitter, honouring the
// server's Retry-After, and retrying only what is safe to repeat. Reads, upserts and deletes by id are
// Safe; a create is UnsafeCheckFirst: after an ambiguous failure (the request may have been applied) it
// is retried only once a check confirmed it did not happen; Never is for anything else with side effects.
#pragma once

#include "client/infrahuberror.h"

#include <QByteArray>
#include <QDateTime>

#include <functional>

namespace infrahub {

enum class RetrySafety {
    Safe,             // idempotent: repeating it cannot do harm
    UnsafeCheckFirst, // repeat only after a check says the failed attempt left no trace
    Never,            // never repeated automatically
};

enum class RetryJitter {
    None,  // exactly the exponential delay (tests, diagnostics)
    Full,  // uniform in [0, delay]: spreads a crowd of clients best
    Equal, // uniform in [delay/2, delay]: keeps a minimum wait
};

struct RetryPolicy {
    int maxAttempts = 1; // attempts in total, so 1 means "no retries"
    int baseDelayMs = 200;
    int maxDelayMs = 10'000;
    double multiplier = 2.0;
    RetryJitter jitter = RetryJitter::Full;
    bool honourRetryAfter = true;
    // A server asking for a longer wait than this is not retried (waiting less than it asked is not an
    // option: that is exactly the hammering Retry-After is meant to stop).
    int maxRetryAfterMs = 60'000;
    RetrySafety safety = RetrySafety::Safe;
    // Which failures are worth another attempt. Empty: isRetryable() (transient network failures). An area
    // with its own transient failures sets it (SSH backups: connect and disconnect, never authentication).
    std::function<bool(const InfrahubError &)> retryable;

    bool shouldRetry(const InfrahubError &error) const;

    static RetryPolicy none() { return {}; }
    // 4 attempts, 200 ms doubling up to 5 s, full jitter.
    static RetryPolicy standard(RetrySafety safety = RetrySafety::Safe);

    // The backoff before retry number `retry` (1 = first retry): min(maxDelayMs, baseDelayMs *
    // multiplier^(retry-1)), then jittered with `random01` in [0, 1).
    int backoffMs(int retry, double random01) const;
    // The wait before retry `retry` after `error`: the backoff, or the server's Retry-After when that is
    // longer. -1 when the server asked for more than maxRetryAfterMs, meaning: do not retry.
    int delayBeforeRetryMs(int retry, const InfrahubError &error, double random01) const;
};

// Transient failures worth another attempt: unreachable, timed out, HTTP 429/502/503/504. Never
// cancellations, authentication, permission, not-found, validation or other 4xx answers, GraphQL errors
// or protocol violations: repeating those gives the same answer.
bool isRetryable(const InfrahubError &error);

// Whether a failed attempt may still have been applied by the server. Only a 429 is a certain refusal;
// a timeout, a dropped connection or a gateway error can hide a request the server did process.
bool mayHaveBeenApplied(const InfrahubError &error);

// A Retry-After header value (delay-seconds or an HTTP-date) in milliseconds; -1 if it is not valid.
// Dates in the past give 0.
int parseRetryAfterMs(const QByteArray &value, const QDateTime &now = QDateTime::currentDateTimeUtc());

} // namespace infrahub
