// gather(): wait for a set of already running tasks and collect their results in input order (QCoro 0.8
// has no whenAll). QCoro tasks are eager, so the tasks run concurrently from the moment they were created;
// gather only decides the order in which their results are collected, never the order they finish in.
#pragma once

#include <QCoroTask>

#include <exception>
#include <vector>

namespace infrahub {

namespace detail {

// Awaits every task even when one throws, then rethrows the first exception: nothing started by the
// caller is still running unobserved when gather() returns (exceptions are bugs here; expected failures
// travel as Result values).
template <typename T> QCoro::Task<std::vector<T>> gatherValues(std::vector<QCoro::Task<T>> tasks) {
    std::vector<T> results;
    results.reserve(tasks.size());
    std::exception_ptr firstError;
    for (auto &task : tasks) {
        try {
            T value = co_await task;
            results.push_back(std::move(value));
        } catch (...) {
            if (!firstError)
                firstError = std::current_exception();
        }
    }
    if (firstError)
        std::rethrow_exception(firstError);
    co_return results;
}

inline QCoro::Task<> gatherVoid(std::vector<QCoro::Task<>> tasks) {
    std::exception_ptr firstError;
    for (auto &task : tasks) {
        try {
            co_await task;
        } catch (...) {
            if (!firstError)
                firstError = std::current_exception();
        }
    }
    if (firstError)
        std::rethrow_exception(firstError);
}

} // namespace detail

// Results in the order of `tasks`. T must be movable (Result<...> is fine; it needs no default constructor).
template <typename T> QCoro::Task<std::vector<T>> gather(std::vector<QCoro::Task<T>> tasks) {
    return detail::gatherValues<T>(std::move(tasks));
}

// Completes when every task has.
inline QCoro::Task<> gather(std::vector<QCoro::Task<>> tasks) {
    return detail::gatherVoid(std::move(tasks));
}

} // namespace infrahub
