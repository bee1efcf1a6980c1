package dev.tandem.join;

import java.time.Instant;

/**
 * What the {@code __Host-tandem-agent} cookie asserts: this agent may view this session until
 * {@code expiresAt}. {@code ipBinding} is a keyed hash of the client address when passes are bound
 * to it ({@code tandem.agent.bind-ip}), else empty. The pass id names this pass in the audit log.
 */
public record AgentPass(String passId, String sessionRef, String subject, String displayName, Instant issuedAt,
        Instant expiresAt, String ipBinding) {

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
