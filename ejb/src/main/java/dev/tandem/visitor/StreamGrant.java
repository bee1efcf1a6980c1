package dev.tandem.visitor;

import dev.tandem.group.PiiPolicy;
import java.util.List;

/**
 * A visitor stream the rules allowed: which session, which group, how many agents may view it,
 * and what the PII tripwire does for the group (its policy and its own patterns, unchecked).
 */
public record StreamGrant(String sessionRef, String groupId, int maxAgents, PiiPolicy piiPolicy, List<String> piiPatterns) {

    public StreamGrant {
        piiPatterns = List.copyOf(piiPatterns);
    }
}
