// infrahub-sandbox: the Infrahub-compatible server as a command-line program (see --help).
#include "cli/common/interruptsignals.h"
#include "sandboxoptions.h"
#include "sandboxserver.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("infrahub-sandbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(INFRAHUB_CONSOLE_VERSION));

    QString error;
    QString exitText;
    const auto parsed = infrahub::sandbox::parseSandboxCommandLine(app.arguments(), &error, &exitText);
    if (!parsed) {
        if (!exitText.isEmpty()) {
            std::fputs(qPrintable(exitText), stdout);
            return 0;
        }
        std::fprintf(stderr, "infrahub-sandbox: %s\n", qPrintable(error));
        return 2;
    }

    infrahub::sandbox::SandboxServer server(parsed->options);
    if (!server.start(&error)) {
        std::fprintf(stderr, "infrahub-sandbox: %s\n", qPrintable(error));
        return 1;
    }
    if (parsed->printPortOnly) {
        std::printf("%u\n", server.port());
    } else {
        const auto s = server.datasetSummary();
        std::printf("listening on %s\n", qPrintable(server.url().toString()));
        std::printf("data: %d sites, %d devices, %d interfaces, %d VLANs, %d prefixes, %d IP addresses (%d "
                    "objects)\n",
                    s.sites, s.devices, s.interfaces, s.vlans, s.prefixes, s.ipAddresses, s.total);
        if (const auto *devices = server.devices()) {
            std::printf("device ssh: %d devices on port %u (each on its primary address), client key %s\n",
                        devices->deviceCount(), devices->port(), qPrintable(devices->clientKeyFile()));
            if (devices->skippedDevices() > 0)
                std::printf("device ssh: %d more devices have no SSH (over the limit of %d)\n",
                            devices->skippedDevices(), parsed->options.deviceSsh.maxDevices);
        }
    }
    std::fflush(stdout);

    // SIGINT/SIGTERM end the event loop cleanly, so a --persist data file is flushed on the way out.
    infrahub::cli::onInterruptSignals(&app, [] { QCoreApplication::quit(); });
    const int code = app.exec();
    if (!server.saveData(&error))
        std::fprintf(stderr, "infrahub-sandbox: cannot save data: %s\n", qPrintable(error));
    return code;
}
