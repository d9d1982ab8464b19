// The difference between two versions of a device's configuration, structured for a UI: hunks of lines,
// each line with its kind (context, added, removed) and its numbers in the old and the new version, plus the
// same hunk as rows for a side-by-side view (a removed line paired with the added line that replaced it).
// toUnifiedText() gives the `diff -u` / `git diff` text of the same change, for logs, mail and the CLI.
#pragma once

#include <QList>
#include <QString>

namespace infrahub {

struct DiffLine {
    enum class Kind { Context, Added, Removed };
    Kind kind = Kind::Context;
    int oldLine = -1; // 1-based number in the old version; -1 for an added line
    int newLine = -1; // 1-based number in the new version; -1 for a removed line
    QString text;     // without the line break
};

// One row of a side-by-side view: a line of the old version on the left, of the new one on the right.
struct SideBySideRow {
    enum class Kind {
        Context, // the same line on both sides
        Changed, // a removed line on the left and the added line that took its place on the right
        Removed, // only on the left
        Added,   // only on the right
    };
    Kind kind = Kind::Context;
    int oldLine = -1; // -1 when the left side is empty
    QString oldText;
    int newLine = -1; // -1 when the right side is empty
    QString newText;
};

struct DiffHunk {
    int oldStart = 0; // first line in the old version (0 when the hunk has no old lines)
    int oldCount = 0;
    int newStart = 0;
    int newCount = 0;
    // The nearest unindented line above the hunk, as git shows it after "@@": for a configuration usually
    // the interface, router or policy block the change is in.
    QString section;
    QList<DiffLine> lines;

    QString header() const; // "@@ -12,7 +12,8 @@ interface GigabitEthernet0/1"
    QList<SideBySideRow> sideBySide() const;
};

struct ConfigDiff {
    QString oldName; // file name of each side (the same for one device); shown in the unified headers
    QString newName;
    bool oldExists = true; // false: the device had no copy in the old version (everything is added)
    bool newExists = true;
    QString oldCommit;
    QString newCommit;
    QList<DiffHunk> hunks;

    bool isEmpty() const { return hunks.isEmpty(); }
    int addedLines() const;
    int removedLines() const;
    // "--- a/<file>", "+++ b/<file>" (/dev/null for a missing side), then each hunk; empty when no change.
    QString toUnifiedText() const;
};

} // namespace infrahub
