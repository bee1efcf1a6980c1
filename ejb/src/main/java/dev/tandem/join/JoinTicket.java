package dev.tandem.join;

import java.time.Instant;

/**
 * What a join ticket asserts: this agent ({@code subject}) may join this session (by its stored
 * reference) with these privileges; issued at this instant under server key {@code keyId}. The
 * ticket id makes each ticket single-use.
 */
public record JoinTicket(String ticketId, String sessionRef, String subject, String privileges, Instant issuedAt, int keyId) {

    /** Every agent may view; {@code privileges} is a comma list of these three, {@link #VIEW} first. */
    public static final String VIEW = "view";
    /** The agent's pointer and click highlights appear on the visitor's page. */
    public static final String POINTER = "pointer";
    /** The agent may ask the visitor for control of the page (docs/security.md, agent guidance). */
    public static final String WRITE = "write";
}
