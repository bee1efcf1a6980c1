package dev.tandem.visitor;

import dev.tandem.json.Jsons;
import dev.tandem.nodes.SharedKeys;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies visitor tokens with HMAC-SHA256 under a 256-bit random key drawn when the
 * server starts ({@link SharedKeys}: in a cluster, drawn by the first node and shared with the
 * others). The key never leaves memory: not the database, not a log, not a response. A restart
 * invalidates every visitor token (in a cluster: a restart of every node), as it ends every live stream.
 *
 * <p>Format: {@code base64url(json) "." base64url(hmac("tandem-visitor-v1." + base64url(json)))}. The
 * signature covers the exact bytes that are parsed, so no two field sets share a signature.
 */
@Singleton
@Startup
public class VisitorTokenSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String CONTEXT = "tandem-visitor-v1.";
    private static final int MAX_TOKEN_LENGTH = 1024;

    private SecretKeySpec key;

    @Inject
    SharedKeys shared;

    @PostConstruct
    void generateKey() {
        // Drawn here on a single node; in a cluster, the one key every node shares.
        key = new SecretKeySpec(shared.secret("visitor-token"), ALGORITHM);
    }

    public String sign(VisitorToken token) {
        String payload = Jsons.BUILDERS.createObjectBuilder()
                .add("sid", token.sessionId())
                .add("gid", token.groupId())
                .add("org", token.origin())
                .add("exp", token.expiresAt().getEpochSecond())
                .build().toString();
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(encoded));
    }

    /** The token's claims if its signature is valid and it has not expired at {@code now}. */
    public Optional<VisitorToken> verify(String token, Instant now) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String encoded = token.substring(0, dot);
        byte[] presented;
        byte[] payload;
        try {
            presented = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            payload = Base64.getUrlDecoder().decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        // Re-encoding must give back exactly what was presented (no padding, alphabet or spare-bit
        // variants), for the payload and the signature alike: one token, one spelling.
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(payload).equals(encoded)
                || !Base64.getUrlEncoder().withoutPadding().encodeToString(presented).equals(token.substring(dot + 1))
                || !MessageDigest.isEqual(mac(encoded), presented)) {
            return Optional.empty();
        }
        try (var reader = Jsons.READERS.createReader(new StringReader(new String(payload, StandardCharsets.UTF_8)))) {
            JsonObject claims = reader.readObject();
            Instant expires = Instant.ofEpochSecond(claims.getJsonNumber("exp").longValueExact());
            if (!now.isBefore(expires)) {
                return Optional.empty();
            }
            return Optional.of(new VisitorToken(claims.getString("sid"), claims.getString("gid"), claims.getString("org"), expires));
        } catch (JsonException | ClassCastException | NullPointerException | ArithmeticException malformed) {
            return Optional.empty();
        }
    }

    private byte[] mac(String encodedPayload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal((CONTEXT + encodedPayload).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is required of every Java platform", e);
        }
    }
}
