#include "concurrencyerrors.h"

#include <QCoreApplication>

namespace infrahub::concurrencyerrors {

namespace {

// Gives the messages a translation context lupdate understands.
struct Text {
    Q_DECLARE_TR_FUNCTIONS(infrahub::Concurrency)
};

} // namespace

InfrahubError cancelled() {
    return InfrahubError::make(InfrahubError::Kind::Cancelled, Text::tr("Cancelled while running."));
}

InfrahubError notStarted() {
    return InfrahubError::make(InfrahubError::Kind::Cancelled,
                               Text::tr("Not started: cancelled before it began."));
}

InfrahubError notStartedBatchCancelled() {
    return InfrahubError::make(InfrahubError::Kind::Cancelled,
                               Text::tr("Not started: the batch was cancelled before this item's turn."));
}

InfrahubError notStartedAfterFailure(int index) {
    return InfrahubError::make(
        InfrahubError::Kind::Cancelled,
        Text::tr("Not started: the batch stopped because item %1 failed. Fix that item and "
                 "run the batch again.")
            .arg(index + 1));
}

InfrahubError timedOut(int timeoutMs) {
    return InfrahubError::make(InfrahubError::Kind::Timeout,
                               Text::tr("Did not finish within %1 ms. The server may be slow or unreachable; "
                                        "try again or raise the timeout.")
                                   .arg(timeoutMs));
}

InfrahubError abandoned(bool timedOut, int timeoutMs, int graceMs) {
    const QString why =
        timedOut ? Text::tr("Did not finish within %1 ms").arg(timeoutMs) : Text::tr("Cancelled");
    return InfrahubError::make(
        timedOut ? InfrahubError::Kind::Timeout : InfrahubError::Kind::Cancelled,
        why + Text::tr(", and it did not stop within %1 ms after being told to. Whether it "
                       "took effect is unknown; check before running it again.")
                  .arg(graceMs));
}

InfrahubError unexpectedException(const char *what) {
    return InfrahubError::make(
        InfrahubError::Kind::Protocol,
        Text::tr("Internal error: %1").arg(QString::fromUtf8(what ? what : "unknown exception")));
}

InfrahubError unverified(InfrahubError original, const InfrahubError &checkError) {
    original.message += QLatin1Char(' ') +
                        Text::tr("It could not be checked whether the operation took effect (%1), so it was "
                                 "not repeated; check before running it again.")
                            .arg(checkError.message);
    return original;
}

} // namespace infrahub::concurrencyerrors
