package dev.tandem.web.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every way a bearer token must be refused, and the one way it is accepted. */
class AccessTokenVerifierTest {

    private static final String ISSUER = "https://idp.example/realms/tandem";
    private static final String AUDIENCE = "tandem-api";

    private static RSAKey rsa;
    private static ECKey ec;
    private static RSAKey stranger;
    private static AccessTokenVerifier verifier;

    @BeforeAll
    static void keys() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        verifier = new AccessTokenVerifier(new ImmutableJWKSet<>(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()))),
                ISSUER, AUDIENCE, List.of("client_id", "azp"), List.of("scope", "scp"), Duration.ofHours(1));
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("svc")
                .claim("client_id", "siem").claim("scope", "cobrowse.agents.revoke cobrowse.sessions.read")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String rs256(RSAKey key, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                change.apply(claims()).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static void refused(String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(AccessTokenVerifier.Refused.class)
                .satisfies(e -> assertThat(((AccessTokenVerifier.Refused) e).reason()).isEqualTo(reason));
    }

    @Test
    void aGoodTokenGivesItsClientAndScopes() throws Exception {
        AccessTokenVerifier.Verified v = verifier.verify(rs256(rsa, b -> b));
        assertThat(v.clientId()).isEqualTo("siem");
        assertThat(v.scopes()).containsExactly("cobrowse.agents.revoke", "cobrowse.sessions.read");
    }

    @Test
    void es256AndAListOfScopesAreAccepted() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(),
                claims().claim("scope", null).claim("scp", List.of("cobrowse.audit.read")).build());
        jwt.sign(new ECDSASigner(ec));
        assertThat(verifier.verify(jwt.serialize()).scopes()).containsExactly("cobrowse.audit.read");
    }

    @Test
    void expired() throws Exception {
        Instant past = Instant.now().minusSeconds(600);
        refused(rs256(rsa, b -> b.issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(300)))), "expired");
    }

    @Test
    void wrongAudience() throws Exception {
        refused(rs256(rsa, b -> b.audience("tandem")), "wrong_audience");
    }

    @Test
    void wrongIssuer() throws Exception {
        refused(rs256(rsa, b -> b.issuer("https://evil.example/realms/tandem")), "wrong_issuer");
    }

    @Test
    void noExpiry() throws Exception {
        refused(rs256(rsa, b -> b.expirationTime(null)), "missing_claims");
    }

    @Test
    void tooLongLived() throws Exception {
        Instant now = Instant.now();
        refused(rs256(rsa, b -> b.expirationTime(Date.from(now.plus(Duration.ofDays(30))))), "lifetime_too_long");
    }

    @Test
    void algNone() {
        refused(new PlainJWT(claims().build()).serialize(), "unsigned");
    }

    @Test
    void hs256SignedWithThePublicKey() throws Exception {
        byte[] secret = rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), claims().build());
        jwt.sign(new MACSigner(secret));
        refused(jwt.serialize(), "algorithm_or_key_refused");
    }

    @Test
    void signedByAnotherKeyWithTheSameKeyId() throws Exception {
        refused(rs256(stranger, b -> b), "bad_signature");
    }

    @Test
    void tampered() throws Exception {
        String[] parts = rs256(rsa, b -> b).split("\\.");
        String payload = Base64URL.encode(claims().claim("scope", "cobrowse.groups.write").build().toString()).toString();
        refused(parts[0] + "." + payload + "." + parts[2], "bad_signature");
    }

    @Test
    void withoutAClientId() throws Exception {
        refused(rs256(rsa, b -> b.claim("client_id", null)), "no_client_id");
    }

    @Test
    void garbage() {
        refused("not-a-token", "malformed");
        refused("", "malformed");
    }
}
