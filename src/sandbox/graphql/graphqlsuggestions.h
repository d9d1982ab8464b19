// "Did you mean ...?" suggestions exactly as graphql-core 3.2 computes them: options within a lexical
// (Damerau-Levenshtein, case-insensitive) distance of 40% of the input's length, sorted by distance and
// then in natural order, at most five of them quoted in the message.
#pragma once

#include <QString>
#include <QStringList>

namespace infrahub::sandbox::gql {

// graphql-core's suggestion_list(input, options).
QStringList suggestionList(const QString &input, const QStringList &options);

// graphql-core's did_you_mean(): "" for no suggestions, else " Did you mean 'a', 'b', or 'c'?"
// (`subMessage` goes between "mean" and the names, e.g. "to use an inline fragment on").
QString didYouMean(const QStringList &suggestions, const QString &subMessage = {});

// graphql-core's natural_comparison_key ordering: digit runs compare as numbers ("a2" < "a10").
bool naturalLess(const QString &a, const QString &b);

} // namespace infrahub::sandbox::gql
