package dev.tandem.join;

import java.time.Instant;

/**
 * What a join ticket asserts: this agent ({@code subject}) may join this session (by its stored
 * reference) with these privileges; issued at this instant under server key {@code keyId}. The
 * ticket id makes each ticket single-use.
 */
public record JoinTicket(String ticketId, String sessionRef, String subject, String privileges, Instant issuedAt, int keyId) {

    /** The only privilege so far; pointer and control come later. */
    public static final String VIEW = "view";
}
