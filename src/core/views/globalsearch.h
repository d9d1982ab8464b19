// Find any object by name across kinds, as the user types: one query per kind (`any__value`, partial
// match, a few hits each) all sent at once under the client's concurrency limit, each kind's hits
// delivered as soon as its answer is in. A new search cancels the one still running.
#pragma once

#include "core/client/infrahubclient.h"

#include <QObject>
#include <QPointer>

namespace infrahub {

class GlobalSearch : public QObject {
    Q_OBJECT

public:
    struct Hit {
        QString kind;
        QString id;
        QString label;
    };

    explicit GlobalSearch(QObject *parent = nullptr);
    ~GlobalSearch() override;

    // The kinds searched: the main ones first (sites, devices, VLANs, prefixes, addresses...), then every
    // other node kind of the schema's Location, Infra, Ipam and Organization namespaces.
    static QStringList searchedKinds(const SchemaSet &schema);

    // Starts a search for `text` on `branch`; an empty text just cancels. `client` must outlive it.
    void search(InfrahubClient *client, const QString &text, const QString &branch = {});
    void cancel();
    bool isRunning() const { return m_pending > 0; }

Q_SIGNALS:
    // Hits of one kind (never empty), in the server's order.
    void hitsFound(const QList<infrahub::GlobalSearch::Hit> &hits);
    // Every kind answered; `failures` kinds could not be searched (their error in lastError()).
    void finished(int failures);

public:
    QString lastError() const { return m_lastError; }

private:
    QCoro::Task<> run(QPointer<InfrahubClient> client, QString text, QString branch, CancellationToken token,
                      quint64 generation);
    QCoro::Task<> searchKind(QPointer<InfrahubClient> client, QString kind, QueryOptions options,
                             QString branch, CancellationToken token, quint64 generation);

    quint64 m_generation = 0;
    int m_pending = 0;
    int m_failures = 0;
    QString m_lastError;
    std::unique_ptr<CancellationSource> m_cancel;
};

} // namespace infrahub
