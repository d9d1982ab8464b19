// The client transport against a real sandbox on loopback: a real concurrency limit across several
// network managers, JWT login with one shared refresh when many requests expire at once (then re-login),
// retries of transient failures honouring Retry-After, deadlines, cancellation, unreachable servers, and
// an event loop that keeps running while 1,000 requests are in flight.
#include "core/client/transport.h"
#include "sandbox/sandboxserver.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

using namespace infrahub;
using infrahub::sandbox::FaultSettings;
using infrahub::sandbox::SandboxOptions;
using infrahub::sandbox::SandboxServer;

namespace {

HttpCall graphqlCall(const QString &query = QStringLiteral("{ BuiltinTag { count } }")) {
    HttpCall call;
    call.path = QStringLiteral("/graphql/main");
    call.body = QJsonDocument(QJsonObject{{QStringLiteral("query"), query}}).toJson(QJsonDocument::Compact);
    return call;
}

struct Summary {
    int ok = 0;
    int failed = 0;
    QList<InfrahubError> errors;
};

// Sends `count` calls at once and waits for all of them (tasks are eager, so they run concurrently).
QCoro::Task<Summary> sendMany(Transport *transport, int count) {
    std::vector<QCoro::Task<Result<HttpAnswer>>> tasks;
    tasks.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        HttpCall call = graphqlCall();
        tasks.push_back(transport->send(call));
    }
    Summary summary;
    for (auto &task : tasks) {
        const Result<HttpAnswer> r = co_await task;
        if (r && r->status == 200 && !r->body.contains("\"errors\"")) {
            ++summary.ok;
        } else {
            ++summary.failed;
            if (!r)
                summary.errors.append(r.error());
        }
    }
    co_return summary;
}

std::unique_ptr<SandboxServer> startSandbox(SandboxOptions options) {
    auto server = std::make_unique<SandboxServer>(options);
    QString error;
    if (!server->start(&error))
        qFatal("sandbox: %s", qPrintable(error));
    return server;
}

ClientConfig configFor(const SandboxServer &server) {
    ClientConfig c;
    c.address = server.url();
    c.apiToken = QStringLiteral("transport-token");
    return c;
}

// A loopback address nothing listens on: a port that was free a moment ago.
ClientConfig closedPortConfig() {
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        qFatal("no free loopback port");
    ClientConfig closed;
    closed.address = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort()));
    return closed; // the probe closes the port on return
}

SandboxOptions tokenOptions() {
    SandboxOptions o;
    o.tokens = {"transport-token"};
    o.emptyDataset = true;
    return o;
}

} // namespace

class TestTransport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void concurrencyLimitIsReal_data() {
        QTest::addColumn<int>("limit");
        QTest::newRow("SDK default 5") << 5;
        QTest::newRow("20 over 4 managers") << 20;
    }

    void concurrencyLimitIsReal() {
        QFETCH(int, limit);
        SandboxOptions options = tokenOptions();
        options.faults.latencyMs = 100;
        auto server = startSandbox(options);
        ClientConfig config = configFor(*server);
        config.maxConcurrentRequests = limit;
        Transport transport(config);
        QCOMPARE(transport.managerCount(), (limit + 5) / 6);
        QElapsedTimer timer;
        timer.start();
        const Summary s = QCoro::waitFor(sendMany(&transport, limit * 3));
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(s.ok, limit * 3);
        QCOMPARE(transport.peakInFlight(), limit);
        // The server really saw `limit` requests at once (not 6, the per-manager connection cap).
        QVERIFY2(server->http().stats().peakInFlight >= limit - 1,
                 qPrintable(QString::number(server->http().stats().peakInFlight)));
        QVERIFY(server->http().stats().peakInFlight <= limit);
        qInfo("limit %d: %d requests with 100 ms latency in %lld ms", limit, limit * 3, elapsed);
        QVERIFY(elapsed >= 280); // three waves of 100 ms: the limit was not exceeded
    }

    void jwtLoginAndSingleRefresh() {
        SandboxOptions options;
        options.emptyDataset = true;
        options.allowAnonymous = false;
        options.users = {{QStringLiteral("alice"), QStringLiteral("s3cret")}};
        auto server = startSandbox(options);
        ClientConfig config;
        config.address = server->url();
        config.username = QStringLiteral("alice");
        config.password = QStringLiteral("s3cret");
        config.maxConcurrentRequests = 20;
        Transport transport(config);

        Summary s = QCoro::waitFor(sendMany(&transport, 10));
        QCOMPARE(s.ok, 10);
        QCOMPARE(transport.tokenRenewals(), 1); // one login, shared by the 10 first requests
        QCOMPARE(server->auth().counters().logins, quint64(1));

        // Every access token expires at once: 50 requests in flight get "Expired Signature"; one refresh.
        server->auth().expireAllAccessTokens();
        s = QCoro::waitFor(sendMany(&transport, 50));
        QCOMPARE(s.ok, 50);
        QCOMPARE(server->auth().counters().refreshes, quint64(1));
        QCOMPARE(server->auth().counters().logins, quint64(1));
        QCOMPARE(transport.tokenRenewals(), 2);

        // A month later the refresh token is dead too: the transport logs in again, once.
        server->auth().setClockOffset(31LL * 24 * 3600);
        s = QCoro::waitFor(sendMany(&transport, 20));
        QCOMPARE(s.ok, 20);
        QCOMPARE(server->auth().counters().logins, quint64(2));
    }

    void wrongPasswordIsAnAuthenticationError() {
        SandboxOptions options;
        options.emptyDataset = true;
        options.users = {{QStringLiteral("alice"), QStringLiteral("s3cret")}};
        auto server = startSandbox(options);
        ClientConfig config;
        config.address = server->url();
        config.username = QStringLiteral("alice");
        config.password = QStringLiteral("wrong");
        Transport transport(config);
        const Summary s = QCoro::waitFor(sendMany(&transport, 3));
        QCOMPARE(s.failed, 3);
        QCOMPARE(s.errors.first().kind, InfrahubError::Kind::Authentication);
        QVERIFY2(s.errors.first().message.contains(QStringLiteral("Incorrect password")),
                 qPrintable(s.errors.first().message));
        QVERIFY(!s.errors.first().message.contains(QStringLiteral("wrong"))); // never echo the password
    }

    void retriesHonourRetryAfterAndSafety() {
        SandboxOptions options = tokenOptions();
        options.faults.failRate = 1.0;
        options.faults.failStatuses = {503};
        options.faults.retryAfterSeconds = 1;
        auto server = startSandbox(options);
        Transport transport(configFor(*server));
        RetryPolicy policy;
        policy.maxAttempts = 3;
        policy.baseDelayMs = 10;
        policy.jitter = RetryJitter::None;
        transport.setRetryPolicy(policy);

        QElapsedTimer timer;
        timer.start();
        Result<HttpAnswer> r = QCoro::waitFor(transport.send(graphqlCall()));
        QVERIFY(!r);
        QCOMPARE(r.error().httpStatus, 503);
        QCOMPARE(r.error().retryAfterMs, 1000);
        QCOMPARE(server->faults().counters().failed, quint64(3));
        QVERIFY2(timer.elapsed() >= 1900, "Retry-After: 1 was not honoured"); // two waits of 1 s

        // Never repeat what is not safe to repeat.
        server->faults().resetCounters();
        HttpCall unsafe = graphqlCall();
        unsafe.safety = RetrySafety::Never;
        r = QCoro::waitFor(transport.send(unsafe));
        QVERIFY(!r);
        QCOMPARE(server->faults().counters().failed, quint64(1));

        // Half the requests fail: with retries every one of them gets through.
        FaultSettings flaky;
        flaky.failRate = 0.5;
        flaky.failStatuses = {502, 429};
        flaky.retryAfterSeconds = 0;
        flaky.seed = 7;
        server->faults().setSettings(flaky);
        policy.maxAttempts = 10;
        transport.setRetryPolicy(policy);
        const Summary s = QCoro::waitFor(sendMany(&transport, 40));
        QCOMPARE(s.ok, 40);
        QVERIFY(server->faults().counters().failed > 5);
    }

    void deadlineCancellationAndUnreachable() {
        SandboxOptions options = tokenOptions();
        options.faults.stallRate = 1.0;
        auto server = startSandbox(options);
        ClientConfig config = configFor(*server);
        config.timeoutMs = 300;
        Transport transport(config);
        transport.setRetryPolicy(RetryPolicy::none());
        QElapsedTimer timer;
        timer.start();
        Result<HttpAnswer> r = QCoro::waitFor(transport.send(graphqlCall()));
        QVERIFY(!r);
        QCOMPARE(r.error().kind, InfrahubError::Kind::Timeout);
        QVERIFY(timer.elapsed() < 5000);

        config.timeoutMs = 60000;
        Transport patient(config);
        CancellationSource source;
        QTimer::singleShot(100, [source]() mutable { source.cancel(); });
        timer.restart();
        r = QCoro::waitFor(patient.send(graphqlCall(), source.token()));
        QVERIFY(!r);
        QCOMPARE(r.error().kind, InfrahubError::Kind::Cancelled);
        QVERIFY(timer.elapsed() < 5000);

        Transport nowhere(closedPortConfig());
        nowhere.setRetryPolicy(RetryPolicy::none());
        r = QCoro::waitFor(nowhere.send(graphqlCall()));
        QVERIFY(!r);
        QCOMPARE(r.error().kind, InfrahubError::Kind::NotReachable);
        QVERIFY(r.error().message.startsWith(QStringLiteral("Cannot reach")));
    }

    void sentIsSetOnceTheRequestIsWritten() {
        // A caller with other work waits for `sent` before doing it (a page stream reads the current page
        // only once the next request is out): it must come with the request written, long before the
        // (here delayed) answer, and also at the end of a call that never got that far.
        SandboxOptions options = tokenOptions();
        options.faults.latencyMs = 1500;
        auto server = startSandbox(options);
        Transport transport(configFor(*server));
        HttpCall call = graphqlCall();
        const AsyncEvent sent;
        call.sent = sent;
        QCoro::Task<Result<HttpAnswer>> sending = transport.send(call);
        QVERIFY(QTest::qWaitFor([&] { return sent.isSet(); }, 5000));
        QCOMPARE(transport.requestsWritten(), 1);
        QCOMPARE(transport.inFlight(), 1); // the answer is still to come
        const Result<HttpAnswer> answer = QCoro::waitFor(sending);
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);

        Transport nowhere(closedPortConfig());
        nowhere.setRetryPolicy(RetryPolicy::none());
        HttpCall lost = graphqlCall();
        const AsyncEvent lostSent;
        lost.sent = lostSent;
        QVERIFY(!QCoro::waitFor(nowhere.send(lost)));
        QVERIFY(lostSent.isSet());
        QCOMPARE(nowhere.requestsWritten(), 0);
    }

    void eventLoopRunsWith1000RequestsInFlight() {
        SandboxOptions options = tokenOptions();
        options.faults.latencyMs = 50;
        auto server = startSandbox(options);
        ClientConfig config = configFor(*server);
        config.maxConcurrentRequests = 200;
        Transport transport(config);

        QElapsedTimer clock;
        clock.start();
        qint64 last = 0;
        qint64 worstGap = 0;
        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(5);
        connect(&ticker, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            worstGap = std::max(worstGap, now - last);
            last = now;
            ++ticks;
        });
        ticker.start();
        const Summary s = QCoro::waitFor(sendMany(&transport, 1000));
        ticker.stop();
        const qint64 elapsed = clock.elapsed();
        QCOMPARE(s.ok, 1000);
        QCOMPARE(transport.peakInFlight(), 200);
        qInfo("1000 requests (limit 200, 50 ms latency) in %lld ms; timer ticked %d times, worst gap %lld ms",
              elapsed, ticks, worstGap);
        // The loop kept turning throughout: a blocked loop would show one gap as long as the whole run.
        QVERIFY(ticks > elapsed / 50);
        QVERIFY2(worstGap < std::max<qint64>(100, elapsed / 3), qPrintable(QString::number(worstGap)));
    }
};

QTEST_GUILESS_MAIN(TestTransport)
#include "tst_transport.moc"
