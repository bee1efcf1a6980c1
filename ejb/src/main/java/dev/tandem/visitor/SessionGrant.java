package dev.tandem.visitor;

import dev.tandem.group.CobrowseGroup;
import java.time.Instant;

/** What a visitor receives for a started or resumed session: ids, the signed token and the group's settings. */
public record SessionGrant(String sessionId, String key, String token, CobrowseGroup group, Instant expiresAt) {
}
