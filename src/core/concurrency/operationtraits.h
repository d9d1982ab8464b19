// What the toolkit calls an operation: a callable returning QCoro::Task<Result<R>>, told through a
// CancellationToken when to stop. These aliases and traits let the runners deduce R from any callable.
#pragma once

#include "cancellationtoken.h"

#include "client/infrahuberror.h"

#include <QCoroTask>

#include <functional>
#include <optional>
#include <type_traits>

namespace infrahub {

// One attempt of an operation.
template <typename R> using AttemptFn = std::function<QCoro::Task<Result<R>>(CancellationToken)>;

// For RetrySafety::UnsafeCheckFirst: after an ambiguous failure, "did the failed attempt actually take
// effect?" An empty optional means no (safe to repeat); a value means yes, and is the operation's result
// (say, the node the create made), so the caller gets it without a duplicate being created.
template <typename R>
using AppliedCheck = std::function<QCoro::Task<Result<std::optional<R>>>(CancellationToken)>;

namespace detail {

template <typename T> struct ResultValue;
template <typename T> struct ResultValue<Result<T>> { using type = T; };

template <typename T> struct TaskValue;
template <typename T> struct TaskValue<QCoro::Task<T>> { using type = T; };

// R for a callable `Fn(Args...) -> QCoro::Task<Result<R>>`.
template <typename Fn, typename... Args>
using OperationValueT =
    typename ResultValue<typename TaskValue<std::invoke_result_t<Fn &, Args...>>::type>::type;

} // namespace detail

} // namespace infrahub
