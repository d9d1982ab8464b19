#include "configfilter.h"

#include <QStringList>

namespace infrahub {

ConfigFilter::ConfigFilter(PlatformProfile profile)
    : m_profile(std::move(profile)) {}

QString ConfigFilter::normaliseLineEndings(const QString &text) {
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c != u'\r') {
            out.append(c);
            continue;
        }
        // A run of \r followed by \n is one line break; a \r alone is one too.
        qsizetype j = i;
        while (j < text.size() && text.at(j) == u'\r')
            ++j;
        out.append(u'\n');
        i = (j < text.size() && text.at(j) == u'\n') ? j : j - 1;
    }
    return out;
}

QString ConfigFilter::apply(const QString &raw, Stats *stats) const {
    Stats counted;
    QStringList lines = normaliseLineEndings(raw).split(u'\n');

    auto isBlank = [](const QString &line) {
        return line.trimmed().isEmpty();
    };
    auto trimBlankEnds = [&] {
        while (!lines.isEmpty() && isBlank(lines.constFirst()))
            lines.removeFirst();
        while (!lines.isEmpty() && isBlank(lines.constLast()))
            lines.removeLast();
    };
    trimBlankEnds();

    // A shell session's output may still start with the echoed command ("router#show running-config") and
    // end with the next prompt; the SSH layer should strip both, this is the safety net. Exec output has
    // neither, so nothing is guessed there.
    if (m_profile.session == PlatformProfile::Session::Shell && !lines.isEmpty()) {
        const QString first = lines.constFirst().trimmed();
        for (const QString &command : m_profile.commands)
            if (!command.isEmpty() && first.endsWith(command)) {
                lines.removeFirst();
                ++counted.droppedLines;
                break;
            }
        if (!lines.isEmpty() && !m_profile.prompt.pattern().isEmpty() &&
            m_profile.prompt.match(lines.constLast()).hasMatch()) {
            lines.removeLast();
            ++counted.droppedLines;
        }
    }

    QStringList kept;
    kept.reserve(lines.size());
    for (QString &line : lines) {
        bool drop = false;
        for (const QRegularExpression &volatilePattern : m_profile.dropLines)
            if (volatilePattern.match(line).hasMatch()) {
                drop = true;
                break;
            }
        if (drop) {
            ++counted.droppedLines;
            continue;
        }
        bool masked = false;
        for (const MaskRule &rule : m_profile.masks) {
            if (!rule.pattern.match(line).hasMatch())
                continue;
            line.replace(rule.pattern, rule.replacement);
            masked = true;
        }
        if (masked)
            ++counted.maskedLines;
        kept.append(std::move(line));
    }
    lines = std::move(kept);
    trimBlankEnds(); // dropping lines may leave blank ones at the ends

    if (stats)
        *stats = counted;
    if (lines.isEmpty())
        return {};
    return lines.join(u'\n') + u'\n';
}

} // namespace infrahub
