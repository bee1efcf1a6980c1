package dev.tandem.presence;

import java.util.Objects;

/**
 * One agent viewing one session: the agent's stable subject (for audit and de-duplication) and the
 * display name the visitor is shown. A display name is text for the visitor, never markup.
 */
public record Viewer(String subject, String displayName) {

    private static final int MAX_NAME = 100;

    public Viewer {
        Objects.requireNonNull(subject, "subject");
        displayName = displayName == null || displayName.isBlank() ? subject
                : displayName.length() <= MAX_NAME ? displayName : displayName.substring(0, MAX_NAME);
    }
}
