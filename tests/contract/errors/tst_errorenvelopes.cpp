// Contract test: every captured Infrahub error envelope (and the constructed malformed ones) becomes an
// InfrahubError of the right kind, with the server's message and catalogue code, and never a crash.
#include "core/client/errorenvelope.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using infrahub::InfrahubError;
using K = InfrahubError::Kind;

Q_DECLARE_METATYPE(InfrahubError::Kind)

namespace {
QByteArray fixture(const QString &name) {
    QFile f(QStringLiteral(INFRAHUB_REFERENCE_DIR "/sdk-fixtures/error_catalogue/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return f.readAll();
}
} // namespace

class TestErrorEnvelopes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void catalogue_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("status");
        QTest::addColumn<K>("kind");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("messageStart");
        QTest::newRow("uniqueness") << "graphql_uniqueness_violation.json" << 200 << K::Validation
                                    << "UNIQUENESS_VIOLATION"
                                    << "Node of kind TestPerson already has name 'John'";
        QTest::newRow("permission") << "graphql_permission_denied.json" << 403 << K::Permission
                                    << "PERMISSION_DENIED"
                                    << "";
        QTest::newRow("no extensions") << "graphql_no_extensions.json" << 200 << K::GraphQL << ""
                                       << "";
        QTest::newRow("multiple") << "graphql_multiple_errors.json" << 200 << K::NotFound
                                  << "SCHEMA_NOT_FOUND"
                                  << "first failure | second failure | third failure";
        QTest::newRow("integer code") << "graphql_integer_code.json" << 200 << K::GraphQL << ""
                                      << "Something went wrong";
        QTest::newRow("unknown code") << "graphql_unknown_code.json" << 200 << K::GraphQL << ""
                                      << "";
        QTest::newRow("extra payload") << "graphql_extra_payload_field.json" << 200 << K::Validation << ""
                                       << "";
        QTest::newRow("token expired")
            << "auth_token_expired.json" << 401 << K::Authentication << "TOKEN_EXPIRED"
            << "Expired Signature";
        QTest::newRow("two messages")
            << "auth_two_messages.json" << 401 << K::Authentication << "AUTHENTICATION_REQUIRED"
            << "first problem | second problem";
        QTest::newRow("rest 401") << "rest_legacy_401.json" << 401 << K::Authentication << ""
                                  << "Authentication is required";
        QTest::newRow("errors as string") << "malformed_errors_as_string.json" << 200 << K::GraphQL << ""
                                          << "a bare string where an array belongs";
        QTest::newRow("code as object") << "malformed_code_as_object.json" << 200 << K::GraphQL << ""
                                        << "Something went wrong";
        QTest::newRow("extensions as list") << "malformed_extensions_as_list.json" << 500 << K::Protocol << ""
                                            << "Something went wrong";
    }

    void catalogue() {
        QFETCH(QString, file);
        QFETCH(int, status);
        QFETCH(K, kind);
        QFETCH(QString, code);
        QFETCH(QString, messageStart);
        const InfrahubError e = infrahub::errorFromResponse(status, fixture(file));
        QCOMPARE(e.kind, kind);
        if (!code.isEmpty())
            QCOMPARE(e.code, code);
        if (!messageStart.isEmpty())
            QVERIFY2(e.message.startsWith(messageStart), qPrintable(e.message));
        QVERIFY(!e.message.isEmpty());
        QCOMPARE(e.httpStatus, status);
    }

    // Every file under codes/ carries its own http_status; auth failures come as real 401/403 answers,
    // everything else in-band with HTTP 200. Each must map to the kind its code means.
    void codes() {
        const QDir dir(QStringLiteral(INFRAHUB_REFERENCE_DIR "/sdk-fixtures/error_catalogue/codes"));
        const QStringList files = dir.entryList({QStringLiteral("*.json")});
        QCOMPARE(files.size(), 16);
        for (const QString &name : files) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray body = f.readAll();
            const QJsonObject first =
                QJsonDocument::fromJson(body).object().value(u"errors").toArray().first().toObject();
            const QString code = first.value(u"extensions").toObject().value(u"code").toString();
            const int declared = first.value(u"extensions").toObject().value(u"http_status").toInt();
            const int status = declared == 401 || declared == 403 ? declared : 200;
            const InfrahubError e = infrahub::errorFromResponse(status, body);
            QCOMPARE(e.code, code);
            QCOMPARE(e.message, first.value(u"message").toString());
            QCOMPARE(e.kind, infrahub::kindForCode(code));
            const QList<infrahub::ServerErrorDetail> details =
                infrahub::parseServerErrors(QJsonDocument::fromJson(body).object().value(u"errors"));
            QCOMPARE(details.size(), 1);
            QCOMPARE(details.first().httpStatus, declared);
        }
        QCOMPARE(infrahub::kindForCode(QStringLiteral("UNIQUENESS_VIOLATION")), K::Validation);
        QCOMPARE(infrahub::kindForCode(QStringLiteral("ATTRIBUTE_REQUIRED")), K::Validation);
        QCOMPARE(infrahub::kindForCode(QStringLiteral("NODE_NOT_FOUND")), K::NotFound);
        QCOMPARE(infrahub::kindForCode(QStringLiteral("TOKEN_EXPIRED")), K::Authentication);
        QCOMPARE(infrahub::kindForCode(QStringLiteral("WORKER_TIMEOUT")), K::Timeout);
        QCOMPARE(infrahub::kindForCode(QStringLiteral("SOMETHING_NEW")), K::GraphQL);
    }

    void fieldOfValidationErrors() {
        const auto details = infrahub::parseServerErrors(
            QJsonDocument::fromJson(fixture(QStringLiteral("graphql_uniqueness_violation.json")))
                .object()
                .value(u"errors"));
        QCOMPARE(details.first().fieldName(), QStringLiteral("name"));
        QCOMPARE(details.first().path, QStringList{QStringLiteral("TestPersonCreate")});
    }

    void nonJsonAndEmptyBodies() {
        InfrahubError e = infrahub::errorFromResponse(502, "<html><body>Bad Gateway</body></html>");
        QCOMPARE(e.kind, K::NotReachable);
        QVERIFY(e.message.contains(QStringLiteral("502")));
        e = infrahub::errorFromResponse(500, {});
        QCOMPARE(e.kind, K::Protocol);
        QVERIFY(e.message.contains(QStringLiteral("500")));
        e = infrahub::errorFromResponse(404, R"({"errors": ["Branch: nope not found."]})");
        QCOMPARE(e.kind, K::NotFound);
        QCOMPARE(e.message, QStringLiteral("Branch: nope not found."));
        e = infrahub::errorFromResponse(401, {});
        QCOMPARE(e.kind, K::Authentication);
        QVERIFY(!e.message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestErrorEnvelopes)
#include "tst_errorenvelopes.moc"
