// The programs' translations: the English plural forms built in from translations/infrahub-console_en.ts
// turn "%n object(s)" into "1 object" / "2 objects", and the file is complete for the sources as they are.
#include "core/i18n/translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

const QString kTsFile = QStringLiteral(INFRAHUB_SOURCE_DIR "/translations/infrahub-console_en.ts");

struct PluralMessage {
    QString context;
    QString source;
    QStringList forms;
};

QList<PluralMessage> pluralMessages(const QString &tsFile, QString *error) {
    QFile file(tsFile);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<PluralMessage> out;
    QString context;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == u"name") {
            context = xml.readElementText();
        } else if (xml.name() == u"message" && xml.attributes().value(QLatin1String("numerus")) == u"yes") {
            PluralMessage m{context, {}, {}};
            while (xml.readNextStartElement()) {
                if (xml.name() == u"source") {
                    m.source = xml.readElementText();
                } else if (xml.name() == u"translation") {
                    while (xml.readNextStartElement())
                        m.forms.append(xml.name() == u"numerusform" ? xml.readElementText()
                                                                    : (xml.skipCurrentElement(), QString()));
                } else {
                    xml.skipCurrentElement();
                }
            }
            out.append(m);
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return out;
}

QString lupdate() {
    return QStandardPaths::findExecutable(QStringLiteral("lupdate"),
                                          {QLibraryInfo::path(QLibraryInfo::BinariesPath),
                                           QLibraryInfo::path(QLibraryInfo::LibraryExecutablesPath)});
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { infrahub::installTranslations(*QCoreApplication::instance()); }

    void pluralsReadAsEnglish() {
        QCOMPARE(QCoreApplication::translate("MainWindow", "Delete %n object(s)", nullptr, 1),
                 QStringLiteral("Delete 1 object"));
        QCOMPARE(QCoreApplication::translate("MainWindow", "Delete %n object(s)", nullptr, 3),
                 QStringLiteral("Delete 3 objects"));
        QCOMPARE(QCoreApplication::translate("MainWindow", "Delete %n object(s)", nullptr, 0),
                 QStringLiteral("Delete 0 objects"));
        QCOMPARE(QCoreApplication::translate("QuickFindDialog", "%n match(es)", nullptr, 1),
                 QStringLiteral("1 match"));
        QCOMPARE(QCoreApplication::translate("QuickFindDialog", "%n match(es)", nullptr, 2),
                 QStringLiteral("2 matches"));
    }

    void everyPluralHasBothForms() {
        QString error;
        const QList<PluralMessage> messages = pluralMessages(kTsFile, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(messages.size() >= 50);
        for (const PluralMessage &m : messages) {
            QVERIFY2(m.forms.size() == 2, qPrintable(m.context + QStringLiteral(": ") + m.source));
            for (const QString &form : m.forms)
                QVERIFY2(!form.isEmpty() && !form.contains(QStringLiteral("(s)")) &&
                             !form.contains(QStringLiteral("(es)")),
                         qPrintable(m.source + QStringLiteral(" -> ") + form));
        }
    }

    void theFileCoversTheSources() {
        // lupdate over src/ into a fresh file: the same plural messages as the file in the repository, so a
        // new "%n ...(s)" text cannot ship without its English forms (update the file with the command in
        // translations/README.md).
        const QString tool = lupdate();
        if (tool.isEmpty())
            QSKIP("lupdate is not installed (qt6-l10n-tools)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString fresh = dir.filePath(QStringLiteral("fresh.ts"));
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(tool,
                {QStringLiteral("-pluralonly"), QStringLiteral("-locations"), QStringLiteral("none"),
                 QStringLiteral("-no-obsolete"), QStringLiteral("-target-language"), QStringLiteral("en"),
                 QStringLiteral(INFRAHUB_SOURCE_DIR "/src"), QStringLiteral("-ts"), fresh});
        QVERIFY(p.waitForFinished(60'000));
        QVERIFY2(p.exitCode() == 0, p.readAll().constData());
        QString error;
        QSet<QString> expected, present;
        for (const PluralMessage &m : pluralMessages(fresh, &error))
            expected.insert(m.context + u'\x1f' + m.source);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (const PluralMessage &m : pluralMessages(kTsFile, &error))
            present.insert(m.context + u'\x1f' + m.source);
        QVERIFY(!expected.isEmpty());
        const QSet<QString> missing = expected - present;
        const QSet<QString> stale = present - expected;
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("not in the .ts file: ") +
                                               QStringList(missing.values()).join(QStringLiteral(" | "))));
        QVERIFY2(stale.isEmpty(), qPrintable(QStringLiteral("no longer in the sources: ") +
                                             QStringList(stale.values()).join(QStringLiteral(" | "))));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
