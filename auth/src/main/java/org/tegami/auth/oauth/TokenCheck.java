package org.tegami.auth.oauth;

import java.util.Optional;

/** Validates one bearer token for one issuer. */
interface TokenCheck {

    /** The issuer this check trusts. */
    OAuthIssuer issuer();

    /** The value of the issuer's account claim when the token is valid; empty when it is not. */
    Optional<String> principal(String token);
}
