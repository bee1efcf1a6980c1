package dev.tandem.visitor;

import dev.tandem.session.EndReason;

/** Fired (as a CDI event) when a session ends, so that every agent connection to it can be closed. */
public record SessionEnded(String sessionRef, String groupId, EndReason reason) {
}
