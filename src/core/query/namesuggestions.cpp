#include "namesuggestions.h"

#include <algorithm>
#include <vector>

namespace infrahub {

namespace {

// Optimal-string-alignment distance, giving up (returning > threshold) as soon as every cell of a row
// exceeds the threshold.
int editDistance(const QString &a, const QString &b, int threshold) {
    if (a == b)
        return 0;
    if (a.compare(b, Qt::CaseInsensitive) == 0)
        return 1;
    const QString x = a.toLower();
    const QString y = b.toLower();
    const qsizetype n = x.size();
    const qsizetype m = y.size();
    if (std::abs(n - m) > threshold)
        return threshold + 1;
    std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
    for (qsizetype i = 0; i <= n; ++i)
        d[i][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][j] = int(j);
    for (qsizetype i = 1; i <= n; ++i) {
        int rowMin = d[i][0];
        for (qsizetype j = 1; j <= m; ++j) {
            const int cost = x.at(i - 1) == y.at(j - 1) ? 0 : 1;
            int v = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && x.at(i - 1) == y.at(j - 2) && x.at(i - 2) == y.at(j - 1))
                v = std::min(v, d[i - 2][j - 2] + 1);
            d[i][j] = v;
            rowMin = std::min(rowMin, v);
        }
        if (rowMin > threshold)
            return threshold + 1;
    }
    return d[n][m];
}

} // namespace

QStringList suggestNames(const QString &input, const QStringList &candidates, int max) {
    const int threshold = int(input.size() * 0.4) + 1;
    std::vector<std::pair<int, QString>> scored;
    for (const QString &c : candidates) {
        const int distance = editDistance(input, c, threshold);
        if (distance <= threshold)
            scored.emplace_back(distance, c);
    }
    std::sort(scored.begin(), scored.end());
    QStringList out;
    for (const auto &[distance, name] : scored) {
        if (out.size() >= max)
            break;
        if (!out.contains(name))
            out.append(name);
    }
    return out;
}

QString quotedList(const QStringList &names, const QString &lastSeparator) {
    QString out;
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (i > 0)
            out += i + 1 == names.size() ? lastSeparator : QStringLiteral(", ");
        out += QLatin1Char('\'') + names.at(i) + QLatin1Char('\'');
    }
    return out;
}

} // namespace infrahub
