package dev.tandem.join;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What has been voided before it ran out, and when: an agent revoked by an administrator (every
 * sign-in and pass before that instant), an agent who signed out (every pass before that instant),
 * a single pass whose agent left. In memory on this node; a restart voids every pass anyway.
 */
@ApplicationScoped
public class Revocations {

    private final Map<String, Instant> signInsRevoked = new ConcurrentHashMap<>();
    private final Map<String, Instant> passesVoided = new ConcurrentHashMap<>();
    private final Map<String, Instant> leftPasses = new ConcurrentHashMap<>();

    /** An administrator revoked the agent: sign-ins and passes made until {@code at} are void. */
    public void revoke(String subject, Instant at) {
        signInsRevoked.merge(subject, at, Revocations::later);
        voidPasses(subject, at);
    }

    /** The agent signed out: passes issued until {@code at} are void (other sign-ins stay). */
    public void voidPasses(String subject, Instant at) {
        passesVoided.merge(subject, at, Revocations::later);
    }

    /** The agent left with this pass: it is void until it would have expired anyway. */
    public void voidPass(String passId, Instant expiresAt, Instant now) {
        leftPasses.values().removeIf(until -> until.isBefore(now));
        leftPasses.put(passId, expiresAt);
    }

    /** True if a sign-in of this agent made at {@code signedInAt} predates a revocation. */
    public boolean isSignInRevoked(String subject, Instant signedInAt) {
        Instant at = signInsRevoked.get(subject);
        return at != null && !signedInAt.isAfter(at);
    }

    /** True if this pass was voided: left, or issued before a revocation or sign-out of its agent. */
    public boolean isVoid(AgentPass pass) {
        return isVoid(pass.passId(), pass.subject(), pass.issuedAt());
    }

    public boolean isVoid(String passId, String subject, Instant issuedAt) {
        if (leftPasses.containsKey(passId)) {
            return true;
        }
        Instant at = passesVoided.get(subject);
        return at != null && !issuedAt.isAfter(at);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
