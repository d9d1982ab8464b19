#include "attributevalidator.h"

#include "core/query/inputvalue.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>
#include <QRegularExpression>

namespace infrahub {

namespace {

bool isOneOf(const QString &kind, std::initializer_list<const char16_t *> kinds) {
    for (const char16_t *k : kinds)
        if (kind == QStringView(k))
            return true;
    return false;
}

// "192.0.2.1", "192.0.2.1/24", "192.0.2.1/255.255.255.0", "2001:db8::1/64" (Python's ip_interface).
QString ipHostProblem(const QString &text) {
    const qsizetype slash = text.indexOf(u'/');
    const QString address = slash < 0 ? text : text.left(slash);
    // QHostAddress also reads shorthand forms ("10.1"); Python does not, so insist on the full form.
    QHostAddress host;
    if (!host.setAddress(address) ||
        (host.protocol() == QAbstractSocket::IPv4Protocol && address.count(u'.') != 3))
        return QStringLiteral("'%1' is not an IP address").arg(address);
    if (slash >= 0 && QHostAddress::parseSubnet(text).second < 0)
        return QStringLiteral("'%1' is not an IP address with a prefix length or netmask").arg(text);
    return {};
}

// "192.0.2.0/24" and the like (Python's ip_network, strict: no host bits set).
QString ipNetworkProblem(const QString &text) {
    if (const QString problem = ipHostProblem(text); !problem.isEmpty())
        return QStringLiteral("'%1' is not an IP network").arg(text);
    const qsizetype slash = text.indexOf(u'/');
    if (slash < 0)
        return {}; // a single address is a /32 or /128 network
    const QHostAddress address(text.left(slash));
    const QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(text);
    if (subnet.first != address)
        return QStringLiteral("'%1' has host bits set (the network is %2/%3)")
            .arg(text, subnet.first.toString())
            .arg(subnet.second);
    return {};
}

bool isMacAddress(const QString &text) {
    static const QRegularExpression mac(QStringLiteral("^(?:[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\\1){4}[0-"
                                                       "9A-Fa-f]{2}|(?:[0-9A-Fa-f]{4}\\.){2}[0-9A-Fa-f]{4}|"
                                                       "[0-9A-Fa-f]{12})$"));
    return mac.match(text).hasMatch();
}

bool isIsoDateTime(const QString &text) {
    return QDateTime::fromString(text, Qt::ISODateWithMs).isValid() ||
           QDateTime::fromString(text, Qt::ISODate).isValid();
}

QString choicesText(const QStringList &names) {
    QStringList quoted;
    for (const QString &n : names)
        quoted.append(QLatin1Char('\'') + n + QLatin1Char('\''));
    return quoted.join(QStringLiteral(", "));
}

QString textProblem(const AttributeSchema &a, const QString &text) {
    if (a.kind == u"Dropdown" && !a.choices.isEmpty() && !a.choice(text)) {
        QStringList names;
        for (const DropdownChoice &c : a.choices)
            names.append(c.name);
        return QStringLiteral("'%1' is not one of the choices %2").arg(text, choicesText(names));
    }
    if (!a.enumValues.isEmpty() && !a.enumValues.contains(text))
        return QStringLiteral("'%1' is not one of %2").arg(text, choicesText(a.enumValues));
    if (a.kind == u"IPHost") {
        if (const QString problem = ipHostProblem(text); !problem.isEmpty())
            return problem;
    } else if (a.kind == u"IPNetwork") {
        if (const QString problem = ipNetworkProblem(text); !problem.isEmpty())
            return problem;
    } else if (a.kind == u"MacAddress" && !isMacAddress(text)) {
        return QStringLiteral("'%1' is not a MAC address").arg(text);
    } else if (a.kind == u"DateTime" && !isIsoDateTime(text)) {
        return QStringLiteral("'%1' is not an ISO 8601 date and time").arg(text);
    }

    // Python counts code points, not UTF-16 units.
    const qsizetype length = text.toUcs4().size();
    if (a.minLength && length < *a.minLength)
        return QStringLiteral("must have at least %1 characters").arg(*a.minLength);
    if (a.maxLength && *a.maxLength > 0 && length > *a.maxLength)
        return QStringLiteral("must have at most %1 characters").arg(*a.maxLength);
    if (!a.regex.isEmpty()) {
        const QRegularExpression re(a.regex);
        // A pattern Qt cannot read is left to the server rather than refusing every value.
        if (re.isValid() &&
            !re.match(text, 0, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption)
                 .hasMatch())
            return QStringLiteral("'%1' does not match the pattern %2").arg(text, a.regex);
    }
    return {};
}

} // namespace

QString validateAttributeValue(const AttributeSchema &a, const QJsonValue &value) {
    if (value.isNull() || value.isUndefined())
        return a.optional ? QString() : QStringLiteral("a value is required");
    if (isOneOf(a.kind, {u"Number", u"NumberPool", u"Bandwidth"})) {
        if (!integralValue(value))
            return QStringLiteral("expected a whole number");
        return {};
    }
    if (isOneOf(a.kind, {u"Boolean", u"Checkbox"}))
        return value.isBool() ? QString() : QStringLiteral("expected true or false");
    if (isOneOf(a.kind, {u"JSON", u"Any"}))
        return {};
    if (a.kind == u"List")
        return value.isArray() ? QString() : QStringLiteral("expected a list");
    // Every other kind (Text, TextArea, Dropdown, IPHost, IPNetwork, DateTime, URL, Email, ...) holds text.
    if (!value.isString())
        return QStringLiteral("expected text");
    return textProblem(a, value.toString());
}

} // namespace infrahub
