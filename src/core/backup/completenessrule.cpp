#include "completenessrule.h"

#include <QCoreApplication>
#include <QStringView>

namespace infrahub {

namespace {

QList<QStringView> linesOf(const QString &text) {
    QList<QStringView> lines = QStringView(text).split(u'\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast(); // the final newline does not start another line
    return lines;
}

} // namespace

QString CompletenessRule::incompleteReason(const QString &text) const {
    const qint64 bytes = text.toUtf8().size();
    if (bytes < minBytes)
        return QCoreApplication::translate("CompletenessRule",
                                           "only %1 bytes, fewer than the %2 a complete configuration has")
            .arg(bytes)
            .arg(minBytes);
    const QList<QStringView> lines = linesOf(text);
    if (lines.size() < minLines)
        return QCoreApplication::translate("CompletenessRule",
                                           "only %1 lines, fewer than the %2 a complete configuration has")
            .arg(lines.size())
            .arg(minLines);
    for (const QRegularExpression &bad : mustNotContain)
        for (QStringView line : lines)
            if (bad.match(line).hasMatch())
                return QCoreApplication::translate("CompletenessRule",
                                                   "the output contains \"%1\" (a failed command or a pager)")
                    .arg(line.trimmed().left(80).toString());
    for (const QRegularExpression &needed : mustContain) {
        bool found = false;
        for (QStringView line : lines)
            if (needed.match(line).hasMatch()) {
                found = true;
                break;
            }
        if (!found)
            return QCoreApplication::translate("CompletenessRule", "no line matches \"%1\"")
                .arg(needed.pattern());
    }
    if (!lastLine.pattern().isEmpty()) {
        QStringView last;
        for (auto it = lines.crbegin(); it != lines.crend(); ++it)
            if (!it->trimmed().isEmpty()) {
                last = *it;
                break;
            }
        if (!lastLine.match(last).hasMatch())
            return QCoreApplication::translate("CompletenessRule",
                                               "the last line \"%1\" is not the end of a configuration "
                                               "(expected \"%2\"): the output looks cut short")
                .arg(last.trimmed().left(80).toString(), lastLine.pattern());
    }
    return {};
}

} // namespace infrahub
