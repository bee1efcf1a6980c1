package dev.tandem.join;

import dev.tandem.cluster.ClusterRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What has been voided before it ran out, and when: an agent revoked by an administrator (every
 * sign-in and pass before that instant), an agent who signed out (every pass before that instant),
 * a single pass whose agent left. Written to {@code agent_revocation} (so that it survives a restart
 * of every node) and kept in memory for the checks; {@link #refresh} reads what other nodes wrote
 * (the cluster sync calls it every few seconds, and the viewer gate then closes what it voids).
 */
@ApplicationScoped
public class Revocations {

    /** How long a revocation or sign-out is kept: longer than any sign-in or refreshed pass stays good. */
    static final Duration SIGN_IN_REVOCATION_KEPT = Duration.ofDays(2);

    private final Map<String, Instant> signInsRevoked = new ConcurrentHashMap<>();
    private final Map<String, Instant> passesVoided = new ConcurrentHashMap<>();
    private final Map<String, Instant> leftPasses = new ConcurrentHashMap<>();
    private final AtomicLong lastSeenId = new AtomicLong();

    @Inject
    ClusterRecords records;

    @Inject
    @ConfigProperty(name = "tandem.node-name", defaultValue = "local")
    String node;

    /** An administrator revoked the agent: sign-ins and passes made until {@code at} are void. */
    public void revoke(String subject, Instant at) {
        records.addRevocation("REVOKED", subject, null, at, at.plus(SIGN_IN_REVOCATION_KEPT), node);
        revokedLocally(subject, at);
    }

    /** The agent signed out: passes issued until {@code at} are void (other sign-ins stay). */
    public void voidPasses(String subject, Instant at) {
        records.addRevocation("SIGNED_OUT", subject, null, at, at.plus(SIGN_IN_REVOCATION_KEPT), node);
        passesVoided.merge(subject, at, Revocations::later);
    }

    /** The agent left with this pass: it is void until it would have expired anyway. */
    public void voidPass(String passId, Instant expiresAt, Instant now) {
        leftPasses.values().removeIf(until -> until.isBefore(now));
        leftPasses.put(passId, expiresAt);
        records.addRevocation("PASS_LEFT", "-", passId, now, expiresAt.isAfter(now) ? expiresAt : now.plusSeconds(1), node);
    }

    /**
     * Reads the revocations written since the last call (by any node, this one too); returns how many
     * were new. The first call reads every one still in force (after a restart of every node too).
     */
    public int refresh(Instant now) {
        int fresh = 0;
        for (ClusterRecords.Revocation r : records.revocationsAfter(lastSeenId.get(), now)) {
            switch (r.kind()) {
                case "REVOKED" -> revokedLocally(r.subject(), r.voidedAt());
                case "SIGNED_OUT" -> passesVoided.merge(r.subject(), r.voidedAt(), Revocations::later);
                default -> leftPasses.merge(r.passId(), r.keepUntil(), Revocations::later);
            }
            lastSeenId.accumulateAndGet(r.id(), Math::max);
            fresh++;
        }
        leftPasses.values().removeIf(until -> until.isBefore(now));
        return fresh;
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

    private void revokedLocally(String subject, Instant at) {
        signInsRevoked.merge(subject, at, Revocations::later);
        passesVoided.merge(subject, at, Revocations::later);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
