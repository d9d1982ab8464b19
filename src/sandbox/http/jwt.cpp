// Jwt: base64url encoding, HMAC-SHA256 via QMessageAuthenticationCode, claim time checks.
#include "jwt.h"

#include "secureequals.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>

namespace infrahub::sandbox {

namespace {

constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray encodePart(const QJsonObject &object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toBase64(kBase64Url);
}

bool decodePart(QByteArrayView part, QJsonObject *object) {
    const auto decoded = QByteArray::fromBase64Encoding(
        part.toByteArray(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return false;
    *object = document.object();
    return true;
}

QByteArray signature(QByteArrayView signingInput, QByteArrayView secret) {
    return QMessageAuthenticationCode::hash(signingInput.toByteArray(), secret.toByteArray(),
                                            QCryptographicHash::Sha256);
}

} // namespace

QByteArray Jwt::sign(const QJsonObject &claims, QByteArrayView secret) {
    static const QByteArray header = encodePart(QJsonObject{{QStringLiteral("alg"), QStringLiteral("HS256")},
                                                            {QStringLiteral("typ"), QStringLiteral("JWT")}});
    QByteArray token = header;
    token.append('.').append(encodePart(claims));
    const QByteArray mac = signature(token, secret);
    token.append('.').append(mac.toBase64(kBase64Url));
    return token;
}

Jwt::Verified Jwt::verify(QByteArrayView token, QByteArrayView secret, qint64 nowSeconds) {
    Verified result;
    const qsizetype firstDot = token.indexOf('.');
    const qsizetype lastDot = token.lastIndexOf('.');
    if (firstDot <= 0 || lastDot == firstDot || lastDot == token.size() - 1 ||
        token.sliced(firstDot + 1, lastDot - firstDot - 1).contains('.'))
        return result;

    QJsonObject header;
    if (!decodePart(token.first(firstDot), &header) ||
        header.value(QStringLiteral("alg")).toString() != QStringLiteral("HS256"))
        return result;

    const auto givenSignature = QByteArray::fromBase64Encoding(token.sliced(lastDot + 1).toByteArray(),
                                                               QByteArray::Base64UrlEncoding |
                                                                   QByteArray::AbortOnBase64DecodingErrors);
    if (!givenSignature)
        return result;
    // The signature is checked before the claims are even parsed: nothing unsigned is trusted.
    if (!secureEquals(*givenSignature, signature(token.first(lastDot), secret))) {
        result.status = Status::BadSignature;
        return result;
    }

    QJsonObject claims;
    if (!decodePart(token.sliced(firstDot + 1, lastDot - firstDot - 1), &claims))
        return result;
    const QJsonValue exp = claims.value(QStringLiteral("exp"));
    const QJsonValue nbf = claims.value(QStringLiteral("nbf"));
    if ((!exp.isUndefined() && !exp.isDouble()) || (!nbf.isUndefined() && !nbf.isDouble()))
        return result;

    result.claims = claims;
    if (exp.isDouble() && exp.toDouble() <= static_cast<double>(nowSeconds))
        result.status = Status::Expired;
    else if (nbf.isDouble() && nbf.toDouble() > static_cast<double>(nowSeconds))
        result.status = Status::NotYetValid;
    else
        result.status = Status::Valid;
    return result;
}

} // namespace infrahub::sandbox
