package org.tegami.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.tegami.store.ScramHash;
import org.tegami.store.ScramKeys;

/**
 * The server side of one SCRAM authentication (RFC 5802 §5, §7 grammar). The client's proof is checked
 * against the stored keys with the same work whether the user exists, the password is wrong or right, and
 * the outcome of every check is combined only at the end, with a constant-time comparison; a failure is
 * always the same {@link SaslStep.Failure}.
 */
final class ScramExchange implements SaslExchange {

    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    /** RFC 5802 §5.1: the server adds its own fresh random part to the client's nonce. */
    private static final int SERVER_NONCE_BYTES = 24;

    private enum Stage { CLIENT_FIRST, CLIENT_FINAL, CLIENT_ACK, DONE }

    private final ScramHash hash;
    private final boolean plus;
    private final ChannelBindings bindings;
    private final ScramAccounts accounts;
    private final SecureRandom random;

    private Stage stage = Stage.CLIENT_FIRST;
    private String gs2Header;
    private byte[] cbindData;
    private boolean authzidMatches;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private ScramAccounts.Found found;
    /** For the log only: the user name the client gave (once known) and why the exchange failed. */
    private String userName;
    private String failureDetail = "malformed exchange";

    ScramExchange(ScramHash hash, boolean plus, ChannelBindings bindings, ScramAccounts accounts,
                  SecureRandom random) {
        this.hash = hash;
        this.plus = plus;
        this.bindings = bindings;
        this.accounts = accounts;
        this.random = random;
    }

    @Override
    public SaslStep evaluate(byte[] response) {
        return switch (stage) {
            case CLIENT_FIRST -> response == null
                    // RFC 4422 §5: without an initial response the server sends an empty challenge.
                    ? new SaslStep.Challenge(new byte[0]) : clientFirst(text(response));
            case CLIENT_FINAL -> response == null ? malformed("client-final-message expected")
                    : clientFinal(text(response));
            case CLIENT_ACK -> {
                stage = Stage.DONE;
                // RFC 4422 §5 (IMAP and SMTP have no additional data with success): after the server's
                // verifier in a challenge, the client answers with an empty response.
                yield response == null || response.length != 0 ? malformed("empty response expected")
                        : new SaslStep.Success(found.account().orElseThrow());
            }
            case DONE -> malformed("the exchange is over");
        };
    }

    private SaslStep clientFirst(String message) {
        stage = Stage.DONE;
        // RFC 5802 §7: gs2-header = gs2-cbind-flag "," [ authzid ] ","
        int first = message.indexOf(',');
        int second = first < 0 ? -1 : message.indexOf(',', first + 1);
        if (second < 0) {
            return malformed("gs2 header expected");
        }
        String flag = message.substring(0, first);
        String authzid = message.substring(first + 1, second);
        gs2Header = message.substring(0, second + 1);
        clientFirstBare = message.substring(second + 1);
        if (clientFirstBare.startsWith("n=")) {
            int end = clientFirstBare.indexOf(',');
            userName = saslName(clientFirstBare.substring(2, end < 0 ? clientFirstBare.length() : end)).orElse(null);
        }

        // RFC 5802 §6: which channel-binding flag each mechanism accepts.
        boolean bindingAcceptable;
        if (flag.startsWith("p=")) {
            Optional<byte[]> data = plus ? bindings.data(flag.substring(2)) : Optional.empty();
            // A "p" on a mechanism without -PLUS, or a type this connection cannot bind to, fails.
            bindingAcceptable = data.isPresent();
            cbindData = data.orElse(new byte[0]);
        } else if (flag.equals("n")) {
            // The client does not support channel binding; only the non-PLUS mechanism accepts that.
            bindingAcceptable = !plus;
            cbindData = new byte[0];
        } else if (flag.equals("y")) {
            // The client supports channel binding but believes the server does not. If the server did
            // advertise -PLUS here, someone removed it on the way: a downgrade, refused.
            bindingAcceptable = !plus && bindings.isEmpty();
            cbindData = new byte[0];
        } else {
            return malformed("gs2-cbind-flag must be n, y or p=");
        }
        if (!bindingAcceptable) {
            failureDetail = "channel-binding flag " + (flag.startsWith("p=") ? "p" : flag) + " not acceptable for "
                    + (plus ? "a -PLUS mechanism" : "a mechanism without -PLUS");
            return new SaslStep.Failure();
        }

        // client-first-message-bare = [reserved-mext ","] username "," nonce ["," extensions]
        if (clientFirstBare.startsWith("m=")) {
            // RFC 5802 §5.1: a mandatory extension this server does not know.
            failureDetail = "unknown mandatory extension";
            return new SaslStep.Failure();
        }
        String[] attributes = clientFirstBare.split(",", -1);
        if (attributes.length < 2 || !attributes[0].startsWith("n=") || !attributes[1].startsWith("r=")) {
            return malformed("n= and r= expected");
        }
        Optional<String> userName = saslName(attributes[0].substring(2));
        String clientNonce = attributes[1].substring(2);
        if (userName.isEmpty() || userName.get().isEmpty() || !printable(clientNonce)) {
            return malformed("invalid user name or nonce");
        }
        if (authzid.isEmpty()) {
            authzidMatches = true;
        } else {
            // No proxy authorization: an authzid, when given, must name the authenticating user itself.
            Optional<String> authz = authzid.startsWith("a=") ? saslName(authzid.substring(2)) : Optional.empty();
            if (authz.isEmpty()) {
                return malformed("invalid authzid");
            }
            authzidMatches = authz.get().trim().equalsIgnoreCase(userName.get().trim());
        }

        found = accounts.find(userName.get(), hash);
        byte[] serverNonce = new byte[SERVER_NONCE_BYTES];
        random.nextBytes(serverNonce);
        nonce = clientNonce + B64.encodeToString(serverNonce);
        ScramKeys keys = found.keys();
        // RFC 5802 §5.1 server-first-message = [reserved-mext ","] nonce "," salt "," iteration-count
        serverFirst = "r=" + nonce + ",s=" + B64.encodeToString(keys.salt()) + ",i=" + keys.iterations();
        stage = Stage.CLIENT_FINAL;
        return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    private SaslStep clientFinal(String message) {
        stage = Stage.DONE;
        // client-final-message = channel-binding "," nonce ["," extensions] "," proof; the proof comes last.
        int proofAt = message.lastIndexOf(",p=");
        if (!message.startsWith("c=") || proofAt < 0) {
            return malformed("c= and p= expected");
        }
        String withoutProof = message.substring(0, proofAt);
        String[] attributes = withoutProof.split(",", -1);
        if (attributes.length < 2 || !attributes[1].startsWith("r=")) {
            return malformed("r= expected");
        }
        byte[] channelBinding;
        byte[] proof;
        try {
            channelBinding = B64D.decode(attributes[0].substring(2));
            proof = B64D.decode(message.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            return malformed("invalid base64");
        }
        if (proof.length != hash.length()) {
            return malformed("the proof has the wrong length");
        }

        // RFC 5802 §6: c= is the base64 of the gs2 header followed by the channel-binding data (none for n/y).
        byte[] header = gs2Header.getBytes(StandardCharsets.UTF_8);
        byte[] expectedBinding = new byte[header.length + cbindData.length];
        System.arraycopy(header, 0, expectedBinding, 0, header.length);
        System.arraycopy(cbindData, 0, expectedBinding, header.length, cbindData.length);
        boolean bindingMatches = MessageDigest.isEqual(channelBinding, expectedBinding);
        boolean nonceMatches = MessageDigest.isEqual(attributes[1].substring(2).getBytes(StandardCharsets.UTF_8),
                nonce.getBytes(StandardCharsets.UTF_8));

        // RFC 5802 §3: AuthMessage, ClientSignature, ClientKey := ClientProof XOR ClientSignature, and the
        // check H(ClientKey) == StoredKey, always computed, also for a decoy.
        ScramKeys keys = found.keys();
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        byte[] clientSignature = ScramFunctions.hmac(hash, keys.storedKey(), authMessage);
        byte[] clientKey = ScramFunctions.xor(proof, clientSignature);
        boolean proofMatches = MessageDigest.isEqual(ScramFunctions.h(hash, clientKey), keys.storedKey());
        byte[] serverSignature = ScramFunctions.hmac(hash, keys.serverKey(), authMessage);

        boolean ok = proofMatches & bindingMatches & nonceMatches & authzidMatches & found.account().isPresent();
        if (!ok) {
            // Only for the log, after every check has been made.
            failureDetail = found.account().isEmpty() ? found.detail()
                    : !bindingMatches ? "channel binding does not match"
                    : !nonceMatches ? "nonce does not match"
                    : !authzidMatches ? "authorization identity is another user"
                    : "wrong password";
            return new SaslStep.Failure();
        }
        stage = Stage.CLIENT_ACK;
        // RFC 5802 §5.1 server-final-message = verifier
        return new SaslStep.Challenge(("v=" + B64.encodeToString(serverSignature)).getBytes(StandardCharsets.UTF_8));
    }

    /** The user name the client gave, once its first message named one (for the log). */
    Optional<String> userName() {
        return Optional.ofNullable(userName);
    }

    /** Why the exchange failed, for the log: never a secret. */
    String failureDetail() {
        return failureDetail;
    }

    /** The account the exchange authenticated, and with what, for the log. */
    String successDetail() {
        return found.detail();
    }

    /** RFC 5802 §5.1 saslname: "=2C" and "=3D" stand for "," and "="; any other "=" is invalid. */
    static Optional<String> saslName(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',') {
                return Optional.empty();
            }
            if (c == '=') {
                if (value.startsWith("=2C", i)) {
                    sb.append(',');
                } else if (value.startsWith("=3D", i)) {
                    sb.append('=');
                } else {
                    return Optional.empty();
                }
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return Optional.of(sb.toString());
    }

    /** RFC 5802 §7: printable = %x21-2B / %x2D-7E (no comma). */
    private static boolean printable(String nonce) {
        if (nonce.isEmpty()) {
            return false;
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ',') {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] response) {
        return new String(response, StandardCharsets.UTF_8);
    }

    private static SaslStep malformed(String reason) {
        return new SaslStep.Malformed("SCRAM: " + reason);
    }
}
