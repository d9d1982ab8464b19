// Time limits as the SSH code passes them around: a QDeadlineTimer per operation (a limit of 0 or less
// means none), turned into the milliseconds AsyncEvent::wait() takes (-1: no limit).
#pragma once

#include <QDeadlineTimer>

#include <algorithm>

namespace infrahub {

inline QDeadlineTimer deadlineAfter(int ms) {
    return ms > 0 ? QDeadlineTimer(ms, Qt::PreciseTimer) : QDeadlineTimer(QDeadlineTimer::Forever);
}

inline int remainingMs(const QDeadlineTimer &deadline) {
    if (deadline.isForever())
        return -1;
    return int(std::max<qint64>(0, deadline.remainingTime()));
}

} // namespace infrahub
