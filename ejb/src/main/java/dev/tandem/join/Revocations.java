package dev.tandem.join;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Agents revoked by an administrator (or an identity provider or SIEM acting as one), and when:
 * every agent pass issued and every sign-in made before that instant is invalid. In memory on this
 * node; a restart invalidates every pass anyway.
 */
@ApplicationScoped
public class Revocations {

    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    public void revoke(String subject, Instant at) {
        revoked.merge(subject, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** True if something of this agent's made at {@code issuedAt} predates a revocation. */
    public boolean isRevoked(String subject, Instant issuedAt) {
        Instant at = revoked.get(subject);
        return at != null && !issuedAt.isAfter(at);
    }
}
