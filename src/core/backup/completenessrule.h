// When a fetched configuration "looks complete": the platform-specific signs that the whole configuration
// arrived (Cisco's ends with `end`), that the command did not fail (`% Invalid input`) and that no pager
// swallowed the rest (`--More--`). A session cut short or a timeout produces output that passes none of
// the SSH layer's own checks, so this is what keeps a truncated copy from replacing the last good one.
#pragma once

#include <QList>
#include <QRegularExpression>
#include <QString>

namespace infrahub {

struct CompletenessRule {
    qint64 minBytes = 1; // after filtering; 1 = "not empty"
    int minLines = 1;
    // The last non-blank line must match (an empty pattern means no such check).
    QRegularExpression lastLine;
    // Each pattern must match at least one line.
    QList<QRegularExpression> mustContain;
    // No line may match any of these (error messages, pager prompts).
    QList<QRegularExpression> mustNotContain;

    // Why `text` (already filtered, \n line endings) does not look complete, in words for the user; an
    // empty string when it looks complete.
    QString incompleteReason(const QString &text) const;
};

} // namespace infrahub
