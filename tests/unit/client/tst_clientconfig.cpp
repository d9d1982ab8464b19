// ClientConfig: address parsing, environment variables as the SDK reads them, validation messages,
// TLS (CA file, explicit insecure mode) and proxy settings.
#include "core/client/clientconfig.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using infrahub::ClientConfig;

class TestClientConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parseAddress_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected"); // empty = rejected
        QTest::newRow("bare host") << "infrahub.example.com"
                                   << "http://infrahub.example.com";
        QTest::newRow("host and port") << "infrahub.example.com:8000"
                                       << "http://infrahub.example.com:8000";
        QTest::newRow("https") << " https://infrahub.example.com/ "
                               << "https://infrahub.example.com/";
        QTest::newRow("ipv6") << "http://[::1]:8000"
                              << "http://[::1]:8000";
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("ftp") << "ftp://example.com"
                             << "";
        QTest::newRow("no host") << "http://"
                                 << "";
        QTest::newRow("garbage") << "http://exa mple.com"
                                 << "";
    }

    void parseAddress() {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QString error;
        const QUrl url = ClientConfig::parseAddress(input, &error);
        if (expected.isEmpty()) {
            QVERIFY(!url.isValid());
            QVERIFY(!error.isEmpty());
        } else {
            QCOMPARE(url.toString(), expected);
        }
    }

    void environment() {
        qputenv("INFRAHUB_ADDRESS", "https://infra.example.net");
        qputenv("INFRAHUB_API_TOKEN", "tok");
        qputenv("INFRAHUB_DEFAULT_BRANCH", "dev");
        qputenv("INFRAHUB_TIMEOUT", "5");
        qputenv("INFRAHUB_MAX_CONCURRENT_EXECUTION", "20");
        qputenv("INFRAHUB_PAGINATION_SIZE", "oops");
        QString error;
        const ClientConfig c = ClientConfig::fromEnvironment({}, &error);
        QCOMPARE(c.address.toString(), QStringLiteral("https://infra.example.net"));
        QCOMPARE(c.apiToken, QStringLiteral("tok"));
        QCOMPARE(c.defaultBranch, QStringLiteral("dev"));
        QCOMPARE(c.timeoutMs, 5000);
        QCOMPARE(c.maxConcurrentRequests, 20);
        QCOMPARE(c.paginationSize, 50); // invalid value ignored, and said so
        QVERIFY(error.contains(QStringLiteral("INFRAHUB_PAGINATION_SIZE")));
        for (const char *name :
             {"INFRAHUB_ADDRESS", "INFRAHUB_API_TOKEN", "INFRAHUB_DEFAULT_BRANCH", "INFRAHUB_TIMEOUT",
              "INFRAHUB_MAX_CONCURRENT_EXECUTION", "INFRAHUB_PAGINATION_SIZE"})
            qunsetenv(name);
        const ClientConfig defaults = ClientConfig::fromEnvironment({});
        QCOMPARE(defaults.timeoutMs, 60000);
        QCOMPARE(defaults.maxConcurrentRequests, 5);
        QCOMPARE(defaults.paginationSize, 50);
        QCOMPARE(defaults.address.toString(), QStringLiteral("http://localhost:8000"));
    }

    void validation() {
        ClientConfig c;
        QVERIFY(!c.validate());
        c.username = QStringLiteral("admin");
        QVERIFY(c.validate()->contains(QStringLiteral("password")));
        c.password = QStringLiteral("x");
        QVERIFY(!c.validate());
        QVERIFY(c.usesLogin());
        c.maxConcurrentRequests = 0;
        QVERIFY(c.validate());
        c.maxConcurrentRequests = 5;
        c.proxyMode = ClientConfig::ProxyMode::Manual;
        c.proxyUrl = QUrl(QStringLiteral("http://proxy.example.com"));
        QVERIFY(c.validate()->contains(QStringLiteral("proxy")));
        c.proxyUrl = QUrl(QStringLiteral("socks5://proxy.example.com:1080"));
        QVERIFY(!c.validate());
        QCOMPARE(c.proxy().type(), QNetworkProxy::Socks5Proxy);
        QCOMPARE(c.proxy().port(), quint16(1080));
        c.proxyMode = ClientConfig::ProxyMode::None;
        QCOMPARE(c.proxy().type(), QNetworkProxy::NoProxy);
    }

    void tls() {
        ClientConfig c;
        QString error;
        std::optional<QSslConfiguration> ssl = c.sslConfiguration(&error);
        QVERIFY(ssl);
        QCOMPARE(ssl->peerVerifyMode(), QSslConfiguration::defaultConfiguration().peerVerifyMode());

        QTemporaryDir dir;
        const QString bogus = dir.filePath(QStringLiteral("bogus.pem"));
        QFile f(bogus);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a certificate");
        f.close();
        c.caCertificateFile = bogus;
        QVERIFY(!c.sslConfiguration(&error));
        QVERIFY(error.contains(QStringLiteral("no PEM or DER certificate")));
        QVERIFY(c.validate());
        c.caCertificateFile = dir.filePath(QStringLiteral("missing.pem"));
        QVERIFY(!c.sslConfiguration(&error));
        QVERIFY(error.startsWith(QStringLiteral("Cannot read")));

        const QString systemBundle = QStringLiteral("/etc/ssl/certs/ca-certificates.crt");
        if (QFile::exists(systemBundle)) {
            c.caCertificateFile = systemBundle;
            ssl = c.sslConfiguration(&error);
            QVERIFY2(ssl, qPrintable(error));
            QVERIFY(ssl->caCertificates().size() >=
                    QSslConfiguration::defaultConfiguration().caCertificates().size());
        }
        c.caCertificateFile.clear();
        c.insecureSkipTlsVerify = true;
        QCOMPARE(c.sslConfiguration(&error)->peerVerifyMode(), QSslSocket::VerifyNone);
    }
};

QTEST_GUILESS_MAIN(TestClientConfig)
#include "tst_clientconfig.moc"
