package dev.tandem.join;

import java.time.Instant;
import java.util.List;

/**
 * The signed-in agent as the container's OpenID Connect sign-in established them: stable subject,
 * display name, co-browse groups (from the configured claim) and when they signed in (a revocation
 * after that instant invalidates the sign-in).
 */
public record AgentIdentity(String subject, String displayName, List<String> groups, Instant signedInAt) {

    public AgentIdentity {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
