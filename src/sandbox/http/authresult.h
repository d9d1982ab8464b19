// Outcome of checking a request's credentials (SandboxAuth::authenticate). The caller knows whether the
// request reads or writes and decides with mayRead()/mayWrite(); `error` is the ready-made answer.
#pragma once

#include "httpresponse.h"

#include <QString>

namespace infrahub::sandbox {

struct AuthResult {
    enum class State {
        Anonymous,     // no credentials at all
        Authenticated, // valid API token or access JWT
        Invalid,       // unknown API token, bad/forged/wrong-type JWT, deactivated account
        Expired,       // JWT past its exp (or expired by SandboxAuth::expireAllAccessTokens)
    };
    enum class Method { None, ApiToken, Jwt };

    State state = State::Anonymous;
    Method method = Method::None;
    QString account;   // account name when Authenticated
    QString accountId; // the JWT "sub"
    QString role;
    QString sessionId; // JWT logins only
    bool anonymousAllowed = true;
    // The 401 to send when the request may not proceed: "Invalid token" (or a more specific Infrahub
    // message), "Expired Signature", or for Anonymous "Authentication is required to perform this
    // operation". Empty (status 200) when Authenticated.
    HttpResponse error;

    bool isAuthenticated() const { return state == State::Authenticated; }
    // Reads are allowed to authenticated callers and, if the server allows it, to anonymous ones; bad
    // credentials fail even for reads (as in Infrahub, which validates a token before anything else).
    bool mayRead() const {
        return state == State::Authenticated || (state == State::Anonymous && anonymousAllowed);
    }
    bool mayWrite() const { return state == State::Authenticated; }
};

} // namespace infrahub::sandbox
