#include "attributetext.h"

#include <QCoreApplication>

namespace infrahub {

namespace {
QString tr(const char *text) {
    return QCoreApplication::translate("AttributeText", text);
}
} // namespace

std::optional<QJsonValue> attributeValueFromText(const AttributeSchema &a, const QString &text,
                                                 const QString &label, QString *error) {
    const QString t = text.trimmed();
    if (a.kind == u"Number" || a.kind == u"Bandwidth" || a.kind == u"NumberPool") {
        bool ok = false;
        const qlonglong n = t.toLongLong(&ok);
        if (!ok) {
            *error = tr("%1 needs a whole number, not “%2”.").arg(label, t);
            return std::nullopt;
        }
        return QJsonValue(n);
    }
    if (a.kind == u"Boolean" || a.kind == u"Checkbox") {
        const QString l = t.toLower();
        if (l == u"true" || l == u"yes" || l == u"1")
            return QJsonValue(true);
        if (l == u"false" || l == u"no" || l == u"0")
            return QJsonValue(false);
        *error = tr("%1 is true or false, not “%2”.").arg(label, t);
        return std::nullopt;
    }
    if (!a.choices.isEmpty() && !t.isEmpty()) {
        // People pick labels ("Active"); the server stores names ("active").
        QStringList names;
        for (const DropdownChoice &c : a.choices) {
            if (c.name == t || (!c.label.isEmpty() && c.label.compare(t, Qt::CaseInsensitive) == 0))
                return QJsonValue(c.name);
            names.append(c.label.isEmpty() ? c.name : c.label);
        }
        *error = tr("%1 has no choice “%2” (choices: %3).").arg(label, t, names.join(QStringLiteral(", ")));
        return std::nullopt;
    }
    if (a.maxLength && t.size() > *a.maxLength) {
        *error = tr("%1 takes at most %2 characters.").arg(label).arg(*a.maxLength);
        return std::nullopt;
    }
    return QJsonValue(t);
}

} // namespace infrahub
