// The median of a benchmark's repetitions: what every bench_* reports, as one noisy repetition on a shared
// machine must not decide a figure.
#pragma once

#include <QtNumeric>

#include <algorithm>
#include <vector>

namespace bench {

inline double median(std::vector<double> values, double whenEmpty = qQNaN()) {
    if (values.empty())
        return whenEmpty;
    std::sort(values.begin(), values.end());
    const size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

} // namespace bench
