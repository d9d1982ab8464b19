// Work handed to a thread pool as a QFuture, so a coroutine on the UI thread can co_await it (QCoro) and
// the thread itself never waits.
#pragma once

#include <QFuture>
#include <QPromise>
#include <QThreadPool>

#include <memory>

namespace infrahub {

// Runs `fn` on `pool` and returns its result as a future. `fn` is moved to the pool's thread: it must own
// (or share) everything it reads.
template <typename T, typename Fn> QFuture<T> runOnPool(QThreadPool &pool, Fn fn) {
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    pool.start([promise, fn = std::move(fn)]() mutable {
        promise->addResult(fn());
        promise->finish();
    });
    return future;
}

} // namespace infrahub
