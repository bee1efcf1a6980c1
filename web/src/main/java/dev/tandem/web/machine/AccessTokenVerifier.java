package dev.tandem.web.machine;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a machine client's bearer access token with Nimbus JOSE+JWT: signed (never {@code alg:
 * none}, never an HMAC) with one of the asymmetric algorithms allowed, by a key of the identity
 * provider's JWKS; issued by exactly the configured issuer, for the configured audience; with an
 * expiry and issue time, not expired (60 s clock skew) and not longer-lived than allowed. Returns
 * the client id and scopes the token names. A plain class, so the rules are tested without a server.
 */
public final class AccessTokenVerifier {

    /** Asymmetric signatures only: HS* would let anyone holding the public key sign tokens. */
    static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final List<String> clientIdClaims;
    private final List<String> scopeClaims;
    private final Duration maxLifetime;

    public AccessTokenVerifier(JWKSource<SecurityContext> keys, String issuer, String audience, List<String> clientIdClaims,
            List<String> scopeClaims, Duration maxLifetime) {
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALLOWED, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "iat")));
        this.clientIdClaims = List.copyOf(clientIdClaims);
        this.scopeClaims = List.copyOf(scopeClaims);
        this.maxLifetime = maxLifetime;
    }

    /** What a verified token says. */
    public record Verified(String clientId, Set<String> scopes) {
    }

    /** A token that must be refused, with a short reason for the audit log (never the token). */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reason;
        private final boolean keysUnavailable;

        Refused(String reason, boolean keysUnavailable) {
            super(reason, null, false, false);
            this.reason = reason;
            this.keysUnavailable = keysUnavailable;
        }

        static Refused unavailable() {
            return new Refused("keys_unavailable", true);
        }

        public String reason() {
            return reason;
        }

        /** True if the identity provider's keys could not be fetched: the token may be fine. */
        public boolean keysUnavailable() {
            return keysUnavailable;
        }
    }

    public Verified verify(String token) throws Refused {
        if (token == null || token.isEmpty() || token.length() > 16_384) {
            throw new Refused("malformed", false);
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (KeySourceException e) {
            throw new Refused("keys_unavailable", true);
        } catch (ParseException e) {
            throw new Refused("malformed", false);
        } catch (BadJOSEException e) {
            throw new Refused(reasonOf(e), false);
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new Refused("bad_signature", false);
        }
        if (Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()).compareTo(maxLifetime) > 0) {
            throw new Refused("lifetime_too_long", false);
        }
        String clientId = firstString(claims, clientIdClaims);
        if (clientId == null) {
            throw new Refused("no_client_id", false);
        }
        return new Verified(clientId, scopes(claims));
    }

    /** Nimbus says why in its message; only a few fixed words reach the audit log. */
    private static String reasonOf(BadJOSEException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("expired")) {
            return "expired";
        }
        if (message.contains("missing required")) {
            return "missing_claims";
        }
        if (message.contains("aud claim") || message.contains("audience")) {
            return "wrong_audience";
        }
        if (message.contains("iss claim")) {
            return "wrong_issuer";
        }
        if (message.contains("plain") || message.contains("unsecured")) {
            return "unsigned";
        }
        if (message.contains("algorithm") || message.contains("no matching key")) {
            return "algorithm_or_key_refused";
        }
        if (message.contains("signature")) {
            return "bad_signature";
        }
        if (message.contains("type")) {
            return "wrong_type";
        }
        return "invalid";
    }

    private static String firstString(JWTClaimsSet claims, List<String> names) {
        for (String name : names) {
            Object value = claims.getClaim(name);
            if (value instanceof String s && !s.isBlank() && s.length() <= 255) {
                return s;
            }
        }
        return null;
    }

    /** Scopes as a space-separated string ({@code scope}) or a list ({@code scp}, {@code roles}). */
    private Set<String> scopes(JWTClaimsSet claims) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String name : scopeClaims) {
            scopes.addAll(scopesOf(claims.getClaim(name)));
        }
        return scopes;
    }

    static Set<String> scopesOf(Object value) {
        Set<String> scopes = new LinkedHashSet<>();
        if (value instanceof String s) {
            Arrays.stream(s.split(" ")).filter(x -> !x.isEmpty()).forEach(scopes::add);
        } else if (value instanceof Collection<?> list) {
            list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(scopes::add);
        }
        return scopes;
    }
}
