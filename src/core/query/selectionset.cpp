#include "selectionset.h"

namespace infrahub {

void SelectionSet::addField(const QString &name) {
    m_entries.push_back({name, {}, false});
}

void SelectionSet::addObject(const QString &head, SelectionSet selection) {
    m_entries.push_back({head, std::move(selection.m_entries), true});
}

void SelectionSet::printEntries(const std::vector<Entry> &entries, int indent, QString &out) {
    const QString pad(indent * 4, QLatin1Char(' '));
    for (const Entry &e : entries) {
        out += pad;
        out += e.head;
        if (e.object) {
            out += QStringLiteral(" {\n");
            printEntries(e.children, indent + 1, out);
            out += pad;
            out += QLatin1Char('}');
        }
        out += QLatin1Char('\n');
    }
}

QString SelectionSet::print(int indent) const {
    QString out = QStringLiteral("{\n");
    printEntries(m_entries, indent + 1, out);
    out += QString(indent * 4, QLatin1Char(' '));
    out += QLatin1Char('}');
    return out;
}

} // namespace infrahub
