// "Did you mean ...?" for names a caller got wrong (filters, attributes, relationships, kinds): the
// candidates within a small edit distance, closest first - the same rule graphql-js uses for its own
// suggestions, so our messages read like the server's.
#pragma once

#include <QString>
#include <QStringList>

namespace infrahub {

// Candidates within floor(0.4 * |input|) + 1 edits (insert, delete, substitute, swap two neighbours;
// a difference in case only counts as one edit), closest first, then alphabetically; at most `max`.
QStringList suggestNames(const QString &input, const QStringList &candidates, int max = 5);

// "'a', 'b' or 'c'" for messages.
QString quotedList(const QStringList &names, const QString &lastSeparator = QStringLiteral(" or "));

} // namespace infrahub
