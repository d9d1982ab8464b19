// JSON Web Tokens signed with HMAC-SHA256 (RFC 7519 / 7515, compact form), as Infrahub issues them for
// its access and refresh tokens. Only HS256 is produced or accepted: a token claiming any other
// algorithm (notably "none") is malformed here.
#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace infrahub::sandbox {

class Jwt {
public:
    enum class Status {
        Valid,
        Malformed, // not three base64url parts, bad JSON, wrong algorithm, non-numeric exp/nbf
        BadSignature,
        Expired,     // signature fine, exp <= now
        NotYetValid, // signature fine, nbf > now
    };

    struct Verified {
        Status status = Status::Malformed;
        QJsonObject claims; // filled for Valid, Expired and NotYetValid
    };

    static QByteArray sign(const QJsonObject &claims, QByteArrayView secret);
    // `nowSeconds` is Unix time; passing it in lets the auth layer shift its clock for tests.
    static Verified verify(QByteArrayView token, QByteArrayView secret, qint64 nowSeconds);
};

} // namespace infrahub::sandbox
