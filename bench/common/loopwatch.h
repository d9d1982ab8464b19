// The event loop as the user feels it: the gaps between the ticks of a 1 ms precise timer are how long the
// thread was away from its event loop (a frame is 16 ms), and the thread's own CPU time within each gap
// tells our work apart from waiting for a core on a busy machine. Header-only: each benchmark is one file.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <ctime>

namespace bench {

constexpr double kFrameMs = 16.0;

inline qint64 threadCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// The gaps between the ticks of a 1 ms precise timer: how long the thread was away from its event loop,
// and how much of that it spent on the CPU (the rest it was waiting to be scheduled: on a loaded machine
// another process's work, not ours).
class LoopWatch {
public:
    LoopWatch() {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { tick(); });
    }
    void start() {
        m_clock.start();
        m_last = 0;
        m_lastCpu = threadCpuNs();
        m_longestMs = 0;
        m_longestCpuMs = 0;
        m_longestBusyMs = 0;
        m_longestAtMs = 0;
        m_overFrame = 0;
        m_timer.start();
    }
    void stop() {
        tick();
        m_timer.stop();
    }
    double longestMs() const { return m_longestMs; }
    double longestCpuMs() const { return m_longestCpuMs; }   // the CPU time within the longest gap
    double longestBusyMs() const { return m_longestBusyMs; } // the most CPU time within any gap
    double longestAtMs() const { return m_longestAtMs; }     // when it ended, from start()
    int overFrame() const { return m_overFrame; }

private:
    void tick() {
        const qint64 now = m_clock.nsecsElapsed();
        const qint64 cpu = threadCpuNs();
        const double gap = double(now - m_last) / 1e6;
        const double busy = double(cpu - m_lastCpu) / 1e6;
        m_last = now;
        m_lastCpu = cpu;
        if (gap > m_longestMs) {
            m_longestMs = gap;
            m_longestCpuMs = busy;
            m_longestAtMs = double(now) / 1e6;
        }
        m_longestBusyMs = std::max(m_longestBusyMs, busy);
        if (gap > kFrameMs)
            ++m_overFrame;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_lastCpu = 0;
    double m_longestMs = 0;
    double m_longestCpuMs = 0;
    double m_longestBusyMs = 0;
    double m_longestAtMs = 0;
    int m_overFrame = 0;
};

} // namespace bench
