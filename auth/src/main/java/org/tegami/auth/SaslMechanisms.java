package org.tegami.auth;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tegami.auth.oauth.BearerTokens;
import org.tegami.auth.oauth.OAuthBearerMechanism;
import org.tegami.auth.oauth.XOAuth2Mechanism;
import org.tegami.store.MailStore;
import org.tegami.store.ScramHash;

/**
 * The SASL mechanisms of the server, shared by IMAP AUTHENTICATE and SMTP AUTH: which ones a connection
 * is offered (for CAPABILITY and EHLO) and which one a client's choice names. Strongest first, in a
 * stable order: SCRAM-SHA-256-PLUS, SCRAM-SHA-256, SCRAM-SHA-1-PLUS, SCRAM-SHA-1, OAUTHBEARER and XOAUTH2
 * (only where OAuth issuers are configured), PLAIN, LOGIN.
 */
public final class SaslMechanisms {

    private final List<SaslMechanism> all;
    private final PasswordLogin passwords;

    /** Exactly these mechanisms, in this order, with {@code passwords} for IMAP LOGIN. */
    public SaslMechanisms(List<SaslMechanism> mechanisms, PasswordLogin passwords) {
        this.all = List.copyOf(mechanisms);
        this.passwords = passwords;
    }

    /**
     * The standard set on a store: SCRAM (with and without channel binding) against the store's SCRAM
     * credentials, then PLAIN and LOGIN, whose logins give accounts the SCRAM credentials they lack.
     * PLAIN, LOGIN and IMAP LOGIN accept the main password or an app password for the protocol; SCRAM only
     * the main password (its keys derive from nothing else), and not for an account that refuses it. All of
     * them log through {@code authenticator} and share its per-account delay.
     */
    public static SaslMechanisms standard(MailStore store, PasswordAuthenticator authenticator, SecureRandom random) {
        return standard(store, authenticator, random, Optional.empty());
    }

    /**
     * The standard set, plus OAUTHBEARER (RFC 7628) and XOAUTH2 when {@code bearerTokens} is given, that is when
     * at least one OAuth issuer is configured: without one they could not work, so they are not offered.
     */
    public static SaslMechanisms standard(MailStore store, PasswordAuthenticator authenticator, SecureRandom random,
                                          Optional<BearerTokens> bearerTokens) {
        ScramAccounts accounts = new ScramAccounts(store.accounts(), store.scram(), store.appPasswords());
        PasswordLogin passwords = new PasswordLogin(authenticator,
                new ScramEnrollment(store.scram(), new PasswordHasher(PasswordHasher.DEFAULT_COST, random), random));
        List<SaslMechanism> mechanisms = new ArrayList<>();
        for (ScramHash hash : List.of(ScramHash.SHA_256, ScramHash.SHA_1)) {
            mechanisms.add(new ScramMechanism(hash, true, accounts, authenticator, random));
            mechanisms.add(new ScramMechanism(hash, false, accounts, authenticator, random));
        }
        bearerTokens.ifPresent(tokens -> {
            mechanisms.add(new OAuthBearerMechanism(tokens));
            mechanisms.add(new XOAuth2Mechanism(tokens));
        });
        mechanisms.add(new PlainMechanism(passwords));
        mechanisms.add(new LoginMechanism(passwords));
        return new SaslMechanisms(mechanisms, passwords);
    }

    /** The mechanisms that work on this connection, in order. */
    public List<SaslMechanism> offered(SaslContext context) {
        return all.stream().filter(m -> m.offeredIn(context)).toList();
    }

    /** The names of {@link #offered}, in order. */
    public List<String> offeredNames(SaslContext context) {
        return offered(context).stream().map(SaslMechanism::name).toList();
    }

    /** The offered mechanism with this name (any case), if this connection offers it. */
    public Optional<SaslMechanism> find(String name, SaslContext context) {
        String upper = name.toUpperCase(Locale.ROOT);
        return all.stream().filter(m -> m.name().equals(upper) && m.offeredIn(context)).findFirst();
    }

    /** The password check PLAIN and LOGIN use, for IMAP's LOGIN command. */
    public PasswordLogin passwords() {
        return passwords;
    }
}
