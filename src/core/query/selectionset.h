// A GraphQL selection set under construction, printed with one field per line and four spaces per
// level (the layout the Python SDK renders). Field heads are written as given: the builders only pass
// names they checked against the schema and argument lists made of checked names and rendered values.
#pragma once

#include <QString>

#include <vector>

namespace infrahub {

class SelectionSet {
public:
    // A leaf field such as `id` or `value`.
    void addField(const QString &name);
    // A field with a sub-selection, e.g. head `InfraDevice(limit: 50)` or `... on InfraInterfaceL3`.
    void addObject(const QString &head, SelectionSet selection);

    bool isEmpty() const { return m_entries.empty(); }
    // Whether the top level selects the field `name` (with or without arguments).
    bool contains(const QString &name) const {
        for (const Entry &e : m_entries)
            if (e.head == name || (e.head.startsWith(name) && e.head.mid(name.size()).startsWith(u'(')))
                return true;
        return false;
    }
    // The printed `{ ... }` block; `indent` is the level of the line the block opens on.
    QString print(int indent = 0) const;

private:
    struct Entry {
        QString head;
        std::vector<Entry> children;
        bool object = false;
    };
    static void printEntries(const std::vector<Entry> &entries, int indent, QString &out);

    std::vector<Entry> m_entries;
};

} // namespace infrahub
