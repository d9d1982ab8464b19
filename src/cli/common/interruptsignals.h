// Ctrl+C and SIGTERM for the command-line tools, delivered in the event loop: the handler only writes a byte
// to a pipe (write() is all a signal handler may safely do), a QSocketNotifier on the pipe calls
// `onInterrupt` from the event loop, once per signal, where the tool cancels its job and still reports what
// ran. Header-only; a no-op where there are no POSIX signals (Windows ends console programs on Ctrl+C).
#pragma once

#include <QObject>
#include <QSocketNotifier>

#include <csignal>
#include <functional>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace infrahub::cli {

namespace detail {
inline int g_interruptPipe[2] = {-1, -1};

inline void writeInterrupt(int) {
#ifdef Q_OS_UNIX
    const char c = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_interruptPipe[1], &c, 1);
#endif
}
} // namespace detail

// Installs the handlers; `onInterrupt` runs in `context`'s thread for each SIGINT/SIGTERM. Call once.
inline void onInterruptSignals(QObject *context, std::function<void()> onInterrupt) {
#ifdef Q_OS_UNIX
    if (::pipe(detail::g_interruptPipe) != 0)
        return;
    std::signal(SIGINT, detail::writeInterrupt);
    std::signal(SIGTERM, detail::writeInterrupt);
    auto *notifier = new QSocketNotifier(detail::g_interruptPipe[0], QSocketNotifier::Read, context);
    QObject::connect(notifier, &QSocketNotifier::activated, context, [onInterrupt = std::move(onInterrupt)] {
        char c = 0;
        [[maybe_unused]] const ssize_t n = ::read(detail::g_interruptPipe[0], &c, 1);
        onInterrupt();
    });
#else
    Q_UNUSED(context);
    Q_UNUSED(onInterrupt);
#endif
}

} // namespace infrahub::cli
