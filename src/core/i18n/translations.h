// The programs' translations: Qt's own texts (standard buttons and dialogs) in the user's language where Qt
// ships them, and ours from :/i18n (built in from translations/*.ts).
#pragma once

class QCoreApplication;

namespace infrahub {

// Installs the translators on `app` (they are its children). Our source texts are English and write plurals
// as "%n object(s)": the English translation, always installed first, turns them into "1 object" and
// "2 objects"; a translation for the user's language, when there is one, takes precedence.
void installTranslations(QCoreApplication &app);

} // namespace infrahub
