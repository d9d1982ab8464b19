// Importing objects from CSV: the header maps to the kind's attributes and relationships (by name or
// label, case-insensitive), every row becomes the data of one object, typed as the schema says (numbers,
// booleans, Dropdown choices by name or label, cardinality-one peers by their human-friendly id, many
// peers separated by ";"). A row that cannot be read is invalid with a reason; the rest import. The
// import itself is an upsert per row (found by the kind's default filter or hfid: updated, else created),
// run as a job; the dry run looks each row up first and says what would happen.
#pragma once

#include "client/infrahubclient.h"

#include <QCoroTask>

namespace infrahub {

class CsvImportPlan {
public:
    struct Column {
        QString header;
        QString field; // attribute or relationship name; empty: not imported
        bool relationship = false;
    };
    struct Row {
        int line = 0; // in the file, counting the header as line 1
        NodeData data;
        QString key;   // the default-filter value that finds an existing object ("atl1-vlan10")
        QString error; // why the row cannot be imported; empty when it can
        bool isValid() const { return error.isEmpty(); }
    };

    // `rows` as parseCsv() returns them, the header first.
    static CsvImportPlan make(const QList<QStringList> &rows, const KindSchema &kind,
                              const SchemaSet &schema);

    QString kind() const { return m_kind; }
    const QList<Column> &columns() const { return m_columns; }
    // Header cells that match no field (not imported; the user should know).
    QStringList unknownColumns() const;
    const QList<Row> &rows() const { return m_rows; }
    int validRows() const;
    // The attribute rows are found by (the kind's default filter, else its first hfid part); empty when
    // the kind has neither, and then every row is a create.
    QString keyAttribute() const { return m_keyAttribute; }
    // A problem with the file as a whole (no header, no key column), else empty.
    QString problem() const { return m_problem; }

    // What row `index` would do, asked of the server: "create", "update <label>", or the error.
    QCoro::Task<Result<QString>> dryRun(InfrahubClient *client, int index, QString branch,
                                        CancellationToken token) const;
    // Imports row `index` (an upsert); the error of an invalid row without asking the server.
    QCoro::Task<Result<QString>> importRow(InfrahubClient *client, int index, QString branch,
                                           CancellationToken token) const;

private:
    QString m_kind;
    QList<Column> m_columns;
    QList<Row> m_rows;
    QString m_keyAttribute;
    QString m_problem;
    QStringList m_required;              // attributes a new object must have
    QStringList m_requiredRelationships; // cardinality-one relationships a new object must have
};

} // namespace infrahub
