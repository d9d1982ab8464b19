// A benchmark's child process, measured from the outside: wall time from fork to reaped, CPU (user +
// system) and peak resident memory from wait4, so each tool's figures are its own and nothing of the
// benchmark process is counted. fork/exec rather than QProcess: wait4 then gives exactly this child's
// usage (and that of any children it waited for). Header-only: each benchmark is one file. Linux only.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QString>
#include <QStringList>
#include <QTemporaryFile>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace bench {

struct Child {
    int exitCode = -1; // -1: killed by a signal
    double wallMs = 0;
    double cpuMs = 0;  // user + system of the child (and of any children it waited for)
    long maxRssKb = 0; // the largest resident set of the child or of one of its waited-for children
    QByteArray out;
    QByteArray err;
};

inline double toMs(const timeval &t) {
    return double(t.tv_sec) * 1e3 + double(t.tv_usec) / 1e3;
}

// Runs `args` (a PATH lookup for the first) with stdout and stderr in temporary files and stdin from
// /dev/null; `environment` entries ("NAME=value") are added to the child's. Killed after `limitMs`.
inline Child runChild(const QStringList &args, int limitMs = 10 * 60 * 1000,
                      const QStringList &environment = {}) {
    QTemporaryFile outFile;
    QTemporaryFile errFile;
    Child c;
    if (!outFile.open() || !errFile.open()) {
        c.err = "cannot create temporary files";
        return c;
    }
    std::vector<QByteArray> storage;
    for (const QString &a : args)
        storage.push_back(a.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    std::vector<QByteArray> envStorage;
    for (const QString &e : environment)
        envStorage.push_back(e.toLocal8Bit());
    const int outFd = outFile.handle();
    const int errFd = errFile.handle();

    QElapsedTimer clock;
    clock.start();
    const pid_t pid = ::fork();
    if (pid < 0) {
        c.err = "fork failed";
        return c;
    }
    if (pid == 0) {
        ::dup2(outFd, 1);
        ::dup2(errFd, 2);
        const int null = ::open("/dev/null", O_RDONLY);
        ::dup2(null, 0);
        for (QByteArray &e : envStorage)
            ::putenv(e.data());
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    // A pidfd becomes readable when the child exits: a bounded wait without polling.
    const int pidfd = int(::syscall(SYS_pidfd_open, pid, 0));
    if (pidfd >= 0) {
        pollfd p{pidfd, POLLIN, 0};
        int r = 0;
        while ((r = ::poll(&p, 1, limitMs)) < 0 && errno == EINTR) {
        }
        if (r == 0) {
            std::fprintf(stderr, "%s took over %d s, killed\n", argv[0], limitMs / 1000);
            ::kill(pid, SIGKILL);
        }
        ::close(pidfd);
    }
    int status = 0;
    rusage usage{};
    while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    c.wallMs = double(clock.nsecsElapsed()) / 1e6;
    c.cpuMs = toMs(usage.ru_utime) + toMs(usage.ru_stime);
    c.maxRssKb = usage.ru_maxrss;
    c.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    outFile.seek(0);
    errFile.seek(0);
    c.out = outFile.readAll();
    c.err = errFile.readAll();
    return c;
}

} // namespace bench
