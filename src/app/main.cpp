// infrahub-console: starts the main window and connects to the configured Infrahub server, or to the
// built-in demo sandbox when none is configured.
#include "consolesession.h"
#include "core/i18n/translations.h"
#include "mainwindow.h"
#include "nodeeditor.h"

#include "core/views/nodetablemodel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("InfrahubConsole"));
    QApplication::setApplicationName(QStringLiteral("infrahub-console"));
    QApplication::setApplicationDisplayName(QStringLiteral("Infrahub Console"));
    QApplication::setApplicationVersion(QStringLiteral(INFRAHUB_CONSOLE_VERSION));
    infrahub::installTranslations(app);
    // Ties the windows to the installed menu entry (<id>.desktop): its icon and name in docks and
    // task switchers, and the Wayland app_id.
    QGuiApplication::setDesktopFileName(QStringLiteral(INFRAHUB_APP_ID));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main",
        "Native desktop console for Infrahub. Without a configured server it starts the demo sandbox.\n"
        "The server can also come from INFRAHUB_ADDRESS (and INFRAHUB_API_TOKEN)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption server(QStringLiteral("server"),
                                    QCoreApplication::translate("main", "Infrahub address to connect to."),
                                    QStringLiteral("URL"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QCoreApplication::translate("main", "Use the built-in demo sandbox."));
    const QCommandLineOption demoDevices(
        QStringLiteral("demo-devices"),
        QCoreApplication::translate(
            "main", "With --demo: a generated dataset of N devices instead of the demo data."),
        QStringLiteral("N"));
    const QCommandLineOption kind(QStringLiteral("kind"),
                                  QCoreApplication::translate("main", "Kind to show first."),
                                  QStringLiteral("KIND"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Save a picture of the window once connected, then quit."),
        QStringLiteral("FILE"));
    parser.addOptions({server, demo, demoDevices, kind, screenshot});
    parser.process(app);
    int generatedDevices = 0;
    if (parser.isSet(demoDevices)) {
        bool ok = false;
        generatedDevices = parser.value(demoDevices).toInt(&ok);
        if (!ok || generatedDevices < 1 || generatedDevices > 1'000'000) {
            std::fprintf(stderr,
                         "infrahub-console: --demo-devices needs a number from 1 to 1000000, not '%s'\n",
                         qPrintable(parser.value(demoDevices)));
            return 2;
        }
    }

    infrahub::ClientConfig config = infrahub::ClientConfig::fromEnvironment({});
    QString address = parser.value(server);
    if (address.isEmpty() && !parser.isSet(demo)) {
        address = qEnvironmentVariable("INFRAHUB_ADDRESS");
        if (address.isEmpty())
            address = QSettings().value(QStringLiteral("connection/address")).toString();
    }

    ConsoleSession session;
    MainWindow window(&session);
    window.show();

    if (address.isEmpty()) {
        session.connectToDemo(generatedDevices);
    } else {
        QString error;
        config.address = infrahub::ClientConfig::parseAddress(address, &error);
        if (!config.address.isValid()) {
            std::fprintf(stderr, "infrahub-console: %s\n", qPrintable(error));
            return 2;
        }
        session.connectToServer(config);
    }

    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        const QString wanted = parser.value(kind);
        auto grabAndQuit = [&window, file]() {
            const bool saved = window.grab().save(file);
            std::fprintf(saved ? stdout : stderr, saved ? "saved %s\n" : "cannot save %s\n",
                         qPrintable(file));
            QApplication::exit(saved ? 0 : 1);
        };
        // By value: this block's locals are gone by the time the signals come, inside app.exec().
        QObject::connect(&session, &ConsoleSession::stateChanged, &window,
                         [&window, grabAndQuit, wanted](ConsoleSession::State state) {
                             if (state == ConsoleSession::State::Failed)
                                 QTimer::singleShot(0, &window, grabAndQuit);
                             if (state == ConsoleSession::State::Connected && !wanted.isEmpty())
                                 window.selectKind(wanted);
                         });
        // The picture shows the first object opened in the detail pane, as a user would see it.
        QObject::connect(&window, &MainWindow::kindCountLoaded, &window, [&window, grabAndQuit] {
            if (window.objectModel()->rowCount() > 0)
                window.selectObjectRow(0);
            else
                QTimer::singleShot(100, grabAndQuit);
        });
        QObject::connect(window.editor(), &NodeEditor::loaded, &window,
                         [grabAndQuit] { QTimer::singleShot(100, grabAndQuit); });
    } else if (parser.isSet(kind)) {
        QObject::connect(&session, &ConsoleSession::stateChanged, &window, [&](ConsoleSession::State state) {
            if (state == ConsoleSession::State::Connected)
                window.selectKind(parser.value(kind));
        });
    }
    return app.exec();
}
