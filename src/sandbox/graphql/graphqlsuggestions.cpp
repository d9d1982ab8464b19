// Port of graphql-core's pyutils suggestion_list, did_you_mean and natural_compare semantics.
#include "graphqlsuggestions.h"

#include <QSet>

#include <algorithm>
#include <optional>
#include <vector>

namespace infrahub::sandbox::gql {

namespace {

// Python's natural_comparison_key splits a string into text and digit runs; the key tuple alternates
// str and (int, str), starting with a (possibly empty) text run.
struct Chunk {
    bool digits = false;
    QStringView text;
};

std::vector<Chunk> naturalChunks(const QString &s) {
    std::vector<Chunk> out;
    qsizetype start = 0;
    bool digits = false;
    out.push_back({false, QStringView()});
    for (qsizetype i = 0; i < s.size(); ++i) {
        const bool d = s.at(i).isDigit() && s.at(i).unicode() < 128;
        if (d != digits) {
            out.back().text = QStringView(s).mid(start, i - start);
            out.push_back({d, QStringView()});
            start = i;
            digits = d;
        }
    }
    out.back().text = QStringView(s).mid(start);
    return out;
}

// Compares two digit runs as (int, str) tuples: numerically first, then textually ("01" vs "1").
int compareDigits(QStringView a, QStringView b) {
    QStringView ta = a, tb = b;
    while (ta.size() > 1 && ta.front() == u'0')
        ta = ta.mid(1);
    while (tb.size() > 1 && tb.front() == u'0')
        tb = tb.mid(1);
    if (ta.size() != tb.size())
        return ta.size() < tb.size() ? -1 : 1;
    if (const int c = ta.compare(tb); c != 0)
        return c < 0 ? -1 : 1;
    const int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

class LexicalDistance {
public:
    explicit LexicalDistance(const QString &input)
        : m_input(input)
        , m_lower(input.toLower()) {
        m_inputCodes.reserve(m_lower.size());
        for (const QChar c : std::as_const(m_lower))
            m_inputCodes.push_back(c.unicode());
        for (auto &row : m_rows)
            row.assign(m_inputCodes.size() + 1, 0);
    }

    std::optional<int> measure(const QString &option, int threshold) {
        if (m_input == option)
            return 0;
        const QString optionLower = option.toLower();
        if (m_lower == optionLower)
            return 1; // any case change counts as a single edit
        std::vector<char16_t> a;
        a.reserve(optionLower.size());
        for (const QChar c : optionLower)
            a.push_back(c.unicode());
        std::vector<char16_t> b = m_inputCodes;
        if (a.size() < b.size())
            std::swap(a, b);
        const int aLen = int(a.size());
        const int bLen = int(b.size());
        if (aLen - bLen > threshold)
            return std::nullopt;
        auto &rows = m_rows;
        for (auto &row : rows)
            if (int(row.size()) < bLen + 1)
                row.resize(bLen + 1);
        for (int j = 0; j <= bLen; ++j)
            rows[0][j] = j;
        for (int i = 1; i <= aLen; ++i) {
            std::vector<int> &up = rows[(i - 1) % 3];
            std::vector<int> &current = rows[i % 3];
            int smallest = current[0] = i;
            for (int j = 1; j <= bLen; ++j) {
                const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int cell = std::min({up[j] + 1, current[j - 1] + 1, up[j - 1] + cost});
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    cell = std::min(cell, rows[(i - 2) % 3][j - 2] + 1); // transposition
                if (cell < smallest)
                    smallest = cell;
                current[j] = cell;
            }
            if (smallest > threshold)
                return std::nullopt; // the distance cannot shrink below this row's minimum
        }
        const int distance = rows[aLen % 3][bLen];
        if (distance <= threshold)
            return distance;
        return std::nullopt;
    }

private:
    QString m_input;
    QString m_lower;
    std::vector<char16_t> m_inputCodes;
    std::vector<int> m_rows[3];
};

} // namespace

bool naturalLess(const QString &a, const QString &b) {
    const std::vector<Chunk> ca = naturalChunks(a);
    const std::vector<Chunk> cb = naturalChunks(b);
    const std::size_t n = std::min(ca.size(), cb.size());
    for (std::size_t i = 0; i < n; ++i) {
        int c;
        if (ca[i].digits && cb[i].digits)
            c = compareDigits(ca[i].text, cb[i].text);
        else {
            const int raw = ca[i].text.compare(cb[i].text);
            c = raw < 0 ? -1 : (raw > 0 ? 1 : 0);
        }
        if (c != 0)
            return c < 0;
    }
    return ca.size() < cb.size();
}

QStringList suggestionList(const QString &input, const QStringList &options) {
    LexicalDistance distance(input);
    const int threshold = int(input.size() * 0.4) + 1;
    std::vector<std::pair<int, QString>> found;
    QSet<QString> seen; // Python collects into a dict: each option once
    for (const QString &option : options) {
        if (seen.contains(option))
            continue;
        if (const std::optional<int> d = distance.measure(option, threshold)) {
            seen.insert(option);
            found.emplace_back(*d, option);
        }
    }
    std::stable_sort(found.begin(), found.end(), [](const auto &l, const auto &r) {
        if (l.first != r.first)
            return l.first < r.first;
        return naturalLess(l.second, r.second);
    });
    QStringList out;
    out.reserve(qsizetype(found.size()));
    for (const auto &[d, option] : found)
        out.append(option);
    return out;
}

QString didYouMean(const QStringList &suggestions, const QString &subMessage) {
    if (suggestions.isEmpty())
        return {};
    QString out = QStringLiteral(" Did you mean ");
    if (!subMessage.isEmpty())
        out += subMessage + QLatin1Char(' ');
    const QStringList s = suggestions.mid(0, 5);
    if (s.size() == 1)
        return out + QLatin1Char('\'') + s.first() + QLatin1String("'?");
    if (s.size() == 2)
        return out + QLatin1Char('\'') + s.at(0) + QLatin1String("' or '") + s.at(1) + QLatin1String("'?");
    QStringList quoted;
    for (qsizetype i = 0; i + 1 < s.size(); ++i)
        quoted.append(QLatin1Char('\'') + s.at(i) + QLatin1Char('\''));
    return out + quoted.join(QLatin1String(", ")) + QLatin1String(", or '") + s.last() + QLatin1String("'?");
}

} // namespace infrahub::sandbox::gql
