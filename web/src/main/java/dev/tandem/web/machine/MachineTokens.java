package dev.tandem.web.machine;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import dev.tandem.json.Jsons;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The machine API's token settings and the verifier built from them. The identity provider's keys
 * come from its JWKS ({@code tandem.api.jwks-uri}, or the {@code jwks_uri} of the issuer's OpenID
 * metadata), fetched when first needed, cached for {@code tandem.api.jwks-cache-seconds} and fetched
 * again when a token names a key not yet known (rate-limited by Nimbus), so that key rotation at the
 * provider needs no restart. Nothing is downloaded while the archive is built.
 */
@ApplicationScoped
public class MachineTokens {

    @Inject
    @ConfigProperty(name = "tandem.oidc.provider-uri", defaultValue = "http://localhost:8180/tandem")
    String providerUri;

    /** The issuer the tokens must name exactly; the agents' provider by default. */
    @Inject
    @ConfigProperty(name = "tandem.api.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "tandem.api.jwks-uri")
    Optional<String> jwksUri;

    /** The audience the tokens must name: Tandem's API, never the agents' sign-in client. */
    @Inject
    @ConfigProperty(name = "tandem.api.audience", defaultValue = "tandem-api")
    String audience;

    @Inject
    @ConfigProperty(name = "tandem.api.client-id-claims", defaultValue = "client_id,azp,appid")
    String clientIdClaims;

    @Inject
    @ConfigProperty(name = "tandem.api.scope-claims", defaultValue = "scope,scp")
    String scopeClaims;

    @Inject
    @ConfigProperty(name = "tandem.api.max-token-lifetime-seconds", defaultValue = "3600")
    long maxLifetimeSeconds;

    @Inject
    @ConfigProperty(name = "tandem.api.jwks-cache-seconds", defaultValue = "300")
    long jwksCacheSeconds;

    private volatile AccessTokenVerifier verifier;

    @PostConstruct
    void check() {
        if (audience.isBlank()) {
            throw new IllegalStateException("tandem.api.audience must not be empty");
        }
    }

    /** Verifies a bearer token; builds the verifier on first use (the provider may start after Tandem). */
    public AccessTokenVerifier.Verified verify(String token) throws AccessTokenVerifier.Refused {
        AccessTokenVerifier current = verifier;
        if (current == null) {
            current = build();
            verifier = current;
        }
        return current.verify(token);
    }

    private synchronized AccessTokenVerifier build() throws AccessTokenVerifier.Refused {
        if (verifier != null) {
            return verifier;
        }
        String iss = issuer.filter(s -> !s.isBlank()).orElse(providerUri);
        try {
            URL keys = URI.create(jwksUri.filter(s -> !s.isBlank()).orElseGet(() -> discoverJwksUri(iss))).toURL();
            JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(keys, new DefaultResourceRetriever(5000, 5000, 256 * 1024))
                    .cache(jwksCacheSeconds * 1000, 15_000)
                    .refreshAheadCache(false)
                    .retrying(true)
                    .build();
            return new AccessTokenVerifier(source, iss, audience, list(clientIdClaims), list(scopeClaims),
                    Duration.ofSeconds(maxLifetimeSeconds));
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw AccessTokenVerifier.Refused.unavailable();
        }
    }

    /** The provider's OpenID metadata names its JWKS; fetched with the same bounded retriever (no threads). */
    private static String discoverJwksUri(String issuer) {
        try {
            String body = new DefaultResourceRetriever(5000, 5000, 256 * 1024)
                    .retrieveResource(URI.create(issuer + "/.well-known/openid-configuration").toURL()).getContent();
            try (var reader = Jsons.READERS.createReader(new StringReader(body))) {
                JsonObject metadata = reader.readObject();
                return metadata.getString("jwks_uri");
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("no OpenID metadata at the issuer", e);
        }
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
