#include "globalsearch.h"

namespace infrahub {

namespace {

constexpr int kHitsPerKind = 8;

} // namespace

GlobalSearch::GlobalSearch(QObject *parent)
    : QObject(parent) {}

GlobalSearch::~GlobalSearch() {
    cancel();
}

QStringList GlobalSearch::searchedKinds(const SchemaSet &schema) {
    static const QStringList mainKinds{
        QStringLiteral("LocationSite"),  QStringLiteral("InfraDevice"),
        QStringLiteral("InfraVLAN"),     QStringLiteral("IpamIPPrefix"),
        QStringLiteral("IpamIPAddress"), QStringLiteral("InfraPlatform"),
        QStringLiteral("InfraCircuit"),  QStringLiteral("OrganizationProvider"),
        QStringLiteral("BuiltinTag")};
    static const QStringList namespaces{QStringLiteral("Location"), QStringLiteral("Infra"),
                                        QStringLiteral("Ipam"), QStringLiteral("Organization")};
    QStringList kinds;
    for (const QString &k : mainKinds)
        if (const KindSchema *kind = schema.kind(k);
            kind && !kind->isGeneric() && !kind->attributes.isEmpty())
            kinds.append(k);
    for (const KindSchema &k : schema.kinds())
        if (k.type == SchemaKindType::Node && namespaces.contains(k.ns) && !kinds.contains(k.kind) &&
            !k.attributes.isEmpty())
            kinds.append(k.kind);
    return kinds;
}

void GlobalSearch::search(InfrahubClient *client, const QString &text, const QString &branch) {
    cancel();
    if (!client || text.trimmed().isEmpty())
        return;
    const QPointer<InfrahubClient> guarded(client);
    const quint64 generation = ++m_generation;
    m_cancel = std::make_unique<CancellationSource>();
    m_failures = 0;
    m_lastError.clear();
    run(guarded, text.trimmed(), branch, m_cancel->token(), generation);
}

QCoro::Task<> GlobalSearch::run(QPointer<InfrahubClient> client, QString text, QString branch,
                                CancellationToken token, quint64 generation) {
    QPointer<GlobalSearch> self(this);
    // The schema is cached after connecting, so this normally completes at once.
    QCoro::Task<Result<std::shared_ptr<const SchemaSet>>> schemaTask = client->schema(branch, token);
    const Result<std::shared_ptr<const SchemaSet>> schema = co_await schemaTask;
    if (!self || generation != m_generation || !client)
        co_return;
    if (!schema) {
        m_lastError = schema.error().message;
        Q_EMIT finished(1);
        co_return;
    }
    const QStringList kinds = searchedKinds(*schema.value());
    m_pending = int(kinds.size());
    if (kinds.isEmpty()) {
        Q_EMIT finished(0);
        co_return;
    }
    // All kinds at once: the client's transport keeps at most its limit of requests on the wire.
    for (const QString &kind : kinds) {
        QueryOptions options;
        options.filters =
            QJsonObject{{QStringLiteral("any__value"), text}, {QStringLiteral("partial_match"), true}};
        options.limit = kHitsPerKind;
        // Only what a hit shows: id and display label (the first attribute keeps the selection non-empty).
        options.selection.fields = {schema.value()->kind(kind)->attributes.constFirst().name};
        options.selection.dropdownDetails = false;
        searchKind(client, kind, options, branch, token, generation);
    }
}

void GlobalSearch::cancel() {
    ++m_generation;
    if (m_cancel)
        m_cancel->cancel();
    m_cancel.reset();
    m_pending = 0;
}

QCoro::Task<> GlobalSearch::searchKind(QPointer<InfrahubClient> client, QString kind, QueryOptions options,
                                       QString branch, CancellationToken token, quint64 generation) {
    QPointer<GlobalSearch> self(this);
    if (!client)
        co_return;
    QCoro::Task<Result<NodePage>> listing = client->list(kind, options, branch, token);
    const Result<NodePage> page = co_await listing;
    if (!self || generation != m_generation)
        co_return;
    if (!page) {
        ++m_failures;
        m_lastError = page.error().message;
    } else if (!page->nodes.isEmpty()) {
        QList<Hit> hits;
        for (const Node &n : page->nodes)
            hits.append(Hit{n.kind(), n.id(), n.displayLabel()});
        Q_EMIT hitsFound(hits);
    }
    if (--m_pending == 0)
        Q_EMIT finished(m_failures);
}

} // namespace infrahub
