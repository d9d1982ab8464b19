#include "schemanaming.h"

#include <QCryptographicHash>

#include <array>

namespace infrahub::sandbox {

namespace {

QString pythonTitle(QStringView word) {
    QString out;
    out.reserve(word.size());
    bool previousCased = false;
    for (const QChar c : word) {
        if (c.isLetter()) {
            out.append(previousCased ? c.toLower() : c.toUpper());
            previousCased = true;
        } else {
            out.append(c);
            previousCased = false;
        }
    }
    return out;
}

constexpr std::array kPalette = {u"#ed6a5a", u"#f4f1bb", u"#9bc1bc", u"#5ca4a9", u"#e6ebe0",
                                 u"#52489c", u"#4062bb", u"#59c3c3", u"#56638a", u"#5d737e",
                                 u"#55505c", u"#592941", u"#498467", u"#e5d0e3", u"#748cab",
                                 u"#018e42", u"#50808e", u"#7b2d26", u"#9799ca", u"#51bbfe"};

constexpr std::array kRestrictedNamespaces = {u"Account", u"Branch",   u"Core",     u"Deprecated",
                                              u"Diff",    u"Infrahub", u"Internal", u"Lineage",
                                              u"Schema",  u"Profile",  u"Template"};

} // namespace

QString formatLabel(const QString &name) {
    QString out;
    out.reserve(name.size());
    const QList<QStringView> words = QStringView(name).split(u'_');
    for (qsizetype i = 0; i < words.size(); ++i) {
        if (i > 0)
            out.append(u' ');
        out.append(pythonTitle(words.at(i)));
    }
    return out;
}

QString generatedRelationshipIdentifier(const QString &kind, const QString &peer) {
    const bool kindFirst = kind < peer; // Python sorts by code point, as QString's operator< does
    return (kindFirst ? kind + u"__" + peer : peer + u"__" + kind).toLower();
}

QString selectChoiceColor(QStringList &used) {
    for (const char16_t *color : kPalette) {
        const QString candidate = QString::fromUtf16(color);
        if (!used.contains(candidate)) {
            used.append(candidate);
            return candidate;
        }
    }
    return QStringLiteral("#ff0000");
}

bool isRestrictedNamespace(const QString &ns) {
    for (const char16_t *restricted : kRestrictedNamespaces)
        if (ns == QStringView(restricted))
            return true;
    return false;
}

QString stableSchemaId(const QString &kind, const QString &element) {
    const QByteArray digest =
        QCryptographicHash::hash((kind + u'/' + element).toUtf8(), QCryptographicHash::Md5).toHex();
    // Infrahub's ids start with the creation time in nanoseconds; a fixed "1833c7" prefix (autumn 2024) plus
    // hashed low digits keeps that look. The tail mimics the host/random part ("35x?-c51...").
    const QByteArray time = "1833c7" + digest.left(10);
    const QByteArray id = time.left(8) + '-' + time.mid(8, 4) + '-' + time.mid(12, 4) + "-353" +
                          digest.mid(10, 1) + "-c51" + digest.mid(11, 9);
    return QString::fromLatin1(id);
}

} // namespace infrahub::sandbox
