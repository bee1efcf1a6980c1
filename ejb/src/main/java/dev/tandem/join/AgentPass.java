package dev.tandem.join;

import java.time.Instant;

/**
 * What the {@code __Host-tandem-agent} cookie asserts: this agent may view this session until
 * {@code expiresAt}, with the guidance {@code modes} the server granted (a comma list: {@code view},
 * maybe {@code pointer}, {@code write}; from the join ticket). {@code ipBinding} is a keyed hash of the client address when passes are bound
 * to it ({@code tandem.agent.bind-ip}), else empty. The pass id names this pass in the audit log.
 */
public record AgentPass(String passId, String sessionRef, String subject, String displayName, Instant issuedAt,
        Instant expiresAt, String ipBinding, String modes) {

    /** True if the server granted this mode ({@code view} always is). */
    public boolean grants(String mode) {
        return JoinTicket.VIEW.equals(mode) || (modes != null && java.util.Arrays.asList(modes.split(",")).contains(mode));
    }

    /** A copy with a new expiry (a refresh keeps everything else). */
    public AgentPass expiringAt(Instant newExpiry) {
        return new AgentPass(passId, sessionRef, subject, displayName, issuedAt, newExpiry, ipBinding, modes);
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
