#include "retrypolicy.h"

#include <QLocale>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <limits>

namespace infrahub {

RetryPolicy RetryPolicy::standard(RetrySafety safety) {
    RetryPolicy policy;
    policy.maxAttempts = 4;
    policy.baseDelayMs = 200;
    policy.maxDelayMs = 5'000;
    policy.multiplier = 2.0;
    policy.jitter = RetryJitter::Full;
    policy.safety = safety;
    return policy;
}

int RetryPolicy::backoffMs(int retry, double random01) const {
    const double base = std::max(baseDelayMs, 0);
    const double cap = std::max(maxDelayMs, 0);
    // In doubles, so a large retry count saturates at the cap instead of overflowing.
    const double exponential =
        std::min(cap, base * std::pow(std::max(multiplier, 1.0), std::max(retry - 1, 0)));
    const double r = std::clamp(random01, 0.0, 1.0);
    double delay = exponential;
    switch (jitter) {
    case RetryJitter::None:
        break;
    case RetryJitter::Full:
        delay = exponential * r;
        break;
    case RetryJitter::Equal:
        delay = exponential / 2 + exponential / 2 * r;
        break;
    }
    return int(std::lround(std::clamp(delay, 0.0, cap)));
}

int RetryPolicy::delayBeforeRetryMs(int retry, const InfrahubError &error, double random01) const {
    const int backoff = backoffMs(retry, random01);
    if (!honourRetryAfter || error.retryAfterMs < 0)
        return backoff;
    if (error.retryAfterMs > maxRetryAfterMs)
        return -1;
    return std::max(backoff, error.retryAfterMs);
}

bool RetryPolicy::shouldRetry(const InfrahubError &error) const {
    return retryable ? retryable(error) : isRetryable(error);
}

bool isRetryable(const InfrahubError &error) {
    using Kind = InfrahubError::Kind;
    if (error.kind == Kind::Cancelled)
        return false;
    switch (error.httpStatus) {
    case 429:
    case 502:
    case 503:
    case 504:
        return true;
    default:
        break;
    }
    if (error.httpStatus >= 400 && error.httpStatus < 500)
        return false;
    return error.kind == Kind::NotReachable || error.kind == Kind::Timeout;
}

bool mayHaveBeenApplied(const InfrahubError &error) {
    return error.httpStatus != 429;
}

int parseRetryAfterMs(const QByteArray &value, const QDateTime &now) {
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return -1;
    constexpr qint64 maxMs = std::numeric_limits<int>::max();
    bool isNumber = false;
    const qlonglong seconds = trimmed.toLongLong(&isNumber);
    if (isNumber)
        return seconds < 0 ? -1 : int(std::min<qint64>(seconds, maxMs / 1000) * 1000);

    // HTTP-date; servers must send the IMF-fixdate form ("Sun, 06 Nov 1994 08:49:37 GMT").
    const QString text = QString::fromLatin1(trimmed);
    QDateTime when = QLocale::c().toDateTime(text, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (when.isValid())
        when.setTimeZone(QTimeZone::utc()); // the fields were read as local time; they are GMT
    else
        when = QDateTime::fromString(text, Qt::RFC2822Date); // tolerate "+0000" style zones
    if (!when.isValid())
        return -1;
    return int(std::clamp<qint64>(now.msecsTo(when), 0, maxMs));
}

} // namespace infrahub
