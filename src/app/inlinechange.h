// Which part of a changed line actually changed: the text between the longest common prefix and the
// longest common suffix of the old and the new line. A side-by-side diff emphasises that part, so the eye
// lands on "users" -> "users and printers" instead of re-reading the whole line.
#pragma once

#include <QString>

struct InlineChange {
    // The changed part of each line, as [start, start + length) in that line; a length of 0 means the
    // line only gained (or only lost) text at `start`.
    qsizetype oldStart = 0;
    qsizetype oldLength = 0;
    qsizetype newStart = 0;
    qsizetype newLength = 0;

    static InlineChange between(const QString &oldText, const QString &newText);
};
