// Takes the screenshots the README and reviewers look at: the real console under Xvfb against its demo
// sandbox, one PNG per main screen in <build>/screenshots/. Each must exist, have the window's size and
// show a filled window (many colours), not a blank or crashed one.
#include <QDir>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTest>

class TestScreenshots : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        if (QStandardPaths::findExecutable(QStringLiteral("xvfb-run")).isEmpty()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("xvfb-run is missing (setup.sh installs xvfb)");
            QSKIP("xvfb-run is not installed");
        }
        QVERIFY(QDir().mkpath(QStringLiteral(INFRAHUB_SCREENSHOT_DIR)));
    }

    void screens_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("devices") << QStringLiteral("devices.png") << QStringList{};
        QTest::newRow("vlans") << QStringLiteral("vlans.png")
                               << QStringList{QStringLiteral("--kind"), QStringLiteral("InfraVLAN")};
        QTest::newRow("sites") << QStringLiteral("sites.png")
                               << QStringList{QStringLiteral("--kind"), QStringLiteral("LocationSite")};
    }

    void screens() {
        QFETCH(QString, file);
        QFETCH(QStringList, arguments);
        const QString path = QDir(QStringLiteral(INFRAHUB_SCREENSHOT_DIR)).filePath(file);
        QFile::remove(path);
        QProcess console;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("QT_QPA_PLATFORM")); // a real X server this time
        env.insert(QStringLiteral("XDG_CONFIG_HOME"),
                   QDir::tempPath() + QStringLiteral("/infrahub-screenshots"));
        console.setProcessEnvironment(env);
        console.setProcessChannelMode(QProcess::MergedChannels);
        console.start(QStringLiteral("xvfb-run"),
                      QStringList{QStringLiteral("-a"), QStringLiteral("-s"),
                                  QStringLiteral("-screen 0 1400x900x24"),
                                  QStringLiteral(INFRAHUB_CONSOLE_EXE), QStringLiteral("--demo"),
                                  QStringLiteral("--screenshot"), path}
                          << arguments);
        QVERIFY2(console.waitForFinished(120'000), "the console did not finish");
        const QByteArray output = console.readAll();
        QVERIFY2(console.exitStatus() == QProcess::NormalExit && console.exitCode() == 0, output.constData());

        QImage image(path);
        QVERIFY2(!image.isNull(), qPrintable(path));
        QVERIFY(image.width() >= 800 && image.height() >= 500);
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 30, qPrintable(QString::number(colours.size())));
    }
};

QTEST_GUILESS_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
