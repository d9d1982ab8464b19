#include "ssherrors.h"

namespace infrahub::ssherrors {

InfrahubError make(InfrahubError::Kind kind, const char *code, QString message) {
    InfrahubError error = InfrahubError::make(kind, std::move(message));
    error.code = QLatin1String(code);
    return error;
}

bool is(const InfrahubError &error, const char *code) {
    return error.code == QLatin1String(code);
}

QString quoteCommand(const QString &command) {
    constexpr int kMaxLength = 60;
    QString text = command.simplified();
    if (text.size() > kMaxLength)
        text = text.left(kMaxLength - 1) + QChar(0x2026);
    return QLatin1Char('"') + text + QLatin1Char('"');
}

QString printable(QString text) {
    for (QChar &c : text) {
        if (c == u'\t')
            c = u' ';
        else if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = QChar::ReplacementCharacter;
    }
    return text;
}

} // namespace infrahub::ssherrors
