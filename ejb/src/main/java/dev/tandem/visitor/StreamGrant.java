package dev.tandem.visitor;

/** A visitor stream the rules allowed: which session, which group, how many agents may view it. */
public record StreamGrant(String sessionRef, String groupId, int maxAgents) {
}
