// The objects of one kind as a table: columns from the kind's schema (display label, every attribute,
// every relationship the listing selects), rows streamed in page by page as the server answers, so the
// first rows show after one request and a view stays responsive while thousands more arrive. Rows are held
// compactly, as the text of their cells plus the node's id (a full Node is fetched when a row is opened),
// so 100,000 rows cost megabytes, not the client's full node model each.
//
// A new load() (another kind, a search, another branch) cancels the one in progress: its requests are
// aborted and nothing of it reaches the model.
#pragma once

#include "core/client/infrahubclient.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace infrahub {

class NodeTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1, // the row's node id
        SortRole,                  // numbers as numbers, so a sorted column orders 9 before 10
        KindRole,                  // the row's own kind: a listing of a generic holds several
    };
    struct Column {
        enum class Source { DisplayLabel, Attribute, Relationship };
        Source source = Source::DisplayLabel;
        QString name; // attribute or relationship name; empty for the display label
        QString header;
        bool numeric = false;
    };

    explicit NodeTableModel(QObject *parent = nullptr);
    ~NodeTableModel() override;

    // Lists `kind` on `branch` (empty: the client's default branch) with `options` (filters; offset and
    // limit stay the client's paging). `client` must outlive the load.
    void load(InfrahubClient *client, const QString &kind, const QueryOptions &options = {},
              const QString &branch = {});
    // Stops the load in progress; the rows so far stay.
    void cancel();
    void clear();

    QString kind() const { return m_kind; }
    bool isLoading() const { return m_loading; }
    // The server's count of matching objects; -1 until the first page is in.
    int totalCount() const { return m_total; }
    QString errorMessage() const { return m_error; }
    const QList<Column> &columns() const { return m_columns; }
    int columnOf(const QString &name) const;
    QString idAt(int row) const;
    QString kindAt(int row) const;
    // The row of `node` (by id) shows the node's current values, e.g. after an edit was saved. False when
    // the node has no row here.
    bool updateNode(const Node &node);
    // Drops the row of node `id` (deleted on the server); the total follows. False when it has no row.
    bool removeNode(const QString &id);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The attribute column that shows exactly what the Label column shows (the kind's display label is that
    // one attribute, e.g. name__value), else -1: views hide it by default rather than show a value twice,
    // and the label stays first.
    int columnRepeatingLabel(const KindSchema &kind) const;

    // The columns a listing of `kind` shows, in schema order.
    static QList<Column> columnsFor(const KindSchema &kind, const SchemaSet &schema);
    // A node's cells for `columns`: Dropdown labels, peers' display labels, lists joined with ", ".
    static QStringList cellsOf(const Node &node, const QList<Column> &columns);

Q_SIGNALS:
    void loadingChanged(bool loading);
    // After each page: rows so far and the server's total.
    void progress(int loaded, int total);
    // The load ended on its own: all rows are in, or it failed (errorMessage()). A cancelled load (also
    // one replaced by a new load()) only turns loadingChanged(false).
    void finished();

private:
    struct Row {
        QString id;
        QStringList cells;
        QString kind; // empty when it is the listed kind (the usual case costs nothing)
    };
    QCoro::Task<> run(quint64 generation, QPointer<InfrahubClient> client, QString kind, QueryOptions options,
                      QString branch, CancellationToken token);
    void setLoading(bool loading);

    QString m_kind;
    QList<Column> m_columns;
    QList<Row> m_rows;
    int m_total = -1;
    bool m_loading = false;
    QString m_error;
    quint64 m_generation = 0;
    std::unique_ptr<CancellationSource> m_cancel;
};

} // namespace infrahub
