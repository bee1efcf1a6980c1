package dev.tandem.visitor;

import java.time.Instant;

/** What a visitor token asserts: this session, of this group, started from this origin, valid until then. */
public record VisitorToken(String sessionId, String groupId, String origin, Instant expiresAt) {
}
