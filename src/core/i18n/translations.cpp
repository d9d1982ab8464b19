#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace infrahub {

namespace {

// Installs `translator` if `loaded`, else drops it.
void installIf(QTranslator *translator, bool loaded) {
    if (loaded)
        QCoreApplication::installTranslator(translator);
    else
        delete translator;
}

} // namespace

void installTranslations(QCoreApplication &app) {
    const QString ours = QStringLiteral("infrahub-console");
    const QString builtIn = QStringLiteral(":/i18n");

    // Qt's catalogue, where Qt's installation (or windeployqt / macdeployqt, next to the program) put it.
    auto *qt = new QTranslator(&app);
    installIf(qt, qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)));

    auto *english = new QTranslator(&app);
    installIf(english, english->load(ours + QStringLiteral("_en"), builtIn));

    // Installed last, so searched first. QTranslator picks the best file for the user's languages; for an
    // English user that is the one above again, which is not installed twice.
    auto *local = new QTranslator(&app);
    installIf(local, local->load(QLocale(), ours, QStringLiteral("_"), builtIn) &&
                         !local->language().startsWith(QStringLiteral("en")));
}

} // namespace infrahub
